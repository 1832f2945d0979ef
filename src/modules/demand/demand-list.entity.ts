import { Entity, Enum, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { DemandListStatus } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';

/** 需求侧清单: one township's list for a campaign. DRAFT → SUBMITTED (then read-only). */
@ObjectType({ description: '需求侧清单' })
@Entity({ tableName: 'demand_list' })
@Unique({ properties: ['campaign', 'township'] })
export class DemandList extends BaseEntity<'status' | 'version'> {
  @ManyToOne({ entity: () => Campaign, deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  /** The township's county, kept for filtering. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  county!: Rel<Region>;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => DemandListStatus)
  @Enum({ items: () => DemandListStatus, type: 'string' })
  status: DemandListStatus = DemandListStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  submittedAt?: Date | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  createdBy?: Rel<User> | null;

  @Field(() => Number)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
