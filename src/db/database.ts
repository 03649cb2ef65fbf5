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
}

export interface Database {
  api_keys: ApiKeysTable;
  decision_log: DecisionLogTable;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type DecisionLogRow = Selectable<DecisionLogTable>;
export type NewDecisionLogRow = Insertable<DecisionLogTable>;
