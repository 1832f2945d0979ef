import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122161612_initial as PgInitial } from './postgresql/Migration20261122161612_initial';
import { Migration20261122175514_matching as PgMatching } from './postgresql/Migration20261122175514_matching';
import { Migration20261122184121_loop as PgLoop } from './postgresql/Migration20261122184121_loop';
import { Migration20261201220001_facts as PgFacts } from './postgresql/Migration20261201220001_facts';
import { Migration20261202040001_token_version as PgTokenVersion } from './postgresql/Migration20261202040001_token_version';
import { Migration20261202060001_declined as PgDeclined } from './postgresql/Migration20261202060001_declined';
import { Migration20261203150001_figures as PgFigures } from './postgresql/Migration20261203150001_figures';
import { Migration20261203190001_import_keys as PgImportKeys } from './postgresql/Migration20261203190001_import_keys';
import { Migration20261203200001_households as PgHouseholds } from './postgresql/Migration20261203200001_households';
import { Migration20261204020001_merges as PgMerges } from './postgresql/Migration20261204020001_merges';
import { Migration20261204030001_tracking as PgTracking } from './postgresql/Migration20261204030001_tracking';
import { Migration20261204040001_volunteers as PgVolunteers } from './postgresql/Migration20261204040001_volunteers';
import { Migration20261204050001_meetings as PgMeetings } from './postgresql/Migration20261204050001_meetings';
import { Migration20261204060001_commitments as PgCommitments } from './postgresql/Migration20261204060001_commitments';
import { Migration20261204070001_pairing as PgPairing } from './postgresql/Migration20261204070001_pairing';
import { Migration20261204080001_unclaimed_wishes as PgUnclaimedWishes } from './postgresql/Migration20261204080001_unclaimed_wishes';
import { Migration20261204090001_foreign_key_indexes as PgForeignKeyIndexes } from './postgresql/Migration20261204090001_foreign_key_indexes';
import { Migration20261122161611_initial as SqliteInitial } from './sqlite/Migration20261122161611_initial';
import { Migration20261122175512_matching as SqliteMatching } from './sqlite/Migration20261122175512_matching';
import { Migration20261122184120_loop as SqliteLoop } from './sqlite/Migration20261122184120_loop';
import { Migration20261201220000_facts as SqliteFacts } from './sqlite/Migration20261201220000_facts';
import { Migration20261202040000_token_version as SqliteTokenVersion } from './sqlite/Migration20261202040000_token_version';
import { Migration20261202060000_declined as SqliteDeclined } from './sqlite/Migration20261202060000_declined';
import { Migration20261203150000_figures as SqliteFigures } from './sqlite/Migration20261203150000_figures';
import { Migration20261203190000_import_keys as SqliteImportKeys } from './sqlite/Migration20261203190000_import_keys';
import { Migration20261203200000_households as SqliteHouseholds } from './sqlite/Migration20261203200000_households';
import { Migration20261204020000_merges as SqliteMerges } from './sqlite/Migration20261204020000_merges';
import { Migration20261204030000_tracking as SqliteTracking } from './sqlite/Migration20261204030000_tracking';
import { Migration20261204040000_volunteers as SqliteVolunteers } from './sqlite/Migration20261204040000_volunteers';
import { Migration20261204050000_meetings as SqliteMeetings } from './sqlite/Migration20261204050000_meetings';
import { Migration20261204060000_commitments as SqliteCommitments } from './sqlite/Migration20261204060000_commitments';
import { Migration20261204070000_pairing as SqlitePairing } from './sqlite/Migration20261204070000_pairing';
import { Migration20261204080000_unclaimed_wishes as SqliteUnclaimedWishes } from './sqlite/Migration20261204080000_unclaimed_wishes';

/**
 * The committed migrations, listed explicitly (no file globbing, so they run the same from
 * sources under vitest and from dist/). One folder per database; `peican migrate --create NAME`
 * writes a new one for the database DATABASE_URL names.
 */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261122161611_initial', class: SqliteInitial },
  { name: 'Migration20261122175512_matching', class: SqliteMatching },
  { name: 'Migration20261122184120_loop', class: SqliteLoop },
  { name: 'Migration20261201220000_facts', class: SqliteFacts },
  { name: 'Migration20261202040000_token_version', class: SqliteTokenVersion },
  { name: 'Migration20261202060000_declined', class: SqliteDeclined },
  { name: 'Migration20261203150000_figures', class: SqliteFigures },
  { name: 'Migration20261203190000_import_keys', class: SqliteImportKeys },
  { name: 'Migration20261203200000_households', class: SqliteHouseholds },
  { name: 'Migration20261204020000_merges', class: SqliteMerges },
  { name: 'Migration20261204030000_tracking', class: SqliteTracking },
  { name: 'Migration20261204040000_volunteers', class: SqliteVolunteers },
  { name: 'Migration20261204050000_meetings', class: SqliteMeetings },
  { name: 'Migration20261204060000_commitments', class: SqliteCommitments },
  { name: 'Migration20261204070000_pairing', class: SqlitePairing },
  { name: 'Migration20261204080000_unclaimed_wishes', class: SqliteUnclaimedWishes },
];
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261122161612_initial', class: PgInitial },
  { name: 'Migration20261122175514_matching', class: PgMatching },
  { name: 'Migration20261122184121_loop', class: PgLoop },
  { name: 'Migration20261201220001_facts', class: PgFacts },
  { name: 'Migration20261202040001_token_version', class: PgTokenVersion },
  { name: 'Migration20261202060001_declined', class: PgDeclined },
  { name: 'Migration20261203150001_figures', class: PgFigures },
  { name: 'Migration20261203190001_import_keys', class: PgImportKeys },
  { name: 'Migration20261203200001_households', class: PgHouseholds },
  { name: 'Migration20261204020001_merges', class: PgMerges },
  { name: 'Migration20261204030001_tracking', class: PgTracking },
  { name: 'Migration20261204040001_volunteers', class: PgVolunteers },
  { name: 'Migration20261204050001_meetings', class: PgMeetings },
  { name: 'Migration20261204060001_commitments', class: PgCommitments },
  { name: 'Migration20261204070001_pairing', class: PgPairing },
  { name: 'Migration20261204080001_unclaimed_wishes', class: PgUnclaimedWishes },
  { name: 'Migration20261204090001_foreign_key_indexes', class: PgForeignKeyIndexes },
];
