import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/** The closed loop after dispatch, over HTTP, as each role: accept → progress → complete → rate. */

const demo = readDemoData();
let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['org-city', 'dept-wuyuan-nk', 'dept-nmj', 'township-tarhu', 'township-ganzhaomiao', 'admin']);
  // The campaign's own time: committed dates are checked against the clock.
  app.clock.set(new Date('2020-01-10T02:00:00Z'));
  const r = await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { placedCounty } }', {}, as('org-city'));
  expect(r.errors).toBeUndefined();
});
afterAll(() => app?.close());

const ASSIGNMENT = `query($id: ID!) { demandItem(id: $id) { status version assignment { id version status committedDate } } }`;
async function current(demandId: string) {
  const r = await app.gql(ASSIGNMENT, { id: demandId }, as('township-tarhu'));
  expect(r.errors).toBeUndefined();
  return r.data.demandItem as { status: string; version: number; assignment: { id: string; version: number; status: string; committedDate: string | null } };
}

const ACCEPT = `mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id status version committedDate personInCharge acceptedAt demandItem { status } } }`;
const PROGRESS = `mutation($i: ReportProgressInput!) { reportProgress(input: $i) { status version committedDate } }`;
const COMPLETE = `mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { status version peopleServed demandItem { status } } }`;
const RATE = `mutation($i: RateServiceInput!) { rateService(input: $i) { status version assignment { status closedAt committedDate feedback { rating comment } } } }`;

describe(`the closed loop (${DB_KIND})`, () => {
  it('accept → progress → complete → UNSATISFIED → progress with a new date → complete → SATISFIED → closed', async () => {
    let item = await current('D-001');
    expect(item).toMatchObject({ status: 'MATCHED', assignment: { status: 'MATCHED' } });
    const dept = as('dept-wuyuan-nk');
    const a = item.assignment;

    let r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-01-31', personInCharge: '王技术员' } }, dept);
    expect(r.errors).toBeUndefined();
    expect(r.data.acceptAssignment).toMatchObject({ status: 'ACCEPTED', committedDate: '2020-01-31', personInCharge: '王技术员', demandItem: { status: 'ACCEPTED' } });
    let version = r.data.acceptAssignment.version;

    r = await app.gql(PROGRESS, { i: { id: a.id, version, note: '已到联丰村查看大棚，制定防治方案', links: ['https://example.org/photo1.jpg'] } }, dept);
    expect(r.errors).toBeUndefined();
    expect(r.data.reportProgress.status).toBe('IN_PROGRESS');
    version = r.data.reportProgress.version;

    r = await app.gql(COMPLETE, { i: { id: a.id, version, resultNote: '入户指导62户，发放药剂', peopleServed: 62 } }, dept);
    expect(r.errors).toBeUndefined();
    expect(r.data.completeAssignment).toMatchObject({ status: 'COMPLETED', peopleServed: 62, demandItem: { status: 'COMPLETED' } });
    version = r.data.completeAssignment.version;

    item = await current('D-001');
    r = await app.gql(RATE, { i: { demandItemId: 'D-001', version: item.version, rating: 'UNSATISFIED', comment: '只来了半天，还有一半农户没指导到' } }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.rateService).toMatchObject({ status: 'IN_PROGRESS', assignment: { status: 'IN_PROGRESS', committedDate: null, feedback: [{ rating: 'UNSATISFIED' }] } });

    // The department sees the comment, and must give a new committed date with its next report.
    const seen = await app.gql(`query($id: ID!) { assignment(id: $id) { version feedback { rating comment } } }`, { id: a.id }, dept);
    expect(seen.data.assignment.feedback[0].comment).toContain('一半农户');
    version = seen.data.assignment.version;
    r = await app.gql(PROGRESS, { i: { id: a.id, version, note: '补充指导剩余农户' } }, dept);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('input.committedDate');
    r = await app.gql(PROGRESS, { i: { id: a.id, version, note: '补充指导剩余农户', committedDate: '2020-02-10' } }, dept);
    expect(r.errors).toBeUndefined();
    version = r.data.reportProgress.version;
    r = await app.gql(COMPLETE, { i: { id: a.id, version, resultNote: '全部农户指导完毕', peopleServed: 120 } }, dept);
    expect(r.errors).toBeUndefined();

    item = await current('D-001');
    r = await app.gql(RATE, { i: { demandItemId: 'D-001', version: item.version, rating: 'SATISFIED', comment: '问题解决了' } }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.rateService).toMatchObject({ status: 'CLOSED', assignment: { status: 'CLOSED', feedback: [{ rating: 'UNSATISFIED' }, { rating: 'SATISFIED' }] } });
    expect(r.data.rateService.assignment.closedAt).toBeTruthy();

    const TIMELINE = `{ demandItem(id: "D-001") { timeline { action fromStatus toStatus actorRole actor { username } } } }`;
    const timeline = await app.gql(TIMELINE, {}, as('township-tarhu'));
    expect(timeline.data.demandItem.timeline.map((e: any) => e.action)).toEqual([
      'SUBMITTED', 'MATCHED', 'ACCEPT', 'REPORT_PROGRESS', 'COMPLETE', 'REOPENED', 'REPORT_PROGRESS', 'COMPLETE', 'CLOSED',
    ]);
    // The township reads who acted by role; the department's account is not its to read (its own is).
    expect(timeline.data.demandItem.timeline[2]).toMatchObject({ actorRole: 'DEPARTMENT_PUBLISHER', actor: null });
    expect(timeline.data.demandItem.timeline[8].actor.username).toBe('township-tarhu');
    expect((await app.gql(TIMELINE, {}, as('org-city'))).data.demandItem.timeline[2].actor.username).toBe('dept-wuyuan-nk');
  });

  it('refuses illegal moves with the current state and the allowed moves, and changes nothing', async () => {
    const dept = as('dept-wuyuan-nk');
    const { assignment: a, version } = await current('D-002');
    // Rating before completion.
    let r = await app.gql(RATE, { i: { demandItemId: 'D-002', version, rating: 'SATISFIED', comment: '好' } }, as('township-tarhu'));
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions).toMatchObject({ state: 'MATCHED', allowed: ['ACCEPT', 'DECLINE', 'WITHDRAW'] });
    // Completing before accepting.
    r = await app.gql(COMPLETE, { i: { id: a.id, version: a.version, resultNote: '完成', peopleServed: 1 } }, dept);
    expect(codeOf(r)).toBe('INVALID_STATE');
    // Another department's assignment: answered as one that does not exist (test/security/disclosure.test.ts).
    r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '李' } }, as('dept-nmj'));
    expect(codeOf(r)).toBe('NOT_FOUND');
    // A committed date already past.
    r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-01-01', personInCharge: '李' } }, dept);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.allowed).toBe('a date from 2020-01-10 to 2021-01-10');
    // Nothing moved.
    expect(await current('D-002')).toMatchObject({ status: 'MATCHED', version, assignment: { status: 'MATCHED', version: a.version } });

    r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '李' } }, dept);
    expect(r.errors).toBeUndefined();
    // The same accept again: first the stale version, then the state.
    r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '李' } }, dept);
    expect(codeOf(r)).toBe('CONFLICT');
    r = await app.gql(ACCEPT, { i: { id: a.id, version: a.version + 1, committedDate: '2020-02-01', personInCharge: '李' } }, dept);
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions).toMatchObject({ state: 'ACCEPTED', allowed: ['REPORT_PROGRESS', 'COMPLETE', 'WITHDRAW'] });
    // Completing twice.
    r = await app.gql(COMPLETE, { i: { id: a.id, version: a.version + 1, resultNote: '完成', peopleServed: 10 } }, dept);
    expect(r.errors).toBeUndefined();
    r = await app.gql(COMPLETE, { i: { id: a.id, version: a.version + 2, resultNote: '完成', peopleServed: 10 } }, dept);
    expect(codeOf(r)).toBe('INVALID_STATE');
    // Another township rating it: as if it did not exist.
    const other = await app.gql(RATE, { i: { demandItemId: 'D-002', version: 1, rating: 'SATISFIED', comment: '好' } }, as('township-ganzhaomiao'));
    expect(codeOf(other)).toBe('NOT_FOUND');
    // A withdrawn item's assignment takes no more moves.
    const d4 = await current('D-004');
    await app.gql(`mutation { withdrawDemandItem(id: "D-004", reason: "已解决") { status } }`, {}, as('township-tarhu'));
    r = await app.gql(ACCEPT, { i: { id: d4.assignment.id, version: d4.assignment.version + 1, committedDate: '2020-02-01', personInCharge: '李' } }, dept);
    expect(codeOf(r)).toBe('INVALID_STATE');
  });

  it('two accepts at once: exactly one wins, the other gets a conflict', async () => {
    // D-022 (五原县) went to the county's 农牧和科技局 (S-K-003).
    const read = await app.gql(`{ demandItem(id: "D-022") { assignment { id version department { id } } } }`, {}, as('org-city'));
    const a = read.data.demandItem.assignment;
    expect(a.department.id).toBe('DEP-K-WY-NK');
    const input = { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '张' };
    const results = await Promise.all([app.gql(ACCEPT, { i: input }, as('dept-wuyuan-nk')), app.gql(ACCEPT, { i: input }, as('dept-wuyuan-nk'))]);
    expect(results.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const timeline = await app.gql(`{ demandItem(id: "D-022") { status timeline { action } } }`, {}, as('org-city'));
    expect(timeline.data.demandItem.status).toBe('ACCEPTED');
    expect(timeline.data.demandItem.timeline.filter((e: any) => e.action === 'ACCEPT')).toHaveLength(1);
  });

  it('a decline racing an accept: exactly one wins', async () => {
    // D-100 (五原县) went to the county's 农牧和科技局 too.
    const a = (await app.gql(`{ demandItem(id: "D-100") { assignment { id version department { id } } } }`, {}, as('org-city'))).data.demandItem.assignment;
    expect(a.department.id).toBe('DEP-K-WY-NK');
    const DECLINE = `mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { status } }`;
    const results = await Promise.all([
      app.gql(ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '张' } }, as('dept-wuyuan-nk')),
      app.gql(DECLINE, { i: { id: a.id, version: a.version, reason: '排不开' } }, as('dept-wuyuan-nk')),
    ]);
    expect(results.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
  });

  it("keeps a township out of another township's items and timelines", async () => {
    const r = await app.gql(`{ demandItem(id: "D-001") { timeline { action } } }`, {}, as('township-ganzhaomiao'));
    expect(codeOf(r)).toBe('NOT_FOUND');
    const updates = await app.gql(`{ updates(since: "2000-01-01T00:00:00Z") { nodes { demandItem { township { id } } } } }`, {}, as('township-ganzhaomiao'));
    expect(updates.data.updates.nodes.every((n: any) => n.demandItem.township.id === '150802101')).toBe(true);
  });

  it('decline → re-placed at once on the next-best item; declined again → escalated', async () => {
    const DECLINE = `mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { status note demandItem { status assignment { id version tier supplyItem { id } department { id } } escalation { reason } } } }`;
    const read = async () => (await app.gql(`{ demandItem(id: "D-019") { status assignment { id version supplyItem { id } } } }`, {}, as('org-city'))).data.demandItem;
    // D-019 葵花高产栽培技术 is the city's (市农牧局 葵花、玉米高产栽培): the county's 葵花菌核病 item fits it less than half as well.
    let item = await read();
    expect(item.assignment.supplyItem.id).toBe('S-C-008');
    let r = await app.gql(DECLINE, { i: { id: item.assignment.id, version: item.assignment.version, reason: '本月技术员全部下乡，排不开' } }, as('dept-nmj'));
    expect(r.errors).toBeUndefined();
    expect(r.data.declineAssignment).toMatchObject({
      status: 'DECLINED', note: '本月技术员全部下乡，排不开',
      // The new assignment is the county department's: not the declining department's to read.
      demandItem: { status: 'MATCHED', assignment: null, escalation: null },
    });
    // With the city item out of reach, the county's sunflower item is the one that fits.
    const desk = `{ demandItem(id: "D-019") { status assignment { id version tier supplyItem { id } department { id } } escalation { reason } } }`;
    item = (await app.gql(desk, {}, as('org-city'))).data.demandItem;
    expect(item).toMatchObject({ status: 'MATCHED', assignment: { tier: 'COUNTY', supplyItem: { id: 'S-K-001' }, department: { id: 'DEP-K-WY-NK' } }, escalation: null });
    r = await app.gql(DECLINE, { i: { id: item.assignment.id, version: item.assignment.version, reason: '不在服务计划内' } }, as('dept-wuyuan-nk'));
    expect(r.errors).toBeUndefined();
    // Escalations are the desk's (and the township's): the department reads none.
    expect(r.data.declineAssignment.demandItem).toMatchObject({ status: 'ESCALATED', assignment: null, escalation: null });
    expect((await app.gql(desk, {}, as('org-city'))).data.demandItem).toMatchObject({ status: 'ESCALATED', assignment: null, escalation: { reason: expect.any(String) } });
    const timeline = await app.gql(`{ demandItem(id: "D-019") { timeline { action toStatus } } }`, {}, as('org-city'));
    expect(timeline.data.demandItem.timeline.map((e: any) => e.action).slice(-4)).toEqual(['DECLINE', 'MATCHED', 'DECLINE', 'ESCALATED']);
  });

  it("lists a department's own assignments, new ones since a time", async () => {
    const r = await app.gql(`{ assignments(filter: { dispatchedSince: "2020-01-01T00:00:00Z" }) { totalCount nodes { department { id } } } }`, {}, as('dept-wuyuan-nk'));
    expect(r.errors).toBeUndefined();
    expect(r.data.assignments.totalCount).toBeGreaterThan(0);
    expect(new Set(r.data.assignments.nodes.map((n: any) => n.department.id))).toEqual(new Set(['DEP-K-WY-NK']));
    const none = await app.gql(`{ assignments(filter: { dispatchedSince: "2020-02-01T00:00:00Z" }) { totalCount } }`, {}, as('dept-wuyuan-nk'));
    expect(none.data.assignments.totalCount).toBe(0);
  });
});
