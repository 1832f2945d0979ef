import type { EntityManager } from '@mikro-orm/core';

/** Whether the database is SQLite (else PostgreSQL), for the few statements written for each. */
export function isSqlite(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('sqlite');
}
