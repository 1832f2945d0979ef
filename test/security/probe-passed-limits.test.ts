import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { GANZHAOMIAO, TARHU, smallWorld } from '../support/fixture';
import { checkedGql, codeOf, codesOf, ROLES } from './probe';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe's cases on the shape of a document (depth, aliases, directives, tokens, fragments)
 * and on forged cursors, as it passed them. The sizes are far past any limit the server may set
 * (depth 20, 50 aliases, 5,000 tokens), and no message's number is asserted: the limits may be
 * tightened. A document refused for its shape is refused before execution: no statement but the
 * token's own user lookup reaches the database.
 */

let app: TestApp;
let gql: ReturnType<typeof checkedGql>;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(smallWorld(30));
  gql = checkedGql(app);
  as = await app.loginAll([...ROLES]);
});
afterAll(() => app?.close());

/** The statements a request with this token sends when it does nothing: the context's user lookup. */
async function baseline(token?: string): Promise<number> {
  app.counter.reset();
  await gql('{ __typename }', {}, token);
  return app.counter.count;
}

/**
 * Sends the document (with a token and without one); it must be refused with a validation or
 * parse error, with no data, and send no statement beyond the context's own.
 */
async function refusedBeforeExecution(query: string, codes = ['GRAPHQL_VALIDATION_FAILED']) {
  const before = await snapshot(app);
  for (const token of [as('org-city'), undefined]) {
    const floor = await baseline(token);
    app.counter.reset();
    const r = await gql(query, {}, token);
    const statements = [...app.counter.statements];
    expect(r.status, query.slice(0, 80)).toBe(400);
    expect(r.data, query.slice(0, 80)).toBeUndefined();
    expect(r.errors!.length).toBeGreaterThan(0);
    for (const code of codesOf(r)) expect(codes, query.slice(0, 80)).toContain(code);
    expect(statements.length, `statements sent: ${statements.join(' | ').slice(0, 500)}`).toBe(floor);
  }
  await expectUnchanged(app, before);
}

const nest = (depth: number, open: string, leaf: string) => `${`${open} { `.repeat(depth)}${leaf}${' }'.repeat(depth)}`;

describe(`probe passed: depth, aliases, directives and tokens (${DB_KIND})`, () => {
  it('a query 20 levels deep is refused before execution (no SQL sent)', async () => {
    await refusedBeforeExecution(`{ regions { ${nest(19, 'children', 'id name')} } }`);
    await refusedBeforeExecution(`{ demandItems { nodes { ${'list { items { '.repeat(9)}id${' } }'.repeat(9)} } } }`);
  });

  it('depth hidden in a chain of 20 fragments is refused the same way', async () => {
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Region { id children { ${i === 19 ? 'id' : `...F${i + 1}`} } }`).join(' ');
    await refusedBeforeExecution(`{ regions { ...F0 } } ${fragments}`);
  });

  it('50 aliases of a field are refused before execution', async () => {
    await refusedBeforeExecution(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: demandItems(first: 100) { totalCount nodes { id } }`).join(' ')} }`);
    await refusedBeforeExecution(`{ ${Array.from({ length: 50 }, (_, i) => `m${i}: me { id }`).join(' ')} }`);
  });

  it('50 aliases spread over fragments are refused the same way', async () => {
    const fragments = Array.from({ length: 5 }, (_, f) => `fragment A${f} on Query { ${Array.from({ length: 10 }, (_, i) => `a${f}_${i}: regions { id }`).join(' ')} }`).join(' ');
    await refusedBeforeExecution(`{ ${Array.from({ length: 5 }, (_, f) => `...A${f}`).join(' ')} } ${fragments}`);
  });

  it('50 @include(if: true) directives are refused before execution', async () => {
    await refusedBeforeExecution(`{ me ${'@include(if: true) '.repeat(50)}{ id } }`);
    await refusedBeforeExecution(`{ ${Array.from({ length: 50 }, () => 'me @include(if: true) { id }').join(' ')} }`);
  });

  it('a document of 5,000 tokens is refused with a parse error (400), not a 500', async () => {
    await refusedBeforeExecution(`{ ${'__typename '.repeat(5000)}}`, ['GRAPHQL_PARSE_FAILED']);
    // Tokens of every kind count: names, punctuation, strings, numbers, variables.
    await refusedBeforeExecution(`{ me { id } ${'demandItems(first: 1, after: "x") { totalCount } '.repeat(700)}}`, ['GRAPHQL_PARSE_FAILED']);
    await refusedBeforeExecution(`query(${Array.from({ length: 1700 }, (_, i) => `$v${i}: Int`).join(' ')}) { __typename }`, ['GRAPHQL_PARSE_FAILED']);
  });

  it('a fragment bomb (each of 20 fragments spreading the next twice) is refused quickly, not expanded', async () => {
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Region { ${i === 19 ? 'id name' : `children { ...F${i + 1} } parent { ...F${i + 1} }`} }`).join(' ');
    const started = Date.now();
    await refusedBeforeExecution(`{ regions { ...F0 } } ${fragments}`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a fragment that spreads itself (a cycle) → GRAPHQL_VALIDATION_FAILED, not a 500 or a hang', async () => {
    await refusedBeforeExecution('{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }');
    await refusedBeforeExecution('{ regions { ...R } } fragment R on Region { children { ...R } }');
  });
});

/** A cursor as the API makes them (base64url of "pc1:<Type>:<id>"), forged by hand. */
const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe(`probe passed: forged cursors (${DB_KIND})`, () => {
  const PAGE = 'query($after: String) { demandItems(first: 5, after: $after) { totalCount nodes { id township { id } } } }';

  async function badCursor(after: string, user = 'township-tarhu') {
    const r = await gql(PAGE, { after }, as(user));
    expect(codeOf(r), after.slice(0, 60)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('after');
    expect(r.data ?? null).toBeNull();
  }

  it('a cursor of another type (a SupplyItem or Assignment cursor on demandItems) → BAD_USER_INPUT', async () => {
    const before = await snapshot(app);
    const real = await gql('{ supplyItems(first: 1) { pageInfo { endCursor } } }', {}, as('township-tarhu'));
    await badCursor(real.data.supplyItems.pageInfo.endCursor);
    for (const type of ['SupplyItem', 'DemandList', 'Assignment', 'User', 'demanditem']) await badCursor(cursor(`pc1:${type}:D-001`));
    await expectUnchanged(app, before);
  });

  it("a base64 cursor of `pc1:DemandItem:' or 1=1 --` and other SQL → BAD_USER_INPUT", async () => {
    const before = await snapshot(app);
    for (const id of ["' or 1=1 --", "D-001' OR '1'='1", 'D-001"; drop table demand_item; --', 'D-001 union select * from app_user', '%', 'D-001%']) {
      await badCursor(cursor(`pc1:DemandItem:${id}`));
    }
    await expectUnchanged(app, before);
  });

  it('a cursor over 1 KB (well-formed alphabet, or a real id padded) → BAD_USER_INPUT', async () => {
    const before = await snapshot(app);
    await badCursor('A'.repeat(2000));
    await badCursor(cursor(`pc1:DemandItem:D-${'0'.repeat(1500)}`));
    await badCursor(cursor(`pc1:DemandItem:D-001:${'x'.repeat(1500)}`));
    await badCursor(`${cursor('pc1:DemandItem:D-001')}${'A'.repeat(1500)}`);
    await expectUnchanged(app, before);
  });

  it('random bytes, standard base64, padding, non-ASCII and NUL as a cursor → BAD_USER_INPUT', async () => {
    const before = await snapshot(app);
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 151 + 17) % 256));
    for (const after of [random.toString('base64'), random.toString('base64url'), random.toString('latin1'), '====', '配餐游标', `${cursor('pc1:DemandItem:D-001')}==`, cursor('pc1:DemandItem:D-001\u0000'), cursor('pc1:DemandItem:')
      , cursor('pc1::')]) {
      await badCursor(after);
    }
    await expectUnchanged(app, before);
  });

  it("a well-formed forged cursor pointing into another township's rows pages only one's own", async () => {
    const before = await snapshot(app);
    for (const [user, own] of [['township-tarhu', TARHU], ['township-ganzhaomiao', GANZHAOMIAO]]) {
      for (const id of ['D-000', 'D-002', 'D-003', 'D-X0100', 'A', 'D-00_', '_']) {
        const r = await gql(PAGE, { after: cursor(`pc1:DemandItem:${id}`) }, as(user));
        expect(r.errors, `${user} after ${id}`).toBeUndefined();
        expect(r.data.demandItems.nodes.every((n: any) => n.township.id === own), `${user} after ${id}`).toBe(true);
        expect(r.data.demandItems.nodes.every((n: any) => n.id > id), `${user} after ${id}`).toBe(true);
      }
    }
    await expectUnchanged(app, before);
  });
});
