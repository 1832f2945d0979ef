import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import type { Context } from '../../context';
import { AssignmentStatus, AssignmentTier, DemandStatus, EscalationStatus, LIVE_ASSIGNMENT, Role, SupplyListStatus } from '../../common/enums';
import { badInput, conflict, forbidden, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { holdCampaign } from '../matching/matching.service';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { User } from '../user/user.entity';
import { advance, Move } from './demand-flow';
import type { AcceptSuggestionInput, AssignByHandInput, CompleteByLeaderInput, DeferDemandInput, EscalationFilter, HandToLeaderInput, ResumeDemandInput, SuperviseInput } from './desk.inputs';
import { recordEvent } from './event.service';
import { reviewDateAhead, todayOf } from './on-file.service';
import { raceChecked } from './loop.service';
import { Supervision } from './supervision.entity';

/**
 * The organization department's desk (组织部门): what the engine escalated, and overrides — by
 * hand, deferred (暂不具备条件), handed to a leader (领导领办) — and supervision (督办). Every move
 * goes through the state machine and names the version of the demand item the caller read.
 */

function assertDesk(ctx: Context): void {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) {
    throw forbidden(`The desk is the organization department's; you are ${viewer.role}`);
  }
}

export function listEscalations(ctx: Context, filter: EscalationFilter, page: PageArgs) {
  assertDesk(ctx);
  const where: FilterQuery<Escalation>[] = [{ status: filter.status ?? EscalationStatus.OPEN }];
  if (filter.reason) where.push({ reason: filter.reason });
  if (filter.countyId) where.push({ demandItem: { county: filter.countyId } });
  if (filter.escalatedBefore) where.push({ escalatedAt: { $lt: filter.escalatedBefore } });
  return paginate(ctx, Escalation, { $and: where } as FilterQuery<Escalation>, page);
}

/** Loads a demand item the desk may act on, checking the version the caller read. */
async function deskItem(ctx: Context, em: EntityManager, demandItemId: string, version: number | null): Promise<DemandItem> {
  // The demand items the viewer reads (an organization department: its region's) are the ones its desk acts on.
  const item = await em.findOne(DemandItem, visible(DemandItem, ctx.viewer, { id: demandItemId }), { populate: ['township'] });
  if (!item) throw notFound('Demand item', demandItemId, 'input.demandItemId');
  if (version !== null && item.version !== version) {
    throw conflict(`The demand item changed since you read it (you sent version ${version}; it is now version ${item.version}, ${item.status}): read it again and retry`);
  }
  return item;
}

async function deskMove(
  ctx: Context,
  input: { demandItemId: string; version: number },
  move: Move,
  apply: (item: DemandItem, escalation: Escalation | null, em: EntityManager) => Promise<{ note?: string | null; data?: Record<string, unknown> }>,
): Promise<DemandItem> {
  assertDesk(ctx);
  return raceChecked(async () => {
    await ctx.em.fork().transactional(async (em) => {
      const item = await deskItem(ctx, em, input.demandItemId, input.version);
      await holdCampaign(em, item.campaign.id);
      const from = item.status;
      const to = advance(from, move, 'input.demandItemId');
      const escalation = await em.findOne(Escalation, { demandItem: item.id }, { orderBy: { id: 'desc' } });
      const { note, data } = await apply(item, escalation, em);
      item.status = to;
      recordEvent(em, ctx, { demandItem: item, action: move, from, to, note: note ?? null, data });
    });
    return ctx.em.findOneOrFail(DemandItem, { id: input.demandItemId }, { refresh: true });
  });
}

export function assignByHand(ctx: Context, input: AssignByHandInput): Promise<DemandItem> {
  const note = v.multiline('input.note', input.note, 500);
  return deskMove(ctx, input, Move.ASSIGN_BY_HAND, async (item, escalation, em) => {
    const department = await em.findOne(Department, { id: input.departmentId }, { populate: ['region'] });
    if (!department) throw notFound('Department', input.departmentId, 'input.departmentId');
    // A department serves its own region: the demand's county's departments and the city's, never another county's.
    const home = department.region as Region;
    if (!(item.township as Region).path.startsWith(home.path)) {
      throw badInput('input.departmentId', `${department.name} serves ${home.name}; this demand lies outside it: choose a department of its county or of the city`, 'a department of the demand\'s county or of the city above it');
    }
    let supplyItem: SupplyItem | null = null;
    if (input.supplyItemId) {
      supplyItem = await em.findOne(SupplyItem, { id: input.supplyItemId }, { populate: ['list'] });
      if (!supplyItem || supplyItem.campaign.id !== item.campaign.id || supplyItem.list.status !== SupplyListStatus.PUBLISHED) {
        throw notFound('Published supply item of this campaign', input.supplyItemId, 'input.supplyItemId');
      }
      if (supplyItem.department.id !== department.id) {
        throw badInput('input.supplyItemId', `Supply item ${supplyItem.id} belongs to department ${supplyItem.department.id}, not ${department.id}`, `an item of department ${department.id}, or none`);
      }
      const used = await em.count(Assignment, { supplyItem: supplyItem.id, status: { $in: LIVE_ASSIGNMENT } });
      if (used >= supplyItem.capacity) {
        throw invalidState(`Supply item ${supplyItem.id} has no capacity left (${used} of ${supplyItem.capacity} in use): assign the department without an item, or have it raise the capacity`, {
          field: 'input.supplyItemId', state: 'FULL', allowed: [],
        });
      }
    }
    const assignment = em.create(Assignment, {
      demandItem: item, supplyItem, department, run: null, tier: AssignmentTier.MANUAL, score: null, explanation: null,
      status: AssignmentStatus.MATCHED, dispatchedAt: ctx.clock.now(), note,
    });
    if (escalation && escalation.status === EscalationStatus.OPEN) {
      escalation.status = EscalationStatus.RESOLVED;
      escalation.resolvedAt = ctx.clock.now();
    }
    return { note, data: { assignmentId: assignment.id, departmentId: department.id, supplyItemId: supplyItem?.id ?? null, tier: AssignmentTier.MANUAL } };
  });
}

/**
 * The desk confirms the engine's suggestion (建议派单) with one move: a hand assignment to the
 * suggested item, under every rule of assignByHand (the version read, the region, the capacity).
 */
export async function acceptSuggestion(ctx: Context, input: AcceptSuggestionInput): Promise<DemandItem> {
  assertDesk(ctx);
  const note = input.note ? v.multiline('input.note', input.note, 500) : '采纳系统建议派单';
  const item = await ctx.em.findOne(DemandItem, visible(DemandItem, ctx.viewer, { id: input.demandItemId }));
  if (!item) throw notFound('Demand item', input.demandItemId, 'input.demandItemId');
  const escalation = await ctx.em.findOne(Escalation, { demandItem: item.id, status: EscalationStatus.OPEN });
  const suggestion = escalation?.detail.suggestion;
  if (!suggestion) {
    throw invalidState('This demand has no suggestion to accept: the engine found no plausible item; assign it by hand instead', {
      field: 'input.demandItemId', state: item.status, allowed: ['assignByHand', 'deferDemand', 'handToLeader'],
    });
  }
  return assignByHand(ctx, { demandItemId: item.id, version: input.version, departmentId: suggestion.departmentId, supplyItemId: suggestion.supplyId, note });
}

export function deferDemand(ctx: Context, input: DeferDemandInput): Promise<DemandItem> {
  const explanation = v.multiline('input.explanation', input.explanation, 1000);
  return deskMove(ctx, input, Move.DEFER, async (_item, escalation, em) => {
    // Checked once the item is the caller's and may be deferred: refusals of scope and state come first.
    const reviewDate = reviewDateAhead('input.reviewDate', input.reviewDate, todayOf(ctx));
    if (escalation) {
      Object.assign(escalation, {
        deskNote: explanation, status: EscalationStatus.RESOLVED, resolvedAt: ctx.clock.now(), reviewDate, deferredAt: ctx.clock.now(), deferredBy: em.getReference(User, ctx.viewer!.userId),
      });
    }
    return { note: `${explanation}（${reviewDate} 复核）`, data: { reviewDate } };
  });
}

export function handToLeader(ctx: Context, input: HandToLeaderInput): Promise<DemandItem> {
  const leaderName = v.text('input.leaderName', input.leaderName, v.LIMITS.name);
  const dueDate = v.dateAhead('input.dueDate', input.dueDate, ctx.clock.now().toISOString().slice(0, 10));
  const note = v.optionalMultiline('input.note', input.note, 500) ?? null;
  return deskMove(ctx, input, Move.HAND_TO_LEADER, async (_item, escalation) => {
    if (escalation) {
      Object.assign(escalation, { leaderName, leaderDueDate: dueDate, deskNote: note, status: EscalationStatus.RESOLVED, resolvedAt: ctx.clock.now() });
    }
    return { note: `${leaderName} 领办，${dueDate} 前${note ? `：${note}` : ''}`, data: { leaderName, dueDate } };
  });
}

export function resumeDemand(ctx: Context, input: ResumeDemandInput): Promise<DemandItem> {
  const note = v.multiline('input.note', input.note, 500);
  return deskMove(ctx, input, Move.RESUME, async (_item, escalation) => {
    // Back on the desk: the same escalation opens again (at most one open per demand).
    // Off the file: its review date and who deferred it stay on the timeline only.
    if (escalation) Object.assign(escalation, { status: EscalationStatus.OPEN, resolvedAt: null, escalatedAt: ctx.clock.now(), reviewDate: null, deferredAt: null, deferredBy: null });
    return { note };
  });
}

export function completeByLeader(ctx: Context, input: CompleteByLeaderInput): Promise<DemandItem> {
  const resultNote = v.multiline('input.resultNote', input.resultNote, 1000);
  return deskMove(ctx, input, Move.COMPLETE, async (_item, escalation) => {
    if (escalation) escalation.deskNote = resultNote;
    return { note: resultNote, data: { leaderName: escalation?.leaderName ?? null } };
  });
}

/** 督办 a late or stuck item: recorded on its timeline, shown to its department, counted in the scorecard. */
export async function supervise(ctx: Context, input: SuperviseInput): Promise<Supervision> {
  assertDesk(ctx);
  const note = v.multiline('input.note', input.note, 500);
  const open = [DemandStatus.MATCHED, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.ESCALATED, DemandStatus.LEADERSHIP];
  const id = await ctx.em.fork().transactional(async (em) => {
    const item = await deskItem(ctx, em, input.demandItemId, null);
    if (!open.includes(item.status)) {
      throw invalidState(`A ${item.status} item is not waiting on anyone: there is nothing to supervise`, { field: 'input.demandItemId', state: item.status, allowed: open });
    }
    const assignment = await em.findOne(Assignment, { demandItem: item.id, status: { $in: LIVE_ASSIGNMENT } });
    const supervision = em.create(Supervision, {
      demandItem: item, assignment, department: assignment?.department ?? null, note, by: ctx.viewer!.userId, at: ctx.clock.now(),
    });
    recordEvent(em, ctx, { demandItem: item, action: 'SUPERVISED', from: item.status, to: item.status, note, data: { supervisionId: supervision.id, departmentId: assignment?.department.id ?? null } });
    return supervision.id;
  });
  return ctx.em.findOneOrFail(Supervision, { id });
}
