import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { templateWorkbook } from '../../src/modules/intake/intake-template';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * The household-visit survey (issue 17, item 2): each row a household and one of its 诉求; the
 * households are personal data, read by their township and the organization departments over it
 * only; a 诉求 becomes a draft demand, source VISIT, VULNERABLE when the household is in hardship.
 */

let app: TestApp;
let as: (user: string) => string;
beforeAll(async () => {
  app = await startApp(readDemoData(), { lexicon: true });
  as = await app.loginAll(['township-tarhu', 'township-ganzhaomiao', 'org-wuyuan', 'org-city', 'dept-wuyuan-nk', 'admin']);
});
afterAll(() => app?.close());

async function survey(rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('调查摸底表');
  ws.addRow(['塔尔湖镇入户走访调查摸底表']);
  ws.addRow([]);
  ws.addRow(['户主', '村（社区）', '家庭人口', '家庭情况', '联系电话', '诉求', '类别', '走访人', '走访日期']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const post = (body: Buffer, token: string, query = '') => fetch(new URL(`/import/visits?campaignId=C-2019-WS${query}`, app.url), {
  method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body,
});
const ROWS = [
  ['王秀英', '联丰村', 1, '独居老人、低保户', '13900001234', '老伴走了一个人住，冬天取暖的煤不够烧', null, '李联络员', '2020/1/15'],
  ['王秀英', '联丰村', 1, '独居老人、低保户', '13900001234', '腿脚不好，想有人上门量量血压', '送健康', '李联络员', '2020/1/15'],
  ['张建国', '塔尔湖村', 5, '', '', '想学大棚番茄的种植技术，今年打算扩大两个棚', null, '李联络员', '2020年1月16日'],
];
const Q = `{ demandItems(first: 100) { nodes { id title category priority source kind household { headName phone tags population visitedOn village { name } } } } }`;
/** The demands the survey made (the demo has VISIT demands of its own, with no household). */
let made: string[] = [];
const all = async (token: string) => (await app.gql(Q, {}, token)).data.demandItems.nodes as any[];
const visits = async (token: string) => (await all(token)).filter((d) => d.source === 'VISIT' && d.household);

describe(`the household-visit survey (${DB_KIND})`, () => {
  it('has its template', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await templateWorkbook('visits')) as never);
    expect(book.worksheets[0].name).toBe('入户走访调查摸底表');
    expect(book.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['户主*', '诉求*', '家庭情况', '走访日期']));
  });

  it('makes each household a record of the township and each 诉求 a draft demand linked to it, VULNERABLE for hardship, its category read from its words', async () => {
    const report = (await (await post(await survey(ROWS), as('township-tarhu'))).json()) as any;
    expect(report).toMatchObject({ kind: 'visits', written: true, rows: 3, created: 3, problemCount: 0 });
    const items = await visits(as('township-tarhu'));
    made = items.map((d) => d.id);
    expect(items.map((d) => [d.category, d.priority, d.kind, d.household.headName]).sort()).toEqual([
      ['HEALTH', 'VULNERABLE', 'INDIVIDUAL', '王秀英'], ['TECHNOLOGY', 'NORMAL', 'INDIVIDUAL', '张建国'], ['WARMTH', 'VULNERABLE', 'INDIVIDUAL', '王秀英'],
    ]);
    expect(items.find((d) => d.household.headName === '王秀英').household).toMatchObject({ phone: '13900001234', tags: ['独居老人', '低保户'], visitedOn: '2020-01-15', village: { name: '联丰村' } });
    const households = (await app.gql('{ households(first: 20) { totalCount nodes { headName } } }', {}, as('township-tarhu'))).data.households;
    expect(households.totalCount).toBe(2);
    // Again: nothing added.
    expect(await (await post(await survey(ROWS), as('township-tarhu'))).json()).toMatchObject({ created: 0, unchanged: 3 });
    expect((await app.gql('{ households(first: 20) { totalCount } }', {}, as('township-tarhu'))).data.households.totalCount).toBe(2);
  });

  it('keeps the households to their township and the organization departments over it', async () => {
    expect((await visits(as('org-wuyuan'))).map((d) => d.id).sort()).toEqual([...made].sort());
    expect((await app.gql('{ households(first: 20) { totalCount } }', {}, as('org-city'))).data.households.totalCount).toBe(2);
    // An admin reads every demand, but not who raised it; a department, another township: not at all.
    const admin = (await all(as('admin'))).filter((d) => made.includes(d.id));
    expect(admin.length).toBe(3);
    expect(admin.every((d) => d.household === null)).toBe(true);
    expect(codeOf(await app.gql('{ households(first: 5) { totalCount } }', {}, as('dept-wuyuan-nk')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql('{ households(first: 5) { totalCount } }', {}, as('admin')))).toBe('FORBIDDEN');
    expect((await app.gql('{ households(first: 5) { totalCount } }', {}, as('township-ganzhaomiao'))).data.households.totalCount).toBe(0);
    expect(codeOf({ errors: [((await (await post(await survey(ROWS), as('township-ganzhaomiao'), '&townshipId=150821102')).json()) as any).errors[0]] })).toBe('FORBIDDEN');
  });

  it('asks for 类别 when the 诉求 does not say, and reports it with the other bad cells', async () => {
    const res = await post(await survey([['赵某', '火星村', 'x', '', '', '有点事', null, null, '2020-02-30']]), as('township-tarhu'));
    const report = (await res.json()) as any;
    expect(report.problems.map((p: any) => p.column)).toEqual(['家庭人口', '走访日期', '村（社区）', '类别']);
  });
});
