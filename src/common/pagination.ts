import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { visible } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { badInput } from './errors';
import type { BaseEntity } from './base.entity';

/** Relay-style cursor connections, ordered by id; `first` is capped. */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return rows after this cursor (an endCursor of an earlier page)' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted when asked for (the field read), not with every page. */
  readonly totalCount: number | Promise<number>;
}

const CURSOR_PREFIX = 'pc1';
const ID_SHAPE = /^[A-Za-z0-9_-]{1,40}$/;

export function encodeCursor(type: string, id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}:${type}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(type: string, cursor: string, field = 'after'): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [prefix, kind, id, ...extra] = text.split(':');
  if (prefix !== CURSOR_PREFIX || kind !== type || !id || !ID_SHAPE.test(id) || extra.length > 0) {
    throw badInput(field, `"${field}" is not a cursor this API issued for ${type}: pass an endCursor from an earlier page of the same list`);
  }
  return id;
}

export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput('first', `"first" must be between 1 and ${max}; got ${first}`, `1..${max}`);
  }
  return first;
}

/**
 * One page of `entity` under `where` and the viewer's row rule for that type (src/auth/scope.ts),
 * after the cursor, and the total count when the query asks for it (a second statement, run only
 * then: over a city's 8,000 items it costs more than the page). Every connection, top-level or
 * nested, pages through here, so none can return a row its viewer may not see.
 */
export async function paginate<T extends BaseEntity<string>>(
  ctx: { em: EntityManager; viewer: Viewer | null },
  entity: { name: string; prototype: T },
  filter: FilterQuery<T>,
  args: PageArgs,
  maxPageSize = MAX_PAGE_SIZE,
): Promise<ConnectionShape<T>> {
  const em = ctx.em;
  const where = visible(entity, ctx.viewer, filter);
  const first = pageSize(args.first, maxPageSize);
  const typeName = entity.name;
  const afterId = args.after ? decodeCursor(typeName, args.after) : null;
  const pageWhere = afterId ? ({ $and: [where, { id: { $gt: afterId } }] } as FilterQuery<T>) : where;
  const rows = await em.find(entity, pageWhere, { orderBy: { id: 'asc' } as never, limit: first + 1 });
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(typeName, node.id), node }));
  let counted: Promise<number> | undefined;
  return {
    edges, nodes, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      return (counted ??= em.count(entity, where));
    },
  };
}

/** `XConnection` and `XEdge` object types for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The same rows as edges.node, for clients that need no cursors' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows matching the filter, on all pages' })
    totalCount!: number;
  }
  return ConnectionType;
}
