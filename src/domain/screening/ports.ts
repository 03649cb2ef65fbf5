import type { LoanApplication } from './application.js';
import type { BlocklistSection, RiskSection } from './decision.js';

/** Checks an applicant against the loaded blocklists. The blocklist issue plugs in here. */
export interface BlocklistScreener {
  screen(application: LoanApplication): BlocklistSection;
  /** Version of the lists this screener serves, or null when none is loaded. */
  readonly version: string | null;
}

/** Scores the probability of default with the active model, and the shadow model beside it. */
export interface RiskScorer {
  score(application: LoanApplication, on: Date): RiskSection;
  /** The shadow model's result: logged with the decision, never deciding. Null without one. */
  scoreShadow(application: LoanApplication, on: Date): RiskSection | null;
  readonly activeModelVersion: string | null;
  readonly shadowModelVersion: string | null;
}

export const noBlocklists: BlocklistScreener = {
  version: null,
  screen: () => ({
    status: 'not_configured',
    detail: 'No blocklist is loaded on this service; the applicant was not screened.',
  }),
};

export const noRiskModel: RiskScorer = {
  activeModelVersion: null,
  shadowModelVersion: null,
  score: () => ({
    status: 'not_configured',
    detail: 'No risk model is active on this service; no probability of default was computed.',
  }),
  scoreShadow: () => null,
};
