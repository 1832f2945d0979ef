import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { RegionLevel } from '../../common/enums';

/** 行政区划: CITY > COUNTY > TOWNSHIP > VILLAGE. The id is the official division code where known. */
@ObjectType({ description: '行政区划' })
@Entity({ tableName: 'region' })
export class Region extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => RegionLevel)
  @Enum({ items: () => RegionLevel, type: 'string' })
  level!: RegionLevel;

  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Region> | null;

  /** Ids from the root down to this region, each followed by "/": a subtree is a prefix. */
  @Index()
  @Property({ type: 'string', length: 400 })
  path!: string;
}
