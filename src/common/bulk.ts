import { JsonType, type EntityManager, type EntityName, type EntityProperty } from '@mikro-orm/core';

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

/** Inserts rows given by property name (relations by id), all rows with the same properties. */
export async function bulkInsert<T extends object>(em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const keys = Object.keys(rows[0]);
  const columns = keys.map((k) => {
    const prop = meta.properties[k as keyof typeof meta.properties];
    if (!prop) throw new Error(`bulkInsert: ${meta.className} has no property ${k}`);
    return { key: k, column: prop.fieldNames[0], json: isJson(prop) };
  });
  const head = `insert into "${meta.tableName}" (${columns.map((c) => `"${c.column}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perChunk = Math.max(1, Math.floor(MAX_BINDINGS / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    for (const row of chunk) for (const c of columns) params.push(toDatabase(em, row[c.key], c.json));
    await run(em, head + chunk.map(() => tuple).join(', '), params);
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
