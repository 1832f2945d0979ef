import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld, TARHU } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * Strings no field can want, refused at the edge before anything runs (NUL and other controls,
 * bidi overrides, unpaired surrogates, over-long strings, over-long search texts), and invisible
 * characters taken out of what is kept. Each refusal is BAD_USER_INPUT naming the argument and
 * the limit, and changes nothing.
 */

let app: TestApp;
let as: (user: string) => string;
let listId: string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['admin', 'org-city', 'township-tarhu', 'dept-wuyuan-nk']);
  const campaign = await app.gql('mutation { createCampaign(input: { name: "夏季服务行动", startsOn: "2020-05-01", endsOn: "2020-08-31" }) { id } }', {}, as('admin'));
  const list = await app.gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: campaign.data.createCampaign.id, t: TARHU }, as('township-tarhu'));
  expect(list.errors).toBeUndefined();
  listId = list.data.createDemandList.id;
});
afterAll(() => app?.close());

const ADD = 'mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id title content } }';
const item = (over: Record<string, unknown> = {}) => ({
  listId, category: 'TECHNOLOGY', title: '葵花菌核病防治', content: '全镇葵花种植户80余户，希望农技人员入户指导', forms: ['ON_SITE'], ...over,
});

/** Sends the request as the user, and checks it was refused with BAD_USER_INPUT on the field, changing nothing. */
async function refused(query: string, variables: Record<string, unknown>, user: string, field: string) {
  const before = await snapshot(app);
  const r = await app.gql(query, variables, as(user));
  expect(r.data?.addDemandItem ?? null).toBeNull();
  expect(codeOf(r)).toBe('BAD_USER_INPUT');
  expect(r.errors![0].extensions.field).toBe(field);
  expect(r.errors![0].message).not.toMatch(/SQLITE|syntax|token|internal/i);
  await expectUnchanged(app, before);
  return r.errors![0] as { message: string; extensions: Record<string, unknown> };
}

describe(`strings at the edge (${DB_KIND})`, () => {
  it('a NUL in a variable inside an input object is BAD_USER_INPUT naming the field', async () => {
    const e = await refused(ADD, { i: item({ title: '葵花\u0000菌核病' }) }, 'township-tarhu', 'input.title');
    expect(e.message).toContain('U+0000');
    expect(e.extensions.allowed).toMatch(/control characters/);
  });

  it('a NUL in a variable holding an ID is BAD_USER_INPUT', async () => {
    await refused(ADD, { i: item({ listId: `${listId}\u0000` }) }, 'township-tarhu', 'input.listId');
  });

  it('a NUL in a string literal (an ID argument) is BAD_USER_INPUT', async () => {
    await refused('{ demandItem(id: "D-001\\u0000") { id } }', {}, 'township-tarhu', 'id');
  });

  it('a NUL in a cursor is BAD_USER_INPUT', async () => {
    await refused('query($a: String) { demandItems(first: 2, after: $a) { totalCount } }', { a: 'abc\u0000' }, 'township-tarhu', 'after');
  });

  it('a NUL in a list element of a literal input object is BAD_USER_INPUT with its path', async () => {
    const links = '["https://example.org/p1.jpg", "https://example.org/\\u0000.jpg"]';
    await refused(`mutation { reportProgress(input: { id: "A-none", version: 1, note: "已入户", links: ${links} }) { status } }`, {}, 'dept-wuyuan-nk', 'input.links[1]');
  });

  it("a NUL in a variable's default value is BAD_USER_INPUT", async () => {
    await refused('query($id: ID! = "D-001\\u0000") { demandItem(id: $id) { id } }', {}, 'township-tarhu', 'id');
  });

  it('a NUL in an export parameter is a 400 with a JSON error, not a 500', async () => {
    const before = await snapshot(app);
    for (const name of ['ledger.csv', 'ledger.xlsx']) {
      const res = await fetch(app.url.replace(/\/graphql$/, `/export/${name}?campaignId=%00`), { headers: { authorization: `Bearer ${as('org-city')}` } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    }
    await expectUnchanged(app, before);
  });

  it('a search text of 20,000 characters is BAD_USER_INPUT saying the limit of 100', async () => {
    const e = await refused('query($t: String) { demandItems(filter: { text: $t }) { totalCount } }', { t: '葵'.repeat(20_000) }, 'org-city', 'filter.text');
    expect(e.message).toContain('at most 100');
  });

  it('a search text of 101 characters is BAD_USER_INPUT; 100 are searched', async () => {
    await refused('query($f: DemandItemFilter) { demandItems(filter: $f) { totalCount } }', { f: { text: '葵'.repeat(101) } }, 'org-city', 'filter.text');
    const r = await app.gql('query($t: String) { supplyItems(filter: { text: $t }) { totalCount } }', { t: '葵'.repeat(100) }, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.supplyItems.totalCount).toBe(0);
  });

  it('a string argument over 10,000 characters is BAD_USER_INPUT saying the limit', async () => {
    const e = await refused(ADD, { i: item({ content: '葵'.repeat(10_001) }) }, 'township-tarhu', 'input.content');
    expect(e.message).toContain('at most 10000');
  });

  it('an unpaired surrogate is BAD_USER_INPUT', async () => {
    await refused(ADD, { i: item({ title: '葵花\uD800菌核病' }) }, 'township-tarhu', 'input.title');
  });

  it('a C1 control (U+0085, U+009B) is BAD_USER_INPUT', async () => {
    for (const c of ['\u0085', '\u009B']) await refused(ADD, { i: item({ content: `全镇${c}葵花` }) }, 'township-tarhu', 'input.content');
  });
});

describe(`invisible characters (${DB_KIND})`, () => {
  it('a title of only zero-width spaces is BAD_USER_INPUT: empty', async () => {
    const e = await refused(ADD, { i: item({ title: '\u200B\u200B' }) }, 'township-tarhu', 'input.title');
    expect(e.message).toContain('must not be empty');
  });

  it('a title with a right-to-left override (U+202E) is refused', async () => {
    const e = await refused(ADD, { i: item({ title: '葵花\u202E病核菌' }) }, 'township-tarhu', 'input.title');
    expect(e.message).toContain('U+202E');
  });

  it('a bidi isolate (U+2066) in a note is refused', async () => {
    await refused('mutation($r: String!) { withdrawDemandItem(id: "D-001", reason: $r) { status } }', { r: '已解决\u2066' }, 'township-tarhu', 'reason');
  });

  it('a title with BEL, ESC or BS is refused', async () => {
    for (const c of ['\u0007', '\u001B[31m', '\u0008']) await refused(ADD, { i: item({ title: `葵花${c}菌核病` }) }, 'township-tarhu', 'input.title');
  });

  it('a link with a zero-width space in it is refused (a link is not rewritten)', async () => {
    await refused('mutation($i: ReportProgressInput!) { reportProgress(input: $i) { status } }', { i: { id: 'A-none', version: 1, note: '已入户', links: ['https://example.org/\u200Bp1.jpg'] } }, 'dept-wuyuan-nk', 'input.links[0]');
  });

  it('"葵花\\u200B菌核病" is stored as "葵花菌核病"', async () => {
    const r = await app.gql(ADD, { i: item({ title: '葵花\u200B菌核病\uFEFF', content: '全镇\u00AD葵花种植户' }) }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.addDemandItem).toMatchObject({ title: '葵花菌核病', content: '全镇葵花种植户' });
    const [row] = await app.orm.em.fork().getConnection().execute('select title, content from demand_item where id = ?', [r.data.addDemandItem.id]);
    expect(row).toEqual({ title: '葵花菌核病', content: '全镇葵花种植户' });
  });

  it('a one-line field has its whitespace runs collapsed and is NFC; a multi-line field keeps its line breaks', async () => {
    const r = await app.gql(ADD, { i: item({ title: '  葵花\t\t菌核病\u3000 防治\n', content: '第一行  两个空格\r\n第二行\n\n第三行 ' }) }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.addDemandItem).toMatchObject({ title: '葵花 菌核病 防治', content: '第一行  两个空格\n第二行\n\n第三行' });
    const nfc = await app.gql(ADD, { i: item({ title: 'Cafe\u0301' }) }, as('township-tarhu'));
    expect(nfc.data.addDemandItem.title).toBe('Caf\u00E9');
  });
});
