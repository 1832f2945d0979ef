import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/** The organization department's desk, over HTTP: escalations, by hand, deferred, to a leader, supervision. */

const demo = readDemoData();
let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['org-city', 'org-wuyuan', 'dept-nmj', 'township-tarhu']);
  const r = await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { escalated } }', {}, as('org-city'));
  expect(r.data.runMatching.escalated).toBe(8);
});
afterAll(() => app?.close());

const version = async (id: string) => (await app.gql(`query($id: ID!) { demandItem(id: $id) { version status } }`, { id }, as('org-city'))).data.demandItem;

describe(`the desk (${DB_KIND})`, () => {
  it('lists open escalations by reason and county, with their age', async () => {
    app.clock.set(new Date(Date.now() + 3 * 86_400_000));
    const r = await app.gql(`{ escalations(filter: { reason: HARD_CASE }) { totalCount nodes { reason ageDays demandItem { id } } } }`, {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.escalations.totalCount).toBe(6);
    expect(r.data.escalations.nodes.every((n: any) => n.ageDays === 3)).toBe(true);
    const county = await app.gql(`{ escalations(filter: { countyId: "150821" }) { nodes { demandItem { id county { id } } } } }`, {}, as('org-wuyuan'));
    expect(county.data.escalations.nodes.every((n: any) => n.demandItem.county.id === '150821')).toBe(true);
    expect(codeOf(await app.gql(`{ escalations { totalCount } }`, {}, as('dept-nmj')))).toBe('FORBIDDEN');
    app.clock.set(new Date());
  });

  it('assigns an escalated demand by hand, even across categories, and the escalation leaves the desk', async () => {
    // D-109 (牧区羊病防治培训) found no item that fits its text: the desk gives it to the city 农牧局's sheep item.
    const { version: v } = await version('D-109');
    const r = await app.gql(`mutation($i: AssignByHandInput!) { assignByHand(input: $i) { status assignment { tier note department { id } supplyItem { id } } escalation { id } } }`, {
      i: { demandItemId: 'D-109', version: v, departmentId: 'DEP-C-NMJ', supplyItemId: 'S-C-006', note: '羊病防治由市农牧局畜牧专家一并安排' },
    }, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.assignByHand).toMatchObject({ status: 'MATCHED', assignment: { tier: 'MANUAL', department: { id: 'DEP-C-NMJ' }, supplyItem: { id: 'S-C-006' } }, escalation: null });
    const work = await app.gql(`{ assignments(filter: { status: MATCHED }) { nodes { tier demandItem { id } } } }`, {}, as('dept-nmj'));
    expect(work.data.assignments.nodes).toContainEqual({ tier: 'MANUAL', demandItem: { id: 'D-109' } });
    const left = await app.gql(`{ escalations(filter: { reason: LOW_RELEVANCE }) { totalCount } }`, {}, as('org-city'));
    expect(left.data.escalations.totalCount).toBe(1);
  });

  it('defers with an explanation the township reads, resumes, and hands to a leader with a due date', async () => {
    let { version: v } = await version('D-024');
    let r = await app.gql(`mutation($i: DeferDemandInput!) { deferDemand(input: $i) { status version } }`, {
      i: { demandItemId: 'D-024', version: v, explanation: '水质改造需列入明年农村饮水工程项目，暂不具备条件', reviewDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) },
    }, as('org-city'));
    expect(r.data.deferDemand.status).toBe('DEFERRED');
    r = await app.gql(`mutation($i: ResumeDemandInput!) { resumeDemand(input: $i) { status version escalation { status } } }`, {
      i: { demandItemId: 'D-024', version: r.data.deferDemand.version, note: '项目已批复' },
    }, as('org-city'));
    expect(r.data.resumeDemand).toMatchObject({ status: 'ESCALATED', escalation: { status: 'OPEN' } });
    r = await app.gql(`mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { status timeline { action note } } }`, {
      i: { demandItemId: 'D-024', version: r.data.resumeDemand.version, leaderName: '王副市长', dueDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) },
    }, as('org-city'));
    expect(r.data.handToLeader.status).toBe('LEADERSHIP');
    expect(r.data.handToLeader.timeline.map((e: any) => e.action).slice(-3)).toEqual(['DEFER', 'RESUME', 'HAND_TO_LEADER']);
    ({ version: v } = await version('D-024'));
    expect(codeOf(await app.gql(`mutation($i: DeferDemandInput!) { deferDemand(input: $i) { status } }`, {
      i: { demandItemId: 'D-024', version: v, explanation: 'x' },
    }, as('org-city')))).toBe('INVALID_STATE');
    // The leader records it done; the township rates it (it cannot be reopened to a department).
    r = await app.gql(`mutation($i: CompleteByLeaderInput!) { completeByLeader(input: $i) { status version } }`, {
      i: { demandItemId: 'D-024', version: v, resultNote: '新建净水设施已通水' },
    }, as('org-city'));
    expect(r.data.completeByLeader.status).toBe('COMPLETED');
    // D-024's township (新红村, 150821103) has no demo login: the admin adds one.
    const admin = await app.login('admin');
    const created = await app.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { username: 'township-150821103', displayName: '乡镇联络员', password: 'peican-demo', role: 'TOWNSHIP_ORGANIZER', regionId: '150821103' },
    }, admin);
    expect(created.errors).toBeUndefined();
    const rater = await app.login('township-150821103');
    const bad = await app.gql(`mutation($i: RateServiceInput!) { rateService(input: $i) { status } }`, {
      i: { demandItemId: 'D-024', version: r.data.completeByLeader.version, rating: 'UNSATISFIED', comment: '水还是浑' },
    }, rater);
    expect(codeOf(bad)).toBe('INVALID_STATE');
    const good = await app.gql(`mutation($i: RateServiceInput!) { rateService(input: $i) { status } }`, {
      i: { demandItemId: 'D-024', version: r.data.completeByLeader.version, rating: 'SATISFIED', comment: '水质达标了' },
    }, rater);
    expect(good.errors).toBeUndefined();
    expect(good.data.rateService.status).toBe('CLOSED');
  });

  it('supervises a stuck item: on its timeline and on the department\'s assignment', async () => {
    const r = await app.gql(`mutation { supervise(input: { demandItemId: "D-006", note: "派单三天未接单，请抓紧办理" }) { note department { id } by { username } } }`, {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.supervise).toMatchObject({ department: { id: 'DEP-C-NMJ' }, by: { username: 'org-city' } });
    const seen = await app.gql(`{ assignments(filter: { status: MATCHED }) { nodes { demandItem { id } supervisions { note } } } }`, {}, as('dept-nmj'));
    const d6 = seen.data.assignments.nodes.find((n: any) => n.demandItem.id === 'D-006');
    expect(d6.supervisions).toEqual([{ note: '派单三天未接单，请抓紧办理' }]);
    expect(codeOf(await app.gql(`mutation { supervise(input: { demandItemId: "D-006", note: "x" }) { note } }`, {}, as('township-tarhu')))).toBe('FORBIDDEN');
    // Outside a county organization department's region: as if it did not exist.
    expect(codeOf(await app.gql(`mutation { supervise(input: { demandItemId: "D-006", note: "x" }) { note } }`, {}, as('org-wuyuan')))).toBe('NOT_FOUND');
  });
});
