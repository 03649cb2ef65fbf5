import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface CliContext {
  config: Config;
  logger: Logger;
  out: (text: string) => void;
}
