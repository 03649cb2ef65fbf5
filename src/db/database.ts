import type { ColumnType, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, never>;
/** pg returns bigint as a string; PGlite may return a number or bigint. */
type BigIntColumn = ColumnType<string | number | bigint, number | string, never>;
type Json<T> = ColumnType<T, string, never>;

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  key_preview: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  created_by: string | null;
  revoked_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface DecisionLogTable {
  seq: BigIntColumn;
  decision_id: string;
  application_id: string;
  api_key_id: string;
  request_hash: string;
  outcome: string;
  reasons: Json<unknown>;
  application: Json<unknown>;
  blocklist: Json<unknown>;
  risk: Json<unknown>;
  versions: Json<unknown>;
  latency_ms: number;
  decided_at: Timestamp;
  prev_hash: string;
  hash: string;
  pii: ColumnType<unknown | null, string | null | undefined, never>;
  subject_hash: string | null;
  shadow_risk: ColumnType<unknown | null, string | null | undefined, never>;
}

export interface BlocklistsTable {
  id: string;
  name: string;
  kind: string;
  action: string;
  strong_threshold: number;
  review_threshold: number;
  description: string | null;
  version: number;
  content_hash: string;
  entry_count: number;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface BlocklistEntriesTable {
  id: string;
  list_id: string;
  external_id: string;
  entry: Json<unknown>;
  content_hash: string;
  added_version: number;
  added_at: Timestamp;
  removed_version: number | null;
  removed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface BlocklistVersionsTable {
  list_id: string;
  version: number;
  change: string;
  content_hash: string;
  entry_count: number;
  added: number;
  changed: number;
  removed: number;
  import_id: string | null;
  settings: Json<unknown>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface BlocklistImportsTable {
  id: string;
  list_id: string;
  format: string;
  mode: string;
  status: string;
  source: string | null;
  rows_read: number;
  accepted: number;
  rejected: number;
  rejected_rows: Json<unknown>;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  version: number | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
  created_by: string | null;
}

export interface RiskModelsTable {
  id: string;
  kind: string;
  status: string;
  artifact: Json<unknown>;
  summary: Json<unknown>;
  created_at: Timestamp;
  created_by: string | null;
  status_changed_at: ColumnType<Date, Date | string, Date | string>;
  status_changed_by: string | null;
}

export interface RiskModelEventsTable {
  id: string;
  model_id: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  at: Timestamp;
  by: string | null;
}

export interface TrainingJobsTable {
  id: string;
  status: string;
  percent: number;
  stage: string;
  options: Json<unknown>;
  data_name: string | null;
  data_sha256: string | null;
  data_rows: number | null;
  model_id: string | null;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface PoliciesTable {
  version: string;
  document: Json<unknown>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface PolicyActivationsTable {
  id: ColumnType<string | number, never, never>;
  version: string;
  activated_at: Timestamp;
  activated_by: string | null;
}

export interface ReviewClaimsTable {
  decision_id: string;
  claimed_by: string;
  claimed_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ReviewLogTable {
  seq: BigIntColumn;
  review_id: string;
  decision_id: string;
  decision_hash: string;
  outcome: string;
  note: string;
  reviewer_key_id: string;
  suppression_ids: Json<unknown>;
  reviewed_at: Timestamp;
  prev_hash: string;
  hash: string;
}

export interface SuppressionsTable {
  id: string;
  kind: string;
  subject_hash: string;
  list_id: string;
  entry_id: string;
  reason: string;
  decision_id: string | null;
  revokes: string | null;
  expires_at: ColumnType<Date | null, Date | string | null, never>;
  created_at: Timestamp;
  created_by: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  event: string;
  decision_id: string;
  url: string;
  payload: Json<unknown>;
  status: string;
  attempts: number;
  next_attempt_at: ColumnType<Date, Date | string, Date | string>;
  created_at: Timestamp;
  delivered_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Database {
  api_keys: ApiKeysTable;
  decision_log: DecisionLogTable;
  blocklists: BlocklistsTable;
  blocklist_entries: BlocklistEntriesTable;
  blocklist_versions: BlocklistVersionsTable;
  blocklist_imports: BlocklistImportsTable;
  risk_models: RiskModelsTable;
  risk_model_events: RiskModelEventsTable;
  training_jobs: TrainingJobsTable;
  policies: PoliciesTable;
  policy_activations: PolicyActivationsTable;
  review_claims: ReviewClaimsTable;
  review_log: ReviewLogTable;
  suppressions: SuppressionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type DecisionLogRow = Selectable<DecisionLogTable>;
export type NewDecisionLogRow = Insertable<DecisionLogTable>;
