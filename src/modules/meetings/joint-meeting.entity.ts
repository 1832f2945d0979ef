import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { DemandStatus } from '../../common/enums';
import { DemandItem } from '../demand/demand-item.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';

/** Why a demand is on a joint meeting's agenda (联席会议议程的栏目), in the agenda's order. */
export enum AgendaSection {
  /** Submitted since the last meeting (or in the last 30 days when there was none). */
  NEW = 'NEW',
  /** Past a deadline (to accept, the committed date, a leader's due date). */
  OVERDUE = 'OVERDUE',
  /** Open, and no timeline line for STUCK_DAYS days. */
  STUCK = 'STUCK',
  /** A department declined it (退回) since the last meeting. */
  DECLINED = 'DECLINED',
  /** With the organization department: escalated, deferred, or held by a leader. */
  ESCALATED = 'ESCALATED',
  /** Completed by the department, not yet rated by the township. */
  UNRATED = 'UNRATED',
  /** 对账销号: completed or closed since the last meeting. */
  RECONCILE = 'RECONCILE',
}

export const AGENDA_SECTION_NAMES: Record<AgendaSection, string> = {
  NEW: '新增需求', OVERDUE: '超期未办', STUCK: '长期无进展', DECLINED: '部门退回', ESCALATED: '上报待协调（含暂缓、领导领办）',
  UNRATED: '办结待评价', RECONCILE: '对账销号',
};

registerEnumType(AgendaSection, {
  name: 'AgendaSection',
  description: '联席会议议程栏目',
  valuesConfig: Object.fromEntries(Object.entries(AGENDA_SECTION_NAMES).map(([k, v]) => [k, { description: v }])) as never,
});

/**
 * 联席会议: a township's (or one village's) periodic meeting — weekly in Sixian, monthly in
 * Jiuzhaigou — on the agenda the data gives, with a decision per item and the accounts reconciled
 * (对账销号). Kept as recorded; its author corrects it until the next meeting of the same township
 * or village is recorded.
 */
@ObjectType({ description: '联席会议纪要: a township\'s or a village\'s meeting, its agenda as it stood and the decisions taken' })
@Entity({ tableName: 'joint_meeting' })
@Unique({ properties: ['scopeKey', 'heldOn'] })
@Index({ properties: ['township', 'heldOn'] })
export class JointMeeting extends BaseEntity<'village' | 'nextMeetingOn' | 'recordedBy' | 'correctedAt' | 'version'> {
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  /** One village's meeting (嘎查村/社区); none: the whole township's. */
  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  village?: Rel<Region> | null;

  /** "township/village" (village empty for the township's): one meeting of a township or village a day. */
  @Property({ type: 'string', length: 90 })
  scopeKey!: string;

  @Field(() => String, { description: '会议日期, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10 })
  heldOn!: string;

  @Field(() => String, { description: '会议地点' })
  @Property({ type: 'string', length: 100 })
  place!: string;

  @Field(() => String, { description: '参会人员: names with their units, as written' })
  @Property({ type: 'text' })
  attendees!: string;

  @Field(() => String, { nullable: true, description: '下次会议日期, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10, nullable: true })
  nextMeetingOn?: string | null;

  @Field(() => Date, { description: 'The agenda covered what happened from this time: the previous meeting\'s recording, or 30 days before the meeting' })
  @Property({ type: 'Date' })
  agendaSince!: Date;

  @Field(() => Date, { description: 'When the minutes were recorded (the next meeting\'s agenda starts here)' })
  @Property({ type: 'Date' })
  recordedAt!: Date;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  recordedBy?: Rel<User> | null;

  @Field(() => String, { description: '记录人' })
  @Property({ type: 'string', length: 50 })
  recordedByName!: string;

  @Field(() => Date, { nullable: true, description: 'When its author last corrected it' })
  @Property({ type: 'Date', nullable: true })
  correctedAt?: Date | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @OneToMany({ entity: () => MeetingDecision, mappedBy: 'meeting' })
  decisionRows = new Collection<MeetingDecision>(this);
}

/**
 * One entry of a meeting's agenda as it stood when the minutes were recorded (the section, the
 * item's state, department and dates), and the decision taken on it, if any. A decision is also a
 * MEETING_DECISION line (会议决定) on the demand's timeline; it moves nothing.
 */
@ObjectType({ description: '会议议题: one agenda entry of a recorded meeting, as it stood, and its decision' })
@Entity({ tableName: 'meeting_decision' })
@Unique({ properties: ['meeting', 'demandItem'] })
export class MeetingDecision extends BaseEntity<'departmentName' | 'submittedAt' | 'dueDate' | 'daysLate' | 'lastMovedAt' | 'doneAt' | 'decision'> {
  @ManyToOne({ entity: () => JointMeeting, deleteRule: 'cascade' })
  meeting!: Rel<JointMeeting>;

  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  demandItem!: Rel<DemandItem>;

  @Field(() => AgendaSection, { description: 'The section it was discussed under (the first that applies, in the order OVERDUE, STUCK, DECLINED, ESCALATED, UNRATED, RECONCILE, NEW)' })
  @Enum({ items: () => AgendaSection, type: 'string' })
  section!: AgendaSection;

  @Field(() => [AgendaSection], { description: 'Every section that applied' })
  @Property({ type: 'json' })
  reasons!: AgendaSection[];

  @Field(() => DemandStatus, { description: 'Its state at the meeting' })
  @Enum({ items: () => DemandStatus, type: 'string' })
  status!: DemandStatus;

  @Field(() => String, { nullable: true, description: 'The department (or volunteer\'s unit) it was with' })
  @Property({ type: 'string', length: 200, nullable: true })
  departmentName?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  submittedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The deadline running then, YYYY-MM-DD' })
  @Property({ type: 'string', length: 10, nullable: true })
  dueDate?: string | null;

  @Field(() => Int, { description: 'Whole days past that deadline (0 when not overdue)' })
  @Property({ type: 'integer' })
  daysLate: number = 0;

  @Field(() => Date, { nullable: true, description: 'Its last timeline line before the meeting' })
  @Property({ type: 'Date', nullable: true })
  lastMovedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was completed or closed (for 办结待评价 and 对账销号)' })
  @Property({ type: 'Date', nullable: true })
  doneAt?: Date | null;

  @Field(() => String, { nullable: true, description: '会议决定 (none: noted, nothing decided)' })
  @Property({ type: 'text', nullable: true })
  decision?: string | null;
}
