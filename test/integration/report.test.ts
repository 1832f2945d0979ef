import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/** matchReport on the demo campaign after matching and a scripted set of moves: known figures, and a second computation from the raw rows. */

const demo = readDemoData();
let app: TestApp;
let as: (user: string) => string;
const ROW = `key name demands placedCounty placedCity placedManual escalated escalatedByReason { reason count } accepted completed closed overdue
  responseRate { numerator denominator value } resolutionRate { numerator denominator value } satisfactionRate { numerator denominator value }
  medianDaysToAccept medianDaysToComplete`;
const REPORT = `query($r: ID) { matchReport(campaignId: "C-2019-WS", regionId: $r) { total { ${ROW} } byCounty { ${ROW} } byTownship { key demands } byDepartment { ${ROW} } byCategory { key demands } } }`;

/** A committed date well ahead (within the year a promise may reach), so nothing accepted is late until the clock moves past it. */
const COMMITTED = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['org-city', 'org-wuyuan', 'dept-wuyuan-nk', 'township-tarhu', 'dept-nmj']);
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
  // 五原县农牧和科技局 accepts D-001 at once and D-002 a day later, completes D-001 the day after;
  // 塔尔湖镇 rates D-001 satisfied. (Distinct times, so that each median is told apart.)
  const dispatched = new Date();
  runDay = dispatched;
  const dept = as('dept-wuyuan-nk');
  const assignment = async (id: string) => (await app.gql(`query($id: ID!) { demandItem(id: $id) { version assignment { id version } } }`, { id }, as('township-tarhu'))).data.demandItem;
  for (const [days, id] of [[0, 'D-001'], [1, 'D-002']] as const) {
    app.clock.set(new Date(dispatched.getTime() + days * 86_400_000));
    const a = (await assignment(id)).assignment;
    const r = await app.gql(`mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id } }`, { i: { id: a.id, version: a.version, committedDate: COMMITTED, personInCharge: '王' } }, dept);
    expect(r.errors).toBeUndefined();
  }
  app.clock.set(new Date(dispatched.getTime() + 2 * 86_400_000));
  const a1 = (await assignment('D-001')).assignment;
  expect((await app.gql(`mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { id } }`, { i: { id: a1.id, version: a1.version, resultNote: '完成', peopleServed: 60 } }, dept)).errors).toBeUndefined();
  const item = await assignment('D-001');
  expect((await app.gql(`mutation($i: RateServiceInput!) { rateService(input: $i) { status } }`, { i: { demandItemId: 'D-001', version: item.version, rating: 'SATISFIED', comment: '好' } }, as('township-tarhu'))).errors).toBeUndefined();
});
afterAll(() => app?.close());
/** When the run was made (the later moves are days after it). */
let runDay: Date;

describe(`matchReport (${DB_KIND})`, () => {
  it('gives the known figures of the demo campaign', async () => {
    const r = await app.gql(REPORT, {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    const { total } = r.data.matchReport;
    expect(total).toMatchObject({
      key: 'ALL', demands: 114, placedCounty: 23, placedCity: 83, placedManual: 0, escalated: 8,
      escalatedByReason: [{ reason: 'HARD_CASE', count: 6 }, { reason: 'LOW_RELEVANCE', count: 2 }],
      accepted: 2, completed: 1, closed: 1, overdue: 0,
      // Two days after dispatch nobody is late yet: the 104 not accepted are pending, as is D-002's completion (its date is ahead).
      responseRate: { numerator: 2, denominator: 2, value: 1 }, resolutionRate: { numerator: 1, denominator: 1, value: 1 },
      satisfactionRate: { numerator: 1, denominator: 1, value: 1 },
    });
    expect(total.medianDaysToAccept).not.toBeNull();
    expect(r.data.matchReport.byCounty.map((c: any) => c.demands).reduce((x: number, y: number) => x + y, 0)).toBe(114);
    expect(r.data.matchReport.byCategory.map((c: any) => c.demands).reduce((x: number, y: number) => x + y, 0)).toBe(114);
    const wuyuan = r.data.matchReport.byCounty.find((c: any) => c.key === '150821');
    expect(wuyuan).toMatchObject({ name: '五原县', accepted: 2, completed: 1, closed: 1 });
    const dept = r.data.matchReport.byDepartment.find((d: any) => d.key === 'DEP-K-WY-NK');
    expect(dept).toMatchObject({ name: '五原县农牧和科技局', accepted: 2, resolutionRate: { numerator: 1, denominator: 1 } });
    expect(r.data.matchReport.byDepartment.find((d: any) => d.key === 'NONE').demands).toBe(8);
  });

  it('agrees with a second computation from the raw rows', async () => {
    const conn = app.orm.em.getConnection();
    const items = await conn.execute(`select id, county_id, category, status from demand_item where campaign_id = 'C-2019-WS'`);
    const live = await conn.execute(`select demand_item_id, department_id, tier, accepted_at, completed_at from assignment where status in ('MATCHED','ACCEPTED','IN_PROGRESS','COMPLETED','CLOSED')`);
    const escalated = new Set((await conn.execute(`select distinct demand_item_id from escalation`)).map((e: any) => e.demand_item_id));
    const byDemand = new Map(live.map((a: any) => [a.demand_item_id, a]));
    const r = await app.gql(REPORT, {}, as('org-city'));
    for (const county of r.data.matchReport.byCounty) {
      const mine = items.filter((i: any) => i.county_id === county.key);
      const own = mine.map((i: any) => byDemand.get(i.id)).filter(Boolean) as any[];
      expect(county.demands).toBe(mine.length);
      expect(county.placedCounty).toBe(own.filter((a) => a.tier === 'COUNTY').length);
      expect(county.placedCity).toBe(own.filter((a) => a.tier === 'CITY').length);
      expect(county.escalated).toBe(mine.filter((i: any) => escalated.has(i.id)).length);
      expect(county.accepted).toBe(own.filter((a) => a.accepted_at !== null).length);
      expect(county.closed).toBe(mine.filter((i: any) => i.status === 'CLOSED').length);
    }
    for (const d of r.data.matchReport.byDepartment.filter((x: any) => x.key !== 'NONE')) {
      expect(d.demands).toBe(live.filter((a: any) => a.department_id === d.key).length);
    }
    // Medians: days from the list's submission, of the demands that got that far, to one decimal.
    const times = await conn.execute(`select di.county_id, a.department_id, a.accepted_at, a.completed_at, dl.submitted_at from assignment a
      join demand_item di on di.id = a.demand_item_id join demand_list dl on dl.id = di.list_id
      where di.campaign_id = 'C-2019-WS' and a.status in ('MATCHED','ACCEPTED','IN_PROGRESS','COMPLETED','CLOSED')`);
    const median = (rows: any[], until: 'accepted_at' | 'completed_at') => {
      const days = rows.filter((t) => t[until] !== null).map((t) => (new Date(t[until]).getTime() - new Date(t.submitted_at).getTime()) / 86_400_000).sort((a, b) => a - b);
      if (!days.length) return null;
      const mid = (days[(days.length - 1) >> 1] + days[days.length >> 1]) / 2;
      return Math.round(mid * 10) / 10;
    };
    const withMedians = [
      [r.data.matchReport.total, times], ...r.data.matchReport.byCounty.map((c: any) => [c, times.filter((t: any) => t.county_id === c.key)]),
      ...r.data.matchReport.byDepartment.filter((x: any) => x.key !== 'NONE').map((d: any) => [d, times.filter((t: any) => t.department_id === d.key)]),
    ];
    expect(withMedians.filter(([row]) => row.medianDaysToComplete !== null).length).toBeGreaterThan(0);
    for (const [row, own] of withMedians) {
      expect([row.key, row.medianDaysToAccept, row.medianDaysToComplete]).toEqual([row.key, median(own, 'accepted_at'), median(own, 'completed_at')]);
    }
  });

  it("a county's organization department reports on its county; others may not report", async () => {
    const r = await app.gql(REPORT, {}, as('org-wuyuan'));
    expect(r.data.matchReport.total.demands).toBe(demo.demandItems.filter((d) => d.townshipId.startsWith('150821')).length);
    expect(r.data.matchReport.byCounty.map((c: any) => c.key)).toEqual(['150821']);
    expect(codeOf(await app.gql(REPORT, { r: '150800' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(REPORT, {}, as('dept-nmj')))).toBe('FORBIDDEN');
  });

  it('counts an accepted item past its committed date as overdue (the clock moved)', async () => {
    app.clock.set(new Date(Date.parse(`${COMMITTED}T00:00:00Z`) + 4 * 86_400_000));
    try {
      const r = await app.gql(`{ matchReport(campaignId: "C-2019-WS") { total { overdue } } }`, {}, as('org-city'));
      // Every still-MATCHED item is past the days to accept; D-002 is past its committed date.
      expect(r.data.matchReport.total.overdue).toBe(106 - 1);
    } finally {
      app.clock.set(new Date());
    }
  });

  it('gap analysis: each county and category, demand against capacity, with the unplaced items', async () => {
    const r = await app.gql(`{ gapAnalysis(campaignId: "C-2019-WS") { countyId countyName category demands placed unplaced countyCapacity cityCapacity unplacedDemandIds } }`, {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    const rows = r.data.gapAnalysis;
    expect(rows.reduce((n: number, x: any) => n + x.demands, 0)).toBe(114);
    expect(rows.reduce((n: number, x: any) => n + x.unplaced, 0)).toBe(8);
    expect(rows.flatMap((x: any) => x.unplacedDemandIds).sort()).toEqual(['D-016', 'D-024', 'D-034', 'D-054', 'D-062', 'D-071', 'D-078', 'D-109']);
    const tech = rows.find((x: any) => x.countyId === '150821' && x.category === 'TECHNOLOGY');
    const expectedCounty = demo.supplyItems.filter((s) => s.departmentId.startsWith('DEP-K-WY') && s.category === 'TECHNOLOGY').reduce((n, s) => n + s.capacity, 0);
    expect(tech).toMatchObject({ countyName: '五原县', countyCapacity: expectedCounty });
    expect(tech.cityCapacity).toBe(demo.supplyItems.filter((s) => s.departmentId.startsWith('DEP-C') && s.category === 'TECHNOLOGY').reduce((n, s) => n + s.capacity, 0));
  });

  it("department scorecards: items, capacity used, assignments by state, rates, supervision; a department reads its own", async () => {
    const Q = `{ scorecards(campaignId: "C-2019-WS") { departmentId name supplyItems capacity capacityUsed assignmentsByState { state count }
      responseRate { numerator denominator } resolutionRate { numerator denominator } satisfactionRate { numerator denominator } supervised overdue { demandItemId } } }`;
    const all = await app.gql(Q, {}, as('org-city'));
    expect(all.errors).toBeUndefined();
    const wy = all.data.scorecards.find((c: any) => c.departmentId === 'DEP-K-WY-NK');
    const items = demo.supplyItems.filter((s) => s.departmentId === 'DEP-K-WY-NK');
    expect(wy).toMatchObject({
      supplyItems: items.length, capacity: items.reduce((n, s) => n + s.capacity, 0), capacityUsed: 5,
      assignmentsByState: [{ state: 'ACCEPTED', count: 1 }, { state: 'CLOSED', count: 1 }, { state: 'MATCHED', count: 3 }],
      responseRate: { numerator: 2, denominator: 2 }, resolutionRate: { numerator: 1, denominator: 1 }, satisfactionRate: { numerator: 1, denominator: 1 },
      supervised: 0, overdue: [],
    });
    const own = await app.gql(Q, {}, as('dept-nmj'));
    expect(own.data.scorecards.map((c: any) => c.departmentId)).toEqual(['DEP-C-NMJ']);
  });

  it('answers with the same number of SQL statements whatever the number of counties and departments', async () => {
    const count = async (query: string, token: string) => {
      app.counter.reset();
      const r = await app.gql(query, {}, token);
      expect(r.errors).toBeUndefined();
      return app.counter.count;
    };
    const Q = `{ matchReport(campaignId: "C-2019-WS") { total { demands } byCounty { key } byTownship { key } byDepartment { key } byCategory { key } } }`;
    const city = await count(Q, as('org-city')); // 7 counties, 28 departments
    const county = await count(Q, as('org-wuyuan')); // 1 county
    expect(city).toBe(county);
    expect(city).toBeLessThanOrEqual(30);
    const G = `{ gapAnalysis(campaignId: "C-2019-WS") { countyId } }`;
    expect(await count(G, as('org-city'))).toBe(await count(G, as('org-wuyuan')));
  });

  it('counts moves per day: the run on its day, each acceptance on its own day, completion and rating two days on; a county a part of the city', async () => {
    const Q = `query($r: ID) { movesPerDay(campaignId: "C-2019-WS", regionId: $r) { date total actions { action count } } }`;
    const city = await app.gql(Q, {}, as('org-city'));
    expect(city.errors).toBeUndefined();
    const days: { date: string; total: number; actions: { action: string; count: number }[] }[] = city.data.movesPerDay;
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    const count = (list: typeof days, action: string, date?: string) =>
      list.filter((d) => !date || d.date === date).flatMap((d) => d.actions).filter((a) => a.action === action).reduce((n, a) => n + a.count, 0);
    for (const d of days) expect(d.total).toBe(d.actions.reduce((n, a) => n + a.count, 0));
    // Every placement of the run is one MATCHED line; no decline, so no second.
    expect(count(days, 'MATCHED')).toBe(23 + 83);
    expect(count(days, 'ESCALATED')).toBe(8);
    const day = (offset: number) => new Date(runDay.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(count(days, 'ACCEPT', day(0))).toBe(1);
    expect(count(days, 'ACCEPT', day(1))).toBe(1);
    expect(count(days, 'COMPLETE', day(2))).toBe(1);
    expect(count(days, 'CLOSED', day(2))).toBe(1);

    const county = (await app.gql(Q, {}, as('org-wuyuan'))).data.movesPerDay as typeof days;
    expect(count(county, 'MATCHED')).toBeGreaterThan(0);
    expect(count(county, 'MATCHED')).toBeLessThan(count(days, 'MATCHED'));
    expect(count(county, 'ACCEPT')).toBe(2);
    expect(codeOf(await app.gql(Q, { r: '150800' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(Q, {}, as('township-tarhu')))).toBe('FORBIDDEN');
  });
});
