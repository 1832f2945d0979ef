import { Entity, Enum, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { SupplyListStatus } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';

/** 供给侧清单: one department's list for a campaign. DRAFT → PUBLISHED. */
@ObjectType({ description: '供给侧清单' })
@Entity({ tableName: 'supply_list' })
@Unique({ properties: ['campaign', 'department'] })
export class SupplyList extends BaseEntity<'status' | 'version'> {
  @ManyToOne({ entity: () => Campaign, deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  @ManyToOne({ entity: () => Department, deleteRule: 'restrict' })
  department!: Rel<Department>;

  /** The department's region (the city or a county), kept for filtering. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  region!: Rel<Region>;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => SupplyListStatus)
  @Enum({ items: () => SupplyListStatus, type: 'string' })
  status: SupplyListStatus = SupplyListStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  publishedAt?: Date | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
