import { describe, expect, it } from 'vitest';
import { match, type Problem, type ProblemSupplyItem } from '../../src/engine';
import { CANDIDATES_LISTED } from '../../src/engine/match';
import { tinyWorld } from './support';

/**
 * Three outcomes (issue 14, item 3): place at or over the threshold; under it, suggest the best
 * candidate to the desk when it is plausible, clearly ahead of the next and shares a word or a
 * concept; otherwise escalate with nothing to suggest. (The threshold is raised here so that
 * relevant pairs fall under it.)
 */

const item = (id: string, title: string, description: string): ProblemSupplyItem => ({
  id, departmentId: 'DK', category: 'HEALTH', title, description, forms: ['ON_SITE'], capacity: 5, coverage: ['K'],
});
const demand = { id: 'D1', townshipId: 'T', category: 'HEALTH' as const, title: '高血压随访', content: '村里高血压老人多，希望医生上门随访', forms: ['ON_SITE' as const], priority: 'NORMAL' as const };
const world = (supplyItems: ProblemSupplyItem[]): Problem => ({ ...tinyWorld(), supplyItems, demandItems: [demand] });

describe('suggestions', () => {
  it('under the threshold, a plausible item clearly ahead of the rest is suggested, with its score, in the summary', () => {
    const [e] = match(world([item('S1', '慢性病随访', '乡村医生上门开展高血压慢性病随访'), item('S2', '电影放映', '露天电影放映')]), { threshold: 0.99 }).escalations;
    expect(e.reason).toBe('LOW_RELEVANCE');
    expect(e.detail.suggestion).toMatchObject({ supplyId: 'S1', departmentId: 'DK', tier: 'COUNTY' });
    expect(e.detail.suggestion!.score).toBeGreaterThan(0.015);
    expect(e.detail.summary).toContain('建议派单');
  });

  it('no suggestion when two candidates are too close to tell apart', () => {
    const twins = [item('S1', '慢性病随访', '乡村医生上门开展高血压慢性病随访'), item('S2', '慢性病随访', '乡村医生上门开展高血压慢性病随访')];
    expect(match(world(twins), { threshold: 0.99 }).escalations[0].detail.suggestion).toBeUndefined();
  });

  it('no suggestion when nothing is plausible', () => {
    expect(match(world([item('S2', '电影放映', '露天电影放映')]), { threshold: 0.99 }).escalations[0].detail.suggestion).toBeUndefined();
  });

  it('never suggests an item to more demands than it has room for (the first by id gets it)', () => {
    const one = { ...item('S1', '慢性病随访', '乡村医生上门开展高血压慢性病随访'), capacity: 1 };
    const twin = { ...demand, id: 'D2' };
    const result = match({ ...tinyWorld(), supplyItems: [one], demandItems: [twin, demand] }, { threshold: 0.99 });
    expect(result.escalations.map((e) => [e.demandId, e.detail.suggestion?.supplyId ?? null])).toEqual([['D1', 'S1'], ['D2', null]]);
  });

  it('at or over the threshold it is placed, not suggested', () => {
    const result = match(world([item('S1', '慢性病随访', '乡村医生上门开展高血压慢性病随访')]));
    expect(result.assignments.map((a) => a.supplyId)).toEqual(['S1']);
    expect(result.escalations).toEqual([]);
  });
});

describe('an escalation lists its nearest candidates, and counts the rest (issue 19)', () => {
  it('keeps at most CANDIDATES_LISTED, full ones first, and tallies them all in the summary', () => {
    // 30 items of one category covering the township, all full but for none: the demand is escalated CAPACITY_EXHAUSTED
    // beside 30 candidates, 25 of them relevant (and full), 5 not relevant at all.
    const items: ProblemSupplyItem[] = Array.from({ length: 30 }, (_, i) => ({
      id: `S${String(i).padStart(2, '0')}`, departmentId: 'DK', category: 'HEALTH', title: i < 25 ? '慢性病随访' : '电影放映',
      description: i < 25 ? '医生上门随访高血压' : '露天电影', forms: ['ON_SITE'], capacity: 1, coverage: ['K'],
    }));
    const demands = Array.from({ length: 26 }, (_, i) => ({
      id: `D${String(i).padStart(2, '0')}`, townshipId: 'T', category: 'HEALTH' as const, title: '慢性病随访', content: '高血压老人想请医生上门随访', forms: ['ON_SITE' as const], priority: 'NORMAL' as const,
    }));
    const result = match({ ...tinyWorld(), supplyItems: items, demandItems: demands });
    expect(result.escalations).toHaveLength(1);
    const { detail, reason } = result.escalations[0];
    expect(reason).toBe('CAPACITY_EXHAUSTED');
    expect(detail.candidates).toHaveLength(CANDIDATES_LISTED);
    expect(detail.omittedCandidates).toBe(30 - CANDIDATES_LISTED);
    expect(detail.candidates.every((c) => c.rule === 'CAPACITY_EXHAUSTED')).toBe(true);
    // In their order (by id), and the summary counts all thirty.
    expect(detail.candidates.map((c) => c.supplyId)).toEqual([...detail.candidates.map((c) => c.supplyId)].sort());
    expect(detail.summary).toContain('候选 30 项');
  });

  it('lists every candidate, with no count, when there are few', () => {
    const result = match({
      ...tinyWorld(),
      supplyItems: [{ id: 'S1', departmentId: 'DK', category: 'HEALTH', title: '电影放映', description: '露天电影', forms: ['ON_SITE'], capacity: 1, coverage: ['K'] }],
      demandItems: [{ id: 'D1', townshipId: 'T', category: 'HEALTH', title: '慢性病随访', content: '高血压老人想请医生上门', forms: ['ON_SITE'], priority: 'NORMAL' }],
    });
    expect(result.escalations[0].detail.candidates).toHaveLength(1);
    expect(result.escalations[0].detail).not.toHaveProperty('omittedCandidates');
  });
});
