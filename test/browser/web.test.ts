import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';

/**
 * The web app (issue 16) in a real browser: Debian's Chromium (/usr/bin/chromium, which .ci/run
 * installs), driven by playwright-core, against the server serving the built app (web/dist) and the
 * API on the demo data, matched. Screenshots go to test/browser/out/ for a person to look at.
 */

const CHROMIUM = process.env.PEICAN_CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(__dirname, 'out');
let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  const org = await app.login('org-city');
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, username: string, password = 'peican-demo'): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

describe('the web app in Chromium', () => {
  it('a township organizer on a 375 px phone: the menu by category with the four clarities and a call button, then her demands with their progress', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await expect.poll(() => page.locator('.el-collapse-item').count()).toBeGreaterThan(0);
    const groups = await page.locator('.el-collapse-item__header').allInnerTexts();
    expect(groups.some((g) => g.startsWith('送科技'))).toBe(true);
    await page.locator('.el-collapse-item__header', { hasText: '送科技' }).click();
    const card = page.locator('.el-collapse-item__content .item').first();
    await expect.poll(() => card.innerText()).toContain('责任领导');
    expect(await card.innerText()).toContain('联系人');
    expect(await card.locator('a[href^="tel:"]').count()).toBe(1);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(OUT, 'township-menu.png') });

    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const d001 = page.locator('.el-tab-pane .item', { hasText: 'D-001' });
    await expect.poll(() => d001.innerText()).toContain('已派单');
    expect(await d001.innerText()).toContain('五原县农牧和科技局');
    expect(await d001.locator('.el-timeline-item').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(OUT, 'township-mine.png'), fullPage: false });
    await page.close();
  });

  it('a township adds a late item (补报): the rules checked in Chinese as she fills the form, then the item submitted on its own', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    await page.getByRole('button', { name: '补报需求' }).click();
    const dialog = page.locator('.el-dialog');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(expect.arrayContaining(['请选择类别', '请写需求（一句话）', '至少选一种服务形式']));
    await dialog.locator('.el-select').first().click();
    await page.locator('.el-select-dropdown__item', { hasText: '送健康' }).click();
    await dialog.locator('input[name=title]').fill('老人冬季义诊');
    await dialog.locator('textarea[name=content]').fill('村里独居老人二十多个，冬天出不了门，想请医生进村量血压');
    await dialog.locator('.el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '义诊' }).click();
    await dialog.locator('.el-dialog__title').click(); // close the drop-down
    await dialog.getByRole('button', { name: '保存' }).click();
    const late = page.locator('.el-tab-pane .item', { hasText: '老人冬季义诊' });
    await expect.poll(() => late.innerText()).toContain('草稿');
    await late.getByRole('button', { name: '提交补报' }).click();
    await expect.poll(() => late.innerText()).toContain('已提交');
    expect(await late.innerText()).toContain('补报');
    await page.screenshot({ path: join(OUT, 'township-late.png') });
    await page.close();
  });

  it('a township rates a completed service on the five levels with a comment: a good rating closes it (销号)', async () => {
    // 五原县农牧和科技局 accepts and completes D-001 (through the API); then the township rates it in the browser.
    const dept = await app.login('dept-wuyuan-nk');
    const town = await app.login('township-tarhu');
    const assignment = async () => (await app.gql('{ demandItem(id: "D-001") { assignment { id version } } }', {}, town)).data.demandItem.assignment;
    const committed = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    let a = await assignment();
    expect((await app.gql('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id } }', { i: { id: a.id, version: a.version, committedDate: committed, personInCharge: '王' } }, dept)).errors).toBeUndefined();
    a = await assignment();
    expect((await app.gql('mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { id } }', { i: { id: a.id, version: a.version, resultNote: '已现场指导', peopleServed: 60 } }, dept)).errors).toBeUndefined();

    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const d001 = page.locator('.el-tab-pane .item', { hasText: 'D-001' });
    await expect.poll(() => d001.innerText()).toContain('已办结');
    await d001.getByRole('button', { name: '评价' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '提交评价' });
    await dialog.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择满意程度', '请写几句评价']);
    await dialog.locator('.el-radio', { hasText: /^满意$/ }).click();
    await dialog.locator('textarea[name=comment]').fill('技术员讲得明白，大棚的病控制住了');
    await dialog.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => d001.innerText()).toContain('已销号');
    expect(await d001.innerText()).toContain('评价并销号');
    await page.screenshot({ path: join(OUT, 'township-rated.png') });
    await page.close();
  });

  it('a department clerk: the work list in tabs, 待接单 holding what was dispatched to it; accept (a date and the person in charge), decline (a reason), report progress and complete', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'dept-wuyuan-nk');
    await page.waitForURL('**/department');
    const org = await app.login('dept-wuyuan-nk');
    const mine = (await app.gql('{ assignments(first: 100) { nodes { status } } }', {}, org)).data.assignments.nodes;
    const waiting = mine.filter((a: { status: string }) => a.status === 'MATCHED').length;
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '待接单' }).innerText()).toBe(`待接单（${waiting}）`);
    expect(await page.locator('.el-table__body tr').count()).toBeGreaterThanOrEqual(waiting);
    await page.screenshot({ path: join(OUT, 'department.png') });

    // Accept the first: the date and the person in charge are asked for in Chinese, then it moves to 办理中.
    const tabCount = async (label: string) => Number((await page.locator('.el-tabs__item', { hasText: label }).innerText()).match(/（(\d+)）/)![1]);
    const doing = await tabCount('办理中');
    await page.locator('.el-table__body tr').first().getByRole('button', { name: '接单' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '确认接单' });
    await dialog.getByRole('button', { name: '确认接单' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择承诺办结时限', '请填写责任人']);
    const committed = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await dialog.locator('input[name=committedDate]').fill(committed);
    await dialog.locator('input[name=committedDate]').press('Enter');
    await dialog.locator('input[name=personInCharge]').fill('王技术员');
    await dialog.getByRole('button', { name: '确认接单' }).click();
    await expect.poll(() => tabCount('待接单')).toBe(waiting - 1);
    expect(await tabCount('办理中')).toBe(doing + 1);

    // Decline the next, with a reason.
    await page.locator('.el-table__body tr').first().getByRole('button', { name: '退回' }).click();
    const declineDialog = page.locator('.el-dialog', { hasText: '确认退回' });
    await declineDialog.locator('textarea[name=reason]').fill('本部门没有这方面的技术人员');
    await declineDialog.getByRole('button', { name: '确认退回' }).click();
    await expect.poll(() => tabCount('待接单')).toBe(waiting - 2);
    const states = (await app.gql('{ assignments(first: 100) { nodes { status personInCharge committedDate } } }', {}, org)).data.assignments.nodes;
    expect(states.filter((a: { status: string }) => a.status === 'DECLINED').length).toBe(1);
    expect(states.find((a: { personInCharge: string | null }) => a.personInCharge === '王技术员')).toMatchObject({ status: 'ACCEPTED', committedDate: committed });

    // In 办理中: a progress note, then 办结 with the result and the people served.
    await page.locator('.el-tabs__item', { hasText: '办理中' }).click();
    const row = page.locator('.el-tab-pane:visible .el-table__body tr').first();
    await row.getByRole('button', { name: '进展' }).click();
    const progress = page.locator('.el-dialog', { hasText: '提交进展' });
    await progress.locator('textarea[name=note]').fill('已到村查看大棚，正在配药');
    await progress.getByRole('button', { name: '提交进展' }).click();
    await expect.poll(async () => (await progress.isVisible()) ? 'open' : 'closed').toBe('closed');
    await row.getByRole('button', { name: '办结' }).click();
    const done = page.locator('.el-dialog', { hasText: '确认办结' });
    await done.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => done.locator('.el-form-item__error').allInnerTexts()).toEqual(['请写办理结果']);
    await done.locator('textarea[name=resultNote]').fill('现场指导防治，病情控制住了');
    await done.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(async () => (await app.gql('{ assignments(first: 100) { nodes { status personInCharge resultNote } } }', {}, org)).data.assignments.nodes
      .find((a: { personInCharge: string | null }) => a.personInCharge === '王技术员')).toMatchObject({ status: 'COMPLETED', resultNote: '现场指导防治，病情控制住了' });
    await page.close();
  });

  it("the organization department's dashboard: the headline figures as the API gives them, and the counties charted", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'org-city');
    await page.waitForURL('**/dashboard');
    const token = await app.login('org-city');
    const { total } = (await app.gql('{ matchReport(campaignId: "C-2019-WS") { total { demands placedCounty placedCity escalated } } }', {}, token)).data.matchReport;
    const figure = (label: string) => page.locator('.figure', { hasText: label }).locator('.value');
    await expect.poll(() => figure('需求').innerText()).toBe(String(total.demands));
    expect(await figure('旗县区派单').innerText()).toBe(String(total.placedCounty));
    expect(await figure('市级派单').innerText()).toBe(String(total.placedCity));
    expect(await figure('上报').innerText()).toBe(String(total.escalated));
    await expect.poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1500); // the bars grow in
    await page.screenshot({ path: join(OUT, 'dashboard.png') });
    await page.close();
  });

  it('a wrong password: a plain Chinese message, no way in', async () => {
    const page = await browser.newPage();
    await signIn(page, 'township-tarhu', 'wrong-password');
    await expect.poll(() => page.locator('.el-alert').innerText()).toMatch(/\S/);
    expect(page.url()).toContain('/login');
    await page.close();
  });
});
