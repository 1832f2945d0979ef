import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Category, DemandKind, DemandSource, DemandStatus, Priority, ServiceForm } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import type { Assignment } from '../matching/assignment.entity';
import { Region } from '../region/region.entity';
import type { Household } from '../household/household.entity';
import { DemandList } from './demand-list.entity';

/** 需求: one need on a township's demand list, and its place in the closed loop. */
@ObjectType({ description: '需求' })
@Entity({ tableName: 'demand_item' })
@Index({ properties: ['campaign', 'status'] })
@Unique({ properties: ['list', 'importKey'] })
export class DemandItem extends BaseEntity<'status' | 'version' | 'windowStart' | 'windowEnd' | 'village' | 'beneficiaries' | 'importKey' | 'household' | 'mergedInto' | 'trackingCode'> {
  @ManyToOne({ entity: () => DemandList, deleteRule: 'cascade' })
  list!: Rel<DemandList>;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  county!: Rel<Region>;

  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  village?: Rel<Region> | null;

  @Field(() => Category)
  @Enum({ items: () => Category, type: 'string' })
  category!: Category;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  content!: string;

  @Field(() => [ServiceForm], { description: 'Acceptable service forms' })
  @Property({ type: 'json' })
  forms!: ServiceForm[];

  @Field(() => String, { nullable: true, description: 'Wanted from, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10, nullable: true })
  windowStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Wanted until, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10, nullable: true })
  windowEnd?: string | null;

  @Field(() => Int, { description: 'People who benefit' })
  @Property({ type: 'integer' })
  beneficiaries: number = 0;

  @Field(() => Priority)
  @Enum({ items: () => Priority, type: 'string' })
  priority!: Priority;

  @Field(() => DemandKind)
  @Enum({ items: () => DemandKind, type: 'string' })
  kind!: DemandKind;

  @Field(() => DemandSource)
  @Enum({ items: () => DemandSource, type: 'string' })
  source!: DemandSource;

  @Field(() => DemandStatus)
  @Enum({ items: () => DemandStatus, type: 'string' })
  status: DemandStatus = DemandStatus.DRAFT;

  @Field(() => Date, { nullable: true, description: 'When it was submitted: with its list, or on its own as a late item (补报)' })
  @Property({ type: 'Date', nullable: true })
  submittedAt?: Date | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;

  /**
   * 查询码: given when the demand is submitted (with its list, as a late item 补报, or as a common
   * demand), printed on the township's copy; anyone looks its progress up by it at GET /track/CODE,
   * without signing in, and sees nothing personal (src/modules/tracking/). Random, not derived from the id.
   */
  @Field(() => String, { nullable: true, description: '查询码 (PC-XXXX-XXXX-XX): look its progress up without signing in at /track/CODE; given when it is submitted' })
  @Property({ type: 'string', length: 20, nullable: true, unique: true })
  trackingCode?: string | null;

  /** The household whose visit raised it (入户走访), for the township and the organization departments over it. */
  @ManyToOne({ entity: 'Household', nullable: true, deleteRule: 'set null' })
  household?: Rel<Household> | null;

  /**
   * The demand it was merged into (合并): a duplicate into the one kept, several villages' need into
   * the common demand (共性问题) that serves them all. The merged one is WITHDRAWN and stays, linked.
   */
  @ManyToOne({ entity: () => DemandItem, nullable: true, deleteRule: 'set null' })
  mergedInto?: Rel<DemandItem> | null;

  /** The demands merged into this one; GraphQL reads them through loaders. */
  @OneToMany({ entity: () => DemandItem, mappedBy: 'mergedInto' })
  mergedFrom = new Collection<DemandItem>(this);

  /** The row it came from in an imported spreadsheet (the file's own 编号, or a hash of township and content): a re-import finds it. */
  @Property({ type: 'string', length: 80, nullable: true })
  importKey?: string | null;

  /** Its assignments, for filters only ("items assigned to this department"); GraphQL reads them through loaders. */
  @OneToMany({ entity: 'Assignment', mappedBy: 'demandItem' })
  assignmentRows = new Collection<Assignment>(this);
}
