import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * The admin page (/admin) in Debian's Chromium, driven by playwright-core, against the server
 * serving the built app (web/dist) on the demo data: users, regions, departments and campaigns,
 * each form's rules in Chinese and the server's refusals shown through the form.
 */

let app: TestApp;
let browser: Browser;
let origin: string;
let admin: string;

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  admin = await app.login('admin');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, origin, 'admin');
  await page.waitForURL('**/admin');
}

/** A login through the API: the error code, or null when it lets the user in. */
async function loginRefusal(username: string, password: string): Promise<string | null> {
  const r = await app.gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: username, p: password });
  return r.errors ? r.errors[0].extensions.code : null;
}

/** Picks an option of an Element Plus select (its drop-down lives under <body>). */
async function pick(page: Page, select: ReturnType<Page['locator']>, option: string): Promise<void> {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** Waits for what the page shows, longer than expect.poll's 1 s: a move reloads its table before the dialog closes, and CI machines are busy. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });
const errors = (dialog: ReturnType<Page['locator']>) => dialog.locator('.el-form-item__error').allInnerTexts();
const closed = async (dialog: ReturnType<Page['locator']>) => ((await dialog.isVisible()) ? 'open' : 'closed');

describe('the admin page in Chromium', () => {
  it('users: create a township organizer (rules in Chinese, a taken username refused), reset a password, deactivate and reactivate', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAsAdmin(page);
    const { totalCount } = (await app.gql('{ users(first: 1) { totalCount } }', {}, admin)).data.users;
    const rows = page.locator('.el-table.users .el-table__body tr');
    await poll(() => rows.count()).toBe(totalCount);
    expect(await page.locator('.el-tabs__item', { hasText: '用户' }).innerText()).toBe(`用户（${totalCount}）`);
    expect(await rows.filter({ hasText: 'dept-wuyuan-nk' }).innerText()).toContain('部门发布员');

    // An empty form: every rule says what is missing, in Chinese; a bad username and a short password as they are typed.
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '创建用户' });
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await poll(() => errors(dialog)).toEqual(['请填写用户名', '请填写密码', '请填写姓名', '请选择角色']);
    await dialog.locator('input[name=username]').fill('李 四');
    await poll(() => errors(dialog)).toContain('用户名为 3–64 位字母、数字或 . _ -');
    await dialog.locator('input[name=password]').fill('short');
    await poll(() => errors(dialog)).toContain('密码为 8–200 个字符');

    // A taken username: the server refuses, the form says so in Chinese and stays open.
    await dialog.locator('input[name=username]').fill('admin');
    await dialog.locator('input[name=password]').fill('tarhu-first-2020');
    await dialog.locator('input[name=displayName]').fill('李联络员');
    await pick(page, dialog.locator('.el-select.role'), '乡镇组织员');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await poll(() => errors(dialog)).toEqual(['请选择区划']);
    await pick(page, dialog.locator('.el-select.region'), '塔尔湖镇');
    await poll(() => errors(dialog)).toEqual([]);
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await poll(() => dialog.locator('.el-alert').innerText()).toContain('这个用户名已经有人用了');
    await page.screenshot({ path: join(OUT, 'admin-user-form.png') });

    await dialog.locator('input[name=username]').fill('tarhu-li');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await poll(() => closed(dialog)).toBe('closed');
    const li = rows.filter({ hasText: 'tarhu-li' });
    await poll(() => li.innerText()).toContain('塔尔湖镇');
    expect(await li.innerText()).toContain('乡镇组织员');
    expect(await li.innerText()).toContain('启用');
    expect(await loginRefusal('tarhu-li', 'tarhu-first-2020')).toBeNull();
    await page.screenshot({ path: join(OUT, 'admin.png') });

    // Reset the password: the new one lets her in, the old one no longer.
    await li.getByRole('button', { name: '重置密码' }).click();
    const reset = page.locator('.el-dialog', { hasText: '重置密码：tarhu-li' });
    await reset.getByRole('button', { name: '重置密码' }).click();
    await poll(() => errors(reset)).toEqual(['请填写新密码']);
    await reset.locator('input[name=newPassword]').fill('tarhu-second-2020');
    await reset.getByRole('button', { name: '重置密码' }).click();
    await poll(() => closed(reset)).toBe('closed');
    expect(await page.locator('.el-alert--success').innerText()).toContain('已重置 tarhu-li 的密码');
    expect(await loginRefusal('tarhu-li', 'tarhu-second-2020')).toBeNull();
    expect(await loginRefusal('tarhu-li', 'tarhu-first-2020')).toBe('UNAUTHENTICATED');

    // Deactivate (confirmed): she can no longer log in; reactivated, she can again.
    await li.getByRole('button', { name: '停用' }).click();
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: '停用' }).click();
    await poll(() => li.innerText()).toContain('已停用');
    expect(await loginRefusal('tarhu-li', 'tarhu-second-2020')).toBe('UNAUTHENTICATED');
    await li.getByRole('button', { name: '启用' }).click();
    await poll(() => li.locator('.el-tag').innerText()).toBe('启用');
    expect(await loginRefusal('tarhu-li', 'tarhu-second-2020')).toBeNull();
    const created = (await app.gql('{ users(first: 100) { nodes { username role active region { id } } } }', {}, admin)).data.users.nodes
      .find((u: { username: string }) => u.username === 'tarhu-li');
    expect(created).toEqual({ username: 'tarhu-li', role: 'TOWNSHIP_ORGANIZER', active: true, region: { id: '150821102' } });
    await page.close();
  });

  it('campaigns: create one (dates checked in Chinese), then rename it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAsAdmin(page);
    await page.locator('.el-tabs__item', { hasText: '活动周期' }).click();
    const rows = page.locator('.el-table.campaigns .el-table__body tr');
    await poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: '新建活动周期' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '创建活动周期' });
    await dialog.getByRole('button', { name: '创建活动周期' }).click();
    await poll(() => errors(dialog)).toEqual(['请填写名称', '请选择开始日期', '请选择结束日期']);
    await dialog.locator('input[name=name]').fill('2020—2021年冬春服务行动');
    const date = async (name: string, value: string) => {
      await dialog.locator(`input[name=${name}]`).fill(value);
      await dialog.locator(`input[name=${name}]`).press('Enter');
    };
    await date('startsOn', '2020-12-01');
    await date('endsOn', '2020-11-30');
    await poll(() => errors(dialog)).toEqual(['结束日期不能早于开始日期']);
    await date('endsOn', '2021-04-30');
    await dialog.getByRole('button', { name: '创建活动周期' }).click();
    await poll(() => closed(dialog)).toBe('closed');
    await poll(() => rows.count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/2020—2021年冬春服务行动\s+2020-12-01\s+2021-04-30/);

    await rows.first().getByRole('button', { name: '编辑' }).click();
    const edit = page.locator('.el-dialog', { hasText: '编辑活动周期' });
    await edit.locator('input[name=name]').fill('2020—2021年冬春“惠三农”服务行动');
    await edit.getByRole('button', { name: '保存' }).click();
    await poll(() => rows.first().innerText()).toContain('2020—2021年冬春“惠三农”服务行动');
    const campaigns = (await app.gql('{ campaigns(first: 100) { nodes { name startsOn endsOn } } }', {}, admin)).data.campaigns.nodes;
    expect(campaigns).toContainEqual({ name: '2020—2021年冬春“惠三农”服务行动', startsOn: '2020-12-01', endsOn: '2021-04-30' });
    await page.close();
  });

  it('regions and departments: a new township under a county, renamed; every department over two pages, a new one, renamed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAsAdmin(page);
    await page.locator('.el-tabs__item', { hasText: '区划' }).click();
    const regionRows = page.locator('.el-table.regions .el-table__body tr');
    const wuyuan = regionRows.filter({ hasText: '五原县' });
    await wuyuan.getByRole('button', { name: '新建下级' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '创建区划' });
    expect(await dialog.innerText()).toContain('苏木镇（乡镇、街道）');
    await dialog.locator('input[name=code]').fill('150821 999');
    await dialog.getByRole('button', { name: '创建区划' }).click();
    await poll(() => errors(dialog)).toEqual(['请填写名称', '区划代码只能是字母、数字、- 或 _']);
    await dialog.locator('input[name=name]').fill('新建镇');
    await dialog.locator('input[name=code]').fill('150821999');
    await dialog.getByRole('button', { name: '创建区划' }).click();
    await poll(() => closed(dialog)).toBe('closed');
    const town = (await app.gql('{ region(id: "150821999") { name level parent { id } } }', {}, admin)).data.region;
    expect(town).toEqual({ name: '新建镇', level: 'TOWNSHIP', parent: { id: '150821' } });
    // The new township in sight under its county, and still there after a rename.
    const row = regionRows.filter({ hasText: '150821999' });
    await poll(() => row.isVisible()).toBe(true);
    await row.getByRole('button', { name: '改名' }).click();
    const rename = page.locator('.el-dialog', { hasText: '区划改名' });
    await rename.locator('input[name=name]').fill('新建苏木');
    await rename.getByRole('button', { name: '保存' }).click();
    await poll(() => closed(rename)).toBe('closed');
    await poll(() => row.innerText()).toContain('新建苏木');
    expect(await row.isVisible()).toBe(true);
    await page.screenshot({ path: join(OUT, 'admin-regions.png') });

    await page.locator('.el-tabs__item', { hasText: '部门' }).click();
    const { totalCount } = (await app.gql('{ departments(first: 1) { totalCount } }', {}, admin)).data.departments;
    expect(totalCount).toBeGreaterThan(25); // more than one page of 25
    const rows = page.locator('.el-table.departments .el-table__body tr');
    await poll(() => rows.count()).toBe(totalCount);
    await page.getByRole('button', { name: '新建部门' }).click();
    const create = page.locator('.el-dialog', { hasText: '创建部门' });
    await create.getByRole('button', { name: '创建部门' }).click();
    await poll(() => errors(create)).toEqual(['请填写名称', '请选择所属区划']);
    await create.locator('input[name=name]').fill('五原县退役军人事务局');
    await pick(page, create.locator('.el-select.region'), '五原县');
    await create.getByRole('button', { name: '创建部门' }).click();
    await poll(() => rows.count()).toBe(totalCount + 1);
    const dept = rows.filter({ hasText: '五原县退役军人事务局' });
    expect(await dept.innerText()).toContain('旗县区部门');
    await dept.getByRole('button', { name: '编辑' }).click();
    const edit = page.locator('.el-dialog', { hasText: '编辑部门' });
    await edit.locator('input[name=name]').fill('五原县退役军人服务中心');
    await edit.getByRole('button', { name: '保存' }).click();
    await poll(() => rows.filter({ hasText: '五原县退役军人服务中心' }).count()).toBe(1);
    await page.close();
  });

  it('on a 375 px phone the page is no wider than the screen: the users table scrolls inside itself', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await signInAsAdmin(page);
    await poll(() => page.locator('.el-table.users .el-table__body tr').count()).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(OUT, 'admin-phone.png') });
    await page.close();
  });
});
