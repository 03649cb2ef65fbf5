import { z } from 'zod';
import { text } from '../screening/application.js';
import { listActions, listKinds } from './entry.js';

/** Score thresholds a new list gets unless its owner sets others. */
export const defaultListThresholds = { strong: 0.92, review: 0.85 } as const;

const threshold = z.number().gt(0).max(1);

export const listSettingsSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1-64 lower-case letters, digits, . _ -')
      .describe('Stable name, e.g. ofac-sdn or internal-fraud'),
    kind: z.enum(listKinds),
    action: z.enum(listActions).describe('What a strong hit on this list does to the application'),
    strongThreshold: threshold.default(defaultListThresholds.strong),
    reviewThreshold: threshold.default(defaultListThresholds.review),
    description: text(1000).optional(),
  })
  .refine((s) => s.reviewThreshold <= s.strongThreshold, {
    message: 'reviewThreshold must not exceed strongThreshold',
    path: ['reviewThreshold'],
  });
export type ListSettings = z.output<typeof listSettingsSchema>;

export const listSettingsPatchSchema = z
  .strictObject({
    action: z.enum(listActions).optional(),
    strongThreshold: threshold.optional(),
    reviewThreshold: threshold.optional(),
    description: text(1000).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'give at least one setting to change');
export type ListSettingsPatch = z.output<typeof listSettingsPatchSchema>;

export const blocklistSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(listKinds),
    action: z.enum(listActions),
    strongThreshold: z.number(),
    reviewThreshold: z.number(),
    description: z.string().nullable(),
    version: z.number().int().describe('Increases with every change to entries or settings'),
    contentHash: z.string().describe('sha256 over the current entries (external id and content hash, in id order)'),
    entryCount: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Blocklist' });
export type Blocklist = z.infer<typeof blocklistSchema>;

/** `name@version` of each list, sorted: what a decision was screened against. */
export function listsVersionLabel(lists: Array<Pick<Blocklist, 'name' | 'version'>>): string | null {
  if (lists.length === 0) return null;
  return [...lists]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((l) => `${l.name}@${l.version}`)
    .join(',');
}
