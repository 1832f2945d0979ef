import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Department } from '../department/department.entity';
import { CommitmentItem, CommitmentList, CommitmentListStatus, CommitmentNote, CommitmentStatus } from './commitment.entity';
import { AddCommitmentItemInput, CommitmentListFilter, CompleteCommitmentItemInput, CreateCommitmentListInput, RecordCommitmentProgressInput } from './commitment.inputs';
import * as commitments from './commitment.service';

export const CommitmentListConnection = Connection(CommitmentList, 'CommitmentList');

@ObjectType({ description: 'One department\'s commitment list of a year, in figures' })
export class CommitmentSummaryRow {
  @Field(() => ID, { description: 'The department (empty on the total row)' }) departmentId!: string;
  @Field(() => String) departmentName!: string;
  @Field(() => ID, { nullable: true, description: 'Its list of the year; none if it has not made one' }) listId!: string | null;
  @Field(() => String, { nullable: true }) listTitle!: string | null;
  @Field(() => CommitmentListStatus, { nullable: true }) listStatus!: CommitmentListStatus | null;
  @Field(() => Int) items!: number;
  @Field(() => Int, { description: 'Not started' }) planned!: number;
  @Field(() => Int, { description: 'Under way' }) inProgress!: number;
  @Field(() => Int) done!: number;
  @Field(() => Int, { description: 'Deadline passed, not done' }) overdue!: number;
}

@ObjectType({ description: '办实事清单 report: per department of the region, its list of the year in figures' })
export class CommitmentReport {
  @Field(() => Int) year!: number;
  @Field(() => [CommitmentSummaryRow], { description: 'Departments with a list first (most overdue at the top), then those without' }) departments!: CommitmentSummaryRow[];
  @Field(() => CommitmentSummaryRow) total!: CommitmentSummaryRow;
}

@ObjectType({ description: 'A commitment list\'s items in figures' })
export class CommitmentCounts {
  @Field(() => Int) items!: number;
  @Field(() => Int) planned!: number;
  @Field(() => Int) inProgress!: number;
  @Field(() => Int) done!: number;
  @Field(() => Int) overdue!: number;
}

const today = (ctx: Context) => ctx.clock.now().toISOString().slice(0, 10);

@Resolver(() => CommitmentList)
export class CommitmentListResolver {
  @Authorized()
  @Query(() => CommitmentListConnection, {
    description: '办实事清单 you may read: a department its own (drafts too), an organization department its region\'s, a township or volunteer the published lists of the departments serving its region',
  })
  commitmentLists(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => CommitmentListFilter, { nullable: true }) filter?: CommitmentListFilter) {
    return commitments.listCommitmentLists(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => CommitmentList)
  commitmentList(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return commitments.getCommitmentList(ctx, id);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => CommitmentReport, { description: '办实事清单 report of a year: per department of your region (or of regionId inside it) its items, planned, under way, done and overdue' })
  async commitmentReport(@Ctx() ctx: Context, @Arg('year', () => Int) year: number, @Arg('regionId', () => ID, { nullable: true }) regionId?: string): Promise<CommitmentReport> {
    return { year, ...(await commitments.commitmentReport(ctx, year, regionId)) };
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => CommitmentList, { description: 'Start your department\'s commitment list for a year (one per year), a draft' })
  createCommitmentList(@Ctx() ctx: Context, @Arg('input', () => CreateCommitmentListInput) input: CreateCommitmentListInput) {
    return commitments.createCommitmentList(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => CommitmentList, { description: 'DRAFT → PUBLISHED: the townships it serves and the organization department read it' })
  publishCommitmentList(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('version', () => Int, { nullable: true }) version?: number) {
    return commitments.publishCommitmentList(ctx, id, version);
  }

  @FieldResolver(() => Department)
  department(@Root() list: CommitmentList, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Department).load(list.department.id).then((d) => d!);
  }

  @FieldResolver(() => [CommitmentItem], { description: 'Its items, in the order added' })
  items(@Root() list: CommitmentList, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(CommitmentItem, 'list').load(list.id);
  }

  @FieldResolver(() => CommitmentCounts, { description: 'Its items in figures; overdue: deadline passed, not done' })
  async counts(@Root() list: CommitmentList, @Ctx() ctx: Context): Promise<CommitmentCounts> {
    const items = await ctx.loaders.manyBy(CommitmentItem, 'list').load(list.id);
    const t = today(ctx);
    return {
      items: items.length, planned: items.filter((i) => i.status === CommitmentStatus.PLANNED).length,
      inProgress: items.filter((i) => i.status === CommitmentStatus.IN_PROGRESS).length, done: items.filter((i) => i.status === CommitmentStatus.DONE).length,
      overdue: items.filter((i) => commitments.isOverdue(i, t)).length,
    };
  }
}

@Resolver(() => CommitmentItem)
export class CommitmentItemResolver {
  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => CommitmentItem, { description: 'Add a promise to your list (draft or published), with a deadline in the list\'s year' })
  addCommitmentItem(@Ctx() ctx: Context, @Arg('input', () => AddCommitmentItemInput) input: AddCommitmentItemInput) {
    return commitments.addCommitmentItem(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => CommitmentItem, { description: '推进情况: a progress note on an item of your published list (→ IN_PROGRESS)' })
  recordCommitmentProgress(@Ctx() ctx: Context, @Arg('input', () => RecordCommitmentProgressInput) input: RecordCommitmentProgressInput) {
    return commitments.recordCommitmentProgress(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => CommitmentItem, { description: '办结: an item of your published list is done (→ DONE), with what was done' })
  completeCommitmentItem(@Ctx() ctx: Context, @Arg('input', () => CompleteCommitmentItemInput) input: CompleteCommitmentItemInput) {
    return commitments.completeCommitmentItem(ctx, input);
  }

  @FieldResolver(() => CommitmentList)
  list(@Root() item: CommitmentItem, @Ctx() ctx: Context) {
    return ctx.loaders.byId(CommitmentList).load(item.list.id).then((l) => l!);
  }

  @FieldResolver(() => Boolean, { description: '逾期: the deadline has passed and it is not done' })
  overdue(@Root() item: CommitmentItem, @Ctx() ctx: Context) {
    return commitments.isOverdue(item, today(ctx));
  }

  @FieldResolver(() => [CommitmentNote], { description: '推进记录: its progress lines, oldest first' })
  notes(@Root() item: CommitmentItem, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(CommitmentNote, 'item').load(item.id);
  }
}
