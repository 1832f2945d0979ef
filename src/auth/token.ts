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

/**
 * A token is valid only when it is ours (HS256 under the secret, our issuer), says who (`sub`),
 * under which generation (`ver`), when it was issued (`iat`, not in the future) and when it ends
 * (`exp`, not past, and no later than the lifetime after `iat`): a token without an end would
 * never expire.
 */
export async function verifyToken(token: string, secret: Uint8Array, lifetimeSeconds: number): Promise<TokenResult> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp', VERSION_CLAIM],
      // With maxTokenAge jose also refuses an `iat` in the future (beyond the tolerance).
      maxTokenAge: lifetimeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const version = payload[VERSION_CLAIM];
    if (typeof payload.sub !== 'string' || !Number.isSafeInteger(version) || (version as number) < 0) return { ok: false, reason: 'invalid' };
    return { ok: true, claims: { userId: payload.sub, tokenVersion: version as number } };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
