import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config';
import { initORM, type Orm } from '../../src/db';
import { DB_KIND, PG_URL, type TestApp } from '../support/app';
import { CITY, PASSWORD, smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe ran `NODE_ENV=production peican serve` on an empty database: it loaded the demo data,
 * and admin/peican-demo gave an ADMIN token. Production now seeds nothing; the first admin comes
 * from `peican user create`. The built command line runs here as an operator would run it, in
 * production with a real secret, each case on a fresh database (a SQLite file, or a PostgreSQL
 * database when PEICAN_TEST_PG_URL is set).
 */

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'peican-prod-'));
const worldFile = join(dir, 'world.json');
writeFileSync(worldFile, JSON.stringify(smallWorld()));
const SECRET = randomBytes(24).toString('hex');
let fileNo = 0;
const children: ChildProcess[] = [];
const pgDatabases: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await stop(child);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const name of pgDatabases) await pgAdmin(`drop database if exists ${name} with (force)`);
});

async function pgAdmin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freshDatabase(): Promise<string> {
  if (!PG_URL) return `sqlite:${join(dir, `db-${++fileNo}.sqlite`)}`;
  const name = `peican_test_${randomBytes(6).toString('hex')}`;
  await pgAdmin(`create database ${name}`);
  pgDatabases.push(name);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function env(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Only what an operator would set: none of the test runner's variables (VITEST would make it a test run).
  return { PATH: process.env.PATH, NODE_ENV: 'production', PEICAN_TOKEN_SECRET: SECRET, DATABASE_URL: databaseUrl, PEICAN_LOG_LEVEL: 'warn', ...extra };
}

function cli(databaseUrl: string, args: string[], extra: Record<string, string> = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  // stdin is a pipe, not a terminal: nothing can be asked.
  const r = spawnSync(process.execPath, [CLI, ...args], { env: env(databaseUrl, extra), encoding: 'utf8', input: '', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `peican serve` on any free port: resolves once it prints its URL, with everything it printed. */
function serve(databaseUrl: string, extra: Record<string, string> = {}): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env: env(databaseUrl, extra), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${text}`)), 60_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const m = /serving GraphQL at (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        // Give the lines printed right after the URL a moment to arrive.
        setTimeout(() => resolve({ url: m[1].replace('//localhost:', '//127.0.0.1:'), output: () => text }), 300);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${text}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const LOGIN = 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }';

/** The database file opened beside the command (for counts and the before/after snapshot). */
async function withDatabase<T>(databaseUrl: string, fn: (app: TestApp, orm: Orm) => Promise<T>): Promise<T> {
  const orm = await initORM(parseDatabaseUrl(databaseUrl));
  try {
    return await fn({ orm } as TestApp, orm);
  } finally {
    await orm.close();
  }
}

const count = (orm: Orm, table: string) => orm.em.fork().getConnection().execute(`select count(*) as n from ${table}`).then((r) => Number(r[0].n));

describe(`production seeds nothing (${DB_KIND})`, () => {
  it('serve in production on an empty database creates no user and prints no demo logins: admin/peican-demo is refused', async () => {
    const db = await freshDatabase();
    const server = await serve(db);
    expect(server.output()).not.toMatch(/Demo logins|peican-demo|Loaded the demo data/);
    expect(server.output()).toContain('No users yet: create the first admin with "peican user create --role ADMIN --username NAME"');
    await withDatabase(db, async (app, orm) => {
      expect(await count(orm, 'app_user')).toBe(0);
      expect(await count(orm, 'region')).toBe(0);
      const before = await snapshot(app);
      const r = await gql(server.url, LOGIN, { u: 'admin', p: PASSWORD });
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.data ?? null).toBeNull();
      await expectUnchanged(app, before);
    });
  });

  it('seed --demo in production is refused without --force, with a one-line reason, nothing loaded', async () => {
    const db = await freshDatabase();
    expect(cli(db, ['migrate']).status).toBe(0);
    await withDatabase(db, async (app) => {
      const before = await snapshot(app);
      const r = cli(db, ['seed', '--demo']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^peican seed: refused in production \(NODE_ENV=production\): .*"peican-demo".*--force[^\n]*\n$/);
      await expectUnchanged(app, before);
    });
  });

  it('seed --file in production is refused without --force, nothing loaded', async () => {
    const db = await freshDatabase();
    expect(cli(db, ['migrate']).status).toBe(0);
    await withDatabase(db, async (app) => {
      const before = await snapshot(app);
      const r = cli(db, ['seed', '--file', worldFile]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^peican seed: refused in production[^\n]*--force[^\n]*\n$/);
      await expectUnchanged(app, before);
    });
  });

  it('seed with neither --demo nor --file is refused, nothing loaded', async () => {
    const db = await freshDatabase();
    expect(cli(db, ['migrate']).status).toBe(0);
    await withDatabase(db, async (app) => {
      const before = await snapshot(app);
      const r = cli(db, ['seed'], { NODE_ENV: 'development' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/give --demo .* or --file F/);
      await expectUnchanged(app, before);
    });
  });

  it('seed --file --force in production loads the file (the operator said so)', async () => {
    const db = await freshDatabase();
    const r = cli(db, ['seed', '--file', worldFile, '--force']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('7 users');
  });
});

describe(`the first admin: peican user create (${DB_KIND})`, () => {
  it('user create --role ADMIN with PEICAN_USER_PASSWORD on an empty database creates an admin (no region) who can sign in', async () => {
    const db = await freshDatabase();
    const password = 'first-admin-' + randomBytes(6).toString('hex');
    const r = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'root-admin', '--display-name', '管理员'], { PEICAN_USER_PASSWORD: password });
    expect(r).toMatchObject({ status: 0, stdout: 'Created ADMIN "root-admin" (no region: the database has no regions yet). Sign in with the login mutation.\n' });
    expect(r.stdout + r.stderr).not.toContain(password);
    const server = await serve(db);
    const login = await gql(server.url, LOGIN, { u: 'root-admin', p: password });
    expect(login.errors).toBeUndefined();
    const me = await gql(server.url, '{ me { username displayName role region { id } } }', {}, login.data.login.token);
    expect(me.data.me).toEqual({ username: 'root-admin', displayName: '管理员', role: 'ADMIN', region: null });
    // The admin can do an admin's work: create the city.
    const city = await gql(server.url, 'mutation { createRegion(input: { id: "150800", name: "巴彦淖尔市", level: CITY }) { id } }', {}, login.data.login.token);
    expect(city.errors).toBeUndefined();
    expect((await gql(server.url, LOGIN, { u: 'root-admin', p: PASSWORD })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('user create without a terminal and without PEICAN_USER_PASSWORD is refused: there is no default password', async () => {
    const db = await freshDatabase();
    expect(cli(db, ['migrate']).status).toBe(0);
    await withDatabase(db, async (app) => {
      const before = await snapshot(app);
      const r = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'root-admin']);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('peican user: no password: standard input is not a terminal to ask on, so set PEICAN_USER_PASSWORD; there is no default\n');
      await expectUnchanged(app, before);
    });
  });

  it("user create with a password the createUser mutation's rule refuses is refused, nothing created", async () => {
    const db = await freshDatabase();
    expect(cli(db, ['migrate']).status).toBe(0);
    await withDatabase(db, async (app) => {
      const before = await snapshot(app);
      const short = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'root-admin'], { PEICAN_USER_PASSWORD: 'short' });
      expect(short.status).toBe(1);
      expect(short.stderr).toBe('peican user: the password must be 8–200 characters: nothing was created\n');
      const name = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'a b'], { PEICAN_USER_PASSWORD: 'long-enough-1' });
      expect(name.status).toBe(1);
      expect(name.stderr).toContain('--username has characters that are not allowed');
      const role = cli(db, ['user', 'create', '--role', 'ROOT', '--username', 'root-admin'], { PEICAN_USER_PASSWORD: 'long-enough-1' });
      expect(role.status).toBe(1);
      expect(role.stderr).toContain('--role: "ROOT" is not a role; one of');
      await expectUnchanged(app, before);
    });
  });

  it('user create --role ADMIN without --region takes the only city', async () => {
    const db = await freshDatabase();
    expect(cli(db, ['seed', '--file', worldFile, '--force']).status).toBe(0);
    const r = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'city-admin'], { PEICAN_USER_PASSWORD: 'long-enough-1' });
    expect(r).toMatchObject({ status: 0, stdout: `Created ADMIN "city-admin" (region ${CITY} 巴彦淖尔市, the only city). Sign in with the login mutation.\n` });
    const taken = cli(db, ['user', 'create', '--role', 'ADMIN', '--username', 'city-admin'], { PEICAN_USER_PASSWORD: 'long-enough-1' });
    expect(taken).toMatchObject({ status: 1, stderr: 'peican user: The username "city-admin" is taken: nothing was created\n' });
  });
});

describe(`outside production, as before (${DB_KIND})`, () => {
  it('serve (npm start) still loads the demo into an empty database and prints the demo logins', async () => {
    const db = await freshDatabase();
    const server = await serve(db, { NODE_ENV: 'development' });
    expect(server.output()).toContain('Loaded the demo data into the empty database.');
    expect(server.output()).toContain('Demo logins (password "peican-demo" unless changed):');
    const r = await gql(server.url, LOGIN, { u: 'admin', p: PASSWORD });
    expect(r.errors).toBeUndefined();
  });
});
