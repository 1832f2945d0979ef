import { raw } from '@mikro-orm/core';
import { loginThrottle, type Throttled } from '../../auth/login-throttle';
import { hashPassword, verifyPassword, dummyHash } from '../../auth/password';
import { signToken } from '../../auth/token';
import type { Context } from '../../context';
import { RegionLevel, Role } from '../../common/enums';
import { AppError, badInput, ErrorCode, exists, notFound } from '../../common/errors';
import { logger } from '../../common/logger';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { getDepartment } from '../department/department.service';
import { Region } from '../region/region.entity';
import { getRegion } from '../region/region.service';
import { User } from './user.entity';
import type { ChangePasswordInput, CreateUserInput, LoginInput, ResetPasswordInput } from './user.inputs';

/**
 * A throttled attempt: answered before any password is checked, and logged, never with a password.
 * A username that is no account is left out of the log: it is often a password typed in the wrong box.
 */
async function tooManyAttempts(ctx: Context, username: string, throttled: Throttled, operation: string): Promise<AppError> {
  const known = (await ctx.em.count(User, { username })) > 0;
  logger.warn(`${operation} throttled`, {
    username: known ? username : null, knownUser: known, clientAddress: ctx.clientAddress, by: throttled.by, retryAfterSeconds: throttled.retryAfterSeconds,
  });
  return new AppError(
    ErrorCode.TOO_MANY_REQUESTS,
    throttled.by === 'account'
      ? `Too many wrong passwords for this username: wait ${throttled.retryAfterSeconds} s before the next attempt (the wait doubles with each further failure)`
      : `Too many wrong passwords from your address: wait ${throttled.retryAfterSeconds} s before the next attempt`,
    { retryAfterSeconds: throttled.retryAfterSeconds },
  );
}

const issueToken = (ctx: Context, user: User, tokenVersion = user.tokenVersion) =>
  signToken({ userId: user.id, tokenVersion }, ctx.config.tokenSecret, ctx.config.tokenLifetimeSeconds, ctx.clock.now());

export async function login(ctx: Context, input: LoginInput) {
  // Looked up (and throttled) as a stored name is kept: "admin\u200B" is admin.
  const username = v.normalizeLine(input.username);
  const result = await loginThrottle.attempt(username, ctx.clientAddress, async () => {
    const user = await ctx.em.findOne(User, { username, active: true }, { populate: ['passwordHash'] });
    // An unknown username costs the same hash check as a known one: the timing tells nothing.
    const ok = (await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password)) && !!user;
    return { ok, user };
  });
  if ('throttled' in result) throw await tooManyAttempts(ctx, username, result.throttled, 'login');
  if (!result.ok || !result.user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password');
  const { token, expiresAt } = await issueToken(ctx, result.user);
  return { token, expiresAt, user: result.user };
}

/**
 * Ends every token the user holds (moves the generation on), with the other changes given, in one
 * statement, so two of these at once both count; the generation read back in the same transaction
 * is the one this change wrote (a logout just after cannot be skipped by a token signed under a
 * later one). Answers that generation.
 */
async function endTokens(ctx: Context, user: User, changes: { passwordHash?: string; active?: boolean } = {}): Promise<number> {
  const version = await ctx.em.transactional(async (em) => {
    await em.nativeUpdate(User, { id: user.id }, { ...changes, tokenVersion: raw('token_version + 1'), updatedAt: new Date() });
    const [row] = await em.getConnection().execute<{ token_version: number }[]>('select token_version from app_user where id = ?', [user.id], 'all', em.getTransactionContext());
    return Number(row.token_version);
  });
  // The answer shows the row as it now is.
  await ctx.em.refresh(user);
  return version;
}

/** The signed-in user's new password: ends every earlier token and answers with a fresh one. */
export async function changePassword(ctx: Context, input: ChangePasswordInput) {
  const viewer = ctx.viewer!;
  checkPassword(input.newPassword, 'input.newPassword');
  if (input.newPassword === input.currentPassword) {
    throw badInput('input.newPassword', 'input.newPassword is the current password: choose a different one');
  }
  // A stolen token must not become a way to guess the password: wrong current passwords count as failed logins.
  const result = await loginThrottle.attempt(viewer.username, ctx.clientAddress, async () => {
    const user = await ctx.em.findOne(User, { id: viewer.userId }, { populate: ['passwordHash'] });
    return { ok: !!user && (await verifyPassword(user.passwordHash, input.currentPassword)), user };
  });
  if ('throttled' in result) throw await tooManyAttempts(ctx, viewer.username, result.throttled, 'changePassword');
  if (!result.ok || !result.user) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'input.currentPassword is not your current password: nothing was changed', { field: 'input.currentPassword' });
  }
  const version = await endTokens(ctx, result.user, { passwordHash: await hashPassword(input.newPassword) });
  const { token, expiresAt } = await issueToken(ctx, result.user, version);
  return { token, expiresAt, user: result.user };
}

/** An admin sets a user's password: every token the user held ends, and the user's failed logins are forgotten. */
export async function resetPassword(ctx: Context, input: ResetPasswordInput): Promise<User> {
  checkPassword(input.newPassword, 'input.newPassword');
  const user = await ctx.em.findOne(User, { id: input.userId });
  if (!user) throw notFound('User', input.userId, 'input.userId');
  await endTokens(ctx, user, { passwordHash: await hashPassword(input.newPassword) });
  await loginThrottle.reset(user.username);
  return user;
}

/** Ends every token of the signed-in user, on every device (not only the one sent). */
export async function logout(ctx: Context): Promise<boolean> {
  const user = await ctx.em.findOne(User, { id: ctx.viewer!.userId });
  if (!user) throw notFound('User', ctx.viewer!.userId);
  await endTokens(ctx, user);
  return true;
}

export async function me(ctx: Context): Promise<User> {
  const user = await ctx.loaders.byId(User).load(ctx.viewer!.userId);
  if (!user) throw notFound('User', ctx.viewer!.userId);
  return user;
}

export function listUsers(ctx: Context, page: PageArgs) {
  return paginate(ctx, User, {}, page);
}

/** Which scope each role needs: the region level(s) or a department. */
const SCOPE: Record<Role, { levels: RegionLevel[]; department: boolean }> = {
  [Role.TOWNSHIP_ORGANIZER]: { levels: [RegionLevel.TOWNSHIP], department: false },
  [Role.ORGANIZATION_DEPARTMENT]: { levels: [RegionLevel.CITY, RegionLevel.COUNTY], department: false },
  [Role.DEPARTMENT_PUBLISHER]: { levels: [RegionLevel.CITY, RegionLevel.COUNTY], department: true },
  [Role.ADMIN]: { levels: [RegionLevel.CITY], department: false },
  // A party member's home unit (a department, or a party branch kept as one) and the region whose wishes it sees.
  [Role.VOLUNTEER]: { levels: [RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP], department: true },
};

/** The rule for every password a person sets (createUser, changePassword, resetPassword, `peican user create`). */
export function checkPassword(password: string, field: string): void {
  if (password.length < 8 || password.length > 200) {
    throw badInput(field, `${field} must be 8–200 characters`, '8–200 characters');
  }
}

/** What each input is called where it came from: the mutation's input paths, or the command line's flags. */
export interface UserFields {
  username: string;
  password: string;
  displayName: string;
  regionId: string;
  departmentId: string;
}
const INPUT_FIELDS: UserFields = {
  username: 'input.username', password: 'input.password', displayName: 'input.displayName', regionId: 'input.regionId', departmentId: 'input.departmentId',
};

/**
 * An admin's region when none is given: the city, when there is exactly one; none at all while
 * the database has no regions yet (the first admin, created before any data is loaded).
 */
async function defaultAdminRegion(ctx: Context, field: string): Promise<Region | null> {
  const cities = await ctx.em.find(Region, { level: RegionLevel.CITY }, { limit: 2, orderBy: { id: 'asc' } });
  if (cities.length === 1) return cities[0];
  if (cities.length === 0 && (await ctx.em.count(Region, {})) === 0) return null;
  throw badInput(field, cities.length ? `There are several cities: give ${field} (the admin's city)` : `An ADMIN's region must be a CITY and there is none: give ${field}`, [RegionLevel.CITY]);
}

export async function createUser(ctx: Context, input: CreateUserInput, fields: UserFields = INPUT_FIELDS): Promise<User> {
  const username = input.username.trim();
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
    throw badInput(fields.username, `${fields.username} has characters that are not allowed or the wrong length`, '3–64 of A–Z a–z 0–9 . _ -');
  }
  checkPassword(input.password, fields.password);
  const displayName = v.text(fields.displayName, input.displayName, 100);
  const scope = SCOPE[input.role];
  let department = null;
  if (scope.department) {
    if (!input.departmentId) throw badInput(fields.departmentId, `A ${input.role} needs ${fields.departmentId}`);
    department = await getDepartment(ctx, input.departmentId, fields.departmentId);
  } else if (input.departmentId) {
    throw badInput(fields.departmentId, `A ${input.role} has no department`, 'only DEPARTMENT_PUBLISHER and VOLUNTEER');
  }
  const regionId = input.regionId ?? department?.region.id;
  let region: Region | null;
  if (regionId) {
    region = await getRegion(ctx, regionId, fields.regionId);
    if (!scope.levels.includes(region.level)) {
      throw badInput(fields.regionId, `A ${input.role}'s region must be a ${scope.levels.join(' or ')}, not a ${region.level}`, scope.levels);
    }
  } else if (input.role === Role.ADMIN) {
    region = await defaultAdminRegion(ctx, fields.regionId);
  } else {
    throw badInput(fields.regionId, `A ${input.role} needs ${fields.regionId}`, scope.levels);
  }
  if (await ctx.em.count(User, { username })) throw exists(`The username "${username}" is taken`, 'input.username');
  const user = ctx.em.create(User, { username, displayName, role: input.role, region, department, passwordHash: await hashPassword(input.password) });
  await ctx.em.flush();
  return user;
}

/** Deactivating ends every token the user holds: activating again later does not bring them back. */
export async function setUserActive(ctx: Context, id: string, active: boolean): Promise<User> {
  const user = await ctx.loaders.byId(User).load(id);
  if (!user) throw notFound('User', id);
  if (active) {
    user.active = true;
    await ctx.em.flush();
  } else {
    await endTokens(ctx, user, { active: false });
  }
  return user;
}
