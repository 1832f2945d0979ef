import type { EntityManager, EntityName } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { BaseEntity } from './base.entity';

type AnyEntity = BaseEntity<string>;

/**
 * Per-request DataLoaders: every to-one field goes through `byId`, every to-many field through
 * `manyBy`, so a list of N rows costs one statement per relation, whatever N is.
 */
export class Loaders {
  private readonly one = new Map<unknown, DataLoader<string, unknown>>();
  private readonly many = new Map<string, DataLoader<string, unknown[]>>();

  constructor(private readonly em: EntityManager) {}

  byId<T extends AnyEntity>(entity: EntityName<T>): DataLoader<string, T | null> {
    let loader = this.one.get(entity) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T | null>(async (ids) => {
        const rows = await this.em.find(entity, { id: { $in: [...ids] } } as never);
        const found = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => found.get(id) ?? null);
      });
      this.one.set(entity, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** Rows of `entity` whose `foreignKey` is one of the keys, grouped by key, ordered by id. */
  manyBy<T extends AnyEntity>(entity: EntityName<T>, foreignKey: keyof T & string): DataLoader<string, T[]> {
    const name = `${typeof entity === 'string' ? entity : (entity as { name: string }).name}.${foreignKey}`;
    let loader = this.many.get(name) as DataLoader<string, T[]> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T[]>(async (keys) => {
        const rows = await this.em.find(entity, { [foreignKey]: { $in: [...keys] } } as never, { orderBy: { id: 'asc' } as never });
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
