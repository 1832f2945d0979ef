import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * Supply items after publication. SupplyItem.used: the capacity an item has in use, its live assignments (MATCHED … CLOSED), as
 * matching counts them; a page of items costs one statement for it, whatever its size.
 */

let app: TestApp;
let as: (user: string) => string;
const CAMPAIGN = 'C-2019-WS';

beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['admin', 'org-city', 'dept-wuyuan-nk', 'township-tarhu']);
});
afterAll(() => app?.close());

type Item = { id: string; capacity: number; used: number };
const ITEMS = 'query($f: SupplyItemFilter, $n: Int) { supplyItems(filter: $f, first: $n) { totalCount nodes { id capacity used } } }';

async function items(user: string, filter: Record<string, unknown> = { campaignId: CAMPAIGN }, first = 100): Promise<Item[]> {
  const r = await app.gql(ITEMS, { f: filter, n: first }, as(user));
  expect(r.errors).toBeUndefined();
  expect(r.data.supplyItems.totalCount).toBeLessThanOrEqual(100);
  return r.data.supplyItems.nodes;
}

/** The live assignments per supply item, counted in the database. */
async function liveBySupplyItem(): Promise<Map<string, number>> {
  const rows: { id: string; n: number | string }[] = await app.orm.em.fork().getConnection().execute(`select supply_item_id as id, count(*) as n from assignment
    where supply_item_id is not null and status in ('MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED') group by supply_item_id`);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

describe(`SupplyItem.used (${DB_KIND})`, () => {
  it('is 0 everywhere before matching', async () => {
    const all = await items('org-city');
    expect(all.length).toBe(78);
    expect(all.every((i) => i.used === 0)).toBe(true);
  });

  it('after runMatching on the demo data, agrees item by item with the assignments counted, and never exceeds capacity', async () => {
    expect((await app.gql(`mutation { runMatching(campaignId: "${CAMPAIGN}") { id } }`, {}, as('org-city'))).errors).toBeUndefined();
    const live = await liveBySupplyItem();
    const all = await items('org-city');
    expect(all.map((i) => [i.id, i.used])).toEqual(all.map((i) => [i.id, live.get(i.id) ?? 0]));
    expect(all.reduce((sum, i) => sum + i.used, 0)).toBe([...live.values()].reduce((a, b) => a + b, 0));
    expect(all.filter((i) => i.used > 0).length).toBeGreaterThan(10);
    expect(all.every((i) => i.used <= i.capacity)).toBe(true);

    // The county department sees the same counts on its own items, as does a township reading the menu.
    const mine = await items('dept-wuyuan-nk', { campaignId: CAMPAIGN, departmentId: 'DEP-K-WY-NK' });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((i) => i.used > 0)).toBe(true);
    for (const i of mine) expect(i.used).toBe(live.get(i.id) ?? 0);
    const menu = await items('township-tarhu');
    for (const i of menu) expect(i.used).toBe(live.get(i.id) ?? 0);
  });

  it('a decline gives the capacity back at once', async () => {
    const dept = as('dept-wuyuan-nk');
    const { nodes } = (await app.gql('{ assignments(first: 100) { nodes { id version status supplyItem { id used } } } }', {}, dept)).data.assignments;
    const a = nodes.find((n: { status: string; supplyItem: unknown }) => n.status === 'MATCHED' && n.supplyItem);
    const before = a.supplyItem.used;
    const r = await app.gql('mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { id } }', { i: { id: a.id, version: a.version, reason: '本部门没有这方面的技术人员' } }, dept);
    expect(r.errors).toBeUndefined();
    const after = (await app.gql('query($id: ID!) { supplyItem(id: $id) { used } }', { id: a.supplyItem.id }, dept)).data.supplyItem.used;
    expect(after).toBe(before - 1);
    expect(after).toBe((await liveBySupplyItem()).get(a.supplyItem.id) ?? 0);
  });

  it('costs one statement per page, whatever its size, nested in lists too', async () => {
    const statements = async (query: string, vars: Record<string, unknown>) => {
      app.counter.reset();
      const r = await app.gql(query, vars, as('org-city'));
      expect(r.errors).toBeUndefined();
      return app.counter.count;
    };
    const withUsed = await statements(ITEMS, { f: { campaignId: CAMPAIGN }, n: 78 });
    expect(await statements(ITEMS, { f: { campaignId: CAMPAIGN }, n: 5 })).toBe(withUsed);
    expect(await statements('query($n: Int) { supplyItems(first: $n) { totalCount nodes { id capacity } } }', { n: 78 })).toBe(withUsed - 1);
    // The total is counted only when asked for.
    expect(await statements('query($n: Int) { supplyItems(first: $n) { nodes { id capacity } } }', { n: 78 })).toBe(withUsed - 2);
    const lists = 'query($n: Int) { supplyLists(first: $n) { nodes { id items { id used } } } }';
    expect(await statements(lists, { n: 28 })).toBe(await statements(lists, { n: 3 }));
  });
});

describe(`a published item's moves name the version read (${DB_KIND})`, () => {
  it('an adjustment with a stale version is refused (CONFLICT); one with the current version or none goes through; capacity never below used', async () => {
    const dept = as('dept-wuyuan-nk');
    const [item] = (await items('dept-wuyuan-nk', { campaignId: CAMPAIGN, departmentId: 'DEP-K-WY-NK' })).sort((a, b) => b.used - a.used);
    expect(item.used).toBeGreaterThanOrEqual(2);
    const read = async () => (await app.gql('query($id: ID!) { supplyItem(id: $id) { version capacity used } }', { id: item.id }, dept)).data.supplyItem;
    const adjust = (i: Record<string, unknown>) => app.gql('mutation($i: AdjustSupplyItemInput!) { adjustSupplyItem(input: $i) { version capacity } }', { i: { id: item.id, ...i } }, dept);
    const before = await read();
    const ok = await adjust({ version: before.version, capacity: before.capacity + 1 });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.adjustSupplyItem).toEqual({ version: before.version + 1, capacity: before.capacity + 1 });
    expect(codeOf(await adjust({ version: before.version, capacity: before.capacity + 2 }))).toBe('CONFLICT');
    expect((await adjust({ capacity: before.capacity })).errors).toBeUndefined();
    const below = await adjust({ version: (await read()).version, capacity: before.used - 1 });
    expect(below.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'input.capacity', live: before.used });
    expect(await read()).toMatchObject({ capacity: before.capacity, used: before.used });
  });

  it('a draft item edited or removed, and a list published, with a stale version are refused (CONFLICT)', async () => {
    const dept = as('dept-wuyuan-nk');
    const campaign = (await app.gql('mutation { createCampaign(input: { name: "2020年夏秋服务行动", startsOn: "2020-06-01", endsOn: "2020-10-31" }) { id } }', {}, as('admin'))).data.createCampaign;
    const list = (await app.gql('mutation($i: CreateSupplyListInput!) { createSupplyList(input: $i) { id version } }', { i: { campaignId: campaign.id, departmentId: 'DEP-K-WY-NK' } }, dept)).data.createSupplyList;
    const fields = {
      category: 'TECHNOLOGY', title: '玉米秋收机械维修', description: '农机站技术员进村检修收割机', forms: ['ON_SITE'], leaderName: '李明', contactName: '张强', contactPhone: '13900000099', capacity: 3,
    };
    const added = await app.gql('mutation($i: AddSupplyItemInput!) { addSupplyItem(input: $i) { id version used } }', { i: { listId: list.id, ...fields } }, dept);
    expect(added.errors).toBeUndefined();
    const item = added.data.addSupplyItem;
    expect(item.used).toBe(0);
    const update = (version: number) => app.gql('mutation($i: UpdateSupplyItemInput!) { updateSupplyItem(input: $i) { version capacity } }', { i: { id: item.id, version, ...fields, capacity: 4 } }, dept);
    expect((await update(item.version)).data.updateSupplyItem).toEqual({ version: item.version + 1, capacity: 4 });
    expect(codeOf(await update(item.version))).toBe('CONFLICT');
    expect(codeOf(await app.gql('mutation($id: ID!, $v: Int) { removeSupplyItem(id: $id, version: $v) }', { id: item.id, v: item.version }, dept))).toBe('CONFLICT');
    const publish = (v: number) => app.gql('mutation($id: ID!, $v: Int) { publishSupplyList(id: $id, version: $v) { status } }', { id: list.id, v }, dept);
    expect(codeOf(await publish(list.version + 1))).toBe('CONFLICT');
    expect((await publish(list.version)).data.publishSupplyList).toEqual({ status: 'PUBLISHED' });
  });
});
