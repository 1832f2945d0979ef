import fc from 'fast-check';
import type { Category, Problem, ProblemDemandItem, ProblemSupplyItem, ServiceForm } from '../../src/engine';

/** Random matching problems for property tests: one city, a few counties and townships. */

const PHRASES: Partial<Record<Category, string[]>> = {
  TECHNOLOGY: ['温室大棚蔬菜种植', '肉羊疫病防治', '葵花菌核病防治', '河套蜜瓜新品种', '电商直播带货'],
  HEALTH: ['义诊送药进村', '慢性病随访', '两癌筛查', '传染病防控讲座'],
  CULTURE: ['电影放映下乡', '乌兰牧骑演出', '农家书屋图书'],
};
const CATEGORIES = Object.keys(PHRASES) as Category[];
const FORMS: ServiceForm[] = ['TRAINING', 'ON_SITE', 'CLINIC', 'LECTURE'];

const COUNTIES = ['K1', 'K2', 'K3'];
const TOWNSHIPS = ['K1T1', 'K1T2', 'K2T1', 'K2T2', 'K3T1'];

const windowArb = fc.option(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 })).map(([m, len]) => ({
    start: `2020-0${m}-01`, end: `2020-0${Math.min(9, m + len)}-28`,
  })),
  { nil: undefined },
);

const textArb = (category: Category) => fc.constantFrom(...PHRASES[category]!);

export interface ProblemShape {
  maxSupply?: number;
  maxDemands?: number;
  maxCapacity?: number;
  /** Fewer categories make more demands compete for the same items. */
  categories?: Category[];
}

export function problemArb({ maxSupply = 12, maxDemands = 30, maxCapacity = 4, categories = CATEGORIES }: ProblemShape = {}): fc.Arbitrary<Problem> {
  const supplyArb = fc.constantFrom(...categories).chain((category) =>
    fc.record({
      department: fc.constantFrom('DC1', 'DC2', 'DK1', 'DK2', 'DK3'),
      category: fc.constant(category),
      phrase: textArb(category),
      second: textArb(category),
      forms: fc.subarray(FORMS, { minLength: 1 }),
      capacity: fc.integer({ min: 0, max: maxCapacity }),
      coverage: fc.constantFrom('C', 'K1', 'K2', 'K3', 'K1T1', 'K2T2'),
      window: windowArb,
    }),
  );
  const demandArb = fc.constantFrom(...categories).chain((category) =>
    fc.record({
      township: fc.constantFrom(...TOWNSHIPS),
      category: fc.constant(category),
      phrase: textArb(category),
      forms: fc.subarray(FORMS, { minLength: 1 }),
      priority: fc.constantFrom('NORMAL', 'NORMAL', 'VULNERABLE', 'URGENT' as const),
      pin: fc.option(fc.nat(), { nil: undefined }),
      window: windowArb,
    }),
  );
  return fc.tuple(fc.array(supplyArb, { maxLength: maxSupply }), fc.array(demandArb, { maxLength: maxDemands }), fc.nat()).map(([supplies, demands, salt]) => {
    const supplyItems: ProblemSupplyItem[] = supplies.map((s, i) => {
      const level = s.department.startsWith('DC') ? 'CITY' : 'COUNTY';
      // A county department covers its own county (or one of its townships); a city one anything.
      const own = `K${s.department.slice(2)}`;
      const coverage = level === 'CITY' ? [s.coverage] : [s.coverage.startsWith(own) ? s.coverage : own];
      return {
        id: `S${String(i).padStart(2, '0')}`, departmentId: s.department, category: s.category, title: s.phrase,
        description: `${s.phrase}，也做${s.second}`, forms: s.forms, capacity: s.capacity, coverage, window: s.window ?? null,
      };
    });
    const demandItems: ProblemDemandItem[] = demands.map((d, i) => {
      const pinTo = d.pin !== undefined && supplyItems.length ? supplyItems[d.pin % supplyItems.length] : undefined;
      return {
        id: `D${String(i).padStart(2, '0')}`, townshipId: d.township, category: d.category, title: d.phrase, content: `村民需要${d.phrase}`,
        forms: d.forms, priority: d.priority, window: d.window ?? null,
        kind: (i + salt) % 11 === 0 ? 'HARD' : 'COMMON',
        pinnedSupplyId: pinTo && (i + salt) % 4 === 0 ? pinTo.id : undefined,
      };
    });
    return {
      regions: [
        { id: 'C', name: '市', level: 'CITY', parentId: null },
        ...COUNTIES.map((id) => ({ id, name: id, level: 'COUNTY' as const, parentId: 'C' })),
        ...TOWNSHIPS.map((id) => ({ id, name: id, level: 'TOWNSHIP' as const, parentId: id.slice(0, 2) })),
      ],
      departments: [
        { id: 'DC1', name: '市农牧局', level: 'CITY', regionId: 'C' },
        { id: 'DC2', name: '市卫健委', level: 'CITY', regionId: 'C' },
        ...COUNTIES.map((k) => ({ id: `D${k}`, name: `${k}局`, level: 'COUNTY' as const, regionId: k })),
      ],
      supplyItems,
      demandItems,
    };
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
