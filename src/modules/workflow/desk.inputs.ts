import { Field, ID, InputType, Int } from 'type-graphql';
import { EscalationReason, EscalationStatus } from '../../common/enums';

/** The organization department's desk: escalations and overrides. Moves name the demand item version read. */

@InputType()
export class EscalationFilter {
  @Field(() => EscalationReason, { nullable: true }) reason?: EscalationReason | null;
  @Field(() => ID, { nullable: true }) countyId?: string | null;
  @Field(() => EscalationStatus, { nullable: true, description: 'Default OPEN' }) status?: EscalationStatus | null;
  @Field(() => Date, { nullable: true, description: 'Escalated before this time (the old ones)' }) escalatedBefore?: Date | null;
}

@InputType({ description: 'Assign an escalated (or leader-held) demand by hand to a department, optionally to one of its supply items (whose capacity it then uses)' })
export class AssignByHandInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) departmentId!: string;
  @Field(() => ID, { nullable: true }) supplyItemId?: string | null;
  @Field(() => String, { description: 'Why (shown on the assignment and the timeline)' }) note!: string;
}

@InputType({ description: '暂不具备条件: keep it on file (暂缓办理台账) with an explanation the township reads and a review date' })
export class DeferDemandInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) explanation!: string;
  @Field(() => String, {
    nullable: true,
    description: '复核日期, YYYY-MM-DD: required, after today and at most two years (730 days) ahead; missing or out of range → BAD_USER_INPUT (field input.reviewDate)',
  })
  reviewDate?: string | null;
}

@InputType({ description: '领导领办: a named leader takes the item, with a due date' })
export class HandToLeaderInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) leaderName!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType({ description: '建议派单: place an escalated demand on the item the engine suggested (its open escalation\'s suggestion), as a hand assignment' })
export class AcceptSuggestionInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'Why (default: 采纳系统建议派单)' }) note?: string | null;
}

@InputType({ description: 'Conditions changed: a DEFERRED item goes back to the desk (ESCALATED)' })
export class ResumeDemandInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) note!: string;
}

@InputType({ description: '督办: chase a late or stuck item' })
export class SuperviseInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => String) note!: string;
}

@InputType({ description: 'The leader who took an item (LEADERSHIP) records it done (COMPLETED); the township then rates it' })
export class CompleteByLeaderInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) resultNote!: string;
}
