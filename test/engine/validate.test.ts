import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDataFile, projectRoot } from '../../src/common/paths';
import { ProblemError, validateProblem, type Problem } from '../../src/engine';

/**
 * The issue's `peican match`: bad files get a clear message naming the place and a non-zero exit;
 * good ones a result in the format of schema/match-result.schema.json. (The CLI tests run the
 * built command: `npm test` builds first; run `npm run build` before running this file alone.)
 */

/** A problem as loose JSON, to break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function small(): Problem {
  return {
    regions: [
      { id: 'C', name: '市', level: 'CITY', parentId: null },
      { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' },
      { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' },
    ],
    departments: [{ id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' }],
    supplyItems: [{ id: 'S1', departmentId: 'DK', category: 'HEALTH', title: '义诊送药进村', description: '送医送药', forms: ['CLINIC'], capacity: 1, coverage: ['K'] }],
    demandItems: [{ id: 'D1', townshipId: 'T', category: 'HEALTH', title: '老人义诊', content: '独居老人希望义诊', forms: ['CLINIC'], priority: 'VULNERABLE' }],
  };
}

/** The checker's messages for a problem, "path: message" each; [] when it passes. */
function faults(input: unknown): string[] {
  try {
    validateProblem(input);
    return [];
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

/** small() changed by `edit`. */
function broken(edit: (p: Json) => void): Json {
  const p = small() as unknown as Json;
  edit(p);
  return p;
}

describe('checking a problem', () => {
  it('accepts a sound one, and the demo file with its extra fields', () => {
    expect(faults(small())).toEqual([]);
    expect(faults(JSON.parse(readFileSync(demoDataFile, 'utf8')))).toEqual([]);
  });

  // Each fault is named by its place and says what was wrong and what is allowed.
  it.each<[string, (p: Json) => void, string]>([
    ['a missing field', (p) => delete p.demandItems[0].title, 'demandItems[0].title: must be a string; got nothing (the field is missing)'],
    ['a missing capacity', (p) => delete p.supplyItems[0].capacity, 'supplyItems[0].capacity: must be a whole number ≥ 0; got nothing (the field is missing)'],
    ['a missing forms list', (p) => delete p.supplyItems[0].forms, 'supplyItems[0].forms: must be an array; got nothing (the field is missing)'],
    ['a blank title', (p) => (p.supplyItems[0].title = '  '), 'supplyItems[0].title: must not be empty'],
    ['a number for a string', (p) => (p.regions[0].name = 7), 'regions[0].name: must be a string; got 7'],
    ['an unknown department', (p) => (p.supplyItems[0].departmentId = 'NOPE'), 'supplyItems[0].departmentId: unknown department "NOPE"'],
    ['an unknown township', (p) => (p.demandItems[0].townshipId = 'ZZ'), 'demandItems[0].townshipId: unknown region "ZZ"'],
    ['a demand in a county, not a township', (p) => (p.demandItems[0].townshipId = 'K'), 'demandItems[0].townshipId: must be a TOWNSHIP region; "K" is COUNTY'],
    ['an unknown coverage region', (p) => p.supplyItems[0].coverage.push('ZZ'), 'supplyItems[0].coverage[1]: unknown region "ZZ"'],
    ['an empty coverage', (p) => (p.supplyItems[0].coverage = []), 'supplyItems[0].coverage: must name at least one region'],
    ['an unknown pinned item', (p) => (p.demandItems[0].pinnedSupplyId = 'S9'), 'demandItems[0].pinnedSupplyId: unknown supply item "S9"'],
    ['an unknown parent region', (p) => (p.regions[2].parentId = 'ZZ'), 'regions[2].parentId: unknown region "ZZ"'],
    ['a parent two levels up', (p) => (p.regions[2].parentId = 'C'), 'regions[2].parentId: a TOWNSHIP region\'s parent must be one level up; "C" is CITY'],
    ['a county without a parent', (p) => (p.regions[1].parentId = null), 'regions[1].parentId: a COUNTY region needs a parent region'],
    ['an unknown department region', (p) => (p.departments[0].regionId = 'ZZ'), 'departments[0].regionId: unknown region "ZZ"'],
    ['a department in a region of another level', (p) => (p.departments[0].regionId = 'C'), 'departments[0].regionId: a COUNTY department belongs to a COUNTY region; "C" is CITY'],
    ['a duplicate region id', (p) => p.regions.push({ ...p.regions[2] }), 'regions[3].id: duplicate id "T" (first at regions[2])'],
    ['a duplicate department id', (p) => p.departments.push({ ...p.departments[0] }), 'departments[1].id: duplicate id "DK" (first at departments[0])'],
    ['a duplicate supply id', (p) => p.supplyItems.push({ ...p.supplyItems[0] }), 'supplyItems[1].id: duplicate id "S1" (first at supplyItems[0])'],
    ['a duplicate demand id', (p) => p.demandItems.push({ ...p.demandItems[0] }), 'demandItems[1].id: duplicate id "D1" (first at demandItems[0])'],
    ['a negative capacity', (p) => (p.supplyItems[0].capacity = -1), 'supplyItems[0].capacity: must be a whole number ≥ 0; got -1'],
    ['a fractional capacity', (p) => (p.supplyItems[0].capacity = 1.5), 'supplyItems[0].capacity: must be a whole number ≥ 0; got 1.5'],
    ['a capacity in quotes', (p) => (p.supplyItems[0].capacity = '3'), 'supplyItems[0].capacity: must be a whole number ≥ 0; got "3"'],
    ['a negative number of beneficiaries', (p) => (p.demandItems[0].beneficiaries = -5), 'demandItems[0].beneficiaries: must be a whole number ≥ 0; got -5'],
    ['a date in another format', (p) => (p.demandItems[0].window = { start: '2020/01/01', end: '2020-02-01' }), 'demandItems[0].window.start: must be an ISO 8601 date YYYY-MM-DD; got "2020/01/01"'],
    ['a date that does not exist', (p) => (p.supplyItems[0].window = { start: '2020-01-01', end: '2020-02-30' }), 'supplyItems[0].window.end: must be an ISO 8601 date YYYY-MM-DD; got "2020-02-30"'],
    ['a window without an end', (p) => (p.supplyItems[0].window = { start: '2020-01-01' }), 'supplyItems[0].window.end: must be an ISO 8601 date YYYY-MM-DD; got nothing (the field is missing)'],
    ['a window that ends before it starts', (p) => (p.demandItems[0].window = { start: '2020-03-01', end: '2020-02-01' }), 'demandItems[0].window: start 2020-03-01 is after end 2020-02-01'],
    ['an unknown priority', (p) => (p.demandItems[0].priority = 'HIGH'), 'demandItems[0].priority: must be one of NORMAL, VULNERABLE, URGENT; got "HIGH"'],
    ['an unknown category', (p) => (p.supplyItems[0].category = 'FOOD'), 'supplyItems[0].category: must be one of THEORY, POLICY, TECHNOLOGY, HEALTH, SERVICE, CULTURE, WARMTH; got "FOOD"'],
    ['an unknown form', (p) => (p.demandItems[0].forms = ['CLINIC', 'DANCE']), 'demandItems[0].forms[1]: must be one of LECTURE, TRAINING, CONSULTATION, CLINIC, PERFORMANCE, SCREENING, ON_SITE, DONATION, VISIT, HOTLINE, OTHER; got "DANCE"'],
    ['an unknown kind', (p) => (p.demandItems[0].kind = 'OLD'), 'demandItems[0].kind: must be one of INDIVIDUAL, COMMON, HARD; got "OLD"'],
    ['an unknown department level', (p) => (p.departments[0].level = 'TOWNSHIP'), 'departments[0].level: must be one of CITY, COUNTY; got "TOWNSHIP"'],
    ['a village in a coverage', (p) => {
      p.regions.push({ id: 'V', name: '村', level: 'VILLAGE', parentId: 'T' });
      p.supplyItems[0].coverage = ['V'];
    }, 'supplyItems[0].coverage[0]: coverage names CITY, COUNTY or TOWNSHIP regions; "V" is a VILLAGE'],
    ['an item that is not an object', (p) => (p.demandItems[0] = 'D1'), 'demandItems[0]: must be an object; got "D1"'],
  ])('names the place of %s', (_, edit, message) => {
    expect(faults(broken(edit))).toEqual([message]);
  });

  it('names the place of an unknown region level', () => {
    expect(faults(broken((p) => (p.regions[2].level = 'PROVINCE')))[0]).toBe('regions[2].level: must be one of CITY, COUNTY, TOWNSHIP, VILLAGE; got "PROVINCE"');
  });

  // Reported: the one fault above also yields "regions[2].parentId: a PROVINCE region's parent must be one level up"
  // and "demandItems[0].townshipId: unknown region "T"" — but T is in the file; only its level is wrong.
  it('reports an unknown region level once, without calling the region unknown elsewhere', () => {
    expect(faults(broken((p) => (p.regions[2].level = 'PROVINCE')))).toEqual(['regions[2].level: must be one of CITY, COUNTY, TOWNSHIP, VILLAGE; got "PROVINCE"']);
  });

  it('reports every fault at once, at most 25', () => {
    const p = broken((q) => {
      q.supplyItems[0].capacity = -2;
      q.demandItems[0].priority = 'HIGH';
    });
    expect(faults(p)).toEqual(['supplyItems[0].capacity: must be a whole number ≥ 0; got -2', 'demandItems[0].priority: must be one of NORMAL, VULNERABLE, URGENT; got "HIGH"']);
    const many = broken((q) => {
      q.demandItems = Array.from({ length: 40 }, (_, i) => ({ ...q.demandItems[0], id: `D${i}`, priority: 'HIGH' }));
    });
    expect(faults(many)).toHaveLength(25);
    expect(() => validateProblem(many)).toThrow(/^25\+ problem\(s\) in the input:\n {2}demandItems\[0\]\.priority/);
  });

  it('says which top-level list is missing, and refuses what is not an object', () => {
    expect(faults({ regions: [] })).toEqual([
      'departments: must be an array; got nothing (the field is missing)',
      'supplyItems: must be an array; got nothing (the field is missing)',
      'demandItems: must be an array; got nothing (the field is missing)',
    ]);
    expect(faults([])).toEqual(['(top level): must be an object; got an array']);
    expect(faults(null)).toEqual(['(top level): must be an object; got null']);
  });
});

describe('peican match (the built command)', () => {
  const bin = join(projectRoot, 'bin', 'peican.js');
  const dir = mkdtempSync(join(tmpdir(), 'peican-match-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const peican = (args: string[], input?: string) => spawnSync(process.execPath, [bin, 'match', ...args], { encoding: 'utf8', input });
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const resultSchema = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(projectRoot, 'schema', 'match-result.schema.json'), 'utf8')));

  it('reads a problem file and writes a result that fits the schema, the same bytes each time', () => {
    const input = file('problem.json', JSON.stringify(small()));
    const first = peican(['--input', input, '--output', join(dir, 'a.json')]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Placed 1 at county tier and 0 at city tier; escalated 0; kept 0 pinned\./);
    expect(peican(['--input', input, '--output', join(dir, 'b.json')]).status).toBe(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(a);
    const result: unknown = JSON.parse(a);
    expect(resultSchema(result), JSON.stringify(resultSchema.errors)).toBe(true);
    expect(result).toMatchObject({ assignments: [{ demandId: 'D1', supplyId: 'S1', tier: 'COUNTY' }], escalations: [] });
  });

  it('writes the result to stdout without --output, reads stdin with --input -, and takes --threshold', () => {
    const input = file('problem.json', JSON.stringify(small()));
    expect(JSON.parse(execFileSync(process.execPath, [bin, 'match', '--input', input], { encoding: 'utf8' })).stats.placedCounty).toBe(1);
    const piped = peican(['--input', '-'], JSON.stringify(small()));
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout).stats.placedCounty).toBe(1);
    const strict = JSON.parse(peican(['--input', input, '--threshold', '0.99']).stdout);
    expect(strict.stats).toMatchObject({ threshold: 0.99, placedCounty: 0, escalatedByReason: { LOW_RELEVANCE: 1 } });
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const path = file('broken.json', '{"regions": [');
    const r = peican(['--input', path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path} is not JSON`);
    expect(r.stdout).toBe('');
  });

  it('refuses a bad problem with the place of every fault and exit code 1', () => {
    const p = small() as unknown as Json;
    p.supplyItems[0].capacity = -1;
    p.demandItems[0].townshipId = '150899';
    const r = peican(['--input', file('bad.json', JSON.stringify(p)), '--output', join(dir, 'never.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('supplyItems[0].capacity: must be a whole number ≥ 0; got -1');
    expect(r.stderr).toContain('demandItems[0].townshipId: unknown region "150899"');
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
  });

  it('refuses a missing file, no input at all and a bad threshold, with a non-zero exit', () => {
    const missing = peican(['--input', join(dir, 'absent.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    expect(peican([]).status).not.toBe(0);
    const threshold = peican(['--input', file('ok.json', JSON.stringify(small())), '--threshold', 'x']);
    expect(threshold.status).not.toBe(0);
    expect(threshold.stderr).toContain('--threshold');
  });

  it('--demo prints a table per county with a total row (--no-lexicon: the texts alone)', () => {
    const r = peican(['--demo', '--no-lexicon']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^county\s+demands\s+county tier\s+city tier\s+escalated\s+pinned$/m);
    expect(r.stdout).toMatch(/^total\s+114\s+23\s+83\s+8\s+0$/m);
    expect(r.stdout).toContain('Escalated by reason: HARD_CASE 6, LOW_RELEVANCE 2');
    for (const county of ['临河区', '五原县', '磴口县', '乌拉特前旗', '乌拉特中旗', '乌拉特后旗', '杭锦后旗']) expect(r.stdout).toContain(county);
  });

  it('--demo with the project lexicon (the default) escalates only the hard cases', () => {
    const r = peican(['--demo']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^total\s+114\s+\d+\s+\d+\s+6\s+0$/m);
    expect(r.stdout).toContain('Escalated by reason: HARD_CASE 6');
  });
});
