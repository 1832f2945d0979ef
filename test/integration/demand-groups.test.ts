import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/** demandGroups (issue 17, item 3): the same need entered twice in a township, and common needs across a county, scoped. */

let app: TestApp;
let as: (user: string) => string;
/** The two wordings of one need the township entered. */
const twice: string[] = [];
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
    const county = (await app.gql(Q, {}, as('org-wuyuan'))).data.demandGroups;
    expect(county.common.every((g: any) => g.regionId === '150821')).toBe(true);
    expect(codeOf(await app.gql(Q, { r: '150800' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(Q, {}, as('dept-nmj')))).toBe('FORBIDDEN');
  });
});
