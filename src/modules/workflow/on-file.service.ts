import type { FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import type { Context } from '../../context';
import { AssignmentTier, DemandKind, DemandStatus, EscalationReason, LIVE_ASSIGNMENT, Role, ESCALATION_REASON_NAMES } from '../../common/enums';
import { badInput, checkVersion, forbidden, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { Region } from '../region/region.entity';
import { recordEvent } from './event.service';
import { raceChecked } from './loop.service';

/**
 * 暂缓办理台账 (issue 18, item 2): what the desk deferred (暂不具备条件) stays on file with its
 * explanation and a review date (复核日期); the file lists it for the organization department,
 * with who deferred it and when and whether its review is overdue; a review (复核) writes a line
 * on the timeline and may set a new review date, and leaves the state alone; resumeDemand takes
 * it off the file. And the way each demand went (DemandItem.route), said to its township.
 */

/** Today, as every promised date in the loop reads it (UTC). */
export const todayOf = (ctx: Context): string => ctx.clock.now().toISOString().slice(0, 10);

/** How far ahead a review date may lie: two years (730 days). A longer wait is not "kept on file" but dropped. */
export const REVIEW_MAX_DAYS = 730;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A review date: required, a real date, after today, at most REVIEW_MAX_DAYS ahead. */
export function reviewDateAhead(field: string, value: string | null | undefined, today: string): string {
  const first = plusDays(today, 1);
  const last = plusDays(today, REVIEW_MAX_DAYS);
  const allowed = `a date from ${first} to ${last} (YYYY-MM-DD)`;
  if (value === null || value === undefined || value.trim() === '') throw badInput(field, `${field} is required: say when the desk looks at this item again (复核日期)`, allowed);
  const day = value.trim();
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw badInput(field, `${field} is not a date: "${value}"`, allowed);
  }
  if (day <= today) throw badInput(field, `${field} ${day} is not in the future: a review date comes after today (${today})`, allowed);
  if (day > last) throw badInput(field, `${field} ${day} is more than two years ahead`, allowed);
  return day;
}

export interface OnFileFilterInput {
  townshipId?: string | null;
  countyId?: string | null;
  /** Review date on or before this day (YYYY-MM-DD): what is due for review by then. */
  reviewDueBy?: string | null;
  /** Only those whose review date has passed. */
  overdueOnly?: boolean | null;
}

/**
 * The file: escalations carrying a deferral whose demand is DEFERRED now, in the viewer's scope —
 * an escalation's row rule: an organization department its region's, a township its own (and the
 * common demands its items were merged into), admin all, departments and volunteers none.
 */
export function listOnFile(ctx: Context, filter: OnFileFilterInput, page: PageArgs) {
  const where: FilterQuery<Escalation>[] = [{ reviewDate: { $ne: null } }, { demandItem: { status: DemandStatus.DEFERRED } }];
  if (filter.townshipId) where.push({ demandItem: { township: filter.townshipId } });
  if (filter.countyId) where.push({ demandItem: { county: filter.countyId } });
  if (filter.reviewDueBy) where.push({ reviewDate: { $lte: v.date('filter.reviewDueBy', filter.reviewDueBy) } });
  if (filter.overdueOnly) where.push({ reviewDate: { $lt: todayOf(ctx) } });
  return paginate(ctx, Escalation, { $and: where } as FilterQuery<Escalation>, page);
}

/** An entry's review is overdue: its review date has passed and it is still on file. */
export const reviewOverdue = (ctx: Context, e: Escalation): boolean => e.reviewDate != null && e.reviewDate < todayOf(ctx);

export interface ReviewOnFileInput {
  demandItemId: string;
  version: number;
  note: string;
  reviewDate?: string | null;
}

/**
 * 复核: the desk looks at a deferred item again and writes what it found (REVIEWED on the timeline,
 * DEFERRED → DEFERRED), optionally with a new review date. The state does not change: conditions met,
 * it is resumeDemand; still lacking, it stays on file.
 */
export async function reviewOnFile(ctx: Context, input: ReviewOnFileInput): Promise<DemandItem> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) throw forbidden(`The file is the organization department's; you are ${viewer.role}`);
  const note = v.multiline('input.note', input.note, 500);
  await raceChecked(() => ctx.em.fork().transactional(async (em) => {
    const item = await em.findOne(DemandItem, visible(DemandItem, viewer, { id: input.demandItemId }));
    if (!item) throw notFound('Demand item', input.demandItemId, 'input.demandItemId');
    checkVersion('demand item', item, input.version);
    if (item.status !== DemandStatus.DEFERRED) {
      throw invalidState(`Only an item on file (DEFERRED) is reviewed; this one is ${item.status}`, { field: 'input.demandItemId', state: item.status, allowed: [DemandStatus.DEFERRED] });
    }
    const escalation = await em.findOne(Escalation, { demandItem: item.id }, { orderBy: { id: 'desc' } });
    const today = todayOf(ctx);
    const reviewDate = input.reviewDate == null ? null : reviewDateAhead('input.reviewDate', input.reviewDate, today);
    const previous = escalation?.reviewDate ?? null;
    if (escalation && reviewDate) escalation.reviewDate = reviewDate;
    // A line on the item's own timeline; the item's version moves with it, so a move read before the review is told.
    item.updatedAt = ctx.clock.now();
    recordEvent(em, ctx, {
      demandItem: item, action: 'REVIEWED', from: item.status, to: item.status,
      note: reviewDate ? `${note}（下次复核 ${reviewDate}）` : note,
      data: { reviewDate: reviewDate ?? previous, previousReviewDate: previous },
    });
  }));
  return ctx.em.findOneOrFail(DemandItem, { id: input.demandItemId }, { refresh: true });
}

/** Which way a demand went (DemandItem.route): docs/loop.md, "Which way each item went". */
export enum RouteWay {
  /** Still a draft on the township's list: nowhere yet. */
  NOT_SENT = 'NOT_SENT',
  /** 微心愿: on the volunteers' board, or claimed by a volunteer. */
  BOARD = 'BOARD',
  /** The engine: waiting for a run, or placed by it (county tier, then city). */
  ENGINE = 'ENGINE',
  /** The organization department's desk: escalated, or assigned by hand. */
  DESK = 'DESK',
  /** 领导领办: a hard case (老大难), or one the desk handed to a leader. */
  LEADERS = 'LEADERS',
  /** 暂缓办理: deferred, on file until its review date. */
  ON_FILE = 'ON_FILE',
  /** Merged into another demand (a duplicate, or into a common demand): served there. */
  MERGED = 'MERGED',
  /** Taken back by the township. */
  WITHDRAWN = 'WITHDRAWN',
}

export interface Route {
  way: RouteWay;
  reason: string;
}

/** What the route is read from: the item, its latest escalation and its live assignment (and its department's name). */
export interface RouteFacts {
  item: Pick<DemandItem, 'kind' | 'status' | 'submittedAt'> & { mergedInto?: unknown };
  escalation: Pick<Escalation, 'reason' | 'reviewDate' | 'leaderName' | 'leaderDueDate'> | null;
  assignment: Pick<Assignment, 'tier'> | null;
  departmentName: string | null;
  /** Days a micro-wish stays on the board (config.wishBoardDays); 0: no board. */
  boardDays: number;
  now: Date;
}

/** The way and a sentence for the township, from kind, state and the assignment's tier. A pure function. */
export function routeOf(f: RouteFacts): Route {
  const { item, escalation, assignment } = f;
  const dept = f.departmentName ?? '承办部门';
  const S = DemandStatus;
  if (item.status === S.DRAFT) return { way: RouteWay.NOT_SENT, reason: '还是草稿，提交后才进入配餐' };
  if (item.status === S.WITHDRAWN) {
    return item.mergedInto
      ? { way: RouteWay.MERGED, reason: '已并入另一条需求（重复或共性问题），在那里统一办理' }
      : { way: RouteWay.WITHDRAWN, reason: '乡镇已撤回，不再办理' };
  }
  if (item.status === S.DEFERRED) {
    return { way: RouteWay.ON_FILE, reason: `暂不具备办理条件，组织部门已列入暂缓办理台账${escalation?.reviewDate ? `，定于 ${escalation.reviewDate} 复核` : ''}；条件具备后恢复办理` };
  }
  if (item.status === S.LEADERSHIP) {
    return { way: RouteWay.LEADERS, reason: `组织部门协调，由${escalation?.leaderName ?? '领导'}领办${escalation?.leaderDueDate ? `，${escalation.leaderDueDate} 前办结` : ''}` };
  }
  if (item.status === S.ESCALATED) {
    if (escalation?.reason === EscalationReason.HARD_CASE || item.kind === DemandKind.HARD) {
      return { way: RouteWay.LEADERS, reason: '历史遗留/老大难问题不经系统匹配，已直接交组织部门协调领导领办' };
    }
    if (escalation?.reason === EscalationReason.UNCLAIMED_WISH) {
      return { way: RouteWay.DESK, reason: `微心愿在心愿墙上 ${f.boardDays} 天无人领办，已转组织部门统筹` };
    }
    const why = escalation ? ESCALATION_REASON_NAMES[escalation.reason] ?? escalation.reason : '没有合适的服务项目';
    return { way: RouteWay.DESK, reason: `系统没能派单（${why}），已上报组织部门人工协调` };
  }
  if (assignment) {
    switch (assignment.tier) {
      case AssignmentTier.VOLUNTEER:
        return { way: RouteWay.BOARD, reason: `个性问题作为微心愿发布，由${dept}的党员志愿者领办` };
      case AssignmentTier.COUNTY:
        return { way: RouteWay.ENGINE, reason: `系统匹配派单：本旗县区的${dept}能办，由它承办` };
      case AssignmentTier.CITY:
        return { way: RouteWay.ENGINE, reason: `系统匹配派单：本旗县区没有合适的服务，交市级的${dept}承办` };
      case AssignmentTier.MANUAL:
        return item.kind === DemandKind.HARD
          ? { way: RouteWay.LEADERS, reason: `老大难问题经组织部门协调，交${dept}承办` }
          : { way: RouteWay.DESK, reason: `组织部门人工派单给${dept}` };
    }
  }
  // Done by a leader (no assignment), or waiting to be placed.
  if (item.kind === DemandKind.HARD) return { way: RouteWay.LEADERS, reason: '历史遗留/老大难问题不经系统匹配，交组织部门协调领导领办' };
  if (item.status === S.COMPLETED || item.status === S.CLOSED) {
    return escalation?.leaderName
      ? { way: RouteWay.LEADERS, reason: `由${escalation.leaderName}领办办结` }
      : { way: RouteWay.DESK, reason: '由组织部门协调办结' };
  }
  if (item.kind === DemandKind.INDIVIDUAL && f.boardDays > 0 && item.submittedAt && f.now.getTime() - item.submittedAt.getTime() < f.boardDays * 86_400_000) {
    const until = new Date(item.submittedAt.getTime() + f.boardDays * 86_400_000).toISOString().slice(0, 10);
    return { way: RouteWay.BOARD, reason: `个性问题作为微心愿发布在志愿者心愿墙上，等党员领办；${until} 前无人领办则转组织部门统筹` };
  }
  if (item.kind === DemandKind.INDIVIDUAL) {
    return f.boardDays > 0
      ? { way: RouteWay.DESK, reason: '微心愿在心愿墙上无人领办，下次配餐时转组织部门统筹' }
      : { way: RouteWay.ENGINE, reason: '个性问题由系统匹配，等待派单' };
  }
  return { way: RouteWay.ENGINE, reason: '共性问题由系统匹配：旗县区部门能办的先办，其余交市级部门，等待派单' };
}

/** The route of one item, read through the request's loaders (one statement per relation over a page of items). */
export async function routeFor(ctx: Context, item: DemandItem): Promise<Route> {
  const [assignments, escalations] = await Promise.all([
    ctx.loaders.manyBy(Assignment, 'demandItem').load(item.id),
    ctx.loaders.manyBy(Escalation, 'demandItem').load(item.id),
  ]);
  const assignment = assignments.find((a) => LIVE_ASSIGNMENT.includes(a.status)) ?? null;
  const department = assignment ? await ctx.loaders.byId(Department).load(assignment.department.id) : null;
  return routeOf({
    item, assignment, departmentName: department?.name ?? null, escalation: escalations[escalations.length - 1] ?? null,
    boardDays: ctx.config.wishBoardDays, now: ctx.clock.now(),
  });
}

/** The deferral a DEFERRED item is on file by (its latest escalation), for the township's card; none otherwise. */
export async function deferralOf(ctx: Context, item: DemandItem): Promise<Escalation | null> {
  if (item.status !== DemandStatus.DEFERRED) return null;
  const escalations = await ctx.loaders.manyBy(Escalation, 'demandItem').load(item.id);
  const latest = escalations[escalations.length - 1];
  return latest?.reviewDate ? latest : null;
}

/** Regions named in a filter must exist (a township's filter naming another township simply finds nothing of it). */
export async function checkRegion(ctx: Context, id: string | null | undefined, field: string): Promise<void> {
  if (id && !(await ctx.em.findOne(Region, { id }))) throw notFound('Region', id, field);
}
