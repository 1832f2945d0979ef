import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 办实事清单 (issue 18, item 6): a department publishes what it promises to do this year, records
 * progress and marks items done; overdue is the deadline passed and not done; the organization
 * department reads its region's lists and a per-department summary, in the API and in the ledger.
 */

let app: TestApp;
let as: (user: string) => string;
let nmj: { id: string; version: number };
let items: { id: string; version: number }[] = [];

const LISTS = '{ commitmentLists(first: 50) { totalCount nodes { id year title status department { id } } } }';
const LIST = `query($id: ID!) { commitmentList(id: $id) { id status version counts { items planned inProgress done overdue }
  items { id version title deadline status overdue completionNote notes { action note authorName at } } } }`;
const ADD = 'mutation($i: AddCommitmentItemInput!) { addCommitmentItem(input: $i) { id version status } }';
const PROGRESS = 'mutation($i: RecordCommitmentProgressInput!) { recordCommitmentProgress(input: $i) { id version status notes { action note authorName at } } }';
const DONE = 'mutation($i: CompleteCommitmentItemInput!) { completeCommitmentItem(input: $i) { id version status completionNote doneAt } }';
const REPORT = `query($y: Int!, $r: ID) { commitmentReport(year: $y, regionId: $r) { year total { items done inProgress planned overdue }
  departments { departmentId departmentName listStatus items done inProgress planned overdue } } }`;
const ids = (r: any) => r.data.commitmentLists.nodes.map((n: any) => n.id).sort();
const list = async (id: string, user = 'dept-nmj') => (await app.gql(LIST, { id }, as(user))).data.commitmentList;

beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk', 'volunteer-wuyuan']);
  app.clock.set(new Date('2026-03-01T08:00:00Z'));
});
afterAll(() => app?.close());

describe(`commitment lists (${DB_KIND})`, () => {
  it('a department publisher starts its list of the year; a bad year, a second list, or another role is refused', async () => {
    const CREATE = 'mutation($i: CreateCommitmentListInput!) { createCommitmentList(input: $i) { id version title status year } }';
    for (const year of [2025, 2028]) {
      const r = await app.gql(CREATE, { i: { year } }, as('dept-nmj'));
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions).toMatchObject({ field: 'input.year', allowed: '2026 or 2027' });
    }
    expect(codeOf(await app.gql(CREATE, { i: { year: 2026, title: '   ' } }, as('dept-nmj')))).toBe('BAD_USER_INPUT');
    for (const user of ['township-tarhu', 'org-city', 'volunteer-wuyuan']) expect(codeOf(await app.gql(CREATE, { i: { year: 2026 } }, as(user))), user).toBe('FORBIDDEN');
    expect((await app.gql(LISTS, {}, as('org-city'))).data.commitmentLists.totalCount).toBe(0);
    const r = await app.gql(CREATE, { i: { year: 2026 } }, as('dept-nmj'));
    expect(r.errors).toBeUndefined();
    expect(r.data.createCommitmentList).toMatchObject({ title: '巴彦淖尔市农牧局2026年办实事清单', status: 'DRAFT', year: 2026 });
    nmj = r.data.createCommitmentList;
    expect(codeOf(await app.gql(CREATE, { i: { year: 2026 } }, as('dept-nmj')))).toBe('CONFLICT');
  });

  it('adds items with deadlines in the year; a past, next year\'s or malformed deadline, or an empty title, is refused and nothing is added', async () => {
    for (const [deadline, title] of [['2026-02-28', '已过期'], ['2027-01-15', '明年的'], ['2026-13-01', '无此日'], ['2026-06-30', '  ']]) {
      const r = await app.gql(ADD, { i: { listId: nmj.id, title, deadline } }, as('dept-nmj'));
      expect(codeOf(r), deadline).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions.field).toBe(title.trim() ? 'input.deadline' : 'input.title');
    }
    expect((await list(nmj.id)).items).toEqual([]);
    for (const [title, deadline] of [['为十个嘎查村培训兽医防疫员', '2026-06-30'], ['建成三个肉羊标准化养殖示范点', '2026-09-30'], ['举办两期农牧民电商直播培训', '2026-12-31']]) {
      const r = await app.gql(ADD, { i: { listId: nmj.id, title, deadline, detail: '面向全市农牧民' } }, as('dept-nmj'));
      expect(r.errors).toBeUndefined();
      expect(r.data.addCommitmentItem.status).toBe('PLANNED');
      items.push(r.data.addCommitmentItem);
    }
  });

  it('another department cannot change it (NOT_FOUND: not its own to see), the organization department reads it and may not change it, a township sees no draft', async () => {
    const before = await list(nmj.id);
    expect(codeOf(await app.gql(ADD, { i: { listId: nmj.id, title: '越权', deadline: '2026-06-30' } }, as('dept-wuyuan-nk')))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(ADD, { i: { listId: nmj.id, title: '越权', deadline: '2026-06-30' } }, as('org-city')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql('mutation($id: ID!) { publishCommitmentList(id: $id) { id } }', { id: nmj.id }, as('dept-wuyuan-nk')))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(PROGRESS, { i: { itemId: items[0].id, version: items[0].version, note: '越权' } }, as('dept-wuyuan-nk')))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(PROGRESS, { i: { itemId: items[0].id, version: items[0].version, note: '越权' } }, as('org-city')))).toBe('FORBIDDEN');
    // A draft takes no progress.
    expect(codeOf(await app.gql(PROGRESS, { i: { itemId: items[0].id, version: items[0].version, note: '已开始' } }, as('dept-nmj')))).toBe('INVALID_STATE');
    expect(await list(nmj.id)).toEqual(before);
    expect(ids(await app.gql(LISTS, {}, as('org-city')))).toEqual([nmj.id]);
    expect((await list(nmj.id, 'org-city')).items).toHaveLength(3);
    expect((await app.gql(LISTS, {}, as('township-tarhu'))).data.commitmentLists.totalCount).toBe(0);
    expect(codeOf(await app.gql(LIST, { id: nmj.id }, as('township-tarhu')))).toBe('NOT_FOUND');
  });

  it('publishes (not an empty list); then the townships it serves read it, and each region sees the departments serving it', async () => {
    const empty = (await app.gql('mutation { createCommitmentList(input: { year: 2026, title: "五原县农牧和科技局2026年为民办实事" }) { id version } }', {}, as('dept-wuyuan-nk'))).data.createCommitmentList;
    expect(codeOf(await app.gql('mutation($id: ID!) { publishCommitmentList(id: $id) { id } }', { id: empty.id }, as('dept-wuyuan-nk')))).toBe('INVALID_STATE');
    await app.gql(ADD, { i: { listId: empty.id, title: '为五原县十个村开展葵花病虫害防治指导', deadline: '2026-08-31' } }, as('dept-wuyuan-nk'));
    expect(codeOf(await app.gql('mutation($id: ID!, $v: Int) { publishCommitmentList(id: $id, version: $v) { id } }', { id: nmj.id, v: nmj.version + 5 }, as('dept-nmj')))).toBe('CONFLICT');
    for (const [user, id] of [['dept-nmj', nmj.id], ['dept-wuyuan-nk', empty.id]]) {
      const r = await app.gql('mutation($id: ID!) { publishCommitmentList(id: $id) { status publishedAt } }', { id }, as(user));
      expect(r.data.publishCommitmentList.status).toBe('PUBLISHED');
    }
    expect(codeOf(await app.gql('mutation($id: ID!) { publishCommitmentList(id: $id) { id } }', { id: nmj.id }, as('dept-nmj')))).toBe('INVALID_STATE');
    // 塔尔湖镇 (五原县) is served by the city's and 五原县's departments; 干召庙镇 (临河区) by the city's only.
    expect(ids(await app.gql(LISTS, {}, as('township-tarhu')))).toEqual([nmj.id, empty.id].sort());
    expect(ids(await app.gql(LISTS, {}, as('township-ganzhaomiao')))).toEqual([nmj.id]);
    expect(ids(await app.gql(LISTS, {}, as('volunteer-wuyuan')))).toEqual([nmj.id, empty.id].sort());
    // A department reads its own; a county's organization department its county's departments'.
    expect(ids(await app.gql(LISTS, {}, as('dept-nmj')))).toEqual([nmj.id]);
    expect(ids(await app.gql(LISTS, {}, as('org-wuyuan')))).toEqual([empty.id]);
    expect(ids(await app.gql(LISTS, {}, as('org-city')))).toEqual([nmj.id, empty.id].sort());
  });

  it('records progress with its author and date, marks an item done with a completion note; a stale version or a second completion is refused', async () => {
    const r = await app.gql(PROGRESS, { i: { itemId: items[0].id, version: items[0].version, note: '已在五个嘎查村完成培训' } }, as('dept-nmj'));
    expect(r.errors).toBeUndefined();
    expect(r.data.recordCommitmentProgress).toMatchObject({ status: 'IN_PROGRESS', notes: [{ action: 'PROGRESS', note: '已在五个嘎查村完成培训', authorName: '市农牧局联络人', at: '2026-03-01T08:00:00.000Z' }] });
    expect(codeOf(await app.gql(PROGRESS, { i: { itemId: items[0].id, version: items[0].version, note: '又一条' } }, as('dept-nmj')))).toBe('CONFLICT');
    expect(codeOf(await app.gql(PROGRESS, { i: { itemId: items[0].id, version: r.data.recordCommitmentProgress.version, note: '  ' } }, as('dept-nmj')))).toBe('BAD_USER_INPUT');
    const done = await app.gql(DONE, { i: { itemId: items[1].id, version: items[1].version, completionNote: '三个示范点已建成并验收' } }, as('dept-nmj'));
    expect(done.data.completeCommitmentItem).toMatchObject({ status: 'DONE', completionNote: '三个示范点已建成并验收', doneAt: '2026-03-01T08:00:00.000Z' });
    expect(codeOf(await app.gql(DONE, { i: { itemId: items[1].id, version: done.data.completeCommitmentItem.version, completionNote: '再次办结' } }, as('dept-nmj')))).toBe('INVALID_STATE');
    // The township reads the progress too.
    const seen = await list(nmj.id, 'township-tarhu');
    expect(seen.items.map((i: any) => i.status)).toEqual(['IN_PROGRESS', 'DONE', 'PLANNED']);
    expect(seen.items[1].notes).toEqual([{ action: 'DONE', note: '三个示范点已建成并验收', authorName: '市农牧局联络人', at: '2026-03-01T08:00:00.000Z' }]);
  });

  it('counts an item overdue once its deadline has passed and it is not done, in the list and in the report', async () => {
    expect((await list(nmj.id)).counts).toEqual({ items: 3, planned: 1, inProgress: 1, done: 1, overdue: 0 });
    app.clock.set(new Date('2026-07-01T08:00:00Z'));
    const now = await list(nmj.id);
    expect(now.counts).toEqual({ items: 3, planned: 1, inProgress: 1, done: 1, overdue: 1 });
    expect(now.items.map((i: any) => i.overdue)).toEqual([true, false, false]);
    const report = (await app.gql(REPORT, { y: 2026 }, as('org-city'))).data.commitmentReport;
    expect(report.departments[0]).toEqual({ departmentId: 'DEP-C-NMJ', departmentName: '巴彦淖尔市农牧局', listStatus: 'PUBLISHED', items: 3, done: 1, inProgress: 1, planned: 1, overdue: 1 });
    expect(report.departments.find((d: any) => d.departmentId === 'DEP-K-WY-NK')).toMatchObject({ listStatus: 'PUBLISHED', items: 1, planned: 1, overdue: 0 });
    expect(report.departments.find((d: any) => d.departmentId === 'DEP-C-WJW')).toMatchObject({ listStatus: null, items: 0 });
    expect(report.total).toEqual({ items: 4, done: 1, inProgress: 1, planned: 2, overdue: 1 });
    // A county's organization department: its county's departments only, and not the city's figures.
    const county = (await app.gql(REPORT, { y: 2026 }, as('org-wuyuan'))).data.commitmentReport;
    expect(county.departments.some((d: any) => d.departmentId === 'DEP-C-NMJ')).toBe(false);
    expect(county.total.items).toBe(1);
    expect(codeOf(await app.gql(REPORT, { y: 2026, r: '150800' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    for (const user of ['dept-nmj', 'township-tarhu', 'volunteer-wuyuan']) expect(codeOf(await app.gql(REPORT, { y: 2026 }, as(user))), user).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(REPORT, { y: 99999 }, as('org-city')))).toBe('BAD_USER_INPUT');
  });

  it('the yearly ledger has a sheet of the lists per department', async () => {
    const res = await fetch(app.url.replace(/\/graphql$/, '/export/ledger.xlsx?campaignId=C-2019-WS'), { headers: { authorization: `Bearer ${as('org-city')}` } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.getWorksheet('办实事清单2026')!;
    expect(sheet).toBeDefined();
    expect(sheet.getRow(1).values).toEqual([undefined, '部门', '清单', '状态', '事项', '已办结', '推进中', '未开始', '逾期未办结']);
    expect(sheet.getRow(2).values).toEqual([undefined, '巴彦淖尔市农牧局', '巴彦淖尔市农牧局2026年办实事清单', '已公布', 3, 1, 1, 1, 1]);
    const last = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(last.slice(1)).toEqual(['合计', '2 个部门建了清单', '', 4, 1, 1, 2, 1]);
  });
});
