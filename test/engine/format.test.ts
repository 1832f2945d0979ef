import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDataFile, projectRoot } from '../../src/common/paths';
import { match, ProblemError, validateProblem, type Problem } from '../../src/engine';
import { problemArb } from './support';

/** The file format of `peican match`: its JSON Schemas, the checks with their messages, the command. */

const ajv = new Ajv2020({ allErrors: true });
const problemSchema = ajv.compile(JSON.parse(readFileSync(join(projectRoot, 'schema', 'match-problem.schema.json'), 'utf8')));
const resultSchema = ajv.compile(JSON.parse(readFileSync(join(projectRoot, 'schema', 'match-result.schema.json'), 'utf8')));
const demo = JSON.parse(readFileSync(demoDataFile, 'utf8')) as Problem;

const dir = mkdtempSync(join(tmpdir(), 'peican-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function small(): Problem {
  return {
    regions: [
      { id: 'C', name: '市', level: 'CITY', parentId: null }, { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' },
      { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' },
    ],
    departments: [{ id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' }],
    supplyItems: [{ id: 'S1', departmentId: 'DK', category: 'HEALTH', title: '义诊送药进村', description: '送医送药', forms: ['CLINIC'], capacity: 1, coverage: ['K'] }],
    demandItems: [{ id: 'D1', townshipId: 'T', category: 'HEALTH', title: '老人义诊', content: '独居老人希望义诊', forms: ['CLINIC'], priority: 'VULNERABLE' }],
  };
}

function faults(input: unknown): string[] {
  try {
    validateProblem(input);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemError);
    return (e as ProblemError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('JSON Schemas', () => {
  it('the demo data is a problem, and the results of the demo and of random problems are results', () => {
    expect(problemSchema(demo), JSON.stringify(problemSchema.errors)).toBe(true);
    expect(resultSchema(match(demo)), JSON.stringify(resultSchema.errors)).toBe(true);
    fc.assert(fc.property(problemArb(), (p) => {
      expect(problemSchema(p), JSON.stringify(problemSchema.errors)).toBe(true);
      expect(resultSchema(match(p)), JSON.stringify(resultSchema.errors)).toBe(true);
    }), { numRuns: 50 });
  });

  it('rejects what the checks reject: a missing field, a negative capacity, a bad date, an unknown form', () => {
    const bad = small() as unknown as { supplyItems: Record<string, unknown>[]; demandItems: Record<string, unknown>[] };
    bad.supplyItems[0].capacity = -1;
    expect(problemSchema(bad)).toBe(false);
    const noTitle = small() as unknown as { demandItems: Record<string, unknown>[] };
    delete noTitle.demandItems[0].title;
    expect(problemSchema(noTitle)).toBe(false);
    const badDate = small() as unknown as { demandItems: Record<string, unknown>[] };
    badDate.demandItems[0].window = { start: '2020/01/01', end: '2020-02-01' };
    expect(problemSchema(badDate)).toBe(false);
    const badForm = small() as unknown as { demandItems: Record<string, unknown>[] };
    badForm.demandItems[0].forms = ['DANCE'];
    expect(problemSchema(badForm)).toBe(false);
  });
});

describe('checking a problem', () => {
  it('accepts a sound one', () => {
    expect(faults(small())).toEqual([]);
  });

  it('names the place of every fault and what is allowed', () => {
    const p = small() as unknown as Record<string, Record<string, unknown>[]>;
    p.supplyItems[0].capacity = -2;
    p.supplyItems[0].departmentId = 'NOPE';
    p.supplyItems[0].coverage = ['ZZ'];
    p.demandItems[0].townshipId = 'K';
    p.demandItems[0].priority = 'HIGH';
    p.demandItems[0].window = { start: '2020-03-01', end: '2020-02-01' };
    p.demandItems.push({ ...p.demandItems[0], id: 'D1', pinnedSupplyId: 'S9', townshipId: 'T', window: null, priority: 'NORMAL' });
    p.regions.push({ id: 'X', name: '村', level: 'VILLAGE', parentId: 'K' });
    expect(faults(p)).toEqual([
      'regions[3].parentId: a VILLAGE region\'s parent must be one level up; "K" is COUNTY',
      'supplyItems[0].departmentId: unknown department "NOPE"',
      'supplyItems[0].capacity: must be a whole number ≥ 0; got -2',
      'supplyItems[0].coverage[0]: unknown region "ZZ"',
      'demandItems[0].townshipId: must be a TOWNSHIP region; "K" is COUNTY',
      'demandItems[0].window: start 2020-03-01 is after end 2020-02-01',
      'demandItems[0].priority: must be one of NORMAL, VULNERABLE, URGENT; got "HIGH"',
      'demandItems[1].id: duplicate id "D1" (first at demandItems[0])',
      'demandItems[1].pinnedSupplyId: unknown supply item "S9"',
    ]);
  });

  it('says which top-level list is missing', () => {
    expect(faults({ regions: [] })).toEqual([
      'departments: must be an array; got nothing (the field is missing)',
      'supplyItems: must be an array; got nothing (the field is missing)',
      'demandItems: must be an array; got nothing (the field is missing)',
    ]);
    expect(faults([])).toEqual(['(top level): must be an object; got an array']);
  });
});

describe('peican match', () => {
  const bin = join(projectRoot, 'bin', 'peican.js');
  const peican = (...args: string[]) => spawnSync(process.execPath, [bin, 'match', ...args], { encoding: 'utf8' });

  it('reads a problem file and writes a result that fits the schema, the same bytes each time', () => {
    const input = join(dir, 'problem.json');
    writeFileSync(input, JSON.stringify(small()));
    const first = peican('--input', input, '--output', join(dir, 'a.json'));
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Placed 1 at county tier and 0 at city tier; escalated 0; kept 0 pinned\./);
    expect(peican('--input', input, '--output', join(dir, 'b.json')).status).toBe(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(a);
    const result = JSON.parse(a);
    expect(resultSchema(result)).toBe(true);
    expect(result.assignments).toMatchObject([{ demandId: 'D1', supplyId: 'S1', tier: 'COUNTY' }]);
  });

  it('writes the result to stdout without --output', () => {
    const input = join(dir, 'problem.json');
    writeFileSync(input, JSON.stringify(small()));
    expect(JSON.parse(execFileSync(process.execPath, [bin, 'match', '--input', input], { encoding: 'utf8' })).stats.placedCounty).toBe(1);
  });

  it('refuses a bad file with the place of the fault and a non-zero exit', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"regions": [');
    const r1 = peican('--input', notJson);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain('is not JSON');
    const negative = join(dir, 'negative.json');
    const p = small();
    p.supplyItems[0].capacity = -1;
    writeFileSync(negative, JSON.stringify(p));
    const r2 = peican('--input', negative);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('supplyItems[0].capacity: must be a whole number ≥ 0; got -1');
    const r3 = peican('--input', join(dir, 'absent.json'));
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain('ENOENT');
    expect(peican().status).toBe(1);
    expect(peican('--input', notJson, '--threshold', 'x').stderr).toContain('--threshold');
  });

  it('--demo prints the summary per county', () => {
    const r = peican('--demo');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^total\s+114\s+25\s+81\s+8\s+0$/m);
    expect(r.stdout).toContain('Escalated by reason: HARD_CASE 6, LOW_RELEVANCE 2');
    expect(r.stdout).toContain('五原县');
  });
});
