import { parseArgs } from 'node:util';
import { prepareDatabase } from '../bootstrap.js';
import { ApiKeyRepository } from '../db/api-key-repository.js';
import { roleSchema, roles } from '../domain/access/roles.js';
import type { CliContext } from './context.js';

const help = `usage:
  npm run cli -- keys create --role <${roles.join('|')}> --name <name>
  npm run cli -- keys list
  npm run cli -- keys revoke --id <key id>
`;

export async function keysCommand(args: string[], { config, logger, out }: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean' } },
  });
  const action = positionals[0];
  if (values.help || !action) {
    out(help);
    return values.help ? 0 : 64;
  }
  if (action === 'create') {
    const role = roleSchema.safeParse(values.role);
    if (!role.success || !values.name?.trim()) {
      process.stderr.write(`keys create needs --role (${roles.join(', ')}) and --name\n`);
      return 64;
    }
  } else if (action === 'revoke' && !values.id) {
    process.stderr.write('keys revoke needs --id\n');
    return 64;
  } else if (!['create', 'list', 'revoke'].includes(action)) {
    process.stderr.write(`unknown keys action "${action}"\n${help}`);
    return 64;
  }

  const database = await prepareDatabase(config, logger);
  try {
    const keys = new ApiKeyRepository(database.db);
    if (action === 'create') {
      const { key, summary } = await keys.create({ name: values.name!.trim(), role: roleSchema.parse(values.role) });
      out(`${JSON.stringify({ ...summary, key }, null, 2)}\n`);
      process.stderr.write('Store the key now: it is shown only once.\n');
    } else if (action === 'list') {
      out(`${JSON.stringify(await keys.list(), null, 2)}\n`);
    } else {
      const revoked = /^[0-9a-f-]{36}$/i.test(values.id!) ? await keys.revoke(values.id!, new Date()) : null;
      if (!revoked) {
        process.stderr.write(`no API key ${values.id}\n`);
        return 1;
      }
      out(`${JSON.stringify(revoked, null, 2)}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
