import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { Household } from '../../src/modules/household/household.entity';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 结对认亲 (issue 18, item 5) through the API: the organization department registers cadres and runs
 * the pairing of its county (village cadres first, then the township's, then the county's; at most
 * `pairingCapacity` each); a re-run keeps every pair and adds only the unpaired (只做加法); a pair
 * ends only by hand, with a reason; a visit of a pair raising a need makes a draft demand of the
 * township; each role sees only its own, and bad input changes nothing.
 */

let app: TestApp;
let as: (user: string) => string;
let volunteerId: string;
const CAMPAIGN = 'C-2019-WS';
const LIANFENG = '150821102201'; // 塔尔湖镇 联丰村
const TARHU_VILLAGE = '150821102202'; // 塔尔湖镇 塔尔湖村
const XINFENG = '150821101201'; // 隆兴昌镇 新丰村
const PAIRS = `query($f: PairingFilter) { pairings(first: 100, filter: $f) { totalCount nodes { id level status explanation householdName
  household { id headName phone } cadre { id name load } township { id } village { id name } } } }`;
const RUN = `mutation($c: ID!) { runPairing(countyId: $c) { capacity cadres households kept added unpaired maxLoad idleCadres
  addedByLevel { village township county } newPairs { id level explanation cadre { name } village { id } }
  unpairedHouseholds { householdId reason eligibleCadres summary village { name } household { headName } } } }`;
const SUMMARY = `query($r: ID!) { pairingSummary(regionId: $r) { capacity cadres households paired unpaired maxLoad idleCadres pending noCadre capacityExhausted
  pairedByLevel { village township county } unpairedHouseholds { householdId reason summary } } }`;

let seq = 0;
async function households(townshipId: string, villageId: string | null, n: number, tags: string[] = []): Promise<string[]> {
  const em = app.orm.em.fork();
  const made = Array.from({ length: n }, () => {
    seq++;
    return em.create(Household, { township: townshipId, village: villageId, headName: `户主${seq}`, population: 3, tags, phone: `1390000${String(seq).padStart(4, '0')}`, importKey: `test-${seq}` });
  });
  await em.flush();
  return made.map((h) => h.id);
}

const ok = async (query: string, variables: Record<string, unknown>, user: string) => {
  const r = await app.gql(query, variables, as(user));
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
};
const count = async (table: string) => Number((await app.orm.em.fork().getConnection().execute(`select count(*) as n from ${table}`))[0].n);

beforeAll(async () => {
  app = await startApp(readDemoData(), { pairingCapacity: 2 });
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'volunteer-wuyuan']);
  volunteerId = (await app.gql('{ me { id } }', {}, as('volunteer-wuyuan'))).data.me.id;
  await households('150821102', LIANFENG, 2);
  await households('150821102', LIANFENG, 1, ['低保户']);
  await households('150821102', TARHU_VILLAGE, 2);
  await households('150821101', XINFENG, 5);
  await households('150802101', null, 1); // 临河区 干召庙镇: no cadre in that county
});
afterAll(() => app?.close());

describe(`pairing (${DB_KIND})`, () => {
  it('registers cadres (all or none, each bad one named), within the organization department\'s region only', async () => {
    const add = (cadres: unknown[], user = 'org-wuyuan') => app.gql('mutation($i: AddCadresInput!) { addCadres(input: $i) { id name level region { id } county { id } department { id } load } }', { i: { cadres } }, as(user));
    const before = await count('cadre');
    // A city region, a department of another county, a township's organizer: refused, nothing written.
    let r = await add([{ name: '张三', departmentId: 'DEP-K-WY-NK', regionId: LIANFENG }, { name: '李四', departmentId: 'DEP-K-WY-NK', regionId: '150800' }], 'org-city');
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions).toMatchObject({ field: 'input.cadres[1].regionId', allowed: ['COUNTY', 'TOWNSHIP', 'VILLAGE'] });
    r = await add([{ name: '王五', departmentId: 'DEP-K-WY-NK', regionId: '150802101' }], 'org-city');
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('input.cadres[0].departmentId');
    expect(codeOf(await add([{ name: '赵六', departmentId: 'DEP-K-WY-NK', regionId: '150802101' }]))).toBe('FORBIDDEN');
    expect(codeOf(await add([{ name: '赵六', departmentId: 'DEP-K-WY-NK', regionId: LIANFENG }], 'township-tarhu'))).toBe('FORBIDDEN');
    expect(codeOf(await add([{ name: '  ', departmentId: 'DEP-K-WY-NK', regionId: LIANFENG }]))).toBe('BAD_USER_INPUT');
    expect(codeOf(await add([{ name: '钱七', departmentId: 'DEP-K-WY-NK', regionId: LIANFENG, userId: (await app.gql('{ me { id } }', {}, as('township-tarhu'))).data.me.id }]))).toBe('BAD_USER_INPUT');
    expect(await count('cadre')).toBe(before);

    r = await add([
      { name: '联丰村干部', departmentId: 'DEP-K-WY-NK', regionId: LIANFENG },
      { name: '塔尔湖镇干部甲', departmentId: 'DEP-K-WY-NK', regionId: '150821102' },
      { name: '塔尔湖镇干部乙', departmentId: 'DEP-C-NMJ', regionId: '150821102' },
      { name: '县直干部', departmentId: 'DEP-C-NMJ', regionId: '150821' },
      { name: '王建军', departmentId: 'DEP-K-WY-NK', regionId: '150821101', userId: volunteerId },
    ]);
    expect(r.errors).toBeUndefined();
    expect(r.data.addCadres.map((c: any) => [c.name, c.level, c.county.id, c.load])).toEqual([
      ['联丰村干部', 'VILLAGE', '150821', 0], ['塔尔湖镇干部甲', 'TOWNSHIP', '150821', 0], ['塔尔湖镇干部乙', 'TOWNSHIP', '150821', 0], ['县直干部', 'COUNTY', '150821', 0], ['王建军', 'TOWNSHIP', '150821', 0],
    ]);
    // One account, one cadre.
    expect(codeOf(await add([{ name: '王建军', departmentId: 'DEP-K-WY-NK', regionId: '150821101', userId: volunteerId }]))).toBe('CONFLICT');
  });

  it('pairs the county: village cadre first, then the township\'s, then the county\'s, at most 2 each, and lists the one left with why', async () => {
    expect(codeOf(await app.gql(RUN, { c: '150821102' }, as('org-wuyuan')))).toBe('BAD_USER_INPUT');
    expect(codeOf(await app.gql(RUN, { c: '150802' }, as('org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(RUN, { c: '150821' }, as('township-tarhu')))).toBe('FORBIDDEN');
    const run = (await ok(RUN, { c: '150821' }, 'org-wuyuan')).runPairing;
    expect(run).toMatchObject({ capacity: 2, cadres: 5, households: 10, kept: 0, added: 9, unpaired: 1, maxLoad: 2, idleCadres: 0, addedByLevel: { village: 2, township: 5, county: 2 } });
    const village = run.newPairs.filter((p: any) => p.level === 'VILLAGE');
    expect(village.every((p: any) => p.village.id === LIANFENG && p.cadre.name === '联丰村干部' && p.explanation.startsWith('村级干部结对'))).toBe(true);
    const county = run.newPairs.filter((p: any) => p.level === 'COUNTY');
    expect(county.every((p: any) => p.village.id === XINFENG && p.explanation.includes('本乡镇 1 名乡镇干部都已联系满 2 户'))).toBe(true);
    expect(run.unpairedHouseholds).toHaveLength(1);
    expect(run.unpairedHouseholds[0]).toMatchObject({ reason: 'CAPACITY_EXHAUSTED', eligibleCadres: 2, village: { name: '新丰村' } });
    expect(run.unpairedHouseholds[0].household.headName).toMatch(/^户主/);
    // The household in difficulty (低保户) of 联丰村 is among the village cadre's.
    const summary = (await ok(SUMMARY, { r: '150821' }, 'org-wuyuan')).pairingSummary;
    expect(summary).toMatchObject({ capacity: 2, cadres: 5, households: 10, paired: 9, unpaired: 1, maxLoad: 2, idleCadres: 0, pending: 0, noCadre: 0, capacityExhausted: 1, pairedByLevel: { village: 2, township: 5, county: 2 } });
    // A township's own figures: its 5 households, its 3 cadres.
    const tarhu = (await ok(SUMMARY, { r: '150821102' }, 'township-tarhu')).pairingSummary;
    expect(tarhu).toMatchObject({ cadres: 3, households: 5, paired: 5, unpaired: 0, maxLoad: 2 });
    expect(codeOf(await app.gql(SUMMARY, { r: '150821' }, as('township-tarhu')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(SUMMARY, { r: '150821' }, as('dept-nmj')))).toBe('FORBIDDEN');
  });

  it('keeps every pair on a re-run and adds only the new household (只做加法); another county without cadres says NO_CADRE', async () => {
    const before = (await ok(PAIRS, { f: { regionId: '150821' } }, 'org-wuyuan')).pairings.nodes.map((p: any) => `${p.id}:${p.cadre.id}`).sort();
    expect(before).toHaveLength(9);
    let run = (await ok(RUN, { c: '150821' }, 'org-wuyuan')).runPairing;
    expect(run).toMatchObject({ kept: 9, added: 0, unpaired: 1 });
    const [fresh] = await households('150821102', TARHU_VILLAGE, 1);
    run = (await ok(RUN, { c: '150821' }, 'org-wuyuan')).runPairing;
    expect(run).toMatchObject({ kept: 9, added: 1, unpaired: 1, addedByLevel: { township: 1 } });
    const after = (await ok(PAIRS, { f: { regionId: '150821' } }, 'org-wuyuan')).pairings.nodes;
    expect(after.filter((p: any) => before.includes(`${p.id}:${p.cadre.id}`))).toHaveLength(9);
    expect(after.find((p: any) => p.household.id === fresh).cadre.load).toBe(2);
    const other = (await ok(RUN, { c: '150802' }, 'org-city')).runPairing;
    expect(other).toMatchObject({ cadres: 0, households: 1, added: 0, unpaired: 1 });
    expect(other.unpairedHouseholds[0]).toMatchObject({ reason: 'NO_CADRE', eligibleCadres: 0 });
  });

  it('lets one of two runs at once write: the other is a CONFLICT and nothing of it is written (no household paired twice)', async () => {
    // 临河区: one cadre now for its one household (none before).
    await ok('mutation($i: AddCadresInput!) { addCadres(input: $i) { id } }', { i: { cadres: [{ name: '临河区干部', departmentId: 'DEP-C-NMJ', regionId: '150802' }] } }, 'org-city');
    const [a, b] = await Promise.all([app.gql(RUN, { c: '150802' }, as('org-city')), app.gql(RUN, { c: '150802' }, as('admin'))]);
    const won = [a, b].filter((r) => !r.errors);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) if (r.errors) expect(codeOf(r)).toBe('CONFLICT');
    const active = await app.orm.em.fork().getConnection().execute("select household_id, count(*) as n from pairing where status = 'ACTIVE' group by household_id having count(*) > 1");
    expect(active).toEqual([]);
    expect(won.reduce((n, r) => n + r.data.runPairing.added, 0)).toBe(1);
  });

  it('ends a pair only by hand, with a reason; the next run pairs the household again', async () => {
    const pairs = (await ok(PAIRS, { f: { regionId: TARHU_VILLAGE } }, 'township-tarhu')).pairings.nodes;
    const end = (id: string, reason: string, user: string) => app.gql('mutation($i: EndPairingInput!) { endPairing(input: $i) { id status endReason endedAt } }', { i: { id, reason } }, as(user));
    expect(codeOf(await end(pairs[0].id, '   ', 'township-tarhu'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await end(pairs[0].id, '迁出', 'township-ganzhaomiao'))).toBe('NOT_FOUND');
    expect(codeOf(await end(pairs[0].id, '迁出', 'dept-nmj'))).toBe('FORBIDDEN');
    const r = await end(pairs[0].id, '户主外出务工，调整结对干部', 'township-tarhu');
    expect(r.errors).toBeUndefined();
    expect(r.data.endPairing).toMatchObject({ status: 'ENDED', endReason: '户主外出务工，调整结对干部' });
    expect(codeOf(await end(pairs[0].id, '再解除', 'org-wuyuan'))).toBe('INVALID_STATE');
    const ended = (await ok(PAIRS, { f: { regionId: TARHU_VILLAGE, status: 'ENDED' } }, 'org-wuyuan')).pairings.nodes;
    expect(ended.map((p: any) => p.id)).toEqual([pairs[0].id]);
    const run = (await ok(RUN, { c: '150821' }, 'org-wuyuan')).runPairing;
    expect(run).toMatchObject({ kept: 9, added: 1 });
  });

  it('records a visit (the township on the cadre\'s behalf, or the cadre itself): each need raised is a draft demand of the township, source VISIT, linked to the household', async () => {
    const visit = (input: Record<string, unknown>, user: string) => app.gql(
      'mutation($i: RecordPairVisitInput!) { recordPairVisit(input: $i) { id visitedOn notes needs cadre { name } demands { id status source kind title township { id } household { id } list { id } } } }', { i: input }, as(user));
    const tarhu = (await ok(PAIRS, { f: { regionId: LIANFENG } }, 'township-tarhu')).pairings.nodes[0];
    const items = await count('demand_item');
    // Bad input first: nothing is written.
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2999-01-01', notes: '入户' }, 'township-tarhu'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2026-11-30', notes: '入户', needs: [{ need: '想学大棚技术', category: 'TECHNOLOGY' }] }, 'township-tarhu'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2026-11-31', notes: '入户' }, 'township-tarhu'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2026-11-30', notes: '入户' }, 'township-ganzhaomiao'))).toBe('NOT_FOUND');
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2026-11-30', notes: '入户' }, 'volunteer-wuyuan'))).toBe('NOT_FOUND');
    expect(codeOf(await visit({ pairingId: tarhu.id, visitedOn: '2026-11-30', notes: '入户' }, 'org-wuyuan'))).toBe('FORBIDDEN');
    expect(await count('demand_item')).toBe(items);
    expect(await count('pair_visit')).toBe(0);

    const r = await visit({ pairingId: tarhu.id, visitedOn: '2026-11-30', notes: '入户走访，了解种植情况', campaignId: CAMPAIGN, needs: [{ need: '想学温室大棚种植技术，请农技员来讲讲', category: 'TECHNOLOGY' }] }, 'township-tarhu');
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const made = r.data.recordPairVisit;
    expect(made).toMatchObject({ visitedOn: '2026-11-30', needs: ['想学温室大棚种植技术，请农技员来讲讲'], cadre: { name: tarhu.cadre.name } });
    expect(made.demands).toEqual([expect.objectContaining({ status: 'DRAFT', source: 'VISIT', kind: 'INDIVIDUAL', title: '想学温室大棚种植技术', township: { id: '150821102' }, household: { id: tarhu.household.id }, list: { id: `DL-${CAMPAIGN}-150821102` } })]);
    const household = (await ok('query { households(first: 100) { nodes { id visitor visitedOn } } }', {}, 'township-tarhu')).households.nodes.find((h: any) => h.id === tarhu.household.id);
    expect(household).toMatchObject({ visitor: tarhu.cadre.name, visitedOn: '2026-11-30' });

    // The cadre with an account records on its own pair (新丰村): the need goes to 隆兴昌镇's list.
    const mine = (await ok(PAIRS, {}, 'volunteer-wuyuan')).pairings.nodes;
    expect(mine.length).toBeGreaterThan(0);
    const v2 = await visit({ pairingId: mine[0].id, visitedOn: '2026-12-01', notes: '送去冬季取暖补贴政策', campaignId: CAMPAIGN, needs: [{ need: '想了解冬季取暖补贴怎么申请', category: 'POLICY' }] }, 'volunteer-wuyuan');
    expect(v2.errors, JSON.stringify(v2.errors)).toBeUndefined();
    expect(v2.data.recordPairVisit.demands).toEqual([]); // the cadre does not see the township's drafts
    const drafts = (await ok('query { demandItems(first: 100, filter: { townshipId: "150821101", status: DRAFT }) { nodes { title source household { id } } } }', {}, 'org-wuyuan')).demandItems.nodes;
    expect(drafts.find((d: any) => d.title === '想了解冬季取暖补贴怎么申请')).toMatchObject({ source: 'VISIT', household: { id: expect.any(String) } });
    const visits = (await ok('query { pairings(first: 5, filter: { regionId: "150821102201" }) { nodes { id visits { notes visitedOn } } } }', {}, 'org-wuyuan')).pairings.nodes.find((p: any) => p.id === tarhu.id);
    expect(visits.visits).toEqual([{ notes: '入户走访，了解种植情况', visitedOn: '2026-11-30' }]);
  });

  it('shows each role only its own: the township its township\'s pairs with phones, the cadre its households without them, departments nothing', async () => {
    const township = (await ok(PAIRS, {}, 'township-tarhu')).pairings.nodes;
    expect(township.length).toBe(6);
    expect(township.every((p: any) => p.township.id === '150821102' && /^1390000/.test(p.household.phone))).toBe(true);
    const cadre = (await ok(PAIRS, {}, 'volunteer-wuyuan')).pairings.nodes;
    expect(cadre.length).toBe(2);
    expect(cadre.every((p: any) => p.cadre.name === '王建军' && p.household === null && /^户主/.test(p.householdName))).toBe(true);
    const ganzhaomiao = (await ok(PAIRS, {}, 'township-ganzhaomiao')).pairings.nodes;
    expect(ganzhaomiao.map((p: any) => [p.township.id, p.cadre.name])).toEqual([['150802101', '临河区干部']]);
    expect(codeOf(await app.gql(PAIRS, {}, as('dept-nmj')))).toBe('FORBIDDEN');
    const city = (await ok(PAIRS, {}, 'org-city')).pairings.totalCount;
    expect(city).toBe(11);
    // The admin sees the pairs, not the households (personal data).
    const admin = (await ok(PAIRS, {}, 'admin')).pairings.nodes;
    expect(admin.every((p: any) => p.household === null)).toBe(true);
    // Cadres: the township sees those assigned in it and those paired with its households; the cadre itself only.
    const cadres = async (user: string) => (await ok('{ cadres(first: 100) { nodes { name } } }', {}, user)).cadres.nodes.map((c: any) => c.name).sort();
    expect(await cadres('township-tarhu')).toEqual(['塔尔湖镇干部乙', '塔尔湖镇干部甲', '联丰村干部'].sort());
    expect(await cadres('volunteer-wuyuan')).toEqual(['王建军']);
    expect(await cadres('org-wuyuan')).toHaveLength(5);
    expect(codeOf(await app.gql('{ cadres(first: 10) { nodes { name } } }', {}, as('dept-nmj')))).toBe('FORBIDDEN');
  });
});
