import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData, seedDemo } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * Seeding a database in use (issue 17, item 4): the demo data already there, matched and moved on,
 * a second seed inserts nothing and changes nothing, so no version a client holds goes stale.
 */

const demo = readDemoData();
let app: TestApp;
beforeAll(async () => {
  app = await startApp(demo);
});
afterAll(() => app?.close());

const versions = async () => {
  const conn = app.orm.em.fork().getConnection();
  const rows = async (table: string) => (await conn.execute(`select id, version from ${table} order by id`)).map((r: any) => `${r.id}:${r.version}`);
  return { demands: await rows('demand_item'), supply: await rows('supply_item'), lists: [...await rows('demand_list'), ...await rows('supply_list')] };
};

describe(`seed on a populated database (${DB_KIND})`, () => {
  it('inserts nothing and leaves every version as it was, after matching and moves', async () => {
    const org = await app.login('org-city');
    expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
    const town = await app.login('township-tarhu');
    expect((await app.gql('mutation { withdrawDemandItem(id: "D-002", reason: "不需要了") { status } }', {}, town)).errors).toBeUndefined();
    const before = await versions();
    for (let run = 0; run < 2; run++) {
      const { inserted } = await seedDemo(app.orm.em, demo);
      expect(inserted).toEqual({});
      expect(await versions()).toEqual(before);
    }
  });
});
