import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { AppError, badInput } from './errors';

/**
 * The edge's check on every string a client sends, before any resolver runs: the string
 * literals of an operation's arguments and its variables' values, at any depth of an input
 * object or list (IDs, cursors, dates and enum values sent as variables included), and the
 * export's query parameters: every field, present and future, without code in its resolver. A
 * string no field can want is refused with BAD_USER_INPUT naming the argument and what is
 * allowed: the database never sees it (a NUL made SQLite fail with "unrecognized token"; a
 * pattern of 20,000 characters made LIKE fail as "too complex"), and no control character or bidi
 * override reaches a stored row. (Invisible characters a text may hold are taken out of what is
 * kept by src/common/validate.ts, which applies this same check first.)
 */

/** The longest string any argument may be: the longest field (content) is 2,000 characters. */
export const MAX_STRING = 10_000;

/** The longest free-text filter (`filter.text`, src/common/text-filter.ts): a search is for a few words. */
export const FILTER_TEXT_MAX = 100;

/**
 * Characters no text needs and that hide or disguise what a reader sees: C0 controls but tab,
 * line feed and carriage return; DEL and the C1 controls; the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069: they reorder what follows, "Trojan Source"); and
 * unpaired surrogates (not text: a database or a file refuses or mangles them). With the `u`
 * flag a surrogate range matches only a surrogate that is not half of a pair.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

const ALLOWED = 'text without control characters (tab, line feed and carriage return are fine), bidi overrides or isolates, or unpaired surrogates';

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The error for a string that may not be stored or searched for, or null when it is fine. */
export function stringProblem(field: string, value: string, max = MAX_STRING): AppError | null {
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const at = [...value.slice(0, bad.index)].length;
    return badInput(field, `${field} contains a character that is not allowed (${hex(bad[0].charCodeAt(0))} at position ${at})`, ALLOWED);
  }
  // Code points, as the fields count them; UTF-16 length is never less, so it is the quick test.
  if (value.length > max) {
    const length = [...value].length;
    if (length > max) return badInput(field, `${field} is too long: ${length} characters, at most ${max}`, `at most ${max} characters`);
  }
  return null;
}

/** Throws the error for a string that may not pass (see stringProblem). */
export function checkString(field: string, value: string, max = MAX_STRING): string {
  const problem = stringProblem(field, value, max);
  if (problem) throw problem;
  return value;
}

/** The cap of one argument path: free-text filters (`filter.text`) have their own, short one. */
const capOf = (path: string) => (path === 'filter.text' || path.endsWith('.filter.text') ? FILTER_TEXT_MAX : MAX_STRING);

/** Every string in a variable's value (input objects, lists, at any depth), with its path. */
function checkValue(path: string, value: unknown): void {
  if (typeof value === 'string') checkString(path, value, capOf(path));
  else if (Array.isArray(value)) value.forEach((v, i) => checkValue(`${path}[${i}]`, v));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) checkValue(`${path}.${key}`, v);
  }
}

/**
 * Every string an operation passes to a field or a directive: walks each argument's value, a
 * literal or a variable (the value sent, else its default), and names the argument path the
 * services name (`input.title`, `filter.text`). Every declared variable is used by an argument
 * (graphql-js refuses one that is not); a value sent for no declared variable reaches nothing.
 */
export function checkOperation(document: DocumentNode, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): void {
  const defaults = new Map((operation?.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.defaultValue]));
  const sent = variables ?? {};
  const walk = (path: string, node: ValueNode): void => {
    switch (node.kind) {
      case Kind.STRING:
        checkString(path, node.value, capOf(path));
        return;
      case Kind.LIST:
        node.values.forEach((v, i) => walk(`${path}[${i}]`, v));
        return;
      case Kind.OBJECT:
        for (const field of node.fields) walk(`${path}.${field.name.value}`, field.value);
        return;
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (Object.prototype.hasOwnProperty.call(sent, name)) checkValue(path, sent[name]);
        else {
          const fallback = defaults.get(name);
          if (fallback) walk(path, fallback);
        }
        return;
      }
      default:
    }
  };
  visit(document, {
    Argument(node) {
      walk(node.name.value, node.value);
    },
  });
}

/**
 * The Apollo plugin: each operation is checked once it is parsed and validated, before it
 * executes. Its refusal is answered with HTTP 400, like a request graphql-js refuses (Apollo
 * takes `http` out of the extensions the client sees).
 */
export const inputGuardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request }) {
        try {
          checkOperation(document, operation, request.variables);
        } catch (e) {
          if (e instanceof AppError) e.extensions.http = { status: 400 };
          throw e;
        }
      },
    };
  },
};

/** The same check for a plain HTTP request's query parameters (the ledger export). */
export function checkSearchParams(params: URLSearchParams): void {
  for (const [key, value] of params) checkString(key, value);
}
