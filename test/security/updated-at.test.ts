import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../../src/db';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld, TARHU } from '../support/fixture';

/**
 * The probe saw `updated_at` move on rows a mutation did not change: the caller's user, its
 * region, the campaign, the department. A write must touch only the rows it changes.
 */

let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['admin', 'org-city', 'township-tarhu', 'dept-wuyuan-nk', 'dept-nmj']);
  app.clock.set(new Date('2020-01-10T02:00:00Z'));
});
afterAll(() => app?.close());

/** Every row's updated_at of the tables no move of the loop writes to. */
async function stamps(): Promise<Record<string, unknown[]>> {
  const connection = app.orm.em.fork().getConnection();
  const out: Record<string, unknown[]> = {};
  for (const table of ['app_user', 'region', 'campaign', 'department']) out[table] = await connection.execute(`select id, updated_at from ${table} order by id`);
  return out;
}

describe(`a write touches only the rows it changes (${DB_KIND})`, () => {
  it('createDemandList, addDemandItem, runMatching, acceptAssignment, reportProgress, adjustSupplyItem leave user, region, campaign and department rows alone', async () => {
    const before = await stamps();
    const township = as('township-tarhu');
    const campaign = await app.gql('mutation { createCampaign(input: { name: "夏季服务行动", startsOn: "2020-05-01", endsOn: "2020-08-31" }) { id } }', {}, as('admin'));
    expect(campaign.errors).toBeUndefined();
    const campaignId = campaign.data.createCampaign.id as string;
    // The new campaign's row is new: only the rows that were there before are compared.
    const list = await app.gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: campaignId, t: TARHU }, township);
    expect(list.errors).toBeUndefined();
    const item = await app.gql(`mutation($l: ID!) { addDemandItem(input: { listId: $l, category: TECHNOLOGY, title: "葵花菌核病防治", content: "全镇葵花种植户80余户", forms: [ON_SITE] }) { id } }`, { l: list.data.createDemandList.id }, township);
    expect(item.errors).toBeUndefined();
    const run = await app.gql('mutation { runMatching(campaignId: "C-1") { placedCounty placedCity } }', {}, as('org-city'));
    expect(run.errors).toBeUndefined();
    const d1 = await app.gql('{ demandItem(id: "D-001") { assignment { id version department { id } } } }', {}, township);
    const a = d1.data.demandItem.assignment;
    expect(a.department.id).toBe('DEP-K-WY-NK');
    const dept = as('dept-wuyuan-nk');
    const accepted = await app.gql('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { version } }', { i: { id: a.id, version: a.version, committedDate: '2020-01-31', personInCharge: '王技术员' } }, dept);
    expect(accepted.errors).toBeUndefined();
    const progress = await app.gql('mutation($i: ReportProgressInput!) { reportProgress(input: $i) { version } }', { i: { id: a.id, version: accepted.data.acceptAssignment.version, note: '已入户' } }, dept);
    expect(progress.errors).toBeUndefined();
    const adjusted = await app.gql('mutation { adjustSupplyItem(input: { id: "S-K-001", capacity: 4, note: "增派技术员" }) { capacity } }', {}, dept);
    expect(adjusted.errors).toBeUndefined();
    const after = await stamps();
    after.campaign = after.campaign.filter((row: any) => row.id !== campaignId);
    expect(after).toEqual(before);
  });

  it('an entity loaded and left alone has nothing to write (no change set from type conversions)', async () => {
    // The cause of the bumps above: a loaded row whose snapshot differs from its hydrated values
    // (a datetime read as a Date, compared as a number) is "changed" on every flush of its EntityManager.
    const em = app.orm.em.fork();
    for (const entity of entities) await em.find(entity, {});
    const uow = em.getUnitOfWork();
    uow.computeChangeSets();
    const changed = uow.getChangeSets().map((cs) => `${cs.name} ${String(cs.entity.id)}: ${Object.keys(cs.payload).join(', ')}`);
    expect(changed).toEqual([]);
  });
});
