import { checkString, FILTER_TEXT_MAX } from './input-guard';
import { normalizeLine } from './validate';

/**
 * A "contains" filter for free-text search. The text is normalized as stored titles are (so a
 * zero-width space typed into a search does not hide a match) and is at most FILTER_TEXT_MAX
 * characters: a search is for a few words, and a long pattern makes the database's LIKE slow or
 * fail ("pattern too complex"). LIKE's wildcards in it are dropped (no portable escape exists
 * across SQLite and PostgreSQL); the rest is matched as typed.
 */
export function likeText(text: string, field = 'filter.text'): { $like: string } {
  const kept = normalizeLine(checkString(field, text, FILTER_TEXT_MAX));
  return { $like: `%${kept.replace(/[%_\\]/g, '')}%` };
}
