import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarizeModel } from '../domain/risk/report-summary.js';
import { RiskModel } from '../domain/risk/risk-model.js';
import { trainRiskModel, type TrainingProgress } from '../domain/risk/training/train-risk-model.js';
import { featureSpecSchema } from '../domain/risk/features/feature-spec.js';
import { trainingOptionsSchema, type TrainingOptionsInput } from '../domain/risk/training/training-options.js';
import { loanApplicationSchema } from '../domain/screening/application.js';
import type { CliContext } from './context.js';

const help = `usage:
  npm run cli -- models train --data FILE.csv --target COLUMN [options]
      --spec SPEC.json         feature spec (default: every other column is a feature)
      --exclude COL,COL        columns that are not features (e.g. an id)
      --out DIR                where to write model.json and summary.txt (default models/<modelId>/)
      --max-train-rows N       cap on rows per SVM fit; larger data is subsampled, stratified (default 6000)
      --folds K                cross-validation folds (default 5)
      --seed S                 seed for splits, folds, subsamples and K-Means (default 20261123)
      --holdout SHARE          share of rows held out for the final evaluation (default 0.2)
      --grid-rows N            rows used to choose C and gamma inside each fit (default 3000)
      --thresholds P,P         probabilities for the report's confusion matrices (default 0.1,0.25,0.5)
      --accept-below P --reject-from P
                               cut-offs for the report's decision table (default 0.25 and 0.5, the shipped policy's)
    Progress goes to stderr; the last stdout line is a JSON summary (cross-validated figures).
  npm run cli -- models show --model DIR|model.json
  npm run cli -- models score --model DIR|model.json --application APPLICATION.json [--on YYYY-MM-DD]
`;

const integer = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  return n;
};

const probability = (name: string, value: string) => {
  const p = Number(value);
  if (value.trim() === '' || !(p >= 0 && p <= 1)) throw new UsageError(`--${name} must be a number between 0 and 1, got "${value}"`);
  return p;
};

class UsageError extends Error {}

const describeIssues = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

function artifactPath(model: string): string {
  return statSync(model).isDirectory() ? join(model, 'model.json') : model;
}

function progressPrinter(): { update: (p: TrainingProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let lastStage = '';
  let lastTenth = -1;
  return {
    update(p) {
      if (tty) {
        const filled = Math.round(p.percent / 4);
        const line = `[${'#'.repeat(filled)}${'.'.repeat(25 - filled)}] ${p.percent.toFixed(1).padStart(5)}% ${p.stage}: ${p.message}`;
        process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 100) - 1).padEnd((process.stderr.columns ?? 100) - 1)}`);
        return;
      }
      const tenth = Math.floor(p.percent / 10);
      if (p.stage !== lastStage || tenth !== lastTenth) {
        process.stderr.write(`${p.percent.toFixed(1).padStart(5)}% ${p.stage}: ${p.message}\n`);
        lastStage = p.stage;
        lastTenth = tenth;
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function train(args: string[], { out }: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      target: { type: 'string' },
      spec: { type: 'string' },
      exclude: { type: 'string' },
      out: { type: 'string' },
      'max-train-rows': { type: 'string' },
      folds: { type: 'string' },
      seed: { type: 'string' },
      holdout: { type: 'string' },
      'grid-rows': { type: 'string' },
      thresholds: { type: 'string' },
      'accept-below': { type: 'string' },
      'reject-from': { type: 'string' },
    },
  });
  if (!values.data || !values.target) throw new UsageError('models train needs --data and --target');
  const options: TrainingOptionsInput = {
    target: values.target,
    exclude: values.exclude ? values.exclude.split(',').map((c) => c.trim()).filter(Boolean) : [],
    ...(values['max-train-rows'] !== undefined && { maxTrainRows: integer('max-train-rows', values['max-train-rows']) }),
    ...(values.folds !== undefined && { folds: integer('folds', values.folds) }),
    ...(values.seed !== undefined && { seed: integer('seed', values.seed) }),
    ...(values['grid-rows'] !== undefined && { gridRows: integer('grid-rows', values['grid-rows']) }),
    ...(values.holdout !== undefined && { holdoutShare: probability('holdout', values.holdout) }),
    ...(values.thresholds !== undefined && { thresholds: values.thresholds.split(',').map((t) => probability('thresholds', t)) }),
    ...(values['accept-below'] !== undefined && { acceptBelow: probability('accept-below', values['accept-below']) }),
    ...(values['reject-from'] !== undefined && { rejectFrom: probability('reject-from', values['reject-from']) }),
  };
  const checkedOptions = trainingOptionsSchema.safeParse(options);
  if (!checkedOptions.success) throw new UsageError(`bad options: ${describeIssues(checkedOptions.error.issues)}`);
  const spec = values.spec ? featureSpecSchema.safeParse(JSON.parse(readFileSync(values.spec, 'utf8'))) : undefined;
  if (spec && !spec.success) throw new UsageError(`${values.spec} is not a valid feature spec: ${describeIssues(spec.error.issues)}`);
  const progress = progressPrinter();
  const { artifact } = await trainRiskModel(
    { csv: readFileSync(values.data), options, spec: spec?.data, dataFile: basename(values.data), now: new Date() },
    progress.update,
  );
  progress.end();

  const dir = resolve(values.out ?? join('models', artifact.modelId));
  mkdirSync(dir, { recursive: true });
  const summary = summarizeModel(artifact);
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(artifact)}\n`);
  writeFileSync(join(dir, 'summary.txt'), summary);
  process.stderr.write(`\n${summary}\nwrote ${join(dir, 'model.json')} and summary.txt\n`);

  const r = artifact.report;
  out(
    `${JSON.stringify({
      modelId: artifact.modelId,
      rows: artifact.training.data.rows,
      positives: artifact.training.data.positives,
      auc: r.crossValidation.auc,
      aucStd: r.crossValidation.aucStd,
      gini: 2 * r.crossValidation.auc - 1,
      ks: r.crossValidation.ks,
      brier: r.crossValidation.brier,
      logLoss: r.crossValidation.logLoss,
      holdoutAuc: r.holdout.auc,
      holdoutKs: r.holdout.ks,
      svmTrainRows: artifact.svm.trainedOnRows,
      seconds: r.timings.totalSeconds,
      out: dir,
    })}\n`,
  );
  return 0;
}

async function show(args: string[], { out }: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { model: { type: 'string' } } });
  if (!values.model) throw new UsageError('models show needs --model');
  const model = RiskModel.fromArtifact(JSON.parse(readFileSync(artifactPath(values.model), 'utf8')));
  try {
    out(summarizeModel(model.artifact));
  } finally {
    model.dispose();
  }
  return 0;
}

async function score(args: string[], { out }: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { model: { type: 'string' }, application: { type: 'string' }, on: { type: 'string' } },
  });
  if (!values.model || !values.application) throw new UsageError('models score needs --model and --application');
  const parsed = loanApplicationSchema.safeParse(JSON.parse(readFileSync(values.application, 'utf8')));
  if (!parsed.success) {
    process.stderr.write(`the application is not valid: ${describeIssues(parsed.error.issues)}\n`);
    return 65; // EX_DATAERR
  }
  const on = values.on ? new Date(`${values.on}T00:00:00Z`) : new Date();
  if (Number.isNaN(on.getTime())) throw new UsageError('--on must be a date written YYYY-MM-DD');
  const model = RiskModel.fromArtifact(JSON.parse(readFileSync(artifactPath(values.model), 'utf8')));
  try {
    out(`${JSON.stringify(model.score(parsed.data, on), null, 2)}\n`);
  } finally {
    model.dispose();
  }
  return 0;
}

/** `models train|show|score`: train K-Means + SVM risk models from CSV, inspect and try them. */
export async function modelsCommand(args: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = args;
  try {
    if (action === 'train') return await train(rest, ctx);
    if (action === 'show') return await show(rest, ctx);
    if (action === 'score') return await score(rest, ctx);
    ctx.out(help);
    return action === '--help' || action === 'help' ? 0 : 64;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${error.message}\n\n${help}`);
      return 64;
    }
    throw error;
  }
}
