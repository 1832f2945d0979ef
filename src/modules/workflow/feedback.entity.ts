import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Rating } from '../../common/enums';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { User } from '../user/user.entity';

/** 评价: the township's rating of a completed service, with its comment. An item reopened and completed again is rated again. */
@ObjectType({ description: '评价' })
@Entity({ tableName: 'feedback' })
// A demand's latest rating (highest id) in one probe: the demand facts read it.
@Index({ properties: ['demandItem', 'id'] })
export class Feedback extends BaseEntity<'ratedBy' | 'assignment'> {
  /** The service rated; none for an item a leader carried out (领导领办). */
  @ManyToOne({ entity: () => Assignment, nullable: true, deleteRule: 'cascade' })
  assignment?: Rel<Assignment> | null;

  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  demandItem!: Rel<DemandItem>;

  @Field(() => Rating)
  @Enum({ items: () => Rating, type: 'string' })
  rating!: Rating;

  @Field(() => String)
  @Property({ type: 'text' })
  comment!: string;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  ratedBy?: Rel<User> | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  at!: Date;
}
