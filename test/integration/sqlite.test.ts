import { afterAll, beforeAll, expect, it } from 'vitest';
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
  expect(await one('busy_timeout')).toBe(5000);
  expect(await one('synchronous')).toBe(2); // FULL
  expect(await one('foreign_keys')).toBe(1);
  expect(await one('mmap_size')).toBe(1073741824);
  expect(await one('cache_size')).toBe(-65536);
});
