import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFromListEntry, subjectFromQuery } from '../../src/cli/matching.js';
import { projectRoot, runCli } from '../support/server-process.js';

const sample = join(projectRoot, 'test/fixtures/matching-cli-sample.jsonl');
const devSet = join(projectRoot, 'test/fixtures/matching-dev.jsonl');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lss-matching-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lastLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1)!;
const count = (stdout: string, label: string) => Number(new RegExp(`\\b${label} (\\d+)`).exec(stdout)?.[1]);

describe('matching eval (CLI)', () => {
  it('scores the engine on a case file and ends stdout with the JSON summary', async () => {
    const result = await runCli(['matching', 'eval', '--cases', sample], {});
    expect(result.code, result.stderr).toBe(0);
    // The sample holds only pairs any working engine decides right: same name, same ID,
    // unrelated names. It checks the wiring (IDs, aliases, DOBs reach the engine), not quality.
    expect(JSON.parse(lastLine(result.stdout))).toEqual({ n: 5, recall: 1, precision: 1, f1: 1 });
    expect(count(result.stdout, 'tp')).toBe(3);
    expect(count(result.stdout, 'tn')).toBe(2);
    expect(result.stdout).toMatch(/^identifier\s+1\s+1\s+0\s+0\s+0\s+1\.0000/m);
  });

  it('lists the misclassified cases with --verbose, as many as the confusion counts say', async () => {
    const result = await runCli(['matching', 'eval', '--cases', devSet, '--verbose'], {});
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(lastLine(result.stdout));
    expect(summary.n).toBe(readFileSync(devSet, 'utf8').trim().split('\n').length);
    const errors = count(result.stdout, 'fp') + count(result.stdout, 'fn');
    expect(result.stdout).toContain(`misclassified (${errors}):`);
    expect(result.stdout.match(/^ {2}line \d+ \[/gm) ?? []).toHaveLength(errors);
  });

  it('stops at a bad line with its number and exit code 65', async () => {
    const file = join(dir, 'bad.jsonl');
    const good = readFileSync(sample, 'utf8').split('\n')[0]!;
    const bad = JSON.stringify({ query: { full_name: 'A', national_id: 79085001234 }, list_entry: { full_name: 'A' }, expected: 'match' });
    writeFileSync(file, `${good}\n${good}\n${bad}\n${good}\n`);
    const result = await runCli(['matching', 'eval', '--cases', file], {});
    expect(result.code).toBe(65);
    expect(result.stderr).toContain(`${file}:3:`);
    expect(result.stderr).toContain('query.national_id');
    expect(result.stdout).toBe('');
  });

  it('refuses a missing file and a call without --cases', async () => {
    expect((await runCli(['matching', 'eval', '--cases', join(dir, 'none.jsonl')], {})).code).toBe(66);
    expect((await runCli(['matching', 'eval'], {})).code).toBe(64);
  });
});

describe('matching eval: how a case becomes a subject and a list entry', () => {
  it('gives the applicant national ID the national_id type', () => {
    expect(subjectFromQuery({ full_name: 'Li Hua', national_id: '110105491231002', nationality: 'CN' })).toEqual({
      fullName: 'Li Hua',
      dateOfBirth: undefined,
      nationalId: { type: 'national_id', number: '110105491231002' },
      nationality: 'CN',
    });
  });

  it('keeps only a two-letter nationality, drops blank aliases and maps company entries', () => {
    const entry = entryFromListEntry({
      full_name: 'ROMASHKA OOO',
      aliases: ['Romashka LLC', ' '],
      date_of_birth: '1990',
      national_id: '7701234567',
      nationality: 'Russia',
      entity_type: 'Company',
    });
    expect(entry.success && entry.data).toMatchObject({
      externalId: 'eval',
      fullName: 'ROMASHKA OOO',
      aliases: ['Romashka LLC'],
      datesOfBirth: ['1990'],
      identifiers: [{ type: 'national_id', number: '7701234567' }],
      nationalities: [],
      entityType: 'company',
    });
    const person = entryFromListEntry({ full_name: 'IVAN PETROV', nationality: 'ru' });
    expect(person.success && person.data).toMatchObject({ nationalities: ['RU'], entityType: 'person' });
  });
});
