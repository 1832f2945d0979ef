import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn as signInAt } from './support';

/**
 * The web app (issue 16) in a real browser: Debian's Chromium (/usr/bin/chromium, which .ci/run
 * installs), driven by playwright-core, against the server serving the built app (web/dist) and the
 * API on the demo data, matched. Screenshots go to test/browser/out/ for a person to look at.
 */

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  const org = await app.login('org-city');
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signIn = (page: Page, username: string, password?: string) => signInAt(page, origin, username, password);

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

  it('a township edits a draft, withdraws a submitted item, sees what changed since her last visit, and prints her list on A4', async () => {
    const town = await app.login('township-tarhu');
    const dept = await app.login('dept-wuyuan-nk');
    const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, town)).data.demandLists.nodes[0];
    const draft = (await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', {
      i: { listId: list.id, category: 'TECHNOLOGY', title: '羊羔拉稀', content: '羊羔一只接一只拉稀', forms: ['ON_SITE'], priority: 'VULNERABLE', kind: 'INDIVIDUAL' },
    }, town)).data.addDemandItem;

    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const card = page.locator('.el-tab-pane .item', { hasText: '羊羔拉稀' });
    await card.getByRole('button', { name: '修改' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '修改需求' });
    await expect.poll(() => dialog.locator('textarea[name=content]').inputValue()).toBe('羊羔一只接一只拉稀');
    await dialog.locator('textarea[name=content]').fill('羊羔一只接一只拉稀，吃了药也不见好，想请兽医来看看');
    await dialog.getByRole('button', { name: '保存' }).click();
    const read = async (id: string) => (await app.gql('query($id: ID!) { demandItem(id: $id) { status content priority kind } }', { id }, town)).data.demandItem;
    // The edit keeps what the form did not show as it was read (priority and kind are on the form).
    await expect.poll(() => read(draft.id)).toEqual({ status: 'DRAFT', content: '羊羔一只接一只拉稀，吃了药也不见好，想请兽医来看看', priority: 'VULNERABLE', kind: 'INDIVIDUAL' });

    // Submit it, then take it back with a reason.
    await card.getByRole('button', { name: '提交补报' }).click();
    await expect.poll(() => card.innerText()).toContain('已提交');
    await card.getByRole('button', { name: '撤回' }).click();
    const withdraw = page.locator('.el-dialog', { hasText: '确认撤回' });
    await withdraw.getByRole('button', { name: '确认撤回' }).click();
    await expect.poll(() => withdraw.locator('.el-form-item__error').allInnerTexts()).toEqual(['请写撤回原因']);
    await withdraw.locator('textarea[name=withdrawReason]').fill('村里自己请到兽医了');
    await withdraw.getByRole('button', { name: '确认撤回' }).click();
    await expect.poll(async () => (await read(draft.id)).status).toBe('WITHDRAWN');

    // Meanwhile the department accepts one of her items: on her next visit it is marked new.
    const waiting = (await app.gql('{ assignments(first: 100) { nodes { id version status demandItem { id township { id } } } } }', {}, dept)).data.assignments.nodes
      .find((a: any) => a.status === 'MATCHED' && a.demandItem.township.id === '150821102');
    const committed = new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10);
    expect((await app.gql('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id } }', { i: { id: waiting.id, version: waiting.version, committedDate: committed, personInCharge: '李' } }, dept)).errors).toBeUndefined();
    await page.reload();
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    await expect.poll(() => page.locator('.el-tabs__item .el-badge__content').innerText()).toBe('1');
    expect(await page.locator('.el-tab-pane .item', { hasText: waiting.demandItem.id }).locator('.new').count()).toBe(1);
    await page.screenshot({ path: join(OUT, 'township-news.png') });

    // Printed: the list alone, as a table, on A4.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-only').isVisible()).toBe(true);
    expect(await page.locator('.page').isVisible()).toBe(false);
    expect(await page.locator('.print-only tbody tr').count()).toBe((await app.gql('{ demandItems(first: 100) { totalCount } }', {}, town)).data.demandItems.totalCount);
    const pdf = await page.pdf({ format: 'A4', path: join(OUT, 'township-list.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('a township imports her list from a spreadsheet: checked first (every bad cell shown, nothing written), then imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peican-upload-'));
    const bad = join(dir, '需求.csv');
    writeFileSync(bad, '类别,需求,具体内容,服务形式\n送科学,电影下乡,冬天想看电影,放映\n');
    const good = join(dir, '需求2.csv');
    writeFileSync(good, '塔尔湖镇需求\n类别,需求,具体内容,服务形式,受益人数\n送文化,冬季电影下乡,冬天农闲，村里想看露天电影,放映,80\n送健康,冬季义诊,老人多，想请医生进村量血压,义诊,40\n');
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '从 Excel 导入需求' });
    await page.locator('input[name=importFile]').setInputFiles(bad);
    await expect.poll(() => dialog.innerText()).toContain('有 1 处要改');
    expect(await dialog.locator('.problems').innerText()).toContain('送科学');
    expect(await dialog.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();

    // A header it does not know: said in Chinese, by name.
    const odd = join(dir, '需求3.csv');
    writeFileSync(odd, '类别,需求,备注栏\n送文化,电影,无\n');
    await page.locator('input[name=importFile]').setInputFiles(odd);
    await expect.poll(() => page.locator('.page > .el-alert').innerText()).toContain('不认识的列：备注栏');
    expect(await page.locator('.page > .el-alert').innerText()).toContain('缺少必填的列：具体内容、服务形式');

    await page.locator('input[name=importFile]').setInputFiles(good);
    await expect.poll(() => dialog.innerText()).toContain('共 2 行：新增 2 项');
    await page.waitForTimeout(500); // the dialog fades in
    await page.screenshot({ path: join(OUT, 'township-import.png') });
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => dialog.innerText()).toContain('已导入：新增 2 项');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await expect.poll(() => page.locator('.el-tab-pane .item', { hasText: '冬季电影下乡' }).innerText()).toContain('草稿');
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
    const states = (await app.gql('{ assignments(first: 100) { nodes { status personInCharge committedDate demandItem { id } } } }', {}, org)).data.assignments.nodes;
    expect(states.filter((a: { status: string }) => a.status === 'DECLINED').length).toBe(1);
    expect(states.find((a: { personInCharge: string | null }) => a.personInCharge === '王技术员')).toMatchObject({ status: 'ACCEPTED', committedDate: committed });

    // In 办理中: a progress note, then 办结 with the result and the people served.
    await page.locator('.el-tabs__item', { hasText: '办理中' }).click();
    const accepted = states.find((a: { personInCharge: string | null }) => a.personInCharge === '王技术员').demandItem.id;
    const row = page.locator('.el-tab-pane:visible .el-table__body tr', { hasText: accepted });
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
    const RATE = 'numerator denominator pending value';
    const { matchReport: { total }, scorecards } = (await app.gql(`{ matchReport(campaignId: "C-2019-WS") { total { demands placedCounty placedCity escalated overdue
      responseRate { ${RATE} } resolutionRate { ${RATE} } satisfactionRate { ${RATE} } } } scorecards(campaignId: "C-2019-WS") { name demands } }`, {}, token)).data;
    const figure = (label: string) => page.locator('.figure', { hasText: label });
    await expect.poll(() => figure('需求').locator('.value').innerText()).toBe(String(total.demands));
    for (const [label, value] of [['旗县区派单', total.placedCounty], ['市级派单', total.placedCity], ['上报', total.escalated], ['超期', total.overdue]]) {
      expect(await figure(label).locator('.value').innerText()).toBe(String(value));
    }
    // Each rate with its numerator, denominator and pending, as the report gives them.
    for (const [label, r] of [['响应率', total.responseRate], ['办结率', total.resolutionRate], ['满意率', total.satisfactionRate]]) {
      expect(await figure(label).innerText()).toContain(`${r.numerator}/${r.denominator}${r.pending ? `，待定 ${r.pending}` : ''}`);
    }
    // The scorecards, one row per department; the charts: per county twice, the gap heat map, moves per day.
    await expect.poll(() => page.locator('.scorecards .el-table__body tr').count()).toBe(scorecards.length);
    await expect.poll(() => page.locator('.chart:has(canvas)').count()).toBe(4);
    await page.waitForTimeout(1500); // the bars grow in
    await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('the escalation desk: filter by reason, the candidates the engine saw with the rule that stopped each, a demand assigned by hand; then matching run with its summary', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'org-city');
    await page.waitForURL('**/dashboard');
    await page.locator('.bar a', { hasText: '上报事项' }).click();
    await page.waitForURL('**/desk');
    const token = await app.login('org-city');
    const open = async (reason?: string) => (await app.gql('query($f: EscalationFilter) { escalations(filter: $f) { totalCount nodes { demandItem { id } } } }', { f: { status: 'OPEN', reason } }, token)).data.escalations;
    const before = await open();
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '上报事项' }).innerText()).toBe(`上报事项（${before.totalCount}）`);

    // Only the low-relevance ones: each lists the items the engine weighed, and why each was not taken.
    await page.locator('.filters .el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '内容不相符' }).click();
    const low = await open('LOW_RELEVANCE');
    await expect.poll(() => page.locator('.desk > .el-table__inner-wrapper > .el-table__body-wrapper tr.el-table__row').count()).toBe(low.totalCount);
    const first = page.locator('.desk tr.el-table__row').first();
    const id = low.nodes[0].demandItem.id;
    expect(await first.innerText()).toContain(id);
    await first.locator('.el-table__expand-icon').click();
    await expect.poll(() => page.locator('.candidates').first().innerText()).toContain('没有派单的原因');
    await page.screenshot({ path: join(OUT, 'desk.png') });

    // Assign it by hand to a department of its county, with a note.
    await first.getByRole('button', { name: '派单', exact: true }).click();
    const dialog = page.locator('.el-dialog', { hasText: '人工派单' });
    await dialog.getByRole('button', { name: '派单', exact: true }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择部门', '请写派单说明']);
    await dialog.locator('.el-select').first().click();
    await page.locator('.el-select-dropdown__item:visible').first().click();
    await dialog.locator('textarea[name=note]').fill('组织部门协调：请该部门安排');
    await dialog.getByRole('button', { name: '派单', exact: true }).click();
    await expect.poll(async () => (await app.gql('query($id: ID!) { demandItem(id: $id) { status assignment { tier note } } }', { id }, token)).data.demandItem)
      .toMatchObject({ status: 'MATCHED', assignment: { tier: 'MANUAL', note: expect.stringContaining('组织部门协调') } });
    await expect.poll(() => page.locator('.desk tr.el-table__row').count()).toBe(low.totalCount - 1);

    // Run matching from the desk: a progress bar while it runs, then the run's figures, as the API kept them.
    await page.getByRole('button', { name: '运行配餐' }).click();
    await expect.poll(() => page.locator('.summary').isVisible()).toBe(true);
    const runs = (await app.gql('{ matchRuns(campaignId: "C-2019-WS", first: 100) { nodes { considered placedCounty placedCity escalated } } }', {}, token)).data.matchRuns.nodes;
    const latest = runs[runs.length - 1]; // oldest first
    const summary = await page.locator('.summary').innerText();
    for (const [label, value] of [['参与配餐', latest.considered], ['旗县区派单', latest.placedCounty], ['市级派单', latest.placedCity], ['上报', latest.escalated]]) {
      expect(summary).toMatch(new RegExp(`${label}\\s+${value}(\\s|$)`));
    }
    await page.screenshot({ path: join(OUT, 'desk-run.png') });
    await page.close();
  });

  it('the explorer (GraphiQL, bundled) at /explorer runs a query with the signed-in token', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const offline: string[] = [];
    page.on('request', (r) => (new URL(r.url()).origin === origin ? null : offline.push(r.url())));
    await signIn(page, 'org-city');
    await page.waitForURL('**/dashboard');
    await page.goto(`${origin}/explorer`);
    await expect.poll(() => page.locator('.graphiql-container').count(), { timeout: 15_000 }).toBe(1);
    // The editor may still be starting (its schema read by introspection): run the query until an answer shows.
    await expect.poll(async () => {
      await page.locator('.graphiql-execute-button').click();
      await page.waitForTimeout(300);
      return page.locator('.graphiql-response').innerText();
    }, { timeout: 15_000 }).toContain('"username": "org-city"');
    expect(offline).toEqual([]); // nothing from a CDN
    await page.screenshot({ path: join(OUT, 'explorer.png') });
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
