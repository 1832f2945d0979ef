import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND } from '../support/app';
import { GANZHAOMIAO, LINHE, TARHU, WUYUAN } from '../support/fixture';
import { codeOf, rawRequest } from './probe';
import { NMJ, scopeWorld, WYNK, type ScopeWorld } from './probe-passed-scope-setup';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's scope cases on top-level queries, as it passed them, per role: a row outside the
 * caller's scope is NOT_FOUND by id and absent from every list (whatever the filter names), an
 * operation of another role is FORBIDDEN; nothing in the database changes.
 */

let w: ScopeWorld;
beforeAll(async () => {
  w = await scopeWorld();
});
afterAll(() => w?.app.close());

const ITEM = 'query($id: ID!) { demandItem(id: $id) { id title township { id } } }';
const ITEMS = 'query($f: DemandItemFilter) { demandItems(first: 100, filter: $f) { totalCount nodes { id township { id } county { id } } } }';
const LIST = 'query($id: ID!) { demandList(id: $id) { id } }';
const LISTS = 'query($f: DemandListFilter) { demandLists(first: 100, filter: $f) { totalCount nodes { id township { id } } } }';
const SUPPLY_LIST = 'query($id: ID!) { supplyList(id: $id) { id } }';
const SUPPLY_ITEM = 'query($id: ID!) { supplyItem(id: $id) { id } }';
const SUPPLY_LISTS = '{ supplyLists(first: 100) { nodes { id status department { id } } } supplyItems(first: 100) { nodes { id list { status } } } }';
const ASSIGNMENT = 'query($id: ID!) { assignment(id: $id) { id } }';

/** Runs the case with a snapshot taken before and compared after. */
const unchanged = (fn: () => Promise<void>) => async () => {
  const before = await snapshot(w.app);
  await fn();
  await expectUnchanged(w.app, before);
};

async function notFound(query: string, id: string, user: string) {
  const r = await w.gql(query, { id }, w.as(user));
  expect(codeOf(r), `${user} → ${id}`).toBe('NOT_FOUND');
  expect(r.data ?? null, `${user} → ${id}`).toBeNull();
}

async function items(user: string, filter: Record<string, unknown> = {}) {
  const r = await w.gql(ITEMS, { f: filter }, w.as(user));
  expect(r.errors).toBeUndefined();
  return r.data.demandItems as { totalCount: number; nodes: { id: string; township: { id: string }; county: { id: string } }[] };
}

describe(`probe passed: scope on top-level queries, townships (${DB_KIND})`, () => {
  it("township-tarhu: another township's demandItem by id → NOT_FOUND (submitted and draft)", unchanged(async () => {
    await notFound(ITEM, 'D-003', 'township-tarhu');
    await notFound(ITEM, w.draftItem[GANZHAOMIAO], 'township-tarhu');
  }));

  it("township-ganzhaomiao: another township's demandItem and its assignment by id → NOT_FOUND", unchanged(async () => {
    for (const id of ['D-001', 'D-002', w.draftItem[TARHU]]) await notFound(ITEM, id, 'township-ganzhaomiao');
    await notFound(ASSIGNMENT, w.assignmentOf['D-001'].id, 'township-ganzhaomiao');
  }));

  it('each township: demandItems lists only its own, whatever the filter names', unchanged(async () => {
    for (const [user, own, other, otherCounty] of [['township-tarhu', TARHU, GANZHAOMIAO, LINHE], ['township-ganzhaomiao', GANZHAOMIAO, TARHU, WUYUAN]]) {
      const all = await items(user);
      expect(all.totalCount, user).toBeGreaterThan(0);
      expect(new Set(all.nodes.map((n) => n.township.id)), user).toEqual(new Set([own]));
      for (const filter of [{ townshipId: other }, { countyId: otherCounty }, { listId: w.submittedList[other] }, { listId: w.draftList[other] }, { campaignId: w.draftCampaignId, townshipId: other }]) {
        const r = await items(user, filter);
        expect(r, `${user} ${JSON.stringify(filter)}`).toEqual({ totalCount: 0, nodes: [] });
      }
    }
  }));

  it("each township: demandList of another township → NOT_FOUND; demandLists holds only its own", unchanged(async () => {
    for (const [user, own, other] of [['township-tarhu', TARHU, GANZHAOMIAO], ['township-ganzhaomiao', GANZHAOMIAO, TARHU]]) {
      await notFound(LIST, w.submittedList[other], user);
      await notFound(LIST, w.draftList[other], user);
      const lists = (await w.gql(LISTS, { f: {} }, w.as(user))).data.demandLists;
      expect(new Set(lists.nodes.map((n: any) => n.township.id)), user).toEqual(new Set([own]));
      expect((await w.gql(LISTS, { f: { townshipId: other } }, w.as(user))).data.demandLists.totalCount, user).toBe(0);
    }
  }));

  it("a township: a department's draft supply list and item → NOT_FOUND; the menu holds published lists only", unchanged(async () => {
    for (const user of ['township-tarhu', 'township-ganzhaomiao']) {
      for (const dep of [NMJ, WYNK]) {
        await notFound(SUPPLY_LIST, w.draftSupplyList[dep], user);
        await notFound(SUPPLY_ITEM, w.draftSupplyItem[dep], user);
      }
      const r = await w.gql(SUPPLY_LISTS, {}, w.as(user));
      expect(r.data.supplyLists.nodes.every((n: any) => n.status === 'PUBLISHED'), user).toBe(true);
      expect(r.data.supplyItems.nodes.every((n: any) => n.list.status === 'PUBLISHED'), user).toBe(true);
    }
  }));

  it("a township: assignments, updates and overdue hold only its own items'", unchanged(async () => {
    w.app.clock.set(new Date(Date.now() + 30 * 86_400_000));
    try {
      for (const [user, own] of [['township-tarhu', TARHU], ['township-ganzhaomiao', GANZHAOMIAO]]) {
        const r = await w.gql(`{ assignments(first: 100) { nodes { demandItem { township { id } } } }
          updates(first: 100, since: "2000-01-01T00:00:00Z") { nodes { demandItem { township { id } } } }
          overdue { demandItem { township { id } } } }`, {}, w.as(user));
        expect(r.errors).toBeUndefined();
        const townships = [...r.data.assignments.nodes, ...r.data.updates.nodes, ...r.data.overdue].map((n: any) => n.demandItem?.township.id);
        expect(townships.length, user).toBeGreaterThan(0);
        expect(new Set(townships), user).toEqual(new Set([own]));
      }
    } finally {
      w.app.clock.set(new Date());
    }
  }));
});

describe(`probe passed: scope on top-level queries, departments (${DB_KIND})`, () => {
  it("dept-wuyuan-nk and dept-nmj: the other department's draft supply list and item → NOT_FOUND, and not listed", unchanged(async () => {
    for (const [user, other] of [['dept-wuyuan-nk', NMJ], ['dept-nmj', WYNK]]) {
      await notFound(SUPPLY_LIST, w.draftSupplyList[other], user);
      await notFound(SUPPLY_ITEM, w.draftSupplyItem[other], user);
      const r = await w.gql(SUPPLY_LISTS, {}, w.as(user));
      const ids = [...r.data.supplyLists.nodes, ...r.data.supplyItems.nodes].map((n: any) => n.id);
      expect(ids, user).not.toContain(w.draftSupplyList[other]);
      expect(ids, user).not.toContain(w.draftSupplyItem[other]);
      // Its own draft it does see.
      expect(ids, user).toContain(w.draftSupplyList[other === NMJ ? WYNK : NMJ]);
    }
  }));

  it("a department's demandItems hold only the items assigned to it; others' and unassigned ones → NOT_FOUND", unchanged(async () => {
    for (const [user, mine, theirs] of [['dept-wuyuan-nk', 'D-001', 'D-002'], ['dept-nmj', 'D-002', 'D-001']]) {
      const all = await items(user);
      expect(all.nodes.map((n) => n.id), user).toEqual([mine]);
      expect(all.totalCount, user).toBe(1);
      for (const filter of [{ townshipId: GANZHAOMIAO }, { status: 'ESCALATED' }, { campaignId: w.draftCampaignId }]) {
        expect((await items(user, filter)).nodes.map((n) => n.id), `${user} ${JSON.stringify(filter)}`).not.toContain(theirs);
      }
      await notFound(ITEM, theirs, user);
      await notFound(ITEM, 'D-003', user);
      await notFound(ITEM, w.draftItem[TARHU], user);
    }
  }));

  it('a department reads no demand list, by id or in a list', unchanged(async () => {
    for (const user of ['dept-wuyuan-nk', 'dept-nmj']) {
      expect((await w.gql(LISTS, { f: {} }, w.as(user))).data.demandLists.totalCount, user).toBe(0);
      await notFound(LIST, w.submittedList[TARHU], user);
      await notFound(LIST, w.draftList[GANZHAOMIAO], user);
    }
  }));

  it("a department's assignments are its own; the other's assignment by id → NOT_FOUND", unchanged(async () => {
    for (const [user, dep, theirs] of [['dept-wuyuan-nk', WYNK, 'D-002'], ['dept-nmj', NMJ, 'D-001']]) {
      const r = await w.gql('{ assignments(first: 100) { totalCount nodes { department { id } } } }', {}, w.as(user));
      expect(r.data.assignments.totalCount, user).toBe(1);
      expect(r.data.assignments.nodes.every((n: any) => n.department.id === dep), user).toBe(true);
      // Filtering by the other department does not widen it.
      const other = await w.gql('query($d: ID) { assignments(filter: { departmentId: $d }) { totalCount } }', { d: dep === NMJ ? WYNK : NMJ }, w.as(user));
      expect(other.data.assignments.totalCount, user).toBe(0);
      await notFound(ASSIGNMENT, w.assignmentOf[theirs].id, user);
    }
  }));

  it("a department's scorecards are its own, whatever departmentId it names", unchanged(async () => {
    for (const [user, dep, other] of [['dept-wuyuan-nk', WYNK, NMJ], ['dept-nmj', NMJ, WYNK]]) {
      const all = await w.gql('{ scorecards(campaignId: "C-1") { departmentId } }', {}, w.as(user));
      expect(all.data.scorecards.map((s: any) => s.departmentId), user).toEqual([dep]);
      const named = await w.gql('query($d: ID) { scorecards(campaignId: "C-1", departmentId: $d) { departmentId } }', { d: other }, w.as(user));
      if (named.errors) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(named));
      else expect(named.data.scorecards, user).toEqual([]);
    }
  }));
});

describe(`probe passed: scope on top-level queries, organization departments and roles (${DB_KIND})`, () => {
  it("org-wuyuan's demandItems hold only 五原县; a 临河区 item or list by id → NOT_FOUND", unchanged(async () => {
    const all = await items('org-wuyuan');
    expect(all.totalCount).toBeGreaterThan(0);
    expect(new Set(all.nodes.map((n) => n.county.id))).toEqual(new Set([WUYUAN]));
    expect(await items('org-wuyuan', { countyId: LINHE })).toEqual({ totalCount: 0, nodes: [] });
    expect(await items('org-wuyuan', { townshipId: GANZHAOMIAO })).toEqual({ totalCount: 0, nodes: [] });
    await notFound(ITEM, 'D-003', 'org-wuyuan');
    await notFound(ITEM, w.draftItem[GANZHAOMIAO], 'org-wuyuan');
    await notFound(LIST, w.submittedList[GANZHAOMIAO], 'org-wuyuan');
    const lists = (await w.gql(LISTS, { f: {} }, w.as('org-wuyuan'))).data.demandLists.nodes;
    expect(new Set(lists.map((n: any) => n.township.id))).toEqual(new Set([TARHU]));
  }));

  it("org-wuyuan: the city department's draft supply list and item → NOT_FOUND; escalations and assignments only of 五原县", unchanged(async () => {
    await notFound(SUPPLY_LIST, w.draftSupplyList[NMJ], 'org-wuyuan');
    await notFound(SUPPLY_ITEM, w.draftSupplyItem[NMJ], 'org-wuyuan');
    const r = await w.gql(`{ escalations(first: 100, filter: { status: OPEN }) { nodes { demandItem { county { id } } } }
      resolved: escalations(first: 100, filter: { status: RESOLVED }) { nodes { demandItem { county { id } } } }
      assignments(first: 100) { nodes { demandItem { county { id } } } } }`, {}, w.as('org-wuyuan'));
    expect(r.errors).toBeUndefined();
    const counties = [...r.data.escalations.nodes, ...r.data.resolved.nodes, ...r.data.assignments.nodes].map((n: any) => n.demandItem.county.id);
    expect(counties.length).toBeGreaterThan(0);
    expect(new Set(counties)).toEqual(new Set([WUYUAN]));
    // The city sees 临河区's open escalation (D-003): the county's empty desk is its scope, not an empty world.
    const city = await w.gql('{ escalations { nodes { demandItem { id } } } }', {}, w.as('org-city'));
    expect(city.data.escalations.nodes.map((n: any) => n.demandItem.id)).toContain('D-003');
  }));

  it("org-wuyuan: matchReport, gapAnalysis, matchRuns and the ledger of 临河区 → FORBIDDEN", unchanged(async () => {
    for (const [query, codes] of [
      [`{ matchReport(campaignId: "C-1", regionId: "${LINHE}") { total { demands } } }`, ['FORBIDDEN', 'NOT_FOUND']],
      [`{ gapAnalysis(campaignId: "C-1", regionId: "${LINHE}") { countyId } }`, ['FORBIDDEN', 'NOT_FOUND']],
      // A township is no region a report covers: refused as input, which says nothing of the township.
      [`{ matchReport(campaignId: "C-1", regionId: "${GANZHAOMIAO}") { total { demands } } }`, ['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']],
    ] as const) {
      const r = await w.gql(query, {}, w.as('org-wuyuan'));
      expect(codes, query).toContain(codeOf(r));
      expect(r.data ?? null, query).toBeNull();
    }
    const runs = await w.gql('{ matchRuns(campaignId: "C-1") { nodes { region { id } } } }', {}, w.as('org-wuyuan'));
    expect(runs.data.matchRuns.nodes.every((n: any) => n.region?.id === WUYUAN)).toBe(true);
    const ledger = await rawRequest(w.app, { method: 'GET', path: `/export/ledger.csv?campaignId=C-1&regionId=${LINHE}`, headers: { authorization: `Bearer ${w.as('org-wuyuan')}` } });
    expect(ledger.status).toBe(403);
    expect(codeOf(ledger)).toBe('FORBIDDEN');
  }));

  it('matchRuns, matchRun, matchReport, gapAnalysis, escalations and the ledger as townships and departments → FORBIDDEN', unchanged(async () => {
    const runId = (await w.gql('{ matchRuns(campaignId: "C-1") { nodes { id } } }', {}, w.as('org-city'))).data.matchRuns.nodes[0].id;
    for (const user of ['township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
      for (const query of [
        '{ matchRuns(campaignId: "C-1") { totalCount } }', `{ matchRun(id: "${runId}") { id } }`, '{ matchReport(campaignId: "C-1") { total { demands } } }',
        '{ gapAnalysis(campaignId: "C-1") { countyId } }', '{ escalations { totalCount } }',
      ]) {
        const r = await w.gql(query, {}, w.as(user));
        expect(codeOf(r), `${user}: ${query}`).toBe('FORBIDDEN');
        expect(r.data ?? null, `${user}: ${query}`).toBeNull();
      }
      const ledger = await rawRequest(w.app, { method: 'GET', path: '/export/ledger.xlsx?campaignId=C-1', headers: { authorization: `Bearer ${w.as(user)}` } });
      expect(ledger.status, user).toBe(403);
      expect(codeOf(ledger), user).toBe('FORBIDDEN');
    }
  }));

  it('users as every role but admin → FORBIDDEN; scorecards as a township → FORBIDDEN', unchanged(async () => {
    for (const user of ['org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
      const r = await w.gql('{ users(first: 100) { nodes { username role } } }', {}, w.as(user));
      expect(codeOf(r), user).toBe('FORBIDDEN');
      expect(r.data ?? null, user).toBeNull();
    }
    for (const user of ['township-tarhu', 'township-ganzhaomiao']) {
      expect(codeOf(await w.gql('{ scorecards(campaignId: "C-1") { departmentId } }', {}, w.as(user))), user).toBe('FORBIDDEN');
    }
    expect((await w.gql('{ users(first: 100) { totalCount } }', {}, w.as('admin'))).data.users.totalCount).toBeGreaterThanOrEqual(7);
  }));
});
