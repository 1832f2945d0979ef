import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/** A published item's capacity may not be cut below what its live assignments already use. */

let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['org-city', 'dept-wuyuan-nk']);
  app.clock.set(new Date('2020-01-10T02:00:00Z'));
  // D-001 goes to S-K-001 (capacity 3) by the engine; D-002 (health: no item of its own) is put on it by hand.
  const run = await app.gql('mutation { runMatching(campaignId: "C-1") { placedCounty } }', {}, as('org-city'));
  expect(run.errors).toBeUndefined();
  const d2 = await app.gql('{ demandItem(id: "D-002") { status version } }', {}, as('org-city'));
  expect(d2.data.demandItem.status).toBe('ESCALATED');
  const hand = await app.gql('mutation($i: AssignByHandInput!) { assignByHand(input: $i) { status } }', {
    i: { demandItemId: 'D-002', version: d2.data.demandItem.version, departmentId: 'DEP-K-WY-NK', supplyItemId: 'S-K-001', note: '由县农牧和科技局安排' },
  }, as('org-city'));
  expect(hand.errors).toBeUndefined();
});
afterAll(() => app?.close());

const ADJUST = 'mutation($c: Int!) { adjustSupplyItem(input: { id: "S-K-001", capacity: $c, note: "人手减少" }) { capacity } }';

describe(`capacity and live assignments (${DB_KIND})`, () => {
  it('adjustSupplyItem below its live assignments is INVALID_STATE saying how many are live and the lowest capacity allowed', async () => {
    const before = await snapshot(app);
    const r = await app.gql(ADJUST, { c: 1 }, as('dept-wuyuan-nk'));
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions).toMatchObject({ field: 'input.capacity', live: 2, allowed: '2..10000' });
    expect(r.errors![0].message).toContain('2 live assignments');
    expect(r.errors![0].message).toContain('at least 2');
    await expectUnchanged(app, before);
  });

  it('down to the number of live assignments is allowed', async () => {
    const r = await app.gql(ADJUST, { c: 2 }, as('dept-wuyuan-nk'));
    expect(r.errors).toBeUndefined();
    expect(r.data.adjustSupplyItem.capacity).toBe(2);
    const [row] = await app.orm.em.fork().getConnection().execute("select capacity from supply_item where id = 'S-K-001'");
    expect(Number(row.capacity)).toBe(2);
    const seen = await app.gql('{ supplyItem(id: "S-K-001") { changes { action note } } }', {}, as('dept-wuyuan-nk'));
    expect(seen.data.supplyItem.changes).toEqual([{ action: 'SUPPLY_ITEM_ADJUSTED', note: '人手减少' }]);
  });
});
