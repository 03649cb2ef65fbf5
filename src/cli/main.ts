import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { CliContext } from './context.js';

type Run = (args: string[], ctx: CliContext) => Promise<number>;

/** Each command's module is loaded only when it runs, so a command loads only what it needs. */
const commands: Record<string, { summary: string; load: () => Promise<Run> }> = {
  migrate: { summary: 'apply pending database migrations', load: async () => (await import('./migrate.js')).migrateCommand },
  keys: { summary: 'create, list and revoke API keys (keys --help)', load: async () => (await import('./keys.js')).keysCommand },
  lists: {
    summary: 'create blocklists and import list files (lists --help)',
    load: async () => (await import('./lists.js')).listsCommand,
  },
  audit: { summary: 'verify the decision log hash chain (audit verify)', load: async () => (await import('./audit.js')).auditCommand },
  models: { summary: 'train, inspect and try risk models (models --help)', load: async () => (await import('./models.js')).modelsCommand },
  matching: {
    summary: 'evaluate name matching on labelled cases (matching eval --cases FILE)',
    load: async () => (await import('./matching.js')).matchingCommand,
  },
  openapi: {
    summary: 'write the OpenAPI document (openapi --out openapi.yaml)',
    load: async () => (await import('./openapi.js')).openapiCommand,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 64;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 64; // EX_USAGE
  }
  const config = loadConfig();
  // Logs go to stderr so that stdout carries only the command's own output.
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const run = await command.load();
  return run(args, { config, logger, out: (text) => process.stdout.write(text) });
}

/** Exits once stdout has flushed: a piped stdout would otherwise lose the end of the output. */
const exitAfterFlush = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
