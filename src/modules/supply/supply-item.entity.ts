import { Entity, Enum, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Category, ServiceForm } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyList } from './supply-list.entity';

/**
 * 服务项目: one item on a department's supply list, with the four clarities (四个明确):
 * responsible leader, service item, service forms, contact person.
 */
@ObjectType({ description: '服务项目' })
@Entity({ tableName: 'supply_item' })
@Index({ properties: ['campaign', 'category'] })
@Unique({ properties: ['list', 'importKey'] })
export class SupplyItem extends BaseEntity<'version' | 'windowStart' | 'windowEnd' | 'leaderTitle' | 'importKey'> {
  @ManyToOne({ entity: () => SupplyList, deleteRule: 'cascade' })
  list!: Rel<SupplyList>;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  @ManyToOne({ entity: () => Department, deleteRule: 'restrict' })
  department!: Rel<Department>;

  /** The department's region (the city or a county), kept for filtering. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  region!: Rel<Region>;

  @Field(() => Category)
  @Enum({ items: () => Category, type: 'string' })
  category!: Category;

  @Field(() => String, { description: '服务项目' })
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  description!: string;

  @Field(() => [ServiceForm], { description: '服务形式' })
  @Property({ type: 'json' })
  forms!: ServiceForm[];

  @Field(() => String, { description: '责任领导' })
  @Property({ type: 'string', length: 50 })
  leaderName!: string;

  @Field(() => String, { description: '责任领导职务' })
  @Property({ type: 'string', length: 50 })
  leaderTitle: string = '';

  @Field(() => String, { description: '联络人' })
  @Property({ type: 'string', length: 50 })
  contactName!: string;

  @Field(() => String, { description: '联络人电话' })
  @Property({ type: 'string', length: 20 })
  contactPhone!: string;

  @Field(() => Int, { description: 'How many demands this item can serve in the campaign' })
  @Property({ type: 'integer' })
  capacity!: number;

  /** Ids of the regions served (CITY, COUNTY or TOWNSHIP); a region covers its subtree. */
  @Property({ type: 'json' })
  coverage!: string[];

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 10, nullable: true })
  windowStart?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 10, nullable: true })
  windowEnd?: string | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;

  /** The row it came from in an imported spreadsheet (the file's own 编号, or a hash of department and content): a re-import finds it. */
  @Property({ type: 'string', length: 80, nullable: true })
  importKey?: string | null;
}
