import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { EscalationReason, EscalationStatus } from '../../common/enums';
import type { EscalationDetail } from '../../engine';
import { DemandItem } from '../demand/demand-item.entity';
import { MatchRun } from './match-run.entity';
import { User } from '../user/user.entity';

/**
 * 上报: a demand the engine could not place, handed to the organization department with the
 * reason. At most one is OPEN per demand: a later run that fails again updates it.
 */
@ObjectType({ description: '上报' })
@Entity({ tableName: 'escalation' })
@Index({ properties: ['demandItem', 'status'] })
@Index({ properties: ['status', 'reason'] })
// A demand's latest escalation (highest id) in one probe: the demand facts read it.
@Index({ properties: ['demandItem', 'id'] })
export class Escalation extends BaseEntity<'status' | 'version' | 'resolvedAt' | 'run' | 'lastRun' | 'deskNote' | 'leaderName' | 'leaderDueDate' | 'reviewDate' | 'deferredAt' | 'deferredBy'> {
  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  demandItem!: Rel<DemandItem>;

  /** The run that opened it; none when a decline left no other item to place it on. */
  @ManyToOne({ entity: () => MatchRun, nullable: true, deleteRule: 'restrict' })
  run?: Rel<MatchRun> | null;

  /** The latest run that tried again and failed (the reason and detail are its). */
  @ManyToOne({ entity: () => MatchRun, nullable: true, deleteRule: 'restrict' })
  lastRun?: Rel<MatchRun> | null;

  @Field(() => EscalationReason)
  @Enum({ items: () => EscalationReason, type: 'string' })
  reason!: EscalationReason;

  /** The engine's detail (EscalationDetail): every candidate and the rule that stopped it. */
  @Property({ type: 'json' })
  detail!: EscalationDetail;

  @Field(() => EscalationStatus)
  @Enum({ items: () => EscalationStatus, type: 'string' })
  status: EscalationStatus = EscalationStatus.OPEN;

  @Field(() => Date)
  @Property({ type: 'Date' })
  escalatedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The desk's explanation (DEFERRED: why conditions are lacking, for the township to read) or note" })
  @Property({ type: 'text', nullable: true })
  deskNote?: string | null;

  @Field(() => String, { nullable: true, description: '领导领办: the leader who took it' })
  @Property({ type: 'string', length: 50, nullable: true })
  leaderName?: string | null;

  @Field(() => String, { nullable: true, description: "The leader's due date, YYYY-MM-DD" })
  @Property({ type: 'string', length: 10, nullable: true })
  leaderDueDate?: string | null;

  /** 暂缓办理 (DEFERRED): when the desk looks at it again (复核日期), YYYY-MM-DD; cleared when it is resumed (src/modules/workflow/on-file.service.ts). */
  @Field(() => String, { nullable: true, description: '暂缓办理: the review date (复核日期) the desk set, YYYY-MM-DD; none unless the item is on file (DEFERRED)' })
  @Property({ type: 'string', length: 10, nullable: true })
  reviewDate?: string | null;

  @Field(() => Date, { nullable: true, description: '暂缓办理: when it was put on file' })
  @Property({ type: 'Date', nullable: true })
  deferredAt?: Date | null;

  /** Who put it on file (GraphQL: Escalation.deferredBy, under the accounts' row rule). */
  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  deferredBy?: Rel<User> | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
