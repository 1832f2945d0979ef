import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import type { Context } from '../../context';
import {
  AssignmentStatus, AssignmentTier, DemandKind, DemandStatus, EscalationReason, EscalationStatus, LIVE_ASSIGNMENT, RegionLevel, Role, SupplyListStatus,
} from '../../common/enums';
import { bulkInsert, bulkUpdate } from '../../common/bulk';
import { isSqlite } from '../../common/dialect';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { paginate, type PageArgs } from '../../common/pagination';
import { match, RELEVANCE_THRESHOLD, type MatchResult, type Problem, type ProblemDemandItem } from '../../engine';
import { Campaign } from '../campaign/campaign.entity';
import { DemandItem } from '../demand/demand-item.entity';
import { Region } from '../region/region.entity';
import { refreshFacts } from '../report/demand-facts';
import { advance, Move } from '../workflow/demand-flow';
import { recordEvent } from '../workflow/event.service';
import { Event } from '../workflow/event.entity';
import { Assignment } from './assignment.entity';
import { runEngine } from './engine-thread';
import { configuredLexicon } from './lexicon-files';
import { readPrecedents } from './precedents';
import { Escalation } from './escalation.entity';
import { MatchRun } from './match-run.entity';

/**
 * A matching run, in three steps: read the campaign's open demands, the published supply items
 * and the live assignments (outside any transaction); run the pure engine; then, in one short
 * transaction that first locks the campaign row and checks the inputs' fingerprint, bulk-insert
 * the run, its assignments, escalations and timeline events. If the inputs changed meanwhile
 * (another run, a withdrawal, a capacity change), the run starts over, at most MAX_ATTEMPTS times.
 */

const MAX_ATTEMPTS = 3;
/** Ids per lookup of open escalations (SQLite allows 32,766 bound values per statement). */
const CHUNK = 10_000;

export interface RunMatchingInput {
  campaignId: string;
  regionId?: string | null;
}

interface Inputs {
  problem: Problem;
  fingerprint: string;
  /** Status of each open demand before the run. */
  openStatus: Map<string, DemandStatus>;
  pinned: number;
  /** Micro-wishes whose days on the board ran out unclaimed: the run sends them to the desk (UNCLAIMED_WISH), not to the engine. */
  unclaimed: string[];
}

type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

async function query(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

/** The region a run covers: the caller's, or one inside it; a city or a county. */
async function scopeRegion(ctx: Context, regionId: string | null | undefined): Promise<Region | null> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) {
    throw forbidden(`Only an organization department or an administrator runs matching; you are ${viewer.role}`);
  }
  const id = regionId ?? (viewer.role === Role.ADMIN ? null : viewer.regionId);
  if (!id) return null;
  const region = await ctx.em.findOne(Region, { id });
  if (!region) throw notFound('Region', id, 'regionId');
  if (region.level !== RegionLevel.CITY && region.level !== RegionLevel.COUNTY) {
    throw badInput('regionId', `Matching runs over a city or a county; ${region.name} is a ${region.level}`, ['CITY', 'COUNTY']);
  }
  if (viewer.role === Role.ORGANIZATION_DEPARTMENT && !region.path.startsWith(viewer.regionPath ?? '\u0000')) {
    throw forbidden(`You may run matching only within your own region (${viewer.regionId})`, 'regionId');
  }
  return region;
}

/**
 * The SQL conditions shared by the read and the fingerprint check. `boardSince` (the board is on):
 * micro-wishes (INDIVIDUAL) are the volunteers' (wish.service.ts), never the engine's — on the board
 * while submitted since then, to the desk once their days ran out unclaimed (`unclaimed`), and kept
 * there (an open UNCLAIMED_WISH escalation) until the desk moves them.
 */
function selections(campaignId: string, counties: string[] | null, boardSince: Date | null = null) {
  const countyIn = counties ? ` and di.county_id in (${placeholders(counties.length)})` : '';
  const board = boardSince ? ` and not (di.kind = '${DemandKind.INDIVIDUAL}' and (di.status = '${DemandStatus.SUBMITTED}'
      or exists (select 1 from escalation e where e.demand_item_id = di.id and e.status = '${EscalationStatus.OPEN}' and e.reason = '${EscalationReason.UNCLAIMED_WISH}')))` : '';
  const supplyIn = counties ? ` and (dp.level = 'CITY' or si.region_id in (${placeholders(counties.length)}))` : '';
  const c = counties ?? [];
  return {
    demands: {
      from: `from demand_item di where di.campaign_id = ? and di.status in ('${DemandStatus.SUBMITTED}', '${DemandStatus.ESCALATED}')${countyIn}${board}`,
      params: [campaignId, ...c],
    },
    unclaimed: {
      from: `from demand_item di where di.campaign_id = ? and di.kind = '${DemandKind.INDIVIDUAL}' and di.status = '${DemandStatus.SUBMITTED}'${countyIn}
        and ${boardSince ? 'di.submitted_at <= ?' : '1 = 0'}`,
      params: [campaignId, ...c, ...(boardSince ? [boardSince] : [])],
    },
    supply: {
      from: `from supply_item si join supply_list sl on sl.id = si.list_id join department dp on dp.id = si.department_id
        where si.campaign_id = ? and sl.status = '${SupplyListStatus.PUBLISHED}'${supplyIn}`,
      params: [campaignId, ...c],
    },
    pinned: {
      from: `from assignment a join supply_item si on si.id = a.supply_item_id join supply_list sl on sl.id = si.list_id
        join department dp on dp.id = si.department_id join demand_item di on di.id = a.demand_item_id
        where si.campaign_id = ? and sl.status = '${SupplyListStatus.PUBLISHED}' and a.status in (${LIVE_ASSIGNMENT.map((s) => `'${s}'`).join(', ')})${supplyIn}`,
      params: [campaignId, ...c],
    },
  };
}

async function fingerprintOf(em: EntityManager, campaignId: string, counties: string[] | null, threshold: number, boardSince: Date | null = null): Promise<string> {
  const s = selections(campaignId, counties, boardSince);
  // One after another: inside the write transaction they share one connection.
  const demands = await query(em, `select di.id, di.version ${s.demands.from} order by di.id`, s.demands.params);
  const supply = await query(em, `select si.id, si.version ${s.supply.from} order by si.id`, s.supply.params);
  const pinned = await query(em, `select a.id, a.version ${s.pinned.from} order by a.id`, s.pinned.params);
  const unclaimed = await query(em, `select di.id, di.version ${s.unclaimed.from} order by di.id`, s.unclaimed.params);
  const hash = createHash('sha256').update(`threshold ${threshold}\n`);
  for (const [tag, rows] of [['d', demands], ['s', supply], ['a', pinned], ['w', unclaimed]] as const) {
    for (const r of rows) hash.update(`${tag} ${String(r.id)} ${String(r.version)}\n`);
  }
  return hash.digest('hex');
}

async function readInputs(em: EntityManager, campaignId: string, counties: string[] | null, threshold: number, boardSince: Date | null = null): Promise<Inputs> {
  const s = selections(campaignId, counties, boardSince);
  // One after another: inside a transaction they share one connection.
  const regions = await query(em, 'select id, name, level, parent_id from region order by id', []);
  const departments = await query(em, 'select id, name, level, region_id from department order by id', []);
  const supply = await query(em, `select si.id, si.department_id, si.category, si.title, si.description, si.forms, si.capacity, si.coverage,
      si.window_start, si.window_end ${s.supply.from} order by si.id`, s.supply.params);
  const demands = await query(em, `select di.id, di.township_id, di.category, di.title, di.content, di.forms, di.window_start, di.window_end,
      di.beneficiaries, di.priority, di.kind, di.status ${s.demands.from} order by di.id`, s.demands.params);
  const pinned = await query(em, `select di.id, di.township_id, di.category, di.title, di.content, di.forms, di.priority, a.supply_item_id
      ${s.pinned.from} order by di.id`, s.pinned.params);
  // Items whose departments declined an open demand: it never goes back to them (on any run).
  const declines = await query(em, `select a.demand_item_id, a.supply_item_id from assignment a where a.status = '${AssignmentStatus.DECLINED}'
      and a.supply_item_id is not null and a.demand_item_id in (select di.id ${s.demands.from}) order by a.demand_item_id, a.supply_item_id`, s.demands.params);
  const declinedBy = new Map<string, string[]>();
  for (const r of declines) {
    const list = declinedBy.get(String(r.demand_item_id));
    if (list) list.push(String(r.supply_item_id));
    else declinedBy.set(String(r.demand_item_id), [String(r.supply_item_id)]);
  }
  const window = (r: Row) => (r.window_start && r.window_end ? { start: String(r.window_start), end: String(r.window_end) } : null);
  const openStatus = new Map<string, DemandStatus>();
  const demandItems: ProblemDemandItem[] = demands.map((r) => {
    openStatus.set(String(r.id), r.status as DemandStatus);
    return {
      id: String(r.id), townshipId: String(r.township_id), category: r.category as never, title: String(r.title), content: String(r.content),
      forms: json(r.forms), window: window(r), beneficiaries: Number(r.beneficiaries), priority: r.priority as never, kind: r.kind as never,
      ...(declinedBy.has(String(r.id)) ? { declinedSupplyIds: declinedBy.get(String(r.id)) } : {}),
    };
  });
  for (const r of pinned) {
    demandItems.push({
      id: String(r.id), townshipId: String(r.township_id), category: r.category as never, title: String(r.title), content: String(r.content),
      forms: json(r.forms), priority: r.priority as never, pinnedSupplyId: String(r.supply_item_id),
    });
  }
  const problem: Problem = {
    regions: regions.map((r) => ({ id: String(r.id), name: String(r.name), level: r.level as never, parentId: (r.parent_id as string | null) ?? null })),
    departments: departments.map((r) => ({ id: String(r.id), name: String(r.name), level: r.level as never, regionId: String(r.region_id) })),
    supplyItems: supply.map((r) => ({
      id: String(r.id), departmentId: String(r.department_id), category: r.category as never, title: String(r.title),
      description: String(r.description), forms: json(r.forms), capacity: Number(r.capacity), coverage: json(r.coverage), window: window(r),
    })),
    demandItems,
  };
  const unclaimed = (await query(em, `select di.id ${s.unclaimed.from} order by di.id`, s.unclaimed.params)).map((r) => String(r.id));
  for (const id of unclaimed) openStatus.set(id, DemandStatus.SUBMITTED);
  return { problem, openStatus, pinned: pinned.length, unclaimed, fingerprint: await fingerprintOf(em, campaignId, counties, threshold, boardSince) };
}

class StaleInputs extends Error {}

/** Phase timings of a run, for the benchmark and for logs. */
export type MatchingObserver = (phase: 'read' | 'engine' | 'persist', ms: number) => void;

export async function runMatching(ctx: Context, input: RunMatchingInput, observe: MatchingObserver = () => {}): Promise<MatchRun> {
  const campaign = await ctx.em.findOne(Campaign, { id: input.campaignId });
  if (!campaign) throw notFound('Campaign', input.campaignId, 'campaignId');
  const region = await scopeRegion(ctx, input.regionId);
  const counties = region === null ? null
    : region.level === RegionLevel.COUNTY ? [region.id]
      : (await ctx.em.find(Region, { parent: region.id, level: RegionLevel.COUNTY })).map((r) => r.id);
  const threshold = RELEVANCE_THRESHOLD;

  for (let attempt = 1; ; attempt++) {
    const startedAt = ctx.clock.now();
    let began = performance.now();
    const boardSince = ctx.config.wishBoardDays > 0 ? new Date(startedAt.getTime() - ctx.config.wishBoardDays * 86_400_000) : null;
    const inputs = await readInputs(ctx.em.fork(), campaign.id, counties, threshold, boardSince);
    const precedents = await readPrecedents(ctx.em.fork());
    observe('read', performance.now() - began);
    began = performance.now();
    const result = await runEngine(inputs.problem, { threshold, lexicon: configuredLexicon(ctx.config), precedents }, ctx.config.engineThreadFrom);
    const engineMs = Math.round(performance.now() - began);
    observe('engine', engineMs);
    try {
      began = performance.now();
      const runId = await persist(ctx, { campaign, region, inputs, result, startedAt, engineMs, counties, threshold, boardSince });
      observe('persist', performance.now() - began);
      return await ctx.em.findOneOrFail(MatchRun, { id: runId });
    } catch (e) {
      if (!(e instanceof StaleInputs)) throw e;
      if (attempt === MAX_ATTEMPTS) {
        throw conflict(`The lists changed while matching ran, ${MAX_ATTEMPTS} times in a row (another run or edits in progress): try again`);
      }
    }
  }
}

interface PersistInput {
  campaign: Campaign;
  region: Region | null;
  inputs: Inputs;
  result: MatchResult;
  startedAt: Date;
  engineMs: number;
  counties: string[] | null;
  threshold: number;
  boardSince: Date | null;
}

async function chunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Writes one run in one transaction; throws StaleInputs when the inputs are no longer those read. */
async function persist(ctx: Context, p: PersistInput): Promise<string> {
  const { result, inputs } = p;
  const viewer = ctx.viewer!;
  return ctx.em.fork().transactional(async (em) => {
    // Take the write lock first: the campaign's row on PostgreSQL (see holdCampaign), the database's on SQLite.
    // A lock, not a change: the campaign's row keeps its values, updated_at included.
    const now = ctx.clock.now();
    await lockCampaign(em, p.campaign.id);
    if ((await fingerprintOf(em, p.campaign.id, p.counties, p.threshold, p.boardSince)) !== inputs.fingerprint) throw new StaleInputs();

    const runId = newId();
    const s = result.stats;
    const unclaimed = inputs.unclaimed.length;
    const byReason: Record<string, number> = { ...s.escalatedByReason, ...(unclaimed ? { [EscalationReason.UNCLAIMED_WISH]: unclaimed } : {}) };
    await em.insert(MatchRun, {
      id: runId, createdAt: now, updatedAt: now, campaign: p.campaign.id, region: p.region?.id ?? null,
      startedBy: viewer.userId, startedByRole: viewer.role, startedAt: p.startedAt, finishedAt: now, fingerprint: inputs.fingerprint,
      threshold: p.threshold, considered: s.considered + unclaimed, pinned: inputs.pinned, placedCounty: s.placedCounty, placedCity: s.placedCity,
      escalated: s.escalated + unclaimed, priorityPlaced: s.priorityPlaced, totalScore: s.totalScore, eligiblePairs: s.eligiblePairs,
      escalatedByReason: byReason, engineMs: p.engineMs,
    });

    const touched = [...result.assignments.map((a) => a.demandId), ...result.escalations.map((e) => e.demandId)];
    const open = new Map<string, { id: string; reason: string }>();
    await chunks(touched, async (ids) => {
      const rows = await query(em, `select id, demand_item_id, reason from escalation where status = '${EscalationStatus.OPEN}' and demand_item_id in (${placeholders(ids.length)})`, ids);
      for (const r of rows) open.set(String(r.demand_item_id), { id: String(r.id), reason: String(r.reason) });
    });

    const events: Record<string, unknown>[] = [];
    // The timeline line says what happened; the why is on the assignment or the escalation it names.
    const event = (demandId: string, action: string, to: DemandStatus, note: string | null, data: Record<string, unknown>) => {
      events.push({
        id: newId(), createdAt: now, updatedAt: now, demandItem: demandId, supplyItem: null, actor: viewer.userId, actorRole: viewer.role,
        action, fromStatus: inputs.openStatus.get(demandId) ?? null, toStatus: to, note, data, at: now,
      });
    };

    const rows = result.assignments.map((a) => ({ id: newId(), a }));
    await bulkInsert(
      em, Assignment,
      rows.map(({ id, a }) => ({
        id, demandItem: a.demandId, supplyItem: a.supplyId, department: a.departmentId, tier: a.tier as AssignmentTier, score: a.score,
        explanation: a.explanation,
      })),
      { createdAt: now, updatedAt: now, run: runId, status: AssignmentStatus.MATCHED, dispatchedAt: now, note: null, version: 1 },
    );
    await recordPlacements(em, runId, now, viewer);
    // A placement across categories says so on the township's timeline too (a few rows at most).
    for (const { id, a } of rows) {
      const note = categoryNote(a.explanation);
      if (note) await em.nativeUpdate(Event, { id: `${id}m` }, { note });
    }
    await bulkUpdate(em, DemandItem, result.assignments.map((a) => a.demandId), { status: DemandStatus.MATCHED, updatedAt: now });
    const resolved = result.assignments.map((a) => open.get(a.demandId)?.id).filter((id): id is string => id !== undefined);
    await bulkUpdate(em, Escalation, resolved, { status: EscalationStatus.RESOLVED, resolvedAt: now, updatedAt: now });

    const newEscalations: Record<string, unknown>[] = [];
    for (const e of result.escalations) {
      const existing = open.get(e.demandId);
      if (existing) {
        await em.nativeUpdate(Escalation, { id: existing.id }, { reason: e.reason as never, detail: e.detail, lastRun: runId, updatedAt: now, version: raw('version + 1') });
        if (existing.reason !== e.reason) event(e.demandId, 'ESCALATED', DemandStatus.ESCALATED, e.detail.summary, { runId, reason: e.reason, previousReason: existing.reason });
      } else {
        newEscalations.push({
          id: newId(), createdAt: now, updatedAt: now, demandItem: e.demandId, run: runId, lastRun: runId, reason: e.reason as never, detail: e.detail,
          status: EscalationStatus.OPEN, escalatedAt: now, resolvedAt: null, version: 1,
        });
        event(e.demandId, 'ESCALATED', DemandStatus.ESCALATED, e.detail.summary, { runId, reason: e.reason });
      }
    }
    // The micro-wishes no volunteer claimed in their days on the board: the desk's, with nothing of the engine's.
    const days = ctx.config.wishBoardDays;
    for (const demandId of inputs.unclaimed) {
      const summary = `微心愿在心愿墙上 ${days} 天无人领办，转组织部门统筹（可人工派单、暂缓或交领导领办）。`;
      newEscalations.push({
        id: newId(), createdAt: now, updatedAt: now, demandItem: demandId, run: runId, lastRun: runId, reason: EscalationReason.UNCLAIMED_WISH,
        detail: { candidates: [], summary }, status: EscalationStatus.OPEN, escalatedAt: now, resolvedAt: null, version: 1,
      });
      event(demandId, 'ESCALATED', DemandStatus.ESCALATED, summary, { runId, reason: EscalationReason.UNCLAIMED_WISH });
    }
    await bulkInsert(em, Escalation, newEscalations);
    const nowEscalated = [...result.escalations.filter((e) => inputs.openStatus.get(e.demandId) !== DemandStatus.ESCALATED).map((e) => e.demandId), ...inputs.unclaimed];
    await bulkUpdate(em, DemandItem, nowEscalated, { status: DemandStatus.ESCALATED, updatedAt: now });
    await bulkInsert(em, Event, events);
    // The bulk writes go past the unit of work, and so past the facts' subscriber: the run rebuilds the facts of what it placed or escalated.
    await refreshFacts(em, { runId });
    return runId;
  });
}

/** For a placement in another category than the ticked one, the engine's first sentence (类别建议：…), for the timeline; else null. */
function categoryNote(explanation: MatchResult['assignments'][number]['explanation']): string | null {
  if (!explanation.suggestedCategory) return null;
  const end = explanation.summary.indexOf('。');
  return end === -1 ? explanation.summary : explanation.summary.slice(0, end + 1);
}

/**
 * The timeline line of each placement, written by the database from the run's assignment rows
 * (one statement, nothing to send), before the demands change state: the line records the state
 * each left. Its id is its assignment's with an "m" after it: unique, and in creation order.
 */
async function recordPlacements(em: EntityManager, runId: string, now: Date, viewer: NonNullable<Context['viewer']>): Promise<void> {
  const data = isSqlite(em) ? 'json_object' : 'jsonb_build_object';
  const at = em.getPlatform().processDateProperty(now);
  await em.getConnection().execute(
    `insert into event (id, created_at, updated_at, demand_item_id, supply_item_id, actor_id, actor_role, action, from_status, to_status, note, data, at)
      select a.id || 'm', ?, ?, a.demand_item_id, null, ?, ?, 'MATCHED', di.status, '${DemandStatus.MATCHED}', null,
        ${data}('runId', a.run_id, 'assignmentId', a.id, 'tier', a.tier), ?
      from assignment a join demand_item di on di.id = a.demand_item_id where a.run_id = ?`,
    [at, at, viewer.userId, viewer.role, at, runId], 'run', em.getTransactionContext(),
  );
}

/**
 * A department declined a demand: place it again at once, by the engine's rules and tier order,
 * on another item (never one it was declined from), or escalate it. The capacity it held is
 * already back. Runs in the caller's transaction; returns what became of it.
 */
export async function replaceDeclined(
  em: EntityManager, ctx: Context, item: DemandItem, declinedFrom: string[],
): Promise<{ assignment: Assignment | null; escalation: Escalation | null }> {
  await em.flush();
  const inputs = await readInputs(em, item.campaign.id, [item.county.id], RELEVANCE_THRESHOLD);
  // The demand itself (its declines read with it, the one just made included) and the pinned ones that hold capacity.
  const problem: Problem = {
    ...inputs.problem,
    demandItems: inputs.problem.demandItems
      .filter((d) => d.id === item.id || d.pinnedSupplyId)
      .map((d) => (d.id === item.id ? { ...d, declinedSupplyIds: [...new Set([...(d.declinedSupplyIds ?? []), ...declinedFrom])].sort() } : d)),
  };
  const result = match(problem, { lexicon: configuredLexicon(ctx.config), precedents: await readPrecedents(em, item.category) });
  const now = ctx.clock.now();
  const placed = result.assignments[0];
  if (placed) {
    const assignment = em.create(Assignment, {
      demandItem: item, supplyItem: placed.supplyId, department: placed.departmentId, run: null, tier: placed.tier as AssignmentTier,
      score: placed.score, explanation: placed.explanation, status: AssignmentStatus.MATCHED, dispatchedAt: now, note: '退回后重新派单',
    });
    const from = item.status;
    item.status = advance(from, Move.MATCH);
    // The engine placed it, not the department that declined: a line of the system's.
    recordEvent(em, ctx, {
      demandItem: item, action: 'MATCHED', from, to: item.status, note: categoryNote(placed.explanation), data: { assignmentId: assignment.id, tier: placed.tier, afterDecline: true }, bySystem: true,
    });
    return { assignment, escalation: null };
  }
  const failed = result.escalations.find((e) => e.demandId === item.id)!;
  const escalation = em.create(Escalation, {
    demandItem: item, run: null, lastRun: null, reason: failed.reason as never, detail: failed.detail, status: EscalationStatus.OPEN, escalatedAt: now,
  });
  const from = item.status;
  item.status = advance(from, Move.ESCALATE);
  recordEvent(em, ctx, { demandItem: item, action: 'ESCALATED', from, to: item.status, note: failed.detail.summary, data: { reason: failed.reason, afterDecline: true }, bySystem: true });
  return { assignment: null, escalation };
}

/**
 * A move that changes a demand's state or one of its assignments first holds its campaign's row
 * in share mode, as a run holds it exclusively from its inputs check to its commit. On PostgreSQL
 * a move therefore never lands between the two, where the run would write over it (SQLite has a
 * single writer: there the run's write lock does this). Moves do not wait for one another. Call it
 * before the transaction's first write.
 */
export async function holdCampaign(em: EntityManager, campaignId: string): Promise<void> {
  if (isSqlite(em)) return;
  await em.getConnection().execute('select id from campaign where id = ? for share', [campaignId], 'all', em.getTransactionContext());
}

/**
 * A run's write lock, taken before it reads its inputs again: on PostgreSQL the campaign's row
 * (FOR NO KEY UPDATE, as an update of it would take: it waits for the moves holding the row in
 * share mode, and they for it); on SQLite the database's write lock, which any write statement
 * takes, here one that leaves the row as it is.
 */
async function lockCampaign(em: EntityManager, campaignId: string): Promise<void> {
  const sql = isSqlite(em) ? 'update campaign set name = name where id = ?' : 'select id from campaign where id = ? for no key update';
  await em.getConnection().execute(sql, [campaignId], 'run', em.getTransactionContext());
}

/**
 * A demand leaves the loop (withdrawn): its live assignment is cancelled, which gives the unit of
 * capacity back, and its open escalation leaves the desk. Runs in the caller's transaction.
 */
export async function releaseDemand(em: EntityManager, demandItemId: string, now: Date): Promise<void> {
  await em.nativeUpdate(
    Assignment,
    { demandItem: demandItemId, status: { $in: LIVE_ASSIGNMENT } },
    { status: AssignmentStatus.CANCELLED, updatedAt: now, version: raw('version + 1') },
  );
  await em.nativeUpdate(
    Escalation,
    { demandItem: demandItemId, status: EscalationStatus.OPEN },
    { status: EscalationStatus.RESOLVED, resolvedAt: now, updatedAt: now, version: raw('version + 1') },
  );
}

/** The runs' readers: organization departments and admins (which runs: the MatchRun rule in src/auth/scope.ts). */
function assertRunReader(ctx: Context): void {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.ORGANIZATION_DEPARTMENT) throw forbidden(`Matching runs are for organization departments; you are ${viewer.role}`);
}

export async function getMatchRun(ctx: Context, id: string): Promise<MatchRun> {
  assertRunReader(ctx);
  const run = await ctx.em.findOne(MatchRun, visible(MatchRun, ctx.viewer, { id }));
  if (!run) throw notFound('Match run', id, 'id');
  return run;
}

export function listMatchRuns(ctx: Context, campaignId: string, page: PageArgs) {
  assertRunReader(ctx);
  return paginate(ctx, MatchRun, { campaign: campaignId }, page);
}

/** The run's assignments the viewer may see (a county: its own county's, of a run it can read). */
export function runAssignments(ctx: Context, run: MatchRun, page: PageArgs) {
  return paginate(ctx, Assignment, { run: run.id }, page);
}

export function runEscalations(ctx: Context, run: MatchRun, reason: string | undefined, page: PageArgs) {
  const where: FilterQuery<Escalation> = reason ? { lastRun: run.id, reason: reason as never } : { lastRun: run.id };
  return paginate(ctx, Escalation, where, page);
}
