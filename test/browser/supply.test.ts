import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * The department clerk's supply list (供给侧清单) and the 督办 on the work list, in Chromium, on the
 * demo data matched. The demo's lists are all published, so the county clerk starts a draft in a
 * second campaign the admin adds; the demo campaign's list shows the capacity in use.
 */

const CAMPAIGN = 'C-2019-WS';
let app: TestApp;
let browser: Browser;
let origin: string;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  as = await app.loginAll(['admin', 'org-city', 'dept-wuyuan-nk']);
  expect((await app.gql(`mutation { runMatching(campaignId: "${CAMPAIGN}") { id } }`, {}, as('org-city'))).errors).toBeUndefined();
  const created = await app.gql('mutation { createCampaign(input: { name: "2020年夏秋服务行动", startsOn: "2020-06-01", endsOn: "2020-10-31" }) { id } }', {}, as('admin'));
  expect(created.errors).toBeUndefined();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signInTo(page: Page, username: string, next: string): Promise<void> {
  await signIn(page, origin, username);
  await page.waitForURL('**/department');
  if (next !== '/department') await page.goto(`${origin}${next}`);
}

const errorsOf = (dialog: ReturnType<Page['locator']>) => dialog.locator('.el-form-item__error').allInnerTexts();
const closed = async (dialog: ReturnType<Page['locator']>) => ((await dialog.isVisible()) ? 'open' : 'closed');

/** The county clerk's items of a campaign, as the API gives them. */
async function myItems(campaignId: string) {
  const r = await app.gql('query($f: SupplyItemFilter) { supplyItems(first: 100, filter: $f) { nodes { id title version capacity used contactName list { status } } } }',
    { f: { campaignId, departmentId: 'DEP-K-WY-NK' } }, as('dept-wuyuan-nk'));
  expect(r.errors).toBeUndefined();
  return r.data.supplyItems.nodes as { id: string; title: string; version: number; capacity: number; used: number; contactName: string; list: { status: string } }[];
}

describe('the department clerk’s supply list in Chromium', () => {
  it('starts a draft list, adds an item (the rules said in Chinese on an empty form), edits it, publishes it; then only capacity, window and contact can change', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await signInTo(page, 'dept-wuyuan-nk', '/supply');
    // The latest campaign is chosen, and the department has no list in it yet.
    await expect.poll(() => page.locator('.el-select', { hasText: '2020年夏秋服务行动' }).count()).toBe(1);
    await page.getByRole('button', { name: '新建清单' }).click();
    await expect.poll(() => page.locator('.page').innerText()).toContain('草稿');

    await page.getByRole('button', { name: '添加服务项目' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '添加服务项目' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => errorsOf(dialog)).toEqual(['请选择类别', '请写服务项目', '请写服务内容', '至少选一种服务形式', '请写责任领导', '请写联络人', '请写联系电话', '请填写服务容量（1–10000）']);
    await dialog.locator('.el-select').first().click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '送科技' }).click();
    await dialog.locator('input[name=title]').fill('玉米秋收农机检修');
    await dialog.locator('textarea[name=description]').fill('农机站技术员进村检修收割机、播种机，现场讲解保养');
    await dialog.locator('.el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '上门指导' }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '培训' }).click();
    await dialog.locator('.el-dialog__title').click(); // close the drop-down
    await dialog.locator('input[name=leaderName]').fill('李明');
    await dialog.locator('input[name=leaderTitle]').fill('副局长');
    await dialog.locator('input[name=contactName]').fill('张强');
    await dialog.locator('input[name=contactPhone]').fill('12345');
    await dialog.locator('input[name=contactPhone]').blur();
    await expect.poll(() => errorsOf(dialog)).toContain('请填写 11 位手机号，或带区号的座机（如 0478-8888888）');
    await dialog.locator('input[name=contactPhone]').fill('13900000099');
    await dialog.locator('input[name=capacity]').fill('4');
    await dialog.locator('input[name=capacity]').blur();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => closed(dialog), { timeout: 10_000 }).toBe('closed');
    const row = page.locator('.el-table__body tr', { hasText: '农机检修' });
    await expect.poll(() => row.innerText()).toContain('已用 0/4');
    expect(await row.innerText()).toContain('送科技');
    expect(await row.innerText()).toContain('上门指导');
    const campaignId = (await app.gql('{ campaigns(first: 10) { nodes { id name } } }', {}, as('dept-wuyuan-nk'))).data.campaigns.nodes
      .find((c: { name: string }) => c.name === '2020年夏秋服务行动').id;
    const [added] = await myItems(campaignId);

    // Edited while a draft: the version read goes with the move.
    await row.getByRole('button', { name: '编辑' }).click();
    const edit = page.locator('.el-dialog', { hasText: '编辑服务项目' });
    await expect.poll(() => edit.locator('input[name=title]').inputValue()).toBe('玉米秋收农机检修');
    await edit.locator('input[name=title]').fill('玉米秋收农机检修进村');
    await edit.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => closed(edit), { timeout: 10_000 }).toBe('closed');
    await expect.poll(() => row.innerText()).toContain('玉米秋收农机检修进村');
    expect((await myItems(campaignId))[0]).toMatchObject({ id: added.id, title: '玉米秋收农机检修进村', version: added.version + 1 });

    // Published, after a confirm.
    await page.getByRole('button', { name: '发布清单' }).click();
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('.page .el-tag').first().innerText()).toBe('已发布');
    expect((await myItems(campaignId))[0].list.status).toBe('PUBLISHED');
    expect(await row.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '添加服务项目' }).count()).toBe(0);

    // Only capacity, window and contact (and why) in the form now.
    await row.getByRole('button', { name: '调整' }).click();
    const adjust = page.locator('.el-dialog', { hasText: '保存调整' });
    await expect.poll(() => adjust.locator('.el-form-item__label').allInnerTexts()).toEqual(['服务容量（已用 0，不能少于已用）', '服务时间', '联络人', '联系电话', '调整说明（留作记录）']);
    expect(await adjust.locator('input[name=title], textarea[name=description], input[name=leaderName]').count()).toBe(0);
    await adjust.locator('input[name=capacity]').fill('6');
    await adjust.locator('input[name=capacity]').blur();
    await adjust.locator('textarea[name=note]').fill('增派一名技术员');
    await adjust.getByRole('button', { name: '保存调整' }).click();
    await expect.poll(() => closed(adjust), { timeout: 10_000 }).toBe('closed');
    await expect.poll(() => row.innerText()).toContain('已用 0/6');
    await page.close();
  });

  it('in the demo campaign each item shows its capacity in use, and a capacity below it is refused in Chinese', async () => {
    const [busiest] = (await myItems(CAMPAIGN)).sort((a, b) => b.used - a.used);
    expect(busiest.used).toBeGreaterThanOrEqual(2);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await signInTo(page, 'dept-wuyuan-nk', '/supply');
    await page.locator('.el-select', { hasText: '2020年夏秋服务行动' }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '冬春' }).click();
    const row = page.locator('.el-table__body tr', { hasText: busiest.title });
    await expect.poll(() => row.innerText()).toContain(`已用 ${busiest.used}/${busiest.capacity}`);
    expect(await page.locator('.el-table__body .el-progress').count()).toBe((await myItems(CAMPAIGN)).length);
    await page.waitForTimeout(600); // the tags and bars grow in
    await page.screenshot({ path: join(OUT, 'supply.png') });

    await row.getByRole('button', { name: '调整' }).click();
    const adjust = page.locator('.el-dialog', { hasText: '保存调整' });
    await adjust.locator('input[name=capacity]').fill(String(busiest.used - 1));
    await adjust.locator('input[name=capacity]').blur();
    await adjust.getByRole('button', { name: '保存调整' }).click();
    await expect.poll(() => errorsOf(adjust)).toEqual([`已有 ${busiest.used} 项需求占用，服务容量不能少于 ${busiest.used}`]);
    await page.waitForTimeout(600); // the tags and bars grow in
    await page.screenshot({ path: join(OUT, 'supply-refused.png') });
    expect((await myItems(CAMPAIGN)).find((i) => i.id === busiest.id)).toMatchObject({ capacity: busiest.capacity, version: busiest.version });
    await page.close();
  });

  it('a supervised assignment (督办) stands out on the work list with its latest note; progress takes links, one per line', async () => {
    const dept = as('dept-wuyuan-nk');
    const work = (await app.gql('{ assignments(first: 100) { nodes { id version status demandItem { id title } } } }', {}, dept)).data.assignments.nodes;
    const [chased, other] = work.filter((a: { status: string }) => a.status === 'MATCHED');
    for (const note of ['请尽快联系村里', '请于本周内接单并联系村里']) {
      expect((await app.gql('mutation($i: SuperviseInput!) { supervise(input: $i) { id } }', { i: { demandItemId: chased.demandItem.id, note } }, as('org-city'))).errors).toBeUndefined();
    }
    const committed = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const accepted = await app.gql('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id } }', { i: { id: other.id, version: other.version, committedDate: committed, personInCharge: '王' } }, dept);
    expect(accepted.errors).toBeUndefined();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInTo(page, 'dept-wuyuan-nk', '/department');
    const row = page.locator('.el-table__body tr', { hasText: chased.demandItem.title });
    await expect.poll(() => row.innerText()).toContain('督办（2 次）：请于本周内接单并联系村里');
    expect(await row.locator('.el-tag', { hasText: '督办' }).count()).toBe(1);
    expect(await row.getAttribute('class')).toContain('supervised');
    expect(await page.locator('.el-table__body tr.supervised').count()).toBe(1);
    await page.waitForTimeout(600); // the tags and bars grow in
    await page.screenshot({ path: join(OUT, 'department-supervised.png') });

    await page.locator('.el-tabs__item', { hasText: '办理中' }).click();
    const doing = page.locator('.el-tab-pane:visible .el-table__body tr', { hasText: other.demandItem.title });
    await doing.getByRole('button', { name: '进展' }).click();
    const progress = page.locator('.el-dialog', { hasText: '提交进展' });
    await progress.locator('textarea[name=note]').fill('已到村查看，拍了照片');
    await progress.locator('textarea[name=links]').fill('https://example.org/photo-1.jpg\nftp://example.org/report.pdf');
    await progress.getByRole('button', { name: '提交进展' }).click();
    await expect.poll(() => errorsOf(progress)).toEqual(['第 2 行不是 http:// 或 https:// 开头的链接（最长 500 字符）']);
    await progress.locator('textarea[name=links]').fill('https://example.org/photo-1.jpg\n\nhttp://example.org/report.pdf\n');
    await progress.getByRole('button', { name: '提交进展' }).click();
    await expect.poll(() => closed(progress), { timeout: 10_000 }).toBe('closed');
    // They are on the item's timeline (the township's page shows them as links).
    const town = await app.login('org-city');
    await expect.poll(async () => (await app.gql('query($id: ID!) { demandItem(id: $id) { timeline { action links } } }', { id: other.demandItem.id }, town)).data.demandItem.timeline
      .find((e: { action: string }) => e.action === 'REPORT_PROGRESS')?.links).toEqual(['https://example.org/photo-1.jpg', 'http://example.org/report.pdf']);
    await page.close();
  });
});
