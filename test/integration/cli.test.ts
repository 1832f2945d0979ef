import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { parseDatabaseUrl } from '../../src/config';
import { initORM } from '../../src/db';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { User } from '../../src/modules/user/user.entity';
import { smallWorld } from '../support/fixture';

/** The `peican` command, run in-process against a temporary SQLite file. */
const dir = mkdtempSync(join(tmpdir(), 'peican-cli-'));
const url = `sqlite:${join(dir, 'cli.sqlite')}`;
const dataFile = join(dir, 'world.json');
let output: string[] = [];

beforeAll(() => {
  vi.stubEnv('DATABASE_URL', url);
  writeFileSync(dataFile, JSON.stringify(smallWorld()));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (output.push(String(s)), true));
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (...args: string[]) => {
  output = [];
  const code = await main(args);
  return { code, text: output.join('') };
};

it('migrate applies the migrations once', async () => {
  expect(await run('migrate')).toEqual({ code: 0, text: expect.stringMatching(/^Applied: Migration\d+_initial/) });
  expect(await run('migrate')).toEqual({ code: 0, text: 'Up to date: no pending migrations\n' });
});

it('seed is idempotent', async () => {
  const first = await run('seed', '--file', dataFile);
  expect(first.code).toBe(0);
  expect(first.text).toContain('3 demandItems');
  expect(first.text).toContain('7 users');
  const versions = async () => {
    const orm = await initORM(parseDatabaseUrl(url));
    try {
      const conn = orm.em.fork().getConnection();
      return [...await conn.execute('select id, version from demand_item order by id'), ...await conn.execute('select id, version from supply_item order by id'),
        ...await conn.execute('select id, version from supply_list order by id'), ...await conn.execute('select id, version from demand_list order by id')];
    } finally {
      await orm.close();
    }
  };
  const before = await versions();
  const second = await run('seed', '--file', dataFile);
  expect(second.text).toBe('The demo data is already there: nothing inserted\n');
  // Nothing inserted is nothing changed: a version held by a client still holds (issue 17, item 4).
  expect(await versions()).toEqual(before);
  const orm = await initORM(parseDatabaseUrl(url));
  try {
    expect(await orm.em.fork().count(DemandItem, {})).toBe(3);
    expect(await orm.em.fork().count(User, {})).toBe(7);
  } finally {
    await orm.close();
  }
});

it('facts rebuilds the demand facts from the rows, after a hand edit left them stale', async () => {
  const orm = await initORM(parseDatabaseUrl(url));
  const facts = () => orm.em.fork().getConnection().execute('select demand_item_id, state from demand_fact order by demand_item_id');
  try {
    const kept = await facts();
    expect(kept.length).toBeGreaterThan(0);
    await orm.em.fork().getConnection().execute('update demand_fact set state = 0');
    await orm.em.fork().getConnection().execute('delete from demand_fact where demand_item_id = ?', [kept[0].demand_item_id]);
    expect(await run('facts')).toEqual({ code: 0, text: `Rebuilt the demand facts of ${kept.length} submitted demands\n` });
    expect(await facts()).toEqual(kept);
  } finally {
    await orm.close();
  }
});

it('schema --check passes on the committed schema', async () => {
  expect((await run('schema', '--check')).code).toBe(0);
});

it('unknown commands and options get a one-line message and a non-zero exit', async () => {
  expect(await run('fly')).toEqual({ code: 2, text: expect.stringContaining('unknown command "fly"') });
  expect((await run('migrate', '--bogus')).code).toBe(2);
  vi.stubEnv('DATABASE_URL', 'mysql://x');
  const bad = await run('migrate');
  vi.stubEnv('DATABASE_URL', url);
  expect(bad).toEqual({ code: 1, text: expect.stringContaining('"mysql:" is not supported') });
});

it('the installed bin runs the same command line (npx peican)', async () => {
  const { spawnSync } = await import('node:child_process');
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/peican.js', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url } });
  const help = run('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: peican <command>');
  const unknown = run('fly');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('unknown command "fly"');
  expect(run('migrate').stdout).toBe('Up to date: no pending migrations\n');
});
