import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
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
}
