import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { Household } from '../../src/modules/household/household.entity';
import { startApp, type TestApp } from '../support/app';
import { launchChromium, OUT, signIn } from './support';

/**
 * 结对认亲 in the web app (issue 18, item 5): 五原县's organization department runs the pairing and
 * reads the load figures and the household left unpaired with why; 塔尔湖镇's organizer records a
 * cadre's visit whose need becomes a draft demand of its list.
 */

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  app = await startApp(readDemoData(), { pairingCapacity: 2 });
  origin = new URL(app.url).origin;
  const org = await app.login('org-wuyuan');
  const r = await app.gql('mutation($i: AddCadresInput!) { addCadres(input: $i) { id } }', { i: { cadres: [
    { name: '李村官', departmentId: 'DEP-K-WY-NK', regionId: '150821102201' },
    { name: '张镇干部', departmentId: 'DEP-K-WY-NK', regionId: '150821102' },
  ] } }, org);
  expect(r.errors).toBeUndefined();
  const em = app.orm.em.fork();
  const rows: [string, string | null, string][] = [['150821102201', '王大爷', '独居老人'], ['150821102201', '刘大姐', ''], ['150821102202', '赵叔', ''], ['150821102202', '孙婶', ''], ['150821102202', '周伯', ''], ['150821101201', '钱家', '']];
  rows.forEach(([village, name, tag], i) => em.create(Household, {
    township: village!.slice(0, 9), village, headName: name!, population: 2, tags: tag ? [tag] : [], phone: `1380000000${i}`, importKey: `b-${i}`,
  }));
  await em.flush();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('pairing in Chromium', () => {
  it('the organization department runs the pairing and sees the load figures and the unpaired with why', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, origin, 'org-wuyuan');
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '结对认亲' }).click();
    await page.waitForURL('**/pairing');
    await expect.poll(() => page.locator('.figure').count()).toBe(6);
    expect(await page.locator('.figures').innerText()).toContain('6\n农户（户）');
    await page.getByRole('button', { name: '运行结对' }).click();
    const ran = page.locator('.ran');
    await expect.poll(() => ran.isVisible().then((v) => (v ? ran.innerText() : ''))).toContain('本次新增结对 4 户');
    await expect.poll(() => page.locator('.figures').innerText()).toContain('4\n已结对');
    const figures = await page.locator('.figures').innerText();
    expect(figures).toContain('2\n未结对');
    expect(figures).toContain('2 / 2\n最多联系户数 / 上限');
    const unpaired = page.locator('.unpaired');
    await expect.poll(() => unpaired.innerText()).toContain('干部已联系满');
    expect(await unpaired.innerText()).toContain('没有结对干部'); // 钱家 of 隆兴昌镇: no cadre there
    const card = page.locator('.item', { hasText: '王大爷' });
    expect(await card.innerText()).toContain('村级干部');
    expect(await card.innerText()).toContain('李村官');
    await page.waitForTimeout(500); // the tags fade in
    await page.screenshot({ path: join(OUT, 'pairing-run.png'), fullPage: true });
    await page.close();
  });

  it("the township's organizer records a visit for a cadre: the need raised becomes a draft demand", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await signIn(page, origin, 'township-tarhu');
    await page.waitForURL('**/township');
    await page.goto(`${origin}/pairing`);
    const card = page.locator('.item', { hasText: '王大爷' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain('13800000000');
    await card.getByRole('button', { name: '记录走访' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '走访情况' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.locator('.el-form-item__error').allInnerTexts()).toEqual(['请写走访情况']);
    await dialog.locator('textarea[name=visitNotes]').fill('李村官入户看望，老人身体尚好');
    await dialog.locator('textarea[name=visitNeeds]').fill('冬天取暖煤不够，想申请取暖补助');
    await dialog.locator('.el-select').click();
    await page.locator('.el-select-dropdown__item', { hasText: '送温暖' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => card.innerText()).toContain('李村官入户看望');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.waitForTimeout(500); // the dialog's fade-out
    await page.screenshot({ path: join(OUT, 'pairing-visit.png'), fullPage: true });
    const township = await app.login('township-tarhu');
    const drafts = (await app.gql('{ demandItems(first: 100, filter: { townshipId: "150821102", status: DRAFT }) { nodes { title category source household { headName } } } }', {}, township)).data.demandItems.nodes;
    expect(drafts).toContainEqual({ title: '冬天取暖煤不够', category: 'WARMTH', source: 'VISIT', household: { headName: '王大爷' } });
    await page.close();
  });
});
