import type { LoanApplication } from '../screening/application.js';

/** The applicant fields that identify a person: encrypted at rest, never logged. */
export interface ApplicantPii {
  fullName: string;
  dateOfBirth: string;
  nationalId: LoanApplication['applicant']['nationalId'];
  phone?: string | undefined;
  email?: string | undefined;
  address?: LoanApplication['applicant']['address'] | undefined;
}

/** An application with the identifying fields taken out; what the decision log stores in clear. */
export type RedactedApplication = Omit<LoanApplication, 'applicant'> & {
  applicant: Omit<LoanApplication['applicant'], keyof ApplicantPii>;
};

export function splitPii(application: LoanApplication): { redacted: RedactedApplication; pii: ApplicantPii } {
  const { fullName, dateOfBirth, nationalId, phone, email, address, ...rest } = application.applicant;
  const pii: ApplicantPii = { fullName, dateOfBirth, nationalId };
  if (phone !== undefined) pii.phone = phone;
  if (email !== undefined) pii.email = email;
  if (address !== undefined) pii.address = address;
  return { redacted: { ...application, applicant: rest }, pii };
}

export function joinPii(redacted: RedactedApplication, pii: ApplicantPii): LoanApplication {
  const applicant = { ...redacted.applicant, ...pii };
  for (const key of ['phone', 'email', 'address'] as const) {
    if (applicant[key] === undefined) delete applicant[key];
  }
  return { ...redacted, applicant } as LoanApplication;
}

/**
 * The national ID as one canonical string for keyed hashing: issuing country, then the
 * number with spaces, dashes and dots removed, upper case. The document type is left out
 * so the same number sent as "CCCD" or "national_id" finds the same person.
 */
export function canonicalNationalId(id: { number: string; country: string }): string {
  return `${id.country.toUpperCase()}:${id.number.replace(/[\s.\-/]/g, '').toUpperCase()}`;
}
