import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/** 微心愿 in the web app (issue 18, item 1): a party member on a phone claims a wish from the board, reports on it and completes it. */

let app: TestApp;
let browser: Browser;
let origin: string;
let wish: string;

beforeAll(async () => {
  app = await startApp(readDemoData(), { wishBoardDays: 7 });
  origin = new URL(app.url).origin;
  const admin = await app.login('admin');
  const r = await app.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
    { i: { username: 'volunteer-li', password: 'peican-volunteer', displayName: '李党员', role: 'VOLUNTEER', regionId: '150821', departmentId: 'DEP-K-WY-NK' } }, admin);
  expect(r.errors).toBeUndefined();
  const township = await app.login('township-tarhu');
  const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, township)).data.demandLists.nodes[0].id;
  wish = (await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list, category: 'SERVICE', title: '想有人帮着买药', content: '独居的王大爷腿脚不便，想有人每周帮着去镇上买一次药', forms: ['ON_SITE'], kind: 'INDIVIDUAL', villageId: '150821102201' } }, township)).data.addDemandItem.id;
  await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id: wish }, township);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('micro-wishes in Chromium', () => {
  it('a volunteer on a phone claims a wish with a promised date, reports progress and completes it; the township sees who took it', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    await signIn(page, origin, 'volunteer-li', 'peican-volunteer');
    await page.waitForURL('**/wishes');
    const card = page.locator('.item', { hasText: '想有人帮着买药' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain('联丰村');
    await page.screenshot({ path: join(OUT, 'wishes-board.png') });
    await card.getByRole('button', { name: '我来领办' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '领办微心愿' });
    await dialog.getByRole('button', { name: '领办' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择承诺办结时限']);
    const promised = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await dialog.locator('input[name=committedDate]').fill(promised);
    await dialog.locator('input[name=committedDate]').press('Enter');
    await dialog.locator('input[name=claimNote]').fill('每周六上午去');
    await dialog.getByRole('button', { name: '领办' }).click();
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '我领办的' }).innerText()).toBe('我领办的（1）');
    const mine = page.locator('.el-tab-pane .item', { hasText: '想有人帮着买药' }).filter({ hasText: '承诺' });
    await expect.poll(() => mine.innerText()).toContain(`承诺 ${promised} 前办结`);

    await mine.getByRole('button', { name: '报进展' }).click();
    const progress = page.locator('.el-dialog', { hasText: '报进展' });
    await progress.locator('textarea[name=progressNote]').fill('第一次的药已送到');
    await progress.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => mine.innerText()).toContain('第一次的药已送到');
    await mine.getByRole('button', { name: '办结' }).click();
    const complete = page.locator('.el-dialog', { hasText: '办理结果' });
    await complete.locator('textarea[name=resultNote]').fill('一个月里每周送药上门');
    await complete.getByRole('button', { name: '办结' }).click();
    await expect.poll(() => mine.innerText()).toContain('已办结');
    await expect.poll(() => complete.isVisible()).toBe(false);
    await page.screenshot({ path: join(OUT, 'wishes-mine.png') });

    const township = await app.login('township-tarhu');
    const item = (await app.gql('query($id: ID!) { demandItem(id: $id) { status timeline { action note } } }', { id: wish }, township)).data.demandItem;
    expect(item.status).toBe('COMPLETED');
    expect(item.timeline.map((e: any) => e.action)).toEqual(expect.arrayContaining(['CLAIMED', 'REPORT_PROGRESS', 'COMPLETE']));
    expect(item.timeline.find((e: any) => e.action === 'CLAIMED').note).toContain('李党员');
    await page.close();
  });

  it('a volunteer gives a claimed wish back with a reason: it is on the board again', async () => {
    const township = await app.login('township-tarhu');
    const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, township)).data.demandLists.nodes[0].id;
    const id = (await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list, category: 'SERVICE', title: '想有人帮着修院门', content: '李奶奶家院门坏了关不上', forms: ['ON_SITE'], kind: 'INDIVIDUAL', villageId: '150821102201' } }, township)).data.addDemandItem.id;
    await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id }, township);
    const version = (await app.gql('query($id: ID!) { demandItem(id: $id) { version } }', { id }, township)).data.demandItem.version;
    const volunteer = await app.gql('mutation { login(input: { username: "volunteer-li", password: "peican-volunteer" }) { token } }');
    const claimed = await app.gql('mutation($i: ClaimWishInput!) { claimWish(input: $i) { id } }',
      { i: { demandItemId: id, version, committedDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) } }, volunteer.data.login.token);
    expect(claimed.errors).toBeUndefined();

    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    await signIn(page, origin, 'volunteer-li', 'peican-volunteer');
    await page.waitForURL('**/wishes');
    await page.locator('.el-tabs__item', { hasText: '我领办的' }).click();
    const mine = page.locator('.el-tab-pane .item', { hasText: '想有人帮着修院门' });
    await mine.getByRole('button', { name: '退回领办' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '退回原因' });
    await dialog.getByRole('button', { name: '退回' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请写退回原因']);
    await dialog.locator('textarea[name=releaseReason]').fill('家里有事，这周去不了');
    await dialog.getByRole('button', { name: '退回' }).click();
    // Back on the board, and on the township's timeline with the reason.
    const card = page.locator('.item', { hasText: '想有人帮着修院门' }).filter({ has: page.getByRole('button', { name: '我来领办' }) });
    await expect.poll(() => card.count()).toBe(1);
    const item = (await app.gql('query($id: ID!) { demandItem(id: $id) { status timeline { action note } } }', { id }, township)).data.demandItem;
    expect(item.status).toBe('SUBMITTED');
    expect(item.timeline.at(-1)).toEqual({ action: 'RELEASE', note: '退回领办：家里有事，这周去不了' });
    await page.close();
  });
});
