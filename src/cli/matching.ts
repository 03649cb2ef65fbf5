import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  blocklistEntryInputSchema,
  entityTypes,
  type BlocklistEntry,
  type ScreeningSubject,
} from '../domain/blocklist/entry.js';
import {
  evaluateMatching,
  MatcherFailedError,
  parseCaseLine,
  type MatchingCase,
  type MatchingEvaluation,
  type MatchingFigures,
  type MatchingListEntry,
  type MatchingQuery,
  type PairMatcher,
} from '../domain/blocklist/evaluate-matching.js';
import { defaultMatchThresholds, matchEntry } from '../domain/blocklist/entry-matching.js';
import type { CliContext } from './context.js';

const help = `usage:
  npm run cli -- matching eval --cases FILE.jsonl [--verbose]

Runs the name-matching engine on labelled pairs, one JSON object per line:
  {"query": {"full_name", "date_of_birth"?, "national_id"?, "nationality"?},
   "list_entry": {"full_name", "aliases"?, "date_of_birth"?, "national_id"?, "nationality"?, "entity_type"?},
   "expected": "match" | "no_match", "category"?: "..."}
A pair counts as predicted "match" when the engine reports a strong or possible hit at the
default thresholds. Prints the confusion counts, recall, precision, a per-category table
(--verbose: every misclassified case) and, as the last line, {"n", "recall", "precision", "f1"}.
`;

const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_NOINPUT = 66;

/** The applicant side of a case, as screening sees an applicant. */
export function subjectFromQuery(query: MatchingQuery): ScreeningSubject {
  return {
    fullName: query.full_name,
    dateOfBirth: query.date_of_birth,
    nationalId: query.national_id ? { type: 'national_id', number: query.national_id } : undefined,
    nationality: query.nationality,
  };
}

/** The list side of a case, through the same schema an import uses. */
export function entryFromListEntry(listEntry: MatchingListEntry) {
  const nationality = listEntry.nationality?.trim().toUpperCase();
  const entityType = listEntry.entity_type?.trim().toLowerCase();
  return blocklistEntryInputSchema.safeParse({
    externalId: 'eval',
    fullName: listEntry.full_name,
    aliases: (listEntry.aliases ?? []).filter((alias) => alias.trim() !== ''),
    datesOfBirth: listEntry.date_of_birth ? [listEntry.date_of_birth] : [],
    identifiers: listEntry.national_id ? [{ type: 'national_id', number: listEntry.national_id }] : [],
    // A country name ("Russia") is not a code: leave it out rather than guess.
    nationalities: nationality && /^[A-Z]{2}$/.test(nationality) ? [nationality] : [],
    entityType: entityTypes.find((type) => type === entityType) ?? 'person',
  });
}

interface LoadedCases {
  cases: MatchingCase[];
  lineNumbers: number[];
  entries: Map<MatchingListEntry, BlocklistEntry>;
}

async function readCases(path: string): Promise<LoadedCases | { line: number; reason: string }> {
  const loaded: LoadedCases = { cases: [], lineNumbers: [], entries: new Map() };
  const file = await open(path);
  try {
    let lineNumber = 0;
    for await (const line of file.readLines({ encoding: 'utf8' })) {
      lineNumber += 1;
      const parsed = parseCaseLine(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line);
      if (parsed.kind === 'blank') continue;
      if (parsed.kind === 'invalid') return { line: lineNumber, reason: parsed.reason };
      const entry = entryFromListEntry(parsed.case.list_entry);
      if (!entry.success) {
        const reason = entry.error.issues.map((i) => `list_entry ${i.path.join('.')}: ${i.message}`).join('; ');
        return { line: lineNumber, reason };
      }
      loaded.cases.push(parsed.case);
      loaded.lineNumbers.push(lineNumber);
      loaded.entries.set(parsed.case.list_entry, entry.data);
    }
  } finally {
    await file.close();
  }
  return loaded;
}

const ratio = (value: number | null) => (value === null ? 'n/a' : value.toFixed(4));

function summary(result: MatchingEvaluation, cases: LoadedCases, verbose: boolean): string {
  const positives = result.tp + result.fn;
  const rows = result.byCategory.map((row: MatchingFigures & { category: string }) =>
    [
      row.category.padEnd(18),
      ...[row.n, row.tp, row.fn, row.fp, row.tn].map((count) => String(count).padStart(5)),
      ratio(row.recall).padStart(8),
      ratio(row.precision).padStart(10),
    ].join(''),
  );
  const lines = [
    `cases       ${result.n} (${positives} match, ${result.n - positives} no_match)`,
    `thresholds  strong ${defaultMatchThresholds.strong}, review ${defaultMatchThresholds.review}`,
    '',
    '                    predicted match  predicted no_match',
    `expected match      ${`tp ${result.tp}`.padEnd(17)}fn ${result.fn}`,
    `expected no_match   ${`fp ${result.fp}`.padEnd(17)}tn ${result.tn}`,
    '',
    `recall      ${ratio(result.recall)}`,
    `precision   ${ratio(result.precision)}`,
    `f1          ${ratio(result.f1)}`,
    '',
    `${'category'.padEnd(18)}${['n', 'tp', 'fn', 'fp', 'tn'].map((h) => h.padStart(5)).join('')}${'recall'.padStart(8)}${'precision'.padStart(10)}`,
    ...rows,
  ];
  if (verbose) {
    lines.push('', `misclassified (${result.misclassified.length}):`);
    for (const miss of result.misclassified) {
      const { query, list_entry: entry, category, note } = miss.case;
      const facts = (side: Record<string, unknown>) =>
        Object.entries(side)
          .filter(([key, value]) => key !== 'full_name' && value !== undefined)
          .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(' / ') : String(value)}`)
          .join(', ');
      const extra = (side: Record<string, unknown>) => (facts(side) ? ` (${facts(side)})` : '');
      lines.push(
        `  line ${cases.lineNumbers[miss.index]} [${category ?? 'uncategorised'}] expected ${miss.expected}, got ${miss.predicted}: ` +
          `"${query.full_name}"${extra(query)} vs "${entry.full_name}"${extra(entry)}${note ? ` — ${note}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function matchingCommand(args: string[], { out }: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { cases: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${help}`);
    return EX_USAGE;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    out(help);
    return 0;
  }
  if (positionals[0] !== 'eval' || positionals.length > 1 || !values.cases) {
    process.stderr.write(help);
    return EX_USAGE;
  }

  let loaded: Awaited<ReturnType<typeof readCases>>;
  try {
    loaded = await readCases(values.cases);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') {
      process.stderr.write(`cannot read ${values.cases}: ${(error as Error).message}\n`);
      return EX_NOINPUT;
    }
    throw error;
  }
  if ('reason' in loaded) {
    process.stderr.write(`${values.cases}:${loaded.line}: bad case: ${loaded.reason}\n`);
    return EX_DATAERR;
  }

  const { entries } = loaded;
  const matcher: PairMatcher = (query, listEntry) =>
    matchEntry(subjectFromQuery(query), entries.get(listEntry)!, defaultMatchThresholds).strength !== null;

  let result: MatchingEvaluation;
  try {
    result = evaluateMatching(loaded.cases, matcher);
  } catch (error) {
    if (error instanceof MatcherFailedError) {
      process.stderr.write(`${values.cases}:${loaded.lineNumbers[error.index]}: ${error.message}\n`);
      if (error.cause instanceof Error && error.cause.stack) process.stderr.write(`${error.cause.stack}\n`);
      return 1;
    }
    throw error;
  }
  out(summary(result, loaded, values.verbose ?? false));
  const { n, recall, precision, f1 } = result;
  out(`${JSON.stringify({ n, recall, precision, f1 })}\n`);
  return 0;
}
