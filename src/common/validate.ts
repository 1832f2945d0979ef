import { badInput } from './errors';

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

export function text(field: string, value: string, max: number, min = 1): string {
  const trimmed = value.trim();
  if (trimmed.length < min) {
    throw badInput(field, `${field} must not be empty`, `${min}–${max} characters`);
  }
  if ([...trimmed].length > max) {
    throw badInput(field, `${field} is too long: ${[...trimmed].length} characters, at most ${max}`, `${min}–${max} characters`);
  }
  return trimmed;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | undefined {
  return value === null || value === undefined ? undefined : text(field, value, max, 0);
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
