import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context';
import {
  ASSIGNMENT_STATUS_NAMES, AssignmentStatus, CATEGORY_NAMES, type Category, DemandStatus, DepartmentLevel, ESCALATION_REASON_NAMES, EscalationReason, LIVE_ASSIGNMENT, RegionLevel, Role, SupplyListStatus,
} from '../../common/enums';
import { daysBetween, isSqlite, quoted } from '../../common/dialect';
import { badInput, forbidden, notFound } from '../../common/errors';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { overdue } from '../workflow/deadline.service';
import { STORED_FIGURES } from './demand-facts';
import type { DayMoves, GapRow, MatchReport, Rate, ReportRow, Scorecard } from './report.types';

/**
 * matchReport: figures per county, township, department and category, grouped in SQL over the
 * demands' facts (demand-facts.ts; no demand row is loaded into memory): on PostgreSQL in one
 * statement with GROUPING SETS, on SQLite in a few, through the facts' indexes. The number of
 * statements is fixed: it does not grow with counties or departments.
 */

type Row = Record<string, unknown>;
/** Group keys, as columns of demand_fact; the total is one row over everything (PostgreSQL refuses GROUP BY a constant). */
const DIMENSIONS = { county: 'county_id', township: 'township_id', department: 'department_id', category: 'category', total: null } as const;
type Dimension = keyof typeof DIMENSIONS;
const REASONS = Object.values(EscalationReason);
/** The figures that move with the clock or the configuration, computed when the report is read from what the facts keep. */
const COMPUTED = ['accepted_in_time', 'response_known', 'resolution_known', 'overdue'] as const;
/** The figures of a report row that count demands: the stored bits of a fact's state, then the computed ones. */
const FIGURES = [...STORED_FIGURES, ...COMPUTED];
const DURATIONS = ['to_accept', 'to_complete'] as const;
/** The name of a count of the rows that have a duration. */
const timed = (days: string) => `timed_${days}`;

/** A rate with its parts, to three decimals; no value when nothing was counted. */
function rate(numerator: number, denominator: number, pending: number): Rate {
  return { numerator, denominator, pending, value: denominator ? Math.round((numerator / denominator) * 1000) / 1000 : null };
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
  const [total, byCounty, byTownship, byDepartment, byCategory] = await reportRows(ctx, campaign, region);
  return { campaignId: campaign.id, regionId: region?.id ?? null, generatedAt: ctx.clock.now(), total, byCounty, byTownship, byDepartment, byCategory };
}

/**
 * The figures of every view, computed here and nowhere else (their definitions: FIGURES in
 * report.types.ts and the glossary in docs/reports.md): the report's rows over a campaign's demands in a
 * region (a city or a county; null: all), total first, then by county, township, department and
 * category, each sorted by key. Scorecards and the ledger's sheets read these same rows.
 */
export async function reportRows(ctx: Context, campaign: Campaign, region: Region | null): Promise<[ReportRow, ReportRow[], ReportRow[], ReportRow[], ReportRow[]]> {
  const em = ctx.em;
  const now = ctx.clock.now();
  const platform = em.getPlatform();
  const cutoff = platform.processDateProperty(new Date(now.getTime() - ctx.config.acceptWithinDays * 86_400_000));
  const today = now.toISOString().slice(0, 10);

  // The campaign's facts in scope, and the figures computed from them as they are read.
  const sqlite = isSqlite(em);
  const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;
  const facts: Facts = {
    // Without a region every county is in scope.
    scope: `campaign_id = ?${region ? ' and county_id in (select id from region where path like ?)' : ''}`,
    scopeParams: region ? [campaign.id, `${region.path}%`] : [campaign.id],
    computed: {
      accepted_in_time: { sql: flag(`accepted_at is not null and ${daysBetween(sqlite, 'accepted_at', 'dispatched_at')} <= ${ctx.config.acceptWithinDays}`), params: [] },
      // Accepted, or past the days to accept without it: the outcome is known.
      response_known: { sql: flag('accepted_at is not null or dispatched_at < ?'), params: [cutoff] },
      // Completed, or accepted and past the committed date (or reopened, owing a new one): the outcome is known.
      resolution_known: {
        sql: flag(`assignment_status in ('${AssignmentStatus.COMPLETED}', '${AssignmentStatus.CLOSED}') or (accepted_at is not null and (committed_date is null or committed_date < ?))`),
        params: [today],
      },
      // The overdue list's three clocks (deadline.service.ts): response, resolution, and a leader's due date.
      overdue: {
        sql: flag(`(assignment_status = 'MATCHED' and dispatched_at < ?)
          or (assignment_status in ('ACCEPTED', 'IN_PROGRESS') and committed_date < ?)
          or (assignment_status = 'IN_PROGRESS' and committed_date is null and reopened_at < ?)
          or leader_due_date < ?`),
        params: [cutoff, today, cutoff, today],
      },
    },
  };

  const names = new Map<string, string>(Object.entries(CATEGORY_NAMES));
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
      escalatedByReason: REASONS.map((reason) => ({ reason, name: ESCALATION_REASON_NAMES[reason], count: n(`r_${reason.toLowerCase()}`) })).filter((x) => x.count > 0),
      accepted: n('accepted'), completed: n('completed'), closed: n('closed'), overdue: n('overdue'),
      responseRate: rate(n('accepted_in_time'), n('response_known'), n('dispatched') - n('response_known')),
      resolutionRate: rate(n('resolved'), n('resolution_known'), n('accepted') - n('resolution_known')),
      satisfactionRate: rate(n('satisfied'), n('rated'), n('completed') - n('closed')),
      medianDaysToAccept: median(toAccept),
      medianDaysToComplete: median(toComplete),
    };
  };
  const byKey = (a: ReportRow, b: ReportRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const [total, byCounty, byTownship, byDepartment, byCategory] = sqlite
    ? await groupedOnSqlite(em, facts, toRow)
    : await groupedOnPostgres(em, facts, toRow);
  const sorted = (rows: ReportRow[]) => rows.sort(byKey);
  return [total[0] ?? toRow({ k: 'ALL' }, null, null), sorted(byCounty), sorted(byTownship), sorted(byDepartment), sorted(byCategory)];
}

interface Facts {
  /** Which rows of demand_fact the report covers: a condition, and its parameters. */
  scope: string;
  scopeParams: unknown[];
  /** The computed figures: a 0/1 expression over a fact's columns each, with its parameters. */
  computed: Record<(typeof COMPUTED)[number], { sql: string; params: unknown[] }>;
}
type ToRow = (r: Row, toAccept: unknown, toComplete: unknown) => ReportRow;
type Grouped = [ReportRow[], ReportRow[], ReportRow[], ReportRow[], ReportRow[]];
/** What grouping(county, township, dep, category) gives a row of each grouping set: a bit set for each column summed over. */
const GROUPING_OF: Record<Dimension, number> = { county: 0b0111, township: 0b1011, department: 0b1101, category: 0b1110, total: 0b1111 };

/**
 * PostgreSQL: one statement. The five groupings are GROUPING SETS over the facts, each figure a
 * 0/1 column, and the medians are percentile_cont(0.5), which skips the demands not yet accepted
 * or completed.
 */
async function groupedOnPostgres(em: EntityManager, f: Facts, toRow: ToRow): Promise<Grouped> {
  const figures = [...STORED_FIGURES.map((name, bit) => `((state >> ${bit}) & 1) as ${name}`), ...COMPUTED.map((name) => `${f.computed[name].sql} as ${name}`)];
  const rows: Row[] = await em.fork().transactional(async (tx) => {
    const run = (sql: string, params: unknown[] = []): Promise<Row[]> => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
    // The planner's cost of this statement at 100,000 demands passes jit_above_cost, and compiling
    // it took longer (0.3 s in EXPLAIN ANALYZE) than it saved: JIT is off for this transaction.
    await run('set local jit = off');
    return run(`
      select grouping(county, township, dep, category) as g, coalesce(county, township, dep, category, 'ALL') as k, ${FIGURES.map((name) => `sum(${name}) as ${name}`).join(', ')},
        percentile_cont(0.5) within group (order by to_accept) as to_accept,
        percentile_cont(0.5) within group (order by to_complete) as to_complete
      from (select county_id as county, township_id as township, department_id as dep, category, ${figures.join(', ')}, to_accept, to_complete
        from demand_fact where ${f.scope}) facts
      group by grouping sets ((county), (township), (dep), (category), ())`, [...COMPUTED.flatMap((name) => f.computed[name].params), ...f.scopeParams]);
  });
  const of = (d: Dimension) => rows.filter((r) => Number(r.g) === GROUPING_OF[d]).map((r) => toRow(r, r.to_accept, r.to_complete));
  return [of('total'), of('county'), of('township'), of('department'), of('category')];
}

/**
 * SQLite (no GROUPING SETS, no percentiles). A fact's figures are the bits of one number: its
 * stored state, with the computed figures and whether it has each duration added on top. The
 * figures of a group are then counts of its facts per number: sorting 100,000 rows by a key and
 * a number is what SQLite does fast, carrying 18 columns through the sort took it 0.2 s a
 * grouping. The counties, townships and total add up the counts by township and number
 * (townships lie within one county). The medians come from the durations in the order of the
 * facts' indexes (see medians), not from window functions, whose passes took 0.1 s each.
 */
async function groupedOnSqlite(em: EntityManager, f: Facts, toRow: ToRow): Promise<Grouped> {
  return em.fork().transactional(async (tx) => {
    // One connection for the temporary tables: a transaction holds it.
    const query = (sql: string, params: unknown[] = []): Promise<Row[]> => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
    const bits = [...FIGURES, ...DURATIONS.map(timed)];
    const extra = [...COMPUTED.map((name) => f.computed[name].sql), ...DURATIONS.map((days) => `(${days} is not null)`)];
    const state = ['state', ...extra.map((e, i) => `(${e} << ${STORED_FIGURES.length + i})`)].join(' | ');
    const stateParams = [...COMPUTED.flatMap((name) => f.computed[name].params), ...f.scopeParams];
    const figures = bits.map((name, bit) => `sum(n * ((state >> ${bit}) & 1)) as ${name}`).join(', ');
    /** A report row's figures per group of a dimension, in the order of its key, from counts of facts per group and number. */
    const counted = (dimension: Dimension) => {
      const key = DIMENSIONS[dimension];
      const counts = dimension === 'department' || dimension === 'category'
        ? `(select ${key}, state, count(*) as n from report_facts group by ${key}, state)`
        : 'report_states';
      return query(`select ${key ?? "'ALL'"} as k, ${figures} from ${counts}${key ? ` group by ${key} order by ${key}` : ''}`);
    };
    /**
     * The exact median of both durations per group of every dimension. Each dimension's
     * durations are appended, in order of (group, days), to a table whose rowids (ranks) follow
     * the insertion order: the facts' partial indexes on (campaign, group, days) give that order
     * without a sort. The groups come in the order of their key, as in the counts, which say how
     * many ranks each takes: a group's ranks start after those of the groups before it, and its
     * median is the middle rank's days, or the mean of the middle pair's. The middle ranks are
     * then read in one go.
     */
    const medians = async (counts: Record<Dimension, Row[]>): Promise<Map<string, unknown>> => {
      await query('create temporary table report_ranks (rank integer primary key, d real)');
      const middles = new Map<string, [number, number]>();
      let taken = 0;
      for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) {
        const key = DIMENSIONS[dimension];
        for (const days of DURATIONS) {
          await query(`insert into report_ranks (d) select ${days} from demand_fact where ${f.scope} and ${days} is not null order by ${key ? `${key}, ` : ''}${days}`,
            f.scopeParams);
          for (const r of counts[dimension]) {
            const n = Number(r[timed(days)]);
            if (n) middles.set(`${dimension} ${days} ${r.k}`, [taken + 1 + Math.floor((n - 1) / 2), taken + 1 + Math.floor(n / 2)]);
            taken += n;
          }
        }
      }
      const ranks = [...new Set([...middles.values()].flat())];
      const days = new Map((await query('select rank, d from report_ranks where rank in (select value from json_each(?))', [JSON.stringify(ranks)]))
        .map((r) => [Number(r.rank), Number(r.d)]));
      return new Map([...middles].map(([series, [low, high]]) => [series, (days.get(low)! + days.get(high)!) / 2]));
    };
    try {
      // The numbers once per fact, computed figures and all: three groupings read them.
      await query(`create temporary table report_facts as select county_id, township_id, department_id, category, ${state} as state from demand_fact where ${f.scope}`,
        stateParams);
      await query('create temporary table report_states as select county_id, township_id, state, count(*) as n from report_facts group by county_id, township_id, state');
      const counts = {} as Record<Dimension, Row[]>;
      for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) counts[dimension] = await counted(dimension);
      const median = await medians(counts);
      const grouped = (dimension: Dimension): ReportRow[] =>
        counts[dimension].map((r) => toRow(r, median.get(`${dimension} to_accept ${r.k}`), median.get(`${dimension} to_complete ${r.k}`)));
      return [grouped('total'), grouped('county'), grouped('township'), grouped('department'), grouped('category')];
    } finally {
      // A report that fails rolls back, and its temporary tables with it; one that succeeds drops them.
      for (const table of ['report_facts', 'report_states', 'report_ranks']) await query(`drop table if exists ${table}`);
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
      categoryName: CATEGORY_NAMES[String(r.category) as Category] ?? String(r.category),
      demands: Number(r.demands), placed: Number(r.placed), unplaced: Number(r.unplaced),
      countyCapacity: countyCapacity.get(key) ?? 0, cityCapacity: cityCapacity.get(String(r.category)) ?? 0, unplacedDemandIds: ids.get(key) ?? [],
    };
  }).sort((a, b) => b.unplaced - a.unplaced || (a.countyId + a.category < b.countyId + b.category ? -1 : 1));
}

/**
 * Moves per day: the timeline lines written on a campaign's demands in a region, counted by day (UTC,
 * as every date of the reports) and action in one grouped statement.
 */
export async function movesPerDay(ctx: Context, campaignId: string, regionId?: string | null): Promise<DayMoves[]> {
  const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
  const region = await scope(ctx, regionId);
  // SQLite keeps datetimes as milliseconds, PostgreSQL as timestamps.
  const day = isSqlite(ctx.em) ? `strftime('%Y-%m-%d', e.at / 1000, 'unixepoch')` : `to_char(e.at at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows: Row[] = await ctx.em.getConnection().execute(`select ${day} as day, e.action as action, count(*) as n
    from event e join demand_item di on di.id = e.demand_item_id join region t on t.id = di.township_id
    where di.campaign_id = ? and t.path like ? group by ${day}, e.action order by 1, 2`, [campaign.id, `${region?.path ?? ''}%`]);
  const days = new Map<string, DayMoves>();
  for (const r of rows) {
    const date = String(r.day);
    const moves = days.get(date) ?? { date, total: 0, actions: [] };
    moves.total += Number(r.n);
    moves.actions.push({ action: String(r.action), count: Number(r.n) });
    days.set(date, moves);
  }
  return [...days.values()];
}

/**
 * Department scorecards for a campaign; a department publisher sees its own, over every demand it
 * serves. An organization department reads those of its region (default: its own; a city or a
 * county), over that region's demands only, whoever served them: its own departments, and every
 * department that served one of those demands. The rates are the report's (reportRows), row for row.
 * A fixed number of statements.
 */
export async function scorecards(ctx: Context, campaignId: string, departmentId?: string | null, regionId?: string | null): Promise<Scorecard[]> {
  const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
  if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.DEPARTMENT_PUBLISHER) {
    throw forbidden(`Scorecards are for organization departments and departments; you are ${viewer.role}`);
  }
  if (viewer.role === Role.DEPARTMENT_PUBLISHER && regionId) {
    throw forbidden("A department's scorecard counts every demand it serves; regionId is for organization departments", 'regionId');
  }
  const region = viewer.role === Role.DEPARTMENT_PUBLISHER ? null : await scope(ctx, regionId);
  const [, , , byDepartment] = await reportRows(ctx, campaign, region);
  return scorecardsOf(ctx, campaign, region, byDepartment, departmentId);
}

/** The scorecards over a region whose report rows by department are given (the ledger has them already). */
export async function scorecardsOf(ctx: Context, campaign: Campaign, region: Region | null, byDepartment: ReportRow[], departmentId?: string | null): Promise<Scorecard[]> {
  const viewer = ctx.viewer!;
  const em = ctx.em;
  const rows = new Map(byDepartment.map((r) => [r.key, r]));
  /** Whose scorecards the caller reads: a department its own; an organization department its region's and the city's; an admin all. */
  const readable = (d: Department) =>
    viewer.role === Role.ADMIN
    || (viewer.role === Role.DEPARTMENT_PUBLISHER ? d.id === viewer.departmentId
      : (d.region as Region).path.startsWith(viewer.regionPath ?? '\u0000') || d.level === DepartmentLevel.CITY);
  let departments = await em.find(Department, departmentId ? { id: departmentId } : {}, { populate: ['region'], orderBy: { id: 'asc' } });
  if (departmentId) {
    // One department asked for by id: refused if it is not the caller's to read (departments are public, so its existence is no secret), never an empty list.
    if (departments.length === 0) throw notFound('Department', departmentId, 'departmentId');
    if (!readable(departments[0])) {
      throw forbidden(viewer.role === Role.DEPARTMENT_PUBLISHER
        ? `A department reads only its own scorecard (${viewer.departmentId}); ${departmentId} is another department`
        : `You may read the scorecards of your region's departments and the city's; ${departmentId} is outside them`, 'departmentId');
    }
  } else {
    // Over a region: its own departments, and those that served its demands.
    departments = departments.filter((d) => readable(d) && (!region || (d.region as Region).path.startsWith(region.path) || rows.has(d.id)));
  }
  const conn = em.getConnection();
  const live = quoted(LIVE_ASSIGNMENT);
  const items: Row[] = await conn.execute(`select si.department_id as d, count(*) as n, sum(si.capacity) as capacity from supply_item si
    join supply_list sl on sl.id = si.list_id where si.campaign_id = ? and sl.status = '${SupplyListStatus.PUBLISHED}' group by si.department_id`, [campaign.id]);
  // The region's demands: what assignments and supervisions count.
  const inScope = `di.campaign_id = ?${region ? ' and di.county_id in (select id from region where path like ?)' : ''}`;
  const scopeParams = region ? [campaign.id, `${region.path}%`] : [campaign.id];
  const byState: Row[] = await conn.execute(`select a.department_id as d, a.status as s, count(*) as n from assignment a join demand_item di on di.id = a.demand_item_id
    where ${inScope} group by a.department_id, a.status`, scopeParams);
  const used: Row[] = await conn.execute(`select a.department_id as d, count(*) as used from assignment a join demand_item di on di.id = a.demand_item_id
    where di.campaign_id = ? and a.supply_item_id is not null and a.status in (${live}) group by a.department_id`, [campaign.id]);
  const supervised: Row[] = await conn.execute(`select s.department_id as d, count(*) as n from supervision s join demand_item di on di.id = s.demand_item_id
    where ${inScope} and s.department_id is not null group by s.department_id`, scopeParams);
  // The overdue items of the region's demands (the list is the caller's already: an organization department sees its region's).
  const counties = region ? new Set((await em.find(Region, { path: { $like: `${region.path}%` }, level: RegionLevel.COUNTY })).map((r) => r.id)) : null;
  const late = (await overdue(ctx, {})).filter((o) => !counties || counties.has((o.demandItem.county as Region).id));
  const by = <T>(list: Row[]) => new Map(list.map((r) => [String(r.d), r as T]));
  const [itemsBy, usedBy, supervisedBy] = [by<Row>(items), by<Row>(used), by<Row>(supervised)];
  const n = (row: Row | undefined, key: string) => Number(row?.[key] ?? 0);
  const supplyIds = late.map((o) => o.assignment?.supplyItem?.id).filter((id): id is string => !!id);
  const supplyItems = new Map((await em.find(SupplyItem, { id: { $in: supplyIds } })).map((s) => [s.id, s]));
  const none = rate(0, 0, 0);
  return departments.map((d) => {
    const row = rows.get(d.id);
    return {
      departmentId: d.id, name: d.name, supplyItems: n(itemsBy.get(d.id), 'n'), capacity: n(itemsBy.get(d.id), 'capacity'), capacityUsed: n(usedBy.get(d.id), 'used'),
      assignmentsByState: byState.filter((s) => s.d === d.id)
        .map((s) => ({ state: String(s.s), name: ASSIGNMENT_STATUS_NAMES[String(s.s) as AssignmentStatus] ?? String(s.s), count: Number(s.n) }))
        .sort((a, b) => (a.state < b.state ? -1 : 1)),
      demands: row?.demands ?? 0,
      responseRate: row?.responseRate ?? none, resolutionRate: row?.resolutionRate ?? none, satisfactionRate: row?.satisfactionRate ?? none,
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
