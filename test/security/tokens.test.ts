import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe signed a token with the real secret and no `exp`, and it was accepted: it would
 * never expire. Every token must say when it was issued and when it ends, be ours (HS256, our
 * issuer) and not come from the future. Each forged token below tries a write as the admin.
 */

let app: TestApp;
let adminId: string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  const me = await app.gql('{ me { id } }', {}, await app.login('admin'));
  adminId = me.data.me.id;
});
afterAll(() => app?.close());

const WRITE = 'mutation { createCampaign(input: { name: "伪造的活动", startsOn: "2020-05-01", endsOn: "2020-08-31" }) { id } }';
const now = () => Math.floor(Date.now() / 1000);

/** A token as the server signs one, but by hand: each case leaves one part out or changes it. */
function forge(parts: { exp?: number | null; iat?: number | null; iss?: string; ver?: number | null } = {}): Promise<string> {
  const payload: Record<string, unknown> = {};
  if (parts.ver !== null) payload.ver = parts.ver ?? 0;
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer(parts.iss ?? 'peican');
  if (parts.iat !== null) jwt.setIssuedAt(parts.iat ?? now());
  if (parts.exp !== null) jwt.setExpirationTime(parts.exp ?? now() + 3600);
  return jwt.sign(app.config.tokenSecret);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The write with a forged token: refused as UNAUTHENTICATED, and the database as it was. */
async function refused(token: string): Promise<void> {
  const before = await snapshot(app);
  const r = await app.gql(WRITE, {}, token);
  expect(codeOf(r)).toBe('UNAUTHENTICATED');
  expect(r.data ?? null).toBeNull();
  await expectUnchanged(app, before);
}

describe(`hand-signed tokens (${DB_KIND})`, () => {
  it('a hand-signed token with every claim is accepted (the forgeries below differ from it in one part)', async () => {
    const r = await app.gql('{ me { username } }', {}, await forge());
    expect(r.data).toEqual({ me: { username: 'admin' } });
  });

  it('a token without exp is refused', async () => {
    await refused(await forge({ exp: null }));
  });

  it('a token without iat is refused', async () => {
    await refused(await forge({ iat: null }));
  });

  it('a token with alg none is refused', async () => {
    const t = now();
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: adminId, iss: 'peican', iat: t, exp: t + 3600, ver: 0 })}.`);
  });

  it('a token with a wrong issuer is refused', async () => {
    await refused(await forge({ iss: 'someone-else' }));
  });

  it('a token issued in the future (beyond the clock tolerance) is refused', async () => {
    await refused(await forge({ iat: now() + 3600, exp: now() + 7200 }));
  });

  it('a token without the token generation (ver) is refused', async () => {
    await refused(await forge({ ver: null }));
  });

  it('a token whose exp is further from its iat than the token lifetime is refused', async () => {
    await refused(await forge({ iat: now() - 2 * app.config.tokenLifetimeSeconds, exp: now() + 3600 }));
  });
});
