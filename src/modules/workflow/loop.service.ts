import { OptimisticLockError, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import type { Context } from '../../context';
import { AssignmentStatus, LIVE_ASSIGNMENT, Role, SATISFIED_RATINGS } from '../../common/enums';
import { badInput, conflict, forbidden, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { holdCampaign, replaceDeclined } from '../matching/matching.service';
import { advance, assignmentStatusFor, Move } from './demand-flow';
import { recordEvent } from './event.service';
import { Feedback } from './feedback.entity';
import type {
  AcceptAssignmentInput, AssignmentFilter, CompleteAssignmentInput, DeclineAssignmentInput, RateServiceInput, ReportProgressInput,
} from './loop.inputs';

/**
 * The closed loop after dispatch: the department accepts, reports progress and completes; the
 * township rates. Each move goes through the state machine (demand-flow.ts), checks the version
 * the caller read, and writes the assignment, the demand item and a timeline event in one
 * transaction; two moves racing on the same item cannot both win.
 */

const today = (ctx: Context) => ctx.clock.now().toISOString().slice(0, 10);

export function listAssignments(ctx: Context, filter: AssignmentFilter, page: PageArgs) {
  const where: FilterQuery<Assignment>[] = [];
  if (filter.status) where.push({ status: filter.status });
  if (filter.dispatchedSince) where.push({ dispatchedAt: { $gte: filter.dispatchedSince } });
  if (filter.updatedSince) where.push({ updatedAt: { $gte: filter.updatedSince } });
  if (filter.departmentId) where.push({ department: filter.departmentId });
  return paginate(ctx, Assignment, { $and: where } as FilterQuery<Assignment>, page);
}

export async function getAssignment(ctx: Context, id: string, field = 'id'): Promise<Assignment> {
  const a = await ctx.em.findOne(Assignment, visible(Assignment, ctx.viewer, { id }));
  if (!a) throw notFound('Assignment', id, field);
  return a;
}

/** Runs a move; a write that lost a race on the row's version becomes a CONFLICT error. */
export async function raceChecked<T>(move: () => Promise<T>): Promise<T> {
  try {
    return await move();
  } catch (e) {
    if (e instanceof OptimisticLockError) throw conflict('Someone else changed this item at the same moment: read it again and retry');
    throw e;
  }
}

function staleVersion(what: string, sent: number, current: number, state: string) {
  return conflict(`The ${what} changed since you read it (you sent version ${sent}; it is now version ${current}, ${state}): read it again and retry`);
}

const VOLUNTEER_MOVES = [Move.REPORT_PROGRESS, Move.COMPLETE, Move.RELEASE];

/** One department move on one of its own live assignments, in one transaction. */
async function departmentMove(
  ctx: Context,
  input: { id: string; version: number },
  move: Move,
  apply: (a: Assignment, item: DemandItem, em: EntityManager) => { note?: string | null; data?: Record<string, unknown> },
  finish?: (a: Assignment, item: DemandItem, em: EntityManager) => Promise<void>,
): Promise<Assignment> {
  const viewer = ctx.viewer!;
  // A volunteer reports on, completes or gives back the micro-wishes it claimed (领办); the rest is the departments'.
  const volunteer = viewer.role === Role.VOLUNTEER;
  if (viewer.role !== Role.DEPARTMENT_PUBLISHER && !(volunteer && VOLUNTEER_MOVES.includes(move))) {
    throw forbidden(`Only the department an item was assigned to can ${move} it; you are ${viewer.role}`);
  }
  if (move === Move.RELEASE && !volunteer) throw forbidden('Only the volunteer who claimed a micro-wish can give it back; a department declines (declineAssignment)');
  return raceChecked(async () => {
    const id = await ctx.em.fork().transactional(async (em) => {
      const a = await em.findOne(Assignment, { id: input.id }, { populate: ['demandItem'] });
      // Another department's (or volunteer's) assignment is answered as one that does not exist: a refusal must not confirm that it does.
      const own = a && (volunteer ? a.volunteer?.id === viewer.userId : a.department.id === viewer.departmentId && !a.volunteer);
      if (!a || !own) throw notFound('Assignment', input.id, 'input.id');
      if (a.version !== input.version) throw staleVersion('assignment', input.version, a.version, a.status);
      if (!LIVE_ASSIGNMENT.includes(a.status)) {
        throw invalidState(`This assignment is ${a.status}: no move is possible on it`, { field: 'input.id', state: a.status, allowed: [] });
      }
      const item = a.demandItem;
      await holdCampaign(em, item.campaign.id);
      const from = item.status;
      const to = advance(from, move, 'input.id');
      const { note, data } = apply(a, item, em);
      item.status = to;
      a.status = assignmentStatusFor(to) ?? a.status;
      recordEvent(em, ctx, { demandItem: item, action: move, from, to, note: note ?? null, data: { assignmentId: a.id, ...data } });
      await finish?.(a, item, em);
      return a.id;
    });
    return ctx.em.findOneOrFail(Assignment, { id }, { refresh: true });
  });
}

export function acceptAssignment(ctx: Context, input: AcceptAssignmentInput): Promise<Assignment> {
  const committedDate = v.dateAhead('input.committedDate', input.committedDate, today(ctx));
  const personInCharge = v.text('input.personInCharge', input.personInCharge, v.LIMITS.name);
  return departmentMove(ctx, input, Move.ACCEPT, (a) => {
    a.committedDate = committedDate;
    a.personInCharge = personInCharge;
    a.acceptedAt = ctx.clock.now();
    return { note: `承诺 ${committedDate} 前办结，责任人 ${personInCharge}`, data: { committedDate, personInCharge } };
  });
}

/** 退回领办: the volunteer gives a claimed wish back (ACCEPTED or IN_PROGRESS → SUBMITTED): the claim is cancelled and the wish is on the board again. */
export function releaseWish(ctx: Context, input: { id: string; version: number; reason: string }): Promise<Assignment> {
  const reason = v.multiline('input.reason', input.reason, 500);
  return departmentMove(ctx, input, Move.RELEASE, () => ({ note: `退回领办：${reason}` }), async (a) => {
    a.status = AssignmentStatus.CANCELLED;
    a.note = reason;
  });
}

export function declineAssignment(ctx: Context, input: DeclineAssignmentInput): Promise<Assignment> {
  const reason = v.multiline('input.reason', input.reason, 500);
  return departmentMove(ctx, input, Move.DECLINE, () => ({ note: reason }), async (a, item, em) => {
    // The capacity returns at once, and the demand goes to the next-best item or to the desk.
    a.status = AssignmentStatus.DECLINED;
    a.note = reason;
    const declined = await em.find(Assignment, { demandItem: item.id, status: AssignmentStatus.DECLINED });
    const from = new Set([...declined.map((d) => d.supplyItem?.id), a.supplyItem?.id].filter((id): id is string => !!id));
    await replaceDeclined(em, ctx, item, [...from]);
  });
}

export function reportProgress(ctx: Context, input: ReportProgressInput): Promise<Assignment> {
  const note = v.multiline('input.note', input.note, v.LIMITS.content);
  const links = (input.links ?? []).map((link, i) => v.link(`input.links[${i}]`, link));
  if (links.length > 10) throw badInput('input.links', `${links.length} links; at most 10`, '0–10 links');
  const committedDate = input.committedDate ? v.dateAhead('input.committedDate', input.committedDate, today(ctx)) : null;
  return departmentMove(ctx, input, Move.REPORT_PROGRESS, (a) => {
    if (committedDate) a.committedDate = committedDate;
    if (!a.committedDate) {
      throw badInput('input.committedDate', 'This item was reopened: give a new committed date with this report', 'YYYY-MM-DD, not before today');
    }
    return { note, data: { links, ...(committedDate ? { committedDate } : {}) } };
  });
}

export function completeAssignment(ctx: Context, input: CompleteAssignmentInput): Promise<Assignment> {
  const resultNote = v.multiline('input.resultNote', input.resultNote, v.LIMITS.content);
  const peopleServed = v.integer('input.peopleServed', input.peopleServed, 0, v.LIMITS.beneficiaries);
  return departmentMove(ctx, input, Move.COMPLETE, (a) => {
    a.resultNote = resultNote;
    a.peopleServed = peopleServed;
    a.completedAt = ctx.clock.now();
    return { note: resultNote, data: { peopleServed } };
  });
}

export async function rateService(ctx: Context, input: RateServiceInput): Promise<DemandItem> {
  const viewer = ctx.viewer!;
  const comment = v.multiline('input.comment', input.comment, 500);
  if (viewer.role !== Role.TOWNSHIP_ORGANIZER) throw forbidden(`Only the township that asked rates the service; you are ${viewer.role}`);
  const satisfied = SATISFIED_RATINGS.includes(input.rating);
  return raceChecked(async () => {
    const id = await ctx.em.fork().transactional(async (em) => {
      const item = await em.findOne(DemandItem, { id: input.demandItemId });
      if (!item || item.township.id !== viewer.regionId) throw notFound('Demand item', input.demandItemId, 'input.demandItemId');
      if (item.version !== input.version) throw staleVersion('demand item', input.version, item.version, item.status);
      await holdCampaign(em, item.campaign.id);
      const from = item.status;
      const to = advance(from, satisfied ? Move.CLOSE : Move.REOPEN, 'input.demandItemId');
      // The department's completed service; none when a leader carried the item out (领导领办).
      const a = await em.findOne(Assignment, { demandItem: item.id, status: AssignmentStatus.COMPLETED });
      if (!a && !satisfied) {
        throw invalidState('A leader carried this item out: it can be rated, but not reopened to a department; ask the organization department', {
          field: 'input.rating', state: from, allowed: SATISFIED_RATINGS,
        });
      }
      const now = ctx.clock.now();
      em.create(Feedback, { assignment: a, demandItem: item, rating: input.rating, comment, ratedBy: viewer.userId, at: now });
      item.status = to;
      if (a) {
        a.status = assignmentStatusFor(to)!;
        if (satisfied) a.closedAt = now;
        // Reopened: the department owes a new committed date; until then the response clock runs from now.
        else {
          a.committedDate = null;
          a.reopenedAt = now;
        }
      }
      recordEvent(em, ctx, { demandItem: item, action: satisfied ? 'CLOSED' : 'REOPENED', from, to, note: comment, data: { assignmentId: a?.id ?? null, rating: input.rating } });
      return item.id;
    });
    return ctx.em.findOneOrFail(DemandItem, { id }, { refresh: true });
  });
}

