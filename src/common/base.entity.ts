import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from './ids';

/**
 * Every table: a string id (ordered by code units), created and updated times.
 *
 * Times are `type: 'Date'`, never `'datetime'`: MikroORM compares a `Date` property by its value,
 * but a `'datetime'` one with a deep equality of the Date it loaded against the number SQLite
 * keeps, so every row loaded into an EntityManager looked changed and its next flush rewrote it,
 * `updatedAt` (and `version`) bumped (test/security/updated-at.test.ts). The column is the same.
 */

@ObjectType({ description: "Fields every record has" })
export abstract class BaseEntity<Optional = never> {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | Optional;

  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId();

  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
