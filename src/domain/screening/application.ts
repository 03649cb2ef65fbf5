import { z } from 'zod';
import { exampleApplication } from './example-application.js';

/**
 * Text that PostgreSQL can store and hash back exactly: well-formed Unicode (no lone
 * surrogates) and no control characters (jsonb rejects NUL).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => value.isWellFormed() && !/[\u0000-\u001f\u007f-\u009f]/.test(value), {
      message: 'must be well-formed text without control characters',
    });

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as VN');

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as VND');

/** A calendar date written YYYY-MM-DD that exists (no 2023-02-30). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    },
    // Only once the format is right, so a malformed date gets one error, not two.
    { message: 'must be a real calendar date', when: (payload) => payload.issues.length === 0 },
  );

const money = z.number().finite().min(0).max(1e15);
const count = z.number().int().min(0).max(1000);

export const nationalIdSchema = z.strictObject({
  type: text(32).describe('Kind of document, e.g. CCCD, CMND, PASSPORT, SSN, RIC'),
  number: text(64),
  country: countryCode.describe('Issuing country'),
});

export const addressSchema = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100).optional(),
  postalCode: text(20).optional(),
  country: countryCode,
});

export const applicantSchema = z.strictObject({
  fullName: text(200).describe('Name as written on the identity document, in any script'),
  dateOfBirth: calendarDate,
  nationalId: nationalIdSchema,
  nationality: countryCode,
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,24}$/, 'must be a phone number such as +84901234567')
    .optional(),
  email: z.email().max(254).optional(),
  address: addressSchema.optional(),
});

export const loanPurposes = [
  'consumer',
  'auto',
  'home_improvement',
  'education',
  'medical',
  'debt_consolidation',
  'business',
  'mortgage',
  'other',
] as const;

export const loanSchema = z.strictObject({
  amount: money.positive(),
  currency: currencyCode,
  termMonths: z.number().int().min(1).max(600),
  purpose: z.enum(loanPurposes),
});

export const employmentStatuses = [
  'employed',
  'self_employed',
  'unemployed',
  'retired',
  'student',
  'other',
] as const;

export const housingKinds = ['own', 'mortgage', 'rent', 'family', 'other'] as const;

export const financialsSchema = z.strictObject({
  monthlyIncome: money.describe('Gross monthly income in the loan currency'),
  employmentStatus: z.enum(employmentStatuses),
  employmentYears: z.number().finite().min(0).max(80),
  monthlyDebtPayments: money.describe('Existing monthly debt payments in the loan currency'),
  dependents: z.number().int().min(0).max(30),
  housing: z.enum(housingKinds),
});

export const creditHistorySchema = z.strictObject({
  openCreditLines: count,
  delinquencies30d: count,
  delinquencies60d: count,
  delinquencies90d: count.describe('Payments 90 or more days late'),
  revolvingUtilization: z
    .number()
    .finite()
    .min(0)
    .max(10)
    .describe('Revolving balance / revolving limit; above 1 when over the limit'),
  historyMonths: z.number().int().min(0).max(1200),
});

const attributeKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must be an identifier of at most 64 characters');

export const attributesSchema = z
  .record(attributeKey, z.union([z.number().finite(), text(256), z.boolean()]))
  .refine((value) => Object.keys(value).length <= 50, 'must have at most 50 attributes')
  .describe('Lender-specific features: numbers, strings or booleans');

export const loanApplicationSchema = z
  .strictObject({
    applicationId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits, . _ : -')
      .describe("The origination system's own id; retries must reuse it"),
    applicant: applicantSchema,
    loan: loanSchema,
    financials: financialsSchema,
    creditHistory: creditHistorySchema,
    attributes: attributesSchema.optional(),
  })
  .meta({ id: 'LoanApplication', examples: [exampleApplication] });

export type LoanApplication = z.infer<typeof loanApplicationSchema>;
