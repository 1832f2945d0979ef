import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * Spreadsheet imports in the web app (issue 17), in Chromium, on the demo data: the township's
 * household-visit survey (入户走访调查摸底表) beside her demand list, a department's supply list on
 * the supply page, each checked first (a dry run) and then imported, and each kind's template
 * downloaded (下载模板). The demand list's own import is in web.test.ts.
 */

let app: TestApp;
let browser: Browser;
let origin: string;
let as: (user: string) => string;
/** A second campaign, the latest: the demo's supply lists are all published, so a department's list there starts empty. */
let campaignId: string;
const dir = mkdtempSync(join(tmpdir(), 'peican-import-'));

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  as = await app.loginAll(['admin', 'township-tarhu', 'dept-nmj']);
  const created = await app.gql('mutation { createCampaign(input: { name: "2020年夏秋服务行动", startsOn: "2020-06-01", endsOn: "2020-10-31" }) { id } }', {}, as('admin'));
  expect(created.errors).toBeUndefined();
  campaignId = created.data.createCampaign.id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A workbook as an office keeps it: a title row, a blank line, the header, the rows. */
async function workbook(file: string, title: string, header: string[], rows: (string | number | null)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.addRow([]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

/** Clicks a 下载模板 and reads the workbook the browser saved: its file name and its sheets' names. */
async function downloaded(page: Page, link: Locator): Promise<{ name: string; sheets: string[]; header: unknown[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip: an .xlsx
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as never);
  return { name: download.suggestedFilename(), sheets: book.worksheets.map((w) => w.name), header: book.worksheets[0].getRow(1).values as unknown[] };
}

describe('spreadsheet imports in Chromium', () => {
  it('a township imports her household-visit survey: its template downloaded, a dry run counting the 诉求 (nothing written), then 确认导入 puts them on her page as drafts', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await signIn(page, origin, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const visits = page.locator('.import-visits');
    await expect.poll(() => visits.innerText()).toContain('导入入户走访表');
    expect(await downloaded(page, visits.getByRole('button', { name: '下载模板' }))).toMatchObject({
      name: '入户走访调查摸底表模板.xlsx', sheets: ['入户走访调查摸底表', '填写说明'], header: expect.arrayContaining(['户主*', '诉求*']),
    });
    expect((await downloaded(page, page.locator('.import-demands').getByRole('button', { name: '下载模板' }))).name).toBe('需求侧清单模板.xlsx');

    const HEADER = ['户主', '村（社区）', '家庭人口', '家庭情况', '联系电话', '诉求', '类别', '走访人', '走访日期'];
    const dialog = page.locator('.el-dialog', { hasText: '导入入户走访调查摸底表' });
    // Every bad cell, said in Chinese; nothing written.
    const bad = await workbook('摸底表（有错）.xlsx', '塔尔湖镇入户走访调查摸底表', HEADER, [['赵某', '火星村', 'x', '', '', '', '送温暖', null, '2020-02-30']]);
    await page.locator('input[name=importVisitsFile]').setInputFiles(bad);
    await expect.poll(() => dialog.innerText()).toContain('有 4 处要改');
    // On the phone each problem is two cells: where (sheet, row, column), then what was written, what is wrong, what is allowed.
    const problems = await dialog.locator('.problems .el-table__body tr').allInnerTexts();
    expect(problems.map((p) => p.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Sheet1 第 4 行 家庭人口 填的是：x 不是 0–\d+ 的整数 可以填：0–\d+$/),
      expect.stringMatching(/^Sheet1 第 4 行 诉求 填的是：（空） 没有填 可以填：1–\d+ 个字$/),
      'Sheet1 第 4 行 走访日期 填的是：2020-02-30 日历上没有这一天 可以填：2020-05-10、2020/5/10、2020年5月10日，或日期格式的单元格',
      expect.stringMatching(/^Sheet1 第 4 行 村（社区） 填的是：火星村 塔尔湖镇没有这个村（社区） 可以填：.*联丰村/),
    ]);
    expect(await dialog.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await page.waitForTimeout(500); // the dialog fades in
    await page.screenshot({ path: join(OUT, 'township-import-visits-problems.png') });
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();

    const file = await workbook('摸底表.xlsx', '塔尔湖镇入户走访调查摸底表', HEADER, [
      ['王秀英', '联丰村', 1, '独居老人、低保户', '13900001234', '冬天取暖的煤不够烧，老伴走了一个人住', '送温暖', '李联络员', '2020/1/15'],
      ['王秀英', '联丰村', 1, '独居老人、低保户', '13900001234', '腿脚不好，想有人上门量量血压', '送健康', '李联络员', '2020/1/15'],
      ['张建国', '塔尔湖村', 5, '', '', '想学大棚番茄的种植技术，今年打算扩大两个棚', '送科技', '李联络员', '2020年1月16日'],
    ]);
    await page.locator('input[name=importVisitsFile]').setInputFiles(file);
    await expect.poll(() => dialog.innerText()).toContain('共 3 行：新增 3 项');
    // The latest campaign is the one added above, where she has no list yet: the survey starts it, a draft.
    expect(await dialog.innerText()).toContain('随清单一起提交');
    expect((await app.gql('{ households(first: 5) { totalCount } }', {}, as('township-tarhu'))).data.households.totalCount).toBe(0);
    await page.waitForTimeout(500); // the dialog fades in
    await page.screenshot({ path: join(OUT, 'township-import-visits.png') });

    await dialog.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => dialog.innerText()).toContain('已导入：新增 3 项');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    for (const title of ['冬天取暖的煤不够烧', '腿脚不好', '想学大棚番茄的种植技术']) {
      await expect.poll(() => page.locator('.el-tab-pane .item', { hasText: title }).innerText()).toContain('草稿');
    }
    expect((await app.gql('{ households(first: 5) { totalCount } }', {}, as('township-tarhu'))).data.households.totalCount).toBe(2);
    await expect.poll(() => page.locator('.actions').innerText()).toContain('清单草稿：提交后进入配餐');
    expect(await page.getByRole('button', { name: '提交清单（3 项）' }).count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(OUT, 'township-import-buttons.png') });
    await page.close();
  });

  it('a department publisher imports her supply list: one bad cell is shown in the table and nothing is written; the good file imports into a draft', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await signIn(page, origin, 'dept-nmj');
    await page.waitForURL('**/department');
    await page.goto(`${origin}/supply`);
    await expect.poll(() => page.locator('.el-select', { hasText: '2020年夏秋服务行动' }).count()).toBe(1);
    await expect.poll(() => page.locator('.page').innerText()).toContain('本轮还没有本部门的供给侧清单');
    const supply = page.locator('.import-supply');
    expect(await downloaded(page, supply.getByRole('button', { name: '下载模板' }))).toMatchObject({
      name: '供给侧清单模板.xlsx', sheets: ['供给侧清单', '填写说明'], header: expect.arrayContaining(['服务项目*', '联系电话*', '服务容量*']),
    });

    const header = ['编号', '类别', '服务项目', '服务内容', '服务形式', '责任领导', '领导职务', '联络人', '联系电话', '服务容量', '服务范围'];
    const rows = [
      ['NMJ-1', '送科技', '玉米秋收农机检修', '农机站技术员进村检修收割机、播种机，现场讲解保养', '上门指导、培训', '李明', '副局长', '张强', '13900000099', 4, '五原县'],
      ['NMJ-2', '送科技', '葵花病虫害防治讲座', '请农技专家讲葵花菌核病、列当的防治', '宣讲', '李明', '副局长', '张强', '0478-8888888', 6, null],
    ];
    const bad = await workbook('供给侧清单（有错）.xlsx', '巴彦淖尔市农牧局供给侧清单', header, [rows[0], [...rows[1].slice(0, 8), '12345', ...rows[1].slice(9)]]);
    const dialog = page.locator('.el-dialog', { hasText: '从 Excel 导入服务项目' });
    await page.locator('input[name=importSupplyFile]').setInputFiles(bad);
    await expect.poll(() => dialog.innerText()).toContain('有 1 处要改');
    const problems = dialog.locator('.problems .el-table__body tr');
    expect(await problems.count()).toBe(1);
    expect((await problems.locator('td').allInnerTexts()).map((t) => t.trim())).toEqual([
      'Sheet1', '5', '联系电话', '12345', '不是电话号码', '11 位手机号（如 13900000000），或带区号的座机（如 0478-1234567）',
    ]);
    expect(await dialog.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await page.waitForTimeout(500); // the dialog fades in
    await page.screenshot({ path: join(OUT, 'supply-import-problems.png') });
    const lists = async () => (await app.gql('query($f: SupplyListFilter) { supplyLists(first: 5, filter: $f) { nodes { status items { title } } } }',
      { f: { campaignId, departmentId: 'DEP-C-NMJ' } }, as('dept-nmj'))).data.supplyLists.nodes;
    expect(await lists()).toEqual([]);
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();

    const good = await workbook('供给侧清单.xlsx', '巴彦淖尔市农牧局供给侧清单', header, rows);
    await page.locator('input[name=importSupplyFile]').setInputFiles(good);
    await expect.poll(() => dialog.innerText()).toContain('共 2 行：新增 2 项');
    expect(await lists()).toEqual([]); // a dry run
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(OUT, 'supply-import.png') });
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => dialog.innerText()).toContain('已导入：新增 2 项');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await expect.poll(() => page.locator('.el-table__body tr', { hasText: '玉米秋收农机检修' }).innerText()).toContain('已用 0/4');
    expect(await page.locator('.el-table__body tr', { hasText: '葵花病虫害防治讲座' }).innerText()).toContain('已用 0/6');
    expect(await page.locator('.page .el-tag').first().innerText()).toBe('草稿');
    await page.waitForTimeout(600); // the tags and bars grow in
    await page.screenshot({ path: join(OUT, 'supply-imported.png') });
    expect(await lists()).toEqual([{ status: 'DRAFT', items: expect.arrayContaining([{ title: '玉米秋收农机检修' }, { title: '葵花病虫害防治讲座' }]) }]);
    await page.close();
  });
});
