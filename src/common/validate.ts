import { badInput } from './errors';
import { checkString } from './input-guard';

/**
 * Checks on user input that the schema's types cannot express. Each throws a BAD_USER_INPUT
 * error naming the field and what is allowed, before anything is written.
 */

export const LIMITS = {
  title: 100,
  listTitle: 200,
  content: 2000,
  name: 50,
  capacity: 10_000,
  beneficiaries: 1_000_000,
  forms: 11,
} as const;

/**
 * Characters that show nothing and change nothing a reader sees, removed from every text kept:
 * the soft hyphen, the combining grapheme joiner, the Arabic letter mark, the zero-width space,
 * non-joiner and joiner, the left-to-right and right-to-left marks, the word joiner and the
 * invisible operators, the deprecated format controls, the byte order mark, and the Hangul
 * fillers (blank "letters" that make a name look empty). A title of only these is empty.
 * (Controls and bidi overrides are refused instead, at the edge: src/common/input-guard.ts.)
 */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u200B-\u200F\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0]/g;

/** A one-line text as kept (a title, a name): NFC, nothing invisible, one space for any run of whitespace, trimmed. */
export function normalizeLine(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A multi-line text as kept (content, a note): NFC, nothing invisible, its line breaks as "\n", trimmed. */
export function normalizeLines(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '').replace(/\r\n?|[\u2028\u2029]/g, '\n').trim();
}

function bounded(field: string, raw: string, kept: string, max: number, min: number): string {
  const length = [...kept].length;
  if (length < min) {
    const why = raw.length > 0 ? ': it holds only spaces or invisible characters' : '';
    throw badInput(field, `${field} must not be empty${why}`, `${min}–${max} characters`);
  }
  if (length > max) {
    throw badInput(field, `${field} is too long: ${length} characters, at most ${max}`, `${min}–${max} characters`);
  }
  return kept;
}

/** A one-line text: refused if it holds what the edge refuses, else normalized (normalizeLine) and measured. */
export function text(field: string, value: string, max: number, min = 1): string {
  return bounded(field, value, normalizeLine(checkString(field, value)), max, min);
}

/** A multi-line text (content, description, notes, reasons, comments): as text, but its line breaks stay. */
export function multiline(field: string, value: string, max: number, min = 1): string {
  return bounded(field, value, normalizeLines(checkString(field, value)), max, min);
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | undefined {
  return value === null || value === undefined ? undefined : text(field, value, max, 0);
}

export function optionalMultiline(field: string, value: string | null | undefined, max: number): string | undefined {
  return value === null || value === undefined ? undefined : multiline(field, value, max, 0);
}

/** An http(s) link, kept as given: a link is not normalized (that would change where it points), so anything invisible in it is refused. */
export function link(field: string, value: string, max = 500): string {
  const kept = checkString(field, value).trim();
  let url: URL | null = null;
  try {
    url = new URL(kept);
  } catch {
    url = null;
  }
  if (!url || !/^https?:\/\/\S+$/.test(kept) || (url.protocol !== 'http:' && url.protocol !== 'https:') || kept.length > max || kept.replace(INVISIBLE, '') !== kept) {
    throw badInput(field, `${field} is not an http(s) link`, `http:// or https:// links, up to ${max} characters, nothing invisible in them`);
  }
  return kept;
}

/** Mainland mobile (1 + 10 digits) or a landline with area code (0xxx-xxxxxxx, dash optional). */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export function phone(field: string, value: string): string {
  const trimmed = value.trim().replace(/\s+/g, '');
  if (!PHONE.test(trimmed)) {
    throw badInput(field, `${field} is not a phone number`, 'a mobile number of 11 digits starting with 1, or a landline such as 0478-8888888');
  }
  return trimmed;
}

export function integer(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} must be a whole number from ${min} to ${max}; got ${value}`, `${min}..${max}`);
  }
  return value;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function date(field: string, value: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw badInput(field, `${field} is not a date: "${value}"`, 'YYYY-MM-DD');
  }
  return value;
}

/** How far ahead a promised date (a committed date, a leader's due date) may lie. */
export const MAX_DAYS_AHEAD = 366;

/** A date from `today` (YYYY-MM-DD) to MAX_DAYS_AHEAD days after it: a promise neither past nor out of sight. */
export function dateAhead(field: string, value: string, today: string): string {
  const day = date(field, value);
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  if (day < today) throw badInput(field, `${field} ${day} is already past`, `a date from ${today} to ${last}`);
  if (day > last) throw badInput(field, `${field} ${day} is more than a year ahead`, `a date from ${today} to ${last}`);
  return day;
}

export interface WindowInput {
  start?: string | null;
  end?: string | null;
}

/** A time window: both ends or neither; the end not before the start. */
export function window(field: string, value: WindowInput | null | undefined): { start: string | null; end: string | null } {
  if (!value || (value.start == null && value.end == null)) return { start: null, end: null };
  if (value.start == null || value.end == null) {
    throw badInput(field, `${field} needs both start and end (or neither)`, 'start ≤ end, YYYY-MM-DD');
  }
  const start = date(`${field}.start`, value.start);
  const end = date(`${field}.end`, value.end);
  if (end < start) {
    throw badInput(`${field}.end`, `${field} ends (${end}) before it starts (${start})`, 'end on or after start');
  }
  return { start, end };
}

export function nonEmptyList<T>(field: string, values: T[], max: number): T[] {
  const unique = [...new Set(values)];
  if (unique.length === 0) throw badInput(field, `${field} must name at least one value`, `1–${max} values`);
  if (unique.length > max) throw badInput(field, `${field} has ${unique.length} values, at most ${max}`, `1–${max} values`);
  return unique;
}
