import {
  CATEGORIES, DEMAND_KINDS, DEPARTMENT_LEVELS, PRIORITIES, REGION_LEVELS, SERVICE_FORMS,
  type Problem, type Window,
} from './types';

/**
 * Checks a problem read from JSON against the format and its references, and names the place of
 * every fault (`supplyItems[3].capacity: …`). Returns the problem typed, or throws ProblemError
 * with all the faults found (at most MAX_ISSUES).
 */

export interface ProblemIssue {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(readonly issues: ProblemIssue[]) {
    super(`${issues.length}${issues.length >= MAX_ISSUES ? '+' : ''} problem(s) in the input:\n` + issues.map((i) => `  ${i.path}: ${i.message}`).join('\n'));
    this.name = 'ProblemError';
  }
}

const MAX_ISSUES = 25;
const UNKNOWN = 'UNKNOWN';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LEVEL_RANK: Record<string, number> = { CITY: 0, COUNTY: 1, TOWNSHIP: 2, VILLAGE: 3 };

type Json = Record<string, unknown>;

class Checker {
  readonly issues: ProblemIssue[] = [];

  fault(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }

  object(path: string, value: unknown): value is Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.fault(path, `must be an object; got ${describe(value)}`);
    return false;
  }

  array(path: string, value: unknown): value is unknown[] {
    if (Array.isArray(value)) return true;
    this.fault(path, `must be an array; got ${describe(value)}`);
    return false;
  }

  string(path: string, value: unknown, { empty = false } = {}): value is string {
    if (typeof value === 'string' && (empty || value.trim() !== '')) return true;
    this.fault(path, typeof value === 'string' ? 'must not be empty' : `must be a string; got ${describe(value)}`);
    return false;
  }

  oneOf(path: string, value: unknown, allowed: readonly string[]): boolean {
    if (typeof value === 'string' && allowed.includes(value)) return true;
    this.fault(path, `must be one of ${allowed.join(', ')}; got ${describe(value)}`);
    return false;
  }

  integer(path: string, value: unknown, min: number): boolean {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return true;
    this.fault(path, `must be a whole number ≥ ${min}; got ${describe(value)}`);
    return false;
  }

  forms(path: string, value: unknown): void {
    if (!this.array(path, value)) return;
    value.forEach((form, i) => this.oneOf(`${path}[${i}]`, form, SERVICE_FORMS));
  }

  window(path: string, value: unknown): void {
    if (value === undefined || value === null) return;
    if (!this.object(path, value)) return;
    const ok = this.date(`${path}.start`, value.start) && this.date(`${path}.end`, value.end);
    if (ok && (value as unknown as Window).start > (value as unknown as Window).end) this.fault(path, `start ${value.start} is after end ${value.end}`);
  }

  date(path: string, value: unknown): boolean {
    if (typeof value === 'string' && ISO_DATE.test(value)) {
      const d = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return true;
    }
    this.fault(path, `must be an ISO 8601 date YYYY-MM-DD; got ${describe(value)}`);
    return false;
  }

  /** Records the id and reports a duplicate. */
  uniqueId(path: string, value: unknown, seen: Map<string, string>): void {
    if (!this.string(path, value)) return;
    const first = seen.get(value);
    if (first !== undefined) this.fault(path, `duplicate id "${value}" (first at ${first})`);
    else seen.set(value, path.replace(/\.id$/, ''));
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function validateProblem(input: unknown): Problem {
  const c = new Checker();
  if (!c.object('(top level)', input)) throw new ProblemError(c.issues);
  for (const key of ['regions', 'departments', 'supplyItems', 'demandItems']) {
    if (!Array.isArray(input[key])) c.fault(key, `must be an array; got ${describe(input[key])}`);
  }
  if (c.issues.length) throw new ProblemError(c.issues);
  const regions = input.regions as unknown[];
  const departments = input.departments as unknown[];
  const supplyItems = input.supplyItems as unknown[];
  const demandItems = input.demandItems as unknown[];

  const regionIds = new Map<string, string>();
  /** Every region's level; a level that is not one of the allowed ones was reported once, and its
   *  region counts as known (UNKNOWN) so that references to it raise no second, false fault. */
  const regionLevel = new Map<string, string>();
  regions.forEach((r, i) => {
    const p = `regions[${i}]`;
    if (!c.object(p, r)) return;
    c.uniqueId(`${p}.id`, r.id, regionIds);
    c.string(`${p}.name`, r.name);
    const levelOk = c.oneOf(`${p}.level`, r.level, REGION_LEVELS);
    if (typeof r.id === 'string') regionLevel.set(r.id, levelOk ? (r.level as string) : UNKNOWN);
  });
  regions.forEach((r, i) => {
    if (typeof r !== 'object' || r === null) return;
    const { parentId, level } = r as Json;
    if (!REGION_LEVELS.includes(level as never)) return;
    const p = `regions[${i}].parentId`;
    if (parentId === null || parentId === undefined) {
      if (level !== 'CITY') c.fault(p, `a ${String(level)} region needs a parent region`);
      return;
    }
    if (!c.string(p, parentId)) return;
    const parentLevel = regionLevel.get(parentId);
    if (parentLevel === undefined) c.fault(p, `unknown region "${parentId}"`);
    else if (parentLevel !== UNKNOWN && typeof level === 'string' && LEVEL_RANK[parentLevel] !== LEVEL_RANK[level] - 1) {
      c.fault(p, `a ${level} region's parent must be one level up; "${parentId}" is ${parentLevel}`);
    }
  });

  const departmentIds = new Map<string, string>();
  departments.forEach((d, i) => {
    const p = `departments[${i}]`;
    if (!c.object(p, d)) return;
    c.uniqueId(`${p}.id`, d.id, departmentIds);
    c.string(`${p}.name`, d.name);
    const levelOk = c.oneOf(`${p}.level`, d.level, DEPARTMENT_LEVELS);
    if (c.string(`${p}.regionId`, d.regionId)) {
      const level = regionLevel.get(d.regionId);
      if (level === undefined) c.fault(`${p}.regionId`, `unknown region "${d.regionId}"`);
      else if (levelOk && level !== UNKNOWN && level !== d.level) c.fault(`${p}.regionId`, `a ${String(d.level)} department belongs to a ${String(d.level)} region; "${d.regionId}" is ${level}`);
    }
  });

  const supplyIds = new Map<string, string>();
  supplyItems.forEach((s, i) => {
    const p = `supplyItems[${i}]`;
    if (!c.object(p, s)) return;
    c.uniqueId(`${p}.id`, s.id, supplyIds);
    if (c.string(`${p}.departmentId`, s.departmentId) && !departmentIds.has(s.departmentId)) c.fault(`${p}.departmentId`, `unknown department "${s.departmentId}"`);
    c.oneOf(`${p}.category`, s.category, CATEGORIES);
    c.string(`${p}.title`, s.title);
    c.string(`${p}.description`, s.description, { empty: true });
    c.forms(`${p}.forms`, s.forms);
    c.integer(`${p}.capacity`, s.capacity, 0);
    if (c.array(`${p}.coverage`, s.coverage)) {
      if (s.coverage.length === 0) c.fault(`${p}.coverage`, 'must name at least one region');
      s.coverage.forEach((r, j) => {
        if (!c.string(`${p}.coverage[${j}]`, r)) return;
        const level = regionLevel.get(r);
        if (level === undefined) c.fault(`${p}.coverage[${j}]`, `unknown region "${r}"`);
        else if (level === 'VILLAGE') c.fault(`${p}.coverage[${j}]`, `coverage names CITY, COUNTY or TOWNSHIP regions; "${r}" is a VILLAGE`);
      });
    }
    c.window(`${p}.window`, s.window);
  });

  const demandIds = new Map<string, string>();
  demandItems.forEach((d, i) => {
    const p = `demandItems[${i}]`;
    if (!c.object(p, d)) return;
    c.uniqueId(`${p}.id`, d.id, demandIds);
    if (c.string(`${p}.townshipId`, d.townshipId)) {
      const level = regionLevel.get(d.townshipId);
      if (level === undefined) c.fault(`${p}.townshipId`, `unknown region "${d.townshipId}"`);
      else if (level !== 'TOWNSHIP' && level !== UNKNOWN) c.fault(`${p}.townshipId`, `must be a TOWNSHIP region; "${d.townshipId}" is ${level}`);
    }
    c.oneOf(`${p}.category`, d.category, CATEGORIES);
    c.string(`${p}.title`, d.title);
    c.string(`${p}.content`, d.content, { empty: true });
    c.forms(`${p}.forms`, d.forms);
    c.window(`${p}.window`, d.window);
    if (d.beneficiaries !== undefined && d.beneficiaries !== null) c.integer(`${p}.beneficiaries`, d.beneficiaries, 0);
    c.oneOf(`${p}.priority`, d.priority, PRIORITIES);
    if (d.kind !== undefined && d.kind !== null) c.oneOf(`${p}.kind`, d.kind, DEMAND_KINDS);
    if (d.declinedSupplyIds !== undefined && d.declinedSupplyIds !== null) {
      if (!Array.isArray(d.declinedSupplyIds)) c.fault(`${p}.declinedSupplyIds`, 'must be a list of supply item ids');
      else d.declinedSupplyIds.forEach((id: unknown, j: number) => {
        if (c.string(`${p}.declinedSupplyIds[${j}]`, id) && !supplyIds.has(id as string)) c.fault(`${p}.declinedSupplyIds[${j}]`, `unknown supply item "${id}"`);
      });
    }
    if (d.pinnedSupplyId !== undefined && d.pinnedSupplyId !== null && c.string(`${p}.pinnedSupplyId`, d.pinnedSupplyId) && !supplyIds.has(d.pinnedSupplyId)) {
      c.fault(`${p}.pinnedSupplyId`, `unknown supply item "${d.pinnedSupplyId}"`);
    }
  });

  if (c.issues.length) throw new ProblemError(c.issues);
  return input as unknown as Problem;
}
