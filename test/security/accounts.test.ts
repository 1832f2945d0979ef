import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { CITY, PASSWORD, smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The probe found that a token could not be ended: no password change, no logout, and a user
 * deactivated then activated again had their old tokens back. Each user carries a token
 * generation; a password change, a reset, a deactivation or a logout moves it on.
 */

let app: TestApp;
let admin: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp(smallWorld());
  admin = await app.login('admin');
  const r = await app.gql('{ users(first: 50) { nodes { id username } } }', {}, admin);
  for (const u of r.data.users.nodes) ids[u.username] = u.id;
});
afterAll(() => app?.close());

const ME = '{ me { username } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }';
const CHANGE = 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { token expiresAt user { username } } }';
const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { username } }';

const signedIn = async (token: string) => (await app.gql(ME, {}, token)).data?.me?.username ?? null;
const loginWith = async (username: string, password: string) => (await app.gql(LOGIN, { u: username, p: password })).data?.login?.token ?? null;

describe(`ending tokens (${DB_KIND})`, () => {
  it('setUserActive(false) then (true): the old token stays ended', async () => {
    const old = await app.login('org-wuyuan');
    expect(await signedIn(old)).toBe('org-wuyuan');
    for (const active of [false, true]) {
      const r = await app.gql('mutation($id: ID!, $a: Boolean!) { setUserActive(id: $id, active: $a) { active } }', { id: ids['org-wuyuan'], a: active }, admin);
      expect(r.data.setUserActive).toEqual({ active });
    }
    const r = await app.gql(ME, {}, old);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0].message).toMatch(/deactivation/);
    // Signing in again works: the account is active.
    expect(await signedIn(await app.login('org-wuyuan'))).toBe('org-wuyuan');
  });

  it('changePassword ends every earlier token and answers with a fresh one', async () => {
    const first = await app.login('township-tarhu');
    const second = await app.login('township-tarhu');
    const r = await app.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'a-new-password-1' } }, first);
    expect(r.errors).toBeUndefined();
    expect(r.data.changePassword.user).toEqual({ username: 'township-tarhu' });
    for (const old of [first, second]) expect(codeOf(await app.gql(ME, {}, old))).toBe('UNAUTHENTICATED');
    expect(await signedIn(r.data.changePassword.token)).toBe('township-tarhu');
    expect(await loginWith('township-tarhu', PASSWORD)).toBeNull();
    expect(await signedIn((await loginWith('township-tarhu', 'a-new-password-1'))!)).toBe('township-tarhu');
  });

  it('changePassword with a wrong current password is refused (UNAUTHENTICATED), nothing changed', async () => {
    const token = await app.login('township-ganzhaomiao');
    const before = await snapshot(app);
    const r = await app.gql(CHANGE, { i: { currentPassword: 'not-the-password', newPassword: 'a-new-password-2' } }, token);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0].extensions.field).toBe('input.currentPassword');
    expect(r.errors![0].message).toMatch(/not your current password/);
    await expectUnchanged(app, before);
    expect(await signedIn(token)).toBe('township-ganzhaomiao');
    expect(await loginWith('township-ganzhaomiao', PASSWORD)).not.toBeNull();
  });

  it('changePassword to a password the createUser rules refuse is BAD_USER_INPUT, nothing changed', async () => {
    const token = await app.login('dept-nmj');
    const before = await snapshot(app);
    const short = await app.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'short' } }, token);
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    expect(short.errors![0].extensions).toMatchObject({ field: 'input.newPassword', allowed: '8–200 characters' });
    const same = await app.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: PASSWORD } }, token);
    expect(codeOf(same)).toBe('BAD_USER_INPUT');
    await expectUnchanged(app, before);
    expect(await signedIn(token)).toBe('dept-nmj');
  });

  it("resetPassword by an admin ends the user's tokens; the new password signs in, the old does not", async () => {
    const old = await app.login('dept-wuyuan-nk');
    const r = await app.gql(RESET, { i: { userId: ids['dept-wuyuan-nk'], newPassword: 'reset-by-admin-1' } }, admin);
    expect(r.data.resetPassword).toEqual({ username: 'dept-wuyuan-nk' });
    expect(codeOf(await app.gql(ME, {}, old))).toBe('UNAUTHENTICATED');
    expect(await loginWith('dept-wuyuan-nk', PASSWORD)).toBeNull();
    expect(await signedIn((await loginWith('dept-wuyuan-nk', 'reset-by-admin-1'))!)).toBe('dept-wuyuan-nk');
    // The admin's own token is untouched.
    expect(await signedIn(admin)).toBe('admin');
  });

  it('resetPassword by someone not an admin is FORBIDDEN, nothing changed', async () => {
    const org = await app.login('org-city');
    const before = await snapshot(app);
    const r = await app.gql(RESET, { i: { userId: ids.admin, newPassword: 'taken-over-1' } }, org);
    expect(codeOf(r)).toBe('FORBIDDEN');
    await expectUnchanged(app, before);
    expect(await signedIn(admin)).toBe('admin');
  });

  it('resetPassword of a user who does not exist is NOT_FOUND, nothing changed', async () => {
    const before = await snapshot(app);
    const r = await app.gql(RESET, { i: { userId: 'U-nobody', newPassword: 'whatever-1' } }, admin);
    expect(codeOf(r)).toBe('NOT_FOUND');
    expect(r.errors![0].extensions.field).toBe('input.userId');
    await expectUnchanged(app, before);
  });

  it('logout ends every token of the caller, not only the one sent', async () => {
    const one = await app.login('org-city');
    const two = await app.login('org-city');
    const r = await app.gql('mutation { logout }', {}, one);
    expect(r.data).toEqual({ logout: true });
    for (const t of [one, two]) {
      const after = await app.gql(ME, {}, t);
      expect(codeOf(after)).toBe('UNAUTHENTICATED');
      expect(after.errors![0].message).toMatch(/logout/);
    }
    expect(await signedIn(await app.login('org-city'))).toBe('org-city');
  });

  it('an ended token cannot write: the refused write changes nothing', async () => {
    const token = await app.login('township-ganzhaomiao');
    await app.gql('mutation { logout }', {}, token);
    const before = await snapshot(app);
    const r = await app.gql('mutation { createDemandList(input: { campaignId: "C-1", townshipId: "150802101" }) { id } }', {}, token);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    await expectUnchanged(app, before);
  });

  it("createUser of an ADMIN without regionId takes the only city", async () => {
    const r = await app.gql('mutation { createUser(input: { username: "second-admin", password: "long-enough-1", displayName: "第二管理员", role: ADMIN }) { role region { id } } }', {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.createUser).toEqual({ role: 'ADMIN', region: { id: CITY } });
  });
});
