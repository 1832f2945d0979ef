import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * 暂缓办理台账 in the web app (issue 18, item 2): the organization department defers a hard case with
 * an explanation and a review date, finds it in the file; the township sees on its card which way
 * the item went and when it will be looked at again.
 */

let app: TestApp;
let browser: Browser;
let origin: string;
let hard: string;
const TITLE = '村里老旧危房改造';

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  const township = await app.login('township-tarhu');
  const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, township)).data.demandLists.nodes[0].id;
  hard = (await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', {
    i: { listId: list, category: 'SERVICE', title: TITLE, content: '联丰村十几户老旧土坯房多年没有改造，雨季漏水', forms: ['ON_SITE'], kind: 'HARD' },
  }, township)).data.addDemandItem.id;
  await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id: hard }, township);
  const org = await app.login('org-city');
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the file of what is on file in Chromium', () => {
  it('the desk defers a hard case with a review date and finds it in the file; the township sees the way it went and the review date', async () => {
    const review = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, origin, 'org-city');
    await page.waitForURL('**/dashboard');
    await page.locator('.bar a', { hasText: '上报事项' }).click();
    await page.waitForURL('**/desk');
    await page.locator('.filters .el-select').nth(1).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '历史遗留老大难' }).click();
    const row = page.locator('.desk tr.el-table__row', { hasText: TITLE });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: '暂缓' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '暂不具备办理条件' });
    await dialog.locator('textarea[name=explanation]').fill('危房改造需列入明年农村危房改造项目，暂不具备条件');
    await dialog.getByRole('button', { name: '暂缓', exact: true }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择复核日期']);
    await dialog.locator('input[name=reviewDate]').fill(review);
    await dialog.locator('input[name=reviewDate]').press('Enter');
    await dialog.getByRole('button', { name: '暂缓', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.locator('.el-tabs__item', { hasText: '暂缓办理台账' }).click();
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '暂缓办理台账' }).innerText()).toBe('暂缓办理台账（1）');
    const filed = page.locator('.on-file tr.el-table__row', { hasText: TITLE });
    await expect.poll(() => filed.innerText()).toContain(review);
    expect(await filed.innerText()).toContain('危房改造需列入明年');
    expect(await filed.innerText()).toContain('市委组织部');
    await page.screenshot({ path: join(OUT, 'on-file-desk.png') });

    // A review with a new date: the state stays, the file shows the new date.
    const next = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
    await filed.getByRole('button', { name: '复核' }).click();
    const reviewing = page.locator('.el-dialog', { hasText: '复核暂缓事项' });
    await reviewing.locator('textarea[name=reviewNote]').fill('项目仍在申报中');
    await reviewing.locator('input[name=nextReviewDate]').fill(next);
    await reviewing.locator('input[name=nextReviewDate]').press('Enter');
    await reviewing.getByRole('button', { name: '记录复核' }).click();
    await expect.poll(() => filed.innerText()).toContain(next);
    await page.close();

    const mobile = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    await signIn(mobile, origin, 'township-tarhu');
    await mobile.waitForURL('**/township');
    await mobile.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const card = mobile.locator('.item', { hasText: TITLE });
    await expect.poll(() => card.locator('.route').innerText()).toContain('暂缓办理');
    expect(await card.locator('.route').innerText()).toContain(`定于 ${next} 复核`);
    expect(await card.locator('.on-file').innerText()).toContain(`复核日期：${next}`);
    expect(await card.locator('.on-file').innerText()).toContain('危房改造需列入明年');
    await card.scrollIntoViewIfNeeded();
    await mobile.screenshot({ path: join(OUT, 'on-file-township.png') });
    // The printed copy says the way too.
    await mobile.emulateMedia({ media: 'print' });
    expect(await mobile.locator('.print-only tr', { hasText: TITLE }).innerText()).toContain('暂缓办理：');
    await mobile.close();
  });
});
