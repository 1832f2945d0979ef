import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context';
import { DemandStatus, EscalationReason, LIVE_ASSIGNMENT, RegionLevel, Role, SATISFIED_RATINGS, SupplyListStatus } from '../../common/enums';
import { badInput, forbidden, notFound } from '../../common/errors';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { overdue } from '../workflow/deadline.service';
import type { GapRow, MatchReport, Rate, ReportRow, Scorecard } from './report.types';

/**
 * matchReport: figures per county, township, department and category, each from one GROUP BY
 * over a per-demand view built once in SQL as a temporary table (no row is loaded into memory),
 * medians by window functions. The number of statements is fixed: it does not grow with counties or departments.
 * The SQL is the same on SQLite and PostgreSQL except the day arithmetic, given for each.
 */

type Row = Record<string, unknown>;
/** Group keys; the total is one row over everything (PostgreSQL refuses GROUP BY a constant). */
const DIMENSIONS = { county: 'county', township: 'township', department: "coalesce(department, 'NONE')", category: 'category', total: null } as const;
type Dimension = keyof typeof DIMENSIONS;
const REASONS = Object.values(EscalationReason);
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** A rate with its parts, to three decimals; no value when nothing was counted. */
function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator ? Math.round((numerator / denominator) * 1000) / 1000 : null };
}

function isSqlite(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('sqlite');
}

/** Days from b to a, both datetime columns of the facts. */
function daysBetween(em: EntityManager, a: string, b: string): string {
  return isSqlite(em) ? `((${a} - ${b}) / 86400000.0)` : `(extract(epoch from (${a} - ${b})) / 86400.0)`;
}

async function scope(ctx: Context, regionId: string | null | undefined): Promise<Region | null> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) throw forbidden(`Reports are for organization departments; you are ${viewer.role}`);
  const id = regionId ?? (viewer.role === Role.ADMIN ? null : viewer.regionId);
  if (!id) return null;
  const region = await ctx.em.findOne(Region, { id });
  if (!region) throw notFound('Region', id, 'regionId');
  if (region.level !== RegionLevel.CITY && region.level !== RegionLevel.COUNTY) {
    throw badInput('regionId', `Reports cover a city or a county; ${region.name} is a ${region.level}`, ['CITY', 'COUNTY']);
  }
  if (viewer.role === Role.ORGANIZATION_DEPARTMENT && !region.path.startsWith(viewer.regionPath ?? '\u0000')) {
    throw forbidden(`You may report only on your own region (${viewer.regionId})`, 'regionId');
  }
  return region;
}

export async function matchReport(ctx: Context, campaignId: string, regionId?: string | null): Promise<MatchReport> {
  const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
  const region = await scope(ctx, regionId);
  const em = ctx.em;
  const now = ctx.clock.now();
  const platform = em.getPlatform();
  const cutoff = platform.processDateProperty(new Date(now.getTime() - ctx.config.acceptWithinDays * 86_400_000));
  const today = now.toISOString().slice(0, 10);

  // The per-demand view, built once into a temporary table that every grouping then reads.
  const facts = `create temporary table report_facts as
    select di.id, di.county_id as county, di.township_id as township, di.category as category, di.status as status,
      la.department_id as department, la.tier as tier, la.status as a_status, la.dispatched_at as dispatched_at,
      la.accepted_at as accepted_at, la.completed_at as completed_at, la.committed_date as committed_date, la.reopened_at as reopened_at,
      dl.submitted_at as submitted_at, le.reason as esc_reason, lf.rating as rating
    from demand_item di
    join demand_list dl on dl.id = di.list_id
    join region t on t.id = di.township_id
    left join assignment la on la.demand_item_id = di.id and la.status in (${quoted(LIVE_ASSIGNMENT)})
    left join (select demand_item_id, max(id) as id from escalation group by demand_item_id) lem on lem.demand_item_id = di.id
    left join escalation le on le.id = lem.id
    left join (select demand_item_id, max(id) as id from feedback group by demand_item_id) lfm on lfm.demand_item_id = di.id
    left join feedback lf on lf.id = lfm.id
    where di.campaign_id = ? and di.status <> '${DemandStatus.DRAFT}' and t.path like ?`;
  const factParams = [campaign.id, `${region?.path ?? ''}%`];
  const accepted = daysBetween(em, 'accepted_at', 'dispatched_at');

  const counts = async (dimension: Dimension): Promise<Row[]> => query(`
    select ${DIMENSIONS[dimension] ?? "'ALL'"} as k, count(*) as demands,
      sum(case when tier = 'COUNTY' then 1 else 0 end) as placed_county,
      sum(case when tier = 'CITY' then 1 else 0 end) as placed_city,
      sum(case when tier = 'MANUAL' then 1 else 0 end) as placed_manual,
      sum(case when esc_reason is not null then 1 else 0 end) as escalated,
      ${REASONS.map((r) => `sum(case when esc_reason = '${r}' then 1 else 0 end) as r_${r.toLowerCase()}`).join(',\n      ')},
      sum(case when accepted_at is not null then 1 else 0 end) as accepted,
      sum(case when completed_at is not null then 1 else 0 end) as completed,
      sum(case when status = '${DemandStatus.CLOSED}' then 1 else 0 end) as closed,
      sum(case when dispatched_at is not null then 1 else 0 end) as dispatched,
      sum(case when accepted_at is not null and ${accepted} <= ${ctx.config.acceptWithinDays} then 1 else 0 end) as accepted_in_time,
      sum(case when rating is not null then 1 else 0 end) as rated,
      sum(case when rating in (${quoted(SATISFIED_RATINGS)}) then 1 else 0 end) as satisfied,
      sum(case when (a_status = 'MATCHED' and dispatched_at < ?)
        or (a_status in ('ACCEPTED', 'IN_PROGRESS') and committed_date < ?)
        or (a_status = 'IN_PROGRESS' and committed_date is null and reopened_at < ?) then 1 else 0 end) as overdue
    from report_facts${DIMENSIONS[dimension] ? ` group by ${DIMENSIONS[dimension]}` : ''}`, [cutoff, today, cutoff]);

  const medians = async (dimension: Dimension, until: 'accepted_at' | 'completed_at'): Promise<Map<string, number>> => {
    const days = daysBetween(em, until, 'submitted_at');
    const key = DIMENSIONS[dimension];
    const partition = key ? `partition by ${key} ` : '';
    const rows: Row[] = await query(`
      select k, avg(d) as median from (
        select ${key ?? "'ALL'"} as k, ${days} as d,
          row_number() over (${partition}order by ${days}) as rn,
          count(*) over (${key ? `partition by ${key}` : ''}) as n
        from report_facts where ${until} is not null and submitted_at is not null
      ) ranked where rn in ((n + 1) / 2, (n + 2) / 2) group by k`, []);
    return new Map(rows.map((r) => [String(r.k), Math.round(Number(r.median) * 10) / 10]));
  };

  const names = new Map<string, string>();
  for (const r of await em.getConnection().execute('select id, name from region where level in (?, ?)', [RegionLevel.COUNTY, RegionLevel.TOWNSHIP])) names.set(String(r.id), String(r.name));
  for (const r of await em.getConnection().execute('select id, name from department', [])) names.set(String(r.id), String(r.name));
  names.set('ALL', region?.name ?? campaign.name);
  names.set('NONE', '(未派单)');

  const rows = async (dimension: Dimension): Promise<ReportRow[]> => {
    const raw = await counts(dimension);
    const toAccept = await medians(dimension, 'accepted_at');
    const toComplete = await medians(dimension, 'completed_at');
    return raw.map((r) => {
      const n = (key: string) => Number(r[key] ?? 0);
      const key = String(r.k);
      return {
        key, name: names.get(key) ?? key, demands: n('demands'), placedCounty: n('placed_county'), placedCity: n('placed_city'), placedManual: n('placed_manual'),
        escalated: n('escalated'),
        escalatedByReason: REASONS.map((reason) => ({ reason, count: n(`r_${reason.toLowerCase()}`) })).filter((x) => x.count > 0),
        accepted: n('accepted'), completed: n('completed'), closed: n('closed'), overdue: n('overdue'),
        responseRate: rate(n('accepted_in_time'), n('dispatched')),
        resolutionRate: rate(n('completed'), n('accepted')),
        satisfactionRate: rate(n('satisfied'), n('rated')),
        medianDaysToAccept: toAccept.get(key) ?? null,
        medianDaysToComplete: toComplete.get(key) ?? null,
      };
    }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  // One connection for the temporary table: a transaction holds it.
  let query: (sql: string, params: unknown[]) => Promise<Row[]> = async () => [];
  const [total, byCounty, byTownship, byDepartment, byCategory] = await em.fork().transactional(async (tx) => {
    query = (sql, params) => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
    await query('drop table if exists report_facts', []);
    await query(facts, factParams);
    try {
      return [await rows('total'), await rows('county'), await rows('township'), await rows('department'), await rows('category')];
    } finally {
      await query('drop table if exists report_facts', []);
    }
  });
  const empty: ReportRow = {
    key: 'ALL', name: names.get('ALL')!, demands: 0, placedCounty: 0, placedCity: 0, placedManual: 0, escalated: 0, escalatedByReason: [], accepted: 0, completed: 0,
    closed: 0, overdue: 0, responseRate: rate(0, 0), resolutionRate: rate(0, 0), satisfactionRate: rate(0, 0), medianDaysToAccept: null, medianDaysToComplete: null,
  };
  return { campaignId: campaign.id, regionId: region?.id ?? null, generatedAt: now, total: total[0] ?? empty, byCounty, byTownship, byDepartment, byCategory };
}

/** Gap analysis per county and category: demand against capacity, and the unplaced items behind it. Four statements. */
export async function gapAnalysis(ctx: Context, campaignId: string, regionId?: string | null): Promise<GapRow[]> {
  const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
  const region = await scope(ctx, regionId);
  const conn = ctx.em.getConnection();
  const live = quoted(LIVE_ASSIGNMENT);
  const base = `from demand_item di join region t on t.id = di.township_id
    left join assignment la on la.demand_item_id = di.id and la.status in (${live})
    where di.campaign_id = ? and di.status <> '${DemandStatus.DRAFT}' and t.path like ?`;
  const params = [campaign.id, `${region?.path ?? ''}%`];
  const groups: Row[] = await conn.execute(`select di.county_id as county, di.category as category, count(*) as demands,
      sum(case when la.id is not null then 1 else 0 end) as placed,
      sum(case when la.id is null and di.status <> '${DemandStatus.WITHDRAWN}' then 1 else 0 end) as unplaced
    ${base} group by di.county_id, di.category`, params);
  const supply = `from supply_item si join supply_list sl on sl.id = si.list_id join department d on d.id = si.department_id
    where si.campaign_id = ? and sl.status = '${SupplyListStatus.PUBLISHED}'`;
  const county: Row[] = await conn.execute(`select si.region_id as region, si.category as category, sum(si.capacity) as capacity ${supply} and d.level = 'COUNTY' group by si.region_id, si.category`, [campaign.id]);
  const city: Row[] = await conn.execute(`select si.category as category, sum(si.capacity) as capacity ${supply} and d.level = 'CITY' group by si.category`, [campaign.id]);
  const waiting: Row[] = await conn.execute(`select di.id as id, di.county_id as county, di.category as category ${base}
    and la.id is null and di.status <> '${DemandStatus.WITHDRAWN}' order by di.id`, params);
  const countyCapacity = new Map(county.map((r) => [`${r.region}|${r.category}`, Number(r.capacity)]));
  const cityCapacity = new Map(city.map((r) => [String(r.category), Number(r.capacity)]));
  const ids = new Map<string, string[]>();
  for (const r of waiting) {
    const key = `${r.county}|${r.category}`;
    ids.set(key, [...(ids.get(key) ?? []), String(r.id)]);
  }
  const names = new Map((await ctx.em.find(Region, { level: RegionLevel.COUNTY })).map((r) => [r.id, r.name]));
  return groups.map((r) => {
    const key = `${r.county}|${r.category}`;
    return {
      countyId: String(r.county), countyName: names.get(String(r.county)) ?? String(r.county), category: String(r.category),
      demands: Number(r.demands), placed: Number(r.placed), unplaced: Number(r.unplaced),
      countyCapacity: countyCapacity.get(key) ?? 0, cityCapacity: cityCapacity.get(String(r.category)) ?? 0, unplacedDemandIds: ids.get(key) ?? [],
    };
  }).sort((a, b) => b.unplaced - a.unplaced || (a.countyId + a.category < b.countyId + b.category ? -1 : 1));
}

/** Department scorecards for a campaign; a department publisher sees its own. A fixed number of statements. */
export async function scorecards(ctx: Context, campaignId: string, departmentId?: string | null): Promise<Scorecard[]> {
  const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
  const viewer = ctx.viewer!;
  const em = ctx.em;
  let departments = await em.find(Department, departmentId ? { id: departmentId } : {}, { populate: ['region'], orderBy: { id: 'asc' } });
  if (viewer.role === Role.DEPARTMENT_PUBLISHER) departments = departments.filter((d) => d.id === viewer.departmentId);
  else if (viewer.role === Role.ORGANIZATION_DEPARTMENT) departments = departments.filter((d) => (d.region as Region).path.startsWith(viewer.regionPath ?? '\u0000') || d.level === 'CITY');
  else if (viewer.role !== Role.ADMIN) throw forbidden(`Scorecards are for organization departments and departments; you are ${viewer.role}`);
  const conn = em.getConnection();
  const live = quoted(LIVE_ASSIGNMENT);
  const items: Row[] = await conn.execute(`select si.department_id as d, count(*) as n, sum(si.capacity) as capacity from supply_item si
    join supply_list sl on sl.id = si.list_id where si.campaign_id = ? and sl.status = '${SupplyListStatus.PUBLISHED}' group by si.department_id`, [campaign.id]);
  const assigned = `from assignment a join demand_item di on di.id = a.demand_item_id where di.campaign_id = ?`;
  const byState: Row[] = await conn.execute(`select a.department_id as d, a.status as s, count(*) as n ${assigned} group by a.department_id, a.status`, [campaign.id]);
  const accepted = daysBetween(em, 'a.accepted_at', 'a.dispatched_at');
  const flow: Row[] = await conn.execute(`select a.department_id as d,
      sum(case when a.supply_item_id is not null and a.status in (${live}) then 1 else 0 end) as used,
      count(*) as dispatched,
      sum(case when a.accepted_at is not null and ${accepted} <= ${ctx.config.acceptWithinDays} then 1 else 0 end) as in_time,
      sum(case when a.accepted_at is not null then 1 else 0 end) as accepted,
      sum(case when a.completed_at is not null then 1 else 0 end) as completed
    ${assigned} group by a.department_id`, [campaign.id]);
  const ratings: Row[] = await conn.execute(`select a.department_id as d, count(*) as rated,
      sum(case when f.rating in (${quoted(SATISFIED_RATINGS)}) then 1 else 0 end) as satisfied
    from feedback f join assignment a on a.id = f.assignment_id join demand_item di on di.id = a.demand_item_id where di.campaign_id = ? group by a.department_id`, [campaign.id]);
  const supervised: Row[] = await conn.execute(`select s.department_id as d, count(*) as n from supervision s join demand_item di on di.id = s.demand_item_id
    where di.campaign_id = ? and s.department_id is not null group by s.department_id`, [campaign.id]);
  const late = await overdue(ctx, {});
  const by = <T>(rows: Row[]) => new Map(rows.map((r) => [String(r.d), r as T]));
  const [itemsBy, flowBy, ratingsBy, supervisedBy] = [by<Row>(items), by<Row>(flow), by<Row>(ratings), by<Row>(supervised)];
  const n = (row: Row | undefined, key: string) => Number(row?.[key] ?? 0);
  const supplyIds = late.map((o) => o.assignment?.supplyItem?.id).filter((id): id is string => !!id);
  const supplyItems = new Map((await em.find(SupplyItem, { id: { $in: supplyIds } })).map((s) => [s.id, s]));
  return departments.map((d) => {
    const f = flowBy.get(d.id);
    const r = ratingsBy.get(d.id);
    return {
      departmentId: d.id, name: d.name, supplyItems: n(itemsBy.get(d.id), 'n'), capacity: n(itemsBy.get(d.id), 'capacity'), capacityUsed: n(f, 'used'),
      assignmentsByState: byState.filter((s) => s.d === d.id).map((s) => ({ state: String(s.s), count: Number(s.n) })).sort((a, b) => (a.state < b.state ? -1 : 1)),
      responseRate: rate(n(f, 'in_time'), n(f, 'dispatched')), resolutionRate: rate(n(f, 'completed'), n(f, 'accepted')), satisfactionRate: rate(n(r, 'satisfied'), n(r, 'rated')),
      supervised: n(supervisedBy.get(d.id), 'n'),
      overdue: late.filter((o) => o.assignment?.department.id === d.id).map((o) => {
        const item = o.assignment?.supplyItem ? supplyItems.get(o.assignment.supplyItem.id) : undefined;
        return {
          demandItemId: o.demandItem.id, title: o.demandItem.title, leaderName: item?.leaderName ?? null, contactName: item?.contactName ?? null,
          contactPhone: item?.contactPhone ?? null, personInCharge: o.assignment?.personInCharge ?? null, dueDate: o.dueDate,
        };
      }),
    };
  });
}
