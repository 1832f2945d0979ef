import { randomBytes } from 'node:crypto';

/**
 * New ids: 26 characters, time first then random, so that ids sort by creation (cursor order)
 * and compare by code units the same way in JavaScript, SQLite and PostgreSQL (C collation
 * is not needed: only [0-9a-z] are used). Seeded rows keep the ids of the seed file.
 */
let lastTime = 0;
let counter = 0;

export function newId(): string {
  const now = Date.now();
  if (now === lastTime) counter += 1;
  else {
    lastTime = now;
    counter = 0;
  }
  return (
    now.toString(36).padStart(9, '0') +
    counter.toString(36).padStart(4, '0') +
    randomHex13()
  );
}

/** 13 random hex digits, from a pool refilled 512 ids at a time (one system call, not one per id). */
let pool = '';
let at = 0;
function randomHex13(): string {
  if (at + 13 > pool.length) {
    pool = randomBytes(3328).toString('hex');
    at = 0;
  }
  at += 13;
  return pool.slice(at - 13, at);
}
