import { prepareDatabase } from '../bootstrap.js';
import type { CliContext } from './context.js';

export async function migrateCommand(_args: string[], { config, logger, out }: CliContext): Promise<number> {
  const database = await prepareDatabase(config, logger);
  await database.close();
  out(`database at ${database.location} (${database.kind}) is migrated to the latest version\n`);
  return 0;
}
