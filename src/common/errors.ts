import { DeadlockException, DriverException, LockWaitTimeoutException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from './logger';

/**
 * Every error a client may see is one of these codes. Anything else is masked by
 * `formatError` as INTERNAL_SERVER_ERROR and logged with its original text.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_STATE: 'INVALID_STATE',
  CONFLICT: 'CONFLICT',
  /** Too many attempts (a login throttle): `extensions.retryAfterSeconds` says how long to wait. */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** A query ran past the time limit and was stopped (HTTP 503): ask for less, or try again later. */
  TIMEOUT: 'TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorDetail {
  /** The input field at fault, as a path: `input.items[2].title`. */
  field?: string;
  /** What would have been accepted. */
  allowed?: string | string[];
  /** Anything else a client can act on (never personal data). */
  [key: string]: unknown;
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message, { extensions: { code, ...detail } });
  }
}

export const badInput = (field: string, message: string, allowed?: string | string[]) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, allowed === undefined ? { field } : { field, allowed });
export const unauthenticated = (message = 'Sign in first: send "Authorization: Bearer <token>" from the login mutation') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message: string, field?: string) =>
  new AppError(ErrorCode.FORBIDDEN, message, field ? { field } : {});
export const notFound = (what: string, id: string, field?: string) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} "${id}" does not exist or is not visible to you`, field ? { field } : {});
export const invalidState = (message: string, detail: ErrorDetail) =>
  new AppError(ErrorCode.INVALID_STATE, message, detail);
export const conflict = (message: string, detail: ErrorDetail = {}) => new AppError(ErrorCode.CONFLICT, message, detail);
/** A CONFLICT for a name or key that is already there (not a change made meanwhile): `extensions.exists`. */
export const exists = (message: string, field?: string) => conflict(message, field ? { field, exists: true } : { exists: true });

/** A move that names the version it read is refused if the row has changed since. */
export function checkVersion(what: string, row: { id: string; version: number }, sent: number | null | undefined): void {
  if (sent != null && sent !== row.version) {
    throw conflict(`The ${what} ${row.id} changed since you read it (you sent version ${sent}; it is now version ${row.version}): read it again and retry`);
  }
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // graphql-js and Apollo: the request itself was malformed; their messages name the fault.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * A phone number is personal data: never echo one back. Mainland mobiles (1[3-9] and 9 digits,
 * spaces or dashes between the groups allowed) and landlines with an area code (0xx(x), a dash or
 * space allowed, then 7–8 digits), not inside a longer run of digits, nor right after a letter: a
 * region's division code (9 or 12 digits, 150821102) and the generated ids (0mx7yt0tk00001234567ab…)
 * stay readable; a phone typed with a stray letter after it (13900000001x) is still masked.
 */
const PHONE_LIKE = /(?<![\dA-Za-z])(?:1[3-9]\d(?:[ -]?\d{4}){2}|0\d{2,3}[ -]?\d{7,8})(?!\d)/g;

/** A message with every phone number in it replaced by ***. */
export const maskPhones = (message: string): string => message.replace(PHONE_LIKE, '***');

const ENUM_VALUE = /Value "([^"]*)" does not exist in "(\w+)" enum/;

/**
 * A driver's message can carry a whole bulk statement with every value (megabytes): the log keeps
 * its beginning and its end, where the reason and the stack are.
 */
function shorten(text: string, head = 1_500, tail = 2_500): string {
  return text.length <= head + tail ? text : `${text.slice(0, head)} … [${text.length - head - tail} characters left out] … ${text.slice(-tail)}`;
}

/**
 * What the log keeps of a failure. A driver's message begins with the statement and its values
 * (a password's hash, phone numbers): of those it keeps the reason (after the statement) and where
 * it was thrown, never the values.
 */
function forLog(e: unknown): string {
  if (e instanceof DriverException) {
    const frames = (e.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 20);
    return [`${e.name}: ${e.message.split(' - ').pop()}`, ...frames].join('\n');
  }
  return shorten(e instanceof Error ? (e.stack ?? e.message) : String(e));
}

/** Two requests created the same row at once (a list, a username, an id): the database kept one. */
const TAKEN = 'Someone else created the same record at the same moment (the same list, username or id already exists); nothing was changed: read again';

/** The database could not take the write in time (SQLite busy past its timeout, a deadlock): the transaction was rolled back. */
const BUSY = 'The database was busy with another write (a matching run, say) for longer than a change may wait; nothing was changed: try again';

/**
 * One place that decides what a client sees of an error. Deliberate, coded errors pass; a write
 * the database could not take in time, or a row two requests created at once, becomes CONFLICT
 * (try again, read again); anything else (a bug, a
 * driver error with SQL in it) becomes a generic message, and the original goes to the log.
 */
export function makeFormatError(enumValues: (name: string) => string[] | undefined, includeStack: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const isArmor = typeof formatted.message === 'string' && formatted.message.startsWith('Syntax Error: ');
    if ((typeof code === 'string' && PUBLIC_CODES.has(code)) || isArmor) {
      const extensions: Record<string, unknown> = { ...formatted.extensions };
      if (!includeStack) delete extensions.stacktrace;
      let message = maskPhones(formatted.message);
      const enumMatch = ENUM_VALUE.exec(formatted.message);
      if (enumMatch) {
        const allowed = enumValues(enumMatch[2]);
        if (allowed) {
          extensions.allowed = allowed;
          message = `${message.split('.')[0]}. Allowed: ${allowed.join(', ')}.`;
        }
      }
      return { ...formatted, message, extensions };
    }
    if (original instanceof LockWaitTimeoutException || original instanceof DeadlockException) {
      logger.warn('write refused: the database was busy', { path: formatted.path });
      return { message: BUSY, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.CONFLICT } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      logger.warn('write refused: the row already exists', { path: formatted.path, error: forLog(original) });
      return { message: TAKEN, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.CONFLICT, exists: true } };
    }
    logger.error('internal error', { error: forLog(original), path: formatted.path });
    return {
      message: 'Internal server error: the failure was logged; nothing was changed by this field.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
