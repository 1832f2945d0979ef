/**
 * A "contains" filter for free-text search. LIKE's wildcards in the search text are dropped
 * (no portable escape exists across SQLite and PostgreSQL); the rest is matched as typed.
 */
export function likeText(text: string): { $like: string } {
  return { $like: `%${text.trim().replace(/[%_\\]/g, '')}%` };
}
