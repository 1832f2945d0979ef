import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context';
import {
  CATEGORY_NAMES, DEMAND_STATUS_NAMES, DemandStatus, ESCALATION_REASON_NAMES, LIVE_ASSIGNMENT, RATING_NAMES, Role, SupplyListStatus,
  type EscalationReason, type Rating,
} from '../../common/enums';
import { maskPhones } from '../../common/errors';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import type { Region } from '../region/region.entity';
import type { SupplyItem } from '../supply/supply-item.entity';
import type { SupplyList } from '../supply/supply-list.entity';
import { assignmentDeadline } from '../workflow/deadline.service';
import { Event } from '../workflow/event.entity';

/**
 * 查询办理进度 (issue 18): what anyone holding a demand's tracking code may read of it, without
 * signing in — like a parcel's tracking page. Only what is public already or says nothing of a
 * person: the category, the title (phone numbers masked), the state, the township and village, the
 * serving department with the contact its published supply list names, the committed date and
 * whether it is late, and the timeline's moves.
 *
 * Never: the content (villagers' own words), beneficiaries or priority (困难群众 says who is in
 * hardship), the household, who acted (no user or display name: a line says only 乡镇, 承办部门,
 * 组织部门 or 系统), the person in charge, a leader's name. A timeline line's note is never the
 * free text someone typed (a progress report, a decline's reason, a rating's comment, the desk's
 * explanation can each name a villager or hold a phone number): it is written here from the
 * move's structured data — the department it went to, the committed date, the rating's level, the
 * people served — or left out.
 */

export interface TrackedLine {
  action: string;
  actionName: string;
  at: string;
  by: string;
  note: string | null;
}

export interface TrackedDemand {
  trackingCode: string;
  category: string;
  categoryName: string;
  title: string;
  status: string;
  statusName: string;
  submittedAt: string | null;
  county: string;
  township: string;
  village: string | null;
  /** The department serving it now, with the contact of its supply item as published (none before dispatch, or for a leader). */
  department: { name: string; service: string | null; contactName: string | null; contactPhone: string | null } | null;
  /** 承诺办结时限: the date the department committed to (a leader's due date when a leader holds it). */
  committedDate: string | null;
  /** The deadline running now: to accept (after dispatch), to complete (the committed date), the leader's. */
  dueDate: string | null;
  overdue: boolean;
  daysLate: number;
  /** Merged into another demand (合并): that one's code, which now serves it. */
  mergedInto: string | null;
  timeline: TrackedLine[];
}

const ACTION_NAMES: Record<string, string> = {
  SUBMITTED: '提交需求', MATCHED: '派单', ESCALATED: '上报组织部门', ACCEPT: '接单', DECLINE: '退回', REPORT_PROGRESS: '办理进展',
  COMPLETE: '办结', CLOSED: '评价并销号', REOPENED: '评价不满意，重新办理', WITHDRAWN: '撤回', SUPERVISED: '督办',
  ASSIGN_BY_HAND: '组织部门派单', DEFER: '暂不具备条件（已说明并存档）', HAND_TO_LEADER: '领导领办', RESUME: '恢复办理', MERGED: '合并',
  MERGED_IN: '合并重复需求', CLAIMED: '志愿者领办', RELEASE: '志愿者退回领办', MEETING_DECISION: '联席会议决定', REVIEWED: '复核（暂缓办理）',
};

const BY: Record<string, string> = {
  [Role.TOWNSHIP_ORGANIZER]: '乡镇', [Role.DEPARTMENT_PUBLISHER]: '承办部门', [Role.ORGANIZATION_DEPARTMENT]: '组织部门', [Role.ADMIN]: '管理员', [Role.VOLUNTEER]: '志愿者',
};

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const daysPast = (date: string, now: Date) => Math.max(0, Math.floor((now.getTime() - new Date(`${date}T00:00:00Z`).getTime()) / DAY));
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The demand with this code (as kept: parseTrackingCode's form), as the public may read it; null when none has it. */
export async function trackDemand(ctx: Context, code: string): Promise<TrackedDemand | null> {
  const em = ctx.em;
  const item = await em.findOne(DemandItem, { trackingCode: code }, { populate: ['township', 'county', 'village'] });
  if (!item) return null;
  const events = await em.find(Event, { demandItem: item.id }, { orderBy: { id: 'asc' } });
  const assignments = await em.find(Assignment, { demandItem: item.id }, { populate: ['department', 'supplyItem', 'supplyItem.list'], orderBy: { id: 'asc' } });
  const escalation = await em.findOne(Escalation, { demandItem: item.id }, { orderBy: { id: 'desc' } });
  const live = assignments.filter((a) => LIVE_ASSIGNMENT.includes(a.status)).at(-1) ?? null;
  const departments = await departmentNames(em, events, assignments);
  const mergedInto = item.mergedInto ? await em.findOne(DemandItem, { id: item.mergedInto.id }) : null;
  const now = ctx.clock.now();

  let committedDate: string | null = null;
  let dueDate: string | null = null;
  let overdue = false;
  if (live) {
    committedDate = live.committedDate ?? null;
    const deadline = assignmentDeadline(ctx, live);
    if (deadline) ({ dueDate, overdue } = deadline);
  } else if (item.status === DemandStatus.LEADERSHIP && escalation?.leaderDueDate) {
    committedDate = dueDate = escalation.leaderDueDate;
    overdue = isoDate(now) > escalation.leaderDueDate;
  }

  const supply = live?.supplyItem as SupplyItem | null | undefined;
  const published = supply && (supply.list as SupplyList).status === SupplyListStatus.PUBLISHED ? supply : null;
  const submitted = item.submittedAt ?? events.find((e) => e.action === 'SUBMITTED')?.at ?? null;
  return {
    trackingCode: item.trackingCode!,
    category: item.category,
    categoryName: CATEGORY_NAMES[item.category] ?? item.category,
    title: maskPhones(item.title),
    status: item.status,
    statusName: DEMAND_STATUS_NAMES[item.status] ?? item.status,
    submittedAt: submitted ? submitted.toISOString() : null,
    county: (item.county as Region).name,
    township: (item.township as Region).name,
    village: item.village ? (item.village as Region).name : null,
    department: live
      ? {
          name: (live.department as Department).name,
          service: published?.title ?? null,
          contactName: published?.contactName ?? null,
          contactPhone: published?.contactPhone ?? null,
        }
      : null,
    committedDate,
    dueDate,
    overdue,
    daysLate: overdue && dueDate ? daysPast(dueDate, now) : 0,
    mergedInto: mergedInto?.trackingCode ?? null,
    timeline: events.map((e) => ({
      action: e.action,
      actionName: ACTION_NAMES[e.action] ?? '办理记录',
      at: e.at.toISOString(),
      by: e.actorRole ? BY[e.actorRole] ?? '系统' : '系统',
      note: publicNote(e, departments, assignments),
    })),
  };
}

/** The names of the departments the timeline's lines name (by their assignment, or the desk's or a supervision's department id). */
async function departmentNames(em: EntityManager, events: Event[], assignments: Assignment[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const a of assignments) names.set(a.department.id, (a.department as Department).name);
  const wanted = [...new Set(events.map((e) => str(e.data?.departmentId)).filter((id): id is string => !!id && !names.has(id)))];
  if (wanted.length) for (const d of await em.find(Department, { id: { $in: wanted } })) names.set(d.id, d.name);
  return names;
}

/**
 * A line's note as the public reads it: made from the move's structured data, never the text
 * someone typed (see the module's comment). Null when the action's name says it all.
 */
function publicNote(e: Event, departments: Map<string, string>, assignments: Assignment[]): string | null {
  const data = e.data ?? {};
  const assignment = assignments.find((a) => a.id === str(data.assignmentId));
  const department = assignment ? departments.get(assignment.department.id) : departments.get(str(data.departmentId) ?? '');
  switch (e.action) {
    case 'SUBMITTED':
      if (Array.isArray(data.from)) return `共性问题：${data.from.length} 条相同需求合并为这一条，统一配餐`;
      return e.note === '补报' ? '补报' : null;
    case 'MATCHED':
      return department ? `派给${department}${data.afterDecline ? '（前一部门退回后重新派单）' : ''}` : null;
    case 'ASSIGN_BY_HAND':
      return department ? `派给${department}` : null;
    case 'ESCALATED': {
      const reason = ESCALATION_REASON_NAMES[str(data.reason) as EscalationReason];
      return reason ? `${reason}，由组织部门统筹` : '由组织部门统筹';
    }
    case 'ACCEPT':
      return str(data.committedDate) ? `承诺 ${data.committedDate} 前办结` : null;
    case 'CLAIMED':
      // A volunteer's claim (领办): the unit, not the person.
      return `${department ? `${department}的志愿者领办` : '志愿者领办'}${str(data.committedDate) ? `，承诺 ${data.committedDate} 前办结` : ''}`;
    case 'RELEASE':
      return '重新等待志愿者领办';
    case 'DECLINE':
      return department ? `${department}退回，另行派单` : null;
    case 'REPORT_PROGRESS':
      return str(data.committedDate) ? `新的承诺办结时限：${data.committedDate}` : null;
    case 'COMPLETE':
      if ('leaderName' in data) return '领导领办办结';
      return typeof data.peopleServed === 'number' ? `服务 ${data.peopleServed} 人` : null;
    case 'CLOSED':
    case 'REOPENED': {
      const rating = RATING_NAMES[str(data.rating) as Rating];
      return rating ? `评价：${rating}` : null;
    }
    case 'HAND_TO_LEADER':
      return str(data.dueDate) ? `${data.dueDate} 前办结` : null;
    case 'MERGED':
      return '已合并到另一条需求，统一办理';
    case 'MERGED_IN':
      return Array.isArray(data.from) ? `合并了 ${data.from.length} 条重复需求` : null;
    default:
      return null;
  }
}
