import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';

/** 活动周期: a named cycle with dates; every list belongs to one. Dates are YYYY-MM-DD. */
@ObjectType({ description: '活动周期' })
@Entity({ tableName: 'campaign' })
export class Campaign extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10 })
  startsOn!: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10 })
  endsOn!: string;
}
