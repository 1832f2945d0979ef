import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { seedDemo, type DemoData } from '../../seeds/seeder';
import { loadConfig, parseDatabaseUrl, type Config, type DatabaseConfig } from '../../src/config';
import type { Clock } from '../../src/context';
import { initORM, migrate, QueryCounter, type Orm } from '../../src/db';
import { rebuildFacts } from '../../src/modules/report/demand-facts';
import { createServer, type PeicanServer } from '../../src/server';
import { PASSWORD } from './fixture';

/**
 * A real server on a loopback port over a fresh database: a temporary SQLite file, or, when
 * PEICAN_TEST_PG_URL is set, a PostgreSQL database created for this file and dropped after.
 */
export const PG_URL = process.env.PEICAN_TEST_PG_URL;
export const DB_KIND = PG_URL ? 'postgresql' : 'sqlite';

export interface TestApp {
  url: string;
  orm: Orm;
  server: PeicanServer;
  config: Config;
  counter: QueryCounter;
  clock: { now(): Date; set(d: Date): void };
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: any[]; status: number }>;
  login(username: string): Promise<string>;
  /** Logs each one in; gives the token of a user by name (and refuses one not logged in). */
  loginAll(usernames: string[]): Promise<(username: string) => string>;
  /** Checks the demand facts the moves kept against their rebuild from scratch, then stops the server and drops the database. */
  close(): Promise<void>;
}

async function freshDatabase(): Promise<{ db: DatabaseConfig; drop: () => Promise<void> }> {
  const name = `peican_test_${randomBytes(6).toString('hex')}`;
  if (PG_URL) {
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return {
      db: parseDatabaseUrl(url.toString()),
      drop: async () => {
        const c = new Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const file = join(tmpdir(), `${name}.sqlite`);
  return { db: parseDatabaseUrl(`sqlite:${file}`), drop: async () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true })) };
}

/**
 * The demo is seeded at a fixed time, before any time a test sets on its clock: seeded at the
 * real time, its submissions would fall after a test's "since" once the calendar passed it.
 */
export const SEEDED_AT = new Date('2026-11-22T00:00:00Z');

/** `options`: settings of the config to override (short timeouts, small limits), and SQLite's busy timeout. */
export async function startApp(data?: DemoData, options: Partial<Omit<Config, 'database'>> & { busyTimeoutMs?: number } = {}): Promise<TestApp> {
  const { busyTimeoutMs, ...settings } = options;
  const { db: fresh, drop } = await freshDatabase();
  const db: DatabaseConfig = busyTimeoutMs === undefined ? fresh : { ...fresh, busyTimeoutMs };
  // The texts alone unless a test asks for the lexicon: the figures pinned on the demo then do not move with every entry
  // added to lexicon/ (the lexicon's own tests, npm run eval and test/integration/lexicon.test.ts cover it).
  // No micro-wish board unless a test asks for one: the demo's INDIVIDUAL demands are matched, as the pinned figures expect.
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }), lexicon: false, wishBoardDays: 0, database: db, ...settings };
  const counter = new QueryCounter();
  const orm = await initORM(db, { queryCounter: counter });
  await migrate(orm);
  if (data) await seedDemo(orm.em, data, SEEDED_AT);
  let now: Date | null = null;
  const clock: Clock & { set(d: Date): void } = { now: () => now ?? new Date(), set: (d) => (now = d) };
  const server = await createServer(orm, config, clock);
  const url = await server.listen(0, '127.0.0.1');
  const gql: TestApp['gql'] = async (query, variables, token) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    return { ...body, status: res.status };
  };
  const login = async (username: string) => {
    const r = await gql(`mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token } }`, { u: username, p: PASSWORD });
    if (!r.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.token as string;
  };
  const loginAll = async (usernames: string[]) => {
    const tokens = new Map<string, string>();
    for (const u of usernames) tokens.set(u, await login(u));
    return (u: string) => {
      const token = tokens.get(u);
      if (!token) throw new Error(`${u} is not logged in: add it to loginAll`);
      return token;
    };
  };
  /** The demand facts as the moves kept them, and as rebuilt from scratch (which then stay). */
  const facts = async () => {
    const read = (): Promise<unknown[]> => orm.em.fork().getConnection().execute('select * from demand_fact order by demand_item_id');
    const kept = await read();
    await rebuildFacts(orm.em);
    return { kept, rebuilt: await read() };
  };
  return {
    url, orm, server, config, counter, clock, gql, login, loginAll,
    close: async () => {
      // Every integration file ends by checking that the facts its moves kept are the facts rebuilt from its rows.
      const { kept, rebuilt } = await facts();
      if (!isDeepStrictEqual(kept, rebuilt)) {
        const i = kept.findIndex((row, n) => !isDeepStrictEqual(row, rebuilt[n]));
        throw new Error(`The demand facts the moves kept differ from their rebuild (${kept.length} against ${rebuilt.length} rows); first: ${JSON.stringify(kept[i])} against ${JSON.stringify(rebuilt[i])}`);
      }
      await server.stop();
      await orm.close();
      await drop();
    },
  };
}

/** The first error's code, for assertions. */
export const codeOf = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code as string | undefined;
