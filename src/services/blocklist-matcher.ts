import { BlocklistIndex } from '../domain/blocklist/blocklist-index.js';
import type { BuildMatcher } from './live-blocklists.js';

/** The in-memory blocklist index the service screens with. */
export const buildBlocklistMatcher: BuildMatcher = (lists, entries) => new BlocklistIndex(lists, entries);
