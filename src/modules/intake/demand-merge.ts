import type { EntityManager } from '@mikro-orm/core';
import { assertCanEditDemands, visible } from '../../auth/scope';
import type { Context } from '../../context';
import { DemandKind, DemandStatus, Priority, Role, type ServiceForm } from '../../common/enums';
import { badInput, forbidden, invalidState, notFound } from '../../common/errors';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import { KeptApart } from '../demand/kept-apart.entity';
import { holdCampaign, releaseDemand } from '../matching/matching.service';
import { advance, Move, statesAllowing } from '../workflow/demand-flow';
import { recordEvent } from '../workflow/event.service';
import { raceChecked } from '../workflow/loop.service';
import { freshTrackingCode } from '../tracking/tracking-code';

/**
 * What people decide about the groups of demand-groups.ts (issue 17, item 3):
 * - an organizer merges a duplicate into the demand she keeps (合并), or says two alike are not the
 *   same need (保留);
 * - an organization department merges one need raised by several villages of a county into one
 *   COMMON demand (共性问题) with the beneficiaries summed, or says they are not one need.
 * A merged demand is WITHDRAWN (Move.MERGE), never deleted: it keeps its text, its timeline and a
 * link to the demand that now serves it (DemandItem.mergedInto), and its township follows that one.
 */

/** States a merged demand may leave (Move.MERGE): not yet placed, or waiting at the desk. */
const MERGEABLE = statesAllowing(Move.MERGE);
/** A demand kept in a duplicate merge must be live. */
const LIVE = new Set([DemandStatus.DRAFT, DemandStatus.SUBMITTED, DemandStatus.MATCHED, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.ESCALATED, DemandStatus.DEFERRED, DemandStatus.LEADERSHIP]);
const MAX_MEMBERS = 200;
const PRIORITY_RANK: Record<Priority, number> = { [Priority.NORMAL]: 0, [Priority.VULNERABLE]: 1, [Priority.URGENT]: 2 };

/** The demands named, each once, all visible to the caller, of one campaign. */
async function named(ctx: Context, ids: readonly string[], field: string, least: number): Promise<DemandItem[]> {
  const unique = [...new Set(ids)];
  if (unique.length < least || unique.length > MAX_MEMBERS) throw badInput(field, `Name ${least} to ${MAX_MEMBERS} different demand items; you named ${unique.length}`, `${least}..${MAX_MEMBERS} ids`);
  const rows = await ctx.em.find(DemandItem, visible(DemandItem, ctx.viewer, { id: { $in: unique } }), { orderBy: { id: 'asc' }, populate: ['township', 'village'] });
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw notFound('Demand item', missing[0], field);
  if (new Set(rows.map((r) => r.campaign.id)).size > 1) throw badInput(field, 'The demands belong to different campaigns: merge within one campaign', 'ids of one campaign');
  return rows;
}

function mergeable(item: DemandItem, field: string): void {
  if (!MERGEABLE.includes(item.status)) {
    throw invalidState(`Demand ${item.id} is ${item.status}: only a demand not yet placed or waiting at the desk (${MERGEABLE.join(', ')}) can be merged into another; withdraw it instead`, {
      field, state: item.status, allowed: ['withdrawDemandItem'],
    });
  }
}

/** Moves one demand into another: WITHDRAWN, linked, its placement or escalation released, a line on its timeline. */
async function mergeOne(em: EntityManager, ctx: Context, item: DemandItem, into: DemandItem, note: string): Promise<void> {
  const to = advance(item.status, Move.MERGE);
  await releaseDemand(em, item.id, ctx.clock.now());
  recordEvent(em, ctx, { demandItem: item, action: 'MERGED', from: item.status, to, note, data: { into: into.id } });
  item.status = to;
  item.mergedInto = into;
}

/** 合并重复: the organizer keeps one demand and merges the duplicates of her township into it. */
export async function mergeDuplicates(ctx: Context, keepId: string, duplicateIds: readonly string[]): Promise<DemandItem> {
  const rows = await named(ctx, [keepId, ...duplicateIds.filter((id) => id !== keepId)], 'duplicateIds', 2);
  const keep = rows.find((r) => r.id === keepId)!;
  assertCanEditDemands(ctx.viewer!, keep.township.id, 'keepId');
  if (!LIVE.has(keep.status)) {
    throw invalidState(`The demand to keep (${keep.id}) is ${keep.status}: keep one that is still open`, { field: 'keepId', state: keep.status, allowed: [...LIVE] });
  }
  const duplicates = rows.filter((r) => r !== keep);
  for (const d of duplicates) {
    if (d.township.id !== keep.township.id) throw forbidden(`Demand ${d.id} is another township's: duplicates are merged within one township`, 'duplicateIds');
    mergeable(d, 'duplicateIds');
  }
  // The same need entered twice counts the same people once: the larger count stands.
  const beneficiaries = Math.max(keep.beneficiaries, ...duplicates.map((d) => d.beneficiaries));
  await raceChecked(() => ctx.em.transactional(async (em) => {
    await holdCampaign(em, keep.campaign.id);
    for (const d of duplicates) await mergeOne(em, ctx, d, keep, `重复，合并到 ${keep.id}「${keep.title}」`);
    recordEvent(em, ctx, { demandItem: keep, action: 'MERGED_IN', from: keep.status, to: keep.status, note: `合并了重复需求 ${duplicates.map((d) => `${d.id}「${d.title}」`).join('、')}`, data: { from: duplicates.map((d) => d.id) } });
    keep.beneficiaries = beneficiaries;
  }));
  return keep;
}

export interface CommonNeedInput {
  demandItemIds: string[];
  title?: string | null;
}

/** The organization departments over every member's county (and admin) act on a common need. */
function assertOverseesAll(ctx: Context, rows: readonly DemandItem[], field: string): void {
  const viewer = ctx.viewer!;
  if (viewer.role === Role.ADMIN) return;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT) throw forbidden(`Common needs are merged by the organization department; you are ${viewer.role}`, field);
  // visible() has already kept the rows to the viewer's region.
}

const intersect = <T>(lists: T[][]): T[] => lists.reduce((a, b) => a.filter((x) => b.includes(x)));

/**
 * 合并共性问题: one COMMON demand for a need several villages of one county raised, on the list of the
 * first member's township, beneficiaries summed, SUBMITTED (the next run matches it), each member
 * WITHDRAWN and linked to it. Its forms are those every member accepts (else the first's), its window
 * the span all members share (else the first's), its priority the highest.
 */
export async function mergeCommonNeed(ctx: Context, input: CommonNeedInput): Promise<DemandItem> {
  const rows = await named(ctx, input.demandItemIds, 'input.demandItemIds', 2);
  assertOverseesAll(ctx, rows, 'input.demandItemIds');
  const first = rows[0];
  for (const r of rows) {
    if (r.county.id !== first.county.id) throw badInput('input.demandItemIds', `Demand ${r.id} is of another county: a common need is merged within one county`, `ids of county ${first.county.id}`);
    if (r.category !== first.category) throw badInput('input.demandItemIds', `Demand ${r.id} is ${r.category}, not ${first.category}: a common need is of one category`, first.category);
    if (r.status === DemandStatus.DRAFT) {
      throw invalidState(`Demand ${r.id} is still on a draft list: its township submits it first`, { field: 'input.demandItemIds', state: r.status, allowed: [DemandStatus.SUBMITTED, DemandStatus.ESCALATED, DemandStatus.DEFERRED] });
    }
    mergeable(r, 'input.demandItemIds');
  }
  const title = input.title != null ? v.text('input.title', input.title, v.LIMITS.title) : first.title;
  const places = [...new Set(rows.map((r) => r.village?.name ?? r.township.name))];
  const content = clip(`共性问题：${places.length} 个村（社区）提出同一需求（${places.join('、')}）。\n${rows.map((r) => `· ${r.id}「${r.title}」：${r.content}`).join('\n')}`, v.LIMITS.content);
  const forms = intersect(rows.map((r) => [...r.forms] as ServiceForm[]));
  const start = rows.every((r) => r.windowStart) ? rows.map((r) => r.windowStart!).sort().at(-1)! : null;
  const end = rows.every((r) => r.windowEnd) ? rows.map((r) => r.windowEnd!).sort()[0] : null;
  const shared = start && end && start <= end;
  const now = ctx.clock.now();
  let common!: DemandItem;
  await raceChecked(() => ctx.em.transactional(async (em) => {
    await holdCampaign(em, first.campaign.id);
    common = em.create(DemandItem, {
      list: first.list, campaign: first.campaign, township: first.township, county: first.county, village: null,
      category: first.category, title, content, forms: forms.length ? forms : first.forms,
      windowStart: shared ? start : first.windowStart, windowEnd: shared ? end : first.windowEnd,
      beneficiaries: Math.min(v.LIMITS.beneficiaries, rows.reduce((n, r) => n + r.beneficiaries, 0)),
      priority: rows.map((r) => r.priority).sort((a, b) => PRIORITY_RANK[b] - PRIORITY_RANK[a])[0],
      kind: DemandKind.COMMON, source: first.source, status: DemandStatus.SUBMITTED, submittedAt: now, trackingCode: await freshTrackingCode(em),
    });
    recordEvent(em, ctx, { demandItem: common, action: 'SUBMITTED', from: DemandStatus.DRAFT, to: DemandStatus.SUBMITTED, note: `共性问题：合并 ${rows.length} 条需求（${rows.map((r) => r.id).join('、')}）`, data: { from: rows.map((r) => r.id) } });
    for (const r of rows) await mergeOne(em, ctx, r, common, `共性问题，合并到「${title}」，由它统一配餐`);
  }));
  return common;
}

/** 保留: the demands named are not the same need; the grouping never links any two of them again. */
export async function keepApart(ctx: Context, ids: readonly string[]): Promise<string[]> {
  const rows = await named(ctx, ids, 'demandItemIds', 2);
  const viewer = ctx.viewer!;
  if (viewer.role === Role.TOWNSHIP_ORGANIZER) for (const r of rows) assertCanEditDemands(viewer, r.township.id, 'demandItemIds');
  else assertOverseesAll(ctx, rows, 'demandItemIds');
  const known = await ctx.em.find(KeptApart, { first: { $in: rows.map((r) => r.id) } });
  const have = new Set(known.map((k) => `${k.first.id}\u0000${k.second.id}`));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if (have.has(`${rows[i].id}\u0000${rows[j].id}`)) continue;
      ctx.em.create(KeptApart, { campaign: rows[i].campaign, first: rows[i], second: rows[j], createdBy: viewer.userId });
    }
  }
  await ctx.em.flush();
  return rows.map((r) => r.id);
}

/** The pairs kept apart in a campaign, for the grouping. */
export async function pairsKeptApart(em: EntityManager, campaignId: string): Promise<[string, string][]> {
  const rows: { first_id: string; second_id: string }[] = await em.getConnection().execute('select first_id, second_id from demand_kept_apart where campaign_id = ?', [campaignId], 'all');
  return rows.map((r) => [r.first_id, r.second_id]);
}

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}
