import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/** 办实事清单 in the web app (issue 18, item 6): a department publisher starts its list, adds a promise, publishes it and records progress; the organization department reads it. */

let app: TestApp;
let browser: Browser;
let origin: string;
const year = new Date().getUTCFullYear();
const TITLE = '为十个嘎查村培训兽医防疫员';

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('commitment lists in Chromium', () => {
  it('a department publisher adds an item, publishes and records progress; the organization department reads the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, origin, 'dept-nmj');
    await page.waitForURL('**/department');
    await page.locator('.bar a', { hasText: '办实事清单' }).click();
    await page.waitForURL('**/commitments');
    await page.getByRole('button', { name: `新建 ${year} 年办实事清单` }).click();
    const list = page.locator('.list', { hasText: `巴彦淖尔市农牧局${year}年办实事清单` });
    await expect.poll(() => list.count()).toBe(1);

    await list.getByRole('button', { name: '新增事项' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '新增事项' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请写要办的实事', '请选择完成时限']);
    await dialog.locator('input[name=title]').fill(TITLE);
    await dialog.locator('textarea[name=detail]').fill('每个嘎查村培训一名兽医防疫员，覆盖全市十个重点养殖村');
    await dialog.locator('input[name=deadline]').fill(`${year}-12-31`);
    await dialog.locator('input[name=deadline]').press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => list.innerText()).toContain(TITLE);
    expect(await list.innerText()).toContain(`完成时限 ${year}-12-31`);

    await list.getByRole('button', { name: '公布清单' }).click();
    await expect.poll(() => list.innerText()).toContain('已公布');
    await list.getByRole('button', { name: '记录进展' }).click();
    const progress = page.locator('.el-dialog', { hasText: '记录进展' });
    await progress.locator('textarea[name=progressNote]').fill('已在五个嘎查村完成培训');
    await progress.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => list.innerText()).toContain('已在五个嘎查村完成培训');
    expect(await list.innerText()).toContain('推进中');
    expect(await list.innerText()).toContain('市农牧局联络人');
    await expect.poll(() => progress.isVisible()).toBe(false);
    await page.screenshot({ path: join(OUT, 'commitments-department.png'), fullPage: true });
    await page.close();

    const token = await app.login('org-city');
    const lists = (await app.gql('{ commitmentLists { nodes { status items { title status notes { note } } } } }', {}, token)).data.commitmentLists.nodes;
    expect(lists).toEqual([{ status: 'PUBLISHED', items: [{ title: TITLE, status: 'IN_PROGRESS', notes: [{ note: '已在五个嘎查村完成培训' }] }] }]);

    // The organization department reads it, without the buttons that change it.
    const org = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(org, origin, 'org-city');
    await org.waitForURL('**/dashboard');
    // The dashboard's card: the department's list in figures.
    await expect.poll(() => org.locator('.promises').innerText()).toContain('巴彦淖尔市农牧局');
    expect(await org.locator('.promises').innerText()).toContain('共 1 件：已办结 0，推进中 1，逾期 0');
    await org.locator('.bar a', { hasText: '办实事清单' }).click();
    await org.waitForURL('**/commitments');
    const read = org.locator('.list', { hasText: TITLE });
    await expect.poll(() => read.innerText()).toContain('巴彦淖尔市农牧局 · 共 1 件');
    expect(await read.getByRole('button').count()).toBe(0);
    await org.waitForTimeout(500); // the tags fade in
    await org.screenshot({ path: join(OUT, 'commitments-organization.png'), fullPage: true });
    await org.close();
  });
});
