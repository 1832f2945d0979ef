import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, PageArgs } from '../../common/pagination';
import { Assignment } from '../matching/assignment.entity';
import { assignmentDeadline, OverdueItem, overdue, updatesSince } from './deadline.service';
import { Event } from './event.entity';

export const EventConnection = Connection(Event, 'Event');

@InputType()
export class OverdueFilter {
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => ID, { nullable: true }) countyId?: string | null;
}

@Resolver(() => OverdueItem)
export class DeadlineResolver {
  @Authorized()
  @Query(() => [OverdueItem], {
    description: 'Items past a deadline, latest first: not accepted within the configured days, not completed by the committed date, or held by a leader past the due date. A department sees its own.',
  })
  overdue(@Ctx() ctx: Context, @Arg('filter', () => OverdueFilter, { nullable: true }) filter?: OverdueFilter) {
    return overdue(ctx, filter ?? {});
  }

  @Authorized()
  @Query(() => EventConnection, { description: 'Timeline lines on the items you may see, since a time, oldest first (a township\'s "updates")' })
  updates(@Ctx() ctx: Context, @Arg('since', () => Date) since: Date, @Args(() => PageArgs) page: PageArgs) {
    return updatesSince(ctx, since, page);
  }
}

@Resolver(() => Assignment)
export class AssignmentDeadlineResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The deadline running now: to accept (MATCHED) or the committed date (accepted)' })
  dueDate(@Root() a: Assignment, @Ctx() ctx: Context) {
    return assignmentDeadline(ctx, a)?.dueDate ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'Past the deadline running now' })
  overdue(@Root() a: Assignment, @Ctx() ctx: Context) {
    return assignmentDeadline(ctx, a)?.overdue ?? false;
  }
}
