import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DemandStatus, Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { DemandItem } from '../demand/demand-item.entity';
import { Region } from '../region/region.entity';
import { AgendaSection, JointMeeting, MeetingDecision } from './joint-meeting.entity';
import {
  canCorrect, correctJointMeeting, DECISION_LENGTH, FIRST_MEETING_DAYS, getJointMeeting, listJointMeetings, MAX_DECISIONS, meetingAgenda, recordJointMeeting, STUCK_DAYS,
} from './meetings.service';

@ObjectType({ description: 'One item of a joint meeting\'s agenda: the demand, why it is on the agenda, its state, department and dates' })
export class AgendaEntry {
  @Field(() => DemandItem) demandItem!: DemandItem;
  @Field(() => AgendaSection, { description: 'The section it is discussed under: the first that applies of OVERDUE, STUCK, DECLINED, ESCALATED, UNRATED, RECONCILE, NEW' })
  section!: AgendaSection;
  @Field(() => [AgendaSection], { description: 'Every section that applies, in the agenda\'s order' }) reasons!: AgendaSection[];
  @Field(() => DemandStatus) status!: DemandStatus;
  @Field(() => String, { nullable: true, description: 'The department (or volunteer\'s unit) it is with' }) departmentName!: string | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The deadline running now (to accept, the committed date, a leader\'s due date), YYYY-MM-DD' }) dueDate!: string | null;
  @Field(() => Int, { description: 'Whole days past it (0 when not overdue)' }) daysLate!: number;
  @Field(() => Date, { nullable: true, description: 'Its last timeline line' }) lastMovedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was completed or closed' }) doneAt!: Date | null;
}

@ObjectType({ description: '联席会议议程: built from the data for a township (or one village) and a date' })
export class MeetingAgenda {
  @Field(() => Region) township!: Region;
  @Field(() => Region, { nullable: true }) village!: Region | null;
  @Field(() => String, { description: 'The meeting\'s date' }) date!: string;
  @Field(() => Date, { description: `"New" and "done since" count from here: the last meeting's recording, or ${FIRST_MEETING_DAYS} days before the date when there was none` })
  since!: Date;
  @Field(() => JointMeeting, { nullable: true, description: 'The last meeting of the same township (or village) before the date' }) lastMeeting!: JointMeeting | null;
  @Field(() => Int, { description: 'An open item with no timeline line for this many days is stuck (长期无进展)' }) stuckDays!: number;
  @Field(() => [AgendaEntry], { description: 'In the sections\' order; within one, the most days late first, then by id' }) entries!: AgendaEntry[];
}

export const JointMeetingConnection = Connection(JointMeeting, 'JointMeeting');

@InputType({ description: 'The decision on one agenda item' })
export class MeetingDecisionInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => String, { nullable: true, description: `会议决定, up to ${DECISION_LENGTH} characters; empty or none: noted, nothing decided` }) decision?: string | null;
}

@InputType({ description: 'The minutes of a held joint meeting' })
export class RecordJointMeetingInput {
  @Field(() => ID) townshipId!: string;
  @Field(() => ID, { nullable: true, description: 'One village\'s meeting; none: the township\'s' }) villageId?: string | null;
  @Field(() => String, { description: 'The meeting\'s date, YYYY-MM-DD: today or in the past year' }) heldOn!: string;
  @Field(() => String, { description: '会议地点, up to 100 characters' }) place!: string;
  @Field(() => String, { description: '参会人员: names with their units, free text, up to 2000 characters' }) attendees!: string;
  @Field(() => String, { nullable: true, description: '下次会议日期, YYYY-MM-DD, after this one and within a year' }) nextMeetingOn?: string | null;
  @Field(() => [MeetingDecisionInput], { nullable: true, description: `Decisions on items of the agenda (at most ${MAX_DECISIONS}); the items without one are kept as noted` })
  decisions?: MeetingDecisionInput[] | null;
}

@InputType({ description: 'A correction of recorded minutes, by their author, before the next meeting is recorded' })
export class CorrectJointMeetingInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you read: if the minutes changed meanwhile, CONFLICT' }) version!: number;
  @Field(() => String, { nullable: true }) place?: string | null;
  @Field(() => String, { nullable: true }) attendees?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; an empty string clears it; left out: unchanged' }) nextMeetingOn?: string | null;
  @Field(() => [MeetingDecisionInput], { nullable: true, description: 'Changed decisions (a new 会议决定（更正） line on each item\'s timeline); others unchanged' })
  decisions?: MeetingDecisionInput[] | null;
}

@Resolver(() => JointMeeting)
export class JointMeetingResolver {
  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => MeetingAgenda, { description: '联席会议议程 of a township (or one of its villages) for a date, built from the data: new, overdue, stuck, declined, escalated, completed and not rated, and done since the last meeting (对账销号)' })
  async meetingAgenda(
    @Ctx() ctx: Context,
    @Arg('townshipId', () => ID) townshipId: string,
    @Arg('date', () => String, { description: 'YYYY-MM-DD' }) date: string,
    @Arg('villageId', () => ID, { nullable: true }) villageId?: string,
  ): Promise<MeetingAgenda> {
    return { ...(await meetingAgenda(ctx, townshipId, villageId, date)), stuckDays: STUCK_DAYS };
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => JointMeetingConnection, { description: 'Recorded joint meetings you may read (of one township when named), oldest first' })
  jointMeetings(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('townshipId', () => ID, { nullable: true }) townshipId?: string) {
    return listJointMeetings(ctx, townshipId, page);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => JointMeeting)
  jointMeeting(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return getJointMeeting(ctx, id);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT)
  @Mutation(() => JointMeeting, { description: 'Record a held joint meeting: the agenda as it stands, a decision per item (each a 会议决定 line on its timeline, no move), attendees and the next date' })
  recordJointMeeting(@Ctx() ctx: Context, @Arg('input', () => RecordJointMeetingInput) input: RecordJointMeetingInput) {
    return recordJointMeeting(ctx, input);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT)
  @Mutation(() => JointMeeting, { description: 'Correct recorded minutes: their author only, until the next meeting of the same township (or village) is recorded' })
  correctJointMeeting(@Ctx() ctx: Context, @Arg('input', () => CorrectJointMeetingInput) input: CorrectJointMeetingInput) {
    return correctJointMeeting(ctx, input);
  }

  @FieldResolver(() => Region)
  township(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(m.township.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  village(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return m.village ? ctx.loaders.byId(Region).load(m.village.id) : null;
  }

  @FieldResolver(() => [MeetingDecision], { description: 'The agenda as it stood, in its order, with the decisions' })
  decisions(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(MeetingDecision, 'meeting').load(m.id);
  }

  @FieldResolver(() => Int, { description: 'Items on its agenda' })
  entryCount(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return ctx.loaders.countBy(MeetingDecision, 'meeting', {}).load(m.id);
  }

  @FieldResolver(() => Int, { description: 'Of them, with a decision' })
  decisionCount(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return ctx.loaders.countBy(MeetingDecision, 'meeting', { decision: { $ne: null } }).load(m.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may still correct these minutes (their author, before the next meeting is recorded)' })
  canCorrect(@Root() m: JointMeeting, @Ctx() ctx: Context) {
    return canCorrect(ctx, m);
  }
}

@Resolver(() => MeetingDecision)
export class MeetingDecisionResolver {
  @FieldResolver(() => DemandItem, { nullable: true })
  demandItem(@Root() d: MeetingDecision, @Ctx() ctx: Context) {
    return ctx.loaders.byId(DemandItem).load(d.demandItem.id);
  }
}
