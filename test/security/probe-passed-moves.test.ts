import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND } from '../support/app';
import { TARHU } from '../support/fixture';
import { codeOf } from './probe';
import { ACCEPT, ASSIGN, COMPLETE, DECLINE, loopWorld, PROGRESS, RATE, TODAY, WITHDRAW, type LoopWorld, type Picked } from './probe-passed-loop-setup';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's invalid moves, as it passed them: each refused with the right code — INVALID_STATE
 * with `state` and `allowed` (README "The closed loop"), CONFLICT for a stale version,
 * BAD_USER_INPUT with `field` and `allowed` — and nothing in the database changed.
 */

let w: LoopWorld;
beforeAll(async () => {
  w = await loopWorld();
});
afterAll(() => w?.app.close());

/** The refusal: its code, and its extensions as far as given; no data. */
async function refusedWith(query: string, variables: Record<string, unknown>, token: string, code: string, extensions: Record<string, unknown> = {}) {
  const before = await snapshot(w.app);
  const r = await w.gql(query, variables, token);
  expect(codeOf(r), JSON.stringify(r.errors)).toBe(code);
  expect(r.errors![0].extensions).toMatchObject(extensions);
  expect(r.data ?? null).toBeNull();
  await expectUnchanged(w.app, before);
  return r.errors![0];
}

const acceptInput = (p: Picked, version = p.version, committedDate = '2020-02-28') => ({ i: { id: p.assignmentId, version, committedDate, personInCharge: '探测员' } });

describe(`probe passed: invalid moves (${DB_KIND})`, () => {
  it('accept an assignment twice: again with its new version → INVALID_STATE (allowed moves), with the old one → CONFLICT', async () => {
    const p = await w.pick();
    const v = await w.walk(p, 'ACCEPTED');
    await refusedWith(ACCEPT, acceptInput(p, v), p.dept, 'INVALID_STATE', { state: 'ACCEPTED', allowed: ['REPORT_PROGRESS', 'COMPLETE', 'WITHDRAW'] });
    await refusedWith(ACCEPT, acceptInput(p, p.version), p.dept, 'CONFLICT');
    expect(await w.events(p.demandId, 'ACCEPT')).toBe(1);
  });

  it('complete before accept → INVALID_STATE, state MATCHED, allowed ACCEPT, DECLINE, WITHDRAW', async () => {
    const p = await w.pick();
    await refusedWith(COMPLETE, { i: { id: p.assignmentId, version: p.version, resultNote: '未接单先办结', peopleServed: 3 } }, p.dept, 'INVALID_STATE', {
      state: 'MATCHED', allowed: ['ACCEPT', 'DECLINE', 'WITHDRAW'],
    });
    await refusedWith(PROGRESS, { i: { id: p.assignmentId, version: p.version, note: '未接单先报告' } }, p.dept, 'INVALID_STATE', { state: 'MATCHED' });
  });

  it('rate before completion → INVALID_STATE with the allowed moves (MATCHED and ACCEPTED)', async () => {
    const p = await w.pick();
    let item = await w.item(p);
    await refusedWith(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'SATISFIED', comment: '还没办就评' } }, p.town, 'INVALID_STATE', {
      state: 'MATCHED', allowed: ['ACCEPT', 'DECLINE', 'WITHDRAW'],
    });
    await w.walk(p, 'ACCEPTED');
    item = await w.item(p);
    await refusedWith(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'VERY_UNSATISFIED', comment: '还没办完就评' } }, p.town, 'INVALID_STATE', {
      state: 'ACCEPTED', allowed: ['REPORT_PROGRESS', 'COMPLETE', 'WITHDRAW'],
    });
  });

  it('withdraw a CLOSED item → INVALID_STATE, allowed none; nor rate, supervise or complete it again', async () => {
    const p = await w.pick();
    const v = await w.walk(p, 'CLOSED');
    const item = await w.item(p);
    expect(item.status).toBe('CLOSED');
    await refusedWith(WITHDRAW, { id: p.demandId, r: '办结后撤回' }, p.town, 'INVALID_STATE', { state: 'CLOSED', allowed: [] });
    await refusedWith(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'VERY_UNSATISFIED', comment: '销号后改评' } }, p.town, 'INVALID_STATE', { state: 'CLOSED', allowed: [] });
    await refusedWith('mutation($i: SuperviseInput!) { supervise(input: $i) { id } }', { i: { demandItemId: p.demandId, note: '销号后督办' } }, w.org, 'INVALID_STATE', { state: 'CLOSED' });
    const again = await w.gql(COMPLETE, { i: { id: p.assignmentId, version: v, resultNote: '再办结', peopleServed: 1 } }, p.dept);
    expect(codeOf(again)).toBe('INVALID_STATE');
  });

  it('withdraw a WITHDRAWN item, or accept its cancelled assignment → INVALID_STATE', async () => {
    const p = await w.pick();
    const r = await w.gql(WITHDRAW, { id: p.demandId, r: '村里已自行解决' }, p.town);
    expect(r.data.withdrawDemandItem.status).toBe('WITHDRAWN');
    await refusedWith(WITHDRAW, { id: p.demandId, r: '再次撤回' }, p.town, 'INVALID_STATE', { state: 'WITHDRAWN', allowed: [] });
    const { version } = (await w.gql('query($id: ID!) { assignment(id: $id) { version status } }', { id: p.assignmentId }, p.dept)).data.assignment;
    await refusedWith(ACCEPT, acceptInput(p, version), p.dept, 'INVALID_STATE', { allowed: [] });
  });

  it('submit a submitted list, or edit one of its items → INVALID_STATE, saying what is allowed (withdraw; a late item: 补报)', async () => {
    const tarhu = await w.login('township-tarhu');
    const list = (await w.gql('query($t: ID) { demandLists(filter: { townshipId: $t }) { nodes { id status } } }', { t: TARHU }, tarhu)).data.demandLists.nodes[0];
    expect(list.status).toBe('SUBMITTED');
    await refusedWith('mutation($id: ID!) { submitDemandList(id: $id) { id } }', { id: list.id }, tarhu, 'INVALID_STATE', {
      state: 'SUBMITTED', allowed: ['withdrawDemandItem', 'addDemandItem', 'submitDemandItem'],
    });
    await refusedWith('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id: 'D-001' }, tarhu, 'INVALID_STATE', { allowed: ['withdrawDemandItem'] });
    await refusedWith('mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { id } }', {
      i: { id: 'D-001', category: 'HEALTH', title: '提交后修改', content: '提交后修改的需求', forms: ['CLINIC'] },
    }, tarhu, 'INVALID_STATE', { allowed: ['withdrawDemandItem'] });
  });

  it('a stale version (older, newer, negative, huge) → CONFLICT, for a department, a township and the desk', async () => {
    const p = await w.pick();
    for (const version of [p.version - 1, p.version + 1, p.version + 1000, -1, 2 ** 31 - 1]) {
      await refusedWith(ACCEPT, acceptInput(p, version), p.dept, 'CONFLICT');
      await refusedWith(DECLINE, { i: { id: p.assignmentId, version, reason: '旧版本退回' } }, p.dept, 'CONFLICT');
    }
    const q = await w.pick();
    await w.walk(q, 'COMPLETED');
    const item = await w.item(q);
    await refusedWith(RATE, { i: { demandItemId: q.demandId, version: item.version - 1, rating: 'SATISFIED', comment: '旧版本评价' } }, q.town, 'CONFLICT');
    const d109 = (await w.gql('{ demandItem(id: "D-109") { version status } }', {}, w.org)).data.demandItem;
    expect(d109.status).toBe('ESCALATED');
    await refusedWith(ASSIGN, { i: { demandItemId: 'D-109', version: d109.version + 1, departmentId: 'DEP-C-NMJ', note: '旧版本派单' } }, w.org, 'CONFLICT');
  });

  it('a committed date in the past → BAD_USER_INPUT, field input.committedDate, allowed from today', async () => {
    const p = await w.pick();
    for (const date of ['2020-01-09', '2019-12-31', '1970-01-01']) {
      await refusedWith(ACCEPT, acceptInput(p, p.version, date), p.dept, 'BAD_USER_INPUT', { field: 'input.committedDate', allowed: `a date from ${TODAY} to 2021-01-10` });
    }
  });

  it('a committed date more than a year ahead (a promise out of sight) → BAD_USER_INPUT, allowed up to a year', async () => {
    const p = await w.pick();
    for (const date of ['2021-01-11', '9999-12-31']) {
      await refusedWith(ACCEPT, acceptInput(p, p.version, date), p.dept, 'BAD_USER_INPUT', { field: 'input.committedDate', allowed: `a date from ${TODAY} to 2021-01-10` });
    }
  });

  it("a leader's due date in the past or more than a year ahead → BAD_USER_INPUT", async () => {
    const d = (await w.gql('{ demandItem(id: "D-109") { version status } }', {}, w.org)).data.demandItem;
    expect(d.status).toBe('ESCALATED');
    for (const dueDate of ['2020-01-09', '2030-01-01']) {
      await refusedWith(`mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { status } }`, { i: { demandItemId: 'D-109', version: d.version, leaderName: '王副市长', dueDate } }, w.org, 'BAD_USER_INPUT', { field: 'input.dueDate' });
    }
  });

  it('a committed date that is no date (2020-02-30, 2020-1-5, tomorrow, SQL) → BAD_USER_INPUT, allowed YYYY-MM-DD', async () => {
    const p = await w.pick();
    for (const date of ['2020-02-30', '2020-1-5', 'tomorrow', '', "2020-02-01' OR '1'='1", '2020-02-01T00:00:00Z', '+020200-02-01']) {
      await refusedWith(ACCEPT, acceptInput(p, p.version, date), p.dept, 'BAD_USER_INPUT', { field: 'input.committedDate' });
    }
  });

  it('a decline with an empty (or blank, or over-long) reason → BAD_USER_INPUT, field input.reason', async () => {
    const p = await w.pick();
    for (const reason of ['', '   ', '\n\t', '长'.repeat(501)]) {
      await refusedWith(DECLINE, { i: { id: p.assignmentId, version: p.version, reason } }, p.dept, 'BAD_USER_INPUT', { field: 'input.reason', allowed: expect.anything() });
    }
  });

  it('assignByHand on an item that is not escalated (MATCHED) → INVALID_STATE with the allowed moves', async () => {
    const p = await w.pick();
    const item = await w.item(p);
    await refusedWith(ASSIGN, { i: { demandItemId: p.demandId, version: item.version, departmentId: 'DEP-C-NMJ', note: '未上报即派单' } }, w.org, 'INVALID_STATE', {
      state: 'MATCHED', allowed: ['ACCEPT', 'DECLINE', 'WITHDRAW'],
    });
    for (const [name, type, extra] of [
      ['deferDemand', 'DeferDemandInput', { explanation: '未上报即搁置' }],
      ['handToLeader', 'HandToLeaderInput', { leaderName: '王副市长', dueDate: '2020-03-31' }],
      ['resumeDemand', 'ResumeDemandInput', { note: '未搁置即恢复' }],
      ['completeByLeader', 'CompleteByLeaderInput', { resultNote: '未领办即办结' }],
    ] as const) {
      await refusedWith(`mutation($i: ${type}!) { ${name}(input: $i) { id } }`, { i: { demandItemId: p.demandId, version: item.version, ...extra } }, w.org, 'INVALID_STATE', { state: 'MATCHED' });
    }
  });

  it("assignByHand with another department's supply item → BAD_USER_INPUT; an unknown department or item → NOT_FOUND", async () => {
    const { version } = (await w.gql('{ demandItem(id: "D-071") { version status } }', {}, w.org)).data.demandItem;
    const base = { demandItemId: 'D-071', version, note: '探测派单' };
    // S-C-006 is 市农牧局's item, named with 市卫健委.
    await refusedWith(ASSIGN, { i: { ...base, departmentId: 'DEP-C-WJW', supplyItemId: 'S-C-006' } }, w.org, 'BAD_USER_INPUT', { field: 'input.supplyItemId' });
    await refusedWith(ASSIGN, { i: { ...base, departmentId: 'DEP-NOPE' } }, w.org, 'NOT_FOUND');
    await refusedWith(ASSIGN, { i: { ...base, departmentId: 'DEP-C-NMJ', supplyItemId: "S-C-006' OR '1'='1" } }, w.org, 'NOT_FOUND');
    await refusedWith(ASSIGN, { i: { ...base, departmentId: 'DEP-C-NMJ', note: '  ' } }, w.org, 'BAD_USER_INPUT', { field: 'input.note' });
  });

  it('moves on a DECLINED assignment → INVALID_STATE, allowed none', async () => {
    const p = await w.pick();
    const declined = await w.gql(DECLINE, { i: { id: p.assignmentId, version: p.version, reason: '人员不足' } }, p.dept);
    expect(declined.data.declineAssignment.status).toBe('DECLINED');
    const v = declined.data.declineAssignment.version;
    await refusedWith(ACCEPT, acceptInput(p, v), p.dept, 'INVALID_STATE', { state: 'DECLINED', allowed: [] });
    await refusedWith(DECLINE, { i: { id: p.assignmentId, version: v, reason: '再次退回' } }, p.dept, 'INVALID_STATE', { state: 'DECLINED', allowed: [] });
    await refusedWith(COMPLETE, { i: { id: p.assignmentId, version: v, resultNote: '退回后办结', peopleServed: 1 } }, p.dept, 'INVALID_STATE', { allowed: [] });
  });

  it('a progress report with a javascript: link or 11 links, a completion with negative people → BAD_USER_INPUT', async () => {
    const p = await w.pick();
    const v = await w.walk(p, 'ACCEPTED');
    for (const links of [['javascript:alert(1)'], ['data:text/html,<script>alert(1)</script>'], ['file:///etc/passwd'], Array.from({ length: 11 }, (_, i) => `https://example.org/${i}.jpg`)]) {
      await refusedWith(PROGRESS, { i: { id: p.assignmentId, version: v, note: '进展', links } }, p.dept, 'BAD_USER_INPUT', { allowed: expect.anything() });
    }
    for (const peopleServed of [-1, 1_000_001]) {
      await refusedWith(COMPLETE, { i: { id: p.assignmentId, version: v, resultNote: '办结', peopleServed } }, p.dept, 'BAD_USER_INPUT', { field: 'input.peopleServed' });
    }
    await refusedWith(COMPLETE, { i: { id: p.assignmentId, version: v, resultNote: ' ', peopleServed: 3 } }, p.dept, 'BAD_USER_INPUT', { field: 'input.resultNote' });
  });

  it('a rating with an empty comment, or an enum value that is not a rating → BAD_USER_INPUT', async () => {
    const p = await w.pick();
    await w.walk(p, 'COMPLETED');
    const item = await w.item(p);
    await refusedWith(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'SATISFIED', comment: '  ' } }, p.town, 'BAD_USER_INPUT', { field: 'input.comment' });
    await refusedWith(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'EXCELLENT', comment: '好' } }, p.town, 'BAD_USER_INPUT', { allowed: expect.arrayContaining(['SATISFIED']) });
  });
});
