/**
 * Risk-model training and prediction benchmark: trains on German credit (the shipped
 * default spec) and on Taiwan card default (no spec, as in the issue's command, and with
 * models/specs/taiwan_default.json), then times predictions per application.
 *
 *   npm run bench:risk                                   # prints a Markdown section
 *   npm run bench:risk -- --append docs/benchmarks.md    # and appends it there
 *   BENCH_RISK_ONLY=german npm run bench:risk            # German only (seconds, not minutes)
 *
 * Taiwan: ../shared/datasets/credit/taiwan_default.csv (override with BENCH_TAIWAN_CSV).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { parseTrainingCsv } from '../src/domain/risk/dataset.js';
import { recordFromApplication, type ApplicationRecord } from '../src/domain/risk/features/application-record.js';
import { csvRecordMapper } from '../src/domain/risk/features/csv-mapping.js';
import { featureSpecSchema, type FeatureSpecInput } from '../src/domain/risk/features/feature-spec.js';
import { inferFeatureSpec } from '../src/domain/risk/features/infer-spec.js';
import { RiskModel } from '../src/domain/risk/risk-model.js';
import { trainRiskModel } from '../src/domain/risk/training/train-risk-model.js';
import type { TrainingOptionsInput } from '../src/domain/risk/training/training-options.js';
import type { LoanApplication } from '../src/domain/screening/application.js';
import { exampleApplication } from '../src/domain/screening/example-application.js';

interface Case {
  name: string;
  command: string;
  csv: string;
  spec?: string;
  options: TrainingOptionsInput;
}

const taiwanCsv = process.env.BENCH_TAIWAN_CSV ?? '../shared/datasets/credit/taiwan_default.csv';
const cases: Case[] = [
  {
    name: 'German credit, shipped default spec',
    command: 'npm run models:default',
    csv: 'models/default/data/german_credit.csv',
    spec: 'models/default/spec.json',
    options: { target: 'default' },
  },
  {
    name: 'Taiwan, no spec (every column)',
    command: `npm run cli -- models train --data ${taiwanCsv} --target default --exclude id`,
    csv: taiwanCsv,
    options: { target: 'default', exclude: ['id'] },
  },
  {
    name: 'Taiwan, models/specs/taiwan_default.json',
    command: `npm run cli -- models train --data ${taiwanCsv} --target default --exclude id --spec models/specs/taiwan_default.json`,
    csv: taiwanCsv,
    spec: 'models/specs/taiwan_default.json',
    options: { target: 'default', exclude: ['id'] },
  },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Per-application latency in microseconds: p50 and p99 over `records`, after a warm-up. */
function latency(records: readonly ApplicationRecord[], score: (r: ApplicationRecord) => unknown): { p50: number; p99: number } {
  for (const r of records.slice(0, 100)) score(r);
  const times = records.map((r) => {
    const t = process.hrtime.bigint();
    score(r);
    return Number(process.hrtime.bigint() - t) / 1000;
  });
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const f3 = (x: number) => x.toFixed(3);
const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${Math.round(x)} µs`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { append: { type: 'string' } } });
  const only = process.env.BENCH_RISK_ONLY;
  const selected = cases.filter((c) => !only || c.name.toLowerCase().startsWith(only.toLowerCase()));
  const rows: string[] = [];
  for (const c of selected) {
    if (!existsSync(c.csv)) {
      process.stderr.write(`skipping ${c.name}: ${c.csv} not found\n`);
      continue;
    }
    process.stderr.write(`${c.name}: training…\n`);
    const bytes = readFileSync(c.csv);
    const spec = c.spec ? (JSON.parse(readFileSync(c.spec, 'utf8')) as FeatureSpecInput) : undefined;
    let lastStage = '';
    const { artifact } = await trainRiskModel({ csv: bytes, options: c.options, spec, now: new Date() }, (p) => {
      if (p.stage !== lastStage) process.stderr.write(`  ${p.percent.toFixed(0)}% ${p.stage}\n`);
      lastStage = p.stage;
    });
    const model = RiskModel.fromArtifact(JSON.parse(JSON.stringify(artifact)));

    // Score 2,000 rows of the data set, mapped into application records as in training.
    const table = parseTrainingCsv(bytes.toString('utf8'), { target: c.options.target, exclude: c.options.exclude ?? [] });
    const parsedSpec = spec ? featureSpecSchema.parse(spec) : inferFeatureSpec(table);
    const mapper = csvRecordMapper(table, parsedSpec.columns, parsedSpec.trainingDecisionDate);
    const step = Math.max(1, Math.floor(table.rows.length / 2000));
    const records = table.rows.filter((_, i) => i % step === 0).slice(0, 2000).map((row, i) => mapper.toRecord(row, i + 2));
    const probabilityOnly = latency(records, (r) => model.probabilityOfDefault(r));
    const full = latency(records, (r) => model.assessRecord(r, 3));
    // A live application (the README example), scored as the screening flow does.
    const live = recordFromApplication(exampleApplication as LoanApplication, new Date());
    const liveLatency = latency(new Array(500).fill(live), (r) => model.assessRecord(r, 3));
    model.dispose();

    const r = artifact.report;
    rows.push(
      `| ${c.name} | ${artifact.training.data.rows} | ${artifact.featureColumns.length} | ${artifact.svm.trainedOnRows} | ${artifact.svm.supportVectors} | ` +
        `${f3(r.crossValidation.auc)} ± ${f3(r.crossValidation.aucStd)} | ${f3(r.crossValidation.ks)} | ${f3(r.crossValidation.brier)} | ` +
        `${f3(r.holdout.auc)} | ${f3(r.holdout.ks)} | ${r.timings.totalSeconds.toFixed(1)} s | ` +
        `${us(probabilityOnly.p50)} / ${us(probabilityOnly.p99)} | ${us(full.p50)} / ${us(full.p99)} |`,
    );
    process.stderr.write(`  ${rows.at(-1)}\n  (live example application with factors: p50 ${us(liveLatency.p50)})\n`);
  }

  const cpu = cpus();
  const section = [
    '',
    `### ${new Date().toISOString().slice(0, 10)} — ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, kernel ${release()}, Node ${process.version}`,
    '',
    `Command: \`npm run bench:risk\` (${selected.map((c) => `\`${c.command}\``).join('; ')}). Defaults: 20 % stratified hold-out, 5-fold nested CV, at most 6,000 rows per SVM fit, C and gamma from a 5 × 3 grid on at most 3,000 rows, seed 20261123.`,
    '',
    '| data | rows | encoded columns | SVM rows | support vectors | CV AUC (mean ± sd over folds) | CV KS | CV Brier | held-out AUC | held-out KS | training time | predict p50 / p99 (probability only) | predict p50 / p99 (with band, segment, anomaly, 3 factors) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(section);
  if (values.append) {
    appendFileSync(values.append, section);
    process.stderr.write(`appended to ${values.append}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
