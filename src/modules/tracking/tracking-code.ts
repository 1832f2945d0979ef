import type { EntityManager } from '@mikro-orm/core';
import { randomInt } from 'node:crypto';

/**
 * 查询码: the code a submitted demand is looked up by without signing in (GET /track/CODE), printed
 * on the township's copy. 10 characters of Crockford's base32 (digits and capitals without I, L, O
 * and U, so nothing reads as another over the phone), each drawn from crypto random numbers: 50
 * bits, not derived from the id or anything else, so one code tells nothing of the next. Kept and
 * shown grouped, "PC-7K3M-9QXD-2F" (PC for peican); typed any way — lower case, dashes or not, the
 * prefix or not, O for 0 and I or L for 1 — it reads the same.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
const PREFIX = 'PC';

/** The grouped form, as kept and shown: PC-XXXX-XXXX-XX. */
export function formatTrackingCode(raw: string): string {
  return `${PREFIX}-${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 10)}`;
}

/** A new code, grouped; unique in practice (2^50 of them), and checked against the database by freshTrackingCodes. */
export function newTrackingCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatTrackingCode(raw);
}

/** `n` new codes, different from each other and from those in `taken`. */
export function newTrackingCodes(n: number, taken: ReadonlySet<string> = new Set()): string[] {
  const codes = new Set<string>();
  while (codes.size < n) {
    const code = newTrackingCode();
    if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

/**
 * The code as it is kept, from what a person typed or read out: case, spaces, dashes and the PC
 * prefix do not matter, and O stands for 0, I and L for 1 (Crockford). Null when it cannot be a code.
 */
export function parseTrackingCode(input: string): string | null {
  if (input.length > 40) return null;
  let raw = input.toUpperCase().replace(/[\s\-_.·—–]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (raw.length === CODE_LENGTH + PREFIX.length && raw.startsWith(PREFIX)) raw = raw.slice(PREFIX.length);
  if (raw.length !== CODE_LENGTH || [...raw].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return formatTrackingCode(raw);
}

/**
 * `n` new codes that no demand has yet, checked in the caller's transaction (the unique index on
 * demand_item.tracking_code stops the astronomically rare race of two submissions drawing the same).
 */
export async function freshTrackingCodes(em: EntityManager, n: number): Promise<string[]> {
  const taken = new Set<string>();
  for (;;) {
    const codes = newTrackingCodes(n, taken);
    const clash = new Set<string>();
    for (let i = 0; i < codes.length; i += 500) {
      const batch = codes.slice(i, i + 500);
      const rows: { tracking_code: string }[] = await em.getConnection().execute(
        `select tracking_code from demand_item where tracking_code in (${batch.map(() => '?').join(', ')})`, batch, 'all', em.getTransactionContext(),
      );
      for (const r of rows) clash.add(r.tracking_code);
    }
    if (clash.size === 0) return codes;
    for (const c of clash) taken.add(c);
  }
}

/** One new code no demand has yet. */
export async function freshTrackingCode(em: EntityManager): Promise<string> {
  return (await freshTrackingCodes(em, 1))[0];
}
