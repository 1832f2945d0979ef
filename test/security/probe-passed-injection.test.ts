import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { GANZHAOMIAO, TARHU, smallWorld } from '../support/fixture';
import { checkedGql, codeOf, postJson, rawRequest, ROLES } from './probe';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's injection cases and odd inputs, as it passed them: SQL in text filters, ids, enum
 * values and the export's parameters; prototype pollution in variables; page sizes out of range.
 * Each is answered as plain data (or refused as input), never as SQL, and changes nothing.
 */

let app: TestApp;
let gql: ReturnType<typeof checkedGql>;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(smallWorld(10));
  gql = checkedGql(app);
  as = await app.loginAll([...ROLES]);
  const r = await gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'));
  expect(r.errors).toBeUndefined();
});
afterAll(() => app?.close());

const unchanged = (fn: () => Promise<void>) => async () => {
  const before = await snapshot(app);
  await fn();
  await expectUnchanged(app, before);
};

const SQL = ["' OR 1=1 --", "' OR '1'='1", '" OR ""="', "'); DROP TABLE demand_item; --", "' UNION SELECT username, password_hash FROM app_user --", '1; SELECT pg_sleep(5)', "%' --"];

const TEXT_SEARCHES = [
  ['demandItems', 'DemandItemFilter'], ['supplyItems', 'SupplyItemFilter'], ['demandLists', 'DemandListFilter'], ['supplyLists', 'SupplyListFilter'],
  ['campaigns', 'CampaignFilter'], ['departments', 'DepartmentFilter'],
] as const;

async function search(field: string, type: string, text: string, user: string) {
  const r = await gql(`query($f: ${type}) { ${field}(first: 100, filter: $f) { totalCount nodes { id } } }`, { f: { text } }, as(user));
  expect(r.errors, `${field} "${text}"`).toBeUndefined();
  return r.data[field] as { totalCount: number; nodes: { id: string }[] };
}

describe(`probe passed: injection in text filters (${DB_KIND})`, () => {
  it("SQL in every text filter (' OR 1=1 --, UNION, DROP, stacked) matches nothing and changes nothing", unchanged(async () => {
    for (const user of ['township-tarhu', 'org-city', 'dept-nmj']) {
      for (const [field, type] of TEXT_SEARCHES) {
        for (const text of SQL) expect((await search(field, type, text, user)).totalCount, `${user} ${field} "${text}"`).toBe(0);
      }
    }
    const regions = await gql('query($t: String) { regions(filter: { text: $t }) { id } }', { t: "' OR 1=1 --" }, as('org-city'));
    expect(regions.data.regions).toEqual([]);
  }));

  it('LIKE wildcards % and _ and a backslash in a filter widen nothing past the caller\'s scope', unchanged(async () => {
    for (const [user, own] of [['township-tarhu', TARHU], ['township-ganzhaomiao', GANZHAOMIAO]]) {
      const all = (await gql('{ demandItems(first: 100) { totalCount } }', {}, as(user))).data.demandItems.totalCount;
      for (const text of ['%', '_', '%%', '%_%', '\\', '\\%', '\\_', '\\\\', '[a-z]%', '*', '.*']) {
        const r = await gql('query($t: String) { demandItems(first: 100, filter: { text: $t }) { totalCount nodes { township { id } } } }', { t: text }, as(user));
        expect(r.errors, `${user} "${text}"`).toBeUndefined();
        expect(r.data.demandItems.totalCount, `${user} "${text}"`).toBeLessThanOrEqual(all);
        expect(r.data.demandItems.nodes.every((n: any) => n.township.id === own), `${user} "${text}"`).toBe(true);
      }
    }
    // A wildcard never matches more than the literal text around it would.
    const title = (await search('demandItems', 'DemandItemFilter', '灰霉', 'org-city')).totalCount;
    expect((await search('demandItems', 'DemandItemFilter', '灰%霉', 'org-city')).totalCount).toBeLessThanOrEqual(title);
    expect((await search('demandItems', 'DemandItemFilter', '灰_霉', 'org-city')).totalCount).toBeLessThanOrEqual(title);
  }));

  it('a NUL byte in a text filter, an id or a login → BAD_USER_INPUT, or answered plainly (no rows, NOT_FOUND, UNAUTHENTICATED), not a 500', unchanged(async () => {
    const cases: [string, Record<string, unknown>, string | undefined, string[]][] = [
      ['query($t: String) { demandItems(filter: { text: $t }) { totalCount } }', { t: 'a\u0000b' }, as('org-city'), ['OK']],
      ['query($t: String) { supplyItems(filter: { text: $t }) { totalCount } }', { t: '\u0000' }, as('org-city'), ['OK']],
      ['query($id: ID!) { demandItem(id: $id) { id } }', { id: 'D-001\u0000' }, as('org-city'), ['NOT_FOUND']],
      ['query($id: ID!) { demandItem(id: $id) { id } }', { id: "D-001\u0000' OR '1'='1" }, as('township-ganzhaomiao'), ['NOT_FOUND']],
      ['mutation($u: String!) { login(input: { username: $u, password: "peican-demo" }) { token } }', { u: 'admin\u0000' }, undefined, ['UNAUTHENTICATED']],
    ];
    for (const [query, variables, token, plain] of cases) {
      const r = await gql(query, variables, token);
      const outcome = r.errors ? codeOf(r) : 'OK';
      expect(['BAD_USER_INPUT', ...plain], `${query.slice(0, 50)} ${JSON.stringify(variables)}`).toContain(outcome);
      if (outcome === 'OK') expect(Object.values(r.data)[0]).toMatchObject({ totalCount: 0 });
    }
  }));

  it('a 60,000-character text filter is answered (no rows, or BAD_USER_INPUT), not a 500', unchanged(async () => {
    for (const text of ['a'.repeat(60_000), '%_'.repeat(30_000), '灰'.repeat(60_000)]) {
      const r = await gql('query($t: String) { demandItems(filter: { text: $t }) { totalCount } }', { t: text }, as('org-city'));
      if (r.errors) expect(codeOf(r)).toBe('BAD_USER_INPUT');
      else expect(r.data.demandItems.totalCount).toBe(0);
    }
  }));
});

describe(`probe passed: injection in ids, enums and parameters (${DB_KIND})`, () => {
  it("SQL in ids (D-001' OR '1'='1) → NOT_FOUND on every lookup", unchanged(async () => {
    const lookups = ['demandItem', 'demandList', 'supplyItem', 'supplyList', 'assignment', 'campaign', 'department', 'region', 'matchRun'];
    for (const id of ["D-001' OR '1'='1", "D-001' --", 'D-001" OR "1"="1', "x' UNION SELECT * FROM app_user --", 'D-00%', 'D-00_', '*']) {
      for (const field of lookups) {
        const r = await gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id }, as('org-city'));
        expect(codeOf(r), `${field}(${id})`).toBe('NOT_FOUND');
        expect(r.data ?? null).toBeNull();
      }
    }
  }));

  it('an id of 10,000 characters → NOT_FOUND (or BAD_USER_INPUT), not a 500', unchanged(async () => {
    for (const field of ['demandItem', 'supplyItem', 'assignment']) {
      const r = await gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: `D-${'9'.repeat(10_000)}` }, as('org-city'));
      expect(['NOT_FOUND', 'BAD_USER_INPUT'], field).toContain(codeOf(r));
    }
  }));

  it('SQL in an enum value is refused by GraphQL with the allowed list (variables and literals)', unchanged(async () => {
    const asVariable = await gql('query($s: DemandStatus) { demandItems(filter: { status: $s }) { totalCount } }', { s: "SUBMITTED' OR 1=1 --" }, as('org-city'));
    expect(codeOf(asVariable)).toBe('BAD_USER_INPUT');
    expect(asVariable.errors![0].extensions.allowed).toEqual(expect.arrayContaining(['SUBMITTED', 'MATCHED', 'CLOSED']));
    expect(asVariable.data).toBeUndefined();
    const literal = await gql('{ demandItems(filter: { category: HEALTH_OR_1_EQ_1 }) { totalCount } }', {}, as('org-city'));
    expect(codeOf(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.errors![0].extensions.allowed).toEqual(['THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH']);
    const quoted = await gql(`{ demandItems(filter: { priority: "URGENT' OR '1'='1" }) { totalCount } }`, {}, as('org-city'));
    expect(codeOf(quoted)).toBe('GRAPHQL_VALIDATION_FAILED');
    // In a mutation's input too: nothing is written.
    const input = await gql('mutation($i: RateServiceInput!) { rateService(input: $i) { id } }', { i: { demandItemId: 'D-001', version: 1, rating: "SATISFIED'; --", comment: 'x' } }, as('township-tarhu'));
    expect(codeOf(input)).toBe('BAD_USER_INPUT');
    expect(input.errors![0].extensions.allowed).toContain('SATISFIED');
  }));

  it('SQL in the ledger export\'s campaignId and regionId → refused (404/403/400) with a code, not a 500', unchanged(async () => {
    for (const params of ["campaignId=C-1'%20OR%20'1'%3D'1", "regionId=150800'%20--", 'campaignId=%00', "campaignId=C-1&regionId=150800/%25"]) {
      const r = await rawRequest(app, { method: 'GET', path: `/export/ledger.csv?${params}`, headers: { authorization: `Bearer ${as('org-city')}` } });
      expect([400, 403, 404], params).toContain(r.status);
      expect(['NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT'], params).toContain(codeOf(r));
    }
  }));

  it('SQL stored as a demand title is kept as text and read back verbatim', unchanged(async () => {
    const c = await gql('mutation { createCampaign(input: { name: "注入存储", startsOn: "2022-01-01", endsOn: "2022-02-01" }) { id } }', {}, as('admin'));
    const list = await gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: c.data.createCampaign.id, t: TARHU }, as('township-tarhu'));
    const title = "'); DROP TABLE demand_item; --";
    const added = await gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id title content } }', {
      i: { listId: list.data.createDemandList.id, category: 'HEALTH', title, content: "' OR 1=1 -- <script>alert(1)</script>", forms: ['CLINIC'] },
    }, as('township-tarhu'));
    expect(added.data.addDemandItem).toMatchObject({ title, content: "' OR 1=1 -- <script>alert(1)</script>" });
    expect((await search('demandItems', 'DemandItemFilter', 'DROP TABLE', 'township-tarhu')).nodes.map((n) => n.id)).toEqual([added.data.addDemandItem.id]);
    // Undone, so that the case leaves the database as it found it.
    const conn = app.orm.em.fork().getConnection();
    await conn.execute('delete from demand_item where list_id = ?', [list.data.createDemandList.id]);
    await conn.execute('delete from demand_list where id = ?', [list.data.createDemandList.id]);
    await conn.execute('delete from campaign where id = ?', [c.data.createCampaign.id]);
  }));
});

describe(`probe passed: variables and page sizes (${DB_KIND})`, () => {
  const PROBE = 'query($f: DemandItemFilter, $first: Int) { demandItems(filter: $f, first: $first) { totalCount } }';

  it('__proto__ and constructor.prototype in variables pollute nothing; the server keeps answering', unchanged(async () => {
    const bodies = [
      `{"query":${JSON.stringify(PROBE)},"variables":{"f":{"__proto__":{"polluted":"yes"},"text":"x"}}}`,
      `{"query":${JSON.stringify(PROBE)},"variables":{"__proto__":{"polluted":"yes"},"f":{"constructor":{"prototype":{"polluted":"yes"}}}}}`,
      `{"query":"{ me { id role } }","variables":{"__proto__":{"role":"ADMIN","polluted":"yes"}},"__proto__":{"polluted":"yes"}}`,
      `{"query":"mutation($i: RateServiceInput!) { rateService(input: $i) { id } }","variables":{"i":{"__proto__":{"polluted":"yes"},"demandItemId":"D-001","version":1,"rating":"SATISFIED","comment":"x"}}}`,
    ];
    for (const body of bodies) {
      const r = await postJson(app, body, as('township-tarhu'));
      expect(r.status).toBeLessThan(500);
      if (r.errors) expect(['BAD_USER_INPUT', 'INVALID_STATE', 'NOT_FOUND', 'CONFLICT']).toContain(codeOf(r));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).role).toBeUndefined();
    }
    const me = await gql('{ me { username role } }', {}, as('township-tarhu'));
    expect(me.data.me).toEqual({ username: 'township-tarhu', role: 'TOWNSHIP_ORGANIZER' });
  }));

  it('a huge integer for first (2^53, 2^31) → BAD_USER_INPUT', unchanged(async () => {
    for (const first of [2 ** 53, 2 ** 31, 2 ** 63, 1e308]) {
      const r = await gql(PROBE, { first }, as('org-city'));
      expect(codeOf(r), String(first)).toBe('BAD_USER_INPUT');
      expect(r.data).toBeUndefined();
    }
    const over = await gql(PROBE, { first: 101 }, as('org-city'));
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0].extensions).toMatchObject({ field: 'first', allowed: expect.any(String) });
    // Written into the document instead of a variable: refused by validation.
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(codeOf(await gql('{ demandItems(first: 9007199254740992) { totalCount } }', {}, as('org-city'))));
  }));

  it('a negative or zero first → BAD_USER_INPUT naming the field', unchanged(async () => {
    for (const first of [-1, 0, -(2 ** 31)]) {
      const r = await gql(PROBE, { first }, as('org-city'));
      expect(codeOf(r), String(first)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions.field, String(first)).toBe('first');
    }
  }));

  it('a float, a string or a boolean for first → BAD_USER_INPUT', unchanged(async () => {
    for (const first of [1.5, '10', true, [10], { n: 10 }, 'NaN', 'Infinity']) {
      const r = await gql(PROBE, { first }, as('org-city'));
      expect(codeOf(r), JSON.stringify(first)).toBe('BAD_USER_INPUT');
      expect(r.data, JSON.stringify(first)).toBeUndefined();
    }
  }));

  it('an input object where a scalar belongs, and a scalar where an object belongs → BAD_USER_INPUT', unchanged(async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['query($id: ID!) { demandItem(id: $id) { id } }', { id: { $ne: null } }],
      ['query($id: ID!) { demandItem(id: $id) { id } }', { id: ['D-001', 'D-002'] }],
      ['query($f: DemandItemFilter) { demandItems(filter: $f) { totalCount } }', { f: "' OR 1=1" }],
      ['query($f: DemandItemFilter) { demandItems(filter: $f) { totalCount } }', { f: { text: { $like: '%' } } }],
      ['query($f: DemandItemFilter) { demandItems(filter: $f) { totalCount } }', { f: { townshipId: { $in: [TARHU, GANZHAOMIAO] } } }],
    ];
    for (const [query, variables] of cases) {
      const r = await gql(query, variables, as('township-tarhu'));
      expect(codeOf(r), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(r.data, JSON.stringify(variables)).toBeUndefined();
    }
  }));
});
