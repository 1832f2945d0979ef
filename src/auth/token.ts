import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'peican';

/** The claim that carries the generation of the user's tokens (User.tokenVersion) the token was signed under. */
const VERSION_CLAIM = 'ver';

/**
 * Seconds a token's times may be off against this server's clock: a token issued further in the
 * future than this is refused (only a forger or a badly wrong clock makes one).
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenClaims {
  userId: string;
  tokenVersion: number;
}

export async function signToken(claims: TokenClaims, secret: Uint8Array, lifetimeSeconds: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + lifetimeSeconds;
  const token = await new SignJWT({ [VERSION_CLAIM]: claims.tokenVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

export type TokenResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

/** The secret as a WebCrypto key, imported once per secret (jose imports a raw secret again on every call). */
const keys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();
function keyOf(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])));
  return key;
}

/**
 * Tokens already verified, with their claims, until they expire: a client sends the same token with
 * every request, and its signature, issuer and times give the same answer each time until then (a
 * revoked token is still refused: the user's row is read on every request, src/context.ts). Bounded:
 * past MAX_VERIFIED entries the oldest goes.
 */
const verified = new Map<string, { claims: TokenClaims; until: number; secret: Uint8Array }>();
const MAX_VERIFIED = 10_000;

/**
 * A token is valid only when it is ours (HS256 under the secret, our issuer), says who (`sub`),
 * under which generation (`ver`), when it was issued (`iat`, not in the future) and when it ends
 * (`exp`, not past, and no later than the lifetime after `iat`): a token without an end would
 * never expire.
 */
export async function verifyToken(token: string, secret: Uint8Array, lifetimeSeconds: number): Promise<TokenResult> {
  const known = verified.get(token);
  if (known && known.secret === secret) {
    if (Date.now() < known.until) return { ok: true, claims: known.claims };
    verified.delete(token);
  }
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp', VERSION_CLAIM],
      // With maxTokenAge jose also refuses an `iat` in the future (beyond the tolerance).
      maxTokenAge: lifetimeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const version = payload[VERSION_CLAIM];
    if (typeof payload.sub !== 'string' || !Number.isSafeInteger(version) || (version as number) < 0) return { ok: false, reason: 'invalid' };
    const claims = { userId: payload.sub, tokenVersion: version as number };
    // Valid until its end, and no later than its issue plus the lifetime (as jose checks it), with the same tolerance.
    const until = 1000 * (Math.min(payload.exp!, payload.iat! + lifetimeSeconds) + CLOCK_TOLERANCE_SECONDS);
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, until, secret });
    return { ok: true, claims };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
