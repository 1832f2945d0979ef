import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND } from '../support/app';
import { GANZHAOMIAO, LINHE, TARHU } from '../support/fixture';
import { codeOf } from './probe';
import { NMJ, scopeWorld, WYNK, type ScopeWorld } from './probe-passed-scope-setup';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's scope cases on mutations, as it passed them: a move on someone else's list, item or
 * assignment, or an operation of another role, is refused (FORBIDDEN, or NOT_FOUND where the row
 * is not the caller's to see) and changes nothing.
 */

let w: ScopeWorld;
beforeAll(async () => {
  w = await scopeWorld();
  w.app.clock.set(new Date('2020-01-10T02:00:00Z'));
});
afterAll(() => w?.app.close());

const REFUSED = ['FORBIDDEN', 'NOT_FOUND'];

/** Runs the case with a snapshot taken before and compared after. */
const unchanged = (fn: () => Promise<void>) => async () => {
  const before = await snapshot(w.app);
  await fn();
  await expectUnchanged(w.app, before);
};

/** The mutation is refused for the user with one of the codes, and answers no data. */
async function refused(user: string, query: string, variables: Record<string, unknown>, codes = REFUSED) {
  const r = await w.gql(query, variables, w.as(user));
  const what = `${user}: ${query.slice(0, 60)} ${JSON.stringify(variables).slice(0, 120)}`;
  expect(codes, what).toContain(codeOf(r));
  expect(r.data ?? null, what).toBeNull();
  return r;
}

const demandItemInput = { category: 'HEALTH', title: '越权添加', content: '不该写入的需求', forms: ['CLINIC'] };
const supplyItemInput = { category: 'HEALTH', title: '越权服务', description: '不该写入的服务', forms: ['CLINIC'], leaderName: '张', contactName: '王', contactPhone: '0478-8888888', capacity: 2 };

const UPDATE_ITEM = 'mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { id title } }';
const ADD_ITEM = 'mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }';
const ADD_SUPPLY = 'mutation($i: AddSupplyItemInput!) { addSupplyItem(input: $i) { id } }';
const ACCEPT = 'mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id status } }';
const RATE = 'mutation($i: RateServiceInput!) { rateService(input: $i) { id status } }';

describe(`probe passed: scope on mutations, demand side (${DB_KIND})`, () => {
  it("updateDemandItem on another township's item, and by every role that is not its township → FORBIDDEN/NOT_FOUND", unchanged(async () => {
    const victim = w.draftItem[GANZHAOMIAO];
    for (const user of ['township-tarhu', 'org-city', 'org-wuyuan', 'admin', 'dept-nmj', 'dept-wuyuan-nk']) {
      await refused(user, UPDATE_ITEM, { i: { id: victim, ...demandItemInput } });
    }
    await refused('township-ganzhaomiao', UPDATE_ITEM, { i: { id: 'D-001', ...demandItemInput } });
  }));

  it("addDemandItem on another township's list (draft or submitted) → FORBIDDEN/NOT_FOUND", unchanged(async () => {
    for (const listId of [w.draftList[GANZHAOMIAO], w.submittedList[GANZHAOMIAO]]) {
      for (const user of ['township-tarhu', 'org-city', 'admin', 'dept-nmj']) await refused(user, ADD_ITEM, { i: { listId, ...demandItemInput } });
    }
    await refused('township-ganzhaomiao', ADD_ITEM, { i: { listId: w.draftList[TARHU], ...demandItemInput } });
  }));

  it("removeDemandItem, updateDemandList and submitDemandList on another township's draft → FORBIDDEN/NOT_FOUND", unchanged(async () => {
    for (const user of ['township-tarhu', 'org-city', 'org-wuyuan', 'admin', 'dept-wuyuan-nk']) {
      await refused(user, 'mutation($id: ID!) { removeDemandItem(id: $id) }', { id: w.draftItem[GANZHAOMIAO] });
      await refused(user, 'mutation($id: ID!) { updateDemandList(input: { id: $id, title: "改名" }) { id } }', { id: w.draftList[GANZHAOMIAO] });
      await refused(user, 'mutation($id: ID!) { submitDemandList(id: $id) { id } }', { id: w.draftList[GANZHAOMIAO] });
    }
  }));

  it("createDemandList for another township → FORBIDDEN", unchanged(async () => {
    const c = await w.gql('mutation { createCampaign(input: { name: "越权建单", startsOn: "2022-01-01", endsOn: "2022-02-01" }) { id } }', {}, w.as('admin'));
    const campaignId = c.data.createCampaign.id;
    // The campaign itself is the one change this case makes: the snapshot is taken after it.
    const before = await snapshot(w.app);
    for (const user of ['township-tarhu', 'org-city', 'org-wuyuan', 'admin', 'dept-nmj']) {
      await refused(user, 'mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: campaignId, t: GANZHAOMIAO }, ['FORBIDDEN']);
    }
    await expectUnchanged(w.app, before);
    await w.app.orm.em.fork().getConnection().execute('delete from campaign where id = ?', [campaignId]);
  }));

  it("withdrawDemandItem of another township's item → FORBIDDEN/NOT_FOUND", unchanged(async () => {
    for (const [user, id] of [['township-ganzhaomiao', 'D-001'], ['township-tarhu', 'D-003'], ['org-city', 'D-001'], ['admin', 'D-003'], ['dept-wuyuan-nk', 'D-001']]) {
      await refused(user, 'mutation($id: ID!) { withdrawDemandItem(id: $id, reason: "越权撤回") { id status } }', { id });
    }
  }));

  it("rateService on another township's item → NOT_FOUND (as if it did not exist); as a non-township → FORBIDDEN", unchanged(async () => {
    for (const [user, id] of [['township-ganzhaomiao', 'D-001'], ['township-ganzhaomiao', 'D-002'], ['township-tarhu', 'D-003']]) {
      const r = await refused(user, RATE, { i: { demandItemId: id, version: 1, rating: 'VERY_UNSATISFIED', comment: '越权差评' } }, ['NOT_FOUND']);
      // Answered as an id that does not exist at all.
      const none = await refused(user, RATE, { i: { demandItemId: 'D-NOPE', version: 1, rating: 'VERY_UNSATISFIED', comment: '越权差评' } }, ['NOT_FOUND']);
      expect(r.errors![0].message.replace(id, '?')).toBe(none.errors![0].message.replace('D-NOPE', '?'));
    }
    for (const user of ['admin', 'org-city', 'dept-wuyuan-nk']) {
      await refused(user, RATE, { i: { demandItemId: 'D-001', version: 1, rating: 'SATISFIED', comment: '代评' } }, ['FORBIDDEN', 'NOT_FOUND']);
    }
  }));
});

describe(`probe passed: scope on mutations, supply side and assignments (${DB_KIND})`, () => {
  it("addSupplyItem on another department's list (draft → NOT_FOUND/FORBIDDEN, published → FORBIDDEN)", unchanged(async () => {
    for (const [user, other] of [['dept-wuyuan-nk', NMJ], ['dept-nmj', WYNK]]) {
      await refused(user, ADD_SUPPLY, { i: { listId: w.draftSupplyList[other], ...supplyItemInput } });
      await refused(user, ADD_SUPPLY, { i: { listId: w.publishedSupplyList[other], ...supplyItemInput } }, ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE']);
    }
    for (const user of ['township-tarhu', 'org-city', 'admin']) await refused(user, ADD_SUPPLY, { i: { listId: w.draftSupplyList[NMJ], ...supplyItemInput } });
  }));

  it("updateSupplyItem, removeSupplyItem, updateSupplyList, publishSupplyList and adjustSupplyItem on another department's → FORBIDDEN/NOT_FOUND", unchanged(async () => {
    for (const [user, other] of [['dept-wuyuan-nk', NMJ], ['dept-nmj', WYNK], ['org-city', NMJ], ['township-tarhu', WYNK], ['admin', NMJ]]) {
      await refused(user, 'mutation($i: UpdateSupplyItemInput!) { updateSupplyItem(input: $i) { id } }', { i: { id: w.draftSupplyItem[other], ...supplyItemInput } });
      await refused(user, 'mutation($id: ID!) { removeSupplyItem(id: $id) }', { id: w.draftSupplyItem[other] });
      await refused(user, 'mutation($id: ID!) { updateSupplyList(input: { id: $id, title: "改名" }) { id } }', { id: w.draftSupplyList[other] });
      await refused(user, 'mutation($id: ID!) { publishSupplyList(id: $id) { id status } }', { id: w.draftSupplyList[other] });
      const published = other === NMJ ? 'S-C-001' : 'S-K-001';
      await refused(user, 'mutation($id: ID!) { adjustSupplyItem(input: { id: $id, capacity: 999, contactPhone: "13900000099" }) { id } }', { id: published });
    }
  }));

  it("acceptAssignment on another department's assignment → NOT_FOUND or FORBIDDEN, as for one that does not exist", unchanged(async () => {
    const moves = [
      ['acceptAssignment', 'AcceptAssignmentInput', { committedDate: '2020-02-01', personInCharge: '冒名' }],
      ['declineAssignment', 'DeclineAssignmentInput', { reason: '冒名退回' }],
      ['reportProgress', 'ReportProgressInput', { note: '冒名报告' }],
      ['completeAssignment', 'CompleteAssignmentInput', { resultNote: '冒名办结', peopleServed: 1 }],
    ] as const;
    for (const [user, theirs] of [['dept-nmj', 'D-001'], ['dept-wuyuan-nk', 'D-002']]) {
      const a = w.assignmentOf[theirs];
      for (const [name, type, extra] of moves) {
        const query = `mutation($i: ${type}!) { ${name}(input: $i) { id status } }`;
        await refused(user, query, { i: { id: a.id, version: a.version, ...extra } });
        await refused(user, query, { i: { id: 'A-DOES-NOT-EXIST', version: a.version, ...extra } });
      }
    }
  }));

  it('acceptAssignment as a township, an organization department or the admin → FORBIDDEN', unchanged(async () => {
    const a = w.assignmentOf['D-001'];
    for (const user of ['township-tarhu', 'org-city', 'org-wuyuan', 'admin']) {
      await refused(user, ACCEPT, { i: { id: a.id, version: a.version, committedDate: '2020-02-01', personInCharge: '冒名' } });
    }
  }));
});

describe(`probe passed: operations of another role (${DB_KIND})`, () => {
  const ADMIN_ONLY: [string, Record<string, unknown>][] = [
    ['mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { username: 'probe-intruder', password: 'long-enough-password', displayName: '冒名', role: 'ADMIN', regionId: '150800' } }],
    ['mutation($id: ID!) { setUserActive(id: $id, active: false) { id } }', { id: 'U-admin' }],
    ['mutation { createCampaign(input: { name: "越权活动", startsOn: "2022-01-01", endsOn: "2022-02-01" }) { id } }', {}],
    ['mutation { updateCampaign(input: { id: "C-1", name: "改名", startsOn: "2019-12-01", endsOn: "2020-04-30" }) { id } }', {}],
    [`mutation { createRegion(input: { name: "越权村", level: VILLAGE, parentId: "${TARHU}" }) { id } }`, {}],
    [`mutation { updateRegion(input: { id: "${TARHU}", name: "改名镇" }) { id } }`, {}],
    [`mutation { createDepartment(input: { name: "越权局", regionId: "${LINHE}" }) { id } }`, {}],
    [`mutation { updateDepartment(input: { id: "${NMJ}", name: "改名局" }) { id } }`, {}],
  ];

  it('createUser, setUserActive and the other admin mutations as every role but admin → FORBIDDEN', unchanged(async () => {
    for (const user of ['org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
      for (const [query, variables] of ADMIN_ONLY) await refused(user, query, variables, ['FORBIDDEN']);
    }
  }));

  it('runMatching as a township or a department → FORBIDDEN; org-wuyuan over 临河区 → FORBIDDEN/NOT_FOUND', unchanged(async () => {
    for (const user of ['township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
      await refused(user, 'mutation { runMatching(campaignId: "C-1") { id } }', {}, ['FORBIDDEN']);
    }
    await refused('org-wuyuan', `mutation { runMatching(campaignId: "C-1", regionId: "${LINHE}") { id } }`, {});
    await refused('org-wuyuan', 'mutation { runMatching(campaignId: "C-1", regionId: "150800") { id } }', {});
  }));

  it('the desk (assignByHand, deferDemand, handToLeader, supervise) as a township or a department → FORBIDDEN; org-wuyuan on 临河区 → NOT_FOUND', unchanged(async () => {
    const desk: [string, Record<string, unknown>][] = [
      ['mutation($i: AssignByHandInput!) { assignByHand(input: $i) { id } }', { i: { demandItemId: 'D-003', version: 2, departmentId: NMJ, note: '越权派单' } }],
      ['mutation($i: DeferDemandInput!) { deferDemand(input: $i) { id } }', { i: { demandItemId: 'D-003', version: 2, explanation: '越权搁置' } }],
      ['mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { id } }', { i: { demandItemId: 'D-003', version: 2, leaderName: '冒名', dueDate: '2020-03-01' } }],
      ['mutation($i: SuperviseInput!) { supervise(input: $i) { id } }', { i: { demandItemId: 'D-003', note: '越权督办' } }],
    ];
    for (const user of ['township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
      for (const [query, variables] of desk) await refused(user, query, variables, ['FORBIDDEN']);
    }
    for (const [query, variables] of desk) await refused('org-wuyuan', query, variables, ['NOT_FOUND']);
  }));
});
