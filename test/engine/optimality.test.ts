import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { match, prepare, type MatchResult, type Problem, type ProblemDemandItem, type ProblemSupplyItem } from '../../src/engine';
import {
  eligiblePairs, isPriority, lexicographicOptimum, loadHighs, problemArb, remainingCapacity, tinyWorld, type Objective, type TierPair,
} from './support';

/**
 * DESIGN.md "Matching rules" 3: within a tier the assignment is optimal, not greedy — most
 * VULNERABLE/URGENT demands placed, then most demands, then the highest total score, under every
 * item's capacity. The engine's eligible pairs and scores (prepare) are handed to HiGHS as a 0/1
 * program, solved objective after objective; the engine's assignment must reach the same optimum.
 * Tier 2's demands are those the engine left after tier 1 (whose optimality is checked first).
 */

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

type Tier = 'COUNTY' | 'CITY';

function engineObjective(problem: Problem, result: MatchResult, tier: Tier): Objective {
  const priority = new Map(problem.demandItems.map((d) => [d.id, isPriority(d.priority)]));
  const placed = result.assignments.filter((a) => a.tier === tier);
  return [
    placed.reduce((n, a) => n + priority.get(a.demandId)!, 0),
    placed.length,
    placed.reduce((n, a) => n + Math.round(a.score * 1000), 0),
  ];
}

/** Checks both tiers of one problem; returns how many pairs HiGHS saw, to show the test is not idle. */
function checkTiers(problem: Problem): number {
  const prep = prepare(problem);
  const result = match(problem);
  const pairs = eligiblePairs(prep);
  const capacity = remainingCapacity(problem);
  const priority = new Map(problem.demandItems.map((d) => [d.id, isPriority(d.priority)]));
  const tierPairs = (tier: Tier, demands: (id: string) => boolean): TierPair[] =>
    pairs.filter((p) => p.tier === tier && demands(p.demandId)).map((p) => ({ demandId: p.demandId, supplyId: p.supplyId, score: p.score, priority: priority.get(p.demandId)! }));

  const county = tierPairs('COUNTY', () => true);
  expect(engineObjective(problem, result, 'COUNTY'), 'county tier').toEqual(lexicographicOptimum(highs, county, capacity));
  // Maximizing the priority demands first never costs a placement within a tier (placeable sets form a matroid):
  // the engine places as many as the plain maximum.
  expect(engineObjective(problem, result, 'COUNTY')[1]).toBe(lexicographicOptimum(highs, county.map((p) => ({ ...p, priority: 0 })), capacity)[1]);

  const placedAtCounty = new Set(result.assignments.filter((a) => a.tier === 'COUNTY').map((a) => a.demandId));
  const city = tierPairs('CITY', (id) => !placedAtCounty.has(id));
  expect(engineObjective(problem, result, 'CITY'), 'city tier').toEqual(lexicographicOptimum(highs, city, capacity));
  return county.length + city.length;
}

describe('the assignment is optimal within each tier (HiGHS agrees)', () => {
  // Random problems of up to 30 demands × 10 items.
  it('on random problems', () => {
    let seen = 0;
    fc.assert(fc.property(problemArb({ maxSupply: 10, maxDemands: 30, maxCapacity: 3 }), (p) => {
      seen += checkTiers(p);
    }), { numRuns: 60 });
    expect(seen).toBeGreaterThan(60);
  });

  // Crowded problems: one county, one category, texts that all share 义诊 — many demands compete for a few items.
  it('on crowded problems, where most demands compete for a few items', () => {
    let seen = 0;
    const shape = {
      maxSupply: 8, maxDemands: 30, maxCapacity: 2, maxCounties: 1, categories: ['HEALTH' as const], windowRate: 0.15, pinRate: 0.05,
      phrases: { HEALTH: ['义诊送药进村', '开展义诊活动', '义诊测血压血糖', '送医送药义诊', '慢性病随访和义诊', '巡回义诊'] },
    };
    fc.assert(fc.property(problemArb(shape), (p) => {
      seen += checkTiers(p);
    }), { numRuns: 60 });
    expect(seen).toBeGreaterThan(300);
  });
});

describe('where a greedy choice goes wrong', () => {
  const item = (id: string, title: string, capacity: number, departmentId = 'DK'): ProblemSupplyItem => ({
    id, departmentId, category: 'TECHNOLOGY', title, description: title, forms: ['ON_SITE', 'TRAINING'], capacity, coverage: [departmentId === 'DK' ? 'K' : 'C'],
  });
  const demand = (id: string, title: string, priority: ProblemDemandItem['priority'] = 'NORMAL'): ProblemDemandItem => ({
    id, townshipId: 'T', category: 'TECHNOLOGY', title, content: title, forms: ['ON_SITE'], priority,
  });
  const placements = (problem: Problem) => match(problem).assignments.map((a) => `${a.demandId}→${a.supplyId}`);

  // Taking each demand's best pair first would lose B.
  it('places both when A fits X and Y but B fits only X (one place each)', () => {
    const problem: Problem = {
      ...tinyWorld(),
      supplyItems: [item('X', '温室大棚番茄灰霉病防治', 1), item('Y', '温室大棚蔬菜种植', 1)],
      demandItems: [demand('A', '温室大棚番茄灰霉病防治'), demand('B', '番茄灰霉病')],
    };
    const pairs = eligiblePairs(prepare(problem)).map((p) => `${p.demandId}→${p.supplyId}`);
    expect(pairs).toEqual(['A→X', 'A→Y', 'B→X']);
    expect(placements(problem)).toEqual(['A→Y', 'B→X']);
    expect(match(problem).assignments[0].explanation.runnerUp).toMatchObject({ supplyId: 'X', lostBy: 'CAPACITY', takenBy: ['B'] });
    checkTiers(problem);
  });

  // The priority count comes before the score: a VULNERABLE demand that fits worse still wins the only place.
  it('gives the one place to a VULNERABLE demand over a NORMAL one that fits better', () => {
    const problem: Problem = {
      ...tinyWorld(),
      supplyItems: [item('X', '肉羊疫病防治', 1)],
      demandItems: [demand('N', '肉羊疫病防治'), demand('V', '羊群疫病，独居老人家的羊', 'VULNERABLE')],
    };
    const pairs = eligiblePairs(prepare(problem));
    expect(pairs.map((p) => p.demandId)).toEqual(['N', 'V']);
    expect(pairs[0].score).toBeGreaterThan(pairs[1].score);
    expect(placements(problem)).toEqual(['V→X']);
    expect(match(problem).escalations).toMatchObject([{ demandId: 'N', reason: 'CAPACITY_EXHAUSTED', detail: { candidates: [{ supplyId: 'X', takenBy: ['V'] }] } }]);
  });

  // Priority first, where greedy-by-score would take X for N1 and Y for N2 and leave V out:
  // V fits only X, so V gets X, N2 keeps Y by score, N1 goes up. (Within a tier, putting the
  // priority demands first never lowers the number placed — placeable sets form a matroid — so a
  // priority demand can only ever win over NORMAL ones at equal count, as here.)
  it('keeps the only item a priority demand fits for it, against two better-scoring NORMAL ones', () => {
    const problem: Problem = {
      ...tinyWorld(),
      supplyItems: [item('X', '肉羊疫病防治', 1), item('Y', '肉羊饲草料配制', 1)],
      demandItems: [demand('N1', '肉羊疫病防治和饲草料'), demand('N2', '饲草料配制'), demand('V', '羊痘疫病', 'URGENT')],
    };
    const pairs = eligiblePairs(prepare(problem));
    expect(pairs.map((p) => `${p.demandId}→${p.supplyId}`)).toEqual(['N1→X', 'N1→Y', 'N2→Y', 'V→X']);
    const score = (d: string, s: string) => pairs.find((p) => p.demandId === d && p.supplyId === s)!.score;
    expect(score('N1', 'X')).toBeGreaterThan(score('V', 'X'));
    expect(placements(problem)).toEqual(['N2→Y', 'V→X']);
    expect(match(problem).escalations).toMatchObject([{ demandId: 'N1', reason: 'CAPACITY_EXHAUSTED' }]);
    checkTiers(problem);
  });

  // The number placed comes before the score: two modest fits beat one excellent fit whose score is higher than both together.
  it('places two demands with modest scores rather than one with a higher score than both', () => {
    const problem: Problem = {
      ...tinyWorld(),
      supplyItems: [item('X', '温室大棚番茄灰霉病防治', 1), item('Y', '河套蜜瓜新品种', 1)],
      demandItems: [demand('A', '温室大棚番茄灰霉病防治，也问蜜瓜'), { ...demand('B', '番茄病'), forms: ['CLINIC'] }],
    };
    const pairs = eligiblePairs(prepare(problem));
    expect(pairs.map((p) => `${p.demandId}→${p.supplyId}`)).toEqual(['A→X', 'A→Y', 'B→X']);
    expect(pairs[1].score + pairs[2].score).toBeLessThan(pairs[0].score);
    expect(placements(problem)).toEqual(['A→Y', 'B→X']);
    checkTiers(problem);
  });
});
