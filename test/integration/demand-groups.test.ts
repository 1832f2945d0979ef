import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/** demandGroups (issue 17, item 3): the same need entered twice in a township, and common needs across a county, scoped. */

let app: TestApp;
let as: (user: string) => string;
/** The two wordings of one need the township entered. */
const twice: string[] = [];
/** One need raised by four townships of 五原县, each in its own words (written straight to the lists: the API's township users are two). */
const COMMON = [
  ['150821101', '葵花菌核病防治培训', '今年葵花菌核病厉害，盘子烂了一大片，想请农技员来讲讲怎么防治'],
  ['150821102', '葵花烂盘子', '村里葵花得了菌核病，盘子都烂了，希望来人讲讲防治菌核病'],
  ['150821103', '向日葵菌核病防治', '向日葵菌核病发病严重，盘腐，想请技术员培训防治方法'],
  ['150821104', '葵花病害培训', '葵花菌核病年年有，烂盘子减产，盼着来讲防治技术'],
];
const common: string[] = [];
const Q = `query($r: ID) { demandGroups(campaignId: "C-2019-WS", regionId: $r) {
  duplicates { kind regionId category similarity suggestedTitle members { similarity demandItem { id township { id } county { id } category } } }
  common { kind regionId category places beneficiaries members { demandItem { id county { id } category } } } } }`;

beforeAll(async () => {
  app = await startApp(readDemoData(), { lexicon: true });
  as = await app.loginAll(['township-tarhu', 'township-ganzhaomiao', 'org-city', 'org-wuyuan', 'dept-nmj']);
  const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, as('township-tarhu'))).data.demandLists.nodes[0];
  for (const [title, content] of [['鸡瘟', '家里的鸡一只接一只地死，想请兽医来看看'], ['鸡老是死', '养的鸡这几天一只接一只地死了，请兽医来看看咋回事']]) {
    const r = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list.id, category: 'TECHNOLOGY', title, content, forms: ['ON_SITE'] } }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    twice.push(r.data.addDemandItem.id);
  }
  const em = app.orm.em.fork();
  for (const [township, title, content] of COMMON) {
    const item = em.create(DemandItem, {
      list: `DL-C-2019-WS-${township}`, campaign: 'C-2019-WS', township, county: '150821', category: 'TECHNOLOGY', title, content, forms: ['TRAINING'], beneficiaries: 30, priority: 'NORMAL', kind: 'COMMON', source: 'FORM', status: 'SUBMITTED', submittedAt: new Date(),
    } as never);
    common.push((item as DemandItem).id);
  }
  await em.flush();
});
afterAll(() => app?.close());

describe(`demandGroups (${DB_KIND})`, () => {
  it("shows a township its need entered twice, and nothing of another township's", async () => {
    const r = await app.gql(Q, {}, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    const { duplicates, common } = r.data.demandGroups;
    expect(common).toEqual([]);
    const chickens = duplicates.find((g: any) => g.members.some((m: any) => m.demandItem.id === twice[0]));
    expect(chickens).toMatchObject({ kind: 'DUPLICATE', regionId: '150821102', category: 'TECHNOLOGY' });
    expect(chickens.members.map((m: any) => m.demandItem.id).sort()).toEqual([...twice].sort());
    for (const g of duplicates) for (const m of g.members) expect(m.demandItem.township.id).toBe('150821102');
    const other = (await app.gql(Q, {}, as('township-ganzhaomiao'))).data.demandGroups.duplicates;
    expect(other.flatMap((g: any) => g.members.map((m: any) => m.demandItem.township.id)).every((t: string) => t === '150802101')).toBe(true);
    expect(codeOf(await app.gql(Q, { r: '150821102' }, as('township-ganzhaomiao')))).toBe('FORBIDDEN');
  });

  it('gives an organization department the common needs of its counties, each within one county and category; a county only its own', async () => {
    const city = (await app.gql(Q, {}, as('org-city'))).data.demandGroups;
    for (const g of city.common) {
      expect(g.kind).toBe('COMMON');
      expect(new Set(g.members.map((m: any) => `${m.demandItem.county.id}|${m.demandItem.category}`))).toEqual(new Set([`${g.regionId}|${g.category}`]));
      expect(g.places).toBeGreaterThanOrEqual(3);
    }
    // The four townships' sunflower training is one of them, its beneficiaries summed.
    const sunflower = city.common.find((g: any) => g.members.some((m: any) => m.demandItem.id === common[0]));
    expect(sunflower).toMatchObject({ kind: 'COMMON', regionId: '150821', category: 'TECHNOLOGY' });
    expect(sunflower.members.map((m: any) => m.demandItem.id)).toEqual(expect.arrayContaining(common));
    expect(sunflower.beneficiaries).toBeGreaterThanOrEqual(4 * 30);
    const county = (await app.gql(Q, {}, as('org-wuyuan'))).data.demandGroups;
    expect(county.common.length).toBeGreaterThan(0);
    expect(county.common.every((g: any) => g.regionId === '150821')).toBe(true);
    expect(codeOf(await app.gql(Q, { r: '150800' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(Q, {}, as('dept-nmj')))).toBe('FORBIDDEN');
  });
});
