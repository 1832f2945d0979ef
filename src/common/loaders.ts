import { raw, type EntityManager, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import type { BaseEntity } from './base.entity';

type AnyEntity = BaseEntity<string>;

/** The row rule of an entity type (by name) for the request's viewer: src/auth/scope.ts's rowScope. */
export type RowScope = (entityName: string) => FilterQuery<never>;

const nameOf = (entity: unknown): string => (typeof entity === 'string' ? entity : (entity as { name: string }).name);

/**
 * Per-request DataLoaders: every to-one field goes through `byId`, every to-many field through
 * `manyBy`, so a list of N rows costs one statement per relation, whatever N is. Each statement
 * carries the row rule of its type for the viewer: a nested field returns only rows the viewer
 * may see (a to-one field gives null, a to-many field leaves the others out), exactly as the
 * top-level query for that type would.
 */
export class Loaders {
  private readonly one = new Map<unknown, DataLoader<string, unknown>>();
  private readonly many = new Map<string, DataLoader<string, unknown[]>>();
  private readonly counts = new Map<string, DataLoader<string, number>>();

  constructor(
    private readonly em: EntityManager,
    private readonly scope: RowScope,
  ) {}

  byId<T extends AnyEntity>(entity: EntityName<T>): DataLoader<string, T | null> {
    let loader = this.one.get(entity) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      const rule = this.scope(nameOf(entity));
      loader = new DataLoader<string, T | null>(async (ids) => {
        const rows = await this.em.find(entity, { $and: [{ id: { $in: [...ids] } }, rule] } as never);
        const found = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => found.get(id) ?? null);
      });
      this.one.set(entity, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** Rows of `entity` whose `foreignKey` is one of the keys, grouped by key, ordered by id. */
  manyBy<T extends AnyEntity>(entity: EntityName<T>, foreignKey: keyof T & string): DataLoader<string, T[]> {
    const name = `${nameOf(entity)}.${foreignKey}`;
    let loader = this.many.get(name) as DataLoader<string, T[]> | undefined;
    if (!loader) {
      const rule = this.scope(nameOf(entity));
      loader = new DataLoader<string, T[]>(async (keys) => {
        const rows = await this.em.find(entity, { $and: [{ [foreignKey]: { $in: [...keys] } }, rule] } as never, { orderBy: { id: 'asc' } as never });
        const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
        for (const row of rows) {
          const ref = row[foreignKey] as unknown as { id: string } | null;
          if (ref) groups.get(ref.id)?.push(row);
        }
        return keys.map((k) => groups.get(k) ?? []);
      });
      this.many.set(name, loader as DataLoader<string, unknown[]>);
    }
    return loader;
  }

  /**
   * How many rows of `entity` matching `where` point to each key through `foreignKey`, in one
   * grouped statement. A count is a fact of the row it points to, so the statement carries that
   * row's rule: a key the viewer may not see counts 0, as its other fields would be hidden.
   */
  countBy<T extends AnyEntity>(entity: EntityName<T>, foreignKey: keyof T & string, where: FilterQuery<T>): DataLoader<string, number> {
    const name = `${nameOf(entity)}.${foreignKey} ${JSON.stringify(where)}`;
    let loader = this.counts.get(name);
    if (!loader) {
      const prop = this.em.getMetadata().get(nameOf(entity)).properties[foreignKey as never] as { type: string; fieldNames: string[] };
      const rule = this.scope(prop.type) as object;
      const scoped = Object.keys(rule).length ? [{ [foreignKey]: rule }] : [];
      const column = prop.fieldNames[0];
      loader = new DataLoader<string, number>(async (keys) => {
        const rows: { k: string; n: number | string }[] = await (this.em as SqlEntityManager).createQueryBuilder(entity, 'e')
          .select([raw(`e.${column} as k`), raw('count(*) as n')])
          .where({ $and: [{ [foreignKey]: { $in: [...keys] } }, ...scoped, where] } as never)
          .groupBy(raw(`e.${column}`))
          .execute('all', false);
        const found = new Map(rows.map((r) => [String(r.k), Number(r.n)]));
        return keys.map((k) => found.get(k) ?? 0);
      });
      this.counts.set(name, loader);
    }
    return loader;
  }
}
