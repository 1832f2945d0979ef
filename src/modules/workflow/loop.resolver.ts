import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { PageArgs } from '../../common/pagination';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { AssignmentConnection } from '../matching/matching.resolver';
import { User } from '../user/user.entity';
import { Feedback } from './feedback.entity';
import {
  AcceptAssignmentInput, AssignmentFilter, CompleteAssignmentInput, DeclineAssignmentInput, RateServiceInput, ReportProgressInput,
} from './loop.inputs';
import * as loop from './loop.service';

@Resolver(() => Assignment)
export class LoopResolver {
  @Authorized()
  @Query(() => AssignmentConnection, { description: "Assignments the caller may see: a department its own (its work list), an organization department its region's, a township its items'" })
  assignments(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => AssignmentFilter, { nullable: true }) filter?: AssignmentFilter) {
    return loop.listAssignments(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => Assignment)
  assignment(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return loop.getAssignment(ctx, id);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => Assignment, { description: '接单 (MATCHED → ACCEPTED)' })
  acceptAssignment(@Ctx() ctx: Context, @Arg('input', () => AcceptAssignmentInput) input: AcceptAssignmentInput) {
    return loop.acceptAssignment(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER)
  @Mutation(() => Assignment, { description: 'Decline (MATCHED): the declined assignment comes back; the demand is re-placed at once on the next-best eligible item, or escalated (see its demandItem)' })
  declineAssignment(@Ctx() ctx: Context, @Arg('input', () => DeclineAssignmentInput) input: DeclineAssignmentInput) {
    return loop.declineAssignment(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER, Role.VOLUNTEER)
  @Mutation(() => Assignment, { description: 'A progress report (ACCEPTED or IN_PROGRESS → IN_PROGRESS)' })
  reportProgress(@Ctx() ctx: Context, @Arg('input', () => ReportProgressInput) input: ReportProgressInput) {
    return loop.reportProgress(ctx, input);
  }

  @Authorized(Role.DEPARTMENT_PUBLISHER, Role.VOLUNTEER)
  @Mutation(() => Assignment, { description: '办结 (ACCEPTED or IN_PROGRESS → COMPLETED)' })
  completeAssignment(@Ctx() ctx: Context, @Arg('input', () => CompleteAssignmentInput) input: CompleteAssignmentInput) {
    return loop.completeAssignment(ctx, input);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER)
  @Mutation(() => DemandItem, { description: '评单: rate a COMPLETED item; the top three levels close it (CLOSED), the bottom two reopen it (IN_PROGRESS)' })
  rateService(@Ctx() ctx: Context, @Arg('input', () => RateServiceInput) input: RateServiceInput) {
    return loop.rateService(ctx, input);
  }

  @FieldResolver(() => [Feedback], { description: 'Ratings of this service, oldest first' })
  feedback(@Root() a: Assignment, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(Feedback, 'assignment').load(a.id);
  }
}

@Resolver(() => Feedback)
export class FeedbackResolver {
  @FieldResolver(() => User, { nullable: true })
  ratedBy(@Root() f: Feedback, @Ctx() ctx: Context) {
    return f.ratedBy ? ctx.loaders.byId(User).load(f.ratedBy.id) : null;
  }
}
