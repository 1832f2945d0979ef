import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { runImport } from '../../src/cli/intake';
import { templateWorkbook } from '../../src/modules/intake/intake-template';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * Lists from spreadsheets (issue 17, item 1): the templates, and imports over HTTP written the way
 * offices write them — a merged title row, a blank line, dates as text and as date cells, labels
 * with spaces, columns in their own order; every bad cell reported at once with nothing written;
 * a re-import adding nothing; a changed row updating its draft.
 */

let app: TestApp;
let as: (user: string) => string;
const dir = mkdtempSync(join(tmpdir(), 'peican-intake-'));
beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['township-tarhu', 'township-ganzhaomiao', 'dept-wuyuan-nk', 'org-city', 'admin']);
});
afterAll(() => app?.close());

type Rows = (string | number | Date | null)[][];
/** A workbook as an office keeps it: a title merged across the top, a blank line, then the header and the rows. */
async function workbook(header: string[], rows: Rows): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Sheet1');
  ws.addRow(['塔尔湖镇2020年冬春需求侧清单']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow([]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const post = (path: string, body: Buffer | string, token: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') =>
  fetch(new URL(path, app.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
const lateItems = async () => (await app.gql('{ demandItems(first: 100) { nodes { id status title content priority windowStart windowEnd beneficiaries forms village { name } } } }', {}, as('township-tarhu')))
  .data.demandItems.nodes.filter((d: { status: string }) => d.status === 'DRAFT');

const HEADER = [' 类 别 ', '需求事项', '具体内容', '服务形式', '开始时间', '结束时间', '受益人数（人）', '优先级', '村'];
const ROWS: Rows = [
  ['科技', '鸡一只接一只地死', '家里的鸡这几天一只接一只地死，想请兽医来看看', '上门', '2020/3/1', '2020年4月30日', '12户', '困难群众', '联丰村'],
  ['送健康', '老人量血压', '村里老人多，想请医生来量血压', '义诊、咨询', new Date(Date.UTC(2020, 2, 5)), new Date(Date.UTC(2020, 2, 31)), 30, null, null],
];

describe(`importing lists from spreadsheets (${DB_KIND})`, () => {
  it('writes templates with Chinese headers, an example row, drop-downs and a sheet explaining each column', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await templateWorkbook('demands')) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['需求侧清单', '填写说明']);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['类别*', '需求*', '具体内容*', '服务形式*', '优先', '问题类型']));
    expect(sheet.getCell('C2').value).toBe('送科技');
    expect(sheet.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ['"送理论,送政策,送科技,送健康,送服务,送文化,送温暖"'] });
    expect(book.worksheets[1].getColumn(3).values.join('')).toContain('困难群众');
    // The template, filled in as it is, imports (its example row).
    const supply = await templateWorkbook('supply');
    const res = await post('/import/supply?campaignId=C-2019-WS&dryRun=true', supply, as('dept-wuyuan-nk'));
    expect(res.status).toBe(422); // the demo's list is published: its rows are refused, nothing written
    expect(((await res.json()) as any).problems[0].message).toContain('PUBLISHED');
  });

  it('imports a township\'s rows as late drafts of its submitted list; a dry run and a re-import add nothing; a changed row updates its draft', async () => {
    const file = await workbook(HEADER, ROWS);
    const dry = await post('/import/demands?campaignId=C-2019-WS&dryRun=1', file, as('township-tarhu'));
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ kind: 'demands', dryRun: true, written: false, rows: 2, created: 2, problemCount: 0 });
    expect(await lateItems()).toEqual([]);

    const first = await (await post('/import/demands?campaignId=C-2019-WS', file, as('township-tarhu'))).json();
    expect(first).toMatchObject({ written: true, rows: 2, created: 2, updated: 0, unchanged: 0, list: { status: 'SUBMITTED' } });
    const drafts = await lateItems();
    expect(drafts.map((d: any) => [d.title, d.priority, d.windowStart, d.windowEnd, d.beneficiaries, d.forms, d.village?.name ?? null]).sort()).toEqual([
      ['老人量血压', 'NORMAL', '2020-03-05', '2020-03-31', 30, ['CLINIC', 'CONSULTATION'], null],
      ['鸡一只接一只地死', 'VULNERABLE', '2020-03-01', '2020-04-30', 12, ['ON_SITE'], '联丰村'],
    ]);

    expect(await (await post('/import/demands?campaignId=C-2019-WS', file, as('township-tarhu'))).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = await workbook(HEADER, [ROWS[0], ['送健康', '老人量血压', '村里老人多，想请医生来量血压、测血糖', '义诊', '2020-03-05', '2020-03-31', 30, '一般', '']]);
    expect(await (await post('/import/demands?campaignId=C-2019-WS', changed, as('township-tarhu'))).json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await lateItems()).find((d: any) => d.title === '老人量血压')).toMatchObject({ content: '村里老人多，想请医生来量血压、测血糖', forms: ['CLINIC'] });
  });

  it('reports every bad cell at once with its sheet, row, column, value and what is allowed, and writes nothing', async () => {
    const before = (await lateItems()).length;
    const file = await workbook(HEADER, [
      ['送科学', '标题', '内容', '宣讲', '2020-13-01', '2020-12-31', 'abc', '很急', '火星村'],
      ['送文化', '', '内容', '跳舞', null, null, null, null, null],
      ['送文化', '电影下乡', '冬天想看电影', '放映', null, null, null, null, null],
    ]);
    const res = await post('/import/demands?campaignId=C-2019-WS', file, as('township-tarhu'));
    expect(res.status).toBe(422);
    const report = (await res.json()) as any;
    expect(report).toMatchObject({ written: false, rows: 3, created: 0 });
    const cells = report.problems.map((p: any) => `${p.sheet}!${p.row} ${p.column} ${p.value}`);
    expect(cells).toEqual([
      'Sheet1!4 类别 送科学', 'Sheet1!4 开始日期 2020-13-01', 'Sheet1!4 受益人数 abc', 'Sheet1!4 优先 很急', 'Sheet1!4 村（社区） 火星村',
      'Sheet1!5 需求 ', 'Sheet1!5 服务形式 跳舞',
    ]);
    expect(report.problems[0].allowed).toContain('送科技');
    expect(report.problems[4].allowed).toContain('联丰村');
    expect((await lateItems()).length).toBe(before);
  });

  it('says once what is wrong with a file that is not a spreadsheet, has no header row, or has a column it does not know', async () => {
    const bad = async (body: Buffer | string, type?: string) => {
      const res = await post('/import/demands?campaignId=C-2019-WS', body, as('township-tarhu'), type);
      return { status: res.status, message: ((await res.json()) as any).errors[0].message as string };
    };
    expect(await bad(Buffer.from('not a zip file at all'))).toMatchObject({ status: 400, message: expect.stringContaining('cannot be read as an Excel workbook') });
    expect(await bad(await workbook(['甲', '乙'], [['1', '2']]))).toMatchObject({ status: 400, message: expect.stringContaining('No header row') });
    expect(await bad(await workbook([...HEADER, '备注栏'], []))).toMatchObject({ status: 400, message: expect.stringContaining('unknown columns "备注栏"') });
    // The header's faults by name, for a client to say in its own words.
    const header = (await (await post('/import/demands?campaignId=C-2019-WS', await workbook(['类别', '需求', '备注栏'], []), as('township-tarhu'))).json()) as any;
    expect(header.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', file: true, unknown: ['备注栏'], missing: ['具体内容', '服务形式'] });
    expect(await bad(await workbook(['类别', '需求'], []))).toMatchObject({ status: 400, message: expect.stringContaining('missing required columns 具体内容、服务形式') });
    // CSV, from a BOM'd UTF-8 file with a title line.
    const csv = `\ufeff塔尔湖镇需求\n类别,需求,具体内容,服务形式\n送文化,冬季电影,"村里想看电影，""露天""也行",放映\n`;
    const res = await post('/import/demands?campaignId=C-2019-WS&dryRun=true', csv, as('township-tarhu'), 'text/csv');
    expect(await res.json()).toMatchObject({ rows: 1, created: 1, problemCount: 0 });
  });

  it('is scoped: a township imports only its own list, a department only its own, others not at all', async () => {
    const file = await workbook(HEADER, ROWS);
    const code = async (path: string, token: string) => ((await (await post(path, file, token)).json()) as any).errors?.[0]?.extensions?.code;
    expect(await code('/import/demands?campaignId=C-2019-WS&townshipId=150821102', as('township-ganzhaomiao'))).toBe('FORBIDDEN');
    expect(await code('/import/demands?campaignId=C-2019-WS', as('org-city'))).toBe('FORBIDDEN');
    expect(await code('/import/supply?campaignId=C-2019-WS&departmentId=DEP-C-NMJ', as('dept-wuyuan-nk'))).toBe('FORBIDDEN');
    expect((await fetch(new URL('/import/demands?campaignId=C-2019-WS', app.url), { method: 'POST', body: file })).status).toBe(401);
  });

  it('imports a department\'s supply list into a draft of a new campaign, coverage by name; then the command line does the same from a file', async () => {
    const campaign = (await app.gql('mutation { createCampaign(input: { name: "2020年夏秋", startsOn: "2020-06-01", endsOn: "2020-10-31" }) { id } }', {}, as('admin'))).data.createCampaign.id;
    const header = ['编号', '类别', '服务项目', '服务内容', '服务形式', '责任领导', '职务', '联系人', '联系电话', '服务容量', '服务范围'];
    const rows: Rows = [['NK-1', '送科技', '葵花病害现场指导', '到地里指导葵花菌核病防治', '上门指导', '马丽华', '副主任', '罗国庆', '13900000059', 3, '五原县']];
    const file = await workbook(header, rows);
    const report = (await (await post(`/import/supply?campaignId=${campaign}`, file, as('dept-wuyuan-nk'))).json()) as any;
    expect(report).toMatchObject({ kind: 'supply', written: true, created: 1, list: { status: 'DRAFT' } });
    const items = (await app.gql(`{ supplyItems(filter: { campaignId: "${campaign}" }) { nodes { title capacity coverage { name } } } }`, {}, as('dept-wuyuan-nk'))).data.supplyItems.nodes;
    expect(items).toEqual([{ title: '葵花病害现场指导', capacity: 3, coverage: [{ name: '五原县' }] }]);

    const path = join(dir, 'supply.xlsx');
    writeFileSync(path, await workbook(header, [[...rows[0].slice(0, 9), 5, '五原县']]));
    const lines: string[] = [];
    const values = { file: path, campaign, department: 'DEP-K-WY-NK' };
    expect(await runImport(app.config, app.orm.em.fork(), values, ['supply'], (line) => lines.push(line))).toBe(0);
    expect(lines.join('')).toContain('1 changed');
  });
  it('says on the command line what an import entered twice, for the organizer to merge or keep', async () => {
    const path = join(dir, 'twice.xlsx');
    writeFileSync(path, await workbook(HEADER, [
      ['科技', '羊拉稀不吃草', '村里好几家的羊拉稀、不吃草，想请兽医来看看咋治', '上门', null, null, 20, null, '联丰村'],
      ['科技', '羊不吃草还拉稀', '好几家的羊不吃草还拉稀，请兽医来村里看看咋治', '上门', null, null, 25, null, '联丰村'],
    ]));
    const lines: string[] = [];
    expect(await runImport(app.config, app.orm.em.fork(), { file: path, campaign: 'C-2019-WS', township: '150821102' }, ['demands'], (line) => lines.push(line))).toBe(0);
    const flagged = lines.findIndex((l) => l.includes('possible duplicate'));
    expect(flagged, lines.join('\n')).toBeGreaterThan(-1);
    expect(lines.slice(flagged + 1).join('\n')).toMatch(/羊拉稀不吃草.*\|.*羊不吃草还拉稀|羊不吃草还拉稀.*\|.*羊拉稀不吃草/);
  });
});
