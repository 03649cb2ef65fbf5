import { prepareDatabase } from '../bootstrap.js';
import { DecisionRepository } from '../db/decision-repository.js';
import type { CliContext } from './context.js';
import { loadPiiCipher } from '../pii-keys.js';

/** `audit verify`: recomputes the whole decision log chain; exit code 2 when it is broken. */
export async function auditCommand(args: string[], { config, logger, out }: CliContext): Promise<number> {
  if (args[0] !== 'verify') {
    out('usage: npm run cli -- audit verify\n');
    return args[0] === '--help' ? 0 : 64;
  }
  const database = await prepareDatabase(config, logger);
  try {
    const verdict = await new DecisionRepository(database.db, loadPiiCipher(config, logger)).verify();
    out(`${JSON.stringify(verdict)}\n`);
    return verdict.ok ? 0 : 2;
  } finally {
    await database.close();
  }
}
