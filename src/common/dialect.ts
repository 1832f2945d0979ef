import type { EntityManager } from '@mikro-orm/core';

/** Whether the database is SQLite (else PostgreSQL), for the few statements written for each. */
export function isSqlite(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('sqlite');
}

/** Days from b to a, both datetime columns: SQLite keeps them as milliseconds, PostgreSQL as timestamps. */
export function daysBetween(sqlite: boolean, a: string, b: string): string {
  return sqlite ? `((${a} - ${b}) / 86400000.0)` : `(extract(epoch from (${a} - ${b})) / 86400.0)`;
}

/** Constant values (enum members) as an SQL list of strings. */
export const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
