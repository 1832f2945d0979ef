import type { FilterQuery } from '@mikro-orm/core';
import { assertCanEditSupply, visible } from '../../auth/scope';
import type { Context } from '../../context';
import { LIVE_ASSIGNMENT, RegionLevel, SupplyListStatus } from '../../common/enums';
import { badInput, checkVersion, exists, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import { likeText } from '../../common/text-filter';
import * as v from '../../common/validate';
import { getCampaign } from '../campaign/campaign.service';
import { getDepartment } from '../department/department.service';
import { Assignment } from '../matching/assignment.entity';
import { holdCampaign } from '../matching/matching.service';
import { Region } from '../region/region.entity';
import { recordEvent } from '../workflow/event.service';
import { SupplyItem } from './supply-item.entity';
import { SupplyList } from './supply-list.entity';
import type {
  AddSupplyItemInput, AdjustSupplyItemInput, CreateSupplyListInput, SupplyItemFilter, SupplyItemInput, SupplyListFilter, UpdateSupplyItemInput, UpdateSupplyListInput,
} from './supply.inputs';

export async function getSupplyList(ctx: Context, id: string, field = 'id'): Promise<SupplyList> {
  const list = await ctx.em.findOne(SupplyList, visible(SupplyList, ctx.viewer, { id }));
  if (!list) throw notFound('Supply list', id, field);
  return list;
}

export async function getSupplyItem(ctx: Context, id: string, field = 'id'): Promise<SupplyItem> {
  const item = await ctx.em.findOne(SupplyItem, visible(SupplyItem, ctx.viewer, { id }));
  if (!item) throw notFound('Supply item', id, field);
  return item;
}

export function listSupplyLists(ctx: Context, filter: SupplyListFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<SupplyList>[] = [];
  if (filter.campaignId) where.push({ campaign: filter.campaignId });
  if (filter.regionId) where.push({ region: filter.regionId });
  if (filter.departmentId) where.push({ department: filter.departmentId });
  if (filter.status) where.push({ status: filter.status });
  if (filter.text) where.push({ title: likeText(filter.text) });
  return paginate(ctx, SupplyList, { $and: where }, page);
}

export function listSupplyItems(ctx: Context, filter: SupplyItemFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<SupplyItem>[] = [];
  if (filter.campaignId) where.push({ campaign: filter.campaignId });
  if (filter.regionId) where.push({ region: filter.regionId });
  if (filter.level) where.push({ department: { level: filter.level } });
  if (filter.departmentId) where.push({ department: filter.departmentId });
  if (filter.listId) where.push({ list: filter.listId });
  if (filter.category) where.push({ category: filter.category });
  if (filter.text) where.push({ $or: [{ title: likeText(filter.text) }, { description: likeText(filter.text) }] });
  return paginate(ctx, SupplyItem, { $and: where }, page);
}

export async function createSupplyList(ctx: Context, input: CreateSupplyListInput): Promise<SupplyList> {
  const campaign = await getCampaign(ctx, input.campaignId, 'input.campaignId');
  const department = await getDepartment(ctx, input.departmentId, 'input.departmentId');
  assertCanEditSupply(ctx.viewer!, department.id, 'input.departmentId');
  if (await ctx.em.count(SupplyList, { campaign, department })) {
    throw exists(`${department.name} already has a supply list for this campaign: add items to it`);
  }
  const title = input.title ? v.text('input.title', input.title, v.LIMITS.listTitle) : `${department.name}供给侧清单`;
  const list = ctx.em.create(SupplyList, { campaign, department, region: department.region, title });
  await ctx.em.flush();
  return list;
}

async function editableList(ctx: Context, id: string, field: string): Promise<SupplyList> {
  const list = await getSupplyList(ctx, id, field);
  assertCanEditSupply(ctx.viewer!, list.department.id, field);
  if (list.status !== SupplyListStatus.DRAFT) {
    throw invalidState('The supply list is PUBLISHED: only capacity, window and contact of its items may change', {
      field, state: list.status, allowed: ['adjustSupplyItem'],
    });
  }
  return list;
}

export async function updateSupplyList(ctx: Context, input: UpdateSupplyListInput): Promise<SupplyList> {
  const list = await editableList(ctx, input.id, 'input.id');
  list.title = v.text('input.title', input.title, v.LIMITS.listTitle);
  await ctx.em.flush();
  return list;
}

/** Coverage must name CITY, COUNTY or TOWNSHIP regions inside the department's own region. */
async function checkedCoverage(ctx: Context, list: SupplyList, ids: string[] | null | undefined): Promise<string[]> {
  const wanted = ids && ids.length ? v.nonEmptyList('input.coverage', ids, 500) : [list.region.id];
  const home = (await ctx.loaders.byId(Region).load(list.region.id))!;
  const regions = await ctx.loaders.byId(Region).loadMany(wanted);
  regions.forEach((r, i) => {
    const field = `input.coverage[${i}]`;
    if (!r || r instanceof Error) throw notFound('Region', wanted[i], field);
    if (r.level === RegionLevel.VILLAGE) throw badInput(field, 'Coverage names a CITY, COUNTY or TOWNSHIP, not a VILLAGE', ['CITY', 'COUNTY', 'TOWNSHIP']);
    if (!r.path.startsWith(home.path)) throw badInput(field, `${r.name} lies outside the department's region (${home.name})`, `regions within ${home.name}`);
  });
  return [...wanted].sort();
}

/** An item's fields as the API keeps them, checked as every way in checks them (the API, an imported spreadsheet). */
export async function checkedSupplyFields(ctx: Context, list: SupplyList, input: SupplyItemInput) {
  const window = v.window('input.window', input.window);
  return {
    category: input.category,
    title: v.text('input.title', input.title, v.LIMITS.title),
    description: v.multiline('input.description', input.description, v.LIMITS.content),
    forms: v.nonEmptyList('input.forms', input.forms, v.LIMITS.forms),
    leaderName: v.text('input.leaderName', input.leaderName, v.LIMITS.name),
    leaderTitle: v.optionalText('input.leaderTitle', input.leaderTitle, v.LIMITS.name) ?? '',
    contactName: v.text('input.contactName', input.contactName, v.LIMITS.name),
    contactPhone: v.phone('input.contactPhone', input.contactPhone),
    capacity: v.integer('input.capacity', input.capacity, 1, v.LIMITS.capacity),
    coverage: await checkedCoverage(ctx, list, input.coverage),
    windowStart: window.start,
    windowEnd: window.end,
  };
}

export async function addSupplyItem(ctx: Context, input: AddSupplyItemInput): Promise<SupplyItem> {
  const list = await editableList(ctx, input.listId, 'input.listId');
  const fields = await checkedSupplyFields(ctx, list, input);
  const item = ctx.em.create(SupplyItem, { ...fields, list, campaign: list.campaign, department: list.department, region: list.region });
  await ctx.em.flush();
  return item;
}

export async function updateSupplyItem(ctx: Context, input: UpdateSupplyItemInput): Promise<SupplyItem> {
  const item = await getSupplyItem(ctx, input.id, 'input.id');
  const list = await editableList(ctx, item.list.id, 'input.id');
  checkVersion('supply item', item, input.version);
  Object.assign(item, await checkedSupplyFields(ctx, list, input));
  await ctx.em.flush();
  return item;
}

export async function removeSupplyItem(ctx: Context, id: string, version?: number | null): Promise<string> {
  const item = await getSupplyItem(ctx, id);
  await editableList(ctx, item.list.id, 'id');
  checkVersion('supply item', item, version);
  ctx.em.remove(item);
  await ctx.em.flush();
  return id;
}

export async function publishSupplyList(ctx: Context, id: string, version?: number | null): Promise<SupplyList> {
  const list = await editableList(ctx, id, 'id');
  checkVersion('supply list', list, version);
  if ((await ctx.em.count(SupplyItem, { list })) === 0) {
    throw badInput('id', 'The supply list has no items: add at least one before publishing', 'a list with 1 or more items');
  }
  list.status = SupplyListStatus.PUBLISHED;
  list.publishedAt = ctx.clock.now();
  await ctx.em.flush();
  return list;
}

/**
 * A published item changes only in capacity, window and contact; each change is an Event. Its
 * capacity may not fall below the live assignments it already carries (MATCHED … CLOSED): they
 * were promised. Nothing is applied until every part of the input has been checked.
 */
export async function adjustSupplyItem(ctx: Context, input: AdjustSupplyItemInput): Promise<SupplyItem> {
  const item = await getSupplyItem(ctx, input.id, 'input.id');
  assertCanEditSupply(ctx.viewer!, item.department.id, 'input.id');
  checkVersion('supply item', item, input.version);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set = <K extends keyof SupplyItem>(key: K, value: SupplyItem[K] | undefined) => {
    if (value !== undefined && value !== item[key]) changes[key as string] = { from: item[key], to: value };
  };
  if (input.capacity != null) set('capacity', v.integer('input.capacity', input.capacity, 1, v.LIMITS.capacity));
  if (input.window) {
    const w = v.window('input.window', input.window);
    set('windowStart', w.start);
    set('windowEnd', w.end);
  }
  if (input.contactName != null) set('contactName', v.text('input.contactName', input.contactName, v.LIMITS.name));
  if (input.contactPhone != null) set('contactPhone', v.phone('input.contactPhone', input.contactPhone));
  const note = v.optionalMultiline('input.note', input.note, 500);
  if (Object.keys(changes).length === 0) throw badInput('input', 'Nothing to change: give a new capacity, window, contactName or contactPhone', ['capacity', 'window', 'contactName', 'contactPhone']);
  // Counted and changed in one transaction holding the campaign's row: a matching run cannot place more on the item meanwhile.
  await ctx.em.transactional(async (em) => {
    await holdCampaign(em, item.campaign.id);
    const capacity = changes.capacity?.to as number | undefined;
    if (capacity !== undefined && capacity < item.capacity) {
      const live = await em.count(Assignment, { supplyItem: item.id, status: { $in: LIVE_ASSIGNMENT } });
      if (capacity < live) {
        throw invalidState(`Supply item ${item.id} has ${live} live assignments (MATCHED to CLOSED): its capacity must be at least ${live}; you asked for ${capacity}`, {
          field: 'input.capacity', state: 'IN_USE', live, allowed: `${live}..${v.LIMITS.capacity}`,
        });
      }
    }
    Object.assign(item, Object.fromEntries(Object.entries(changes).map(([key, c]) => [key, c.to])));
    recordEvent(em, ctx, { supplyItem: item, action: 'SUPPLY_ITEM_ADJUSTED', note, data: changes });
  });
  return item;
}
