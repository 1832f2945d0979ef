import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Config } from './config';
import { rowScope } from './auth/scope';
import { verifyToken } from './auth/token';
import type { Viewer } from './auth/viewer';
import { Role } from './common/enums';
import { Loaders } from './common/loaders';

/** Time, injectable so tests can move it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  /** Why a token that was sent did not sign anyone in ('revoked': a later password change, reset, deactivation or logout ended it). */
  authProblem: 'expired' | 'invalid' | 'unknown-user' | 'revoked' | null;
  loaders: Loaders;
  config: Config;
  clock: Clock;
  /** The client's address as the socket saw it (null outside HTTP): login throttling keys on it. */
  clientAddress: string | null;
}

/** What a context needs of the HTTP request. */
export interface RequestInfo {
  authorization?: string;
  clientAddress?: string | null;
}

export interface AppDeps {
  orm: MikroORM;
  config: Config;
  clock: Clock;
}

/** Per request: a fresh EntityManager fork, fresh DataLoaders, and the viewer from the bearer token. */
export async function createContext(deps: AppDeps, request: RequestInfo = {}): Promise<Context> {
  const { authorization } = request;
  const em = deps.orm.em.fork();
  const ctx: Context = {
    em, viewer: null, authProblem: null, loaders: undefined as never, config: deps.config, clock: deps.clock, clientAddress: request.clientAddress ?? null,
  };
  // Every nested field reads through these, under the viewer's row rules (known once the token is checked below).
  ctx.loaders = new Loaders(em, (entityName) => rowScope(entityName, ctx.viewer));
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  if (authorization && !match) {
    ctx.authProblem = 'invalid';
    return ctx;
  }
  if (!match) return ctx;
  const result = await verifyToken(match[1], deps.config.tokenSecret, deps.config.tokenLifetimeSeconds);
  if (!result.ok) {
    ctx.authProblem = result.reason;
    return ctx;
  }
  // One plain read of the row on every request (no entity, no unit of work), so ending a user's tokens takes effect at once.
  const [user] = await em.getConnection().execute<Record<string, unknown>[]>(VIEWER_SQL, [result.claims.userId], 'all');
  if (!user || !user.active) {
    ctx.authProblem = 'unknown-user';
    return ctx;
  }
  if (Number(user.token_version) !== result.claims.tokenVersion) {
    ctx.authProblem = 'revoked';
    return ctx;
  }
  ctx.viewer = {
    userId: String(user.id),
    username: String(user.username),
    role: user.role as Role,
    regionId: (user.region_id as string | null) ?? null,
    regionPath: (user.region_path as string | null) ?? null,
    departmentId: (user.department_id as string | null) ?? null,
  };
  return ctx;
}

/** The viewer's row: who, role, region (with its path), department, whether active, and its tokens' generation. */
const VIEWER_SQL = `select u.id, u.username, u.role, u.region_id, r.path as region_path, u.department_id, u.active, u.token_version
  from app_user u left join region r on r.id = u.region_id where u.id = ?`;

/** The operator at the command line: reads and writes the whole database, as an admin would. */
export const OPERATOR: Viewer = { userId: 'cli', username: 'cli', role: Role.ADMIN, regionId: null, regionPath: null, departmentId: null };

/** A context outside HTTP (the command line, benchmarks), for a given viewer. */
export function localContext(em: EntityManager, config: Config, viewer: Viewer = OPERATOR, clock: Clock = systemClock): Context {
  return { em, viewer, authProblem: null, loaders: new Loaders(em, (entityName) => rowScope(entityName, viewer)), config, clock, clientAddress: null };
}

/** The same request's context over another entity manager (a transaction's): its reads go through that transaction. */
export function withEntityManager(ctx: Context, em: EntityManager): Context {
  return { ...ctx, em, loaders: new Loaders(em, (entityName) => rowScope(entityName, ctx.viewer)) };
}
