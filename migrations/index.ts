import type { Migration } from 'kysely';
import * as createApiKeys from './0001_create_api_keys.js';
import * as createDecisionLog from './0002_create_decision_log.js';
import * as createBlocklists from './0003_create_blocklists.js';
import * as encryptApplicantPii from './0004_encrypt_applicant_pii.js';
import * as createRiskModels from './0005_create_risk_models.js';
import * as createPolicies from './0006_create_policies.js';
import * as createReviews from './0007_create_reviews.js';

/**
 * Every migration, in order. Listed explicitly (not read from the folder) so the same
 * code runs under tsx, from the compiled build and from a bundle. Append only.
 */
export const migrations: Record<string, Migration> = {
  '0001_create_api_keys': createApiKeys,
  '0002_create_decision_log': createDecisionLog,
  '0003_create_blocklists': createBlocklists,
  '0004_encrypt_applicant_pii': encryptApplicantPii,
  '0005_create_risk_models': createRiskModels,
  '0006_create_policies': createPolicies,
  '0007_create_reviews': createReviews,
};
