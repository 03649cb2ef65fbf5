import { z } from 'zod';

export type ReasonSeverity = 'reject' | 'review' | 'info';

/**
 * The catalogue of reason codes. Codes are stable: an origination system stores them
 * and shows the text to a loan officer. Lower `rank` means more important; `severity`
 * is the usual effect (blocklist matches take the list's or the policy's action).
 */
export const reasonCatalogue = {
  BLOCKLIST_ID_MATCH: {
    rank: 1,
    severity: 'reject',
    message: 'The applicant’s identity document number is on a blocklist.',
  },
  BLOCKLIST_NAME_MATCH: {
    rank: 2,
    severity: 'reject',
    message: 'The applicant’s name and details closely match a blocklist entry.',
  },
  BLOCKLIST_NAME_POSSIBLE: {
    rank: 5,
    severity: 'review',
    message: 'The applicant may match a blocklist entry; a person must check the hit.',
  },
  UNDERAGE: { rank: 10, severity: 'reject', message: 'The applicant is younger than the minimum age for credit.' },
  DTI_ABOVE_HARD_LIMIT: {
    rank: 20,
    severity: 'reject',
    message: 'Debt payments including this loan would exceed the maximum share of income.',
  },
  PD_ABOVE_REJECT: {
    rank: 25,
    severity: 'reject',
    message: 'The estimated probability of default is above the level the policy accepts.',
  },
  NO_INCOME: { rank: 30, severity: 'review', message: 'The applicant reports no income; affordability cannot be assessed.' },
  DTI_ABOVE_LIMIT: {
    rank: 40,
    severity: 'review',
    message: 'Debt payments including this loan exceed the share of income the policy accepts.',
  },
  PD_ABOVE_REVIEW: {
    rank: 45,
    severity: 'review',
    message: 'The estimated probability of default calls for a closer look.',
  },
  ANOMALOUS_PROFILE: {
    rank: 48,
    severity: 'review',
    message: 'The application is unlike the applications the risk model was trained on.',
  },
  AGE_AT_MATURITY_ABOVE_LIMIT: {
    rank: 50,
    severity: 'review',
    message: 'The applicant would be older than the policy allows when the loan matures.',
  },
  LOAN_AMOUNT_ABOVE_INCOME_MULTIPLE: {
    rank: 60,
    severity: 'review',
    message: 'The loan amount is large compared with the applicant’s income.',
  },
  RECENT_SERIOUS_DELINQUENCY: {
    rank: 70,
    severity: 'review',
    message: 'The credit history shows payments 90 or more days late.',
  },
  RISK_NOT_SCORED: {
    rank: 80,
    severity: 'review',
    message: 'No risk model could score this application.',
  },
  BLOCKLIST_NOT_CONFIGURED: {
    rank: 900,
    severity: 'info',
    message: 'No blocklist is loaded, so the applicant was not screened against any list.',
  },
  RISK_MODEL_NOT_CONFIGURED: {
    rank: 910,
    severity: 'info',
    message: 'No risk model is active, so no probability of default was computed.',
  },
  BLOCKLIST_HIT_SUPPRESSED: {
    rank: 920,
    severity: 'info',
    message: 'A blocklist hit was set aside: a reviewer established that the applicant is not the listed person.',
  },
  ALL_RULES_PASSED: {
    rank: 1000,
    severity: 'info',
    message: 'The application passed every rule the active policy applies.',
  },
} as const satisfies Record<string, { rank: number; severity: ReasonSeverity; message: string }>;

export type ReasonCode = keyof typeof reasonCatalogue;
export const reasonCodes = Object.keys(reasonCatalogue) as [ReasonCode, ...ReasonCode[]];

export interface Reason {
  code: ReasonCode;
  severity: ReasonSeverity;
  message: string;
  /** Where a model drove the reason: its top factors, in plain words. */
  factors?: string[];
}

export function reason(code: ReasonCode, severity?: ReasonSeverity, factors?: string[]): Reason {
  const entry = reasonCatalogue[code];
  return {
    code,
    severity: severity ?? entry.severity,
    message: entry.message,
    ...(factors && factors.length > 0 ? { factors } : {}),
  };
}

export const reasonCodeSchema = z
  .object({ code: z.enum(reasonCodes), rank: z.number().int(), severity: z.enum(['reject', 'review', 'info']), message: z.string() })
  .meta({ id: 'ReasonCode' });

/** The catalogue, most important first, for GET /v1/reason-codes. */
export function reasonCodeList() {
  return reasonCodes
    .map((code) => ({ code, ...reasonCatalogue[code] }))
    .sort((a, b) => a.rank - b.rank);
}

const severityRank: Record<ReasonSeverity, number> = { reject: 0, review: 1, info: 2 };

/**
 * Most important first: what drove the outcome (reject, then review), then information;
 * within a severity, by the policy's group order, then by the catalogue's rank.
 */
export function byImportance(reasons: Reason[], groupOf: (code: ReasonCode) => number = () => 0): Reason[] {
  return [...reasons].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      groupOf(a.code) - groupOf(b.code) ||
      reasonCatalogue[a.code].rank - reasonCatalogue[b.code].rank,
  );
}
