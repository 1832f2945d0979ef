import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoDataFile, projectRoot } from '../../src/common/paths';
import {
  CATEGORIES, DEMAND_KINDS, DEPARTMENT_LEVELS, ESCALATION_REASONS, PRIORITIES, REGION_LEVELS, SERVICE_FORMS,
  match, validateProblem,
} from '../../src/engine';
import { problemArb } from './support';

/** The file format "with a JSON Schema in schema/": the schemas describe what the engine reads and writes. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const read = (name: string): Json => JSON.parse(readFileSync(join(projectRoot, 'schema', name), 'utf8'));
const problemJson = read('match-problem.schema.json');
const resultJson = read('match-result.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const problemSchema = ajv.compile(problemJson);
const resultSchema = ajv.compile(resultJson);
const demo: unknown = JSON.parse(readFileSync(demoDataFile, 'utf8'));

const errors = (validate: typeof problemSchema) => JSON.stringify(validate.errors, null, 1);

function small(): Json {
  return {
    regions: [
      { id: 'C', name: '市', level: 'CITY', parentId: null }, { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' },
      { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' },
    ],
    departments: [{ id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' }],
    supplyItems: [{ id: 'S1', departmentId: 'DK', category: 'HEALTH', title: '义诊送药进村', description: '送医送药', forms: ['CLINIC'], capacity: 1, coverage: ['K'], window: null }],
    demandItems: [{ id: 'D1', townshipId: 'T', category: 'HEALTH', title: '老人义诊', content: '', forms: ['CLINIC'], priority: 'VULNERABLE', kind: null, pinnedSupplyId: null }],
  };
}

describe('schema/match-problem.schema.json', () => {
  it('is draft 2020-12 and names the same values as the engine', () => {
    expect(problemJson.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = problemJson.$defs;
    expect(defs.category.enum).toEqual([...CATEGORIES]);
    expect(defs.forms.items.enum).toEqual([...SERVICE_FORMS]);
    expect(defs.region.properties.level.enum).toEqual([...REGION_LEVELS]);
    expect(defs.department.properties.level.enum).toEqual([...DEPARTMENT_LEVELS]);
    expect(defs.demandItem.properties.priority.enum).toEqual([...PRIORITIES]);
    expect(defs.demandItem.properties.kind.enum).toEqual([...DEMAND_KINDS, null]);
  });

  it('accepts the demo file (extra fields included) and random problems', () => {
    expect(problemSchema(demo), errors(problemSchema)).toBe(true);
    expect(problemSchema(small()), errors(problemSchema)).toBe(true);
    fc.assert(fc.property(problemArb(), (p) => {
      expect(problemSchema(p), errors(problemSchema)).toBe(true);
    }), { numRuns: 50 });
  });

  // What the schema can say, it says as the checker does: both refuse these.
  it.each<[string, (p: Json) => void]>([
    ['a missing top-level list', (p) => delete p.demandItems],
    ['a missing title', (p) => delete p.demandItems[0].title],
    ['a blank title', (p) => (p.supplyItems[0].title = ' ')],
    ['a missing capacity', (p) => delete p.supplyItems[0].capacity],
    ['a negative capacity', (p) => (p.supplyItems[0].capacity = -1)],
    ['a fractional capacity', (p) => (p.supplyItems[0].capacity = 0.5)],
    ['an empty coverage', (p) => (p.supplyItems[0].coverage = [])],
    ['a date in another format', (p) => (p.demandItems[0].window = { start: '2020/01/01', end: '2020-02-01' })],
    ['month 13', (p) => (p.demandItems[0].window = { start: '2020-13-01', end: '2020-13-02' })],
    ['a window without an end', (p) => (p.supplyItems[0].window = { start: '2020-01-01' })],
    ['an unknown form', (p) => (p.demandItems[0].forms = ['DANCE'])],
    ['an unknown category', (p) => (p.supplyItems[0].category = 'FOOD')],
    ['an unknown priority', (p) => (p.demandItems[0].priority = 'HIGH')],
    ['an unknown kind', (p) => (p.demandItems[0].kind = 'OLD')],
    ['an unknown department level', (p) => (p.departments[0].level = 'TOWNSHIP')],
    ['an empty id', (p) => (p.regions[0].id = '')],
    ['a number for an id', (p) => (p.demandItems[0].id = 1)],
  ])('refuses %s, as the checker does', (_, edit) => {
    const p = small();
    edit(p);
    expect(problemSchema(p)).toBe(false);
    expect(() => validateProblem(p)).toThrow();
  });
});

describe('schema/match-result.schema.json', () => {
  it('is draft 2020-12 and names the same values as the engine', () => {
    expect(resultJson.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = resultJson.$defs;
    expect(defs.escalation.properties.reason.enum).toEqual([...ESCALATION_REASONS]);
    expect(defs.stats.properties.escalatedByReason.required).toEqual([...ESCALATION_REASONS]);
    expect(defs.tier.enum).toEqual(['COUNTY', 'CITY']);
  });

  // additionalProperties is false throughout the result, so a field added to or renamed in types.ts without the schema fails here.
  it('accepts what the engine writes, on the demo and on random problems, at any threshold', () => {
    const result = match(validateProblem(demo));
    expect(resultSchema(result), errors(resultSchema)).toBe(true);
    fc.assert(fc.property(problemArb(), fc.constantFrom(undefined, 0, 0.5, 1), (p, threshold) => {
      const r = match(p, { threshold });
      expect(resultSchema(r), errors(resultSchema)).toBe(true);
    }), { numRuns: 100 });
  });

  it('refuses a result with a field the format does not have, or a value outside it', () => {
    const result = match(validateProblem(demo)) as unknown as Json;
    expect(resultSchema({ ...result, extra: 1 })).toBe(false);
    const wrongTier = structuredClone(result);
    wrongTier.assignments[0].tier = 'MANUAL';
    expect(resultSchema(wrongTier)).toBe(false);
    const wrongReason = structuredClone(result);
    wrongReason.escalations[0].reason = 'UNKNOWN';
    expect(resultSchema(wrongReason)).toBe(false);
  });
});
