import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { addSunflowerNeeds } from '../support/common-need';
import { launchChromium, OUT, signIn as signInAt } from './support';

/**
 * Duplicates and common needs in the web app (issue 17, item 3): the township organizer merges a
 * need entered twice or keeps two apart; the organization department merges the same need from
 * several villages into one common demand at its desk.
 */

let app: TestApp;
let browser: Browser;
let origin: string;
let listId: string;
const chickens: string[] = [];
const school: string[] = [];
const common: string[] = [];

const ITEM = 'query($id: ID!) { demandItem(id: $id) { status kind beneficiaries title mergedInto { id kind beneficiaries title } } }';

beforeAll(async () => {
  app = await startApp(readDemoData(), { lexicon: true });
  origin = new URL(app.url).origin;
  const tarhu = await app.login('township-tarhu');
  listId = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, tarhu)).data.demandLists.nodes[0].id;
  const add = async (into: string[], category: string, title: string, content: string) => {
    const r = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId, category, title, content, forms: ['ON_SITE'], beneficiaries: 10 } }, tarhu);
    expect(r.errors).toBeUndefined();
    into.push(r.data.addDemandItem.id);
  };
  await add(chickens, 'TECHNOLOGY', '鸡瘟', '家里的鸡一只接一只地死，想请兽医来看看');
  await add(chickens, 'TECHNOLOGY', '鸡老是死', '养的鸡这几天一只接一只地死了，请兽医来看看咋回事');
  await add(school, 'SERVICE', '娃上学没人接', '爸妈都出去打工了，娃上学放学没人接送，想找人帮着接送娃');
  await add(school, 'SERVICE', '孩子放学没人接', '家里大人在外打工，孩子上学放学没人接送，盼着有人帮忙接送孩子');
  common.push(...(await addSunflowerNeeds(app)));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signIn = (page: Page, username: string) => signInAt(page, origin, username);

describe('duplicates and common needs in Chromium', () => {
  it('a township organizer on a phone sees what she entered twice: merges one pair into the item she keeps, keeps the other apart', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    await signIn(page, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.locator('.el-tabs__item', { hasText: '我的需求' }).click();
    const panel = page.locator('.duplicates');
    await expect.poll(() => panel.innerText()).toMatch(/可能重复的需求（[1-9]\d*? 组）/);
    await panel.getByRole('button', { name: '查看并处理' }).click();
    const pair = panel.locator('.group', { hasText: '孩子放学没人接' });
    await expect.poll(() => pair.locator('tr.el-table__row').count()).toBe(2);
    // Keep the second wording (孩子放学没人接, 20 people): the first is merged into it.
    await pair.locator(`[aria-label="保留 ${school[1]}"]`).click();
    await page.screenshot({ path: join(OUT, 'township-duplicates.png') });
    await pair.locator('button', { hasText: '合并到保留的一条' }).click();
    await expect.poll(() => panel.locator('.group', { hasText: '孩子放学没人接' }).count()).toBe(0);
    const card = page.locator('.item', { hasText: `已并入 ${school[1]}` });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain(`${school[0]} ·`);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'township-merged.png') });
    // The chickens are two households' flocks, not one need twice: kept apart, the panel is empty.
    await panel.locator('.group', { hasText: '鸡老是死' }).locator('button', { hasText: '不是重复' }).click();
    await expect.poll(() => page.locator('.group', { hasText: '鸡老是死' }).count()).toBe(0);
    const token = await app.login('township-tarhu');
    expect((await app.gql(ITEM, { id: school[0] }, token)).data.demandItem).toMatchObject({ status: 'WITHDRAWN', mergedInto: { title: '孩子放学没人接' } });
    for (const id of chickens) expect((await app.gql(ITEM, { id }, token)).data.demandItem.status).toBe('DRAFT');
    await page.close();
  });

  it("the organization department merges one need from four townships into one common demand at its desk", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'org-wuyuan');
    await page.waitForURL('**/dashboard');
    await page.goto(`${origin}/desk`);
    const tab = page.locator('.el-tabs__item', { hasText: '共性问题' });
    await expect.poll(() => tab.innerText()).toMatch(/共性问题（[1-9]\d*）/);
    await tab.click();
    const card = page.locator('.group', { hasText: '葵花烂盘子' });
    await expect.poll(() => card.locator('tr.el-table__row').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => card.innerText()).toContain('受益');
    // The analyst keeps only the four that ask for the same training (the demo's own sunflower demands are other needs).
    const rows = card.locator('tr.el-table__row');
    const others: string[] = [];
    for (let i = 0; i < await rows.count(); i++) {
      const text = await rows.nth(i).innerText();
      if (common.some((id) => text.includes(id))) continue;
      others.push(text.match(/D-\d+/)![0]);
      await rows.nth(i).locator('.el-checkbox').click();
    }
    await expect.poll(() => card.innerText()).toContain('合并勾选的 4 条');
    await card.locator('input[aria-label=共性需求名称]').fill('向日葵菌核病防治培训（共性问题）');
    await page.screenshot({ path: join(OUT, 'desk-common.png') });
    await card.locator('button', { hasText: '合并为一条共性需求' }).click();
    await expect.poll(() => page.locator('.group', { hasText: '葵花烂盘子' }).count()).toBe(0);
    await page.screenshot({ path: join(OUT, 'desk-common-merged.png') });
    const token = await app.login('org-wuyuan');
    const member = (await app.gql(ITEM, { id: common[1] }, token)).data.demandItem;
    expect(member).toMatchObject({ status: 'WITHDRAWN', mergedInto: { kind: 'COMMON', title: '向日葵菌核病防治培训（共性问题）' } });
    expect(member.mergedInto.beneficiaries).toBe(110);
    for (const id of others) expect((await app.gql(ITEM, { id }, token)).data.demandItem.status).not.toBe('WITHDRAWN');
    await page.close();
  });
});
