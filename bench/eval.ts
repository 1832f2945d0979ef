import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { summaryTable } from '../src/cli/match';
import { readLexicon } from '../src/modules/matching/lexicon-files';
import { demoDataFile, projectRoot } from '../src/common/paths';
import {
  CATEGORIES,
  ESCALATION_REASONS,
  match,
  ProblemError,
  validateProblem,
  type Category,
  type EscalationReason,
  type MatchOptions,
  type MatchResult,
  type Problem,
  type ProblemDemandItem,
  type ProblemSupplyItem,
} from '../src/engine';

/**
 * Matching quality: `npm run eval` runs the engine (its public `match()`, default options) on the
 * development set bench/eval/problem.json and scores it against bench/eval/gold.json, written by
 * hand from the texts alone before the engine was run on them (bench/README.md, "Matching quality").
 *
 *   npm run eval                      tables for the tune half, the check half and both, every miss, the demo's summary
 *   npm run eval -- --half tune       one half only
 *   npm run eval -- --json            a machine-readable summary instead
 *   npm run eval -- --check-gold      check the gold (structure, eligibility, capacity) and stop
 *   npm run eval -- --options F.json  an options object handed to match() as it is (e.g. a lexicon or
 *                                     precedents, once the engine takes them); nothing is passed by default
 *
 * A demand counts as placed as gold when gold says PLACE and the engine placed it on one of gold's items
 * (and not on a city item while one of gold's county items still had room: county first), or when gold
 * says ESCALATE and the engine escalated it (the reason need not match; the reason confusion is printed).
 */

export type Half = 'tune' | 'check';
export type Expect = 'PLACE' | 'ESCALATE';

export interface GoldEntry {
  demandId: string;
  expect: Expect;
  supplyIds?: string[];
  reason?: EscalationReason;
  category: Category;
  split: Half;
  style?: string;
  tags?: string[];
  note?: string;
}

export interface Gold {
  splitRule?: string;
  demands: GoldEntry[];
}

/** How the engine's decision on one demand compares with gold. */
export type Verdict = 'OK' | 'ESCALATED_SHOULD_PLACE' | 'PLACED_SHOULD_ESCALATE' | 'WRONG_ITEM' | 'TIER';

export interface DemandOutcome {
  demandId: string;
  split: Half;
  category: Category;
  ticked: Category;
  style: string;
  tags: string[];
  gold: GoldEntry;
  engine:
    | { placed: true; supplyId: string; tier: 'COUNTY' | 'CITY'; score: number; text: number; runnerUp: { supplyId: string; score: number; lostBy: string } | null }
    | { placed: false; reason: EscalationReason; best: { supplyId: string; score?: number; rule: string }[] };
  verdict: Verdict;
  /** Placed on a city item while one of gold's county items for it still had room. */
  countyBeforeCity: boolean;
}

export interface Figures {
  demands: number;
  goldEscalate: number;
  asGold: number;
  accuracy: number;
  escalatedShouldPlace: number;
  placedShouldEscalate: number;
  wrongItem: number;
  tier: number;
  countyBeforeCity: number;
}

export const OUTCOME_COLUMNS = ['PLACED', ...ESCALATION_REASONS] as const;
export type ReasonConfusion = Record<string, Record<string, number>>;

export interface HalfReport {
  overall: Figures;
  byCategory: Record<Category, Figures>;
  byStyle: Record<string, Figures>;
  byTag: Record<string, Figures>;
  /** Rows: gold (PLACE or the gold reason); columns: the engine (PLACED or its reason). */
  reasonConfusion: ReasonConfusion;
}

export interface EvalReport {
  threshold: number;
  demands: number;
  supplyItems: number;
  halves: Record<Half | 'both', HalfReport>;
  outcomes: DemandOutcome[];
}

export class GoldError extends Error {
  constructor(readonly faults: string[]) {
    super(`gold is not consistent with the problem (${faults.length} fault(s)):\n` + faults.map((f) => '  ' + f).join('\n'));
    this.name = 'GoldError';
  }
}

// ---------------------------------------------------------------------------------------------
// Gold: structure, eligibility, feasibility

interface Index {
  demands: Map<string, ProblemDemandItem>;
  supply: Map<string, ProblemSupplyItem>;
  parent: Map<string, string | null>;
  level: Map<string, string>;
  deptLevel: Map<string, 'CITY' | 'COUNTY'>;
  deptRegion: Map<string, string>;
  /** Capacity left once the pinned demands are counted. */
  room: Map<string, number>;
}

function index(problem: Problem): Index {
  const room = new Map(problem.supplyItems.map((s) => [s.id, s.capacity]));
  for (const d of problem.demandItems) if (d.pinnedSupplyId) room.set(d.pinnedSupplyId, (room.get(d.pinnedSupplyId) ?? 0) - 1);
  return {
    demands: new Map(problem.demandItems.map((d) => [d.id, d])),
    supply: new Map(problem.supplyItems.map((s) => [s.id, s])),
    parent: new Map(problem.regions.map((r) => [r.id, r.parentId])),
    level: new Map(problem.regions.map((r) => [r.id, r.level])),
    deptLevel: new Map(problem.departments.map((d) => [d.id, d.level])),
    deptRegion: new Map(problem.departments.map((d) => [d.id, d.regionId])),
    room,
  };
}

function ancestors(ix: Index, regionId: string): string[] {
  const out: string[] = [];
  for (let r: string | null | undefined = regionId; r; r = ix.parent.get(r)) out.push(r);
  return out;
}

const countyOf = (ix: Index, townshipId: string) => ancestors(ix, townshipId).find((r) => ix.level.get(r) === 'COUNTY');
const isCountyItem = (ix: Index, supplyId: string) => ix.deptLevel.get(ix.supply.get(supplyId)!.departmentId) === 'COUNTY';
const overlaps = (a?: { start: string; end: string } | null, b?: { start: string; end: string } | null) =>
  !a || !b || (a.start <= b.end && b.start <= a.end);

/** Checks gold against the problem and its own rules; throws GoldError listing every fault. */
export function checkGold(problem: Problem, input: unknown): Gold {
  const faults: string[] = [];
  const ix = index(problem);
  const gold = input as Gold;
  if (!gold || typeof gold !== 'object' || !Array.isArray(gold.demands)) throw new GoldError(['(top level): must be an object with a "demands" array']);
  const seen = new Set<string>();
  /** Entries sound enough for the later checks (known demand, category and items). */
  const sound: GoldEntry[] = [];
  gold.demands.forEach((g, i) => {
    const at = `demands[${i}]${g && typeof g.demandId === 'string' ? ` (${g.demandId})` : ''}`;
    if (!g || typeof g !== 'object') return void faults.push(`${at}: must be an object`);
    const d = ix.demands.get(g.demandId);
    if (!d) return void faults.push(`${at}: unknown demand "${g.demandId}"`);
    if (seen.has(g.demandId)) return void faults.push(`${at}: a second gold entry for ${g.demandId}`);
    seen.add(g.demandId);
    let ok = true;
    if (d.pinnedSupplyId) faults.push(`${at}: ${g.demandId} is pinned; the engine leaves it out, so it has no gold`);
    if (!(CATEGORIES as readonly string[]).includes(g.category)) (ok = false), faults.push(`${at}.category: "${g.category}" is not a category`);
    if (g.split !== 'tune' && g.split !== 'check') faults.push(`${at}.split: must be "tune" or "check"; got ${JSON.stringify(g.split)}`);
    const hard = d.kind === 'HARD';
    if (g.expect === 'ESCALATE') {
      if (!(ESCALATION_REASONS as readonly string[]).includes(g.reason as string)) faults.push(`${at}.reason: "${g.reason}" is not an escalation reason`);
      if (g.supplyIds !== undefined) faults.push(`${at}: ESCALATE takes a reason, not supplyIds`);
      if (hard !== (g.reason === 'HARD_CASE')) faults.push(`${at}: ${hard ? 'a HARD demand escalates with HARD_CASE' : 'HARD_CASE is for HARD (老大难) demands only'}`);
    } else if (g.expect === 'PLACE') {
      if (hard) faults.push(`${at}: a HARD demand skips the engine; gold must be ESCALATE HARD_CASE`);
      if (g.reason !== undefined) faults.push(`${at}: PLACE takes supplyIds, not a reason`);
      if (!Array.isArray(g.supplyIds) || g.supplyIds.length === 0) return void faults.push(`${at}.supplyIds: PLACE needs one or more supply items`);
      if (new Set(g.supplyIds).size !== g.supplyIds.length) faults.push(`${at}.supplyIds: an item is listed twice`);
      const mine = new Set(ancestors(ix, d.townshipId));
      let cityBefore: string | undefined;
      for (const sid of g.supplyIds) {
        const s = ix.supply.get(sid);
        if (!s) {
          ok = false;
          faults.push(`${at}.supplyIds: unknown supply item "${sid}"`);
          continue;
        }
        if (s.category !== g.category) faults.push(`${at}: ${sid} is ${s.category}, gold's category is ${g.category}`);
        if (!s.coverage.some((r) => mine.has(r))) faults.push(`${at}: ${sid} does not cover township ${d.townshipId}`);
        if (!overlaps(d.window, s.window)) faults.push(`${at}: ${sid}'s window ${s.window!.start}..${s.window!.end} misses the demand's ${d.window!.start}..${d.window!.end}`);
        if (isCountyItem(ix, sid)) {
          if (ix.deptRegion.get(s.departmentId) !== countyOf(ix, d.townshipId)) faults.push(`${at}: ${sid} belongs to another county's department`);
          if (cityBefore) faults.push(`${at}.supplyIds: county item ${sid} comes after city item ${cityBefore} (list the county's first)`);
        } else cityBefore ??= sid;
        if ((ix.room.get(sid) ?? 0) <= 0) faults.push(`${at}: ${sid} has no capacity left after the pinned demands`);
      }
    } else return void faults.push(`${at}.expect: must be "PLACE" or "ESCALATE"; got ${JSON.stringify(g.expect)}`);
    if (ok) sound.push(g);
  });
  for (const d of problem.demandItems) if (!d.pinnedSupplyId && !seen.has(d.id)) faults.push(`${d.id}: no gold entry`);

  // The split must follow the recorded rule, so that no demand moves between halves unnoticed.
  const count = new Map<string, number>();
  for (const g of [...sound].sort((a, b) => (a.demandId < b.demandId ? -1 : a.demandId > b.demandId ? 1 : 0))) {
    const n = count.get(g.category) ?? 0;
    count.set(g.category, n + 1);
    const want: Half = n % 2 === 0 ? 'tune' : 'check';
    if (g.split !== want) faults.push(`${g.demandId}: split is "${g.split}", the rule (alternate per gold category in id order, tune first) gives "${want}"`);
  }

  // Feasibility, 1: no item is the only acceptable one for more demands than it can take.
  const sole = new Map<string, string[]>();
  for (const g of sound) if (g.expect === 'PLACE' && g.supplyIds!.length === 1) sole.set(g.supplyIds![0], [...(sole.get(g.supplyIds![0]) ?? []), g.demandId]);
  for (const [sid, ids] of sole) {
    const room = ix.room.get(sid)!;
    if (ids.length > room) faults.push(`${sid} (capacity left ${room}) is the only acceptable item of ${ids.length} demands (${ids.join(', ')}): gold must escalate the rest with CAPACITY_EXHAUSTED, or list other items for them`);
  }
  // Feasibility, 2: all of gold's placements fit at once (a b-matching by augmenting paths).
  if (!faults.length) {
    const want = sound.filter((g) => g.expect === 'PLACE');
    const holders = new Map<string, string[]>();
    const acceptable = new Map(want.map((g) => [g.demandId, g.supplyIds!]));
    const augment = (did: string, visited: Set<string>): boolean => {
      for (const sid of acceptable.get(did)!) {
        if (visited.has(sid)) continue;
        visited.add(sid);
        const held = holders.get(sid) ?? [];
        holders.set(sid, held);
        if (held.length < ix.room.get(sid)!) return held.push(did), true;
        for (const other of [...held]) {
          if (augment(other, visited)) {
            held.splice(held.indexOf(other), 1, did);
            return true;
          }
        }
      }
      return false;
    };
    for (const g of want) {
      const visited = new Set<string>();
      if (!augment(g.demandId, visited)) {
        const items = [...visited].sort();
        const taking = items.flatMap((s) => holders.get(s) ?? []);
        faults.push(`${g.demandId}: gold's placements do not fit together: with ${taking.join(', ')} it needs the items ${items.join(', ')}, which can take ${items.reduce((n, s) => n + ix.room.get(s)!, 0)} in all; escalate one with CAPACITY_EXHAUSTED or widen their gold`);
      }
    }
  }
  if (faults.length) throw new GoldError(faults);
  return gold;
}

// ---------------------------------------------------------------------------------------------
// Scoring

const emptyFigures = (): Figures => ({
  demands: 0, goldEscalate: 0, asGold: 0, accuracy: 0, escalatedShouldPlace: 0, placedShouldEscalate: 0, wrongItem: 0, tier: 0, countyBeforeCity: 0,
});

function add(f: Figures, o: DemandOutcome): void {
  f.demands++;
  if (o.gold.expect === 'ESCALATE') f.goldEscalate++;
  if (o.verdict === 'OK') f.asGold++;
  if (o.verdict === 'ESCALATED_SHOULD_PLACE') f.escalatedShouldPlace++;
  if (o.verdict === 'PLACED_SHOULD_ESCALATE') f.placedShouldEscalate++;
  if (o.verdict === 'WRONG_ITEM') f.wrongItem++;
  if (o.verdict === 'TIER') f.tier++;
  if (o.countyBeforeCity) f.countyBeforeCity++;
  f.accuracy = Math.round((1000 * f.asGold) / f.demands) / 10;
}

function halfReport(outcomes: DemandOutcome[]): HalfReport {
  const overall = emptyFigures();
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, emptyFigures()])) as Record<Category, Figures>;
  const byStyle: Record<string, Figures> = {};
  const byTag: Record<string, Figures> = {};
  const reasonConfusion: ReasonConfusion = {};
  for (const row of ['PLACE', ...ESCALATION_REASONS]) reasonConfusion[row] = Object.fromEntries(OUTCOME_COLUMNS.map((c) => [c, 0]));
  for (const o of outcomes) {
    add(overall, o);
    add(byCategory[o.category], o);
    add((byStyle[o.style] ??= emptyFigures()), o);
    const tags = [...o.tags, ...(o.category !== o.ticked ? ['mislabel'] : [])]; // the tag and the category difference agree
    for (const t of new Set(tags)) add((byTag[t] ??= emptyFigures()), o);
    reasonConfusion[o.gold.expect === 'PLACE' ? 'PLACE' : o.gold.reason!][o.engine.placed ? 'PLACED' : o.engine.reason]++;
  }
  return { overall, byCategory, byStyle, byTag, reasonConfusion };
}

/** Runs the engine on the problem and scores it against gold (already checked by checkGold). */
export function evaluate(problem: Problem, gold: Gold, options: MatchOptions & Record<string, unknown> = {}): EvalReport {
  const ix = index(problem);
  const result: MatchResult = match(problem, options);
  const assignment = new Map(result.assignments.map((a) => [a.demandId, a]));
  const escalation = new Map(result.escalations.map((e) => [e.demandId, e]));
  const goldOf = new Map(gold.demands.map((g) => [g.demandId, g]));
  // Who holds each item after the run, and whether gold accepts them there: a gold county item
  // "had room" for a demand sent to the city when it was not full, or held a demand gold does not put there.
  const holders = new Map<string, string[]>();
  for (const a of result.assignments) holders.set(a.supplyId, [...(holders.get(a.supplyId) ?? []), a.demandId]);
  const hadRoom = (sid: string) => {
    const held = holders.get(sid) ?? [];
    if (held.length < ix.room.get(sid)!) return true;
    return held.some((h) => !(goldOf.get(h)?.supplyIds ?? []).includes(sid));
  };
  const outcomes: DemandOutcome[] = [];
  for (const d of [...problem.demandItems].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (d.pinnedSupplyId) continue;
    const g = goldOf.get(d.id)!;
    const a = assignment.get(d.id);
    const e = escalation.get(d.id);
    let engine: DemandOutcome['engine'];
    if (a) {
      const r = a.explanation.runnerUp;
      engine = { placed: true, supplyId: a.supplyId, tier: a.tier, score: a.score, text: a.explanation.parts.text, runnerUp: r && { supplyId: r.supplyId, score: r.score, lostBy: r.lostBy } };
    } else if (e) {
      const best = [...e.detail.candidates].sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || (x.supplyId < y.supplyId ? -1 : 1)).slice(0, 2);
      engine = { placed: false, reason: e.reason, best: best.map((c) => ({ supplyId: c.supplyId, score: c.score, rule: c.rule })) };
    } else throw new Error(`the engine returned nothing for ${d.id}`);
    const goldCounty = (g.supplyIds ?? []).filter((s) => isCountyItem(ix, s));
    const countyBeforeCity = engine.placed && engine.tier === 'CITY' && g.expect === 'PLACE' && goldCounty.some(hadRoom);
    let verdict: Verdict;
    if (g.expect === 'ESCALATE') verdict = engine.placed ? 'PLACED_SHOULD_ESCALATE' : 'OK';
    else if (!engine.placed) verdict = 'ESCALATED_SHOULD_PLACE';
    else if (!g.supplyIds!.includes(engine.supplyId)) verdict = 'WRONG_ITEM';
    else verdict = countyBeforeCity ? 'TIER' : 'OK';
    outcomes.push({
      demandId: d.id, split: g.split, category: g.category, ticked: d.category, style: g.style ?? '?', tags: g.tags ?? [], gold: g, engine, verdict, countyBeforeCity,
    });
  }
  return {
    threshold: result.stats.threshold,
    demands: outcomes.length,
    supplyItems: problem.supplyItems.length,
    halves: {
      tune: halfReport(outcomes.filter((o) => o.split === 'tune')),
      check: halfReport(outcomes.filter((o) => o.split === 'check')),
      both: halfReport(outcomes),
    },
    outcomes,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing

const width = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e80 ? 2 : 1), 0);
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
function clip(s: string, n: number): string {
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) return out + '…';
    out += ch;
  }
  return out;
}

const FIGURE_COLUMNS: [keyof Figures, string][] = [
  ['demands', 'demands'], ['goldEscalate', 'gold esc'], ['asGold', 'as gold'], ['accuracy', 'acc %'], ['escalatedShouldPlace', 'esc→place'],
  ['placedShouldEscalate', 'placed→esc'], ['wrongItem', 'wrong item'], ['tier', 'tier'], ['countyBeforeCity', 'county>city'],
];

function figureTable(title: string, rows: [string, Figures][]): string[] {
  const first = Math.max(14, ...rows.map(([l]) => width(l))) + 2;
  const widths = FIGURE_COLUMNS.map(([, h]) => Math.max(width(h), 5) + 2);
  const lines = [padEnd(title, first) + FIGURE_COLUMNS.map(([, h], i) => padStart(h, widths[i])).join('')];
  for (const [label, f] of rows) {
    lines.push(padEnd(label, first) + FIGURE_COLUMNS.map(([k], i) => padStart(k === 'accuracy' ? f.accuracy.toFixed(1) : String(f[k]), widths[i])).join(''));
  }
  return lines;
}

const SHORT: Record<string, string> = {
  PLACED: 'PLACED', PLACE: 'PLACE', HARD_CASE: 'HARD', NO_SUPPLY_IN_CATEGORY: 'NO_SUPPLY', NOT_COVERED: 'NOT_COV', OUTSIDE_TIME_WINDOW: 'WINDOW', LOW_RELEVANCE: 'LOW_REL', CAPACITY_EXHAUSTED: 'CAPACITY',
};

const short = (k: string) => SHORT[k] ?? k;

function confusionTable(c: ReasonConfusion): string[] {
  const rows = Object.keys(c).filter((r) => Object.values(c[r]).some((n) => n > 0));
  const lines = [padEnd('gold \\ engine', 16) + OUTCOME_COLUMNS.map((k) => padStart(short(k), 11)).join('')];
  for (const r of rows) lines.push(padEnd(short(r), 16) + OUTCOME_COLUMNS.map((k) => padStart(String(c[r][k]), 11)).join(''));
  return lines;
}

const VERDICT_LABEL: Record<Verdict, string> = {
  OK: 'ok', ESCALATED_SHOULD_PLACE: 'esc→place', PLACED_SHOULD_ESCALATE: 'placed→esc', WRONG_ITEM: 'wrong item', TIER: 'tier',
};

function missLine(o: DemandOutcome, ix: Index): string {
  const d = ix.demands.get(o.demandId)!;
  const title = (sid: string) => clip(ix.supply.get(sid)?.title ?? sid, 16);
  const cat = o.category === o.ticked ? o.category.slice(0, 4) : `${o.category.slice(0, 4)}(ticked ${o.ticked.slice(0, 4)})`;
  const gold = o.gold.expect === 'PLACE' ? `→ ${o.gold.supplyIds!.join('|')}` : `ESCALATE ${o.gold.reason}`;
  let engine: string;
  if (o.engine.placed) {
    const r = o.engine.runnerUp;
    engine = `${o.engine.supplyId} ${title(o.engine.supplyId)} ${o.engine.tier} ${o.engine.score.toFixed(3)} (text ${o.engine.text.toFixed(3)})` +
      (r ? `; runner-up ${r.supplyId} ${r.score.toFixed(3)} ${r.lostBy}` : '; no runner-up');
  } else {
    const best = o.engine.best.map((c) => `${c.supplyId} ${c.score === undefined ? '—' : c.score.toFixed(3)} ${short(c.rule)}`).join(', ');
    engine = `ESCALATE ${o.engine.reason}${best ? ` (best: ${best})` : ''}`;
  }
  return `${o.demandId} ${o.split.padEnd(5)} ${padEnd(VERDICT_LABEL[o.verdict], 10)} ${cat} ${clip(`${d.title}｜${d.content}`, 44)}  gold ${gold}  engine ${engine}`;
}

function printReport(report: EvalReport, problem: Problem, halves: (Half | 'both')[], optionKeys: string[], out: (line: string) => void): void {
  const ix = index(problem);
  const given = optionKeys.length ? `options ${optionKeys.join(', ')}` : 'default options';
  out(`Matching quality on bench/eval: ${report.demands} demands, ${report.supplyItems} supply items; engine with ${given}, threshold ${report.threshold}.`);
  out('as gold: on one of gold\'s items (county first: not a city item while a gold county item had room), or escalated when gold escalates (any reason).');
  out('Misses: esc→place (escalated, gold places), placed→esc (placed, gold escalates), wrong item (placed on an item gold does not list),');
  out('tier (a gold city item while a gold county item had room). county>city: placed on any city item while a gold county item had room.');
  for (const h of halves) {
    const r = report.halves[h];
    out('');
    for (const line of figureTable(`[${h}]`, [['all', r.overall], ...CATEGORIES.map((c) => [c, r.byCategory[c]] as [string, Figures])])) out(line);
    out('');
    out(`Reason confusion [${h}] (rows: gold; columns: the engine)`);
    for (const line of confusionTable(r.reasonConfusion)) out(line);
  }
  const scope = halves.length === 1 ? halves[0] : 'both';
  const r = report.halves[scope];
  out('');
  for (const line of figureTable(`[${scope}] by style`, Object.entries(r.byStyle).sort(([a], [b]) => (a < b ? -1 : 1)))) out(line);
  out('');
  for (const line of figureTable(`[${scope}] by case`, Object.entries(r.byTag).sort(([a], [b]) => (a < b ? -1 : 1)))) out(line);
  for (const h of halves.filter((x): x is Half => x !== 'both')) {
    const misses = report.outcomes.filter((o) => o.split === h && o.verdict !== 'OK');
    out('');
    out(`Misses [${h}]: ${misses.length}`);
    for (const o of misses) out(missLine(o, ix));
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function loadProblem(path: string): Problem {
  try {
    return validateProblem(readJson(path));
  } catch (e) {
    if (e instanceof ProblemError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}

function main(): number {
  const { values } = parseArgs({
    options: {
      half: { type: 'string' }, json: { type: 'boolean' }, 'check-gold': { type: 'boolean' }, options: { type: 'string' },
      problem: { type: 'string' }, gold: { type: 'string' }, 'no-demo': { type: 'boolean' }, 'no-lexicon': { type: 'boolean' },
    },
  });
  if (values.half !== undefined && values.half !== 'tune' && values.half !== 'check') throw new Error(`--half: "${values.half}" is not tune or check`);
  const problemPath = values.problem ?? join(projectRoot, 'bench', 'eval', 'problem.json');
  const goldPath = values.gold ?? join(projectRoot, 'bench', 'eval', 'gold.json');
  const problem = loadProblem(problemPath);
  let gold: Gold;
  try {
    gold = checkGold(problem, readJson(goldPath));
  } catch (e) {
    if (e instanceof GoldError) {
      console.error(`eval: ${relative(process.cwd(), goldPath)}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (values['check-gold']) {
    console.log(`eval: ${relative(process.cwd(), goldPath)} is consistent with ${relative(process.cwd(), problemPath)}: ${gold.demands.length} entries, every gold item eligible by the hard rules, all placements fit the capacities.`);
    return 0;
  }
  // The engine as the service runs it: with the project's lexicon (lexicon/), unless --no-lexicon (the texts alone).
  let options: MatchOptions & Record<string, unknown> = values['no-lexicon'] ? {} : { lexicon: readLexicon() };
  if (values.options) {
    const o = readJson(values.options);
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error(`--options: ${values.options} must hold a JSON object`);
    options = { ...options, ...(o as Record<string, unknown>) };
  }
  const report = evaluate(problem, gold, options);
  const halves: (Half | 'both')[] = values.half ? [values.half as Half] : ['tune', 'check', 'both'];
  let demo: { problem: Problem; result: MatchResult } | undefined;
  if (!values['no-demo']) {
    const demoProblem = loadProblem(demoDataFile);
    demo = { problem: demoProblem, result: match(demoProblem, options) };
  }
  if (values.json) {
    const outcomes = report.outcomes.filter((o) => !values.half || o.split === values.half);
    const summary = {
      problem: relative(projectRoot, problemPath),
      gold: relative(projectRoot, goldPath),
      threshold: report.threshold,
      options: Object.keys(options),
      halves: Object.fromEntries(halves.map((h) => [h, report.halves[h]])),
      misses: outcomes.filter((o) => o.verdict !== 'OK').map((o) => ({
        demandId: o.demandId, split: o.split, verdict: o.verdict, category: o.category, ticked: o.ticked, style: o.style, tags: o.tags,
        gold: o.gold.expect === 'PLACE' ? { expect: 'PLACE', supplyIds: o.gold.supplyIds } : { expect: 'ESCALATE', reason: o.gold.reason },
        engine: o.engine, countyBeforeCity: o.countyBeforeCity,
      })),
      demo: demo ? {
        demands: demo.result.stats.demands, placedCounty: demo.result.stats.placedCounty, placedCity: demo.result.stats.placedCity,
        escalated: demo.result.stats.escalated, escalatedByReason: demo.result.stats.escalatedByReason,
      } : null,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  printReport(report, problem, halves, Object.keys(options), (line) => console.log(line));
  if (demo) {
    console.log('');
    console.log(`The demo (${relative(projectRoot, demoDataFile)}), same options:`);
    for (const line of summaryTable(demo.problem, demo.result)) console.log(line);
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`eval: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
