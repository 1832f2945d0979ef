import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { Household } from '../../src/modules/household/household.entity';
import { newTrackingCode, parseTrackingCode } from '../../src/modules/tracking/tracking-code';
import { TRACK_LOOKUPS } from '../../src/modules/tracking/tracking-http';
import { webRoot } from '../../src/web-app';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { LIANFENG, smallWorld, TARHU } from '../support/fixture';

/**
 * Public tracking like a parcel (issue 18, item 3): every demand gets a tracking code when it is
 * submitted (with its list, as a late item, as a common demand), and GET /track/CODE answers its
 * progress to anyone, without a token — the state, the timeline's moves, the serving department's
 * published contact, the committed date and whether it is late — and nothing personal.
 */

let app: TestApp;
let as: (user: string) => string;
let origin: string;
/** Lookups sent to the JSON route, every one counted against this test's address. */
let lookups = 0;

const CODE = /^PC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;
const HOUSEHOLD = { headName: '张三丰', phone: '13912345678' };
const PROGRESS = `已入户${HOUSEHOLD.headName}家指导，有事打 ${HOUSEHOLD.phone}`;

async function track(code: string, headers: Record<string, string> = {}) {
  if (!/text\/html/.test(headers.accept ?? '')) lookups += 1;
  const res = await fetch(`${origin}/track/${code}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

const ok = async (query: string, variables: Record<string, unknown>, user: string) => {
  const r = await app.gql(query, variables, as(user));
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
};
const codeOfItem = async (id: string) => (await ok('query($id: ID!) { demandItem(id: $id) { trackingCode } }', { id }, 'admin')).demandItem.trackingCode as string | null;

beforeAll(async () => {
  app = await startApp(smallWorld());
  origin = new URL(app.url).origin;
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'dept-wuyuan-nk']);
});
afterAll(() => app?.close());

describe(`tracking codes (${DB_KIND})`, () => {
  it('every seeded (submitted) demand has one, in the grouped form, each different', async () => {
    const nodes = (await ok('{ demandItems(first: 100) { nodes { id trackingCode } } }', {}, 'admin')).demandItems.nodes;
    expect(nodes).toHaveLength(3);
    for (const n of nodes) expect(n.trackingCode).toMatch(CODE);
    expect(new Set(nodes.map((n: any) => n.trackingCode)).size).toBe(3);
    // The township reads her own items' codes.
    const mine = (await ok('{ demandItems(first: 100) { nodes { id trackingCode } } }', {}, 'township-tarhu')).demandItems.nodes;
    expect(mine.map((n: any) => n.id).sort()).toEqual(['D-001', 'D-002']);
    expect(mine.every((n: any) => CODE.test(n.trackingCode))).toBe(true);
  });

  it('a list gets them when it is submitted, a late item (补报) when it is, a common demand when it is merged', async () => {
    const campaign = (await ok('mutation { createCampaign(input: { name: "2020年夏季服务行动", startsOn: "2020-05-01", endsOn: "2020-08-31" }) { id } }', {}, 'admin')).createCampaign.id;
    const list = (await ok('mutation($c: ID!) { createDemandList(input: { campaignId: $c, townshipId: "150821102" }) { id } }', { c: campaign }, 'township-tarhu')).createDemandList.id;
    const add = async (title: string, content: string) =>
      (await ok('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id trackingCode } }', { i: { listId: list, category: 'TECHNOLOGY', title, content, forms: ['TRAINING'], beneficiaries: 10 } }, 'township-tarhu')).addDemandItem;
    const first = await add('葵花菌核病防治培训', '葵花盘子烂了，想请人来讲讲防治');
    const second = await add('葵花烂盘子', '村里葵花得了菌核病，希望来人讲讲防治');
    // A draft has none.
    expect(first.trackingCode).toBeNull();
    await ok('mutation($id: ID!) { submitDemandList(id: $id) { id } }', { id: list }, 'township-tarhu');
    const codes = [await codeOfItem(first.id), await codeOfItem(second.id)];
    for (const c of codes) expect(c).toMatch(CODE);

    const late = await add('玉米螟防治', '玉米地里虫子多，想请技术员来看看');
    expect(late.trackingCode).toBeNull();
    const submitted = (await ok('mutation($id: ID!) { submitDemandItem(id: $id) { trackingCode } }', { id: late.id }, 'township-tarhu')).submitDemandItem;
    expect(submitted.trackingCode).toMatch(CODE);

    const common = (await ok('mutation($ids: [ID!]!) { mergeCommonNeed(input: { demandItemIds: $ids }) { id trackingCode } }', { ids: [first.id, second.id] }, 'org-wuyuan')).mergeCommonNeed;
    expect(common.trackingCode).toMatch(CODE);
    // Merged, the members keep theirs.
    expect(await codeOfItem(first.id)).toBe(codes[0]);

    const all = (await ok('{ demandItems(first: 100) { nodes { trackingCode } } }', {}, 'admin')).demandItems.nodes.map((n: any) => n.trackingCode);
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    // The unique index holds in the database too.
    const em = app.orm.em.fork();
    const row = await em.findOneOrFail(DemandItem, { id: late.id });
    row.trackingCode = codes[0];
    await expect(em.flush()).rejects.toThrow();

    // A member merged into the common demand says so, and names the common demand's code to follow.
    const member = await track(codes[0]!);
    expect(member.status).toBe(200);
    expect(member.body).toMatchObject({ status: 'WITHDRAWN', statusName: '已撤回', mergedInto: common.trackingCode });
    expect(member.body.timeline.map((l: any) => l.action)).toEqual(['SUBMITTED', 'MERGED']);
    const merged = await track(common.trackingCode);
    expect(merged.body.timeline[0]).toMatchObject({ action: 'SUBMITTED', by: '组织部门', note: '共性问题：2 条相同需求合并为这一条，统一配餐' });
    // Not the ids of the demands merged, nor their texts.
    expect(merged.text).not.toContain(first.id);
    expect(merged.text).not.toContain('葵花盘子烂了');
  });
});

describe(`GET /track/CODE without a token (${DB_KIND})`, () => {
  let code: string;

  beforeAll(async () => {
    code = (await codeOfItem('D-001'))!;
    // D-001 was raised on a visit to a household (personal data).
    const em = app.orm.em.fork();
    const household = em.create(Household, { township: TARHU, village: LIANFENG, headName: HOUSEHOLD.headName, phone: HOUSEHOLD.phone, population: 3, tags: ['独居老人'], importKey: 'test-household' });
    await em.flush();
    await em.nativeUpdate(DemandItem, { id: 'D-001' }, { household: household.id });
    // Matched, accepted with a committed date and a person in charge, a progress report naming the household.
    app.clock.set(new Date('2020-01-10T02:00:00Z'));
    await ok('mutation { runMatching(campaignId: "C-1") { id } }', {}, 'org-city');
    const d1 = (await ok('{ demandItem(id: "D-001") { assignment { id version department { id } } } }', {}, 'township-tarhu')).demandItem.assignment;
    expect(d1.department.id).toBe('DEP-K-WY-NK');
    const accepted = (await ok('mutation($id: ID!, $v: Int!) { acceptAssignment(input: { id: $id, version: $v, committedDate: "2020-01-20", personInCharge: "王技术员" }) { version } }', { id: d1.id, v: d1.version }, 'dept-wuyuan-nk')).acceptAssignment;
    await ok('mutation($id: ID!, $v: Int!, $n: String!) { reportProgress(input: { id: $id, version: $v, note: $n }) { version } }', { id: d1.id, v: accepted.version, n: PROGRESS }, 'dept-wuyuan-nk');
  });

  it('answers the state, the timeline, the department with its published contact and the committed date', async () => {
    const r = await track(code);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toMatchObject({
      trackingCode: code, category: 'TECHNOLOGY', categoryName: '送科技', title: '大棚番茄灰霉病防治', status: 'IN_PROGRESS', statusName: '办理中',
      county: '五原县', township: '塔尔湖镇', village: '联丰村',
      department: { name: '五原县农牧和科技局', service: '设施蔬菜病害防治现场指导', contactName: '刘芳', contactPhone: '13900000002' },
      committedDate: '2020-01-20', dueDate: '2020-01-20', overdue: false, daysLate: 0, mergedInto: null,
    });
    expect(r.body.submittedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(r.body.timeline).toEqual([
      { action: 'SUBMITTED', actionName: '提交需求', at: expect.any(String), by: '系统', note: null },
      { action: 'MATCHED', actionName: '派单', at: '2020-01-10T02:00:00.000Z', by: '组织部门', note: '派给五原县农牧和科技局' },
      { action: 'ACCEPT', actionName: '接单', at: '2020-01-10T02:00:00.000Z', by: '承办部门', note: '承诺 2020-01-20 前办结' },
      // The report's own words are not shown: they name a household and a phone.
      { action: 'REPORT_PROGRESS', actionName: '办理进展', at: '2020-01-10T02:00:00.000Z', by: '承办部门', note: null },
    ]);
  });

  it('shows nothing personal: no household, no content, no person in charge, no user', async () => {
    const { text } = await track(code);
    const forbidden = [
      HOUSEHOLD.headName, HOUSEHOLD.phone, '独居老人', '王技术员', PROGRESS,
      // The content (villagers' words), the beneficiaries, the priority, the demand's id.
      '种植户60余户', '"beneficiaries"', '"priority"', '"content"', '"household"', 'D-001',
      // Who acted: usernames and display names of the accounts.
      'dept-wuyuan-nk', 'org-city', 'township-tarhu', '五原县农牧和科技局联络人', '市委组织部', '塔尔湖镇民情联络员', '"actor"',
    ];
    for (const word of forbidden) expect(text, word).not.toContain(word);
  });

  it('says when it is late: past the committed date', async () => {
    app.clock.set(new Date('2020-01-25T02:00:00Z'));
    expect((await track(code)).body).toMatchObject({ committedDate: '2020-01-20', overdue: true, daysLate: 5 });
    app.clock.set(new Date('2020-01-10T02:00:00Z'));
  });

  it('an escalated item says why; assigned by hand, it runs late past the days allowed to accept, and the desk\'s note stays inside', async () => {
    const c2 = (await codeOfItem('D-002'))!;
    const escalated = await track(c2);
    expect(escalated.body).toMatchObject({ status: 'ESCALATED', statusName: '已上报', department: null, committedDate: null, dueDate: null, overdue: false });
    expect(escalated.body.timeline.at(-1)).toMatchObject({ action: 'ESCALATED', by: '组织部门', note: '本类别无供给，由组织部门统筹' });
    const { version } = (await ok('{ demandItem(id: "D-002") { version } }', {}, 'org-city')).demandItem;
    const deskNote = '请李四联系 13800001111 安排';
    await ok('mutation($v: Int!, $n: String!) { assignByHand(input: { demandItemId: "D-002", version: $v, departmentId: "DEP-C-NMJ", note: $n }) { status } }', { v: version, n: deskNote }, 'org-city');
    const r = await track(c2);
    // A department without one of its items named: no published contact to give.
    expect(r.body).toMatchObject({
      status: 'MATCHED', department: { name: '巴彦淖尔市农牧局', service: null, contactName: null, contactPhone: null }, committedDate: null, dueDate: '2020-01-13', overdue: false,
    });
    expect(r.body.timeline.at(-1)).toEqual({ action: 'ASSIGN_BY_HAND', actionName: '组织部门派单', at: '2020-01-10T02:00:00.000Z', by: '组织部门', note: '派给巴彦淖尔市农牧局' });
    expect(r.text).not.toContain('李四');
    expect(r.text).not.toContain('13800001111');
    app.clock.set(new Date('2020-01-15T02:00:00Z'));
    expect((await track(c2)).body).toMatchObject({ overdue: true, daysLate: 2 });
    app.clock.set(new Date('2020-01-10T02:00:00Z'));
  });

  it('reads the code typed any way: lower case, without dashes or the prefix, with spaces, O for 0 and I or L for 1', async () => {
    const raw = code.slice(3).replace(/-/g, '');
    for (const typed of [code.toLowerCase(), raw, `PC${raw}`, raw.toLowerCase(), `pc ${raw.slice(0, 4)} ${raw.slice(4, 8)} ${raw.slice(8)}`]) {
      const r = await track(encodeURIComponent(typed));
      expect(r.status, typed).toBe(200);
      expect(r.body.trackingCode).toBe(code);
    }
    expect(parseTrackingCode('pc-7k3m-9qxd-2o')).toBe('PC-7K3M-9QXD-20');
    expect(parseTrackingCode('PC-IK3M-9QXD-2L')).toBe('PC-1K3M-9QXD-21');
    expect(parseTrackingCode('PC-7K3M-9QXD-2U')).toBeNull();
    expect(parseTrackingCode('7K3M9QXD2')).toBeNull();
  });

  it('answers the same with a token: the route reads none', async () => {
    const res = await fetch(`${origin}/track/${code}`, { headers: { authorization: `Bearer ${as('admin')}` } });
    lookups += 1;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual((await track(code)).body);
  });

  it('an unknown code is a 404, and what is not a code a 400, each with a clear JSON error', async () => {
    let unknown = newTrackingCode();
    while (unknown === code) unknown = newTrackingCode();
    const r = await track(unknown);
    expect(r.status).toBe(404);
    expect(r.body.errors[0]).toMatchObject({ message: expect.stringContaining(unknown), extensions: { code: 'NOT_FOUND', field: 'code' } });
    const bad = await track('hello');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', allowed: 'PC-XXXX-XXXX-XX' });
    expect((await track('')).status).toBe(400);
    const post = await fetch(`${origin}/track/${code}`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('a browser opening /track/CODE as a page gets the web app (not counted as a lookup)', async () => {
    const r = await track(code, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    if (existsSync(join(webRoot, 'index.html'))) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.text).toContain('<div id="app">');
    } else expect(r.text).not.toContain(code);
  });

  it(`past ${TRACK_LOOKUPS} lookups a minute from one address: 429 with Retry-After`, async () => {
    expect(lookups).toBeLessThanOrEqual(TRACK_LOOKUPS);
    let last = await track(code);
    while (last.status === 200 && lookups <= TRACK_LOOKUPS + 1) last = await track(code);
    expect(lookups).toBe(TRACK_LOOKUPS + 1);
    expect(last.status).toBe(429);
    expect(last.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    const retryAfter = Number(last.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Unknown codes count too: guessing is throttled the same.
    expect((await track(newTrackingCode())).status).toBe(429);
  });
});
