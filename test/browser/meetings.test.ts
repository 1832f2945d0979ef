import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/** 联席会议 in the web app (issue 18, item 4): a township organizer builds the agenda, records a decision, prints it, and sees the decision on the item's timeline. */

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  app = await startApp(readDemoData());
  origin = new URL(app.url).origin;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('joint meetings in Chromium', () => {
  it('a township organizer builds the agenda, records a decision with the attendees and the next date, prints it, and finds the decision on the timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await signIn(page, origin, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.bar a', { hasText: '联席会议' }).click();
    await page.waitForURL('**/meetings');
    // Her township's agenda for today comes at once: the demo's seven demands, new (submitted within the last 30 days).
    const section = page.locator('.section', { hasText: '新增需求' });
    await expect.poll(() => section.locator('.entry').count()).toBe(7);
    expect(await section.innerText()).toContain('温室大棚番茄灰霉病防治');
    await page.locator('textarea[name=decision-D-001]').fill('请农牧局本周内对接联丰村大棚户');
    await page.locator('input[name=place]').fill('塔尔湖镇政府三楼会议室');
    await page.locator('textarea[name=attendees]').fill('王镇长（塔尔湖镇）、李站长（五原县农牧和科技局）');
    const next = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[name=nextMeetingOn]').fill(next);
    await page.locator('input[name=nextMeetingOn]').press('Enter');
    await page.screenshot({ path: join(OUT, 'meetings-agenda.png'), fullPage: true });
    await page.getByRole('button', { name: '保存会议纪要' }).click();
    await expect.poll(() => page.locator('.el-alert--success').innerText()).toContain('1 项会议决定已记入需求的办理记录');
    const row = page.locator('.el-table__row', { hasText: '塔尔湖镇政府三楼会议室' });
    await expect.poll(() => row.count()).toBe(1);

    // The minutes, read back and printed on A4.
    await row.getByRole('button', { name: '查看' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '联席会议纪要' });
    await expect.poll(() => dialog.innerText()).toContain('请农牧局本周内对接联丰村大棚户');
    expect(await dialog.innerText()).toContain(`${next}`);
    await page.evaluate(() => { (globalThis as unknown as { print: () => void }).print = () => {}; });
    await dialog.getByRole('button', { name: '打印纪要' }).click();
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('.print-only');
    expect(await printed.isVisible()).toBe(true);
    expect(await page.locator('.page').isVisible()).toBe(false);
    expect(await printed.innerText()).toContain('塔尔湖镇 联席会议纪要');
    expect(await printed.innerText()).toContain('王镇长（塔尔湖镇）、李站长（五原县农牧和科技局）');
    await page.screenshot({ path: join(OUT, 'meetings-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });
    await dialog.locator('.el-dialog__headerbtn').click();

    // On the item's timeline, as the township follows it.
    await page.locator('.bar a', { hasText: '点菜' }).click();
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const card = page.locator('.item', { hasText: '温室大棚番茄灰霉病防治' });
    await expect.poll(() => card.innerText()).toContain('会议决定');
    expect(await card.innerText()).toContain('塔尔湖镇联席会议决定：请农牧局本周内对接联丰村大棚户');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'meetings-timeline.png') });
    await page.close();
  });

  it("an organization department picks a township of its county and reads the township's minutes", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await signIn(page, origin, 'org-wuyuan');
    await page.waitForURL('**/dashboard');
    await page.locator('.bar a', { hasText: '联席会议' }).click();
    await page.waitForURL('**/meetings');
    await page.locator('.township').click();
    await page.locator('.el-select-dropdown__item', { hasText: '塔尔湖镇' }).click();
    await page.getByRole('button', { name: '生成议程' }).click();
    // The township's minutes of today are there: the agenda says so, and the list has them.
    await expect.poll(() => page.locator('.el-alert--warning').innerText()).toContain('这一天已有会议纪要');
    await expect.poll(() => page.locator('textarea[name=decision-D-001]').inputValue()).toBe('请农牧局本周内对接联丰村大棚户');
    expect(await page.locator('.el-table__row', { hasText: '塔尔湖镇政府三楼会议室' }).count()).toBe(1);
    await page.screenshot({ path: join(OUT, 'meetings-org.png'), fullPage: true });
    await page.close();
  });
});
