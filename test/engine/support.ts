import fc from 'fast-check';
import highsLoader, { type Highs } from 'highs';
import type {
  CandidateRule, DemandKind, Prepared, Priority, Problem, ProblemDemandItem, ProblemRegion, ProblemSupplyItem,
  ServiceForm, Window,
} from '../../src/engine';

/**
 * Test support for the engine: random problems (fast-check), an independent reading of the hard
 * rules (coverage, windows, category), and HiGHS as an independent solver of one tier.
 */

// ---------------------------------------------------------------------------------------------
// Random problems
// ---------------------------------------------------------------------------------------------

/**
 * Phrases per category. Within a category some share a rare word (大棚, 义诊, 肉羊, 放映, 保险…)
 * and some share nothing, so random pairs range from clearly relevant to clearly not.
 */
export const PHRASES: Record<'TECHNOLOGY' | 'HEALTH' | 'CULTURE' | 'POLICY', string[]> = {
  TECHNOLOGY: ['温室大棚蔬菜种植', '温室大棚番茄灰霉病防治', '肉羊疫病防治', '肉羊饲草料配制', '葵花菌核病防治', '河套蜜瓜新品种', '电商直播带货', '茶叶种植技术培训'],
  HEALTH: ['义诊送药进村', '开展义诊活动', '慢性病随访', '妇女两癌筛查', '传染病防控讲座', '家庭医生签约随访'],
  CULTURE: ['电影放映下乡', '科教电影放映', '乌兰牧骑演出', '送戏下乡演出', '农家书屋图书'],
  POLICY: ['养老保险政策', '医疗保险报销政策', '低保救助政策', '草原生态补奖政策'],
};
type PhraseCategory = keyof typeof PHRASES;
const ALL_CATEGORIES = Object.keys(PHRASES) as PhraseCategory[];
const FORMS: ServiceForm[] = ['TRAINING', 'ON_SITE', 'CLINIC', 'LECTURE', 'SCREENING'];

export interface ProblemShape {
  maxSupply?: number;
  maxDemands?: number;
  maxCapacity?: number;
  /** Categories to draw from; by default 2–3 of the four above, chosen per problem. */
  categories?: PhraseCategory[];
  /** Phrases to use instead of PHRASES, per category. */
  phrases?: Partial<Record<PhraseCategory, string[]>>;
  /** At most this many counties (1–3). */
  maxCounties?: number;
  /** Chance that an item carries a time window (0..1). */
  windowRate?: number;
  /** Chance that a demand is pinned to some supply item, and that it is HARD. */
  pinRate?: number;
  hardRate?: number;
}

/** A percentage drawn evenly (fast-check otherwise favours the ends of a range). */
const percent = fc.noBias(fc.integer({ min: 0, max: 99 }));

const windowArb = (rate: number): fc.Arbitrary<Window | null> =>
  fc.tuple(percent, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 3 })).map(([p, month, length]) =>
    p < rate * 100 ? { start: `2020-${String(month).padStart(2, '0')}-01`, end: `2020-${String(Math.min(12, month + length)).padStart(2, '0')}-28` } : null,
  );

/**
 * One city "C"; 1–3 counties K1..; 1–3 townships each (K1T1..); city departments DC1, DC2 and one
 * or two departments per county (DK1a, DK1b…); supply items S0.. and demands D0.. (ids not padded,
 * so their code-unit order differs from their numeric order: S10 < S2).
 */
export function problemArb(shape: ProblemShape = {}): fc.Arbitrary<Problem> {
  const { maxSupply = 12, maxDemands = 30, maxCapacity = 4, windowRate = 0.3, pinRate = 0.15, hardRate = 0.08, maxCounties = 3 } = shape;
  const phrases = { ...PHRASES, ...shape.phrases };
  const categoriesArb: fc.Arbitrary<PhraseCategory[]> = shape.categories
    ? fc.constant(shape.categories)
    : fc.shuffledSubarray(ALL_CATEGORIES, { minLength: 2, maxLength: 3 });
  const layoutArb = fc.record({
    townships: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: maxCounties }),
    secondDepartment: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  });
  return fc.tuple(layoutArb, categoriesArb).chain(([layout, categories]) => {
    const counties = layout.townships.map((_, i) => `K${i + 1}`);
    const townships = counties.flatMap((k, i) => Array.from({ length: layout.townships[i] }, (_, j) => `${k}T${j + 1}`));
    const departments = [
      { id: 'DC1', name: '市农牧局', level: 'CITY' as const, regionId: 'C' },
      { id: 'DC2', name: '市卫健委', level: 'CITY' as const, regionId: 'C' },
      ...counties.flatMap((k, i) => [
        { id: `D${k}a`, name: `${k}农牧局`, level: 'COUNTY' as const, regionId: k },
        ...(layout.secondDepartment[i] ? [{ id: `D${k}b`, name: `${k}卫健委`, level: 'COUNTY' as const, regionId: k }] : []),
      ]),
    ];
    const regions: ProblemRegion[] = [
      { id: 'C', name: '市', level: 'CITY', parentId: null },
      ...counties.map((id) => ({ id, name: `${id}旗`, level: 'COUNTY' as const, parentId: 'C' })),
      ...townships.map((id) => ({ id, name: `${id}镇`, level: 'TOWNSHIP' as const, parentId: id.slice(0, id.indexOf('T')) })),
    ];
    const phraseArb = (category: PhraseCategory) => fc.constantFrom(...phrases[category]);
    const supplyArb = fc.constantFrom(...categories).chain((category) =>
      fc.record({
        department: fc.constantFrom(...departments),
        category: fc.constant(category),
        title: phraseArb(category),
        also: fc.option(phraseArb(category), { nil: undefined }),
        forms: fc.subarray(FORMS, { minLength: 1, maxLength: 2 }),
        capacity: fc.integer({ min: 0, max: maxCapacity }),
        // one or two of: the whole area, a county, a township (a county department stays in its county)
        coverage: fc.uniqueArray(fc.constantFrom('C', ...counties, ...townships), { minLength: 1, maxLength: 2 }),
        window: windowArb(windowRate),
      }),
    );
    const demandArb = fc.constantFrom(...categories).chain((category) =>
      fc.record({
        township: fc.constantFrom(...townships),
        category: fc.constant(category),
        title: phraseArb(category),
        forms: fc.subarray(FORMS, { minLength: 1, maxLength: 2 }),
        priority: fc.constantFrom<Priority>('NORMAL', 'NORMAL', 'VULNERABLE', 'URGENT'),
        kind: percent.map((p): DemandKind => (p < hardRate * 100 ? 'HARD' : p < 50 ? 'COMMON' : 'INDIVIDUAL')),
        pin: fc.tuple(percent, fc.nat()),
        window: windowArb(windowRate),
      }),
    );
    return fc.tuple(
      fc.array(supplyArb, { maxLength: maxSupply, size: 'max' }),
      fc.array(demandArb, { maxLength: maxDemands, size: 'max' }),
    ).map(([supplies, demands]): Problem => {
      const supplyItems: ProblemSupplyItem[] = supplies.map((s, i) => {
        const own = s.department.regionId;
        const inside = s.department.level === 'CITY' ? s.coverage : s.coverage.filter((r) => r === own || r.startsWith(`${own}T`));
        const coverage = inside.length ? inside : [own];
        return {
          id: `S${i}`, departmentId: s.department.id, category: s.category, title: s.title,
          description: s.also ? `${s.title}，也做${s.also}` : `${s.title}服务`, forms: s.forms, capacity: s.capacity, coverage,
          ...(s.window ? { window: s.window } : {}),
        };
      });
      const demandItems: ProblemDemandItem[] = demands.map((d, i) => ({
        id: `D${i}`, townshipId: d.township, category: d.category, title: d.title, content: `村民希望${d.title}`,
        forms: d.forms, priority: d.priority, kind: d.kind,
        ...(d.window ? { window: d.window } : {}),
        ...(d.pin[0] < pinRate * 100 && supplyItems.length ? { pinnedSupplyId: supplyItems[d.pin[1] % supplyItems.length].id } : {}),
      }));
      return { regions, departments, supplyItems, demandItems };
    });
  });
}

/** Fisher–Yates with a seed, to present the same problem in another order. */
export function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A three-level world of one city C, one county K and one township T, for hand-written cases. */
export function tinyWorld(): Pick<Problem, 'regions' | 'departments'> {
  return {
    regions: [
      { id: 'C', name: '市', level: 'CITY', parentId: null },
      { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' },
      { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' },
    ],
    departments: [
      { id: 'DC', name: '市卫健委', level: 'CITY', regionId: 'C' },
      { id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The hard rules, read independently of the engine
// ---------------------------------------------------------------------------------------------

export const isPriority = (p: Priority): 0 | 1 => (p === 'VULNERABLE' || p === 'URGENT' ? 1 : 0);

/** The region and its ancestors, nearest first. */
export function chain(problem: Problem, regionId: string): string[] {
  const byId = new Map(problem.regions.map((r) => [r.id, r]));
  const out: string[] = [];
  for (let r = byId.get(regionId); r; r = r.parentId === null ? undefined : byId.get(r.parentId)) out.push(r.id);
  return out;
}

export function countyOf(problem: Problem, townshipId: string): string {
  const county = chain(problem, townshipId).find((id) => problem.regions.find((r) => r.id === id)?.level === 'COUNTY');
  if (county === undefined) throw new Error(`no county above ${townshipId}`);
  return county;
}

export function coversTownship(problem: Problem, item: ProblemSupplyItem, townshipId: string): boolean {
  const up = chain(problem, townshipId);
  return item.coverage.some((r) => up.includes(r));
}

export function windowsMeet(a: Window | null | undefined, b: Window | null | undefined): boolean {
  return !a || !b || (a.start <= b.end && b.start <= a.end);
}

/** The tier at which an item may serve a demand: its county's own departments, or the city's; null otherwise. */
export function tierOf(problem: Problem, demand: ProblemDemandItem, item: ProblemSupplyItem): 'COUNTY' | 'CITY' | null {
  if (item.category !== demand.category) return null;
  const department = problem.departments.find((d) => d.id === item.departmentId)!;
  if (department.level === 'CITY') return 'CITY';
  return department.regionId === countyOf(problem, demand.townshipId) ? 'COUNTY' : null;
}

/** The first of coverage and window that stops the pair (relevance and capacity are not read here). */
export function placeRule(problem: Problem, demand: ProblemDemandItem, item: ProblemSupplyItem): CandidateRule | null {
  if (!coversTownship(problem, item, demand.townshipId)) return 'NOT_COVERED';
  if (!windowsMeet(demand.window, item.window)) return 'OUTSIDE_TIME_WINDOW';
  return null;
}

/** Capacity left for the engine: capacity minus the demands pinned to the item (not below 0). */
export function remainingCapacity(problem: Problem): Map<string, number> {
  const left = new Map(problem.supplyItems.map((s) => [s.id, s.capacity]));
  for (const d of problem.demandItems) if (d.pinnedSupplyId) left.set(d.pinnedSupplyId, Math.max(0, left.get(d.pinnedSupplyId)! - 1));
  return left;
}

/** The engine's eligible pairs, by ids. */
export interface EligiblePair {
  demandId: string;
  supplyId: string;
  tier: 'COUNTY' | 'CITY';
  /** In thousandths. */
  score: number;
  text: number;
}

export function eligiblePairs(prep: Prepared): EligiblePair[] {
  const out: EligiblePair[] = [];
  prep.demands.forEach((demand, d) => {
    for (let k = prep.pairStart[d]; k < prep.pairStart[d + 1]; k++) {
      out.push({
        demandId: demand.id, supplyId: prep.supply[prep.pairSupply[k]].item.id, tier: prep.pairTier[k] === 0 ? 'COUNTY' : 'CITY',
        score: prep.pairScore[k], text: prep.pairText[k],
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// HiGHS: the optimum of one tier, solved on its own
// ---------------------------------------------------------------------------------------------

let loaded: Promise<Highs> | undefined;
export function loadHighs(): Promise<Highs> {
  loaded ??= highsLoader();
  return loaded;
}

export interface TierPair {
  demandId: string;
  supplyId: string;
  priority: 0 | 1;
  /** In thousandths. */
  score: number;
}

/** (VULNERABLE/URGENT placed, placed, Σ score in thousandths). */
export type Objective = [number, number, number];

/**
 * The lexicographic optimum of one tier as a 0/1 program: x[d,s] ∈ {0,1}; Σ_s x[d,s] ≤ 1 per demand;
 * Σ_d x[d,s] ≤ capacity[s] per item. Three solves: maximize the priority demands placed; then, with
 * that fixed, the demands placed; then, with both fixed, the total score. No relative MIP gap.
 */
export function lexicographicOptimum(highs: Highs, pairs: readonly TierPair[], capacity: ReadonlyMap<string, number>): Objective {
  if (pairs.length === 0) return [0, 0, 0];
  const x = (i: number) => `x${i}`;
  const byDemand = new Map<string, number[]>();
  const bySupply = new Map<string, number[]>();
  pairs.forEach((p, i) => {
    byDemand.set(p.demandId, [...(byDemand.get(p.demandId) ?? []), i]);
    bySupply.set(p.supplyId, [...(bySupply.get(p.supplyId) ?? []), i]);
  });
  const rows = [
    ...[...byDemand.values()].map((is, j) => ` d${j}: ${is.map(x).join(' + ')} <= 1`),
    ...[...bySupply].map(([s, is], j) => ` s${j}: ${is.map(x).join(' + ')} <= ${capacity.get(s) ?? 0}`),
  ];
  const objectives: ((p: TierPair) => number)[] = [(p) => p.priority, () => 1, (p) => p.score];
  const found: number[] = [];
  for (const weight of objectives) {
    const terms = pairs.map((p, i) => `${weight(p)} ${x(i)}`).join(' + ');
    const lp = ['Maximize', ` obj: ${terms}`, 'Subject To', ...rows, 'Binaries', ` ${pairs.map((_, i) => x(i)).join(' ')}`, 'End'].join('\n');
    const solution = highs.solve(lp, { mip_rel_gap: 0, mip_abs_gap: 0 });
    if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}`);
    const value = Math.round(solution.ObjectiveValue);
    if (Math.abs(value - solution.ObjectiveValue) > 1e-6) throw new Error(`HiGHS: objective ${solution.ObjectiveValue} is not whole`);
    found.push(value);
    rows.push(` fix${found.length}: ${terms} >= ${value}`);
  }
  return found as Objective;
}
