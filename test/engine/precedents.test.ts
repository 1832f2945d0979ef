import { describe, expect, it } from 'vitest';
import { match, type Precedent, type Problem, type ProblemSupplyItem } from '../../src/engine';
import { tinyWorld } from './support';

/** Precedents (先例, issue 14, item 2): what the desk and the loop taught, handed to the pure engine as data. */

const item = (id: string, title: string, description: string, departmentId = 'DK'): ProblemSupplyItem => ({
  id, departmentId, category: 'HEALTH', title, description, forms: ['CLINIC'], capacity: 5, coverage: ['K'],
});
const problem: Problem = {
  ...tinyWorld(),
  supplyItems: [item('S1', '乡村健康行动第三小组', '第三小组按月安排人员下沉到村'), item('S2', '老年人义诊', '为独居老人开展义诊和慢性病随访')],
  demandItems: [{ id: 'D1', townshipId: 'T', category: 'HEALTH', title: '独居老人义诊', content: '村里独居老人多，希望开展义诊和慢性病随访', forms: ['CLINIC'], priority: 'NORMAL' }],
};
const example = (kind: Precedent['kind'], supplyId: string | null, departmentId = 'DK', title = '独居老人义诊', content = '镇里独居老人30人，希望开展义诊和慢性病随访'): Precedent => ({
  kind, category: 'HEALTH', title, content, supplyId, departmentId,
});

describe('precedents', () => {
  it('a demand worded like one the desk placed by hand goes there, and the explanation counts them', () => {
    const without = match({ ...problem, supplyItems: [problem.supplyItems[0]] });
    expect(without.assignments).toEqual([]);
    const [placed] = match({ ...problem, supplyItems: [problem.supplyItems[0]] }, { precedents: [example('ASSIGNED', 'S1'), example('ASSIGNED', 'S1'), example('SATISFIED', 'S1')] }).assignments;
    expect(placed.supplyId).toBe('S1');
    expect(placed.explanation.parts.precedents).toMatchObject({ assigned: 2, satisfied: 1 });
    expect(placed.explanation.summary).toContain('参照 2 条人工派单、1 条满意办结的先例');
  });

  it('an item of another campaign stands for its department: the department\'s item of that category is followed', () => {
    const [placed] = match({ ...problem, supplyItems: [problem.supplyItems[0]] }, { precedents: [example('ASSIGNED', 'S-OLD-CAMPAIGN')] }).assignments;
    expect(placed.supplyId).toBe('S1');
  });

  it('a demand worded like a declined pairing avoids that item when another fits', () => {
    const two = { ...problem, supplyItems: [...problem.supplyItems, item('S3', '慢性病随访', '乡村医生上门开展高血压等慢性病随访')] };
    expect(match(two).assignments[0].supplyId).toBe('S2');
    expect(match(two, { precedents: [example('DECLINED', 'S2')] }).assignments[0].supplyId).toBe('S3');
  });

  it('a precedent worded otherwise changes nothing', () => {
    const unrelated = example('ASSIGNED', 'S1', 'DK', '电影放映', '冬闲时节想看露天电影');
    expect(JSON.stringify(match(problem, { precedents: [unrelated] }).assignments.map((a) => [a.supplyId, a.score]))).toBe(JSON.stringify(match(problem).assignments.map((a) => [a.supplyId, a.score])));
  });
});
