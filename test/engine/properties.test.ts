import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match, prepare, type MatchResult, type Problem } from '../../src/engine';
import { problemArb, shuffled } from './support';

/** Invariants of the matching rules (DESIGN.md "Matching rules"), on random problems. */

const RUNS = { numRuns: 150 };

function usage(problem: Problem, result: MatchResult) {
  const used = new Map<string, number>();
  for (const a of result.assignments) used.set(a.supplyId, (used.get(a.supplyId) ?? 0) + 1);
  const pinned = new Map<string, number>();
  for (const d of problem.demandItems) if (d.pinnedSupplyId) pinned.set(d.pinnedSupplyId, (pinned.get(d.pinnedSupplyId) ?? 0) + 1);
  return { used, pinned };
}

describe('matching invariants', () => {
  it('never gives an item more than its capacity left after the pinned demands', () => {
    fc.assert(fc.property(problemArb(), (problem) => {
      const result = match(problem);
      const { used, pinned } = usage(problem, result);
      for (const s of problem.supplyItems) {
        expect(used.get(s.id) ?? 0).toBeLessThanOrEqual(Math.max(0, s.capacity - (pinned.get(s.id) ?? 0)));
      }
    }), RUNS);
  });

  it('ends every open demand in exactly one assignment or one escalation, and leaves pinned ones alone', () => {
    fc.assert(fc.property(problemArb(), (problem) => {
      const result = match(problem);
      const seen = [...result.assignments.map((a) => a.demandId), ...result.escalations.map((e) => e.demandId)];
      expect(new Set(seen).size).toBe(seen.length);
      const open = problem.demandItems.filter((d) => !d.pinnedSupplyId).map((d) => d.id).sort();
      expect([...seen].sort()).toEqual(open);
      expect(result.stats.pinned).toBe(problem.demandItems.length - open.length);
    }), RUNS);
  });

  it('is deterministic, whatever the order of the input lists', () => {
    fc.assert(fc.property(problemArb(), fc.integer({ min: 1, max: 1e6 }), (problem, seed) => {
      const once = JSON.stringify(match(problem));
      expect(JSON.stringify(match(problem))).toBe(once);
      const reordered: Problem = {
        regions: shuffled(problem.regions, seed),
        departments: shuffled(problem.departments, seed + 1),
        supplyItems: shuffled(problem.supplyItems, seed + 2),
        demandItems: shuffled(problem.demandItems, seed + 3),
      };
      expect(JSON.stringify(match(reordered))).toBe(once);
    }), RUNS);
  });

  it('places no demand at city tier while an eligible item of its own county still has room', () => {
    fc.assert(fc.property(problemArb(), (problem) => {
      const prep = prepare(problem);
      const result = match(problem);
      const { used } = usage(problem, result);
      const spare = (s: number) => prep.supply[s].remaining - (used.get(prep.supply[s].item.id) ?? 0) > 0;
      const index = new Map(prep.demands.map((d, i) => [d.id, i]));
      for (const a of result.assignments.filter((x) => x.tier === 'CITY')) {
        const d = index.get(a.demandId)!;
        for (let k = prep.pairStart[d]; k < prep.pairStart[d + 1]; k++) {
          if (prep.pairTier[k] === 0) expect(spare(prep.pairSupply[k])).toBe(false);
        }
      }
    }), RUNS);
  });

  it('assigns only eligible pairs, at their tier and score, and escalates with a reason its candidates bear out', () => {
    fc.assert(fc.property(problemArb(), (problem) => {
      const prep = prepare(problem);
      const result = match(problem);
      const index = new Map(prep.demands.map((d, i) => [d.id, i]));
      for (const a of result.assignments) {
        const d = index.get(a.demandId)!;
        const pairs = [];
        for (let k = prep.pairStart[d]; k < prep.pairStart[d + 1]; k++) pairs.push(k);
        const k = pairs.find((j) => prep.supply[prep.pairSupply[j]].item.id === a.supplyId);
        expect(k).toBeDefined();
        expect(a.tier).toBe(prep.pairTier[k!] === 0 ? 'COUNTY' : 'CITY');
        expect(a.score).toBe(prep.pairScore[k!] / 1000);
        expect(a.explanation.eligibleCount).toBe(pairs.length);
      }
      for (const e of result.escalations) {
        const demand = problem.demandItems.find((d) => d.id === e.demandId)!;
        const rules = e.detail.candidates.map((c) => c.rule);
        if (demand.kind === 'HARD') expect(e.reason).toBe('HARD_CASE');
        else if (rules.length === 0) expect(e.reason).toBe('NO_SUPPLY_IN_CATEGORY');
        else if (e.reason === 'NOT_COVERED') expect(rules.every((r) => r === 'NOT_COVERED')).toBe(true);
        else if (e.reason === 'CAPACITY_EXHAUSTED') expect(rules).toContain('CAPACITY_EXHAUSTED');
        else expect(rules).not.toContain('CAPACITY_EXHAUSTED');
        for (const c of e.detail.candidates) {
          const item = problem.supplyItems.find((s) => s.id === c.supplyId)!;
          expect(item.category).toBe(demand.category);
        }
      }
    }), RUNS);
  });

  it('keeps pinned assignments and counts them against capacity', () => {
    const problem: Problem = {
      regions: [{ id: 'C', name: '市', level: 'CITY', parentId: null }, { id: 'K', name: '旗', level: 'COUNTY', parentId: 'C' }, { id: 'T', name: '镇', level: 'TOWNSHIP', parentId: 'K' }],
      departments: [{ id: 'DK', name: '旗卫健委', level: 'COUNTY', regionId: 'K' }],
      supplyItems: [{ id: 'S1', departmentId: 'DK', category: 'HEALTH', title: '义诊送药进村', description: '义诊', forms: ['CLINIC'], capacity: 2, coverage: ['K'] }],
      demandItems: [
        { id: 'D1', townshipId: 'T', category: 'HEALTH', title: '义诊送药', content: '义诊', forms: ['CLINIC'], priority: 'NORMAL', pinnedSupplyId: 'S1' },
        { id: 'D2', townshipId: 'T', category: 'HEALTH', title: '义诊送药', content: '义诊', forms: ['CLINIC'], priority: 'NORMAL' },
        { id: 'D3', townshipId: 'T', category: 'HEALTH', title: '义诊送药', content: '义诊', forms: ['CLINIC'], priority: 'VULNERABLE' },
      ],
    };
    const result = match(problem);
    expect(result.assignments.map((a) => a.demandId)).toEqual(['D3']);
    expect(result.escalations).toMatchObject([{ demandId: 'D2', reason: 'CAPACITY_EXHAUSTED', detail: { candidates: [{ supplyId: 'S1', takenBy: ['D1', 'D3'] }] } }]);
  });
});
