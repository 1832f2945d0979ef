import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { LIANFENG, smallWorld, TARHU } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * What an answer gives away: whether a row exists that the caller may not see (a move on another
 * department's assignment must answer as for an id that does not exist), another department's
 * scorecard (refused, not an empty list), and phone numbers in error messages (masked, while
 * region codes stay readable).
 */

let app: TestApp;
let as: (user: string) => string;
/** D-001's assignment: 五原县农牧和科技局's, after the run. */
let assignmentId: string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']);
  app.clock.set(new Date('2020-01-10T02:00:00Z'));
  const run = await app.gql('mutation { runMatching(campaignId: "C-1") { placedCounty } }', {}, as('org-city'));
  expect(run.errors).toBeUndefined();
  const d1 = await app.gql('{ demandItem(id: "D-001") { assignment { id department { id } } } }', {}, as('township-tarhu'));
  expect(d1.data.demandItem.assignment.department.id).toBe('DEP-K-WY-NK');
  assignmentId = d1.data.demandItem.assignment.id;
});
afterAll(() => app?.close());

/** Runs the request, expecting one error; gives it, after checking that nothing changed. */
async function refusal(query: string, variables: Record<string, unknown>, user: string) {
  const before = await snapshot(app);
  const r = await app.gql(query, variables, as(user));
  expect(r.errors, JSON.stringify(r.data)).toHaveLength(1);
  await expectUnchanged(app, before);
  return r.errors![0] as { message: string; extensions: Record<string, unknown> };
}

/** An error as the caller sees it, with the id it names replaced: two refusals alike differ in nothing else. */
const shape = (e: { message: string; extensions: Record<string, unknown> }, id: string) => ({ message: e.message.split(id).join('<id>'), extensions: e.extensions });

const MOVES: [string, string, Record<string, unknown>][] = [
  ['acceptAssignment', 'AcceptAssignmentInput', { version: 1, committedDate: '2020-01-31', personInCharge: '李技术员' }],
  ['declineAssignment', 'DeclineAssignmentInput', { version: 1, reason: '人手不足' }],
  ['reportProgress', 'ReportProgressInput', { version: 1, note: '已入户' }],
  ['completeAssignment', 'CompleteAssignmentInput', { version: 1, resultNote: '已办结', peopleServed: 10 }],
];

describe(`existence is not given away (${DB_KIND})`, () => {
  it("a move on another department's assignment answers NOT_FOUND, as for an id that does not exist", async () => {
    for (const [move, type, fields] of MOVES) {
      const query = `mutation($i: ${type}!) { ${move}(input: $i) { id } }`;
      const theirs = await refusal(query, { i: { id: assignmentId, ...fields } }, 'dept-nmj');
      const none = await refusal(query, { i: { id: 'A-DOES-NOT-EXIST', ...fields } }, 'dept-nmj');
      expect(theirs.extensions.code, move).toBe('NOT_FOUND');
      expect(shape(theirs, assignmentId), move).toEqual(shape(none, 'A-DOES-NOT-EXIST'));
      // Not even a stale version tells them apart.
      const stale = await refusal(query, { i: { id: assignmentId, ...fields, version: 99 } }, 'dept-nmj');
      expect(shape(stale, assignmentId), move).toEqual(shape(none, 'A-DOES-NOT-EXIST'));
    }
  });

  it("rating, withdrawing or a desk move on an item outside the caller's scope answers as for one that does not exist", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['mutation($i: RateServiceInput!) { rateService(input: $i) { id } }', { i: { demandItemId: '<id>', version: 1, rating: 'SATISFIED', comment: '好' } }, 'township-ganzhaomiao'],
      ['mutation($id: ID!) { withdrawDemandItem(id: $id, reason: "不需要了") { id } }', { id: '<id>' }, 'township-ganzhaomiao'],
      ['mutation($i: DeferDemandInput!) { deferDemand(input: $i) { id } }', { i: { demandItemId: '<id>', version: 1, explanation: '暂不具备条件' } }, 'org-wuyuan'],
      ['mutation($i: SuperviseInput!) { supervise(input: $i) { at } }', { i: { demandItemId: '<id>', note: '请抓紧办理' } }, 'org-wuyuan'],
    ];
    // D-001 is 塔尔湖镇's (五原县), D-003 干召庙镇's (临河区): each caller below may not see the one it names.
    for (const [query, template, user] of cases) {
      const id = user === 'org-wuyuan' ? 'D-003' : 'D-001';
      const fill = (value: string) => JSON.parse(JSON.stringify(template).split('<id>').join(value));
      const theirs = await refusal(query, fill(id), user);
      const none = await refusal(query, fill('D-NOPE'), user);
      expect(theirs.extensions.code, query).toBe('NOT_FOUND');
      expect(shape(theirs, id), query).toEqual(shape(none, 'D-NOPE'));
    }
  });
});

describe(`scorecards (${DB_KIND})`, () => {
  const Q = 'query($d: ID) { scorecards(campaignId: "C-1", departmentId: $d) { departmentId } }';

  it("a department asking for another department's scorecard is FORBIDDEN, not an empty list", async () => {
    const e = await refusal(Q, { d: 'DEP-C-NMJ' }, 'dept-wuyuan-nk');
    expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'departmentId' });
    const own = await app.gql(Q, { d: 'DEP-K-WY-NK' }, as('dept-wuyuan-nk'));
    expect(own.data.scorecards).toEqual([{ departmentId: 'DEP-K-WY-NK' }]);
  });

  it('a scorecard of a department that does not exist is NOT_FOUND', async () => {
    for (const user of ['dept-wuyuan-nk', 'org-city', 'admin']) {
      const e = await refusal(Q, { d: 'DEP-NOPE' }, user);
      expect(e.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'departmentId' });
    }
  });

  it("a county's organization department asking for another county's department is FORBIDDEN", async () => {
    const made = await app.gql('mutation { createDepartment(input: { name: "临河区农牧局", regionId: "150802" }) { id } }', {}, as('admin'));
    expect(made.errors).toBeUndefined();
    const e = await refusal(Q, { d: made.data.createDepartment.id }, 'org-wuyuan');
    expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'departmentId' });
    // Its own county's, and the city's, it reads.
    for (const d of ['DEP-K-WY-NK', 'DEP-C-NMJ']) expect((await app.gql(Q, { d }, as('org-wuyuan'))).data.scorecards).toEqual([{ departmentId: d }]);
  });
});

describe(`phone numbers in error messages (${DB_KIND})`, () => {
  it('a message naming a region id (9 or 12 digits) keeps it readable', async () => {
    // Division codes: a township's has 9 digits (塔尔湖镇 150821102), a village's 12 (联丰村 150821102201); these two do not exist.
    for (const id of [`${TARHU.slice(0, 8)}9`, `${LIANFENG.slice(0, 10)}99`]) {
      const e = await refusal('query($id: ID!) { regions(filter: { withinId: $id }) { id } }', { id }, 'township-tarhu');
      expect(e.extensions.code).toBe('NOT_FOUND');
      expect(e.message).toContain(`"${id}"`);
    }
  });

  it('a message carrying a phone number masks it (mobile, with or without spaces, and landline)', async () => {
    for (const phone of ['13900000001', '139 0000 0001', '0478-8888888', '04788888888']) {
      const e = await refusal('query($id: ID!) { supplyItem(id: $id) { id } }', { id: phone }, 'township-tarhu');
      expect(e.extensions.code).toBe('NOT_FOUND');
      expect(e.message).not.toContain(phone);
      expect(e.message).toContain('***');
    }
  });
});
