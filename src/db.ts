import { resolve } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, type DatabaseConfig } from './config';
import { logger } from './common/logger';
import { Campaign } from './modules/campaign/campaign.entity';
import { DemandItem } from './modules/demand/demand-item.entity';
import { DemandList } from './modules/demand/demand-list.entity';
import { Department } from './modules/department/department.entity';
import { Assignment } from './modules/matching/assignment.entity';
import { Escalation } from './modules/matching/escalation.entity';
import { MatchRun } from './modules/matching/match-run.entity';
import { Region } from './modules/region/region.entity';
import { DemandFactsSubscriber } from './modules/report/demand-facts';
import { SupplyItem } from './modules/supply/supply-item.entity';
import { SupplyList } from './modules/supply/supply-list.entity';
import { User } from './modules/user/user.entity';
import { Event } from './modules/workflow/event.entity';
import { Feedback } from './modules/workflow/feedback.entity';
import { Supervision } from './modules/workflow/supervision.entity';
import { Household } from './modules/household/household.entity';
import { KeptApart } from './modules/demand/kept-apart.entity';
import { CommitmentItem, CommitmentList, CommitmentNote } from './modules/commitments/commitment.entity';
import { JointMeeting, MeetingDecision } from './modules/meetings/joint-meeting.entity';
import { Cadre, Pairing, PairVisit } from './modules/pairing/pairing.entity';
import { postgresqlMigrations, sqliteMigrations } from './migrations';

export const entities = [Region, Department, Campaign, User, DemandList, DemandItem, SupplyList, SupplyItem, Event, MatchRun, Assignment, Escalation, Feedback, Supervision, Household, KeptApart, JointMeeting, MeetingDecision, Cadre, Pairing, PairVisit, CommitmentList, CommitmentItem, CommitmentNote];

export type Orm = MikroORM;

/** Counts the SQL statements the ORM sends (tests and the N+1 guard read it). */
export class QueryCounter {
  count = 0;
  statements: string[] = [];
  reset(): void {
    this.count = 0;
    this.statements = [];
  }
}

export interface OrmOverrides {
  queryCounter?: QueryCounter;
  options?: Partial<Options>;
}

/**
 * SQLite runs in WAL mode, waits for a busy writer (30 s by default: a province-sized run writes
 * for 5–7 s), and syncs every commit. It reads the database file through a memory map (up to
 * 1 GiB) rather than a read() per page, and keeps 64 MiB of pages in its cache rather than 2 MiB:
 * at 100,000 demands a report's join takes half the time and a matching run's writes a tenth less
 * (README, Benchmark).
 */
const sqlitePragmas = (busyTimeoutMs: number) => [
  'foreign_keys = ON', 'journal_mode = WAL', `busy_timeout = ${busyTimeoutMs}`, 'synchronous = FULL', 'mmap_size = 1073741824', 'cache_size = -65536',
].map((p) => `PRAGMA ${p};`).join(' ');

/**
 * Migrations run from the explicit list; `path` is only where `peican migrate --create` writes
 * a new one (run from a clone's root).
 */
function migrationOptions(folder: string, list: typeof sqliteMigrations): Options['migrations'] {
  return {
    migrationsList: list,
    path: resolve('src', 'migrations', folder),
    pathTs: resolve('src', 'migrations', folder),
    emit: 'ts',
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    disableForeignKeys: false,
  };
}

export function ormOptions(db: DatabaseConfig, overrides: OrmOverrides = {}): Options {
  const counter = overrides.queryCounter;
  const common: Partial<Options> = {
    entities,
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    extensions: [Migrator],
    // Demand facts are kept by their subscriber and made by hand in migrations: not an entity, and no schema diff should drop them.
    subscribers: [new DemandFactsSubscriber()],
    schemaGenerator: { skipTables: ['demand_fact'] },
    debug: counter ? ['query'] : false,
    logger: counter
      ? (message: string) => {
          counter.count += 1;
          counter.statements.push(message);
        }
      : (message: string) => logger.debug(message),
  };
  if (db.driver === 'sqlite') {
    return {
      ...common,
      driver: SqliteDriver,
      dbName: db.url,
      pool: {
        min: 1,
        max: 1,
        idleTimeoutMillis: 2 ** 31 - 1,
        afterCreate: (conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) =>
          conn.exec(sqlitePragmas(db.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS), (err) => done(err, conn)),
      },
      migrations: migrationOptions('sqlite', sqliteMigrations),
      ...overrides.options,
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    migrations: migrationOptions('postgresql', postgresqlMigrations),
    ...overrides.options,
  } as Options;
}

export async function initORM(db: DatabaseConfig, overrides: OrmOverrides = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(db, overrides));
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
