import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/** The one place that reads the environment. */

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface DatabaseConfig {
  driver: 'sqlite' | 'postgresql';
  /** SQLite: an absolute file path or ':memory:'. PostgreSQL: the connection URL. */
  url: string;
  /**
   * SQLite: how long a write waits for another writer before it is refused (milliseconds). A
   * province-sized matching run holds the write lock for several seconds; a move waits for it.
   */
  busyTimeoutMs?: number;
}

export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 30_000;

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  database: DatabaseConfig;
  tokenSecret: Uint8Array;
  tokenLifetimeSeconds: number;
  introspection: boolean;
  stackTraces: boolean;
  acceptWithinDays: number;
  /** Matching runs of this many open demands or more run the engine in a worker thread. */
  engineThreadFrom: number;
  logLevel: LogLevel;
  /** Whether matching reads the lexicon (lexicon/ and lexiconFile); off, it matches on the texts alone. */
  lexicon: boolean;
  /** A deployment's own lexicon entries (a JSON file in the format of schema/lexicon.schema.json), read after lexicon/. */
  lexiconFile: string | null;
  /**
   * 微心愿: days an INDIVIDUAL demand stays on the volunteers' board after its submission before
   * matching takes it like any other (0: no board, the engine matches it at once).
   */
  wishBoardDays: number;
  /**
   * 结对认亲: the most households one cadre is paired with (PEICAN_PAIRING_CAPACITY, 1–300, default 3:
   * Jiuzhaigou paired 10,334 households with 3,809 cadres, 2.7 each, so 3 covers them with a little room).
   */
  pairingCapacity: number;
  /** Largest page a connection returns (`first` is capped here). */
  maxPageSize: number;
  /**
   * HTTP: milliseconds a request's headers, and the whole request, may take to arrive; past it the
   * server answers 408 and closes the connection (a client sending a byte a second holds nothing).
   */
  requestTimeoutMs: number;
  /** HTTP: connections open at once; a connection past it is closed as soon as it is accepted. */
  maxConnections: number;
  /** Milliseconds a query may run; past it the answer is TIMEOUT and the rest of it is not run (mutations are not cut). */
  queryTimeoutMs: number;
  /** Largest answer sent, in bytes; a larger one is replaced by an error saying how to ask for less. */
  maxResponseBytes: number;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/peican.sqlite';

export class ConfigError extends Error {}

export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseConfig {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { driver: 'postgresql', url };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '' ) throw new ConfigError('DATABASE_URL: "sqlite:" needs a file path, e.g. sqlite:data/peican.sqlite');
    if (path === ':memory:') return { driver: 'sqlite', url: ':memory:' };
    return { driver: 'sqlite', url: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  throw new ConfigError(
    `DATABASE_URL: "${url.split(':')[0]}:" is not supported; use sqlite:path/to/file or postgres://user@host:port/db`,
  );
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}: "${raw}" is not an integer between ${min} and ${max}`);
  }
  return n;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name}: "${raw}" is not a boolean (use true or false)`);
}

/**
 * The token secret: PEICAN_TOKEN_SECRET, or, outside production, one generated once and kept
 * under data/ so that tokens survive a restart.
 */
function tokenSecret(env: NodeJS.ProcessEnv, mode: Config['env'], cwd: string): Uint8Array {
  const given = env.PEICAN_TOKEN_SECRET;
  if (given) {
    if (given.length < 32) throw new ConfigError('PEICAN_TOKEN_SECRET: must be at least 32 characters');
    return new TextEncoder().encode(given);
  }
  if (mode === 'production') {
    throw new ConfigError('PEICAN_TOKEN_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  if (mode === 'test') return new TextEncoder().encode('test-secret-test-secret-test-secret!');
  const file = resolve(cwd, 'data', 'token-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const mode: Config['env'] =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' || env.VITEST ? 'test' : 'development';
  const level = (env.PEICAN_LOG_LEVEL ?? 'info').toLowerCase();
  if (!['error', 'warn', 'info', 'debug'].includes(level)) {
    throw new ConfigError(`PEICAN_LOG_LEVEL: "${level}" is not one of error, warn, info, debug`);
  }
  return {
    env: mode,
    port: intSetting(env, 'PORT', 4000, 0, 65535),
    database: {
      ...parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL, cwd),
      busyTimeoutMs: intSetting(env, 'PEICAN_SQLITE_BUSY_TIMEOUT', DEFAULT_SQLITE_BUSY_TIMEOUT_MS, 0, 600_000),
    },
    tokenSecret: tokenSecret(env, mode, cwd),
    tokenLifetimeSeconds: intSetting(env, 'PEICAN_TOKEN_LIFETIME', 12 * 3600, 60, 30 * 24 * 3600),
    introspection: boolSetting(env, 'PEICAN_INTROSPECTION', mode !== 'production'),
    stackTraces: boolSetting(env, 'PEICAN_STACK_TRACES', false),
    acceptWithinDays: intSetting(env, 'PEICAN_ACCEPT_DAYS', 3, 1, 60),
    engineThreadFrom: intSetting(env, 'PEICAN_ENGINE_THREAD_FROM', 5000, 0, 100_000_000),
    logLevel: level as LogLevel,
    lexicon: boolSetting(env, 'PEICAN_LEXICON', true),
    lexiconFile: env.PEICAN_LEXICON_FILE ? resolve(cwd, env.PEICAN_LEXICON_FILE) : null,
    wishBoardDays: intSetting(env, 'PEICAN_WISH_BOARD_DAYS', 7, 0, 365),
    pairingCapacity: intSetting(env, 'PEICAN_PAIRING_CAPACITY', 3, 1, 300),
    maxPageSize: 100,
    requestTimeoutMs: intSetting(env, 'PEICAN_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    maxConnections: intSetting(env, 'PEICAN_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
    queryTimeoutMs: intSetting(env, 'PEICAN_QUERY_TIMEOUT_MS', 15_000, 1_000, 600_000),
    maxResponseBytes: intSetting(env, 'PEICAN_MAX_RESPONSE_BYTES', 10_000_000, 100_000, 1_000_000_000),
  };
}
