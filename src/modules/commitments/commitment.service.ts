import type { FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { badInput, checkVersion, exists, forbidden, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';
import { raceChecked } from '../workflow/loop.service';
import { CommitmentItem, CommitmentList, CommitmentListStatus, CommitmentNote, CommitmentNoteAction, CommitmentStatus } from './commitment.entity';
import type { AddCommitmentItemInput, CommitmentListFilter, CompleteCommitmentItemInput, CreateCommitmentListInput, RecordCommitmentProgressInput } from './commitment.inputs';

/**
 * 办实事清单 (issue 18, item 6): a department (or party branch) publishes what it promises to do this
 * year; each item has a deadline and is tracked to done with progress notes (author, date); the
 * organization department reads every list of its region and sees, per department, how many are
 * done, under way and overdue. Who reads what: src/auth/scope.ts, commitmentListScope.
 */

/** Today, as every deadline reads it (UTC, the context's clock). */
const todayOf = (ctx: Context) => ctx.clock.now().toISOString().slice(0, 10);

/** Overdue (逾期): the deadline has passed and it is not done. */
export const isOverdue = (item: Pick<CommitmentItem, 'deadline' | 'status'>, today: string) => item.status !== CommitmentStatus.DONE && item.deadline < today;

/** Only the department's own publisher changes its list; anyone else who may read it is refused. */
function assertOwner(viewer: Viewer, departmentId: string, field: string): void {
  if (viewer.role !== Role.DEPARTMENT_PUBLISHER || viewer.departmentId !== departmentId) {
    throw forbidden(
      viewer.role === Role.DEPARTMENT_PUBLISHER
        ? `You may change only your own department's commitment lists (department ${viewer.departmentId})`
        : `Only the department's publisher changes its commitment list; you are ${viewer.role} and may read it only`,
      field,
    );
  }
}

export function listCommitmentLists(ctx: Context, filter: CommitmentListFilter, page: PageArgs) {
  const where: FilterQuery<CommitmentList>[] = [];
  if (filter.year != null) where.push({ year: v.integer('filter.year', filter.year, 2000, 2100) });
  if (filter.departmentId) where.push({ department: filter.departmentId });
  if (filter.status) where.push({ status: filter.status });
  return paginate(ctx, CommitmentList, where.length ? { $and: where } : {}, page);
}

export async function getCommitmentList(ctx: Context, id: string, field = 'id'): Promise<CommitmentList> {
  const list = await ctx.em.findOne(CommitmentList, visible(CommitmentList, ctx.viewer, { id }));
  if (!list) throw notFound('Commitment list', id, field);
  return list;
}

export async function createCommitmentList(ctx: Context, input: CreateCommitmentListInput): Promise<CommitmentList> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.DEPARTMENT_PUBLISHER || !viewer.departmentId) {
    throw forbidden(`A commitment list is a department's own: only a department publisher starts one; you are ${viewer.role}`);
  }
  const thisYear = ctx.clock.now().getUTCFullYear();
  if (!Number.isInteger(input.year) || input.year < thisYear || input.year > thisYear + 1) {
    throw badInput('input.year', `input.year must be this year or the next; got ${input.year}`, `${thisYear} or ${thisYear + 1}`);
  }
  const department = await ctx.em.findOneOrFail(Department, { id: viewer.departmentId });
  const title = input.title ? v.text('input.title', input.title, v.LIMITS.listTitle) : `${department.name}${input.year}年办实事清单`;
  if (await ctx.em.count(CommitmentList, { department: department.id, year: input.year })) {
    throw exists(`${department.name} already has a commitment list for ${input.year}: add items to it`, 'input.year');
  }
  const list = ctx.em.create(CommitmentList, { department, region: department.region, year: input.year, title });
  await ctx.em.flush();
  return list;
}

export async function publishCommitmentList(ctx: Context, id: string, version?: number | null): Promise<CommitmentList> {
  const list = await getCommitmentList(ctx, id);
  assertOwner(ctx.viewer!, list.department.id, 'id');
  checkVersion('commitment list', list, version);
  if (list.status !== CommitmentListStatus.DRAFT) {
    throw invalidState('The commitment list is already published', { field: 'id', state: list.status, allowed: ['addCommitmentItem', 'recordCommitmentProgress', 'completeCommitmentItem'] });
  }
  if ((await ctx.em.count(CommitmentItem, { list: list.id })) === 0) {
    throw invalidState('The commitment list has no items: add what you promise before publishing it', { field: 'id', state: 'EMPTY', allowed: ['addCommitmentItem'] });
  }
  list.status = CommitmentListStatus.PUBLISHED;
  list.publishedAt = ctx.clock.now();
  await raceChecked(() => ctx.em.flush());
  return list;
}

/** An item may be added to a draft or a published list (a promise made later in the year), with a deadline from today to the end of that year. */
export async function addCommitmentItem(ctx: Context, input: AddCommitmentItemInput): Promise<CommitmentItem> {
  const list = await getCommitmentList(ctx, input.listId, 'input.listId');
  assertOwner(ctx.viewer!, list.department.id, 'input.listId');
  const title = v.text('input.title', input.title, v.LIMITS.title);
  const detail = v.optionalMultiline('input.detail', input.detail, v.LIMITS.content) ?? '';
  const deadline = v.date('input.deadline', input.deadline);
  const today = todayOf(ctx);
  const first = today > `${list.year}-01-01` ? today : `${list.year}-01-01`;
  const allowed = `a date from ${first} to ${list.year}-12-31`;
  if (deadline < today) throw badInput('input.deadline', `input.deadline ${deadline} is already past`, allowed);
  if (!deadline.startsWith(`${list.year}-`)) throw badInput('input.deadline', `input.deadline ${deadline} is not in the list's year ${list.year}`, allowed);
  const item = ctx.em.create(CommitmentItem, { list, title, detail, deadline });
  await ctx.em.flush();
  return item;
}

/** One move on an item of one's own published list, not yet done, at the version read; a line on its progress. */
async function itemMove(
  ctx: Context,
  input: { itemId: string; version: number },
  action: CommitmentNoteAction,
  apply: (item: CommitmentItem) => string,
): Promise<CommitmentItem> {
  const viewer = ctx.viewer!;
  const item = await ctx.em.findOne(CommitmentItem, visible(CommitmentItem, viewer, { id: input.itemId }), { populate: ['list'] });
  if (!item) throw notFound('Commitment item', input.itemId, 'input.itemId');
  const list = item.list as CommitmentList;
  assertOwner(viewer, list.department.id, 'input.itemId');
  checkVersion('commitment item', item, input.version);
  if (list.status !== CommitmentListStatus.PUBLISHED) {
    throw invalidState('The commitment list is still a draft: publish it, then record progress on its items', { field: 'input.itemId', state: list.status, allowed: ['publishCommitmentList'] });
  }
  if (item.status === CommitmentStatus.DONE) {
    throw invalidState('The item is already done', { field: 'input.itemId', state: item.status, allowed: [] });
  }
  const note = apply(item);
  const author = await ctx.em.findOneOrFail(User, { id: viewer.userId });
  await raceChecked(() => ctx.em.transactional(async (em) => {
    em.create(CommitmentNote, { item, author, authorName: author.displayName.slice(0, 50), action, note, at: ctx.clock.now() });
  }));
  return item;
}

export function recordCommitmentProgress(ctx: Context, input: RecordCommitmentProgressInput): Promise<CommitmentItem> {
  const note = v.multiline('input.note', input.note, 1000);
  return itemMove(ctx, input, CommitmentNoteAction.PROGRESS, (item) => {
    item.status = CommitmentStatus.IN_PROGRESS;
    // A line alone does not change the row: the version moves with every note, so a move read before it is told.
    item.updatedAt = ctx.clock.now();
    return note;
  });
}

export function completeCommitmentItem(ctx: Context, input: CompleteCommitmentItemInput): Promise<CommitmentItem> {
  const note = v.multiline('input.completionNote', input.completionNote, 1000);
  return itemMove(ctx, input, CommitmentNoteAction.DONE, (item) => {
    Object.assign(item, { status: CommitmentStatus.DONE, doneAt: ctx.clock.now(), completionNote: note });
    return note;
  });
}

export interface CommitmentRow {
  departmentId: string;
  departmentName: string;
  listId: string | null;
  listTitle: string | null;
  listStatus: CommitmentListStatus | null;
  items: number;
  planned: number;
  inProgress: number;
  done: number;
  overdue: number;
}

/**
 * Per department of the region (the viewer's; an admin's: all, or the region named), its list of the
 * year and its items: how many, planned, under way, done, overdue (deadline passed, not done).
 * Departments with no list are there too, with none (the office sees who has not made one).
 */
export async function commitmentReport(ctx: Context, year: number, regionId?: string | null): Promise<{ departments: CommitmentRow[]; total: CommitmentRow }> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) throw forbidden(`The commitments report is the organization department's; you are ${viewer.role}`);
  v.integer('year', year, 2000, 2100);
  let path = viewer.role === Role.ADMIN ? '' : viewer.regionPath ?? '\u0000';
  if (regionId) {
    const region = await ctx.em.findOne(Region, { id: regionId });
    if (!region) throw notFound('Region', regionId, 'regionId');
    if (!region.path.startsWith(path)) throw forbidden(`You may read only your own region (${viewer.regionId})`, 'regionId');
    path = region.path;
  }
  const inRegion = path ? { region: { path: { $like: `${path}%` } } } : {};
  const departments = await ctx.em.find(Department, inRegion, { orderBy: { id: 'asc' } });
  const lists = await ctx.em.find(CommitmentList, { year, ...inRegion });
  const items = lists.length ? await ctx.em.find(CommitmentItem, { list: { $in: lists.map((l) => l.id) } }, { fields: ['id', 'list', 'status', 'deadline'] }) : [];
  const today = todayOf(ctx);
  const rows = departments.map((d): CommitmentRow => {
    const list = lists.find((l) => l.department.id === d.id) ?? null;
    const own = list ? items.filter((i) => i.list.id === list.id) : [];
    return {
      departmentId: d.id, departmentName: d.name, listId: list?.id ?? null, listTitle: list?.title ?? null, listStatus: list?.status ?? null,
      items: own.length,
      planned: own.filter((i) => i.status === CommitmentStatus.PLANNED).length,
      inProgress: own.filter((i) => i.status === CommitmentStatus.IN_PROGRESS).length,
      done: own.filter((i) => i.status === CommitmentStatus.DONE).length,
      overdue: own.filter((i) => isOverdue(i, today)).length,
    };
  });
  const sum = (k: 'items' | 'planned' | 'inProgress' | 'done' | 'overdue') => rows.reduce((n, r) => n + r[k], 0);
  const total: CommitmentRow = {
    departmentId: '', departmentName: '合计', listId: null, listTitle: `${lists.length} 个部门建了清单`, listStatus: null,
    items: sum('items'), planned: sum('planned'), inProgress: sum('inProgress'), done: sum('done'), overdue: sum('overdue'),
  };
  // The lists' departments first (those with the most overdue at the top), then those without a list.
  rows.sort((a, b) => Number(!a.listId) - Number(!b.listId) || b.overdue - a.overdue || (a.departmentId < b.departmentId ? -1 : 1));
  return { departments: rows, total };
}
