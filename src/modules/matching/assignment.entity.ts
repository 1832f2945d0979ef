import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { AssignmentStatus, AssignmentTier } from '../../common/enums';
import type { AssignmentExplanation } from '../../engine';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import type { User } from '../user/user.entity';
import { MatchRun } from './match-run.entity';

/**
 * 派单: a demand item given to a department's supply item, with why. Only the foreign keys are
 * indexed: a run inserts one row per demand, and every index is paid for on each.
 */
@ObjectType({ description: '派单' })
@Entity({ tableName: 'assignment' })
export class Assignment extends BaseEntity<
  'run' | 'supplyItem' | 'score' | 'explanation' | 'status' | 'version' | 'note' | 'committedDate' | 'personInCharge' | 'acceptedAt'
  | 'completedAt' | 'resultNote' | 'peopleServed' | 'closedAt' | 'reopenedAt' | 'volunteer'
> {
  // Indexed on PostgreSQL too (SQLite indexes every foreign key, PostgreSQL none): a demand's live assignment is looked up by it.
  @Index()
  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  demandItem!: Rel<DemandItem>;

  /** None when the desk assigned a department without naming one of its items. */
  @ManyToOne({ entity: () => SupplyItem, nullable: true, deleteRule: 'restrict' })
  supplyItem?: Rel<SupplyItem> | null;

  @ManyToOne({ entity: () => Department, deleteRule: 'restrict' })
  department!: Rel<Department>;

  /** 领办: the party member who claimed this micro-wish (tier VOLUNTEER); `department` is its home unit. */
  @ManyToOne({ entity: 'User', nullable: true, deleteRule: 'restrict' })
  volunteer?: Rel<User> | null;

  /** The matching run that made it; none for a hand assignment. */
  @ManyToOne({ entity: () => MatchRun, nullable: true, deleteRule: 'restrict' })
  run?: Rel<MatchRun> | null;

  @Field(() => AssignmentTier)
  @Enum({ items: () => AssignmentTier, type: 'string' })
  tier!: AssignmentTier;

  @Field(() => Float, { nullable: true, description: 'Engine score, 0..1 (none for a hand assignment)' })
  @Property({ type: 'double', nullable: true })
  score?: number | null;

  /** The engine's explanation (AssignmentExplanation), kept as it was written. */
  @Property({ type: 'json', nullable: true })
  explanation?: AssignmentExplanation | null;

  @Field(() => AssignmentStatus)
  @Enum({ items: () => AssignmentStatus, type: 'string' })
  status: AssignmentStatus = AssignmentStatus.MATCHED;

  @Field(() => Date, { description: '派单 time' })
  @Property({ type: 'Date' })
  dispatchedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why it was assigned by hand, or other remarks' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: '承诺办结时限: the date the department committed to, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10, nullable: true })
  committedDate?: string | null;

  @Field(() => String, { nullable: true, description: 'The person in charge of carrying it out' })
  @Property({ type: 'string', length: 50, nullable: true })
  personInCharge?: string | null;

  @Field(() => Date, { nullable: true, description: '接单 time' })
  @Property({ type: 'Date', nullable: true })
  acceptedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: '办结 time (the latest, if it was reopened)' })
  @Property({ type: 'Date', nullable: true })
  completedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'What was done (the latest completion)' })
  @Property({ type: 'text', nullable: true })
  resultNote?: string | null;

  @Field(() => Int, { nullable: true, description: 'People served' })
  @Property({ type: 'integer', nullable: true })
  peopleServed?: number | null;

  @Field(() => Date, { nullable: true, description: '销号 time' })
  @Property({ type: 'Date', nullable: true })
  closedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Reopened by a bad rating (the latest time): the response clock runs from here until a new committed date' })
  @Property({ type: 'Date', nullable: true })
  reopenedAt?: Date | null;

  @Field(() => Int, { description: 'Send it back with every change: a change made meanwhile by someone else is refused (CONFLICT)' })
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
