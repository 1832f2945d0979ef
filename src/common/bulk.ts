import { JsonType, type EntityManager, type EntityName, type EntityProperty } from '@mikro-orm/core';
import { isSqlite } from './dialect';

/**
 * Bulk writes for large batches (a matching run writes one row per demand): multi-row INSERTs
 * and UPDATE … WHERE id IN (…) sent as plain SQL, in chunks under SQLite's limit of bound values,
 * inside the caller's transaction. Values are converted as the ORM would store them: dates as
 * epoch milliseconds on SQLite and timestamps on PostgreSQL, JSON as text.
 */

const MAX_BINDINGS = 30_000;

interface RawQuery extends PromiseLike<unknown> {
  transacting(trx: unknown): PromiseLike<unknown>;
}

/**
 * Runs one statement with its values bound by the driver. (The ORM's execute() writes every value
 * into the SQL text first, which for a batch of 100,000 rows costs seconds; these statements are
 * therefore not in the ORM's query log.)
 */
async function run(em: EntityManager, sql: string, params: unknown[]): Promise<void> {
  const knex = (em.getConnection() as unknown as { getKnex(): { raw(sql: string, bindings: unknown[]): RawQuery } }).getKnex();
  const query = knex.raw(sql, params);
  const trx = em.getTransactionContext();
  await (trx ? query.transacting(trx) : query);
}

const isJson = (prop: EntityProperty) => prop.customType instanceof JsonType;

function toDatabase(em: EntityManager, value: unknown, json: boolean): unknown {
  if (value instanceof Date) return em.getPlatform().processDateProperty(value);
  if (json && value !== null && value !== undefined) return JSON.stringify(value);
  return value ?? null;
}

/**
 * Inserts rows given by property name (relations by id), all rows with the same properties.
 * Values the rows share (the run, the time, the state) go in `shared`: they are bound once per
 * statement rather than once per row, which halves what the driver converts for a matching run.
 */
export async function bulkInsert<T extends object>(
  em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[], shared: Record<string, unknown> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const column = (key: string) => {
    const prop = meta.properties[key as keyof typeof meta.properties];
    if (!prop) throw new Error(`bulkInsert: ${meta.className} has no property ${key}`);
    return { key, name: prop.fieldNames[0], type: prop.columnTypes[0], json: isJson(prop) };
  };
  const perRow = Object.keys(rows[0]).map(column);
  const once = Object.keys(shared).map(column);
  // SQLite takes each value as it comes; PostgreSQL types the columns of a VALUES list as text
  // unless told, and an INSERT … SELECT does not convert text to numbers or timestamps.
  const typed = isSqlite(em) ? (sql: string) => sql : (sql: string, c: { type: string }) => `cast(${sql} as ${c.type})`;
  const head = `insert into "${meta.tableName}" (${[...perRow, ...once].map((c) => `"${c.name}"`).join(', ')}) select ${[
    ...perRow.map((c, i) => typed(`v.column${i + 1}`, c)),
    ...once.map((c) => typed('?', c)),
  ].join(', ')} from (values `;
  const onceValues = once.map((c) => toDatabase(em, shared[c.key], c.json));
  const tuple = `(${perRow.map(() => '?').join(', ')})`;
  const perChunk = Math.max(1, Math.floor((MAX_BINDINGS - once.length) / perRow.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [...onceValues];
    for (const row of chunk) for (const c of perRow) params.push(toDatabase(em, row[c.key], c.json));
    await run(em, `${head}${chunk.map(() => tuple).join(', ')}) as v`, params);
  }
}

/** Sets the same values on the rows with these ids, and bumps their version. */
export async function bulkUpdate<T extends object>(em: EntityManager, entity: EntityName<T>, ids: string[], values: Record<string, unknown>): Promise<void> {
  if (ids.length === 0) return;
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const sets = Object.entries(values).map(([k, v]) => {
    const prop = meta.properties[k as keyof typeof meta.properties];
    return { column: prop.fieldNames[0], value: toDatabase(em, v, isJson(prop)) };
  });
  const assignments = [...sets.map((s) => `"${s.column}" = ?`), '"version" = "version" + 1'].join(', ');
  const perChunk = MAX_BINDINGS - sets.length;
  for (let i = 0; i < ids.length; i += perChunk) {
    const chunk = ids.slice(i, i + perChunk);
    await run(em, `update "${meta.tableName}" set ${assignments} where "id" in (${chunk.map(() => '?').join(', ')})`, [...sets.map((s) => s.value), ...chunk]);
  }
}
