/** The pairwise matcher, also used by `npm run cli -- matching eval`. */
export { defaultMatchThresholds, matchEntry, type EntryMatch, type MatchThresholds } from './matching/match-entry.js';
