/**
 * The catalogue of reason codes. Codes are stable: an origination system stores them
 * and shows the text to a loan officer. Lower `rank` means more important.
 */
export const reasonCatalogue = {
  BLOCKLIST_MATCH: {
    rank: 1,
    severity: 'reject',
    message: 'The applicant strongly matches an entry on a list whose policy is to reject.',
  },
  BLOCKLIST_POSSIBLE_MATCH: {
    rank: 5,
    severity: 'review',
    message: 'The applicant may match a blocklist entry; a person must check the hit.',
  },
  UNDERAGE: {
    rank: 10,
    severity: 'reject',
    message: 'The applicant is younger than the minimum age for credit.',
  },
  DTI_ABOVE_HARD_LIMIT: {
    rank: 20,
    severity: 'reject',
    message: 'Debt payments including this loan would exceed the maximum share of income.',
  },
  NO_INCOME: {
    rank: 30,
    severity: 'review',
    message: 'The applicant reports no income; affordability cannot be assessed.',
  },
  DTI_ABOVE_LIMIT: {
    rank: 40,
    severity: 'review',
    message: 'Debt payments including this loan exceed the share of income the policy accepts.',
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
  ALL_RULES_PASSED: {
    rank: 1000,
    severity: 'info',
    message: 'The application passed every rule the active policy applies.',
  },
} as const satisfies Record<string, { rank: number; severity: ReasonSeverity; message: string }>;

export type ReasonSeverity = 'reject' | 'review' | 'info';
export type ReasonCode = keyof typeof reasonCatalogue;

export interface Reason {
  code: ReasonCode;
  severity: ReasonSeverity;
  message: string;
}

export function reason(code: ReasonCode): Reason {
  const entry = reasonCatalogue[code];
  return { code, severity: entry.severity, message: entry.message };
}

/** Most important first, so the first reason is the one to show. */
export function byImportance(reasons: Reason[]): Reason[] {
  return [...reasons].sort((a, b) => reasonCatalogue[a.code].rank - reasonCatalogue[b.code].rank);
}
