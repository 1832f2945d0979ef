import { describe, expect, it } from 'vitest';
import { match, type Problem, type ProblemSupplyItem } from '../../src/engine';
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
