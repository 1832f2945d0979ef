import type { FilterQuery } from '@mikro-orm/core';
import { visible } from '../../auth/scope';
import { inViewerRegion } from '../../auth/viewer';
import { Category, RegionLevel, Role, type ServiceForm } from '../../common/enums';
import { badInput, conflict, exists, forbidden, invalidState, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { withEntityManager, type Context } from '../../context';
import { compileLexicon, pair, type PairingResult, type PairLevel as EnginePairLevel } from '../../engine';
import { getCampaign } from '../campaign/campaign.service';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Household } from '../household/household.entity';
import { HARDSHIP_TAGS } from '../intake/intake-columns';
import { openDemandList, visitDemandFields, visitNeedCategory } from '../intake/intake.service';
import { configuredLexicon } from '../matching/lexicon-files';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';
import { Cadre, Pairing, PairingStatus, PairLevel, PairVisit } from './pairing.entity';

/**
 * 结对认亲 (issue 18, item 5; Jiuzhaigou's 3,809 cadres and 10,334 households): the organization
 * department registers its cadres (name, unit, the county, township or village each is assigned
 * to) and runs the pairing of a county: the engine (src/engine/pairing.ts) pairs every household
 * not yet paired with a cadre of its village, else its township, else its county, at most
 * `pairingCapacity` households a cadre, the loads balanced; the pairs in force are kept (只做加法、
 * 不做减法) and end only by hand, with a reason. A cadre (with an account) or the township's organizer
 * records the cadre's visits to a paired household; each need raised on a visit becomes a draft
 * demand of the township's list, as the visit survey's import makes them (intake.service.ts).
 */

export interface CadreInput {
  name: string;
  departmentId: string;
  regionId: string;
  userId?: string | null;
}

export interface VisitNeedInput {
  need: string;
  category?: Category | null;
  forms?: ServiceForm[] | null;
}

export interface RecordVisitInput {
  pairingId: string;
  visitedOn: string;
  notes: string;
  needs?: VisitNeedInput[] | null;
  campaignId?: string | null;
}

export interface PairingFilter {
  regionId?: string | null;
  cadreId?: string | null;
  status?: PairingStatus | null;
}

export const MAX_CADRES_AT_ONCE = 5_000;
const MAX_NEEDS = 20;
const SHOWN = 200;
const CHUNK = 1_000;

const LEVEL_OF: Partial<Record<RegionLevel, PairLevel>> = { [RegionLevel.VILLAGE]: PairLevel.VILLAGE, [RegionLevel.TOWNSHIP]: PairLevel.TOWNSHIP, [RegionLevel.COUNTY]: PairLevel.COUNTY };

/** The organization department of a region (its own or one under it), or the admin. */
function assertOrganizes(ctx: Context, region: Region, field: string, what: string): void {
  const viewer = ctx.viewer!;
  if (viewer.role === Role.ADMIN) return;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT) throw forbidden(`${what} is the organization department's (or the admin's); you are ${viewer.role}`, field);
  if (!inViewerRegion(viewer, region.path)) throw forbidden(`You may do this only within your own region (${viewer.regionId})`, field);
}

/** The county a region lies in (itself for a county). */
async function countyOf(ctx: Context, region: Region): Promise<Region> {
  let r: Region | null | undefined = region;
  while (r && r.level !== RegionLevel.COUNTY) {
    r = r.parent ? await ctx.em.findOne(Region, { id: r.parent.id }) : null;
  }
  if (!r) throw new Error(`region ${region.id} lies in no county`);
  return r;
}

// ---- cadres -------------------------------------------------------------------------------------

/** Registers cadres, all or none: each checked first (the first bad one is named by its index), then written in one transaction. */
export async function addCadres(ctx: Context, input: { cadres: CadreInput[] }): Promise<Cadre[]> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.ORGANIZATION_DEPARTMENT) throw forbidden(`Cadres are registered by the organization department (or the admin); you are ${viewer.role}`);
  const list = input.cadres ?? [];
  if (list.length === 0 || list.length > MAX_CADRES_AT_ONCE) throw badInput('input.cadres', `Give 1 to ${MAX_CADRES_AT_ONCE} cadres at once; got ${list.length}`, `1..${MAX_CADRES_AT_ONCE}`);
  const regionIds = [...new Set(list.map((c) => c.regionId))];
  const regions = new Map((await ctx.em.find(Region, { id: { $in: regionIds } })).map((r) => [r.id, r]));
  const departments = new Map((await ctx.em.find(Department, { id: { $in: [...new Set(list.map((c) => c.departmentId))] } }, { populate: ['region'] })).map((d) => [d.id, d]));
  const userIds = list.map((c) => c.userId).filter((id): id is string => !!id);
  const users = new Map((userIds.length ? await ctx.em.find(User, visible(User, viewer, { id: { $in: userIds } }), { populate: ['region'] }) : []).map((u) => [u.id, u]));
  const taken = new Set(userIds.length ? (await ctx.em.find(Cadre, { user: { $in: userIds } }, { fields: ['id', 'user'] })).map((c) => c.user!.id) : []);
  const counties = new Map<string, Region>();
  const rows: { name: string; department: Department; region: Region; county: Region; level: PairLevel; user: User | null }[] = [];
  const seenUsers = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const at = `input.cadres[${i}]`;
    const name = v.text(`${at}.name`, c.name, v.LIMITS.name);
    const region = regions.get(c.regionId);
    if (!region) throw notFound('Region', c.regionId, `${at}.regionId`);
    const level = LEVEL_OF[region.level];
    if (!level) throw badInput(`${at}.regionId`, `A cadre is assigned to a county, township or village, not a ${region.level} (${region.name})`, ['COUNTY', 'TOWNSHIP', 'VILLAGE']);
    if (viewer.role !== Role.ADMIN && !inViewerRegion(viewer, region.path)) throw forbidden(`You may register cadres only within your own region (${viewer.regionId})`, `${at}.regionId`);
    const department = departments.get(c.departmentId);
    if (!department) throw notFound('Department', c.departmentId, `${at}.departmentId`);
    if (!region.path.startsWith(department.region.path)) {
      throw badInput(`${at}.departmentId`, `${department.name} is a department of ${department.region.name}, which does not contain ${region.name}`, 'a department of the city or of the county the cadre is assigned in');
    }
    let user: User | null = null;
    if (c.userId) {
      user = users.get(c.userId) ?? null;
      if (!user) throw notFound('User', c.userId, `${at}.userId`);
      if (user.role !== Role.VOLUNTEER) throw badInput(`${at}.userId`, `A cadre's account is a party member's (VOLUNTEER); ${user.username} is ${user.role}`, ['VOLUNTEER']);
      if (taken.has(user.id) || seenUsers.has(user.id)) throw exists(`The account ${user.username} is already a cadre's`, `${at}.userId`);
      seenUsers.add(user.id);
    }
    let county = counties.get(region.id);
    if (!county) {
      county = await countyOf(ctx, region);
      counties.set(region.id, county);
    }
    rows.push({ name, department, region, county, level, user });
  }
  const ids = await ctx.em.fork().transactional(async (em) => rows.map((r) => em.create(Cadre, {
    name: r.name, department: r.department.id, region: r.region.id, county: r.county.id, level: r.level, user: r.user?.id ?? null,
  }).id));
  const found = new Map((await ctx.em.find(Cadre, { id: { $in: ids } })).map((c) => [c.id, c]));
  return ids.map((id) => found.get(id)!);
}

export async function listCadres(ctx: Context, regionId: string | null | undefined, page: PageArgs) {
  let where: FilterQuery<Cadre> = {};
  if (regionId) {
    const region = await ctx.em.findOne(Region, { id: regionId });
    if (!region) throw notFound('Region', regionId, 'regionId');
    where = { region: { path: { $like: `${region.path}%` } } };
  }
  return paginate(ctx, Cadre, where, page);
}

// ---- the run ------------------------------------------------------------------------------------

interface CountyData {
  county: Region;
  cadres: { id: string; name: string; level: PairLevel; regionId: string }[];
  households: { id: string; townshipId: string; villageId: string | null; tags: string[] }[];
  kept: { householdId: string; cadreId: string }[];
}

/**
 * What the engine needs of a county: its cadres, its households, the pairs in force, in three plain
 * statements (a county's 10,000 households are rows to read, not entities to track).
 */
async function loadCounty(ctx: Context, county: Region): Promise<CountyData> {
  const connection = ctx.em.getConnection();
  const cadres = await connection.execute('select id, name, level, region_id from cadre where county_id = ? order by id', [county.id]);
  const households = await connection.execute(
    'select h.id, h.township_id, h.village_id, h.tags from household h join region t on t.id = h.township_id where t.parent_id = ? order by h.id', [county.id]);
  const kept = await connection.execute(`select household_id, cadre_id from pairing where county_id = ? and status = '${PairingStatus.ACTIVE}'`, [county.id]);
  const tagsOf = (raw: unknown): string[] => (Array.isArray(raw) ? raw : typeof raw === 'string' ? JSON.parse(raw) : []);
  return {
    county,
    cadres: cadres.map((c: any) => ({ id: String(c.id), name: String(c.name), level: c.level as PairLevel, regionId: String(c.region_id) })),
    households: households.map((h: any) => ({ id: String(h.id), townshipId: String(h.township_id), villageId: h.village_id === null ? null : String(h.village_id), tags: tagsOf(h.tags) })),
    kept: kept.map((p: any) => ({ householdId: String(p.household_id), cadreId: String(p.cadre_id) })),
  };
}

function solve(data: CountyData, capacity: number): PairingResult {
  const countyId = data.county.id;
  return pair({
    cadres: data.cadres.map((c) => ({ id: c.id, name: c.name, level: c.level as EnginePairLevel, regionId: c.regionId, countyId })),
    households: data.households.map((h) => ({ id: h.id, countyId, townshipId: h.townshipId, villageId: h.villageId, priority: h.tags.some((t) => HARDSHIP_TAGS.includes(t)) })),
    kept: data.kept,
  }, { capacity });
}

export interface PairingRunReport {
  county: Region;
  result: PairingResult;
  /** The new pairs, the first SHOWN by household id (all are on record with their explanations). */
  shown: Pairing[];
  /** Township and village of each unpaired household shown. */
  places: Map<string, { townshipId: string; villageId: string | null }>;
}

/**
 * Pairs the county's unpaired households (只做加法: the pairs in force stay, counted in their cadres'
 * loads). The engine runs outside the write; the write is one transaction that first checks that
 * the county's cadres, households and pairs are those read (else CONFLICT: run again); at most one
 * pair in force per household is also the database's rule, so two runs at once cannot both write.
 */
export async function runPairing(ctx: Context, countyId: string): Promise<PairingRunReport> {
  const county = await ctx.em.findOne(Region, { id: countyId });
  if (!county) throw notFound('Region', countyId, 'countyId');
  if (county.level !== RegionLevel.COUNTY) throw badInput('countyId', `Pairing runs over a county; ${county.name} is a ${county.level}`, 'a COUNTY id');
  assertOrganizes(ctx, county, 'countyId', 'Running the pairing');
  const data = await loadCounty(ctx, county);
  const result = solve(data, ctx.config.pairingCapacity);
  const fingerprint = (d: { cadres: number; households: number; kept: number }) => `${d.cadres}/${d.households}/${d.kept}`;
  const read = fingerprint({ cadres: data.cadres.length, households: data.households.length, kept: data.kept.length });
  const placeOf = new Map(data.households.map((h) => [h.id, h]));
  const now = ctx.clock.now();
  const ids: string[] = [];
  await ctx.em.fork().transactional(async (em) => {
    // One after another: a transaction has one connection.
    const cadres = await em.count(Cadre, { county: county.id });
    const households = await em.count(Household, { township: { parent: county.id } });
    const kept = await em.count(Pairing, { county: county.id, status: PairingStatus.ACTIVE });
    if (fingerprint({ cadres, households, kept }) !== read) throw conflict('The county\'s cadres, households or pairs changed while the pairing ran; nothing was written: run it again');
    const rows = result.pairs.map((p) => {
      const h = placeOf.get(p.householdId)!;
      const id = newId();
      ids.push(id);
      return {
        id, createdAt: now, updatedAt: now, household: p.householdId, cadre: p.cadreId, county: county.id, township: h.townshipId, village: h.villageId,
        level: p.level as PairLevel, status: PairingStatus.ACTIVE, explanation: p.explanation.summary, startedBy: ctx.viewer!.userId === 'cli' ? null : ctx.viewer!.userId,
        endedAt: null, endReason: null, endedBy: null,
      };
    });
    for (let i = 0; i < rows.length; i += CHUNK) await em.insertMany(Pairing, rows.slice(i, i + CHUNK) as never[]);
  });
  const shownIds = result.pairs.slice(0, SHOWN).map((_, i) => ids[i]);
  const shown = shownIds.length ? await ctx.em.find(Pairing, { id: { $in: shownIds } }, { orderBy: { household: 'asc' } }) : [];
  return { county, result, shown, places: new Map(result.unpaired.map((u) => [u.householdId, placeOf.get(u.householdId)!])) };
}

// ---- summary ------------------------------------------------------------------------------------

export type UnpairedStatus = 'PENDING' | 'NO_CADRE' | 'CAPACITY_EXHAUSTED';

export interface UnpairedRow {
  householdId: string;
  townshipId: string;
  villageId: string | null;
  reason: UnpairedStatus;
  eligibleCadres: number;
  summary: string;
}

export interface PairingSummaryData {
  region: Region;
  capacity: number;
  cadres: number;
  households: number;
  paired: number;
  unpaired: number;
  maxLoad: number;
  idleCadres: number;
  pairedByLevel: Record<PairLevel, number>;
  unpairedByReason: Record<UnpairedStatus, number>;
  unpairedShown: UnpairedRow[];
}

/**
 * The load figures of a region (a county, or a township within it; a city's counties together):
 * its cadres (assigned within it) and their loads, its households, how many are paired and by
 * which level, and the unpaired with why — PENDING (a run would pair it now), NO_CADRE, or
 * CAPACITY_EXHAUSTED — read by running the engine over the county without writing.
 */
export async function pairingSummary(ctx: Context, regionId: string): Promise<PairingSummaryData> {
  const viewer = ctx.viewer!;
  const region = await ctx.em.findOne(Region, { id: regionId });
  if (!region) throw notFound('Region', regionId, 'regionId');
  if (region.level === RegionLevel.VILLAGE) throw badInput('regionId', `Load figures are for a city, county or township; ${region.name} is a village`, ['CITY', 'COUNTY', 'TOWNSHIP']);
  if (viewer.role === Role.TOWNSHIP_ORGANIZER) {
    if (region.id !== viewer.regionId) throw forbidden(`You may read only your own township's pairs (${viewer.regionId})`, 'regionId');
  } else assertOrganizes(ctx, region, 'regionId', 'The load figures');
  const counties = region.level === RegionLevel.CITY
    ? await ctx.em.find(Region, { parent: region.id, level: RegionLevel.COUNTY }, { orderBy: { id: 'asc' } })
    : [region.level === RegionLevel.COUNTY ? region : await countyOf(ctx, region)];
  const inside = (townshipId: string) => region.level !== RegionLevel.TOWNSHIP || townshipId === region.id;
  const villagesOf = region.level === RegionLevel.TOWNSHIP ? new Set((await ctx.em.find(Region, { parent: region.id }, { fields: ['id'] })).map((r) => r.id)) : null;
  const cadreInside = (c: { level: PairLevel; regionId: string }) => !villagesOf || c.regionId === region.id || villagesOf.has(c.regionId);
  const out: PairingSummaryData = {
    region, capacity: ctx.config.pairingCapacity, cadres: 0, households: 0, paired: 0, unpaired: 0, maxLoad: 0, idleCadres: 0,
    pairedByLevel: { VILLAGE: 0, TOWNSHIP: 0, COUNTY: 0 }, unpairedByReason: { PENDING: 0, NO_CADRE: 0, CAPACITY_EXHAUSTED: 0 }, unpairedShown: [],
  };
  for (const county of counties) {
    const data = await loadCounty(ctx, county);
    const levels = await ctx.em.find(Pairing, { county: county.id, status: PairingStatus.ACTIVE }, { fields: ['id', 'level', 'township'] });
    const load = new Map<string, number>();
    for (const k of data.kept) load.set(k.cadreId, (load.get(k.cadreId) ?? 0) + 1);
    for (const c of data.cadres) {
      if (!cadreInside(c)) continue;
      out.cadres++;
      const n = load.get(c.id) ?? 0;
      if (n > out.maxLoad) out.maxLoad = n;
      if (n === 0) out.idleCadres++;
    }
    let paired = 0;
    for (const p of levels) if (inside(p.township.id)) {
      paired++;
      out.pairedByLevel[p.level]++;
    }
    out.paired += paired;
    const households = data.households.filter((h) => inside(h.townshipId)).length;
    out.households += households;
    if (households === paired) continue;
    const dry = solve(data, ctx.config.pairingCapacity);
    const place = new Map(data.households.map((h) => [h.id, h]));
    const rows: UnpairedRow[] = [
      ...dry.pairs.map((p) => ({ householdId: p.householdId, reason: 'PENDING' as const, eligibleCadres: 0, summary: `尚未结对：运行结对即由${p.explanation.summary.split('：')[0].replace('结对', '')}联系。` })),
      ...dry.unpaired.map((u) => ({ householdId: u.householdId, reason: u.reason as UnpairedStatus, eligibleCadres: u.eligibleCadres, summary: u.summary })),
    ].map((r) => ({ ...r, townshipId: place.get(r.householdId)!.townshipId, villageId: place.get(r.householdId)!.villageId }))
      .filter((r) => inside(r.townshipId))
      .sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
    for (const r of rows) {
      out.unpaired++;
      out.unpairedByReason[r.reason]++;
      if (out.unpairedShown.length < SHOWN) out.unpairedShown.push(r);
    }
  }
  return out;
}

// ---- pairs --------------------------------------------------------------------------------------

export async function listPairings(ctx: Context, filter: PairingFilter, page: PageArgs) {
  const where: FilterQuery<Pairing>[] = [];
  if (filter.regionId) {
    const region = await ctx.em.findOne(Region, { id: filter.regionId });
    if (!region) throw notFound('Region', filter.regionId, 'filter.regionId');
    where.push(region.level === RegionLevel.VILLAGE ? { village: region.id } : region.level === RegionLevel.TOWNSHIP ? { township: region.id } : region.level === RegionLevel.COUNTY ? { county: region.id } : { county: { parent: region.id } });
  }
  if (filter.cadreId) where.push({ cadre: filter.cadreId });
  where.push({ status: filter.status ?? PairingStatus.ACTIVE });
  return paginate(ctx, Pairing, { $and: where }, page);
}

async function getPairing(ctx: Context, id: string, field: string): Promise<Pairing> {
  const found = await ctx.em.findOne(Pairing, visible(Pairing, ctx.viewer, { id }), { populate: ['township', 'county', 'cadre'] });
  if (!found) throw notFound('Pairing', id, field);
  return found;
}

/** Ends a pair in force, with the reason (调整、迁出、干部调离 …): the organization department of its region, the admin, or the township's organizer. */
export async function endPairing(ctx: Context, input: { id: string; reason: string }): Promise<Pairing> {
  const viewer = ctx.viewer!;
  const pairing = await getPairing(ctx, input.id, 'input.id');
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.TOWNSHIP_ORGANIZER) {
    throw forbidden(`A pair is ended by the organization department or the township's organizer; you are ${viewer.role}`, 'input.id');
  }
  const reason = v.multiline('input.reason', input.reason, 500);
  if (pairing.status !== PairingStatus.ACTIVE) {
    throw invalidState(`The pair ${pairing.id} was already ended${pairing.endReason ? ` (${pairing.endReason})` : ''}`, { field: 'input.id', state: pairing.status, allowed: ['ACTIVE'] });
  }
  const changed = await ctx.em.nativeUpdate(Pairing, { id: pairing.id, status: PairingStatus.ACTIVE }, {
    status: PairingStatus.ENDED, endedAt: ctx.clock.now(), endReason: reason, endedBy: viewer.userId === 'cli' ? null : viewer.userId, updatedAt: ctx.clock.now(),
  });
  if (changed === 0) throw conflict('Someone ended this pair a moment ago: read it again');
  return ctx.em.findOneOrFail(Pairing, { id: pairing.id }, { refresh: true });
}

// ---- visits -------------------------------------------------------------------------------------

const today = (ctx: Context) => ctx.clock.now().toISOString().slice(0, 10);

/**
 * 走访记录: a visit of the pair's cadre to its household, recorded by the cadre (its account) or the
 * township's organizer on its behalf. Each need raised becomes a draft demand (INDIVIDUAL, source
 * VISIT, linked to the household) of the township's list for the campaign, as the visit survey's
 * import makes them; the household's last visit (走访人, 走访日期) moves on to this one.
 */
export async function recordPairVisit(ctx: Context, input: RecordVisitInput): Promise<PairVisit> {
  const viewer = ctx.viewer!;
  const pairing = await getPairing(ctx, input.pairingId, 'input.pairingId');
  const cadre = await ctx.em.findOneOrFail(Cadre, { id: pairing.cadre.id });
  const isCadre = viewer.role === Role.VOLUNTEER && cadre.user?.id === viewer.userId;
  const isTownship = viewer.role === Role.TOWNSHIP_ORGANIZER && viewer.regionId === pairing.township.id;
  if (!isCadre && !isTownship) throw forbidden(`A visit is recorded by the pair's cadre or by its township's organizer; you are ${viewer.role}`, 'input.pairingId');
  if (pairing.status !== PairingStatus.ACTIVE) throw invalidState('This pair was ended: a visit is recorded on a pair in force', { field: 'input.pairingId', state: pairing.status, allowed: ['ACTIVE'] });
  const visitedOn = v.date('input.visitedOn', input.visitedOn);
  if (visitedOn > today(ctx)) throw badInput('input.visitedOn', `input.visitedOn ${visitedOn} is in the future`, `a date up to ${today(ctx)}`);
  const notes = v.multiline('input.notes', input.notes, v.LIMITS.content);
  const needsIn = input.needs ?? [];
  if (needsIn.length > MAX_NEEDS) throw badInput('input.needs', `At most ${MAX_NEEDS} needs on one visit; got ${needsIn.length}`, `0..${MAX_NEEDS}`);
  const household = await ctx.em.findOneOrFail(Household, { id: pairing.household.id });
  const lexicon = needsIn.length ? configuredLexicon(ctx.config) : null;
  const compiled = lexicon ? compileLexicon(lexicon) : null;
  const needs = needsIn.map((n, i) => {
    const need = v.multiline(`input.needs[${i}].need`, n.need, v.LIMITS.content);
    const category = n.category ?? visitNeedCategory(compiled, need, household.tags ?? []);
    if (!category) throw badInput(`input.needs[${i}].category`, 'The need does not say which of the seven it is', Object.values(Category));
    return { need, category, forms: n.forms ?? null };
  });
  const campaign = needs.length ? await getCampaign(ctx, input.campaignId ?? '', 'input.campaignId').catch((e) => {
    if (!input.campaignId) throw badInput('input.campaignId', 'Name the campaign whose demand list the needs go on', 'a campaign id');
    throw e;
  }) : null;
  const township = await ctx.em.findOneOrFail(Region, { id: pairing.township.id }, { populate: ['parent'] });
  let visit!: PairVisit;
  await ctx.em.fork().transactional(async (em) => {
    const tx = withEntityManager(ctx, em);
    const demandIds: string[] = [];
    if (campaign) {
      const { state: { list } } = await openDemandList(tx, campaign, township)(em);
      for (const n of needs) {
        const fields = await visitDemandFields(tx, list, { need: n.need, category: n.category, forms: n.forms, villageId: household.village?.id ?? null, population: household.population, tags: household.tags ?? [] });
        const item = em.create(DemandItem, { ...fields, village: fields.village?.id ?? null, list: list.id, campaign: campaign.id, township: township.id, county: township.parent!.id, household: household.id });
        demandIds.push(item.id);
      }
    }
    visit = em.create(PairVisit, {
      pairing: pairing.id, household: household.id, cadre: cadre.id, township: township.id, visitedOn, notes, needs: needs.map((n) => n.need), demandItemIds: demandIds,
      recordedBy: viewer.userId,
    });
    if (!household.visitedOn || household.visitedOn <= visitedOn) {
      await em.nativeUpdate(Household, { id: household.id }, { visitor: cadre.name, visitedOn, updatedAt: ctx.clock.now() });
    }
  });
  return ctx.em.findOneOrFail(PairVisit, { id: visit.id });
}
