import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/** The shipped demo data loads, and holds what the source report says: 21 departments with 58 items, 114 demands. */
let app: TestApp;
const demo = readDemoData();
beforeAll(async () => {
  app = await startApp(demo);
});
afterAll(() => app?.close());

it(`loads the Bayannur demo campaign (${DB_KIND})`, async () => {
  const token = await app.login('org-city');
  const r = await app.gql(`{
    demandItems(filter:{campaignId:"C-2019-WS"}) { totalCount }
    city: supplyItems(filter:{campaignId:"C-2019-WS", level: CITY}) { totalCount }
    county: supplyItems(filter:{campaignId:"C-2019-WS", level: COUNTY}) { totalCount }
    cityDepartments: departments(filter:{level: CITY}) { totalCount }
    counties: regions(filter:{level: COUNTY}) { name }
    hard: demandItems(filter:{kind: HARD}) { totalCount }
  }`, {}, token);
  expect(r.errors).toBeUndefined();
  expect(r.data.demandItems.totalCount).toBe(114);
  expect(r.data.city.totalCount).toBe(58);
  expect(r.data.county.totalCount).toBeGreaterThanOrEqual(18);
  expect(r.data.cityDepartments.totalCount).toBe(21);
  expect(r.data.counties.map((c: any) => c.name).sort()).toEqual(['临河区', '乌拉特中旗', '乌拉特前旗', '乌拉特后旗', '五原县', '杭锦后旗', '磴口县'].sort());
  expect(r.data.hard.totalCount).toBe(6);
  // Every city department publishes at least one item; every category is on both lists.
  expect(new Set(demo.supplyItems.filter((s) => s.id.startsWith('S-C')).map((s) => s.departmentId)).size).toBe(21);
  const categories = ['THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH'];
  expect(new Set(demo.supplyItems.map((s) => s.category))).toEqual(new Set(categories));
  expect(new Set(demo.demandItems.map((d) => d.category))).toEqual(new Set(categories));
  expect(demo.supplyItems.every((s) => /^1390000\d{4}$/.test(s.contact.phone))).toBe(true);
});

it(`every demo login works and sees its own scope (${DB_KIND})`, async () => {
  for (const u of demo.users) {
    const r = await app.gql('{ me { username role } }', {}, await app.login(u.username));
    expect(r.data.me).toEqual({ username: u.username, role: u.role });
  }
  const tarhu = await app.gql('{ demandItems(first: 100) { totalCount nodes { township { name } } } }', {}, await app.login('township-tarhu'));
  expect(tarhu.data.demandItems.totalCount).toBeGreaterThanOrEqual(4);
  expect(new Set(tarhu.data.demandItems.nodes.map((n: any) => n.township.name))).toEqual(new Set(['塔尔湖镇']));
});
