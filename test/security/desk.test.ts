import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { expectUnchanged, snapshot } from './support';

/**
 * The desk stays inside its region (issue 13, finding 5): a county's organization department
 * hands its demands to its own county's departments or the city's, never another county's, and
 * acts on no demand outside its county. Each refusal changes nothing.
 */

const demo = readDemoData();
let app: TestApp;
let as: (user: string) => string;
/** An escalated demand of 五原县, and one of another county. */
let wuyuan: { id: string; version: number };
let elsewhere: { id: string; version: number };

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['org-city', 'org-wuyuan']);
  await app.gql(`mutation { runMatching(campaignId: "${demo.campaign.id}") { id } }`, {}, as('org-city'));
  const open = (await app.gql(`{ escalations(first: 100) { nodes { demandItem { id version county { id } } } } }`, {}, as('org-city'))).data.escalations.nodes.map((n: any) => n.demandItem);
  wuyuan = open.find((d: any) => d.county.id === '150821');
  elsewhere = open.find((d: any) => d.county.id !== '150821');
  expect(wuyuan && elsewhere).toBeTruthy();
});
afterAll(() => app?.close());

const assign = (user: string, item: { id: string; version: number }, departmentId: string, supplyItemId?: string) =>
  app.gql(`mutation($i: AssignByHandInput!) { assignByHand(input: $i) { status } }`, {
    i: { demandItemId: item.id, version: item.version, departmentId, ...(supplyItemId ? { supplyItemId } : {}), note: '人工派单' },
  }, as(user));

describe(`the desk stays inside its region (${DB_KIND})`, () => {
  it("a county's organization department cannot dispatch to another county's department", async () => {
    const before = await snapshot(app);
    const r = await assign('org-wuyuan', wuyuan, 'DEP-K-LH-WJ');
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('input.departmentId');
    expect(r.errors![0].message).toContain('临河区卫生健康委员会');
    await expectUnchanged(app, before);
  });

  it("nor name another county's supply item", async () => {
    const before = await snapshot(app);
    const r = await assign('org-wuyuan', wuyuan, 'DEP-K-LH-WJ', 'S-K-005');
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    await expectUnchanged(app, before);
  });

  it('the city\'s organization department cannot send a county\'s demand to another county either', async () => {
    const before = await snapshot(app);
    expect(codeOf(await assign('org-city', wuyuan, 'DEP-K-LH-WJ'))).toBe('BAD_USER_INPUT');
    await expectUnchanged(app, before);
  });

  it("a county's organization department acts on no demand outside its county (answered as if it did not exist)", async () => {
    const before = await snapshot(app);
    const moves = [
      assign('org-wuyuan', elsewhere, 'DEP-C-NMJ'),
      app.gql(`mutation($id: ID!) { supervise(input: { demandItemId: $id, note: "请抓紧" }) { id } }`, { id: elsewhere.id }, as('org-wuyuan')),
      app.gql(`mutation($id: ID!, $v: Int!) { deferDemand(input: { demandItemId: $id, version: $v, explanation: "暂不具备条件" }) { status } }`, { id: elsewhere.id, v: elsewhere.version }, as('org-wuyuan')),
      app.gql(`mutation($id: ID!, $v: Int!) { handToLeader(input: { demandItemId: $id, version: $v, leaderName: "王副县长", dueDate: "2027-01-31" }) { status } }`, { id: elsewhere.id, v: elsewhere.version }, as('org-wuyuan')),
    ];
    for (const r of await Promise.all(moves)) {
      expect(codeOf(r)).toBe('NOT_FOUND');
      expect(r.errors![0].message).toContain(elsewhere.id);
    }
    await expectUnchanged(app, before);
  });

  it("its own county's and the city's departments are allowed", async () => {
    const r = await assign('org-wuyuan', wuyuan, 'DEP-K-WY-NK');
    expect(r.errors).toBeUndefined();
    expect(r.data.assignByHand.status).toBe('MATCHED');
  });
});
