import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * 查询办理进度 (issue 18) in Chromium: from the login page, without signing in, a villager types the
 * tracking code printed on the township's copy (any case, dashes or not) and reads the demand's
 * progress like a parcel's: its state, the department with a call button, the committed date and
 * the timeline — and nothing personal.
 */

let app: TestApp;
let browser: Browser;
let origin: string;
let code: string;
const PERSON_IN_CHARGE = '王技术员';
const PROGRESS = '已入户指导，联系村民张三 13912345678';

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  const org = await app.login('org-city');
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
  // One of 五原县农牧和科技局's items accepted with a committed date, and a progress report naming a villager.
  const dept = await app.login('dept-wuyuan-nk');
  const work = await app.gql('{ assignments(first: 1, filter: { status: MATCHED }) { nodes { id version demandItem { trackingCode } } } }', {}, dept);
  const [a] = work.data.assignments.nodes;
  code = a.demandItem.trackingCode;
  const committed = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const accepted = await app.gql('mutation($id: ID!, $v: Int!, $d: String!, $p: String!) { acceptAssignment(input: { id: $id, version: $v, committedDate: $d, personInCharge: $p }) { version } }',
    { id: a.id, v: a.version, d: committed, p: PERSON_IN_CHARGE }, dept);
  expect(accepted.errors).toBeUndefined();
  const reported = await app.gql('mutation($id: ID!, $v: Int!, $n: String!) { reportProgress(input: { id: $id, version: $v, note: $n }) { version } }',
    { id: a.id, v: accepted.data.acceptAssignment.version, n: PROGRESS }, dept);
  expect(reported.errors).toBeUndefined();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('looking up a tracking code in Chromium', () => {
  it("the township's cards show each item's code, small, and her printed copy has them in a column of their own", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await signIn(page, origin, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const card = page.locator('.el-tab-pane .item', { hasText: code });
    await expect.poll(() => card.locator('.code').innerText()).toBe(`查询码 ${code}`);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'township-code.png') });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('.print-only');
    expect(await printed.locator('th').allInnerTexts()).toContain('查询码');
    expect(await printed.locator('td.code').allInnerTexts()).toContain(code);
    expect(await printed.locator('.printed').innerText()).toContain(`${origin}/track`);
    await page.screenshot({ path: join(OUT, 'township-print-codes.png') });
    await page.close();
  });

  it('from the login page, not signed in, on a 375 px phone: the state, the department to call, the committed date and the timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await page.goto(`${origin}/login`);
    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.waitForURL('**/track');
    // Typed as a person might: lower case, no dashes.
    await page.fill('input[name=code]', code.replace(/-/g, '').toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(`**/track/*`);
    const result = page.locator('.result');
    await expect.poll(() => result.innerText()).toContain('办理中');
    const text = await result.innerText();
    expect(text).toContain(code);
    expect(text).toContain('五原县农牧和科技局');
    expect(text).toContain('办理记录');
    expect(text).toContain('接单');
    expect(await result.locator('a[href^="tel:"]').count()).toBe(1);
    expect(await result.locator('.el-timeline-item').count()).toBeGreaterThanOrEqual(4);
    // Nothing personal: not the person in charge, not the report's words.
    for (const word of [PERSON_IN_CHARGE, '张三', '13912345678']) expect(text).not.toContain(word);
    // Never signed in.
    expect(await page.evaluate("localStorage.getItem('peican.token')")).toBeNull();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, 'track.png'), fullPage: true });
    await page.close();
  });

  it('opens /track/CODE straight from its address (the server gives a browser the page, the page the JSON), and says plainly when a code is unknown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${origin}/track/${code}`);
    await expect.poll(() => page.locator('.result').innerText()).toContain(code);
    await page.fill('input[name=code]', 'PC-0000-0000-00');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.el-alert--error').innerText()).toContain('没有找到这个查询码');
    expect(await page.locator('.result').count()).toBe(0);
    await page.fill('input[name=code]', '12345');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.el-alert--error').innerText()).toContain('PC- 后面是 10 位字母和数字');
    await page.close();
  });
});
