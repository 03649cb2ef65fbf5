import { readFileSync } from 'node:fs';

/**
 * The Node.js flags `npm start` gives the service (package.json's start script, between
 * `node` and `--import`), so that tests and benchmarks that start the service as its own
 * process run it exactly as an operator does.
 */
export function serviceNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = manifest.scripts.start.split(/\s+/);
  const end = words.indexOf('--import');
  if (words[0] !== 'node' || end < 0) throw new Error(`unexpected start script: ${manifest.scripts.start}`);
  return words.slice(1, end);
}
