import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context';
import { DemandStatus, EscalationReason, LIVE_ASSIGNMENT, RegionLevel, Role, SATISFIED_RATINGS, SupplyListStatus } from '../../common/enums';
import { isSqlite } from '../../common/dialect';
import { badInput, forbidden, notFound } from '../../common/errors';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { overdue } from '../workflow/deadline.service';
import type { GapRow, MatchReport, Rate, ReportRow, Scorecard } from './report.types';

/**
 * matchReport: figures per county, township, department and category, grouped in SQL over a
 * per-demand view (no demand row is loaded into memory): on PostgreSQL in one statement with
 * GROUPING SETS, on SQLite from a temporary table. The number of statements is fixed: it does
 * not grow with counties or departments.
 */

type Row = Record<string, unknown>;
/** Group keys; the total is one row over everything (PostgreSQL refuses GROUP BY a constant). */
const DIMENSIONS = { county: 'county', township: 'township', department: 'dep', category: 'category', total: null } as const;
type Dimension = keyof typeof DIMENSIONS;
const REASONS = Object.values(EscalationReason);
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** A rate with its parts, to three decimals; no value when nothing was counted. */
function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator ? Math.round((numerator / denominator) * 1000) / 1000 : null };
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

  // The per-demand view: one narrow row per demand, from its live assignment, latest escalation and
  // latest rating, with each thing counted as a 0/1 flag and the two durations in days.
  const flag = (condition: string) => `case when ${condition} then 1 else 0 end`;
  const facts = `select di.county_id as county, di.township_id as township, coalesce(la.department_id, 'NONE') as dep, di.category as category,
      ${flag("la.tier = 'COUNTY'")} as placed_county, ${flag("la.tier = 'CITY'")} as placed_city, ${flag("la.tier = 'MANUAL'")} as placed_manual,
      le.reason as esc_reason,
      ${flag('la.accepted_at is not null')} as accepted, ${flag('la.completed_at is not null')} as completed,
      ${flag(`di.status = '${DemandStatus.CLOSED}'`)} as closed, ${flag('la.dispatched_at is not null')} as dispatched,
      ${flag(`la.accepted_at is not null and ${daysBetween(em, 'la.accepted_at', 'la.dispatched_at')} <= ${ctx.config.acceptWithinDays}`)} as accepted_in_time,
      ${flag('lf.rating is not null')} as rated, ${flag(`lf.rating in (${quoted(SATISFIED_RATINGS)})`)} as satisfied,
      ${flag(`(la.status = 'MATCHED' and la.dispatched_at < ?)
        or (la.status in ('ACCEPTED', 'IN_PROGRESS') and la.committed_date < ?)
        or (la.status = 'IN_PROGRESS' and la.committed_date is null and la.reopened_at < ?)`)} as overdue,
      ${daysBetween(em, 'la.accepted_at', 'dl.submitted_at')} as to_accept, ${daysBetween(em, 'la.completed_at', 'dl.submitted_at')} as to_complete
    from demand_item di
    join demand_list dl on dl.id = di.list_id
    left join assignment la on la.demand_item_id = di.id and la.status in (${quoted(LIVE_ASSIGNMENT)})
    left join (select demand_item_id, max(id) as id from escalation group by demand_item_id) lem on lem.demand_item_id = di.id
    left join escalation le on le.id = lem.id
    left join (select demand_item_id, max(id) as id from feedback group by demand_item_id) lfm on lfm.demand_item_id = di.id
    left join feedback lf on lf.id = lfm.id
    where di.campaign_id = ? and di.status <> '${DemandStatus.DRAFT}' and di.county_id in (select id from region where path like ?)`;
  const factParams = [cutoff, today, cutoff, campaign.id, `${region?.path ?? ''}%`];
  /** Each figure of a report row as [name, sum over the facts]; every one of them adds up across groups. */
  const sums: [string, string][] = [
    ['demands', 'count(*)'],
    ['escalated', `sum(${flag('esc_reason is not null')})`],
    ...REASONS.map((r): [string, string] => [`r_${r.toLowerCase()}`, `sum(${flag(`esc_reason = '${r}'`)})`]),
    ...['placed_county', 'placed_city', 'placed_manual', 'accepted', 'completed', 'closed', 'dispatched', 'accepted_in_time', 'rated', 'satisfied', 'overdue']
      .map((c): [string, string] => [c, `sum(${c})`]),
  ];

  const names = new Map<string, string>();
  for (const r of await em.getConnection().execute('select id, name from region where level in (?, ?)', [RegionLevel.COUNTY, RegionLevel.TOWNSHIP])) names.set(String(r.id), String(r.name));
  for (const r of await em.getConnection().execute('select id, name from department', [])) names.set(String(r.id), String(r.name));
  names.set('ALL', region?.name ?? campaign.name);
  names.set('NONE', '(未派单)');

  /** One report row from a row of sums and its two medians (days, or null when none). */
  const toRow = (r: Row, toAccept: unknown, toComplete: unknown): ReportRow => {
    const n = (key: string) => Number(r[key] ?? 0);
    const median = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    const key = String(r.k);
    return {
      key, name: names.get(key) ?? key, demands: n('demands'), placedCounty: n('placed_county'), placedCity: n('placed_city'), placedManual: n('placed_manual'),
      escalated: n('escalated'),
      escalatedByReason: REASONS.map((reason) => ({ reason, count: n(`r_${reason.toLowerCase()}`) })).filter((x) => x.count > 0),
      accepted: n('accepted'), completed: n('completed'), closed: n('closed'), overdue: n('overdue'),
      responseRate: rate(n('accepted_in_time'), n('dispatched')),
      resolutionRate: rate(n('completed'), n('accepted')),
      satisfactionRate: rate(n('satisfied'), n('rated')),
      medianDaysToAccept: median(toAccept),
      medianDaysToComplete: median(toComplete),
    };
  };
  const byKey = (a: ReportRow, b: ReportRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const [total, byCounty, byTownship, byDepartment, byCategory] = isSqlite(em)
    ? await groupedOnSqlite(em, { facts, factParams, sums, toRow })
    : await groupedOnPostgres(em, { facts, factParams, sums, toRow });
  const sorted = (rows: ReportRow[]) => rows.sort(byKey);
  const empty: ReportRow = {
    key: 'ALL', name: names.get('ALL')!, demands: 0, placedCounty: 0, placedCity: 0, placedManual: 0, escalated: 0, escalatedByReason: [], accepted: 0, completed: 0,
    closed: 0, overdue: 0, responseRate: rate(0, 0), resolutionRate: rate(0, 0), satisfactionRate: rate(0, 0), medianDaysToAccept: null, medianDaysToComplete: null,
  };
  return {
    campaignId: campaign.id, regionId: region?.id ?? null, generatedAt: now, total: total[0] ?? empty,
    byCounty: sorted(byCounty), byTownship: sorted(byTownship), byDepartment: sorted(byDepartment), byCategory: sorted(byCategory),
  };
}

interface Grouping {
  /** The per-demand view (a SELECT) and its parameters. */
  facts: string;
  factParams: unknown[];
  /** The figures of one report row: [name, sum over the facts]. */
  sums: [string, string][];
  toRow(r: Row, toAccept: unknown, toComplete: unknown): ReportRow;
}
type Grouped = [ReportRow[], ReportRow[], ReportRow[], ReportRow[], ReportRow[]];
/** What grouping(county, township, dep, category) gives a row of each grouping set: a bit set for each column summed over. */
const GROUPING_OF: Record<Dimension, number> = { county: 0b0111, township: 0b1011, department: 0b1101, category: 0b1110, total: 0b1111 };

/** The figures as SELECT columns. */
const selectSums = (sums: [string, string][]) => sums.map(([name, sum]) => `${sum} as ${name}`).join(', ');

/**
 * PostgreSQL: one statement. The five groupings are GROUPING SETS over the per-demand view, and
 * the medians are percentile_cont(0.5), which skips the demands not yet accepted or completed.
 */
async function groupedOnPostgres(em: EntityManager, g: Grouping): Promise<Grouped> {
  const rows: Row[] = await em.getConnection().execute(`
    select grouping(county, township, dep, category) as g, coalesce(county, township, dep, category, 'ALL') as k, ${selectSums(g.sums)},
      percentile_cont(0.5) within group (order by to_accept) as to_accept,
      percentile_cont(0.5) within group (order by to_complete) as to_complete
    from (${g.facts}) facts
    group by grouping sets ((county), (township), (dep), (category), ())`, g.factParams);
  const of = (d: Dimension) => rows.filter((r) => Number(r.g) === GROUPING_OF[d]).map((r) => g.toRow(r, r.to_accept, r.to_complete));
  return [of('total'), of('county'), of('township'), of('department'), of('category')];
}

/**
 * SQLite (no GROUPING SETS, no percentiles): the per-demand view built once into a temporary
 * table. Two passes over it give the figures: by township and category (summed up again for the
 * counties, categories and total, as townships lie within one county) and by department. The
 * medians take one sorted window pass each.
 */
async function groupedOnSqlite(em: EntityManager, g: Grouping): Promise<Grouped> {
  return em.fork().transactional(async (tx) => {
    // One connection for the temporary tables: a transaction holds it.
    const query = (sql: string, params: unknown[] = []): Promise<Row[]> => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
    const medians = async (dimension: Dimension, days: 'to_accept' | 'to_complete'): Promise<Map<string, unknown>> => {
      const key = DIMENSIONS[dimension];
      // Both window functions share one partition and order, hence one sort.
      const rows = await query(`
        select k, avg(d) as median from (
          select ${key ?? "'ALL'"} as k, ${days} as d, row_number() over w as rn, count(*) over (w rows between unbounded preceding and unbounded following) as n
          from report_facts where ${days} is not null
          window w as (${key ? `partition by ${key} ` : ''}order by ${days})
        ) ranked where rn in ((n + 1) / 2, (n + 2) / 2) group by k`);
      return new Map(rows.map((r) => [String(r.k), r.median]));
    };
    const withMedians = async (dimension: Dimension, sums: Row[]): Promise<ReportRow[]> => {
      const [toAccept, toComplete] = [await medians(dimension, 'to_accept'), await medians(dimension, 'to_complete')];
      return sums.map((r) => g.toRow(r, toAccept.get(String(r.k)), toComplete.get(String(r.k))));
    };
    const again = g.sums.map(([name]) => `sum(${name}) as ${name}`).join(', ');
    const rolledUp = (dimension: Dimension) => {
      const key = DIMENSIONS[dimension];
      return query(`select ${key ?? "'ALL'"} as k, ${again} from report_sums${key ? ` group by ${key}` : ''}`);
    };
    await query('drop table if exists report_facts');
    await query('drop table if exists report_sums');
    await query(`create temporary table report_facts as ${g.facts}`, g.factParams);
    try {
      await query(`create temporary table report_sums as select county, township, category, ${selectSums(g.sums)} from report_facts group by county, township, category`);
      return [
        await withMedians('total', await rolledUp('total')),
        await withMedians('county', await rolledUp('county')),
        await withMedians('township', await rolledUp('township')),
        await withMedians('department', await query(`select dep as k, ${selectSums(g.sums)} from report_facts group by dep`)),
        await withMedians('category', await rolledUp('category')),
      ];
    } finally {
      await query('drop table if exists report_facts');
      await query('drop table if exists report_sums');
    }
  });
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
