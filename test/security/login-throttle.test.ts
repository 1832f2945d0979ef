import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { PASSWORD, smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe sent 30 wrong passwords for `admin` in 1.7 s, and the right one worked at once. Failed
 * logins now make the next attempt wait, by username and by client address. Each test comes from
 * its own loopback address (127.0.0.N: all of 127/8 reaches the server on Linux) and uses its own
 * usernames, since the throttle is the process's.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startApp(smallWorld());
});
afterAll(() => app?.close());

type Answer = { data?: any; errors?: any[] };

/** A GraphQL request sent from a given local address. */
function gqlFrom(address: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const url = new URL(app.url);
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const LOGIN = 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }';
const login = (address: string, username: string, password: string) => gqlFrom(address, LOGIN, { u: username, p: password });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function wrong(address: string, username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const r = await login(address, username, `wrong-${i}`);
    expect(codeOf(r), `attempt ${i + 1}`).toBe('UNAUTHENTICATED');
  }
}

/** A refused login: TOO_MANY_REQUESTS, how long to wait, no token, and the database as it was. */
async function throttled(address: string, username: string, password = PASSWORD): Promise<{ message: string; retryAfterSeconds: number }> {
  const before = await snapshot(app);
  const r = await login(address, username, password);
  expect(codeOf(r)).toBe('TOO_MANY_REQUESTS');
  expect(r.data ?? null).toBeNull();
  await expectUnchanged(app, before);
  return { message: r.errors![0].message, retryAfterSeconds: r.errors![0].extensions.retryAfterSeconds };
}

const USERS = ['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk'];

describe(`login throttle (${DB_KIND})`, () => {
  it('successful logins never count: 56 from one address all sign in', async () => {
    for (let round = 0; round < 8; round++) {
      for (const u of USERS) expect((await login('127.0.0.10', u, PASSWORD)).data?.login?.token, `${u}, round ${round}`).toBeTruthy();
    }
  });

  it('after 5 wrong passwords the right one waits (TOO_MANY_REQUESTS with retryAfterSeconds), then signs in', async () => {
    await wrong('127.0.0.11', 'admin', 5);
    expect(await throttled('127.0.0.11', 'admin')).toEqual({ message: expect.stringMatching(/wait 1 s/), retryAfterSeconds: 1 });
    // The wait is the account's, from any address.
    expect((await throttled('127.0.0.12', 'admin')).retryAfterSeconds).toBe(1);
    await sleep(1_100);
    expect((await login('127.0.0.11', 'admin', PASSWORD)).data?.login?.token).toBeTruthy();
  });

  it('the wait doubles with each further failure: 1 s, 2 s, 4 s', async () => {
    await wrong('127.0.0.13', 'org-city', 5);
    expect((await throttled('127.0.0.13', 'org-city')).retryAfterSeconds).toBe(1);
    await sleep(1_100);
    await wrong('127.0.0.13', 'org-city', 1);
    expect((await throttled('127.0.0.13', 'org-city')).retryAfterSeconds).toBe(2);
    await sleep(2_100);
    await wrong('127.0.0.13', 'org-city', 1);
    expect((await throttled('127.0.0.13', 'org-city')).retryAfterSeconds).toBe(4);
  });

  it("a success starts the account's count again", async () => {
    await wrong('127.0.0.14', 'org-wuyuan', 4);
    expect((await login('127.0.0.14', 'org-wuyuan', PASSWORD)).data?.login?.token).toBeTruthy();
    await wrong('127.0.0.14', 'org-wuyuan', 4);
    expect((await login('127.0.0.14', 'org-wuyuan', PASSWORD)).data?.login?.token).toBeTruthy();
  });

  it('an unknown username is throttled exactly like a known one (the answer does not tell which usernames exist)', async () => {
    await wrong('127.0.0.15', 'dept-nmj', 5);
    const known = await throttled('127.0.0.15', 'dept-nmj');
    await wrong('127.0.0.16', 'no-such-user', 5);
    const unknown = await throttled('127.0.0.16', 'no-such-user');
    expect(unknown).toEqual(known);
  });

  it('one address trying many usernames is throttled after 50 failures, counted exactly even when sent at once; another address is not', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => login('127.0.0.17', `guess-${i}`, 'wrong-password')));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(50);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(10);
    const refused = await throttled('127.0.0.17', 'township-tarhu');
    expect(refused.message).toMatch(/from your address/);
    expect(refused.retryAfterSeconds).toBeGreaterThan(800);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect((await login('127.0.0.18', 'township-tarhu', PASSWORD)).data?.login?.token).toBeTruthy();
  });

  it('a burst of wrong passwords for one account sent at once is counted one by one: 5 checked, the rest wait', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('127.0.0.19', 'township-ganzhaomiao', `wrong-${i}`)));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(15);
  });

  it('a throttled login is logged with the address and the account, never a password (nor a username that is no account)', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    try {
      await wrong('127.0.0.20', 'org-wuyuan', 5);
      await throttled('127.0.0.20', 'org-wuyuan', 'the-secret-password-probe');
      // Someone typed a password in the username box: it is no account, and stays out of the log.
      await wrong('127.0.0.20', 'typed-password-probe', 5);
      await throttled('127.0.0.20', 'typed-password-probe');
    } finally {
      spy.mockRestore();
    }
    const logged = lines.filter((l) => l.includes('login throttled')).map((l) => JSON.parse(l));
    expect(logged).toEqual([
      expect.objectContaining({ level: 'warn', username: 'org-wuyuan', knownUser: true, clientAddress: '127.0.0.20', by: 'account', retryAfterSeconds: 1 }),
      expect.objectContaining({ level: 'warn', username: null, knownUser: false, clientAddress: '127.0.0.20', by: 'account', retryAfterSeconds: 1 }),
    ]);
    expect(lines.join('')).not.toMatch(/the-secret-password-probe|typed-password-probe|wrong-\d|peican-demo/);
  });

  it('wrong current passwords in changePassword count too: a stolen token cannot guess the password', async () => {
    const token = (await login('127.0.0.21', 'dept-wuyuan-nk', PASSWORD)).data.login.token;
    const change = (current: string) =>
      gqlFrom('127.0.0.21', 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { token } }', { i: { currentPassword: current, newPassword: 'a-new-password-9' } }, token);
    for (let i = 0; i < 5; i++) expect(codeOf(await change(`wrong-${i}`))).toBe('UNAUTHENTICATED');
    const before = await snapshot(app);
    const r = await change(PASSWORD);
    expect(codeOf(r)).toBe('TOO_MANY_REQUESTS');
    expect(r.errors![0].extensions.retryAfterSeconds).toBe(1);
    await expectUnchanged(app, before);
  });
});
