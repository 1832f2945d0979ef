import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { hashPassword } from '../src/auth/password';
import { newId } from '../src/common/ids';
import { AssignmentStatus, Role } from '../src/common/enums';
import { loadConfig, parseDatabaseUrl, type DatabaseConfig } from '../src/config';
import { localContext } from '../src/context';
import { initORM, migrate, type Orm } from '../src/db';
import { runMatching } from '../src/modules/matching/matching.service';
import { User } from '../src/modules/user/user.entity';
import { Supervision } from '../src/modules/workflow/supervision.entity';
import { projectRoot } from '../src/common/paths';
import { CITY_SCALE, generate, PROVINCE_SCALE } from './generate';
import { BENCH_CAMPAIGN, loadProblem, walkTheLoop } from './load';

/**
 * The API under load (issue 19): a province-sized database (100,000 demands, matched, the loop
 * walked, supervisions written) on PostgreSQL, served by peican and by PostGraphile 4 over the
 * same tables, and the same on SQLite for peican alone; a bare Apollo Server 5 answering
 * `{ __typename }` is the peer of the trivial query. autocannon drives each with 50 connections,
 * alternating peican and its peer round by round, the same query shapes:
 *
 * - nested: 100 demand items, each with its township, county, list and campaign (org-city's token);
 * - deep: 100 assignments with their demand, supply item, department and supervisions;
 * - work list: a department's 50 newest MATCHED assignments with their demand, township and supervisions;
 * - trivial: `{ __typename }`, signed in (peican) against the bare Apollo Server.
 *
 * PostGraphile sees every row (no row-level security); peican sees what the token's role may.
 * Each answer is checked once before its run (no GraphQL error, the rows asked for); autocannon
 * counts non-2xx answers and socket errors as errors. Each server is a process of its own (peican
 * as `peican serve` in production mode), the load generator another. PostGraphile 4 needs graphql
 * 15 and peican graphql 16, so it is installed apart, in bench/peers/postgraphile (on first use).
 */

const PASSWORD = 'bench-password';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.PEICAN_BENCH_API_SECONDS ?? 10);
const ROUNDS = Number(process.env.PEICAN_BENCH_API_ROUNDS ?? 2);
/** PEICAN_BENCH_API_SCALE=city: the city instance instead, for a quick look. */
const SCALE = process.env.PEICAN_BENCH_API_SCALE === 'city' ? CITY_SCALE : PROVINCE_SCALE;

interface Shape {
  name: string;
  peican: string;
  /** The peer's query of the same shape, and whose token peican uses. */
  peer: string;
  as: 'org' | 'dept';
  rows: (data: any) => number;
}

const SHAPES = (departmentId: string): Shape[] => [
  {
    name: 'nested 100 items',
    as: 'org',
    peican: '{ demandItems(first: 100) { nodes { id title township { name } county { name } list { title } campaign { name } } } }',
    peer: '{ allDemandItems(first: 100, orderBy: ID_ASC) { nodes { id title regionByTownshipId { name } regionByCountyId { name } demandListByListId { title } campaignByCampaignId { name } } } }',
    rows: (d) => (d.demandItems ?? d.allDemandItems).nodes.length,
  },
  {
    name: 'deep: assignments',
    as: 'org',
    peican: '{ assignments(first: 100) { nodes { id status demandItem { id title } supplyItem { id title } department { id name } supervisions { note at } } } }',
    peer: '{ allAssignments(first: 100, orderBy: ID_ASC) { nodes { id status demandItemByDemandItemId { id title } supplyItemBySupplyItemId { id title } departmentByDepartmentId { id name } supervisionsByAssignmentId { nodes { note at } } } } }',
    rows: (d) => (d.assignments ?? d.allAssignments).nodes.length,
  },
  {
    name: 'work list (department)',
    as: 'dept',
    peican: '{ assignments(first: 50, filter: { status: MATCHED }) { nodes { id version dueDate overdue demandItem { title township { name } } supervisions { note at } } } }',
    peer: `{ allAssignments(first: 50, orderBy: DISPATCHED_AT_DESC, condition: { departmentId: "${departmentId}", status: "MATCHED" }) { nodes { id version dispatchedAt demandItemByDemandItemId { title regionByTownshipId { name } } supervisionsByAssignmentId { nodes { note at } } } } }`,
    rows: (d) => (d.assignments ?? d.allAssignments).nodes.length,
  },
  { name: '{ __typename }', as: 'org', peican: '{ __typename }', peer: '{ __typename }', rows: () => 1 },
];

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

async function hit(url: string, query: string, token?: string): Promise<{ data?: any; errors?: unknown[] }> {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }),
  });
  return res.json() as Promise<{ data?: any; errors?: unknown[] }>;
}

/** One answer checked, then 50 connections for SECONDS. */
async function drive(url: string, query: string, rows: (d: any) => number, token?: string): Promise<Load> {
  const probe = await hit(url, query, token);
  if (probe.errors || !probe.data || rows(probe.data) === 0) throw new Error(`${url}: ${query.slice(0, 60)}… answered ${JSON.stringify(probe).slice(0, 300)}`);
  const result = await autocannon({
    url, connections: CONNECTIONS, duration: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

/** Starts a server process and resolves to its GraphQL URL once it prints it. */
function serve(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = projectRoot): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      // peican and PostGraphile serve /graphql; Apollo's standalone server its root.
      const found = /http:\/\/[^\s/]+:(\d+)(\/graphql)?/.exec(seen);
      if (found) resolve({ url: `http://127.0.0.1:${found[1]}${found[2] ?? '/'}`, child });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening: ${seen.slice(-500)}`)));
  });
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
});

/** PostGraphile 4's own install (graphql 15), made on first use from its lock file. */
function postgraphileDir(): string {
  const dir = join(projectRoot, 'bench', 'peers', 'postgraphile');
  if (!existsSync(join(dir, 'node_modules', 'postgraphile'))) {
    process.stderr.write('api: installing PostGraphile 4 in bench/peers/postgraphile (once)…\n');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci in bench/peers/postgraphile failed');
  }
  return dir;
}

/** A province on a fresh database, matched and worked on, with an org-city user and a department user. */
export async function province(db: DatabaseConfig): Promise<{ orm: Orm; departmentId: string }> {
  const orm = await initORM(db);
  await migrate(orm);
  const problem = generate(SCALE);
  await loadProblem(orm.em, problem);
  const city = problem.regions.find((r) => r.level === 'CITY')!;
  const em = orm.em.fork();
  const hash = await hashPassword(PASSWORD);
  const now = new Date();
  // The department with the most items in that city (its work list is the longest).
  const counts = new Map<string, number>();
  for (const s of problem.supplyItems) counts.set(s.departmentId, (counts.get(s.departmentId) ?? 0) + 1);
  const cityCounties = new Set(problem.regions.filter((r) => r.parentId === city.id).map((r) => r.id));
  const department = problem.departments.filter((d) => d.regionId === city.id || cityCounties.has(d.regionId)).sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0))[0];
  await em.insert(User, { id: 'U-bench-admin', username: 'bench-admin', displayName: 'bench', role: Role.ADMIN, passwordHash: hash, createdAt: now, updatedAt: now });
  await em.insert(User, { id: 'U-bench-org', username: 'bench-org', displayName: '市委组织部', role: Role.ORGANIZATION_DEPARTMENT, region: city.id, passwordHash: hash, createdAt: now, updatedAt: now });
  await em.insert(User, { id: 'U-bench-dept', username: 'bench-dept', displayName: '部门', role: Role.DEPARTMENT_PUBLISHER, region: department.regionId, department: department.id, passwordHash: hash, createdAt: now, updatedAt: now });
  const ctx = localContext(em, { ...loadConfig({ NODE_ENV: 'test' }), database: db }, { userId: 'U-bench-admin', username: 'bench-admin', role: Role.ADMIN, regionId: null, regionPath: null, departmentId: null });
  await runMatching(ctx, { campaignId: BENCH_CAMPAIGN });
  await walkTheLoop(orm.em, BENCH_CAMPAIGN);
  // 督办 on one assignment in five that is still waiting or under way.
  const rows: { id: string; demand_item_id: string; department_id: string }[] = await orm.em.getConnection().execute(
    `select id, demand_item_id, department_id from assignment where status in ('${AssignmentStatus.MATCHED}', '${AssignmentStatus.ACCEPTED}') order by id`, [], 'all');
  const supervisions = rows.filter((_, i) => i % 5 === 0).map((r) => ({
    id: newId(), createdAt: now, updatedAt: now, demandItem: r.demand_item_id, assignment: r.id, department: r.department_id, note: '请抓紧办理', by: 'U-bench-org', at: now,
  }));
  for (let i = 0; i < supervisions.length; i += 500) await orm.em.fork().insertMany(Supervision, supervisions.slice(i, i + 500));
  await orm.em.getConnection().execute('analyze');
  return { orm, departmentId: department.id };
}

export async function tokens(url: string): Promise<Record<'org' | 'dept', string>> {
  const login = async (username: string) => {
    const r = await hit(url, `mutation { login(input: { username: "${username}", password: "${PASSWORD}" }) { token } }`);
    if (!r.data?.login?.token) throw new Error(`login ${username}: ${JSON.stringify(r)}`);
    return r.data.login.token as string;
  };
  return { org: await login('bench-org'), dept: await login('bench-dept') };
}

/** `peican serve` on a database, in production mode, its log quiet: its URL and the two users' tokens. */
async function peicanOn(databaseUrl: string) {
  const { url, child } = await serve('peican', process.execPath, [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), 'serve', '--port', '0', '--no-seed'], {
    NODE_ENV: 'production', DATABASE_URL: databaseUrl, PEICAN_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret!', PEICAN_LOG_LEVEL: 'error',
  });
  return { url, child, tokens: await tokens(url) };
}

export interface ApiRow { shape: string; server: string; runs: Load[] }

export async function apiCase(): Promise<{ rows: ApiRow[]; seconds: number; rounds: number }> {
  const pgUrl = process.env.PEICAN_BENCH_PG_URL;
  if (!pgUrl) throw new Error('set PEICAN_BENCH_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) for the api case');
  const { Client } = await import('pg');
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try { await client.query(sql); } finally { await client.end(); }
  };
  const pgName = `peican_bench_api_${process.pid}`;
  const pgDbUrl = pgUrl.replace(/\/[^/]*$/, `/${pgName}`);
  const file = join(tmpdir(), `peican-bench-api-${process.pid}.sqlite`);
  await admin(`create database ${pgName}`);
  const rows: ApiRow[] = [];
  const record = (shape: string, server: string, load: Load) => {
    let row = rows.find((r) => r.shape === shape && r.server === server);
    if (!row) rows.push((row = { shape, server, runs: [] }));
    row.runs.push(load);
  };
  const children: ChildProcess[] = [];
  try {
    process.stderr.write('api: loading the province on PostgreSQL…\n');
    const pg = await province(parseDatabaseUrl(pgDbUrl));
    await pg.orm.close();
    const peican = await peicanOn(pgDbUrl);
    children.push(peican.child);
    const graphile = await serve('PostGraphile', process.execPath, ['server.js', pgDbUrl, '0'], {}, postgraphileDir());
    children.push(graphile.child);
    const apollo = await serve('Apollo Server', process.execPath, [join(projectRoot, 'dist', 'bench', 'apollo-bare.js'), '0']);
    children.push(apollo.child);
    const shapes = SHAPES(pg.departmentId);
    for (let round = 0; round < ROUNDS; round++) {
      for (const shape of shapes) {
        const peer = shape.name === '{ __typename }' ? { name: 'Apollo Server 5 (bare)', url: apollo.url } : { name: 'PostGraphile 4', url: graphile.url };
        for (const who of round % 2 ? ['peer', 'peican'] : ['peican', 'peer']) {
          process.stderr.write(`api: round ${round + 1}, ${shape.name}, ${who === 'peican' ? 'peican (PostgreSQL)' : peer.name}\n`);
          if (who === 'peican') record(shape.name, 'peican (PostgreSQL)', await drive(peican.url, shape.peican, shape.rows, peican.tokens[shape.as]));
          else record(shape.name, peer.name, await drive(peer.url, shape.peer, shape.rows));
        }
      }
    }
    while (children.length) await stop(children.pop()!);

    process.stderr.write('api: loading the province on SQLite…\n');
    const lite = await province(parseDatabaseUrl(`sqlite:${file}`));
    await lite.orm.close();
    const onSqlite = await peicanOn(`sqlite:${file}`);
    children.push(onSqlite.child);
    for (let round = 0; round < ROUNDS; round++) {
      for (const shape of shapes) {
        process.stderr.write(`api: round ${round + 1}, ${shape.name}, peican (SQLite)\n`);
        record(shape.name, 'peican (SQLite)', await drive(onSqlite.url, shape.peican, shape.rows, onSqlite.tokens[shape.as]));
      }
    }
  } finally {
    while (children.length) await stop(children.pop()!);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    await admin(`drop database if exists ${pgName} with (force)`);
  }
  return { rows, seconds: SECONDS, rounds: ROUNDS };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The table: per shape, each server's req/s (median of its rounds, and each round), p50 and p99 (ms, the worst round), errors, and peican's ratio to the peer. */
export function reportApi({ rows, seconds, rounds }: { rows: ApiRow[]; seconds: number; rounds: number }): void {
  console.log(`\nAPI under load: ${CONNECTIONS} connections, ${seconds} s a run, ${rounds} rounds alternating peican and its peer (median req/s; each round in brackets).\n`);
  console.log('| query | server | req/s | p50 ms | p99 ms | errors | peican ÷ peer |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const shape of [...new Set(rows.map((r) => r.shape))]) {
    const group = rows.filter((r) => r.shape === shape);
    const peer = group.find((r) => !r.server.startsWith('peican'));
    for (const r of group) {
      const rps = median(r.runs.map((x) => x.reqPerSec));
      const ratio = peer && r !== peer ? (rps / median(peer.runs.map((x) => x.reqPerSec))).toFixed(2) : '';
      console.log(`| ${shape} | ${r.server} | ${Math.round(rps).toLocaleString('en')} (${r.runs.map((x) => Math.round(x.reqPerSec)).join(', ')}) | ${Math.max(...r.runs.map((x) => x.p50))} | ${Math.max(...r.runs.map((x) => x.p99))} | ${r.runs.reduce((n, x) => n + x.errors, 0)} | ${ratio} |`);
    }
  }
}
