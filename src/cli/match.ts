import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { demoDataFile } from '../common/paths';
import { match, ProblemError, validateProblem, type MatchResult, type Problem } from '../engine';
import { LexiconFileError, readLexicon } from '../modules/matching/lexicon-files';
import { CliError } from './cli-error';

/**
 * `peican match`: the engine on a JSON file, with no database and no server.
 * The formats are schema/match-problem.schema.json and schema/match-result.schema.json.
 */

export interface MatchValues {
  input?: string;
  output?: string;
  demo?: boolean;
  threshold?: string;
  /** A lexicon file of one's own, read after the project's lexicon/. */
  lexicon?: string;
  /** Match on the texts alone, without any lexicon. */
  'no-lexicon'?: boolean;
}

function readProblem(path: string): Problem {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not JSON: ${(e as Error).message}`);
  }
  try {
    return validateProblem(json);
  } catch (e) {
    if (e instanceof ProblemError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}

function parseThreshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new CliError(`--threshold: "${value}" is not a number from 0 to 1`);
  return n;
}

export function runMatch(values: MatchValues, out: (line: string) => void): number {
  if (values.demo && values.input) throw new CliError('give either --input FILE or --demo, not both');
  if (!values.demo && !values.input) throw new CliError('give --input FILE (a problem in the format of schema/match-problem.schema.json; "-" reads stdin), or --demo');
  const threshold = parseThreshold(values.threshold);
  const source = values.demo ? demoDataFile : values.input!;
  const problem = readProblem(source);
  let lexicon = null;
  try {
    lexicon = values['no-lexicon'] ? null : readLexicon(values.lexicon);
  } catch (e) {
    if (e instanceof LexiconFileError) throw new CliError(e.message);
    throw e;
  }
  const started = performance.now();
  const result = match(problem, { threshold, lexicon });
  const ms = performance.now() - started;
  if (values.output) {
    let fd: number | undefined;
    try {
      fd = openSync(values.output, 'w');
      writeJson(fd, result as unknown as Record<string, unknown>);
    } catch (e) {
      throw new CliError(`cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  if (values.demo) {
    for (const line of summaryTable(problem, result)) out(line);
    out(`Threshold ${result.stats.threshold}; ${result.stats.eligiblePairs} eligible pairs; ${ms.toFixed(0)} ms.`);
    if (values.output) out(`Wrote ${values.output}`);
  } else if (values.output) {
    const s = result.stats;
    out(`Placed ${s.placedCounty} at county tier and ${s.placedCity} at city tier; escalated ${s.escalated}${reasons(result)}; kept ${s.pinned} pinned. ${ms.toFixed(0)} ms. Wrote ${values.output}`);
  } else writeJson(1, result as unknown as Record<string, unknown>);
  return 0;
}

/**
 * Writes exactly `JSON.stringify(value, null, 2) + '\n'` to a file descriptor, in pieces (a
 * top-level array element by element): a province's result is longer than one string may be.
 */
export function writeJson(fd: number, value: Record<string, unknown>): void {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    const buffer = Buffer.from(pending.join(''));
    pending = [];
    size = 0;
    for (let at = 0; at < buffer.length;) {
      try {
        at += writeSync(fd, buffer, at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  };
  const put = (text: string) => {
    pending.push(text);
    size += text.length;
    if (size > 1 << 16) flush();
  };
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  put('{');
  keys.forEach((key, i) => {
    put(`${i ? ',' : ''}\n  ${JSON.stringify(key)}: `);
    const v = value[key];
    if (Array.isArray(v) && v.length > 0) {
      put('[');
      v.forEach((element, j) => put(`${j ? ',' : ''}\n    ${JSON.stringify(element, null, 2).replace(/\n/g, '\n    ')}`));
      put('\n  ]');
    } else put(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
  });
  put(keys.length ? '\n}\n' : '}\n');
  flush();
}

function reasons(result: MatchResult): string {
  const parts = Object.entries(result.stats.escalatedByReason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Demands, placed per tier and escalated, per county: the first thing an organizer asks. */
export function summaryTable(problem: Problem, result: MatchResult): string[] {
  const regions = new Map(problem.regions.map((r) => [r.id, r]));
  const countyOf = (townshipId: string) => {
    for (let r = regions.get(townshipId); r; r = r.parentId ? regions.get(r.parentId) : undefined) if (r.level === 'COUNTY') return r;
    return undefined;
  };
  const demandCounty = new Map(problem.demandItems.map((d) => [d.id, countyOf(d.townshipId)?.id ?? '?']));
  type Row = { demands: number; county: number; city: number; escalated: number; pinned: number };
  const rows = new Map<string, Row>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { demands: 0, county: 0, city: 0, escalated: 0, pinned: 0 }));
    return r;
  };
  for (const d of problem.demandItems) {
    const r = row(demandCounty.get(d.id)!);
    r.demands++;
    if (d.pinnedSupplyId) r.pinned++;
  }
  for (const a of result.assignments) row(demandCounty.get(a.demandId)!)[a.tier === 'COUNTY' ? 'county' : 'city']++;
  for (const e of result.escalations) row(demandCounty.get(e.demandId)!).escalated++;
  const ids = [...rows.keys()].sort();
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const num = (n: number, w: number) => String(n).padStart(w);
  const names = ids.map((id) => regions.get(id)?.name ?? id);
  const first = Math.max(8, ...names.map(width)) + 2;
  const lines = [pad('county', first) + 'demands  county tier  city tier  escalated  pinned'];
  const total: Row = { demands: 0, county: 0, city: 0, escalated: 0, pinned: 0 };
  ids.forEach((id, i) => {
    const r = rows.get(id)!;
    for (const k of Object.keys(total) as (keyof Row)[]) total[k] += r[k];
    lines.push(pad(names[i], first) + num(r.demands, 7) + num(r.county, 13) + num(r.city, 11) + num(r.escalated, 11) + num(r.pinned, 8));
  });
  lines.push(pad('total', first) + num(total.demands, 7) + num(total.county, 13) + num(total.city, 11) + num(total.escalated, 11) + num(total.pinned, 8));
  lines.push(`Escalated by reason:${reasons(result) ? ' ' + reasons(result).slice(2, -1) : ' none'}`);
  return lines;
}
