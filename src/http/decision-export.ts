import type { DecisionRecord } from '../domain/audit/decision-record.js';

const csvColumns = [
  'seq',
  'decision_id',
  'application_id',
  'decided_at',
  'outcome',
  'reason_codes',
  'policy_version',
  'risk_model',
  'shadow_model',
  'blocklists_version',
  'blocklist_status',
  'blocklist_hits',
  'probability_of_default',
  'api_key_id',
  'latency_ms',
  'prev_hash',
  'hash',
] as const;

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(record: DecisionRecord): string {
  const cells: Array<string | number | null> = [
    record.seq,
    record.decisionId,
    record.applicationId,
    record.decidedAt,
    record.outcome,
    record.reasons.map((r) => r.code).join('|'),
    record.versions.policy,
    record.versions.riskModel,
    record.versions.shadowModel,
    record.versions.blocklists,
    record.blocklist.status,
    record.blocklist.status === 'not_configured' ? 0 : record.blocklist.hits.length,
    record.risk.status === 'scored' ? record.risk.probabilityOfDefault : null,
    record.apiKeyId,
    record.latencyMs,
    record.prevHash,
    record.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export async function* toCsvLines(records: AsyncIterable<DecisionRecord>): AsyncGenerator<string> {
  yield `${csvColumns.join(',')}\r\n`;
  for await (const record of records) yield csvRow(record);
}

export async function* toNdjsonLines(records: AsyncIterable<DecisionRecord>): AsyncGenerator<string> {
  for await (const record of records) yield `${JSON.stringify(record)}\n`;
}
