import { expect } from 'vitest';
import { ErrorCode } from '../../src/common/errors';
import type { TestApp } from '../support/app';

/**
 * Helpers of the probe-passed security tests: every answer they receive goes through
 * `expectCleanAnswer`, which holds each error to the rules of README "Errors": a public code, no
 * stack trace, no SQL, no driver text, no phone number, and never a 5xx.
 */

/** The codes a client may see: ours, and graphql-js/Apollo's for a malformed request. */
export const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  // Apollo's code for "which operation?" (several operations and no operationName, or an unknown one).
  'OPERATION_RESOLUTION_FAILURE',
]);

/** What must never reach a client in an error: SQL, driver names, stack frames, file paths, phone numbers. */
const LEAKS: [string, RegExp][] = [
  ['SQL select', /\bselect\b[\s\S]{0,200}\bfrom\b/i],
  ['SQL insert', /\binsert\s+into\b/i],
  ['SQL update', /\bupdate\s+[`"]?\w+[`"]?\s+set\b/i],
  ['SQL delete', /\bdelete\s+from\b/i],
  ['SQL identifiers', /`d0`|"d0"|\bwhere\s+[`"]/i],
  ['driver error', /SQLITE_|sqlite3|SqliteException|DriverException|QueryFailedError|knex|MikroORM|syntax error at or near|violates .* constraint|relation ".*" does not exist|pg_/i],
  ['stack frame', /\bat\s+[\w.<>]*\s*\(?[^\s()]*\.(?:ts|js|mjs|cjs):\d+/],
  ['file path', /\/work\/|node_modules|\/src\//],
  ['phone number', /(?<!\d)1[3-9]\d{9}(?!\d)/],
];

export interface Answer {
  status: number;
  data?: any;
  errors?: any[];
  /** The raw text of the body (raw requests only). */
  text?: string;
}

/**
 * The strings a request carried (its variables' strings, the string literals of its document):
 * an error may quote them back (a NOT_FOUND names the id asked for), which is not a leak.
 */
export function echoesOf(...sources: unknown[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      found.push(value);
      for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
        found.push(m[1]);
        try {
          found.push(JSON.parse(`"${m[1]}"`));
        } catch {
          // A GraphQL escape JSON does not know: the raw text is enough.
        }
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  sources.forEach(walk);
  return [...new Set(found.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
}

/** Every error of an answer carries a public code and nothing that should stay on the server; no 5xx. */
export function expectCleanAnswer(answer: Answer, what = 'answer', echoes: string[] = []): void {
  expect(answer.status, `${what}: HTTP status`).toBeLessThan(500);
  const errors = answer.errors;
  if (errors === undefined) return;
  expect(Array.isArray(errors), `${what}: "errors" is a list`).toBe(true);
  for (const [i, error] of errors.entries()) {
    const where = `${what}: errors[${i}] ${JSON.stringify(error).slice(0, 300)}`;
    expect(typeof error.message, where).toBe('string');
    const code = error.extensions?.code;
    expect(PUBLIC_CODES.has(code), `${where}: code ${code} is not a public code`).toBe(true);
    expect(error.extensions?.stacktrace, `${where}: a stack trace`).toBeUndefined();
    expect(error.extensions?.exception, `${where}: an exception`).toBeUndefined();
    // What the request itself said may come back quoted; the rest is the server's own text.
    let text = `${error.message} ${JSON.stringify(error.extensions ?? {})}`;
    for (const echo of echoes) text = text.split(echo).join('«input»').split(JSON.stringify(echo).slice(1, -1)).join('«input»');
    for (const [name, pattern] of LEAKS) expect(pattern.test(text), `${where}: shows ${name}`).toBe(false);
  }
}

/** The first error's code. */
export const codeOf = (answer: { errors?: any[] }): string | undefined => answer.errors?.[0]?.extensions?.code;

/** Every error's code. */
export const codesOf = (answer: { errors?: any[] }): string[] => (answer.errors ?? []).map((e) => e.extensions?.code);

/** app.gql, with every answer checked. */
export function checkedGql(app: TestApp) {
  return async <T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Answer & { data?: T }> => {
    const answer = await app.gql<T>(query, variables, token);
    expectCleanAnswer(answer, query.slice(0, 80), echoesOf(query, variables));
    return answer;
  };
}

export interface RawRequest {
  method?: string;
  /** Path and query string after the server's origin; default "/graphql". */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A hand-made HTTP request to the server; the answer (JSON when it is) is checked like any other. */
export async function rawRequest(app: TestApp, request: RawRequest): Promise<Answer> {
  const origin = new URL(app.url).origin;
  const res = await fetch(origin + (request.path ?? '/graphql'), {
    method: request.method ?? 'POST', headers: request.headers ?? {}, body: request.body, signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body: { data?: any; errors?: any[] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: left to the test (an export, say).
  }
  const answer = { status: res.status, data: body.data, errors: body.errors, text };
  let sent: unknown = request.body;
  try {
    sent = JSON.parse(request.body ?? '');
  } catch {
    // Sent as text.
  }
  const params = [...new URL(request.path ?? '/graphql', origin).searchParams.values()];
  expectCleanAnswer(answer, `${request.method ?? 'POST'} ${request.path ?? '/graphql'}`, echoesOf(sent, params));
  return answer;
}

/** A JSON POST to /graphql with a token; the body is sent as given (a string) or as JSON. */
export function postJson(app: TestApp, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return rawRequest(app, {
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A GET /graphql with the query in the query string (and a preflight header unless told otherwise). */
export function getQuery(app: TestApp, params: Record<string, string>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }): Promise<Answer> {
  return rawRequest(app, { method: 'GET', path: `/graphql?${new URLSearchParams(params)}`, headers });
}

/** The user names of the demo and of smallWorld(). */
export const ROLES = ['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk'] as const;
