import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import type { TestApp } from './app';

/** One need raised by four townships of 五原县 (150821102 is 塔尔湖镇), each in its own words, with its beneficiaries. */
export const SUNFLOWER = [
  ['150821101', '葵花菌核病防治培训', '今年葵花菌核病厉害，盘子烂了一大片，想请农技员来讲讲怎么防治', 30],
  ['150821102', '葵花烂盘子', '村里葵花得了菌核病，盘子都烂了，希望来人讲讲防治菌核病', 25],
  ['150821103', '向日葵菌核病防治', '向日葵菌核病发病严重，盘腐，想请技术员培训防治方法', 40],
  ['150821104', '葵花病害培训', '葵花菌核病年年有，烂盘子减产，盼着来讲防治技术', 15],
] as const;

/**
 * SUNFLOWER written straight to the four townships' submitted lists of the demo campaign (the API's
 * township users are two): their ids, in SUNFLOWER's order.
 */
export async function addSunflowerNeeds(app: TestApp): Promise<string[]> {
  const em = app.orm.em.fork();
  const rows = SUNFLOWER.map(([township, title, content, beneficiaries]) => em.create(DemandItem, {
    list: `DL-C-2019-WS-${township}`, campaign: 'C-2019-WS', township, county: '150821', category: 'TECHNOLOGY', title, content, forms: ['TRAINING'], beneficiaries, priority: 'NORMAL', kind: 'COMMON', source: 'FORM', status: 'SUBMITTED', submittedAt: new Date(),
  } as never) as DemandItem);
  await em.flush();
  return rows.map((r) => r.id);
}
