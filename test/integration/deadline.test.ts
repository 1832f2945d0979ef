import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/** Deadlines with a clock the test moves, what each role sees of them, and "since" lists. */

const demo = readDemoData();
let app: TestApp;
let as: (user: string) => string;
const DAY = 86_400_000;
let start: Date;

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['org-city', 'dept-wuyuan-nk', 'dept-nmj', 'township-tarhu']);
  start = new Date('2026-11-23T01:00:00Z');
  app.clock.set(start);
  const r = await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { placedCounty placedCity } }', {}, as('org-city'));
  expect(r.errors).toBeUndefined();
});
afterAll(() => app?.close());

const OVERDUE = `query($f: OverdueFilter) { overdue(filter: $f) { kind dueDate daysLate demandItem { id } assignment { department { id } } } }`;

describe(`deadlines (${DB_KIND})`, () => {
  it('nothing is late at first; after the days allowed to accept, every unaccepted dispatch is', async () => {
    let r = await app.gql(OVERDUE, {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.overdue).toEqual([]);
    app.clock.set(new Date(start.getTime() + 4 * DAY)); // PEICAN_ACCEPT_DAYS defaults to 3
    r = await app.gql(OVERDUE, {}, as('org-city'));
    expect(r.data.overdue).toHaveLength(106);
    expect(r.data.overdue.every((o: any) => o.kind === 'RESPONSE' && o.daysLate === 1 && o.dueDate === '2026-11-26')).toBe(true);
    // A department sees its own only.
    r = await app.gql(OVERDUE, {}, as('dept-wuyuan-nk'));
    expect(r.data.overdue.length).toBe(5);
    expect(new Set(r.data.overdue.map((o: any) => o.assignment.department.id))).toEqual(new Set(['DEP-K-WY-NK']));
  });

  it('an accepted item is late once its committed date passes; the township sees it on the assignment with the contact', async () => {
    app.clock.set(start);
    const item = (await app.gql(`{ demandItem(id: "D-001") { assignment { id version } } }`, {}, as('township-tarhu'))).data.demandItem;
    const accepted = await app.gql(`mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { status } }`, {
      i: { id: item.assignment.id, version: item.assignment.version, committedDate: '2026-11-25', personInCharge: '王技术员' },
    }, as('dept-wuyuan-nk'));
    expect(accepted.errors).toBeUndefined();
    const VIEW = `{ demandItem(id: "D-001") { assignment { committedDate dueDate overdue personInCharge supplyItem { contactName contactPhone } } } }`;
    let r = await app.gql(VIEW, {}, as('township-tarhu'));
    expect(r.data.demandItem.assignment).toMatchObject({ committedDate: '2026-11-25', dueDate: '2026-11-25', overdue: false, supplyItem: { contactPhone: expect.stringMatching(/^1390000/) } });
    app.clock.set(new Date(start.getTime() + 5 * DAY));
    r = await app.gql(VIEW, {}, as('township-tarhu'));
    expect(r.data.demandItem.assignment.overdue).toBe(true);
    const late = await app.gql(OVERDUE, { f: { departmentId: 'DEP-K-WY-NK' } }, as('org-city'));
    expect(late.data.overdue[0]).toMatchObject({ kind: 'RESOLUTION', dueDate: '2026-11-25', daysLate: 3, demandItem: { id: 'D-001' } });
  });

  it('a department reads the demand items assigned to it, and no others', async () => {
    const mine = await app.gql(`{ demandItems(first: 100) { totalCount nodes { id } } }`, {}, as('dept-wuyuan-nk'));
    expect(mine.data.demandItems.totalCount).toBe(5);
    const other = await app.gql(`{ demandItem(id: "D-006") { id } }`, {}, as('dept-wuyuan-nk'));
    expect(other.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it("lists a township's updates since a time", async () => {
    app.clock.set(new Date(start.getTime() + 6 * DAY));
    const a = (await app.gql(`{ demandItem(id: "D-001") { assignment { id version } } }`, {}, as('township-tarhu'))).data.demandItem.assignment;
    const progress = await app.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { status } }`, {
      i: { id: a.id, version: a.version, note: '已完成一半农户的指导' },
    }, as('dept-wuyuan-nk'));
    expect(progress.errors).toBeUndefined();
    const since = new Date(start.getTime() + 6 * DAY - 1000).toISOString();
    const r = await app.gql(`query($s: DateTimeISO!) { updates(since: $s) { totalCount nodes { action demandItem { id } } } }`, { s: since }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.updates.nodes).toEqual([{ action: 'REPORT_PROGRESS', demandItem: { id: 'D-001' } }]);
    const before = await app.gql(`query($s: DateTimeISO!) { updates(since: $s) { totalCount } }`, { s: start.toISOString() }, as('township-tarhu'));
    expect(before.data.updates.totalCount).toBeGreaterThan(5);
  });
  it('a reopened item owes a new committed date within the days allowed, or it is late', async () => {
    app.clock.set(new Date(start.getTime() + 7 * DAY));
    const a = (await app.gql(`{ demandItem(id: "D-001") { assignment { id version } } }`, {}, as('township-tarhu'))).data.demandItem.assignment;
    const done = await app.gql(`mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { status } }`, {
      i: { id: a.id, version: a.version, resultNote: '完成', peopleServed: 60 },
    }, as('dept-wuyuan-nk'));
    expect(done.errors).toBeUndefined();
    const item = (await app.gql(`{ demandItem(id: "D-001") { version } }`, {}, as('township-tarhu'))).data.demandItem;
    const rated = await app.gql(`mutation($i: RateServiceInput!) { rateService(input: $i) { status } }`, {
      i: { demandItemId: 'D-001', version: item.version, rating: 'VERY_UNSATISFIED', comment: '没有解决' },
    }, as('township-tarhu'));
    expect(rated.data.rateService.status).toBe('IN_PROGRESS');
    app.clock.set(new Date(start.getTime() + 9 * DAY));
    expect((await app.gql(OVERDUE, { f: { departmentId: 'DEP-K-WY-NK' } }, as('org-city'))).data.overdue.map((o: any) => o.demandItem.id)).not.toContain('D-001');
    app.clock.set(new Date(start.getTime() + 11 * DAY));
    const late = (await app.gql(OVERDUE, { f: { departmentId: 'DEP-K-WY-NK' } }, as('org-city'))).data.overdue.find((o: any) => o.demandItem.id === 'D-001');
    expect(late).toMatchObject({ kind: 'RESPONSE', dueDate: '2026-12-03', daysLate: 1 });
  });

});
