import { z } from 'zod';
import { text } from '../screening/application.js';

/** What a strong hit on a list does to the application. */
export const listActions = ['reject', 'review'] as const;
export const listKinds = ['criminal_record', 'sanctions', 'fraud', 'pep', 'other'] as const;
export const entityTypes = ['person', 'company', 'vessel', 'aircraft', 'unknown'] as const;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: lists often know only part of a date of birth. */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

export const entryIdentifierSchema = z.object({
  type: text(64).describe('e.g. national_id, passport, CCCD, tax_id'),
  number: text(64),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('Issuing country, ISO 3166-1 alpha-2, when known'),
});
export type EntryIdentifier = z.infer<typeof entryIdentifierSchema>;

/**
 * One listed person or organisation as a list publishes it. `externalId` is the list's own
 * reference (OFAC ent_num, a row key): imports match entries across versions by it.
 */
export const blocklistEntryInputSchema = z
  .strictObject({
    externalId: text(128),
    fullName: text(350),
    aliases: z.array(text(350)).max(200).default([]),
    datesOfBirth: z.array(partialDate).max(20).default([]),
    identifiers: z.array(entryIdentifierSchema).max(50).default([]),
    nationalities: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))
      .max(20)
      .default([]),
    entityType: z.enum(entityTypes).default('person'),
    reason: text(1000).optional(),
    sourceReference: text(500).optional().describe('Where the listing comes from, e.g. a programme or URL'),
  })
  .meta({ id: 'BlocklistEntryInput' });

export type BlocklistEntryInput = z.input<typeof blocklistEntryInputSchema>;
export type BlocklistEntry = z.output<typeof blocklistEntryInputSchema>;

/** The applicant facts that screening compares with list entries. */
export interface ScreeningSubject {
  fullName: string;
  dateOfBirth?: string | undefined;
  nationalId?: { type: string; number: string; country?: string | undefined } | undefined;
  nationality?: string | undefined;
}
