import { Field, ID, InputType, Int } from 'type-graphql';
import { CommitmentListStatus } from './commitment.entity';

/** 办实事清单: what a department publisher sends. Moves on an item name the version read. */

@InputType({ description: 'Start your department\'s commitment list (办实事清单) for a year' })
export class CreateCommitmentListInput {
  @Field(() => Int, { description: 'This year or the next' }) year!: number;
  @Field(() => String, { nullable: true, description: 'Default: 〈部门〉〈year〉年办实事清单' }) title?: string | null;
}

@InputType({ description: 'One promise: what, and by when' })
export class AddCommitmentItemInput {
  @Field(() => ID) listId!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true, description: 'What will be done, for whom, how' }) detail?: string | null;
  @Field(() => String, { description: '完成时限, YYYY-MM-DD: from today to the end of the list\'s year' }) deadline!: string;
}

@InputType({ description: '推进情况: a progress note (PLANNED or IN_PROGRESS → IN_PROGRESS), on a published list' })
export class RecordCommitmentProgressInput {
  @Field(() => ID) itemId!: string;
  @Field(() => Int, { description: 'The item\'s version you read' }) version!: number;
  @Field(() => String) note!: string;
}

@InputType({ description: '办结: the item is done (→ DONE), with what was done' })
export class CompleteCommitmentItemInput {
  @Field(() => ID) itemId!: string;
  @Field(() => Int, { description: 'The item\'s version you read' }) version!: number;
  @Field(() => String) completionNote!: string;
}

@InputType()
export class CommitmentListFilter {
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => CommitmentListStatus, { nullable: true }) status?: CommitmentListStatus | null;
}
