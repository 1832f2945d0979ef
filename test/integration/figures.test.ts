import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * Figures a reader can trust (issue 15): each bullet of the issue as a test, over the demo campaign
 * walked as an analyst would see it — matched, then accepted, declined, completed, rated, reopened,
 * handed to a leader, the clock moved. The tests run in order: each takes the walk one step on.
 */

const demo = readDemoData();
// A hard case in 塔尔湖镇 too, so that its township can rate what a leader did.
demo.demandItems.find((d) => d.id === 'D-005')!.kind = 'HARD' as never;
const DAY = 86_400_000;
const T0 = new Date();
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const date = (days: number) => at(days).toISOString().slice(0, 10);

let app: TestApp;
let as: (user: string) => string;

const RATE = 'numerator denominator pending value';
const ROW = `key name demands placedCounty placedCity escalated escalatedByReason { reason name count } accepted completed closed overdue
  responseRate { ${RATE} } resolutionRate { ${RATE} } satisfactionRate { ${RATE} }`;
const REPORT = `query { matchReport(campaignId: "C-2019-WS") { total { ${ROW} } byCounty { ${ROW} } byTownship { key name demands } byDepartment { ${ROW} } byCategory { ${ROW} } } }`;
const CARDS = `query { scorecards(campaignId: "C-2019-WS") { departmentId name assignmentsByState { state name count }
  responseRate { ${RATE} } resolutionRate { ${RATE} } satisfactionRate { ${RATE} } overdue { demandItemId } } }`;

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const r = await app.gql(query, variables, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}
const report = async (user = 'org-city') => (await ok(REPORT, {}, as(user))).matchReport;
const cards = async (user = 'org-city') => (await ok(CARDS, {}, as(user))).scorecards;
const item = async (id: string, user: string) =>
  (await ok('query($id: ID!) { demandItem(id: $id) { id version status assignment { id version status department { id } } } }', { id }, as(user))).demandItem;

async function myAssignments(user: string): Promise<{ id: string; version: number; demandItem: { id: string } }[]> {
  return (await ok('{ assignments(first: 50) { nodes { id version status demandItem { id } } } }', {}, as(user))).assignments.nodes;
}
const accept = (a: { id: string; version: number }, committed: string) =>
  ok('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id version } }', { i: { id: a.id, version: a.version, committedDate: committed, personInCharge: '王' } }, as('dept-wuyuan-nk'));
async function complete(demandId: string) {
  const a = (await item(demandId, 'township-tarhu')).assignment;
  await ok('mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { id } }', { i: { id: a.id, version: a.version, resultNote: '完成', peopleServed: 20 } }, as('dept-wuyuan-nk'));
}
async function rate(demandId: string, rating: string) {
  const d = await item(demandId, 'township-tarhu');
  await ok('mutation($i: RateServiceInput!) { rateService(input: $i) { status } }', { i: { demandItemId: demandId, version: d.version, rating, comment: rating === 'SATISFIED' ? '好' : '没弄好' } }, as('township-tarhu'));
}

beforeAll(async () => {
  app = await startApp(demo);
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'dept-wuyuan-nk', 'township-tarhu', 'dept-nmj']);
  app.clock.set(T0);
  await ok('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'));
});
afterAll(() => app?.close());

describe(`figures that agree (${DB_KIND})`, () => {
  it('on the day of matching nothing is late: the response rate waits (pending), on the report and on every scorecard', async () => {
    const { total, byDepartment } = await report();
    const dispatched = total.placedCounty + total.placedCity;
    expect(total.responseRate).toEqual({ numerator: 0, denominator: 0, pending: dispatched, value: null });
    for (const card of await cards()) {
      const row = byDepartment.find((r: any) => r.key === card.departmentId);
      expect([card.departmentId, card.responseRate]).toEqual([card.departmentId, { numerator: 0, denominator: 0, pending: row?.responseRate.pending ?? 0, value: null }]);
    }
    // Past the days to accept, every one of them has failed.
    app.clock.set(at(4));
    expect((await report()).total.responseRate).toEqual({ numerator: 0, denominator: dispatched, pending: 0, value: 0 });
    app.clock.set(T0);
  });

  it("a department's scorecard and the report give the same rates: one definition, the demand's current assignment and latest rating", async () => {
    const mine = await myAssignments('dept-wuyuan-nk');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    const [first, second, third] = mine;
    // The first: accepted at once, completed, rated 不满意 (reopened), a new date, completed again, rated 满意.
    await accept(first, date(30));
    await complete(first.demandItem.id);
    await rate(first.demandItem.id, 'UNSATISFIED');
    const reopened = (await item(first.demandItem.id, 'township-tarhu')).assignment;
    await ok('mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id } }', { i: { id: reopened.id, version: reopened.version, note: '返工', committedDate: date(20) } }, as('dept-wuyuan-nk'));
    await complete(first.demandItem.id);
    await rate(first.demandItem.id, 'SATISFIED');
    // The second is declined (re-placed elsewhere or escalated); the third accepted late.
    const s = mine.find((a) => a.id === second.id)!;
    await ok('mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { id } }', { i: { id: s.id, version: s.version, reason: '本部门不负责' } }, as('dept-wuyuan-nk'));
    app.clock.set(at(5));
    await accept((await myAssignments('dept-wuyuan-nk')).find((a) => a.id === third.id)!, date(40));

    const { byDepartment } = await report();
    const wy = byDepartment.find((r: any) => r.key === 'DEP-K-WY-NK');
    expect(wy.satisfactionRate).toEqual({ numerator: 1, denominator: 1, pending: 0, value: 1 });
    // Accepted: the first in time, the third late; the others dispatched 5 days ago, late too.
    expect(wy.responseRate).toMatchObject({ numerator: 1, denominator: wy.demands, pending: 0 });
    for (const card of await cards()) {
      const row = byDepartment.find((r: any) => r.key === card.departmentId);
      const none = { numerator: 0, denominator: 0, pending: 0, value: null };
      expect([card.departmentId, card.responseRate, card.resolutionRate, card.satisfactionRate])
        .toEqual([card.departmentId, row?.responseRate ?? none, row?.resolutionRate ?? none, row?.satisfactionRate ?? none]);
    }
  });

  it('a demand a leader carried out counts as completed as well as closed', async () => {
    const d = await item('D-005', 'org-city');
    expect(d.status).toBe('ESCALATED');
    await ok('mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { status } }', { i: { demandItemId: 'D-005', version: d.version, leaderName: '李副县长', dueDate: date(15) } }, as('org-city'));
    const held = await item('D-005', 'org-city');
    await ok('mutation($i: CompleteByLeaderInput!) { completeByLeader(input: $i) { status } }', { i: { demandItemId: 'D-005', version: held.version, resultNote: '已协调解决' } }, as('org-city'));
    await rate('D-005', 'SATISFIED');
    const { total, byCounty } = await report();
    const statuses: { status: string }[] = await app.orm.em.getConnection().execute("select status from demand_item where campaign_id = 'C-2019-WS' and status <> 'DRAFT'");
    const completed = statuses.filter((s) => s.status === 'COMPLETED' || s.status === 'CLOSED').length;
    expect(total.closed).toBe(statuses.filter((s) => s.status === 'CLOSED').length);
    expect(total.completed).toBe(completed);
    expect(total.completed).toBeGreaterThanOrEqual(total.closed);
    for (const c of byCounty) expect([c.key, c.completed >= c.closed]).toEqual([c.key, true]);
  });

  it("the report's overdue total is the overdue list's length, leader-held items and all", async () => {
    const d = await item('D-024', 'org-city');
    await ok('mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { status } }', { i: { demandItemId: 'D-024', version: d.version, leaderName: '张部长', dueDate: date(7) } }, as('org-city'));
    app.clock.set(at(10));
    const list = (await ok('{ overdue { kind demandItem { id } } }', {}, as('org-city'))).overdue;
    expect(list.map((o: any) => o.kind)).toContain('LEADERSHIP');
    const { total, byCounty } = await report();
    expect(total.overdue).toBe(list.length);
    expect(byCounty.reduce((n: number, c: any) => n + c.overdue, 0)).toBe(list.length);
  });

  it("a county's views count only its own demands, whoever served them", async () => {
    const county = await report('org-wuyuan');
    const countyCards = await cards('org-wuyuan');
    const served = county.byDepartment.filter((r: any) => r.key !== 'NONE');
    // Every department that served the county is there, with the county's figures; none with nothing of the county's but its own.
    for (const row of served) {
      const card = countyCards.find((c: any) => c.departmentId === row.key);
      expect([row.key, card?.responseRate, card?.satisfactionRate]).toEqual([row.key, row.responseRate, row.satisfactionRate]);
    }
    for (const card of countyCards) {
      expect(served.some((r: any) => r.key === card.departmentId) || card.departmentId.startsWith('DEP-K-WY')).toBe(true);
    }
    expect(countyCards.length).toBeLessThan((await cards('org-city')).length);
    // The workbook: the departments' sheet as above; the county's rows by township, not its own row twice.
    const book = await workbook('?campaignId=C-2019-WS', as('org-wuyuan'));
    const names = book.getWorksheet('部门考核')!.getColumn(1).values.slice(2);
    expect(names.length).toBe(countyCards.length);
    const byTownship = book.getWorksheet('分苏木镇')!;
    expect(byTownship.getColumn(1).values.slice(2)).toEqual([county.total.name, ...county.byTownship.map((t: any) => t.name)]);
    expect(book.getWorksheet('分旗县区')).toBeUndefined();
  });

  it('rates in the workbook are numbers with a percentage format, their numerator and denominator in columns of their own', async () => {
    const book = await workbook('?campaignId=C-2019-WS', as('org-city'));
    const sheet = book.getWorksheet('分旗县区')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    for (const name of ['响应率', '响应率分子', '响应率分母', '办结率', '办结率分子', '办结率分母', '满意率', '满意率分子', '满意率分母']) expect(header).toContain(name);
    const { total } = await report();
    const row = sheet.getRow(2);
    expect(row.getCell(col('响应率分子')).value).toBe(total.responseRate.numerator);
    expect(row.getCell(col('响应率分母')).value).toBe(total.responseRate.denominator);
    expect(typeof row.getCell(col('响应率')).value).toBe('number');
    expect(row.getCell(col('响应率')).numFmt).toContain('%');
    expect(row.getCell(col('满意率')).value).toBeCloseTo(total.satisfactionRate.value, 3);
  });

  it('every view gives the code and the Chinese name', async () => {
    const { byCategory, total } = await report();
    expect(byCategory.find((r: any) => r.key === 'CULTURE').name).toBe('送文化');
    expect(total.escalatedByReason.find((r: any) => r.reason === 'HARD_CASE').name).toBe('历史遗留老大难');
    const gaps = (await ok('{ gapAnalysis(campaignId: "C-2019-WS") { category categoryName } }', {}, as('org-city'))).gapAnalysis;
    for (const g of gaps) expect(g.categoryName).toMatch(/^送/);
    const card = (await cards()).find((c: any) => c.departmentId === 'DEP-K-WY-NK');
    expect(card.assignmentsByState.find((s: any) => s.state === 'DECLINED').name).toBe('已退回');
  });

  it('a ledger names its campaign; asked for none, it takes the latest with submitted demands, and says so', async () => {
    await ok('mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }', { i: { name: '2031年新一轮配餐', startsOn: '2031-01-01', endsOn: '2031-12-31' } }, as('admin'));
    const res = await fetch(exportUrl('ledger.xlsx'), { headers: { authorization: `Bearer ${as('org-city')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-peican-campaign')).toBe('C-2019-WS');
    expect(res.headers.get('content-disposition')).toContain('C-2019-WS');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const about = book.getWorksheet('说明')!;
    const text = (about.getSheetValues() as unknown[][]).flat().filter((v) => typeof v === 'string').join(' ');
    expect(text).toContain('C-2019-WS');
    expect(text).toContain('未指定');
    expect(book.getWorksheet('需求台账')!.headerFooter.oddHeader).toContain('C-2019-WS');
  });
});

const exportUrl = (name: string, query = '') => app.url.replace(/\/graphql$/, `/export/${name}${query}`);
async function workbook(query: string, token: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(exportUrl('ledger.xlsx', query), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return book;
}
