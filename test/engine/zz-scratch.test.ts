import { it } from 'vitest';
import { prepare, type Problem, type ProblemDemandItem, type ProblemSupplyItem } from '../../src/engine';
import { eligiblePairs, tinyWorld } from './support';
  const item = (id: string, title: string, capacity: number, departmentId = 'DK'): ProblemSupplyItem => ({
    id, departmentId, category: 'TECHNOLOGY', title, description: title, forms: ['ON_SITE', 'TRAINING'], capacity, coverage: [departmentId === 'DK' ? 'K' : 'C'],
  });
  const demand = (id: string, title: string, priority: ProblemDemandItem['priority'] = 'NORMAL'): ProblemDemandItem => ({
    id, townshipId: 'T', category: 'TECHNOLOGY', title, content: title, forms: ['ON_SITE'], priority,
  });
it('x', () => {
  const ps: Problem[] = [{ ...tinyWorld(), supplyItems: [item('X', '温室大棚番茄灰霉病防治', 1), item('Y', '温室大棚蔬菜种植', 1)], demandItems: [demand('A', '温室大棚番茄灰霉病防治'), demand('B', '番茄灰霉病')] },
  { ...tinyWorld(), supplyItems: [item('X', '肉羊疫病防治', 1)], demandItems: [demand('N', '肉羊疫病防治'), demand('V', '羊群疫病，独居老人家的羊', 'VULNERABLE')] },
  { ...tinyWorld(), supplyItems: [item('X', '肉羊疫病防治', 1), item('Y', '肉羊饲草料配制', 1)], demandItems: [demand('N1', '肉羊疫病防治和饲草料配制'), demand('N2', '饲草料'), demand('V', '肉羊疫病', 'URGENT')] }];
  for (const p of ps) console.log(JSON.stringify(eligiblePairs(prepare(p))));
});
