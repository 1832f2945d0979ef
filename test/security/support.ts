import { isDeepStrictEqual } from 'node:util';
import type { TestApp } from '../support/app';

/**
 * What the database holds, every table's rows in key order: a security test takes one before an
 * attack and checks after it that nothing changed (a refused request changes nothing).
 */
export type Snapshot = Map<string, unknown[]>;

const TABLES = [
  'region', 'department', 'campaign', 'app_user', 'demand_list', 'demand_item', 'supply_list', 'supply_item', 'event', 'match_run',
  'assignment', 'escalation', 'feedback', 'supervision', 'demand_fact',
];

export async function snapshot(app: TestApp): Promise<Snapshot> {
  const connection = app.orm.em.fork().getConnection();
  const tables = new Map<string, unknown[]>();
  for (const table of TABLES) {
    const key = table === 'demand_fact' ? 'demand_item_id' : 'id';
    tables.set(table, await connection.execute(`select * from ${table} order by ${key}`));
  }
  return tables;
}

/** Throws, naming the first table and row that differ, unless the database is as it was. */
export async function expectUnchanged(app: TestApp, before: Snapshot): Promise<void> {
  const after = await snapshot(app);
  for (const [table, rows] of before) {
    const now = after.get(table)!;
    if (isDeepStrictEqual(rows, now)) continue;
    const i = rows.findIndex((row, n) => !isDeepStrictEqual(row, now[n]));
    throw new Error(`table ${table} changed (${rows.length} rows before, ${now.length} after); first difference: ${JSON.stringify(rows[i] ?? null)} → ${JSON.stringify(now[i] ?? null)}`);
  }
}
