import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { match, prepare, type MatchResult, type Prepared, type Problem } from '../../src/engine';
import { problemArb } from './support';

/**
 * Optimality, checked by an independent solver: within each tier, the engine's assignment must
 * reach the same lexicographic optimum — most VULNERABLE/URGENT demands placed, then most demands,
 * then the highest total score — as HiGHS solving the same pairs as a 0/1 program, one objective
 * after the other.
 */

type Highs = { solve(lp: string): { Status: string; ObjectiveValue: number } };
let highs: Highs;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  highs = await (require('highs') as () => Promise<Highs>)();
});

interface Pair {
  demand: number;
  supply: number;
  score: number;
  priority: number;
}

/** The lexicographic optimum (priority placed, placed, score in thousandths) of one tier's pairs. */
function optimum(pairs: Pair[], capacity: Map<number, number>): [number, number, number] {
  if (pairs.length === 0) return [0, 0, 0];
  const x = (i: number) => `x${i}`;
  const byDemand = new Map<number, number[]>();
  const bySupply = new Map<number, number[]>();
  pairs.forEach((p, i) => {
    byDemand.set(p.demand, [...(byDemand.get(p.demand) ?? []), i]);
    bySupply.set(p.supply, [...(bySupply.get(p.supply) ?? []), i]);
  });
  const rows = [
    ...[...byDemand.values()].map((is, j) => ` d${j}: ${is.map(x).join(' + ')} <= 1`),
    ...[...bySupply].map(([s, is]) => ` s${s}: ${is.map(x).join(' + ')} <= ${capacity.get(s)}`),
  ];
  const objectives = [
    (p: Pair) => p.priority,
    () => 1,
    (p: Pair) => p.score,
  ];
  const found: number[] = [];
  for (const objective of objectives) {
    const terms = pairs.map((p, i) => `${objective(p)} ${x(i)}`).join(' + ');
    const lp = ['Maximize', ` obj: ${terms}`, 'Subject To', ...rows, 'Binaries', ` ${pairs.map((_, i) => x(i)).join(' ')}`, 'End'].join('\n');
    const solution = highs.solve(lp);
    expect(solution.Status).toBe('Optimal');
    const value = Math.round(solution.ObjectiveValue);
    found.push(value);
    rows.push(` k${found.length}: ${terms} >= ${value}`);
  }
  return found as [number, number, number];
}

const isPriority = (p: string) => (p === 'VULNERABLE' || p === 'URGENT' ? 1 : 0);

function tierPairs(prep: Prepared, tier: number, demands: Set<number>): Pair[] {
  const pairs: Pair[] = [];
  for (const d of demands) {
    for (let k = prep.pairStart[d]; k < prep.pairStart[d + 1]; k++) {
      if (prep.pairTier[k] === tier) pairs.push({ demand: d, supply: prep.pairSupply[k], score: prep.pairScore[k], priority: isPriority(prep.demands[d].priority) });
    }
  }
  return pairs;
}

function engineObjective(prep: Prepared, result: MatchResult, tier: 'COUNTY' | 'CITY'): [number, number, number] {
  const placed = result.assignments.filter((a) => a.tier === tier);
  const demand = new Map(prep.demands.map((d) => [d.id, d]));
  return [
    placed.reduce((n, a) => n + isPriority(demand.get(a.demandId)!.priority), 0),
    placed.length,
    placed.reduce((n, a) => n + Math.round(a.score * 1000), 0),
  ];
}

function checkTiers(problem: Problem): void {
  const prep = prepare(problem);
  const result = match(problem);
  const capacity = new Map(prep.supply.map((s, i) => [i, s.remaining]));
  const open = new Set(prep.demands.map((_, i) => i).filter((i) => prep.disposition[i] === 0));
  expect(engineObjective(prep, result, 'COUNTY')).toEqual(optimum(tierPairs(prep, 0, open), capacity));
  const placedAtCounty = new Set(result.assignments.filter((a) => a.tier === 'COUNTY').map((a) => a.demandId));
  const left = new Set([...open].filter((i) => !placedAtCounty.has(prep.demands[i].id)));
  expect(engineObjective(prep, result, 'CITY')).toEqual(optimum(tierPairs(prep, 1, left), capacity));
}

describe('the assignment is optimal within each tier', () => {
  it('on random problems of up to 30 demands and 10 supply items (HiGHS agrees)', () => {
    fc.assert(fc.property(problemArb({ maxSupply: 10, maxDemands: 30, maxCapacity: 3 }), checkTiers), { numRuns: 60 });
  });

  it('on crowded random problems, where most demands compete for a few items (HiGHS agrees)', () => {
    fc.assert(fc.property(problemArb({ maxSupply: 6, maxDemands: 30, maxCapacity: 2, categories: ['HEALTH'] }), checkTiers), { numRuns: 80 });
  });

  it('where taking the best pair first would lose a demand', () => {
    // A fits X and Y; B fits only X; both items take one. Greedy gives X to A (its best) and B
    // goes unplaced; the optimum places both.
    const problem: Problem = {
      regions: [{ id: 'C', name: '市', level: 'CITY', parentId: null }, { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' }, { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' }],
      departments: [{ id: 'DK', name: '旗农牧局', level: 'COUNTY', regionId: 'K' }],
      supplyItems: [
        { id: 'X', departmentId: 'DK', category: 'TECHNOLOGY', title: '温室大棚番茄灰霉病防治', description: '大棚番茄', forms: ['ON_SITE'], capacity: 1, coverage: ['K'] },
        { id: 'Y', departmentId: 'DK', category: 'TECHNOLOGY', title: '温室大棚蔬菜种植技术', description: '大棚蔬菜', forms: ['TRAINING'], capacity: 1, coverage: ['K'] },
      ],
      demandItems: [
        { id: 'A', townshipId: 'T', category: 'TECHNOLOGY', title: '温室大棚番茄灰霉病', content: '大棚番茄和蔬菜', forms: ['ON_SITE', 'TRAINING'], priority: 'NORMAL' },
        { id: 'B', townshipId: 'T', category: 'TECHNOLOGY', title: '番茄灰霉病防治', content: '番茄灰霉病', forms: ['ON_SITE'], priority: 'NORMAL' },
      ],
    };
    const prep = prepare(problem);
    expect(prep.pairSupply.length).toBe(3); // A–X, A–Y, B–X
    const result = match(problem);
    expect(result.assignments.map((a) => `${a.demandId}→${a.supplyId}`).sort()).toEqual(['A→Y', 'B→X']);
    expect(result.assignments.find((a) => a.demandId === 'A')!.explanation.runnerUp).toMatchObject({ supplyId: 'X', lostBy: 'CAPACITY', takenBy: ['B'] });
    checkTiers(problem);
  });

  it('places a VULNERABLE demand before a NORMAL one that fits better', () => {
    const item = { departmentId: 'DK', category: 'HEALTH' as const, forms: ['CLINIC' as const], coverage: ['K'] };
    const problem: Problem = {
      regions: [{ id: 'C', name: '市', level: 'CITY', parentId: null }, { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' }, { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' }],
      departments: [{ id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' }],
      supplyItems: [
        { ...item, id: 'S1', title: '义诊送药进村', description: '义诊送药', capacity: 1 },
      ],
      demandItems: [
        { id: 'N1', townshipId: 'T', category: 'HEALTH', title: '义诊送药进村', content: '义诊送药', forms: ['CLINIC'], priority: 'NORMAL' },
        { id: 'V1', townshipId: 'T', category: 'HEALTH', title: '老人义诊', content: '独居老人希望义诊', forms: ['CLINIC'], priority: 'VULNERABLE' },
      ],
    };
    const result = match(problem);
    expect(result.assignments.map((a) => a.demandId)).toEqual(['V1']);
    expect(result.escalations).toMatchObject([{ demandId: 'N1', reason: 'CAPACITY_EXHAUSTED' }]);
    checkTiers(problem);
  });
});
