import type { LoanApplication } from './application.js';

/** Derived quantities the policy reasons about, computed once per application. */
export interface ApplicantFacts {
  /** Whole years of age on the decision date. */
  ageYears: number;
  /** Whole years of age when the last instalment falls due (decision date + term). */
  ageAtMaturityYears: number;
  /**
   * Back-end debt-to-income: (existing monthly debt payments + principal-only estimate of
   * this loan's instalment) / monthly income. Infinity when income is zero.
   */
  debtToIncome: number;
  /** Loan amount / (12 x monthly income). Infinity when income is zero. */
  loanToAnnualIncome: number;
}

export function ageInYears(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const beforeBirthday =
    on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** The same day of the month, `months` later (clamped to the month's last day). */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

export function applicantFacts(application: LoanApplication, on: Date): ApplicantFacts {
  const { loan, financials, applicant } = application;
  const ageYears = ageInYears(applicant.dateOfBirth, on);
  const instalment = loan.amount / loan.termMonths;
  const income = financials.monthlyIncome;
  return {
    ageYears,
    ageAtMaturityYears: ageInYears(applicant.dateOfBirth, addMonths(on, loan.termMonths)),
    debtToIncome: income > 0 ? (financials.monthlyDebtPayments + instalment) / income : Infinity,
    loanToAnnualIncome: income > 0 ? loan.amount / (12 * income) : Infinity,
  };
}
