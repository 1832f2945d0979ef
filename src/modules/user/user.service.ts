import { hashPassword, verifyPassword, dummyHash } from '../../auth/password';
import { signToken } from '../../auth/token';
import type { Context } from '../../context';
import { RegionLevel, Role } from '../../common/enums';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { getDepartment } from '../department/department.service';
import { getRegion } from '../region/region.service';
import { User } from './user.entity';
import type { CreateUserInput, LoginInput } from './user.inputs';

export async function login(ctx: Context, input: LoginInput) {
  const user = await ctx.em.findOne(User, { username: input.username.trim(), active: true }, { populate: ['passwordHash'] });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !ok) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password');
  const { token, expiresAt } = await signToken(user.id, ctx.config.tokenSecret, ctx.config.tokenLifetimeSeconds, ctx.clock.now());
  return { token, expiresAt, user };
}

export async function me(ctx: Context): Promise<User> {
  const user = await ctx.loaders.byId(User).load(ctx.viewer!.userId);
  if (!user) throw notFound('User', ctx.viewer!.userId);
  return user;
}

export function listUsers(ctx: Context, page: PageArgs) {
  return paginate(ctx.em, User, {}, page);
}

/** Which scope each role needs: the region level(s) or a department. */
const SCOPE: Record<Role, { levels: RegionLevel[]; department: boolean }> = {
  [Role.TOWNSHIP_ORGANIZER]: { levels: [RegionLevel.TOWNSHIP], department: false },
  [Role.ORGANIZATION_DEPARTMENT]: { levels: [RegionLevel.CITY, RegionLevel.COUNTY], department: false },
  [Role.DEPARTMENT_PUBLISHER]: { levels: [RegionLevel.CITY, RegionLevel.COUNTY], department: true },
  [Role.ADMIN]: { levels: [RegionLevel.CITY], department: false },
};

export async function createUser(ctx: Context, input: CreateUserInput): Promise<User> {
  const username = input.username.trim();
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
    throw badInput('input.username', 'input.username has characters that are not allowed or the wrong length', '3–64 of A–Z a–z 0–9 . _ -');
  }
  if (input.password.length < 8 || input.password.length > 200) {
    throw badInput('input.password', 'input.password must be 8–200 characters', '8–200 characters');
  }
  const displayName = v.text('input.displayName', input.displayName, 100);
  const scope = SCOPE[input.role];
  let department = null;
  if (scope.department) {
    if (!input.departmentId) throw badInput('input.departmentId', `A ${input.role} needs a departmentId`);
    department = await getDepartment(ctx, input.departmentId, 'input.departmentId');
  } else if (input.departmentId) {
    throw badInput('input.departmentId', `A ${input.role} has no department`, 'only DEPARTMENT_PUBLISHER');
  }
  const regionId = input.regionId ?? department?.region.id;
  if (!regionId) throw badInput('input.regionId', `A ${input.role} needs a regionId`, scope.levels);
  const region = await getRegion(ctx, regionId, 'input.regionId');
  if (!scope.levels.includes(region.level)) {
    throw badInput('input.regionId', `A ${input.role}'s region must be a ${scope.levels.join(' or ')}, not a ${region.level}`, scope.levels);
  }
  if (await ctx.em.count(User, { username })) throw conflict(`The username "${username}" is taken`);
  const user = ctx.em.create(User, { username, displayName, role: input.role, region, department, passwordHash: await hashPassword(input.password) });
  await ctx.em.flush();
  return user;
}

export async function setUserActive(ctx: Context, id: string, active: boolean): Promise<User> {
  const user = await ctx.loaders.byId(User).load(id);
  if (!user) throw notFound('User', id);
  user.active = active;
  await ctx.em.flush();
  return user;
}
