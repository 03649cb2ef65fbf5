import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../bootstrap.js';
import { BlocklistRepository } from '../db/blocklist-repository.js';
import { importModes } from '../domain/blocklist/import/diff.js';
import { listSettingsSchema } from '../domain/blocklist/list.js';
import { importFormats, ListImporter, type ImportProgress, type ImportSource } from '../services/list-import.js';
import { systemClock } from '../services/screening-service.js';
import type { CliContext } from './context.js';

const help = `usage:
  npm run cli -- lists create --name NAME --kind criminal_record|sanctions|fraud|pep|other --action reject|review
                              [--strong 0.92] [--review 0.85] [--description TEXT]
  npm run cli -- lists show [NAME]
  npm run cli -- lists import --list NAME --format csv|ndjson --file PATH [--mode replace|upsert]
  npm run cli -- lists import --list NAME --format ofac --sdn sdn.csv [--alt alt.csv] [--add add.csv]
                              [--comments sdn_comments.csv] [--mode replace|upsert]
  npm run cli -- lists imports NAME
`;

const options = {
  name: { type: 'string' },
  kind: { type: 'string' },
  action: { type: 'string' },
  strong: { type: 'string' },
  review: { type: 'string' },
  description: { type: 'string' },
  list: { type: 'string' },
  format: { type: 'string' },
  mode: { type: 'string' },
  file: { type: 'string' },
  sdn: { type: 'string' },
  alt: { type: 'string' },
  add: { type: 'string' },
  comments: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function usageError(message: string): number {
  process.stderr.write(`${message}\n\n${help}`);
  return 64;
}

/** A progress line on stderr that rewrites itself on a terminal. */
function progressPrinter(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    const line = `${p.stage}: ${p.rowsRead.toLocaleString('en')} rows read, ${p.accepted.toLocaleString('en')} accepted, ${p.rejected.toLocaleString('en')} rejected`;
    process.stderr.write(tty ? `\r${line}\u001b[K${p.stage === 'done' ? '\n' : ''}` : `${line}\n`);
  };
}

export async function listsCommand(args: string[], { config, logger, out }: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options });
  const action = positionals[0];
  if (values.help || !action) {
    out(help);
    return values.help ? 0 : 64;
  }

  let source: ImportSource | null = null;
  if (action === 'import') {
    const format = importFormats.find((f) => f === values.format);
    if (!values.list || !format) return usageError('lists import needs --list and --format (csv, ndjson or ofac)');
    if (values.mode && !importModes.some((m) => m === values.mode)) return usageError('--mode must be replace or upsert');
    const paths = format === 'ofac' ? [values.sdn, values.alt, values.add, values.comments] : [values.file];
    if (!paths[0]) return usageError(format === 'ofac' ? 'an OFAC import needs --sdn' : `a ${format} import needs --file`);
    const missing = paths.filter((p): p is string => Boolean(p) && !existsSync(p!));
    if (missing.length > 0) return usageError(`no such file: ${missing.join(', ')}`);
    const open = (p: string | undefined) => (p ? createReadStream(p) : undefined);
    source =
      format === 'ofac'
        ? {
            format,
            files: { sdn: open(values.sdn)!, alt: open(values.alt), add: open(values.add), comments: open(values.comments) },
            name: basename(values.sdn!),
          }
        : { format, file: open(values.file)!, name: basename(values.file!) };
  } else if (!['create', 'show', 'imports'].includes(action)) {
    return usageError(`unknown lists action "${action}"`);
  }

  const database = await prepareDatabase(config, logger);
  try {
    const repository = new BlocklistRepository(database.db);
    if (action === 'create') {
      const parsed = listSettingsSchema.safeParse({
        name: values.name,
        kind: values.kind,
        action: values.action,
        ...(values.strong ? { strongThreshold: Number(values.strong) } : {}),
        ...(values.review ? { reviewThreshold: Number(values.review) } : {}),
        ...(values.description ? { description: values.description } : {}),
      });
      if (!parsed.success) {
        return usageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
      }
      out(`${JSON.stringify(await repository.create(parsed.data, null, new Date()), null, 2)}\n`);
    } else if (action === 'show') {
      const target = positionals[1];
      out(`${JSON.stringify(target ? await repository.get(target) : await repository.all(), null, 2)}\n`);
    } else if (action === 'imports') {
      const target = positionals[1];
      if (!target) return usageError('lists imports needs a list name');
      const list = await repository.get(target);
      out(`${JSON.stringify(await repository.imports(list.id), null, 2)}\n`);
    } else if (source) {
      const mode = (values.mode as 'replace' | 'upsert' | undefined) ?? 'upsert';
      const started = performance.now();
      const report = await new ListImporter(repository, systemClock).run(values.list!, source, mode, null, progressPrinter());
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      process.stderr.write(
        `imported into ${values.list} version ${report.version}: ${report.added} added, ${report.changed} changed, ` +
          `${report.removed} removed, ${report.unchanged} unchanged; ${report.rejected} rows rejected; ${seconds} s\n`,
      );
      for (const row of report.rejectedRows.slice(0, 20)) process.stderr.write(`  rejected ${row.file}:${row.line}: ${row.reason}\n`);
      out(`${JSON.stringify({ ...report, seconds })}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
