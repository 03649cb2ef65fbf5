import type { BuildMatcher } from './live-blocklists.js';

/** The in-memory blocklist index the service screens with. */
export const buildBlocklistMatcher: BuildMatcher = () => {
  throw new Error('the blocklist index is not available yet');
};
