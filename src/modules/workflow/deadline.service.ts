import type { FilterQuery } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../context';
import { AssignmentStatus, DemandStatus, EscalationStatus, Role } from '../../common/enums';
import { paginate, type PageArgs } from '../../common/pagination';
import { assignmentScope, escalationScope } from '../../auth/scope';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { Event } from './event.entity';

/**
 * Deadlines (two clocks, as on a service desk): a dispatched item must be accepted within the
 * configured days (response), an accepted one completed by its committed date (resolution), and
 * a leader-held one by the leader's due date. Time comes from the context's clock.
 */

export enum OverdueKind {
  /** Dispatched (or reopened) and not taken up within the configured days. */
  RESPONSE = 'RESPONSE',
  /** Accepted and not completed by the committed date. */
  RESOLUTION = 'RESOLUTION',
  /** Held by a leader past the due date. */
  LEADERSHIP = 'LEADERSHIP',
}

@ObjectType({ description: 'An item past one of its deadlines' })
export class OverdueItem {
  @Field(() => DemandItem)
  demandItem!: DemandItem;

  @Field(() => Assignment, { nullable: true })
  assignment?: Assignment | null;

  @Field(() => String, { description: 'RESPONSE, RESOLUTION or LEADERSHIP' })
  kind!: OverdueKind;

  @Field(() => String, { description: 'The deadline that passed, YYYY-MM-DD' })
  dueDate!: string;

  @Field(() => Int, { description: 'Whole days past it' })
  daysLate!: number;
}

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const daysBetween = (from: string, to: Date) => Math.floor((to.getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY);

/** Whether one assignment is past its deadline now (for the timeline a township reads). */
export function assignmentDeadline(ctx: Context, a: Assignment): { dueDate: string; overdue: boolean } | null {
  const now = ctx.clock.now();
  if (a.status === AssignmentStatus.MATCHED) {
    const due = new Date(a.dispatchedAt.getTime() + ctx.config.acceptWithinDays * DAY);
    return { dueDate: isoDate(due), overdue: now > due };
  }
  if ((a.status === AssignmentStatus.ACCEPTED || a.status === AssignmentStatus.IN_PROGRESS) && a.committedDate) {
    return { dueDate: a.committedDate, overdue: isoDate(now) > a.committedDate };
  }
  if (a.status === AssignmentStatus.IN_PROGRESS && a.reopenedAt) {
    // Reopened by a bad rating: the response clock runs from the reopening until a new date is set.
    const due = new Date(a.reopenedAt.getTime() + ctx.config.acceptWithinDays * DAY);
    return { dueDate: isoDate(due), overdue: now > due };
  }
  return null;
}

export async function overdue(ctx: Context, filter: { departmentId?: string | null; countyId?: string | null }): Promise<OverdueItem[]> {
  const now = ctx.clock.now();
  const today = isoDate(now);
  const responseCutoff = new Date(now.getTime() - ctx.config.acceptWithinDays * DAY);
  const where: FilterQuery<Assignment>[] = [assignmentScope(ctx.viewer!)];
  if (filter.departmentId) where.push({ department: filter.departmentId });
  if (filter.countyId) where.push({ demandItem: { county: filter.countyId } });
  const late = await ctx.em.find(Assignment, {
    $and: [...where, {
      $or: [
        { status: AssignmentStatus.MATCHED, dispatchedAt: { $lt: responseCutoff } },
        { status: { $in: [AssignmentStatus.ACCEPTED, AssignmentStatus.IN_PROGRESS] }, committedDate: { $lt: today } },
        { status: AssignmentStatus.IN_PROGRESS, committedDate: null, reopenedAt: { $lt: responseCutoff } },
      ],
    }],
  } as FilterQuery<Assignment>, { populate: ['demandItem'], orderBy: { id: 'asc' } });
  const items: OverdueItem[] = late.map((a) => {
    const deadline = assignmentDeadline(ctx, a)!;
    return {
      demandItem: a.demandItem as DemandItem, assignment: a, kind: a.committedDate ? OverdueKind.RESOLUTION : OverdueKind.RESPONSE,
      dueDate: deadline.dueDate, daysLate: daysBetween(deadline.dueDate, now),
    };
  });
  const viewer = ctx.viewer!;
  if ((viewer.role === Role.ORGANIZATION_DEPARTMENT || viewer.role === Role.ADMIN) && !filter.departmentId) {
    const held = await ctx.em.find(Escalation, {
      $and: [
        escalationScope(viewer),
        filter.countyId ? { demandItem: { county: filter.countyId } } : {},
        { status: EscalationStatus.RESOLVED, leaderDueDate: { $lt: today }, demandItem: { status: DemandStatus.LEADERSHIP } },
      ],
    } as FilterQuery<Escalation>, { populate: ['demandItem'], orderBy: { id: 'asc' } });
    for (const e of held) {
      items.push({ demandItem: e.demandItem as DemandItem, assignment: null, kind: OverdueKind.LEADERSHIP, dueDate: e.leaderDueDate!, daysLate: daysBetween(e.leaderDueDate!, now) });
    }
  }
  return items.sort((x, y) => y.daysLate - x.daysLate || (x.demandItem.id < y.demandItem.id ? -1 : 1));
}

/** Timeline lines on the items the caller may see, since a time: a township's "updates". */
export function updatesSince(ctx: Context, since: Date, page: PageArgs) {
  // The Event rule (paginate) leaves the lines of the demand items the caller may see.
  return paginate(ctx, Event, { at: { $gte: since }, demandItem: { $ne: null } }, page);
}
