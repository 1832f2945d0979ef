import {
  getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType,
  type GraphQLField, type GraphQLInputType, type GraphQLObjectType,
} from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../../src/schema';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { GANZHAOMIAO, smallWorld } from '../support/fixture';
import { checkedGql, codeOf, getQuery, postJson, rawRequest, ROLES } from './probe';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's cases on tokens, CSRF, batching, introspection and the HTTP front, as it passed
 * them: each refused as the README says, and nothing in the database changed.
 */

let app: TestApp;
let gql: ReturnType<typeof checkedGql>;
let as: (user: string) => string;
let adminId: string;
/** A user the admin deactivated before the tests, and the token it held. */
let deactivatedToken: string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  gql = checkedGql(app);
  as = await app.loginAll([...ROLES]);
  adminId = (await gql('{ me { id } }', {}, as('admin'))).data.me.id;
  const created = await gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
    i: { username: 'probe-leaver', password: 'long-enough-password', displayName: '离职联络员', role: 'TOWNSHIP_ORGANIZER', regionId: GANZHAOMIAO },
  }, as('admin'));
  expect(created.errors).toBeUndefined();
  deactivatedToken = await app.gql(`mutation { login(input: { username: "probe-leaver", password: "long-enough-password" }) { token } }`)
    .then((r) => r.data.login.token);
  const off = await gql('mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }', { id: created.data.createUser.id }, as('admin'));
  expect(off.data.setUserActive.active).toBe(false);
});
afterAll(() => app?.close());

const ME = '{ me { id username role } }';

/** A JWT's three parts, the payload decoded. */
function parts(token: string) {
  const [header, payload, signature] = token.split('.');
  return { header, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>, signature };
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Asserts the answer is a refusal of the sign-in: UNAUTHENTICATED, no data. */
function expectSignedOut(r: { data?: any; errors?: any[] }) {
  expect(codeOf(r)).toBe('UNAUTHENTICATED');
  expect(r.data ?? null).toBeNull();
}

/** A value of the type for a variable: enough to pass coercion (so the refusal is the sign-in's, not the input's). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type)) value[field.name] = sample(field.type);
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int': case 'Float': return 1;
      case 'Boolean': return true;
      case 'DateTimeISO': return '2020-01-01T00:00:00Z';
      default: return 'x';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** One operation calling one root field with every required argument (as variables) and `__typename`. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type));
  const vars = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { query, variables: Object.fromEntries(required.map((a) => [a.name, sample(a.type)])) };
}

async function rootFields(kind: 'query' | 'mutation') {
  const schema = await getSchema();
  const type = (kind === 'query' ? schema.getQueryType() : schema.getMutationType()) as GraphQLObjectType;
  return Object.values(type.getFields());
}

describe(`probe passed: tokens (${DB_KIND})`, () => {
  it('no token: every query is UNAUTHENTICATED; only __typename answers', async () => {
    const before = await snapshot(app);
    const fields = await rootFields('query');
    expect(fields.length).toBeGreaterThan(20);
    for (const field of fields) {
      const { query, variables } = operationFor('query', field);
      const r = await gql(query, variables);
      expect(codeOf(r), query).toBe('UNAUTHENTICATED');
      expect(r.data ?? null, query).toBeNull();
    }
    expect((await gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    await expectUnchanged(app, before);
  });

  it('no token: every mutation but login is UNAUTHENTICATED and changes nothing', async () => {
    const before = await snapshot(app);
    const fields = (await rootFields('mutation')).filter((f) => f.name !== 'login');
    expect(fields.length).toBeGreaterThan(30);
    for (const field of fields) {
      const { query, variables } = operationFor('mutation', field);
      const r = await gql(query, variables);
      expect(codeOf(r), query).toBe('UNAUTHENTICATED');
      expect(r.data ?? null, query).toBeNull();
    }
    expect((await gql('mutation { __typename }')).data).toEqual({ __typename: 'Mutation' });
    await expectUnchanged(app, before);
  });

  it('a garbage token (not a JWT, three dots, random base64, 4 KB) → UNAUTHENTICATED', async () => {
    const before = await snapshot(app);
    for (const token of ['not-a-jwt', 'a.b.c', '..', `${b64({ alg: 'HS256' })}.${b64({ sub: adminId })}.${'A'.repeat(43)}`, 'x'.repeat(4096)]) {
      expectSignedOut(await gql(ME, {}, token));
    }
    await expectUnchanged(app, before);
  });

  it('a token signed with another secret → UNAUTHENTICATED', async () => {
    const before = await snapshot(app);
    const claims = parts(as('admin')).payload;
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another-secret-another-secret-another!'));
    expectSignedOut(await gql(ME, {}, forged));
    await expectUnchanged(app, before);
  });

  it('an expired token (issued when the clock stood two lifetimes back) → UNAUTHENTICATED, saying it expired', async () => {
    app.clock.set(new Date(Date.now() - 2 * app.config.tokenLifetimeSeconds * 1000));
    const old = await app.login('township-tarhu');
    app.clock.set(new Date());
    const before = await snapshot(app);
    const r = await gql(ME, {}, old);
    expectSignedOut(r);
    expect(r.errors![0].message).toMatch(/expired/i);
    await expectUnchanged(app, before);
  });

  it('an expired token signed by hand with the real secret (exp an hour ago) → UNAUTHENTICATED', async () => {
    const before = await snapshot(app);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...parts(as('admin')).payload, iat: now - 7200, exp: now - 3600 };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(app.config.tokenSecret);
    expectSignedOut(await gql(ME, {}, token));
    await expectUnchanged(app, before);
  });

  it('alg "none" with an admin subject → UNAUTHENTICATED', async () => {
    const before = await snapshot(app);
    const claims = { ...parts(as('township-tarhu')).payload, sub: adminId };
    for (const alg of ['none', 'None', 'NONE']) {
      expectSignedOut(await gql(ME, {}, `${b64({ alg, typ: 'JWT' })}.${b64(claims)}.`));
    }
    await expectUnchanged(app, before);
  });

  it("a tampered payload (a township's token with sub changed to admin's id) → UNAUTHENTICATED", async () => {
    const before = await snapshot(app);
    const { header, payload, signature } = parts(as('township-tarhu'));
    const tampered = `${header}.${b64({ ...payload, sub: adminId })}.${signature}`;
    expectSignedOut(await gql(ME, {}, tampered));
    // Nor may a write pass with it.
    expectSignedOut(await gql('mutation { createCampaign(input: { name: "篡改", startsOn: "2021-01-01", endsOn: "2021-02-01" }) { id } }', {}, tampered));
    // The signature of one token on another's payload, and a token cut short.
    const other = parts(as('admin'));
    expectSignedOut(await gql(ME, {}, `${other.header}.${b64(other.payload)}.${signature}`));
    expectSignedOut(await gql(ME, {}, as('admin').slice(0, -2)));
    await expectUnchanged(app, before);
  });

  it('a token of a user the admin deactivated → UNAUTHENTICATED, and that user cannot sign in again', async () => {
    const before = await snapshot(app);
    expectSignedOut(await gql(ME, {}, deactivatedToken));
    expectSignedOut(await gql('{ demandItems { totalCount } }', {}, deactivatedToken));
    const again = await gql(`mutation { login(input: { username: "probe-leaver", password: "long-enough-password" }) { token } }`);
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
    // The same answer as a wrong password: nothing says the account exists.
    const wrong = await gql(`mutation { login(input: { username: "admin", password: "wrong-password" }) { token } }`);
    expect(again.errors![0].message).toBe(wrong.errors![0].message);
    await expectUnchanged(app, before);
  });

  it('"Bearer" with no token, "Bearer" and blanks, another scheme, two tokens → UNAUTHENTICATED', async () => {
    const before = await snapshot(app);
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer    ', `Basic ${Buffer.from('admin:peican-demo').toString('base64')}`, `Token ${as('admin')}`, `Bearer ${as('admin')} ${as('admin')}`, as('admin')]) {
      const r = await postJson(app, { query: ME }, undefined, { authorization });
      expect(codeOf(r), authorization.slice(0, 20)).toBe('UNAUTHENTICATED');
      expect(r.data ?? null).toBeNull();
    }
    await expectUnchanged(app, before);
  });

  it('a token in a query parameter, a cookie or the request body is not accepted', async () => {
    const before = await snapshot(app);
    const token = as('admin');
    for (const name of ['access_token', 'token', 'authorization', 'auth']) {
      const r = await getQuery(app, { query: ME, [name]: name === 'authorization' ? `Bearer ${token}` : token });
      expect(codeOf(r), name).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await postJson(app, { query: ME }, undefined, { cookie: `token=${token}; authorization=Bearer%20${token}` }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await postJson(app, { query: ME, extensions: { authorization: `Bearer ${token}` }, token }))).toBe('UNAUTHENTICATED');
    // The ledger export takes the header only, too.
    const ledger = await rawRequest(app, { method: 'GET', path: `/export/ledger.csv?access_token=${token}&token=${token}` });
    expect(ledger.status).toBe(401);
    expect(codeOf(ledger)).toBe('UNAUTHENTICATED');
    await expectUnchanged(app, before);
  });

  it("SQL in the login's username → UNAUTHENTICATED, the same answer as a wrong password", async () => {
    const before = await snapshot(app);
    const wrong = await gql(`mutation { login(input: { username: "admin", password: "wrong-password" }) { token } }`);
    for (const username of ["admin' --", "' OR '1'='1", "admin'/*", 'admin" OR "1"="1', "admin'; DROP TABLE app_user; --"]) {
      const r = await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: username, p: "' OR '1'='1" });
      expect(codeOf(r), username).toBe('UNAUTHENTICATED');
      expect(r.errors![0].message).toBe(wrong.errors![0].message);
    }
    await expectUnchanged(app, before);
  });
});

describe(`probe passed: CSRF and batching (${DB_KIND})`, () => {
  const CREATE = 'mutation { createCampaign(input: { name: "跨站请求", startsOn: "2021-01-01", endsOn: "2021-02-01" }) { id } }';

  it('a GET query with neither a preflight header nor a content-type (a simple request) is refused', async () => {
    const before = await snapshot(app);
    const r = await getQuery(app, { query: ME }, { authorization: `Bearer ${as('admin')}` });
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_REQUEST');
    expect(r.errors![0].message).toMatch(/CSRF/);
    expect(r.data).toBeUndefined();
    // The same request with the preflight header is answered: the refusal was the CSRF rule's.
    const ok = await getQuery(app, { query: ME }, { authorization: `Bearer ${as('admin')}`, 'apollo-require-preflight': 'true' });
    expect(ok.data.me.id).toBe(adminId);
    await expectUnchanged(app, before);
  });

  it('a POST with content-type text/plain, form-urlencoded or multipart (simple requests) is refused and its mutation does not run', async () => {
    const before = await snapshot(app);
    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain; application/json']) {
      const r = await rawRequest(app, { headers: { 'content-type': contentType, authorization: `Bearer ${as('admin')}` }, body: JSON.stringify({ query: CREATE }) });
      expect(r.status, contentType).toBe(400);
      expect(codeOf(r), contentType).toBe('BAD_REQUEST');
      expect(r.data, contentType).toBeUndefined();
    }
    await expectUnchanged(app, before);
  });

  it('a mutation over GET (even with the preflight header) is refused', async () => {
    const before = await snapshot(app);
    const r = await getQuery(app, { query: CREATE }, { authorization: `Bearer ${as('admin')}`, 'apollo-require-preflight': 'true' });
    expect(r.status).toBe(405);
    expect(codeOf(r)).toBe('BAD_REQUEST');
    expect(r.data).toBeUndefined();
    // Nor a login, which needs no token.
    const login = await getQuery(app, { query: 'mutation { login(input: { username: "admin", password: "peican-demo" }) { token } }' });
    expect(login.status).toBe(405);
    await expectUnchanged(app, before);
  });

  it('a JSON array body (a batch) is refused as a whole, its mutations not run', async () => {
    const before = await snapshot(app);
    const r = await postJson(app, [{ query: CREATE }, { query: ME }, { query: CREATE }], as('admin'));
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_REQUEST');
    expect(r.data).toBeUndefined();
    // A batch of one, and of logins (a password-guessing amplifier), are refused too.
    expect(codeOf(await postJson(app, [{ query: ME }], as('admin')))).toBe('BAD_REQUEST');
    const guesses = Array.from({ length: 20 }, (_, i) => ({ query: `mutation { login(input: { username: "admin", password: "guess-${i}" }) { token } }` }));
    expect(codeOf(await postJson(app, guesses))).toBe('BAD_REQUEST');
    await expectUnchanged(app, before);
  });

  it('aliased logins in one document (a password-guessing amplifier) are refused', async () => {
    const before = await snapshot(app);
    const guesses = Array.from({ length: 50 }, (_, i) => `g${i}: login(input: { username: "admin", password: "guess-${i}" }) { token }`).join(' ');
    const r = await gql(`mutation { ${guesses} }`);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.data).toBeUndefined();
    await expectUnchanged(app, before);
  });
});

describe(`probe passed: the HTTP front (${DB_KIND})`, () => {
  it('a method other than GET and POST is refused', async () => {
    const before = await snapshot(app);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const r = await rawRequest(app, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${as('admin')}` }, body: JSON.stringify({ query: ME }) });
      expect(r.status, method).toBe(405);
      expect(codeOf(r), method).toBe('BAD_REQUEST');
    }
    await expectUnchanged(app, before);
  });

  it('a body that is not JSON → 400 with a code, not a 500', async () => {
    const before = await snapshot(app);
    for (const body of ['{"query":', '{query: "{ me { id } }"}', '\u0000\u0001', 'null', '"{ me { id } }"', '42']) {
      const r = await postJson(app, body, as('admin'));
      expect(r.status, body).toBe(400);
      expect(r.data, body).toBeUndefined();
      expect(r.errors?.length, body).toBeGreaterThan(0);
    }
    await expectUnchanged(app, before);
  });

  it('query, variables or operationName of the wrong JSON type → BAD_REQUEST', async () => {
    const before = await snapshot(app);
    for (const body of [{ query: 42 }, { query: ['{ me { id } }'] }, { query: ME, variables: '{"a":1}' }, { query: ME, variables: [1] }, { query: ME, operationName: 7 }, {}]) {
      const r = await postJson(app, body, as('admin'));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(codeOf(r), JSON.stringify(body)).toBe('BAD_REQUEST');
    }
    await expectUnchanged(app, before);
  });

  it('several operations and no operationName, or an unknown one → refused, none run', async () => {
    const before = await snapshot(app);
    const doc = `query A { me { id } } mutation B { createCampaign(input: { name: "二选一", startsOn: "2021-01-01", endsOn: "2021-02-01" }) { id } }`;
    for (const body of [{ query: doc }, { query: doc, operationName: 'C' }, { query: doc, operationName: "B' OR '1'='1" }]) {
      const r = await postJson(app, body, as('admin'));
      expect(r.status).toBe(400);
      expect(r.data).toBeUndefined();
    }
    await expectUnchanged(app, before);
  });

  it('a path that is neither the API nor a page of the web app → 404 with a code; a page → the app', async () => {
    const before = await snapshot(app);
    for (const path of ['/export/ledger.pdf', '/graphql%00', '/%00', '/assets/nothing.js', '/x.php', '/..%2f..%2fpackage.json', '/%5c..%5cpackage.json']) {
      const r = await rawRequest(app, { method: 'GET', path });
      expect(r.status, path).toBe(404);
      expect(r.errors?.length, path).toBeGreaterThan(0);
    }
    // The web app (issue 16) answers its pages with its index.html, whatever the path; never a file outside its build.
    for (const path of ['/', '/login', '/graphql/../admin', '/township']) {
      const r = await rawRequest(app, { method: 'GET', path });
      expect(r.status, path).toBe(200);
      expect(r.text, path).toContain('<div id="app"></div>');
    }
    await expectUnchanged(app, before);
  });

  it('a body over 1 MB is refused and the server keeps answering', async () => {
    const before = await snapshot(app);
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` });
    let status: number | 'reset';
    try {
      status = (await postJson(app, body, as('admin'))).status;
    } catch {
      // The server cut the upload short: refused as well (the client never sees the 413).
      status = 'reset';
    }
    expect([413, 'reset']).toContain(status);
    expect((await gql(ME, {}, as('admin'))).data.me.id).toBe(adminId);
    await expectUnchanged(app, before);
  });
});

describe(`probe passed: introspection (${DB_KIND})`, () => {
  let off: TestApp;
  let offGql: ReturnType<typeof checkedGql>;
  let offToken: string;
  beforeAll(async () => {
    // The options are spread into the Config: introspection as PEICAN_INTROSPECTION=false would set it.
    const options = { tokenLifetimeSeconds: 12 * 3600, introspection: false };
    off = await startApp(smallWorld(), options);
    expect(off.config.introspection).toBe(false);
    offGql = checkedGql(off);
    offToken = await off.login('org-city');
  });
  afterAll(() => off?.close());

  it('is on in development and test (config default), anonymous included', async () => {
    const before = await snapshot(app);
    expect(app.config.introspection).toBe(true);
    const r = await gql('{ __schema { queryType { name } } __type(name: "DemandItem") { name } }');
    expect(r.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { name: 'DemandItem' } });
    await expectUnchanged(app, before);
  });

  it('is off when the config says so: __schema and __type refused, also through an alias or a fragment', async () => {
    const before = await snapshot(off);
    for (const query of [
      '{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }', '{ a: __schema { types { name } } }',
      '{ ...F } fragment F on Query { __schema { queryType { name } } }', '{ me { id } ... on Query { __type(name: "Role") { enumValues { name } } } }',
    ]) {
      for (const token of [undefined, offToken]) {
        const r = await offGql(query, {}, token);
        expect(r.status, query).toBe(400);
        expect(codeOf(r), query).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(r.data, query).toBeUndefined();
      }
    }
    expect((await offGql('{ __typename }', {}, offToken)).data).toEqual({ __typename: 'Query' });
    await expectUnchanged(off, before);
  });

  it('is off: field, argument, type and input-field suggestions ("Did you mean") are not leaked', async () => {
    const before = await snapshot(off);
    // Each typo, and the names a suggestion would give away.
    const typos: [string, string[]][] = [
      ['{ me { usernam } }', ['username']],
      ['{ demandItems(firs: 1) { totalCount } }', ['first']],
      ['query($f: DemandItemFiltr) { demandItems(filter: $f) { totalCount } }', ['DemandItemFilter']],
      ['{ demandItems(filter: { statu: SUBMITTED }) { totalCount } }', ['status']],
      ['{ demandItem(id: "D-001") { titl contnt } }', ['title', 'content']],
      ['mutation { logn(input: { username: "a", password: "b" }) { token } }', ['login']],
    ];
    for (const [query, hidden] of typos) {
      for (const token of [undefined, offToken]) {
        const r = await offGql(query, {}, token);
        expect(codeOf(r), query).toBe('GRAPHQL_VALIDATION_FAILED');
        const messages = r.errors!.map((e) => e.message).join(' ');
        expect(messages, query).not.toMatch(/did you mean/i);
        for (const name of hidden) expect(messages, query).not.toContain(`"${name}"`);
      }
    }
    // With introspection on, the same typo does suggest: the hiding is the setting's doing.
    expect((await gql('{ me { usernam } }', {}, as('admin'))).errors![0].message).toMatch(/Did you mean "username"/);
    await expectUnchanged(off, before);
  });
});
