import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 暂缓办理台账 (issue 18, item 2): the desk defers with an explanation and a review date; the file
 * lists what is on file in the viewer's scope; a review writes a line and may move the date; and
 * every demand tells its township which way it went (DemandItem.route).
 */

let app: TestApp;
let as: (user: string) => string;
/** 塔尔湖镇's hard case (老大难), 干召庙镇's, a draft, a micro-wish on the board, one taken back. */
let tarhuHard: string;
let ganHard: string;
let draft: string;
let wish: string;
let withdrawn: string;

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const ITEM = `query($id: ID!) { demandItem(id: $id) { id version status route { way reason }
  deferral { deskNote reviewDate deferredAt reviewOverdue } timeline { action note } } }`;
const FILE = `query($f: OnFileFilter) { onFile(filter: $f, first: 50) { totalCount nodes { reviewDate reviewOverdue deferredAt deskNote
  deferredBy { username } demandItem { id township { id } } } } }`;
const DEFER = 'mutation($i: DeferDemandInput!) { deferDemand(input: $i) { status version deferral { reviewDate deskNote } route { way reason } } }';
const read = async (id: string, user = 'org-city') => (await app.gql(ITEM, { id }, as(user))).data.demandItem;

beforeAll(async () => {
  app = await startApp(readDemoData(), { wishBoardDays: 7 });
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']);
  const add = async (township: string, kind: string, title: string, content: string, submit = true) => {
    const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, as(township))).data.demandLists.nodes[0].id;
    const r = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list, category: 'SERVICE', title, content, forms: ['ON_SITE'], kind } }, as(township));
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const id = r.data.addDemandItem.id as string;
    if (submit) expect((await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id }, as(township))).errors).toBeUndefined();
    return id;
  };
  tarhuHard = await add('township-tarhu', 'HARD', '村里老旧危房改造', '联丰村十几户老旧土坯房多年没有改造，雨季漏水');
  ganHard = await add('township-ganzhaomiao', 'HARD', '灌区渠道多年失修', '村里的支渠年久失修，浇地时跑水严重');
  draft = await add('township-tarhu', 'COMMON', '想办一次电商培训', '村里年轻人想学网上卖农产品', false);
  wish = await add('township-tarhu', 'INDIVIDUAL', '独居老人想有人帮着买药', '联丰村独居的王大爷腿脚不便，想有人每周帮着去镇上买一次药');
  withdrawn = await add('township-tarhu', 'COMMON', '村口路灯坏了', '村口的路灯坏了两盏');
  const w = await read(withdrawn, 'township-tarhu');
  expect((await app.gql('mutation($id: ID!, $v: Int) { withdrawDemandItem(id: $id, reason: "村里自己修好了", version: $v) { id } }', { id: withdrawn, v: w.version }, as('township-tarhu'))).errors).toBeUndefined();
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
});
afterAll(() => app?.close());

describe(`the file of what is on file (${DB_KIND})`, () => {
  it('defers with an explanation and a review date; the township reads both on its item, and the way it went', async () => {
    const before = await read(tarhuHard);
    expect(before.status).toBe('ESCALATED');
    const r = await app.gql(DEFER, { i: { demandItemId: tarhuHard, version: before.version, explanation: '危房改造需列入明年农村危房改造项目，暂不具备条件', reviewDate: day(90) } }, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.deferDemand).toMatchObject({ status: 'DEFERRED', deferral: { reviewDate: day(90), deskNote: '危房改造需列入明年农村危房改造项目，暂不具备条件' }, route: { way: 'ON_FILE' } });
    const mine = await read(tarhuHard, 'township-tarhu');
    expect(mine.deferral).toMatchObject({ reviewDate: day(90), deskNote: '危房改造需列入明年农村危房改造项目，暂不具备条件', reviewOverdue: false });
    expect(mine.route.way).toBe('ON_FILE');
    expect(mine.route.reason).toContain(`定于 ${day(90)} 复核`);
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'DEFER', note: expect.stringContaining(`${day(90)} 复核`) });
    const g = await read(ganHard);
    expect((await app.gql(DEFER, { i: { demandItemId: ganHard, version: g.version, explanation: '渠道改造等水利项目资金', reviewDate: day(30) } }, as('org-city'))).errors).toBeUndefined();
  });

  it('refuses a missing, malformed, past, today\'s or too distant review date with BAD_USER_INPUT on input.reviewDate, and changes nothing', async () => {
    // An escalated demand not yet deferred: the engine's own (D-109 found nothing that fits its text).
    const before = await read('D-109');
    expect(before.status).toBe('ESCALATED');
    for (const reviewDate of [undefined, null, '', '2027-02-30', '明年', day(-1), day(0), day(731)]) {
      const r = await app.gql(DEFER, { i: { demandItemId: 'D-109', version: before.version, explanation: '暂不具备条件', reviewDate } }, as('org-city'));
      expect(codeOf(r), String(reviewDate)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions).toMatchObject({ field: 'input.reviewDate', allowed: expect.stringContaining(day(1)) });
    }
    // Two years ahead is the last day allowed.
    expect((await read('D-109'))).toEqual(before);
    const file = (await app.gql(FILE, {}, as('org-city'))).data.onFile;
    expect(file.nodes.map((n: any) => n.demandItem.id)).not.toContain('D-109');
  });

  it('lists the file in scope: the city all, a county its own, a township only its own, a department and a volunteer none', async () => {
    const city = (await app.gql(FILE, {}, as('org-city'))).data.onFile;
    expect(city.nodes.map((n: any) => n.demandItem.id).sort()).toEqual([tarhuHard, ganHard].sort());
    const t = city.nodes.find((n: any) => n.demandItem.id === tarhuHard);
    expect(t).toMatchObject({ reviewDate: day(90), reviewOverdue: false, deferredBy: { username: 'org-city' }, deskNote: expect.stringContaining('危房改造') });
    expect(Date.parse(t.deferredAt)).toBeGreaterThan(Date.now() - 60_000);
    // 五原县 holds 塔尔湖镇, not 干召庙镇 (临河区).
    expect((await app.gql(FILE, {}, as('org-wuyuan'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([tarhuHard]);
    expect((await app.gql(FILE, {}, as('township-tarhu'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([tarhuHard]);
    expect((await app.gql(FILE, {}, as('township-ganzhaomiao'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([ganHard]);
    // A township naming another township's items finds none of them.
    expect((await app.gql(FILE, { f: { townshipId: '150802101' } }, as('township-tarhu'))).data.onFile.totalCount).toBe(0);
    for (const user of ['dept-nmj', 'dept-wuyuan-nk']) expect((await app.gql(FILE, {}, as(user))).data.onFile.totalCount).toBe(0);
    // Filters: by township, and by the review falling due by a date.
    expect((await app.gql(FILE, { f: { townshipId: '150821102' } }, as('org-city'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([tarhuHard]);
    expect((await app.gql(FILE, { f: { reviewDueBy: day(45) } }, as('org-city'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([ganHard]);
    expect(codeOf(await app.gql(FILE, { f: { reviewDueBy: '45天后' } }, as('org-city')))).toBe('BAD_USER_INPUT');
    expect(codeOf(await app.gql(FILE, { f: { townshipId: 'R-NOPE' } }, as('org-city')))).toBe('NOT_FOUND');
  });

  it('flags an item whose review date has passed; a review writes a line, keeps the state and may set a new date', async () => {
    app.clock.set(new Date(Date.now() + 31 * 86_400_000));
    try {
      const overdue = (await app.gql(FILE, { f: { overdueOnly: true } }, as('org-city'))).data.onFile.nodes;
      expect(overdue.map((n: any) => n.demandItem.id)).toEqual([ganHard]);
      expect(overdue[0].reviewOverdue).toBe(true);
      const g = await read(ganHard);
      const REVIEW = 'mutation($i: ReviewOnFileInput!) { reviewOnFile(input: $i) { status version deferral { reviewDate reviewOverdue } timeline { action note } } }';
      // Refused: a department; a past date; a stale version; an item not on file.
      expect(codeOf(await app.gql(REVIEW, { i: { demandItemId: ganHard, version: g.version, note: '复核' } }, as('dept-nmj')))).toBe('FORBIDDEN');
      expect(codeOf(await app.gql(REVIEW, { i: { demandItemId: ganHard, version: g.version, note: '复核', reviewDate: day(20) } }, as('org-city')))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.gql(REVIEW, { i: { demandItemId: ganHard, version: g.version - 1, note: '复核' } }, as('org-city')))).toBe('CONFLICT');
      expect(codeOf(await app.gql(REVIEW, { i: { demandItemId: ganHard, version: g.version, note: '复核' } }, as('org-wuyuan')))).toBe('NOT_FOUND');
      expect(await read(ganHard)).toEqual(g);
      const r = await app.gql(REVIEW, { i: { demandItemId: ganHard, version: g.version, note: '水利项目资金尚未下达', reviewDate: day(120) } }, as('org-city'));
      expect(r.errors).toBeUndefined();
      expect(r.data.reviewOnFile).toMatchObject({ status: 'DEFERRED', deferral: { reviewDate: day(120), reviewOverdue: false } });
      expect(r.data.reviewOnFile.version).toBeGreaterThan(g.version);
      expect(r.data.reviewOnFile.timeline.at(-1)).toEqual({ action: 'REVIEWED', note: `水利项目资金尚未下达（下次复核 ${day(120)}）` });
      expect((await app.gql(FILE, { f: { overdueOnly: true } }, as('org-city'))).data.onFile.totalCount).toBe(0);
    } finally {
      app.clock.set(new Date());
    }
  });

  it('resuming takes an item off the file', async () => {
    const g = await read(ganHard);
    const r = await app.gql('mutation($i: ResumeDemandInput!) { resumeDemand(input: $i) { status deferral { id } route { way } escalation { status reviewDate } } }', {
      i: { demandItemId: ganHard, version: g.version, note: '资金已下达' },
    }, as('org-city'));
    expect(r.data.resumeDemand).toEqual({ status: 'ESCALATED', deferral: null, route: { way: 'LEADERS' }, escalation: { status: 'OPEN', reviewDate: null } });
    expect((await app.gql(FILE, {}, as('org-city'))).data.onFile.nodes.map((n: any) => n.demandItem.id)).toEqual([tarhuHard]);
  });

  it("tells the township which way each item went and why", async () => {
    const route = async (id: string, user = 'township-tarhu') => (await read(id, user)).route;
    expect(await route(draft)).toEqual({ way: 'NOT_SENT', reason: expect.stringContaining('草稿') });
    expect(await route(wish)).toEqual({ way: 'BOARD', reason: expect.stringContaining('心愿墙') });
    expect(await route(withdrawn)).toEqual({ way: 'WITHDRAWN', reason: expect.stringContaining('撤回') });
    expect(await route(tarhuHard)).toMatchObject({ way: 'ON_FILE' });
    expect(await route(ganHard, 'township-ganzhaomiao')).toEqual({ way: 'LEADERS', reason: expect.stringContaining('老大难') });
    // The engine's: every item of 塔尔湖镇 it placed, by tier.
    const nodes = (await app.gql('{ demandItems(first: 100) { nodes { id status assignment { tier department { name } } route { way reason } } } }', {}, as('township-tarhu'))).data.demandItems.nodes;
    const placed = nodes.filter((n: any) => n.assignment && n.assignment.tier !== 'MANUAL');
    expect(placed.length).toBeGreaterThan(0);
    for (const n of placed) {
      expect(n.route.way, n.id).toBe('ENGINE');
      expect(n.route.reason, n.id).toContain(n.assignment.department.name);
      expect(n.route.reason, n.id).toContain(n.assignment.tier === 'COUNTY' ? '本旗县区' : '市级');
    }
    // The desk's: escalated by the engine, then assigned by hand.
    const d = await read('D-109');
    expect(d.route).toEqual({ way: 'DESK', reason: expect.stringContaining('上报组织部门') });
    const byHand = await app.gql('mutation($i: AssignByHandInput!) { assignByHand(input: $i) { route { way reason } } }', {
      i: { demandItemId: 'D-109', version: d.version, departmentId: 'DEP-C-NMJ', supplyItemId: 'S-C-006', note: '羊病防治由市农牧局一并安排' },
    }, as('org-city'));
    expect(byHand.data.assignByHand.route).toEqual({ way: 'DESK', reason: expect.stringContaining('人工派单') });
    // A leader's: handed to one.
    const g = await read(ganHard);
    const led = await app.gql('mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { route { way reason } } }', {
      i: { demandItemId: ganHard, version: g.version, leaderName: '王副区长', dueDate: day(60) },
    }, as('org-city'));
    expect(led.data.handToLeader.route).toEqual({ way: 'LEADERS', reason: expect.stringContaining('王副区长') });
  });

  it('a volunteer\'s claim goes the board\'s way', async () => {
    const r = await app.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: 'volunteer-on-file', password: 'peican-volunteer', displayName: '党员甲', role: 'VOLUNTEER', regionId: '150821', departmentId: 'DEP-K-WY-NK' } }, as('admin'));
    expect(r.errors).toBeUndefined();
    const token = (await app.gql('mutation { login(input: { username: "volunteer-on-file", password: "peican-volunteer" }) { token } }')).data.login.token;
    const w = await read(wish);
    expect((await app.gql('mutation($i: ClaimWishInput!) { claimWish(input: $i) { id } }', { i: { demandItemId: wish, version: w.version, committedDate: day(7) } }, token)).errors).toBeUndefined();
    expect((await read(wish, 'township-tarhu')).route).toEqual({ way: 'BOARD', reason: expect.stringContaining('党员志愿者领办') });
    // The volunteer reads no file.
    expect((await app.gql(FILE, {}, token)).data.onFile.totalCount).toBe(0);
  });
});
