import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { COST_LIMIT, LIST_SIZES, listFieldsOf, operationCost } from '../../src/common/cost';
import { getSchema } from '../../src/schema';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The limits on what one operation may ask: its cost (counted with the variables' values, so
 * `first: $n` weighs what $n says), its depth, aliases and tokens, its time and its answer's size.
 */

/** The outside probe's query: 15 aliases, each 100 demands × their run's 100 assignments × their timelines. */
const PROBE_BODY = 'demandItems(first:$n){ nodes { assignment { run { assignments(first:$n){ nodes { demandItem { title content township { name } timeline { action } } supplyItem { contactPhone } } } } } } }';
/** The same nesting without the hop through the run: within the depth limit, so only its cost can stop it. */
const SHALLOW_BODY = 'demandItems(first:$n){ nodes { title assignments { demandItem { title content township { name } timeline { action } } supplyItem { contactPhone } } } }';
const aliased = (body: string, n = 15) => `query($n:Int){ ${Array.from({ length: n }, (_, i) => `a${i + 1}: ${body}`).join(' ')} }`;

/** Statements that read what the probe asks for (the sign-in's own lookup of the user is not one). */
const DATA_STATEMENT = /\b(demand_item|assignment|match_run|event|supply_item)\b/;

const timed = async <T>(work: () => Promise<T>) => {
  const start = Date.now();
  const value = await work();
  return { value, ms: Date.now() - start };
};

describe(`cost, depth, aliases and tokens (${DB_KIND})`, () => {
  let app: TestApp;
  let as: (username: string) => string;

  beforeAll(async () => {
    app = await startApp(readDemoData());
    as = await app.loginAll(['org-city', 'township-tarhu', 'dept-wuyuan-nk', 'dept-nmj', 'volunteer-wuyuan']);
    // A matching run, so that the probe's assignment → run → assignments path has rows behind it.
    expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
  });
  afterAll(() => app?.close());

  const health = () => fetch(app.url.replace(/\/graphql$/, '/health')).then((r) => r.status);

  it('the probe: 15 aliases of demandItems → assignment → run → assignments with $n = 100 is refused before it runs, and /health answers meanwhile', async () => {
    const before = await snapshot(app);
    const probe = aliased(PROBE_BODY);
    // The cost analysis alone refuses it, whatever the depth limit: millions against a limit of thousands.
    const schema = await getSchema();
    expect(operationCost(schema, parse(probe), { n: 100 }).cost).toBeGreaterThan(100 * COST_LIMIT);
    app.counter.reset();
    const [refused, healthy] = await Promise.all([timed(() => app.gql(probe, { n: 100 }, as('township-tarhu'))), timed(health)]);
    expect(refused.value.status).toBe(400);
    expect(refused.value.data).toBeUndefined();
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(codeOf(refused.value));
    expect(refused.value.errors![0].message).toMatch(/depth limit of 8|costs/);
    expect(refused.ms).toBeLessThan(2_000);
    expect(app.counter.statements.filter((s) => DATA_STATEMENT.test(s))).toEqual([]);
    expect(healthy.value).toBe(200);
    expect(healthy.ms).toBeLessThan(1_000);
    await expectUnchanged(app, before);
  });

  it('the same nesting within the depth limit is refused for its cost when $n = 100, and answered when $n = 1', async () => {
    const before = await snapshot(app);
    app.counter.reset();
    const refused = await app.gql(aliased(SHALLOW_BODY), { n: 100 }, as('org-city'));
    expect(refused.status).toBe(400);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    const { cost, limit } = refused.errors![0].extensions;
    expect(limit).toBe(COST_LIMIT);
    expect(cost).toBeGreaterThan(COST_LIMIT);
    expect(refused.errors![0].message).toContain(`costs ${cost.toLocaleString('en-US')}, over the limit of ${COST_LIMIT.toLocaleString('en-US')}`);
    expect(refused.errors![0].message).toMatch(/smaller "first"/);
    expect(app.counter.statements.filter((s) => DATA_STATEMENT.test(s))).toEqual([]);
    // A literal first weighs what the variable did.
    const literal = await app.gql(aliased(SHALLOW_BODY.replace('first:$n', 'first:100')).replace('query($n:Int)', 'query'), {}, as('org-city'));
    expect(literal.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost, limit });
    const answered = await app.gql(aliased(SHALLOW_BODY), { n: 1 }, as('org-city'));
    expect(answered.errors).toBeUndefined();
    expect(answered.data.a15.nodes).toHaveLength(1);
    await expectUnchanged(app, before);
  });

  it('unpaged lists weigh their realistic size: regions → children → children → children', async () => {
    const before = await snapshot(app);
    app.counter.reset();
    const r = await app.gql('{ regions { name children { name children { name children { name } } } } }', {}, as('org-city'));
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const s = LIST_SIZES;
    expect(r.errors![0].extensions.cost).toBe(1 + s['Query.regions'] * (2 + s['Region.children'] * (2 + s['Region.children'] * (2 + s['Region.children']))));
    expect(app.counter.statements.filter((st) => /\bregion\b/.test(st) && !/app_user/.test(st))).toEqual([]);
    await expectUnchanged(app, before);
  });

  const overLimits: [string, string, RegExp][] = [
    ['a query 9 deep', '{ demandItems { nodes { assignment { department { region { parent { parent { parent { name } } } } } } } } }', /depth limit of 8/],
    ['16 aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { username }`).join(' ')} }`, /Aliases limit of 15/],
    ['1,001 tokens', `{ ${'__typename '.repeat(999)}}`, /1000 tokens/],
  ];
  it.each(overLimits)('%s is refused before it runs', async (_case, query, message) => {
    const before = await snapshot(app);
    app.counter.reset();
    const r = await app.gql(query, {}, as('org-city'));
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors![0].message).toMatch(message);
    expect(app.counter.statements.filter((s) => DATA_STATEMENT.test(s))).toEqual([]);
    await expectUnchanged(app, before);
  });

  /**
   * Every ```graphql block of README.md and of docs/*.md, operation by operation: a query is run as
   * the demo user the file names for it (the last one named in its section; org-city otherwise) and
   * must be answered without any error; a mutation is sent without a token, so it passes every limit
   * and is then refused by sign-in (UNAUTHENTICATED), changing nothing. Both must weigh within the limit.
   */
  it('every GraphQL example in README.md and docs/*.md passes the limits as the demo user who would run it', async () => {
    const before = await snapshot(app);
    const schema = await getSchema();
    const examples = documentedExamples();
    expect(examples.length).toBeGreaterThan(25);
    // The README keeps examples of its own, and the docs hold the ones moved out of it.
    expect(examples.some((e) => e.file === 'README.md')).toBe(true);
    expect(examples.some((e) => e.file.startsWith('docs/'))).toBe(true);
    const costs: string[] = [];
    for (const { file, source, operation, user } of examples) {
      const variables = dummyVariables(operation);
      const { cost } = operationCost(schema, parse(source), variables);
      costs.push(`${cost}\t${file}\t${source.slice(0, 60)}`);
      expect(cost, `${file}: ${source}`).toBeLessThanOrEqual(COST_LIMIT);
      if (operation.operation === 'query') {
        const r = await app.gql(source, variables, as(user));
        expect(r.errors, `${file}, as ${user}: ${source}`).toBeUndefined();
      } else {
        const r = await app.gql(source, variables);
        expect(codeOf(r), `${file}: ${source}`).toBe('UNAUTHENTICATED');
      }
    }
    if (process.env.PEICAN_PRINT_COSTS) console.log(costs.sort((a, b) => parseInt(b) - parseInt(a)).join('\n'));
    await expectUnchanged(app, before);
  });

  it('every list of objects in the schema has a realistic size in the cost table', async () => {
    const schema = await getSchema();
    const unsized = listFieldsOf(schema).filter((f) => !(f in LIST_SIZES));
    expect(unsized).toEqual([]);
    expect(Object.keys(LIST_SIZES).filter((f) => !listFieldsOf(schema).includes(f))).toEqual([]);
  });
});

const DEMO_USERS = ['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk', 'volunteer-wuyuan'];

type Example = { file: string; source: string; operation: OperationDefinitionNode; user: string };

/** The files whose GraphQL examples are checked: README.md and every docs/*.md, relative to the root. */
function documentedFiles(): string[] {
  const docs = readdirSync(join(__dirname, '../../docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** The GraphQL examples of README.md and docs/*.md, one operation each, with the demo user its section names. */
function documentedExamples(): Example[] {
  return documentedFiles().flatMap((file) => examplesOf(file, readFileSync(join(__dirname, '../..', file), 'utf8')));
}

/** One file's GraphQL examples: the user is the last demo user named in `backticks` since the last heading. */
function examplesOf(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const block = /```graphql\n([\s\S]*?)```/g;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const before = text.slice(0, m.index);
    const section = before.slice(before.lastIndexOf('\n#') + 1);
    const named = [...section.matchAll(/`([a-z-]+)`/g)].map((n) => n[1]).filter((u) => DEMO_USERS.includes(u));
    const user = named.at(-1) ?? 'org-city';
    const document = parse(m[1]);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      examples.push({ file, source: m[1].slice(definition.loc!.start, definition.loc!.end), operation: definition, user });
    }
  }
  return examples;
}

/** A value for each declared variable (the examples' variables are ids). */
function dummyVariables(operation: OperationDefinitionNode): Record<string, unknown> {
  return Object.fromEntries((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, 'NOPE']));
}

/**
 * Slows the statements that match: a slow database, so that a query runs past its time limit
 * at a known point. Statements are counted (app.counter) as they finish.
 */
function slowStatements(app: TestApp, pattern: RegExp, ms: number): () => void {
  const connection = app.orm.em.getConnection() as unknown as { execute: (...args: unknown[]) => Promise<unknown> };
  const original = connection.execute;
  connection.execute = async function (this: unknown, ...args: unknown[]) {
    if (pattern.test(String(args[0]))) await new Promise((r) => setTimeout(r, ms));
    return original.apply(this, args);
  };
  return () => {
    connection.execute = original;
  };
}

describe(`time and size of an answer (${DB_KIND})`, () => {
  let app: TestApp;
  let as: (username: string) => string;
  const TIME_LIMIT_MS = 300;
  const RESPONSE_LIMIT = 10_000;

  beforeAll(async () => {
    app = await startApp(smallWorld(100), { queryTimeoutMs: TIME_LIMIT_MS, maxResponseBytes: RESPONSE_LIMIT });
    as = await app.loginAll(['org-city', 'admin']);
  });
  afterAll(() => app?.close());

  it('a query past the time limit is answered with TIMEOUT at the limit, and the rest of it is not run', async () => {
    const before = await snapshot(app);
    const restore = slowStatements(app, /from [`"]demand_item[`"]/i, 4 * TIME_LIMIT_MS);
    try {
      app.counter.reset();
      const r = await timed(() => app.gql('{ demandItems(first: 10) { nodes { title township { name } county { name } } } }', {}, as('org-city')));
      expect(r.value.status).toBe(503);
      expect(codeOf(r.value)).toBe('TIMEOUT');
      expect(r.value.errors![0].message).toMatch(/time limit of 0.3 s/);
      expect(r.ms).toBeLessThan(3 * TIME_LIMIT_MS);
      // The slow statements finish meanwhile; nothing after them runs (the regions of the townships and counties).
      await new Promise((resolve) => setTimeout(resolve, 6 * TIME_LIMIT_MS));
      const statements = app.counter.statements;
      const last = statements.map((s) => /demand_item/.test(s)).lastIndexOf(true);
      expect(last).toBeGreaterThanOrEqual(0);
      expect(statements.slice(last + 1)).toEqual([]);
    } finally {
      restore();
    }
    await expectUnchanged(app, before);
  });

  it('a mutation is not cut short by the time limit: its change is made and answered', async () => {
    const restore = slowStatements(app, /insert into [`"]campaign[`"]/i, 3 * TIME_LIMIT_MS);
    try {
      const r = await app.gql('mutation { createCampaign(input: { name: "慢", startsOn: "2021-05-01", endsOn: "2021-08-31" }) { id name } }', {}, as('admin'));
      expect(r.errors).toBeUndefined();
      expect(r.data.createCampaign.name).toBe('慢');
    } finally {
      restore();
    }
  });

  it('an answer over the size limit is refused with an error that says how to ask for less', async () => {
    const before = await snapshot(app);
    const r = await app.gql('{ demandItems(first: 100) { nodes { id title content } } }', {}, as('org-city'));
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.limit).toBe(RESPONSE_LIMIT);
    expect(r.errors![0].message).toMatch(/over the limit of 10,000 bytes.*smaller "first"/);
    const small = await app.gql('{ demandItems(first: 5) { nodes { id title } } }', {}, as('org-city'));
    expect(small.data.demandItems.nodes).toHaveLength(5);
    await expectUnchanged(app, before);
  });
});
