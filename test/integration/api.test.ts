import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { GANZHAOMIAO, LIANFENG, TARHU, WUYUAN, smallWorld } from '../support/fixture';

let app: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp(smallWorld());
  for (const u of ['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk']) {
    tokens[u] = await app.login(u);
  }
});
afterAll(() => app?.close());

const ITEM_FIELDS = 'id title status category township { name } county { name } list { title } campaign { name }';
const itemInput = (over: Record<string, unknown> = {}) => ({
  category: 'HEALTH', title: '慢性病随访', content: '村里高血压患者40余人，希望医生定期随访', forms: ['CLINIC'], beneficiaries: 40, ...over,
});

describe(`authentication (${DB_KIND})`, () => {
  it('signs in with a password and answers me', async () => {
    const r = await app.gql('{ me { username role region { name } } }', {}, tokens['township-tarhu']);
    expect(r.data.me).toEqual({ username: 'township-tarhu', role: 'TOWNSHIP_ORGANIZER', region: { name: '塔尔湖镇' } });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const r = await app.gql('mutation { login(input:{username:"admin",password:"nope"}) { token } }');
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0].message).toBe('Wrong username or password');
  });

  it('lets anonymous callers run only login and __typename', async () => {
    expect((await app.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    const r = await app.gql('{ regions { id } }');
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });

  it('rejects a malformed, forged or expired token', async () => {
    expect(codeOf(await app.gql('{ me { id } }', {}, 'not-a-jwt'))).toBe('UNAUTHENTICATED');
    const forged = tokens.admin.slice(0, -4) + 'AAAA';
    expect(codeOf(await app.gql('{ me { id } }', {}, forged))).toBe('UNAUTHENTICATED');
    app.clock.set(new Date(Date.now() - 2 * app.config.tokenLifetimeSeconds * 1000));
    const old = await app.login('admin');
    app.clock.set(new Date());
    const r = await app.gql('{ me { id } }', {}, old);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0].message).toMatch(/expired/);
  });
});

describe(`township organizer (${DB_KIND})`, () => {
  it('builds a demand list in DRAFT, edits it, submits it, then cannot edit its items; a later one is a late item (补报)', async () => {
    const t = tokens['township-tarhu'];
    // The seeded campaign already has a submitted list for 塔尔湖镇: a second campaign is needed.
    const campaign = await app.gql('mutation { createCampaign(input:{name:"夏季服务",startsOn:"2020-05-01",endsOn:"2020-08-31"}) { id } }', {}, tokens.admin);
    const campaignId = campaign.data.createCampaign.id;
    const created = await app.gql('mutation($c:ID!,$t:ID!){ createDemandList(input:{campaignId:$c,townshipId:$t}) { id title status } }', { c: campaignId, t: TARHU }, t);
    expect(created.data.createDemandList).toMatchObject({ title: '塔尔湖镇需求侧清单', status: 'DRAFT' });
    const listId = created.data.createDemandList.id;

    const added = await app.gql(`mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { ${ITEM_FIELDS} village { name } } }`, { i: { listId, villageId: LIANFENG, ...itemInput() } }, t);
    expect(added.data.addDemandItem).toMatchObject({ status: 'DRAFT', township: { name: '塔尔湖镇' }, county: { name: '五原县' }, village: { name: '联丰村' } });
    const itemId = added.data.addDemandItem.id;

    const updated = await app.gql('mutation($i:UpdateDemandItemInput!){ updateDemandItem(input:$i) { title forms } }', { i: { id: itemId, ...itemInput({ title: '高血压随访', forms: ['CLINIC', 'CONSULTATION'] }) } }, t);
    expect(updated.data.updateDemandItem).toEqual({ title: '高血压随访', forms: ['CLINIC', 'CONSULTATION'] });

    const extra = await app.gql('mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { id } }', { i: { listId, ...itemInput({ title: '删除我' }) } }, t);
    expect((await app.gql('mutation($id:ID!){ removeDemandItem(id:$id) }', { id: extra.data.addDemandItem.id }, t)).data.removeDemandItem).toBe(extra.data.addDemandItem.id);

    const submitted = await app.gql('mutation($id:ID!){ submitDemandList(id:$id) { status submittedAt items { status timeline { action toStatus actor { username } } } } }', { id: listId }, t);
    expect(submitted.data.submitDemandList.status).toBe('SUBMITTED');
    expect(submitted.data.submitDemandList.items).toEqual([
      { status: 'SUBMITTED', timeline: [{ action: 'SUBMITTED', toStatus: 'SUBMITTED', actor: { username: 'township-tarhu' } }] },
    ]);

    const edit = await app.gql('mutation($i:UpdateDemandItemInput!){ updateDemandItem(input:$i) { id } }', { i: { id: itemId, ...itemInput({ title: '提交后修改' }) } }, t);
    expect(codeOf(edit)).toBe('INVALID_STATE');
    expect(edit.errors![0].extensions).toMatchObject({ state: 'SUBMITTED', allowed: ['withdrawDemandItem'] });
    // Added after the submission: a late item (补报), a draft until submitted on its own (test/integration/late-item.test.ts).
    const again = await app.gql('mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { status list { status } } }', { i: { listId, ...itemInput() } }, t);
    expect(again.data.addDemandItem).toEqual({ status: 'DRAFT', list: { status: 'SUBMITTED' } });

    const withdrawn = await app.gql('mutation($id:ID!){ withdrawDemandItem(id:$id, reason:"村里已自行解决") { status } }', { id: itemId }, t);
    expect(withdrawn.data.withdrawDemandItem.status).toBe('WITHDRAWN');
    const twice = await app.gql('mutation($id:ID!){ withdrawDemandItem(id:$id, reason:"再次") { status } }', { id: itemId }, t);
    expect(codeOf(twice)).toBe('INVALID_STATE');
  });

  it('sees only its own township and cannot create a list for another', async () => {
    const t = tokens['township-tarhu'];
    const items = await app.gql('{ demandItems(first: 100) { totalCount nodes { township { id } } } }', {}, t);
    expect(items.data.demandItems.nodes.length).toBeGreaterThan(0);
    expect(new Set(items.data.demandItems.nodes.map((n: any) => n.township.id))).toEqual(new Set([TARHU]));
    expect(codeOf(await app.gql('{ demandItem(id:"D-003") { id } }', {}, t))).toBe('NOT_FOUND');
    const other = await app.gql('mutation { createDemandList(input:{campaignId:"C-1",townshipId:"' + GANZHAOMIAO + '"}) { id } }', {}, t);
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(other.errors![0].extensions.field).toBe('input.townshipId');
  });

  it('reads published supply lists (the menu) but cannot edit them', async () => {
    const t = tokens['township-tarhu'];
    const menu = await app.gql('{ supplyItems(first: 10) { totalCount nodes { id title leaderName contactName contactPhone department { name } coverage { name } } } }', {}, t);
    expect(menu.data.supplyItems.totalCount).toBe(2);
    expect(menu.data.supplyItems.nodes[0]).toMatchObject({ id: 'S-C-001', leaderName: '王建国', department: { name: '巴彦淖尔市农牧局' }, coverage: [{ name: '巴彦淖尔市' }] });
    const r = await app.gql('mutation { adjustSupplyItem(input:{id:"S-C-001",capacity:9}) { id } }', {}, t);
    expect(codeOf(r)).toBe('FORBIDDEN');
  });
});

describe(`department publisher (${DB_KIND})`, () => {
  it('publishes a supply list with the four clarities and adjusts it on record', async () => {
    const t = tokens['dept-wuyuan-nk'];
    const campaign = await app.gql('mutation { createCampaign(input:{name:"秋季服务",startsOn:"2020-09-01",endsOn:"2020-11-30"}) { id } }', {}, tokens.admin);
    const list = await app.gql('mutation($c:ID!){ createSupplyList(input:{campaignId:$c, departmentId:"DEP-K-WY-NK"}) { id status region { name } } }', { c: campaign.data.createCampaign.id }, t);
    expect(list.data.createSupplyList).toMatchObject({ status: 'DRAFT', region: { name: '五原县' } });
    const listId = list.data.createSupplyList.id;
    const item = {
      listId, category: 'TECHNOLOGY', title: '河套蜜瓜病虫害防治', description: '县农技站技术员到田间指导蜜瓜白粉病防治', forms: ['ON_SITE', 'TRAINING'],
      leaderName: '赵强', leaderTitle: '副局长', contactName: '刘芳', contactPhone: '13900000009', capacity: 4, coverage: [TARHU], window: { start: '2020-09-01', end: '2020-10-31' },
    };
    const added = await app.gql('mutation($i:AddSupplyItemInput!){ addSupplyItem(input:$i) { id capacity coverage { id } } }', { i: item }, t);
    expect(added.data.addSupplyItem).toMatchObject({ capacity: 4, coverage: [{ id: TARHU }] });
    const itemId = added.data.addSupplyItem.id;

    // Not published yet: a township cannot see it.
    expect(codeOf(await app.gql('query($id:ID!){ supplyItem(id:$id) { id } }', { id: itemId }, tokens['township-tarhu']))).toBe('NOT_FOUND');

    expect((await app.gql('mutation($id:ID!){ publishSupplyList(id:$id) { status } }', { id: listId }, t)).data.publishSupplyList.status).toBe('PUBLISHED');
    const edit = await app.gql('mutation($i:UpdateSupplyItemInput!){ updateSupplyItem(input:$i) { id } }', { i: { ...item, listId: undefined, id: itemId } }, t);
    expect(codeOf(edit)).toBe('INVALID_STATE');

    const adjusted = await app.gql('mutation($id:ID!){ adjustSupplyItem(input:{id:$id, capacity:6, note:"增派技术员"}) { capacity changes { action note actor { username } } } }', { id: itemId }, t);
    expect(adjusted.data.adjustSupplyItem).toEqual({ capacity: 6, changes: [{ action: 'SUPPLY_ITEM_ADJUSTED', note: '增派技术员', actor: { username: 'dept-wuyuan-nk' } }] });
    expect((await app.gql('query($id:ID!){ supplyItem(id:$id) { id } }', { id: itemId }, tokens['township-tarhu'])).data.supplyItem.id).toBe(itemId);
  });

  it('cannot start a list for a department outside its own', async () => {
    const r = await app.gql('mutation { createSupplyList(input:{campaignId:"C-1", departmentId:"DEP-C-NMJ"}) { id } }', {}, tokens['dept-wuyuan-nk']);
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.errors![0].extensions.field).toBe('input.departmentId');
  });

  it("cannot edit another department's list, and reads no demand items before any assignment", async () => {
    const r = await app.gql('mutation { adjustSupplyItem(input:{id:"S-C-001",capacity:9}) { id } }', {}, tokens['dept-wuyuan-nk']);
    expect(codeOf(r)).toBe('FORBIDDEN');
    const items = await app.gql('{ demandItems { totalCount } }', {}, tokens['dept-nmj']);
    expect(items.data.demandItems.totalCount).toBe(0);
  });
});

describe(`organization department and admin (${DB_KIND})`, () => {
  it('city reads every township; county reads its own county only', async () => {
    const city = await app.gql('{ demandItems(filter:{campaignId:"C-1"}) { totalCount } }', {}, tokens['org-city']);
    expect(city.data.demandItems.totalCount).toBe(3);
    const county = await app.gql('{ demandItems(filter:{campaignId:"C-1"}) { totalCount nodes { county { id } } } }', {}, tokens['org-wuyuan']);
    expect(county.data.demandItems.totalCount).toBe(2);
    expect(county.data.demandItems.nodes.every((n: any) => n.county.id === WUYUAN)).toBe(true);
  });

  it("edits nothing of others' lists", async () => {
    const r = await app.gql('mutation { withdrawDemandItem(id:"D-001", reason:"x") { id } }', {}, tokens['org-city']);
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(codeOf(await app.gql('mutation { adjustSupplyItem(input:{id:"S-C-001",capacity:9}) { id } }', {}, tokens['org-city']))).toBe('FORBIDDEN');
  });

  it('only admin manages regions, departments, campaigns and users', async () => {
    const create = 'mutation { createDepartment(input:{name:"五原县卫生健康委员会", regionId:"150821"}) { name level region { name } } }';
    expect(codeOf(await app.gql(create, {}, tokens['org-city']))).toBe('FORBIDDEN');
    expect((await app.gql(create, {}, tokens.admin)).data.createDepartment).toEqual({ name: '五原县卫生健康委员会', level: 'COUNTY', region: { name: '五原县' } });
    const user = await app.gql('mutation { createUser(input:{username:"township-new",password:"longenough",displayName:"新联络员",role:TOWNSHIP_ORGANIZER,regionId:"' + GANZHAOMIAO + '"}) { username role } }', {}, tokens.admin);
    expect(user.data.createUser).toEqual({ username: 'township-new', role: 'TOWNSHIP_ORGANIZER' });
    const login = await app.gql('mutation { login(input:{username:"township-new",password:"longenough"}) { user { displayName } } }');
    expect(login.data.login.user.displayName).toBe('新联络员');
    const newToken = (await app.gql('mutation { login(input:{username:"township-new",password:"longenough"}) { token user { id } } }')).data.login;
    await app.gql('mutation($id:ID!){ setUserActive(id:$id, active:false) { active } }', { id: newToken.user.id }, tokens.admin);
    const refused = await app.gql('{ me { id } }', {}, newToken.token);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].message).toMatch(/disabled/);
    const wrongScope = await app.gql('mutation { createUser(input:{username:"x-org",password:"longenough",displayName:"x",role:ORGANIZATION_DEPARTMENT,regionId:"' + TARHU + '"}) { id } }', {}, tokens.admin);
    expect(codeOf(wrongScope)).toBe('BAD_USER_INPUT');
    const region = await app.gql('mutation { createRegion(input:{name:"新村",level:VILLAGE,parentId:"' + TARHU + '"}) { level parent { name } } }', {}, tokens.admin);
    expect(region.data.createRegion).toEqual({ level: 'VILLAGE', parent: { name: '塔尔湖镇' } });
  });

  it('walks the region tree', async () => {
    const r = await app.gql('{ regions(filter:{level:CITY}) { name children { name children { name } } } }', {}, tokens['org-city']);
    expect(r.data.regions[0].name).toBe('巴彦淖尔市');
    expect(r.data.regions[0].children.map((c: any) => c.name).sort()).toEqual(['临河区', '五原县']);
  });
});

describe(`bad input is refused with a typed error and changes nothing (${DB_KIND})`, () => {
  let listId: string;
  beforeAll(async () => {
    const c = await app.gql('mutation { createCampaign(input:{name:"坏输入",startsOn:"2021-01-01",endsOn:"2021-02-01"}) { id } }', {}, tokens.admin);
    const l = await app.gql('mutation($c:ID!){ createDemandList(input:{campaignId:$c,townshipId:"' + GANZHAOMIAO + '"}) { id } }', { c: c.data.createCampaign.id }, tokens['township-ganzhaomiao']);
    listId = l.data.createDemandList.id;
  });

  const cases: [string, Record<string, unknown>, string, string | undefined][] = [
    ['empty title', { title: '   ' }, 'BAD_USER_INPUT', 'input.title'],
    ['over-long title', { title: '长'.repeat(101) }, 'BAD_USER_INPUT', 'input.title'],
    ['no forms', { forms: [] }, 'BAD_USER_INPUT', 'input.forms'],
    ['window ending before it starts', { window: { start: '2021-02-01', end: '2021-01-01' } }, 'BAD_USER_INPUT', 'input.window.end'],
    ['window with a malformed date', { window: { start: '2021-13-01', end: '2021-12-01' } }, 'BAD_USER_INPUT', 'input.window.start'],
    ['negative beneficiaries', { beneficiaries: -1 }, 'BAD_USER_INPUT', 'input.beneficiaries'],
    ['village of another township', { villageId: LIANFENG }, 'BAD_USER_INPUT', 'input.villageId'],
  ];
  it.each(cases)('%s', async (_name, over, code, field) => {
    const before = await app.orm.em.fork().count(DemandItem, {});
    const r = await app.gql('mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { id } }', { i: { listId, ...itemInput(over) } }, tokens['township-ganzhaomiao']);
    expect(codeOf(r)).toBe(code);
    expect(r.errors![0].extensions.field).toBe(field);
    expect(r.errors![0].extensions.allowed).toBeDefined();
    expect(await app.orm.em.fork().count(DemandItem, {})).toBe(before);
  });

  it('an unknown category names the allowed values', async () => {
    const r = await app.gql('mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { id } }', { i: { listId, ...itemInput({ category: 'FOOD' }) } }, tokens['township-ganzhaomiao']);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.allowed).toEqual(['THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH']);
  });

  it('an unknown form names the allowed values', async () => {
    const r = await app.gql('mutation($i:AddDemandItemInput!){ addDemandItem(input:$i) { id } }', { i: { listId, ...itemInput({ forms: ['DANCE'] }) } }, tokens['township-ganzhaomiao']);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.allowed).toContain('ON_SITE');
  });

  const supplyCases: [string, Record<string, unknown>, string][] = [
    ['capacity 0', { capacity: 0 }, 'input.capacity'],
    ['absurd capacity', { capacity: 1_000_000 }, 'input.capacity'],
    ['malformed phone', { contactPhone: '12345' }, 'input.contactPhone'],
    ['coverage outside the department', { coverage: [GANZHAOMIAO] }, 'input.coverage[0]'],
  ];
  it.each(supplyCases)('supply item with %s', async (_name, over, field) => {
    const c = await app.gql('{ campaigns(first: 100) { nodes { id name } } }', {}, tokens.admin);
    const campaignId = c.data.campaigns.nodes.find((n: any) => n.name === '坏输入').id;
    let list = await app.gql('query($c:ID!){ supplyLists(filter:{campaignId:$c, departmentId:"DEP-K-WY-NK"}) { nodes { id } } }', { c: campaignId }, tokens['dept-wuyuan-nk']);
    let id = list.data.supplyLists.nodes[0]?.id;
    if (!id) id = (await app.gql('mutation($c:ID!){ createSupplyList(input:{campaignId:$c, departmentId:"DEP-K-WY-NK"}) { id } }', { c: campaignId }, tokens['dept-wuyuan-nk'])).data.createSupplyList.id;
    const input = { listId: id, category: 'HEALTH', title: '义诊', description: '县医院医生下乡义诊', forms: ['CLINIC'], leaderName: '张', contactName: '王', contactPhone: '0478-8888888', capacity: 3, ...over };
    const r = await app.gql('mutation($i:AddSupplyItemInput!){ addSupplyItem(input:$i) { id } }', { i: input }, tokens['dept-wuyuan-nk']);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe(field);
    expect(JSON.stringify(r.errors)).not.toContain('12345');
  });

  it('a cursor that was not ours, and a page too large', async () => {
    const bad = await app.gql('{ demandItems(after:"bm90LW91cnM") { totalCount } }', {}, tokens['org-city']);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.field).toBe('after');
    const big = await app.gql('{ demandItems(first: 101) { totalCount } }', {}, tokens['org-city']);
    expect(codeOf(big)).toBe('BAD_USER_INPUT');
    expect(big.errors![0].extensions.allowed).toBe('1..100');
  });

  it('a document that does not parse, or is too long, is a 400 with a parse error', async () => {
    const broken = await app.gql('{', {}, tokens['org-city']);
    expect(broken.status).toBe(400);
    expect(codeOf(broken)).toBe('GRAPHQL_PARSE_FAILED');
    const long = await app.gql(`{ ${'__typename '.repeat(3000)}}`, {}, tokens['org-city']);
    expect(long.status).toBe(400);
    expect(long.errors![0].message).toMatch(/1000 tokens/);
  });

  it('never shows SQL or a stack trace', async () => {
    const r = await app.gql('{ supplyItems(filter:{text:"\' or 1=1 --"}) { totalCount } }', {}, tokens['org-city']);
    expect(r.data.supplyItems.totalCount).toBe(0);
    const text = JSON.stringify(await app.gql('{ demandItems(first: 0) { totalCount } }', {}, tokens['org-city']));
    expect(text).not.toMatch(/select|stacktrace|at .*\.ts/i);
  });
});

describe(`paging and DataLoaders (${DB_KIND})`, () => {
  it('pages with cursors through every row exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await app.gql('query($a:String){ supplyItems(first:1, after:$a) { pageInfo { hasNextPage endCursor } nodes { id } } }', { a: after }, tokens['org-city']);
      seen.push(...r.data.supplyItems.nodes.map((n: any) => n.id));
      if (!r.data.supplyItems.pageInfo.hasNextPage) break;
      after = r.data.supplyItems.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });
});
