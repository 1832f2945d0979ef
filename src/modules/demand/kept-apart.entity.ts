import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../common/base.entity';
import { Campaign } from '../campaign/campaign.entity';
import { DemandItem } from './demand-item.entity';

/**
 * 保留: two demands a person said are not the same need, though they read alike (an organizer's
 * "not a duplicate", an organization department's "not one common need"). The grouping never links
 * them again. `first` is the one with the smaller id.
 */
@Entity({ tableName: 'demand_kept_apart' })
@Unique({ properties: ['first', 'second'] })
@Index({ properties: ['campaign'] })
export class KeptApart extends BaseEntity {
  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Rel<Campaign>;

  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  first!: Rel<DemandItem>;

  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  second!: Rel<DemandItem>;

  @Property({ type: 'string', length: 40 })
  createdBy!: string;
}
