import { Field, ID, InputType, Int } from 'type-graphql';
import { AssignmentStatus, Rating } from '../../common/enums';

/** Every move names the version the caller last saw: a change made meanwhile is refused (CONFLICT). */

@InputType({ description: '接单: take the order, with a committed completion date and the person in charge' })
export class AcceptAssignmentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The assignment version you read' }) version!: number;
  @Field(() => String, { description: '承诺办结时限, YYYY-MM-DD, not before today' }) committedDate!: string;
  @Field(() => String, { description: 'Who carries it out' }) personInCharge!: string;
}

@InputType({ description: 'Decline an assignment with a reason: the capacity returns and the demand is placed again at once, or escalated' })
export class DeclineAssignmentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) reason!: string;
}

@InputType({ description: 'A progress report; for a reopened item it also sets the new committed date' })
export class ReportProgressInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) note!: string;
  @Field(() => [String], { nullable: true, description: 'Links to photos or documents (http or https), at most 10' }) links?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A new committed date, YYYY-MM-DD (required after a reopening)' }) committedDate?: string | null;
}

@InputType({ description: '办结: the work is done' })
export class CompleteAssignmentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'What was done' }) resultNote!: string;
  @Field(() => Int, { description: 'People served' }) peopleServed!: number;
}

@InputType({ description: '评单: the township rates a COMPLETED item; the top three levels close it (销号), the bottom two reopen it' })
export class RateServiceInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int, { description: 'The demand item version you read' }) version!: number;
  @Field(() => Rating) rating!: Rating;
  @Field(() => String, { description: 'What the villagers said; the department reads it' }) comment!: string;
}

@InputType()
export class AssignmentFilter {
  @Field(() => AssignmentStatus, { nullable: true }) status?: AssignmentStatus | null;
  @Field(() => Date, { nullable: true, description: 'Dispatched at or after this time (the "new assignments" list)' }) dispatchedSince?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Changed at or after this time' }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true, description: 'One department (organization departments and admins)' }) departmentId?: string | null;
}
