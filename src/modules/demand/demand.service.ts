import type { FilterQuery } from '@mikro-orm/core';
import { assertCanEditDemands, visible } from '../../auth/scope';
import type { Context } from '../../context';
import { DemandKind, DemandListStatus, DemandSource, DemandStatus, Priority, RegionLevel } from '../../common/enums';
import { badInput, checkVersion, exists, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import { likeText } from '../../common/text-filter';
import * as v from '../../common/validate';
import { getCampaign } from '../campaign/campaign.service';
import { getRegion } from '../region/region.service';
import { holdCampaign, releaseDemand } from '../matching/matching.service';
import { advance, Move } from '../workflow/demand-flow';
import { recordEvent } from '../workflow/event.service';
import { raceChecked } from '../workflow/loop.service';
import { freshTrackingCode, freshTrackingCodes } from '../tracking/tracking-code';
import { DemandItem } from './demand-item.entity';
import { DemandList } from './demand-list.entity';
import type {
  AddDemandItemInput, CreateDemandListInput, DemandItemFilter, DemandItemInput, DemandListFilter, UpdateDemandItemInput, UpdateDemandListInput,
} from './demand.inputs';

export async function getDemandList(ctx: Context, id: string, field = 'id'): Promise<DemandList> {
  const list = await ctx.em.findOne(DemandList, visible(DemandList, ctx.viewer, { id }));
  if (!list) throw notFound('Demand list', id, field);
  return list;
}

export async function getDemandItem(ctx: Context, id: string, field = 'id'): Promise<DemandItem> {
  const item = await ctx.em.findOne(DemandItem, visible(DemandItem, ctx.viewer, { id }));
  if (!item) throw notFound('Demand item', id, field);
  return item;
}

export function listDemandLists(ctx: Context, filter: DemandListFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<DemandList>[] = [];
  if (filter.campaignId) where.push({ campaign: filter.campaignId });
  if (filter.countyId) where.push({ county: filter.countyId });
  if (filter.townshipId) where.push({ township: filter.townshipId });
  if (filter.status) where.push({ status: filter.status });
  if (filter.text) where.push({ title: likeText(filter.text) });
  return paginate(ctx, DemandList, { $and: where }, page);
}

export function listDemandItems(ctx: Context, filter: DemandItemFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<DemandItem>[] = [];
  if (filter.campaignId) where.push({ campaign: filter.campaignId });
  if (filter.countyId) where.push({ county: filter.countyId });
  if (filter.townshipId) where.push({ township: filter.townshipId });
  if (filter.listId) where.push({ list: filter.listId });
  if (filter.category) where.push({ category: filter.category });
  if (filter.status) where.push({ status: filter.status });
  if (filter.priority) where.push({ priority: filter.priority });
  if (filter.kind) where.push({ kind: filter.kind });
  if (filter.text) where.push({ $or: [{ title: likeText(filter.text) }, { content: likeText(filter.text) }] });
  return paginate(ctx, DemandItem, { $and: where }, page);
}

export async function createDemandList(ctx: Context, input: CreateDemandListInput): Promise<DemandList> {
  const campaign = await getCampaign(ctx, input.campaignId, 'input.campaignId');
  const township = await getRegion(ctx, input.townshipId, 'input.townshipId');
  if (township.level !== RegionLevel.TOWNSHIP) {
    throw badInput('input.townshipId', `A demand list belongs to a TOWNSHIP, not a ${township.level}`, ['TOWNSHIP']);
  }
  assertCanEditDemands(ctx.viewer!, township.id, 'input.townshipId');
  if (await ctx.em.count(DemandList, { campaign, township })) {
    throw exists(`${township.name} already has a demand list for this campaign: add items to it`);
  }
  const title = input.title ? v.text('input.title', input.title, v.LIMITS.listTitle) : `${township.name}需求侧清单`;
  const list = ctx.em.create(DemandList, { campaign, township, county: township.parent!, title, createdBy: ctx.viewer!.userId });
  await ctx.em.flush();
  return list;
}

/** The list, checked to be the caller's own and still a DRAFT. */
async function editableList(ctx: Context, id: string, field: string): Promise<DemandList> {
  const list = await getDemandList(ctx, id, field);
  assertCanEditDemands(ctx.viewer!, list.township.id, field);
  if (list.status !== DemandListStatus.DRAFT) {
    throw invalidState(`The demand list is ${list.status}: its submitted items are read-only (they can still be withdrawn); a late item is added with addDemandItem and submitted on its own with submitDemandItem (补报)`, {
      field, state: list.status, allowed: ['withdrawDemandItem', 'addDemandItem', 'submitDemandItem'],
    });
  }
  return list;
}

/** The caller's own list, to which items may be added: a draft, or a submitted one taking a late item (补报). */
async function listTakingItems(ctx: Context, id: string, field: string): Promise<DemandList> {
  const list = await getDemandList(ctx, id, field);
  assertCanEditDemands(ctx.viewer!, list.township.id, field);
  return list;
}

/** An item the caller may still edit: one of a draft list, or a late item not yet submitted (补报). */
async function editableItem(ctx: Context, id: string, field: string): Promise<{ item: DemandItem; list: DemandList }> {
  const item = await getDemandItem(ctx, id, field);
  const list = await getDemandList(ctx, item.list.id, field);
  assertCanEditDemands(ctx.viewer!, list.township.id, field);
  if (item.status !== DemandStatus.DRAFT) {
    throw invalidState(`The item is ${item.status}: a submitted item is read-only (it can still be withdrawn)`, { field, state: item.status, allowed: ['withdrawDemandItem'] });
  }
  return { item, list };
}

export async function updateDemandList(ctx: Context, input: UpdateDemandListInput): Promise<DemandList> {
  const list = await editableList(ctx, input.id, 'input.id');
  list.title = v.text('input.title', input.title, v.LIMITS.listTitle);
  await ctx.em.flush();
  return list;
}

/** An item's fields as the API keeps them, checked as every way in checks them (the API, an imported spreadsheet). */
export async function checkedDemandFields(ctx: Context, list: DemandList, input: DemandItemInput) {
  const window = v.window('input.window', input.window);
  let village = null;
  if (input.villageId) {
    village = await getRegion(ctx, input.villageId, 'input.villageId');
    if (village.level !== RegionLevel.VILLAGE || village.parent?.id !== list.township.id) {
      throw badInput('input.villageId', `Region "${input.villageId}" is not a village of this list's township`, 'a VILLAGE under the township');
    }
  }
  return {
    category: input.category,
    title: v.text('input.title', input.title, v.LIMITS.title),
    content: v.multiline('input.content', input.content, v.LIMITS.content),
    forms: v.nonEmptyList('input.forms', input.forms, v.LIMITS.forms),
    windowStart: window.start,
    windowEnd: window.end,
    village,
    beneficiaries: v.integer('input.beneficiaries', input.beneficiaries ?? 0, 0, v.LIMITS.beneficiaries),
    priority: input.priority ?? Priority.NORMAL,
    kind: input.kind ?? DemandKind.COMMON,
    source: input.source ?? DemandSource.OTHER,
  };
}

/** An item added to a draft list goes with the list; one added to a submitted list is a late item (补报), submitted on its own. */
export async function addDemandItem(ctx: Context, input: AddDemandItemInput): Promise<DemandItem> {
  const list = await listTakingItems(ctx, input.listId, 'input.listId');
  const fields = await checkedDemandFields(ctx, list, input);
  const item = ctx.em.create(DemandItem, { ...fields, list, campaign: list.campaign, township: list.township, county: list.county });
  await ctx.em.flush();
  return item;
}

export async function updateDemandItem(ctx: Context, input: UpdateDemandItemInput): Promise<DemandItem> {
  const { item, list } = await editableItem(ctx, input.id, 'input.id');
  checkVersion('demand item', item, input.version);
  Object.assign(item, await checkedDemandFields(ctx, list, input));
  await ctx.em.flush();
  return item;
}

export async function removeDemandItem(ctx: Context, id: string): Promise<string> {
  const { item } = await editableItem(ctx, id, 'id');
  ctx.em.remove(item);
  await ctx.em.flush();
  return id;
}

/** DRAFT → SUBMITTED: the list becomes read-only and every item enters the loop. */
export async function submitDemandList(ctx: Context, id: string): Promise<DemandList> {
  const list = await editableList(ctx, id, 'id');
  // A draft merged into another (合并) stays on the list, WITHDRAWN: it is not submitted.
  const items = await ctx.em.find(DemandItem, { list, status: DemandStatus.DRAFT }, { orderBy: { id: 'asc' } });
  if (items.length === 0) throw badInput('id', 'The demand list has no items: add at least one before submitting', 'a list with 1 or more items');
  const now = ctx.clock.now();
  // Two submissions at once: the list's version lets one through; the other is a CONFLICT, nothing of it written.
  await raceChecked(() => ctx.em.transactional(async (em) => {
    list.status = DemandListStatus.SUBMITTED;
    list.submittedAt = now;
    // Each item its 查询码 (tracking code), printed on the township's copy.
    const codes = await freshTrackingCodes(em, items.filter((item) => !item.trackingCode).length);
    for (const item of items) {
      recordEvent(em, ctx, { demandItem: item, action: 'SUBMITTED', from: item.status, to: DemandStatus.SUBMITTED });
      item.status = DemandStatus.SUBMITTED;
      item.submittedAt = now;
      item.trackingCode ??= codes.pop()!;
    }
  }));
  return list;
}

/** 补报: a late item of a submitted list (DRAFT) submitted on its own; it enters the loop as the list's items did. */
export async function submitDemandItem(ctx: Context, id: string): Promise<DemandItem> {
  const { item, list } = await editableItem(ctx, id, 'id');
  if (list.status === DemandListStatus.DRAFT) {
    throw invalidState('The item belongs to a list not yet submitted: it goes with the list (submitDemandList)', { field: 'id', state: list.status, allowed: ['submitDemandList'] });
  }
  const now = ctx.clock.now();
  // Two submissions at once: the item's version lets one through; the other is a CONFLICT.
  await raceChecked(() => ctx.em.transactional(async (em) => {
    recordEvent(em, ctx, { demandItem: item, action: 'SUBMITTED', from: item.status, to: DemandStatus.SUBMITTED, note: '补报' });
    item.status = DemandStatus.SUBMITTED;
    item.submittedAt = now;
    item.trackingCode ??= await freshTrackingCode(em);
  }));
  return item;
}

/** The township takes an item back, in any state the state machine allows it from (before COMPLETED). */
export async function withdrawDemandItem(ctx: Context, id: string, reason: string, version?: number | null): Promise<DemandItem> {
  const item = await getDemandItem(ctx, id);
  assertCanEditDemands(ctx.viewer!, item.township.id, 'id');
  checkVersion('demand item', item, version);
  const note = v.multiline('reason', reason, 500);
  const to = advance(item.status, Move.WITHDRAW);
  // A run writing meanwhile makes this a CONFLICT (the item changed): nothing of it is written.
  await raceChecked(() => ctx.em.transactional(async (em) => {
    await holdCampaign(em, item.campaign.id);
    await releaseDemand(em, item.id, ctx.clock.now());
    recordEvent(em, ctx, { demandItem: item, action: 'WITHDRAWN', from: item.status, to, note });
    item.status = to;
  }));
  return item;
}
