import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Role } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';

/** 匹配批次: one execution of the engine over a campaign and a region, with its figures. */
@ObjectType({ description: '匹配批次' })
@Entity({ tableName: 'match_run' })
@Index({ properties: ['campaign', 'startedAt'] })
export class MatchRun extends BaseEntity<'region' | 'startedBy' | 'startedByRole'> {
  @ManyToOne({ entity: () => Campaign, deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  /** The region whose open demands were placed; none for the whole campaign. */
  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  region?: Rel<Region> | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  startedBy?: Rel<User> | null;

  @Property({ type: 'string', length: 30, nullable: true })
  startedByRole?: Role | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  startedAt!: Date;

  @Field(() => Date)
  @Property({ type: 'Date' })
  finishedAt!: Date;

  @Field(() => String, { description: 'SHA-256 of the inputs: the open demands, the supply items and the live assignments, each with its version' })
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Field(() => Float, { description: 'Minimum text relevance for a pair to be eligible' })
  @Property({ type: 'double' })
  threshold!: number;

  @Field(() => Int, { description: 'Open demands the run considered' })
  @Property({ type: 'integer' })
  considered!: number;

  @Field(() => Int, { description: 'Live assignments kept as they were (counted against capacity)' })
  @Property({ type: 'integer' })
  pinned!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  placedCounty!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  placedCity!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  escalated!: number;

  @Field(() => Int, { description: 'VULNERABLE and URGENT demands placed' })
  @Property({ type: 'integer' })
  priorityPlaced!: number;

  @Field(() => Float, { description: 'Sum of the scores of the new assignments' })
  @Property({ type: 'double' })
  totalScore!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  eligiblePairs!: number;

  /** Escalations by reason code. */
  @Property({ type: 'json' })
  escalatedByReason!: Record<string, number>;

  @Field(() => Int, { description: 'Time the engine took, in milliseconds' })
  @Property({ type: 'integer' })
  engineMs!: number;
}
