import { describe, expect, it } from 'vitest';
import { match, type Problem, type ProblemSupplyItem } from '../../src/engine';
import { tinyWorld } from './support';

/**
 * Bugs found on the way (issue 14, item 6), each written before its fix: a demand is never put
 * back on an item that declined it; when declines leave nothing, the escalation says so and lists
 * them; a category whose items all serve other counties is "not covered", not "no supply".
 */

const item = (id: string, over: Partial<ProblemSupplyItem> = {}): ProblemSupplyItem => ({
  id, departmentId: 'DK', category: 'HEALTH', title: '慢性病随访', description: '乡村医生上门开展高血压糖尿病慢性病随访',
  forms: ['ON_SITE'], capacity: 5, coverage: ['K'], ...over,
});

const world = (supplyItems: ProblemSupplyItem[], declined: string[] = []): Problem => ({
  ...tinyWorld(),
  supplyItems,
  demandItems: [{
    id: 'D1', townshipId: 'T', category: 'HEALTH', title: '高血压随访', content: '村里高血压老人多，希望医生上门随访', forms: ['ON_SITE'],
    priority: 'NORMAL', declinedSupplyIds: declined,
  }],
});

describe('declines (issue 14, item 6)', () => {
  it('never places a demand on an item that declined it, even when that item fits best', () => {
    const result = match(world([item('S1'), item('S2', { departmentId: 'DC', coverage: ['C'], title: '慢病随访服务', description: '市级专家开展慢病随访' })], ['S1']));
    expect(result.assignments.map((a) => [a.demandId, a.supplyId])).toEqual([['D1', 'S2']]);
    expect(result.assignments[0].explanation.runnerUp).toBeNull();
  });

  it('escalates with its own reason when every fitting item declined it, listing them', () => {
    const result = match(world([item('S1'), item('S2', { title: '电影放映', description: '露天电影放映', category: 'HEALTH' })], ['S1']));
    expect(result.assignments).toEqual([]);
    expect(result.escalations[0].reason).toBe('DECLINED');
    expect(result.escalations[0].detail.candidates).toContainEqual(expect.objectContaining({ supplyId: 'S1', rule: 'DECLINED' }));
    expect(result.escalations[0].detail.summary).toContain('退回');
  });

  it('calls a category whose items serve only other counties "not covered", naming them', () => {
    const problem = world([item('S9', { departmentId: 'DK2', coverage: ['K2'] })]);
    problem.regions.push({ id: 'K2', name: '另一旗', level: 'COUNTY', parentId: 'C' });
    problem.departments.push({ id: 'DK2', name: '另一旗卫健委', level: 'COUNTY', regionId: 'K2' });
    const [escalation] = match(problem).escalations;
    expect(escalation.reason).toBe('NOT_COVERED');
    expect(escalation.detail.candidates).toEqual([expect.objectContaining({ supplyId: 'S9', rule: 'NOT_COVERED' })]);
    expect(escalation.detail.summary).not.toContain('没有可供');
  });
});
