import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 微心愿 (issue 18, item 1): a township's INDIVIDUAL demand, once submitted, is on the board of its
 * county's volunteers, not the engine's; a volunteer claims it with a promised date (exactly one of
 * two claiming at once wins), reports, completes, the township rates it and it is closed.
 */

let app: TestApp;
let as: (user: string) => string;
let volunteers: string[];
let wish: { id: string; version: number };
let common: string;
const BOARD = 'query { wishBoard(first: 50) { totalCount nodes { id version title village { name } household { headName } } } }';
const ITEM = 'query($id: ID!) { demandItem(id: $id) { status assignment { tier status committedDate volunteer { username } department { id } } timeline { action note } } }';

beforeAll(async () => {
  app = await startApp(readDemoData(), { wishBoardDays: 7 });
  as = await app.loginAll(['admin', 'township-tarhu', 'org-wuyuan', 'org-city', 'dept-wuyuan-nk']);
  // Two party members of 五原县's agriculture bureau, and one of another county's.
  const create = (username: string, regionId: string, departmentId: string) => app.gql(
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id username role } }',
    { i: { username, password: 'peican-volunteer', displayName: `党员${username.slice(-1)}`, role: 'VOLUNTEER', regionId, departmentId } }, as('admin'));
  for (const [u, r, d] of [['volunteer-a', '150821', 'DEP-K-WY-NK'], ['volunteer-b', '150821', 'DEP-K-WY-NK'], ['volunteer-c', '150802', 'DEP-C-NMJ']]) {
    const r1 = await create(u, r, d);
    expect(r1.errors, JSON.stringify(r1.errors)).toBeUndefined();
  }
  const login = async (u: string) => (await app.gql('mutation($u: String!) { login(input: { username: $u, password: "peican-volunteer" }) { token } }', { u })).data.login.token as string;
  volunteers = [await login('volunteer-a'), await login('volunteer-b'), await login('volunteer-c')];
  const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, as('township-tarhu'))).data.demandLists.nodes[0].id;
  const add = async (kind: string, title: string, content: string) => {
    const r = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list, category: 'SERVICE', title, content, forms: ['ON_SITE'], kind, villageId: '150821102201' } }, as('township-tarhu'));
    const id = r.data.addDemandItem.id;
    await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id }, as('township-tarhu'));
    return id as string;
  };
  const id = await add('INDIVIDUAL', '独居老人想有人帮着买药', '联丰村独居的王大爷腿脚不便，想有人每周帮着去镇上买一次药');
  common = await add('COMMON', '村里路灯坏了', '联丰村主路的路灯坏了好几盏，晚上走路不方便');
  wish = { id, version: (await app.gql('query($id: ID!) { demandItem(id: $id) { version } }', { id }, as('township-tarhu'))).data.demandItem.version };
});
afterAll(() => app?.close());

describe(`micro-wishes (${DB_KIND})`, () => {
  it("puts a submitted INDIVIDUAL demand on its county's volunteers' board, with the village and never the household; the engine leaves it there", async () => {
    const board = (await app.gql(BOARD, {}, volunteers[0])).data.wishBoard;
    const found = board.nodes.find((n: any) => n.id === wish.id);
    expect(found).toMatchObject({ title: '独居老人想有人帮着买药', village: { name: '联丰村' }, household: null });
    expect(board.nodes.some((n: any) => n.id === common)).toBe(false);
    // Another county's volunteer does not see it; a department has no board.
    expect((await app.gql(BOARD, {}, volunteers[2])).data.wishBoard.nodes.some((n: any) => n.id === wish.id)).toBe(false);
    expect(codeOf(await app.gql(BOARD, {}, as('dept-wuyuan-nk')))).toBe('FORBIDDEN');
    // A run matches the common demand and leaves the wish on the board (it is a week old at the most).
    expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    expect((await app.gql(ITEM, { id: wish.id }, as('township-tarhu'))).data.demandItem.status).toBe('SUBMITTED');
    expect((await app.gql(ITEM, { id: common }, as('township-tarhu'))).data.demandItem.status).not.toBe('SUBMITTED');
  });

  it('lets exactly one of two volunteers claiming at once have it, with the promised date on the timeline', async () => {
    const claim = (token: string) => app.gql(
      'mutation($i: ClaimWishInput!) { claimWish(input: $i) { id version tier status committedDate volunteer { username } } }',
      { i: { demandItemId: wish.id, version: wish.version, committedDate: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10), note: '每周六去' } }, token);
    const [a, b] = await Promise.all([claim(volunteers[0]), claim(volunteers[1])]);
    const won = [a, b].filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(codeOf([a, b].find((r) => r.errors)!)).toBe('CONFLICT');
    expect(won[0].data.claimWish).toMatchObject({ tier: 'VOLUNTEER', status: 'ACCEPTED', volunteer: { username: won[0] === a ? 'volunteer-a' : 'volunteer-b' } });
    const item = (await app.gql(ITEM, { id: wish.id }, as('township-tarhu'))).data.demandItem;
    expect(item).toMatchObject({ status: 'ACCEPTED', assignment: { tier: 'VOLUNTEER', department: { id: 'DEP-K-WY-NK' } } });
    expect(item.timeline.at(-1).action).toBe('CLAIMED');
    expect(item.timeline.at(-1).note).toContain('领办');
    // Off the board now; the unit's department does not get it on its work list.
    expect((await app.gql(BOARD, {}, volunteers[0])).data.wishBoard.nodes.some((n: any) => n.id === wish.id)).toBe(false);
    const work = (await app.gql('{ assignments(first: 100) { nodes { demandItem { id } } } }', {}, as('dept-wuyuan-nk'))).data.assignments.nodes;
    expect(work.some((n: any) => n.demandItem.id === wish.id)).toBe(false);
  });

  it('runs the same loop to the end: progress and completion by the volunteer who claimed it (not the other), then the township rates it and it is closed', async () => {
    const mine = async (token: string) => (await app.gql('{ assignments(first: 10) { nodes { id version demandItem { id } } } }', {}, token)).data.assignments.nodes;
    const [ownerToken, otherToken] = (await mine(volunteers[0])).length ? [volunteers[0], volunteers[1]] : [volunteers[1], volunteers[0]];
    const [claimed] = await mine(ownerToken);
    expect(claimed.demandItem.id).toBe(wish.id);
    expect(await mine(otherToken)).toEqual([]);
    const progress = 'mutation($id: ID!, $v: Int!) { reportProgress(input: { id: $id, version: $v, note: "第一次买药送到了" }) { version status } }';
    expect(codeOf(await app.gql(progress, { id: claimed.id, v: claimed.version }, otherToken))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(progress, { id: claimed.id, v: claimed.version }, as('dept-wuyuan-nk')))).toBe('NOT_FOUND');
    const p = (await app.gql(progress, { id: claimed.id, v: claimed.version }, ownerToken)).data.reportProgress;
    const done = await app.gql('mutation($id: ID!, $v: Int!) { completeAssignment(input: { id: $id, version: $v, resultNote: "一个月里每周送药", peopleServed: 1 }) { status } }', { id: claimed.id, v: p.version }, ownerToken);
    expect(done.errors).toBeUndefined();
    const item = (await app.gql('query($id: ID!) { demandItem(id: $id) { version status } }', { id: wish.id }, as('township-tarhu'))).data.demandItem;
    expect(item.status).toBe('COMPLETED');
    const rated = await app.gql('mutation($id: ID!, $v: Int!) { rateService(input: { demandItemId: $id, version: $v, rating: VERY_SATISFIED, comment: "党员很热心" }) { status } }', { id: wish.id, v: item.version }, as('township-tarhu'));
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateService.status).toBe('CLOSED');
  });

  it("reports the year's claims per volunteer and per unit against the quotas, to the organization departments", async () => {
    const Q = 'query($y: Int!) { wishQuotas(year: $y) { memberQuota unitQuota volunteers { displayName unitId claims closed meets } units { unitId members claims closed meets } } }';
    const year = new Date().getUTCFullYear();
    const county = (await app.gql(Q, { y: year }, as('org-wuyuan'))).data.wishQuotas;
    expect(county).toMatchObject({ memberQuota: 1, unitQuota: 3 });
    // The county's three volunteers (the demo's and the two made here; not the other county's); one claimed and closed its wish.
    expect(county.volunteers).toHaveLength(3);
    expect(county.volunteers.map((r: any) => r.claims).sort()).toEqual([0, 0, 1]);
    expect(county.volunteers.find((r: any) => r.claims === 1)).toMatchObject({ closed: 1, meets: true, unitId: 'DEP-K-WY-NK' });
    expect(county.units).toEqual([{ unitId: 'DEP-K-WY-NK', members: 3, claims: 1, closed: 1, meets: false }]);
    expect((await app.gql(Q, { y: year }, as('org-city'))).data.wishQuotas.volunteers).toHaveLength(4);
    expect((await app.gql(Q, { y: year - 1 }, as('org-city'))).data.wishQuotas.volunteers.every((r: any) => r.claims === 0)).toBe(true);
    expect(codeOf(await app.gql(Q, { y: year }, as('township-tarhu')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(Q, { y: year }, volunteers[0]))).toBe('FORBIDDEN');
  });

  it('lets the volunteer who claimed a wish give it back, saying why: the claim is cancelled and the wish is on the board again', async () => {
    const township = as('township-tarhu');
    const add = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', {
      i: { listId: (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, township)).data.demandLists.nodes[0].id, category: 'SERVICE',
        title: '想有人帮着修个院门', content: '联丰村李奶奶家院门坏了，关不上', forms: ['ON_SITE'], kind: 'INDIVIDUAL', villageId: '150821102201' },
    }, township);
    const id = add.data.addDemandItem.id;
    await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id }, township);
    const version = (await app.gql('query($id: ID!) { demandItem(id: $id) { version } }', { id }, township)).data.demandItem.version;
    const tomorrow = new Date(app.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const claimed = (await app.gql('mutation($i: ClaimWishInput!) { claimWish(input: $i) { id version } }', { i: { demandItemId: id, version, committedDate: tomorrow } }, volunteers[1])).data.claimWish;
    const R = 'mutation($i: ReleaseWishInput!) { releaseWish(input: $i) { id status } }';
    const release = (token: string, reason = '家里有事，这周去不了') => app.gql(R, { i: { id: claimed.id, version: claimed.version, reason } }, token);
    // Not another volunteer, not a department, not without a reason.
    expect(codeOf(await release(volunteers[0]))).toBe('NOT_FOUND');
    expect(codeOf(await release(as('dept-wuyuan-nk')))).toBe('FORBIDDEN');
    expect(codeOf(await release(volunteers[1], ' '))).toBe('BAD_USER_INPUT');
    expect((await app.gql(ITEM, { id }, township)).data.demandItem.status).toBe('ACCEPTED');

    expect((await release(volunteers[1])).data.releaseWish).toEqual({ id: claimed.id, status: 'CANCELLED' });
    const item = (await app.gql(ITEM, { id }, township)).data.demandItem;
    expect(item).toMatchObject({ status: 'SUBMITTED', assignment: null });
    expect(item.timeline.at(-1)).toEqual({ action: 'RELEASE', note: '退回领办：家里有事，这周去不了' });
    expect((await app.gql(BOARD, {}, volunteers[0])).data.wishBoard.nodes.some((n: any) => n.id === id)).toBe(true);
    // Given back once is given back: the cancelled claim allows no move, and another volunteer can claim the wish.
    expect(codeOf(await release(volunteers[1]))).toMatch(/CONFLICT|INVALID_STATE/);
    const again = (await app.gql('query($id: ID!) { demandItem(id: $id) { version } }', { id }, township)).data.demandItem.version;
    const second = await app.gql('mutation($i: ClaimWishInput!) { claimWish(input: $i) { tier status volunteer { username } } }', { i: { demandItemId: id, version: again, committedDate: tomorrow } }, volunteers[0]);
    expect(second.data.claimWish).toEqual({ tier: 'VOLUNTEER', status: 'ACCEPTED', volunteer: { username: 'volunteer-a' } });
  });

  it('sends a wish no volunteer claimed in its days on the board to the desk at the next run (UNCLAIMED_WISH), and runs leave it there', async () => {
    const township = as('township-tarhu');
    const list = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, township)).data.demandLists.nodes[0].id;
    const id = (await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', {
      i: { listId: list, category: 'WARMTH', title: '想有人陪老人说说话', content: '联丰村张奶奶一个人住，想有人常来陪她说说话', forms: ['VISIT'], kind: 'INDIVIDUAL', villageId: '150821102201' },
    }, township)).data.addDemandItem.id;
    await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id }, township);
    const RUN = 'mutation { runMatching(campaignId: "C-2019-WS") { id escalated escalatedByReason { reason count } } }';
    const ESC = 'query($id: ID!) { demandItem(id: $id) { status route { way reason } escalation { reason detail { summary candidates { supplyId } } } } }';
    // Six days on: still on the board, the run leaves it.
    const start = app.clock.now();
    app.clock.set(new Date(start.getTime() + 6 * 86_400_000));
    expect((await app.gql(RUN, {}, as('org-city'))).errors).toBeUndefined();
    expect((await app.gql(ESC, { id }, township)).data.demandItem).toMatchObject({ status: 'SUBMITTED', route: { way: 'BOARD' }, escalation: null });
    // Eight days on: the run sends it to the desk, with the reason and no engine candidates.
    app.clock.set(new Date(start.getTime() + 8 * 86_400_000));
    const run = (await app.gql(RUN, {}, as('org-city'))).data.runMatching;
    expect(run.escalatedByReason).toContainEqual({ reason: 'UNCLAIMED_WISH', count: 1 });
    const item = (await app.gql(ESC, { id }, as('org-wuyuan'))).data.demandItem;
    expect(item).toMatchObject({ status: 'ESCALATED', route: { way: 'DESK', reason: '微心愿在心愿墙上 7 天无人领办，已转组织部门统筹' } });
    expect(item.escalation).toEqual({ reason: 'UNCLAIMED_WISH', detail: { summary: '微心愿在心愿墙上 7 天无人领办，转组织部门统筹（可人工派单、暂缓或交领导领办）。', candidates: [] } });
    expect((await app.gql(BOARD, {}, volunteers[0])).data.wishBoard.nodes.some((n: any) => n.id === id)).toBe(false);
    // A later run does not take it from the desk.
    expect((await app.gql(RUN, {}, as('org-city'))).errors).toBeUndefined();
    expect((await app.gql(ESC, { id }, township)).data.demandItem).toMatchObject({ status: 'ESCALATED', escalation: { reason: 'UNCLAIMED_WISH' } });
    // The figures count it once, under its reason.
    const report = (await app.gql('query { matchReport(campaignId: "C-2019-WS") { total { escalatedByReason { reason count } } } }', {}, as('org-city'))).data.matchReport;
    expect(report.total.escalatedByReason).toContainEqual({ reason: 'UNCLAIMED_WISH', count: 1 });
    app.clock.set(start);
  });

  it('refuses a claim by anyone but a volunteer, of a wish not on its board, or with a past date, and changes nothing', async () => {
    const C = 'mutation($i: ClaimWishInput!) { claimWish(input: $i) { id } }';
    expect(codeOf(await app.gql(C, { i: { demandItemId: common, version: 1, committedDate: '2099-01-01' } }, as('dept-wuyuan-nk')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(C, { i: { demandItemId: common, version: 1, committedDate: '2099-01-01' } }, volunteers[0]))).toBe('BAD_USER_INPUT');
    expect(codeOf(await app.gql(C, { i: { demandItemId: common, version: 1, committedDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) } }, volunteers[0]))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(C, { i: { demandItemId: wish.id, version: 1, committedDate: '2020-01-01' } }, volunteers[0]))).toBe('BAD_USER_INPUT');
  });
});
