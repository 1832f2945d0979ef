import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

it.runIf(DB_KIND === 'sqlite')('SQLite runs in WAL mode, with a busy timeout, synchronous=FULL, foreign keys on, a memory map and a 64 MiB cache', async () => {
  const conn = app.orm.em.getConnection();
  const one = async (pragma: string) => Object.values((await conn.execute(`pragma ${pragma}`))[0])[0];
  expect(await one('journal_mode')).toBe('wal');
  expect(await one('busy_timeout')).toBe(30000);
  expect(await one('synchronous')).toBe(2); // FULL
  expect(await one('foreign_keys')).toBe(1);
  expect(await one('mmap_size')).toBe(1073741824);
  expect(await one('cache_size')).toBe(-65536);
});

it.runIf(DB_KIND === 'sqlite')('a change refused because another writer held the database too long says so (CONFLICT), changes nothing, and goes through once it is free', async () => {
  const demo = await startApp(readDemoData(), { busyTimeoutMs: 200 });
  try {
    const as = await demo.loginAll(['township-tarhu']);
    // Another connection holds the write lock, as another process writing the same file would.
    const other = new sqlite3.Database(demo.config.database.url);
    const exec = (sql: string) => new Promise<void>((done, fail) => other.exec(sql, (e) => (e ? fail(e) : done())));
    await exec('BEGIN IMMEDIATE');
    const WITHDRAW = 'mutation { withdrawDemandItem(id: "D-001", reason: "村里已自行解决") { status } }';
    const refused = await demo.gql(WITHDRAW, {}, as('township-tarhu'));
    expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toMatch(/busy with another write.*nothing was changed: try again/);
    expect(JSON.stringify(refused)).not.toMatch(/SQLITE|locked|update /i);
    await exec('ROLLBACK');
    await new Promise<void>((done) => other.close(() => done()));
    const item = await demo.gql('{ demandItem(id: "D-001") { status timeline { action } } }', {}, as('township-tarhu'));
    expect(item.data.demandItem.status).toBe('SUBMITTED');
    expect(item.data.demandItem.timeline.map((e: { action: string }) => e.action)).not.toContain('WITHDRAWN');
    const done = await demo.gql(WITHDRAW, {}, as('township-tarhu'));
    expect(done.errors).toBeUndefined();
    expect(done.data.withdrawDemandItem.status).toBe('WITHDRAWN');
  } finally {
    await demo.close();
  }
});
