import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122161612_initial as PgInitial } from './postgresql/Migration20261122161612_initial';
import { Migration20261122161611_initial as SqliteInitial } from './sqlite/Migration20261122161611_initial';

/**
 * The committed migrations, listed explicitly (no file globbing, so they run the same from
 * sources under vitest and from dist/). One folder per database; `peican migrate --create NAME`
 * writes a new one for the database DATABASE_URL names.
 */
export const sqliteMigrations: MigrationObject[] = [{ name: 'Migration20261122161611_initial', class: SqliteInitial }];
export const postgresqlMigrations: MigrationObject[] = [{ name: 'Migration20261122161612_initial', class: PgInitial }];
