import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Role } from '../../common/enums';
import { DemandItem } from '../demand/demand-item.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { User } from '../user/user.entity';

/**
 * 办理记录: one line of a timeline — who did what, when. A demand item's events are its
 * closed-loop history; a supply item's record every change made after publication.
 */
@ObjectType({ description: '办理记录' })
@Entity({ tableName: 'event' })
export class Event extends BaseEntity<'fromStatus' | 'toStatus' | 'note' | 'data' | 'actor' | 'actorRole'> {
  @ManyToOne({ entity: () => DemandItem, nullable: true, deleteRule: 'cascade' })
  demandItem?: Rel<DemandItem> | null;

  @ManyToOne({ entity: () => SupplyItem, nullable: true, deleteRule: 'cascade' })
  supplyItem?: Rel<SupplyItem> | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  actor?: Rel<User> | null;

  @Field(() => Role, { nullable: true })
  @Enum({ items: () => Role, type: 'string', nullable: true })
  actorRole?: Role | null;

  /** What happened, e.g. SUBMITTED, WITHDRAWN, CAPACITY_CHANGED. */
  @Field(() => String)
  @Property({ type: 'string', length: 40 })
  action!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 20, nullable: true })
  fromStatus?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 20, nullable: true })
  toStatus?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** Structured details (the fields changed, old and new values). */
  @Property({ type: 'json', nullable: true })
  data?: Record<string, unknown> | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  at!: Date;
}
