import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { OPERATOR, withEntityManager, type Context } from '../../context';
import { assertCanEditDemands, assertCanEditSupply } from '../../auth/scope';
import { Category, DemandKind, DemandSource, DemandStatus, Priority, RegionLevel, Role, SupplyListStatus, type ServiceForm } from '../../common/enums';
import { AppError, badInput, forbidden, notFound } from '../../common/errors';
import type { Campaign } from '../campaign/campaign.entity';
import { getCampaign } from '../campaign/campaign.service';
import { DemandItem } from '../demand/demand-item.entity';
import { DemandList } from '../demand/demand-list.entity';
import { checkedDemandFields } from '../demand/demand.service';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { SupplyList } from '../supply/supply-list.entity';
import { checkedSupplyFields } from '../supply/supply.service';
import { compileLexicon } from '../../engine';
import type { CompiledLexicon } from '../../engine/lexicon';
import { Household } from '../household/household.entity';
import { configuredLexicon } from '../matching/lexicon-files';
import { CATEGORIES_IN_ORDER, DEMAND_COLUMNS, HARDSHIP_TAGS, SUPPLY_COLUMNS, VISIT_COLUMNS, type Column } from './intake-columns';
import { fileKind, readRecords, type CellProblem, type ReadRow } from './intake-read';

/**
 * Importing a township's demand list or a department's supply list from a spreadsheet (issue 17).
 * Two passes over the streamed file: the first reads every row and reports every bad cell at once;
 * the second, only when there is none, writes in one transaction (rolled back on a dry run, or if a
 * row cannot be written: then nothing is), BATCH rows at a time: the items earlier imports made
 * from a batch's rows read in one query, the batch's writes flushed and the unit of work cleared,
 * so that nothing the second pass holds grows with the file. A row's key (the file's 编号, else a
 * hash of the township or department and the row's content) finds the item an earlier import made:
 * the same row adds nothing, a changed one updates a draft item. Without an 编号 a row is known by
 * its category and title (需求 / 服务项目): its other cells may change, a new title is a new row.
 */

export interface ImportOptions {
  campaignId: string;
  /** For demands: the township (default: an organizer's own). */
  townshipId?: string | null;
  /** For supply: the department (default: a publisher's own). */
  departmentId?: string | null;
  dryRun?: boolean;
  /** Called every BATCH rows of each pass, and at the end of each. */
  onProgress?: (p: { phase: 'check' | 'write'; rows: number; problems: number; total: number | null }) => void;
}

export interface ImportReport {
  kind: 'demands' | 'supply' | 'visits';
  dryRun: boolean;
  /** Whether anything was written (false on a dry run, or when a problem stopped it). */
  written: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The list the rows went to: its id and state (a submitted demand list takes new rows as late items, 补报). */
  list: { id: string; status: string } | null;
  /** Every bad cell, up to MAX_PROBLEMS; problemCount counts them all. */
  problems: CellProblem[];
  problemCount: number;
}

const BATCH = 500;
const MAX_PROBLEMS = 1000;
class Rollback extends Error {}

/** An AppError's field (input.title, input.coverage[2]) as the column it came from. */
function columnOf(columns: readonly Column[], field: unknown): string {
  const key = String(field ?? '').replace(/^input\./, '').replace(/\[\d+\]$/, '');
  const aliases: Record<string, string> = { window: 'start', villageId: 'village' };
  return columns.find((c) => c.key === (aliases[key] ?? key))?.header ?? '';
}

/** A time window's two cells: both or neither, the end not before the start. */
function windowProblems(start: unknown, end: unknown, problem: (column: string, value: unknown, message: string, allowed: string) => void): void {
  if (start && end && String(start) > String(end)) problem('结束日期', end, 'ends before it starts', `a day from ${start}`);
  else if (!start !== !end) problem(start ? '结束日期' : '开始日期', '', 'a window needs both its dates', 'both 开始日期 and 结束日期, or neither');
}

/** The items earlier imports put on a list from rows of these keys (one batch's), by key. */
async function itemsByKey<E extends DemandItem | SupplyItem>(em: EntityManager, entity: new () => E, listId: string, keys: string[]): Promise<Map<string, E>> {
  if (!keys.length) return new Map();
  const items = (await em.find(entity as new () => DemandItem, { list: listId, importKey: { $in: keys } })) as unknown as E[];
  return new Map(items.map((item) => [item.importKey!, item]));
}

const keyOf = (owner: string, parts: unknown[]) => `h:${createHash('sha256').update([owner, ...parts].map(String).join('\u0001')).digest('hex').slice(0, 32)}`;
const same = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));

interface Collector {
  problems: CellProblem[];
  count: number;
  add(p: CellProblem): void;
}
function collector(): Collector {
  return {
    problems: [], count: 0,
    add(p) {
      this.count++;
      if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    },
  };
}

/** The two passes, for either list: `check` reads a row's cross-cell rules, `write` writes one (or says why it cannot). */
async function run<K extends string, W, E>(
  ctx: Context, path: string, fileName: string, columns: readonly Column<K>[], options: ImportOptions,
  check: (r: ReadRow<K>, problem: (column: string, value: unknown, message: string, allowed: string) => void) => string | null,
  write: (tx: Context, r: ReadRow<K>, key: string, state: W, existing: E | null) => Promise<'created' | 'updated' | 'unchanged'>,
  open: (em: EntityManager) => Promise<{ list: { id: string; status: string }; state: W; existing: (em: EntityManager, keys: string[]) => Promise<Map<string, E>> }>,
): Promise<Omit<ImportReport, 'kind'>> {
  const kind = fileKind(fileName);
  const found = collector();
  const keys = new Map<string, number>();
  let rows = 0;
  for await (const r of readRecords(path, kind, columns)) {
    rows++;
    for (const p of r.problems) found.add(p);
    const key = check(r, (column, value, message, allowed) => found.add({ sheet: r.sheet, row: r.row, column, value: String(value ?? ''), message, allowed }));
    if (key) {
      const earlier = keys.get(key);
      if (earlier !== undefined) {
        found.add(key.startsWith('h:')
          ? { sheet: r.sheet, row: r.row, column: columns.find((c) => c.key === 'title')?.header ?? '', value: '', message: `the same category and title as row ${earlier}`, allowed: 'each row once: another title, or an 编号 for each' }
          : { sheet: r.sheet, row: r.row, column: '编号', value: key, message: `the same 编号 as row ${earlier}`, allowed: 'each 编号 once' });
      }
      else keys.set(key, r.row);
    }
    if (rows % BATCH === 0) options.onProgress?.({ phase: 'check', rows, problems: found.count, total: null });
  }
  options.onProgress?.({ phase: 'check', rows, problems: found.count, total: null });
  const report = { dryRun: !!options.dryRun, written: false, rows, created: 0, updated: 0, unchanged: 0, list: null as ImportReport['list'], problems: found.problems, problemCount: found.count };
  if (found.count) return report;

  const counts = { created: 0, updated: 0, unchanged: 0 };
  try {
    await ctx.em.fork().transactional(async (em) => {
      // Every read of the writing pass goes through the transaction (SQLite has one connection to give).
      const tx = withEntityManager(ctx, em);
      const { list, state, existing } = await open(em);
      report.list = list;
      let done = 0;
      // A batch of rows: the items earlier imports made from them read in one query, each row written, then flushed and forgotten.
      let batch: { r: ReadRow<K>; key: string }[] = [];
      const writeBatch = async () => {
        const items = await existing(em, batch.map((b) => b.key));
        for (const { r, key } of batch) {
          try {
            counts[await write(tx, r, key, state, items.get(key) ?? null)]++;
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            found.add({ sheet: r.sheet, row: r.row, column: columnOf(columns, e.extensions.field), value: '', message: e.message, allowed: Array.isArray(e.extensions.allowed) ? e.extensions.allowed.join(', ') : String(e.extensions.allowed ?? '') });
          }
        }
        done += batch.length;
        batch = [];
        await em.flush();
        em.clear();
        tx.loaders = withEntityManager(ctx, em).loaders;
        options.onProgress?.({ phase: 'write', rows: done, problems: found.count, total: rows });
      };
      for await (const r of readRecords(path, kind, columns)) {
        batch.push({ r, key: check(r, () => undefined)! });
        if (batch.length === BATCH) await writeBatch();
      }
      if (batch.length || done === 0) await writeBatch();
      if (found.count || options.dryRun) throw new Rollback();
    });
    report.written = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  Object.assign(report, counts, { problems: found.problems, problemCount: found.count });
  if (found.count) Object.assign(report, { created: 0, updated: 0, unchanged: 0 });
  return report;
}

/** The township an import is for: an organizer's own by default; the organizer only for her own (the operator for any). */
async function townshipFor(ctx: Context, townshipId: string | null | undefined): Promise<Region> {
  const viewer = ctx.viewer!;
  const id = townshipId ?? (viewer.role === Role.TOWNSHIP_ORGANIZER ? viewer.regionId : null);
  if (!id) throw badInput('townshipId', 'Name the township whose list this is', 'a TOWNSHIP id');
  const township = await ctx.em.findOne(Region, { id }, { populate: ['parent'] });
  if (!township) throw notFound('Region', id, 'townshipId');
  if (township.level !== RegionLevel.TOWNSHIP) throw badInput('townshipId', `${township.name} is a ${township.level}, not a township`, 'a TOWNSHIP id');
  if (viewer !== OPERATOR) assertCanEditDemands(viewer, township.id, 'townshipId');
  return township;
}

/** The township's demand list for the campaign, made when it has none, and how to find the items earlier imports put on it. */
export const openDemandList = (ctx: Context, campaign: Campaign, township: Region) => async (em: EntityManager) => {
  let list = await em.findOne(DemandList, { campaign, township });
  if (!list) {
    list = em.create(DemandList, { campaign, township, county: township.parent!, title: `${township.name}需求侧清单`, createdBy: ctx.viewer === OPERATOR ? null : ctx.viewer!.userId });
    await em.flush();
  }
  const id = list.id;
  return { list: { id, status: list.status }, state: { list }, existing: (em: EntityManager, keys: string[]) => itemsByKey(em, DemandItem, id, keys) };
};

export async function importDemands(ctx: Context, path: string, fileName: string, options: ImportOptions): Promise<ImportReport> {
  const campaign = await getCampaign(ctx, options.campaignId, 'campaignId');
  const township = await townshipFor(ctx, options.townshipId);
  const villages = new Map((await ctx.em.find(Region, { parent: township, level: RegionLevel.VILLAGE })).map((r) => [r.name, r.id]));

  const check = (r: ReadRow<(typeof DEMAND_COLUMNS)[number]['key']>, problem: (column: string, value: unknown, message: string, allowed: string) => void) => {
    const v = r.values;
    if (typeof v.village === 'string' && !villages.has(v.village)) {
      problem('村（社区）', v.village, `no village of ${township.name} is named so`, [...villages.keys()].join('、') || 'none is recorded: leave it empty');
    }
    if (!r.problems.some((p) => p.column === '开始日期' || p.column === '结束日期')) windowProblems(v.start, v.end, problem);
    return typeof v.key === 'string' ? v.key : keyOf(township.id, [v.category, v.title]);
  };
  const open = openDemandList(ctx, campaign, township);
  const write = async (tx: Context, r: ReadRow<(typeof DEMAND_COLUMNS)[number]['key']>, key: string, { list }: { list: DemandList }, existing: DemandItem | null) => {
    const em = tx.em;
    const v = r.values;
    const input = {
      category: v.category as Category, title: String(v.title), content: String(v.content), forms: v.forms as ServiceForm[],
      window: v.start || v.end ? { start: (v.start as string | null) ?? null, end: (v.end as string | null) ?? null } : null,
      villageId: typeof v.village === 'string' ? villages.get(v.village)! : null, beneficiaries: (v.beneficiaries as number | null) ?? 0,
      priority: (v.priority as Priority | null) ?? Priority.NORMAL, kind: (v.kind as DemandKind | null) ?? DemandKind.COMMON, source: (v.source as DemandSource | null) ?? DemandSource.FORM,
    };
    const fields = await checkedDemandFields(tx, list, input);
    const flat = { ...fields, village: fields.village?.id ?? null };
    if (!existing) {
      em.create(DemandItem, { ...fields, village: fields.village?.id ?? null, list: list.id, campaign: campaign.id, township: township.id, county: township.parent!.id, importKey: key });
      return 'created';
    }
    if (same(flat, { ...existing, village: existing.village?.id ?? null } as unknown as Record<string, unknown>)) return 'unchanged';
    if (existing.status !== DemandStatus.DRAFT) {
      throw new AppError('INVALID_STATE', `The item ${existing.id} from this row is ${existing.status}: a submitted item does not change by import (it can still be withdrawn)`, { field: 'input', allowed: ['the row as it was imported'] });
    }
    Object.assign(existing, { ...fields, village: fields.village?.id ?? null });
    return 'updated';
  };
  return { kind: 'demands', ...(await run(ctx, path, fileName, DEMAND_COLUMNS, options, check, write, open)) };
}

const isInHardship = (tags: readonly string[]) => tags.some((t) => HARDSHIP_TAGS.includes(t));

/**
 * The category a need raised on a household visit (诉求) names most by the lexicon's words, or
 * null. On a tie 送温暖 comes first for a household in hardship (it is the category for 困难群众),
 * then the seven in their order. The survey's import and a pair's visit record (结对走访,
 * src/modules/pairing) read a need so.
 */
export function visitNeedCategory(compiled: CompiledLexicon | null, need: string, tags: readonly string[]): Category | null {
  if (!compiled) return null;
  const counts = new Map<string, number>();
  for (const c of compiled.scan(need).direct) counts.set(compiled.concepts[c].category, (counts.get(compiled.concepts[c].category) ?? 0) + 1);
  const order = isInHardship(tags) ? [Category.WARMTH, ...CATEGORIES_IN_ORDER.filter((c) => c !== Category.WARMTH)] : CATEGORIES_IN_ORDER;
  let best: Category | null = null;
  for (const category of order) if ((counts.get(category) ?? 0) > (best ? counts.get(best)! : 0)) best = category;
  return best;
}

/**
 * A need raised on a household visit as the fields of a draft demand of the township's list: its
 * first phrase the title, the need the content, INDIVIDUAL, source VISIT, VULNERABLE for a household
 * in hardship, 上门指导 unless other forms are given, the household's people its beneficiaries. The
 * survey's import and a pair's visit record (src/modules/pairing) make their demands so.
 */
export function visitDemandFields(
  tx: Context, list: DemandList,
  v: { need: string; category: Category; forms?: ServiceForm[] | null; villageId: string | null; population?: number | null; tags: readonly string[] },
) {
  const title = v.need.split(/[，。；！？,.;!?\s]/).find((p) => p.trim())!.trim().slice(0, 30);
  return checkedDemandFields(tx, list, {
    category: v.category, title, content: v.need, forms: v.forms ?? ['ON_SITE' as ServiceForm], villageId: v.villageId, window: null,
    beneficiaries: v.population ?? 0, kind: DemandKind.INDIVIDUAL, source: DemandSource.VISIT,
    priority: isInHardship(v.tags) ? Priority.VULNERABLE : Priority.NORMAL,
  });
}

/**
 * The household-visit survey (入户走访): each row a household (a Household of the township, found
 * again by its village and head) and one of its 诉求, which becomes a draft demand of the township's
 * list, source VISIT, linked to the household; a household in hardship (HARDSHIP_TAGS) makes it
 * VULNERABLE. A row without 类别 takes the category the lexicon reads in the 诉求.
 */
export async function importVisits(ctx: Context, path: string, fileName: string, options: ImportOptions): Promise<ImportReport> {
  const campaign = await getCampaign(ctx, options.campaignId, 'campaignId');
  const township = await townshipFor(ctx, options.townshipId);
  const villages = new Map((await ctx.em.find(Region, { parent: township, level: RegionLevel.VILLAGE })).map((r) => [r.name, r.id]));
  const lexicon = configuredLexicon(ctx.config);
  const compiled = lexicon ? compileLexicon(lexicon) : null;
  type V = ReadRow<(typeof VISIT_COLUMNS)[number]['key']>['values'];
  const categoryOf = (v: V): Category | null => (v.category ? (v.category as Category) : visitNeedCategory(compiled, String(v.need), (v.tags as string[] | undefined) ?? []));
  const householdKey = (v: V) => keyOf(township.id, [v.village ?? '', v.headName]);
  const check = (r: ReadRow<(typeof VISIT_COLUMNS)[number]['key']>, problem: (column: string, value: unknown, message: string, allowed: string) => void) => {
    const v = r.values;
    if (typeof v.village === 'string' && !villages.has(v.village)) {
      problem('村（社区）', v.village, `no village of ${township.name} is named so`, [...villages.keys()].join('、') || 'none is recorded: leave it empty');
    }
    if (v.need && !r.problems.some((p) => p.column === '类别') && !categoryOf(v)) problem('类别', '', 'the 诉求 does not say which of the seven it is', 'fill in 类别');
    return typeof v.key === 'string' ? v.key : `${householdKey(v)}|${keyOf(township.id, [v.need])}`;
  };
  const open = openDemandList(ctx, campaign, township);
  const write = async (tx: Context, r: ReadRow<(typeof VISIT_COLUMNS)[number]['key']>, key: string, { list }: { list: DemandList }, existing: DemandItem | null) => {
    const em = tx.em;
    const v = r.values;
    const tags = (v.tags as string[] | undefined) ?? [];
    const need = String(v.need);
    const village = typeof v.village === 'string' ? villages.get(v.village)! : null;
    const fields = await visitDemandFields(tx, list, { need, category: categoryOf(v)!, forms: v.forms as ServiceForm[] | null, villageId: village, population: v.population as number | null, tags });
    const hKey = householdKey(v);
    const details = {
      village, headName: String(v.headName), population: (v.population as number | null) ?? 0, tags, phone: (v.phone as string | null) ?? null,
      visitor: (v.visitor as string | null) ?? null, visitedOn: (v.visitedOn as string | null) ?? null,
    };
    let household = await em.findOne(Household, { township: township.id, importKey: hKey });
    if (household) Object.assign(household, details);
    else household = em.create(Household, { ...details, township: township.id, importKey: hKey });
    const flat = { ...fields, village: fields.village?.id ?? null };
    if (!existing) {
      em.create(DemandItem, { ...flat, list: list.id, campaign: campaign.id, township: township.id, county: township.parent!.id, importKey: key, household });
      return 'created';
    }
    if (same(flat, { ...existing, village: existing.village?.id ?? null } as unknown as Record<string, unknown>)) return 'unchanged';
    if (existing.status !== DemandStatus.DRAFT) {
      throw new AppError('INVALID_STATE', `The item ${existing.id} from this row is ${existing.status}: a submitted item does not change by import (it can still be withdrawn)`, { field: 'input', allowed: ['the row as it was imported'] });
    }
    Object.assign(existing, flat, { household });
    return 'updated';
  };
  return { kind: 'visits', ...(await run(ctx, path, fileName, VISIT_COLUMNS, options, check, write, open)) };
}

export async function importSupply(ctx: Context, path: string, fileName: string, options: ImportOptions): Promise<ImportReport> {
  const viewer = ctx.viewer!;
  const campaign = await getCampaign(ctx, options.campaignId, 'campaignId');
  const departmentId = options.departmentId ?? (viewer.role === Role.DEPARTMENT_PUBLISHER ? viewer.departmentId : null);
  if (!departmentId) throw badInput('departmentId', 'Name the department whose supply list this is', 'a department id');
  const department = await ctx.em.findOne(Department, { id: departmentId }, { populate: ['region'] });
  if (!department) throw notFound('Department', departmentId, 'departmentId');
  if (viewer !== OPERATOR) assertCanEditSupply(viewer, department.id, 'departmentId');
  // Coverage by name or code: the regions within the department's own (villages left out).
  const within = await ctx.em.find(Region, { path: { $like: `${department.region.path}%` }, level: { $ne: RegionLevel.VILLAGE } });
  const regionByName = new Map<string, string | null>();
  for (const r of within) {
    regionByName.set(r.id, r.id);
    regionByName.set(r.name, regionByName.has(r.name) && regionByName.get(r.name) !== r.id ? null : r.id);
  }

  const check = (r: ReadRow<(typeof SUPPLY_COLUMNS)[number]['key']>, problem: (column: string, value: unknown, message: string, allowed: string) => void) => {
    const v = r.values;
    for (const name of (v.coverage as string[] | undefined) ?? []) {
      const id = regionByName.get(name);
      if (id === undefined) problem('服务范围', name, `no region within ${department.region.name} is named so`, `a county or township of ${department.region.name}, by name or code`);
      else if (id === null) problem('服务范围', name, 'two regions have this name', 'the region code instead');
    }
    if (!r.problems.some((p) => p.column === '开始日期' || p.column === '结束日期')) windowProblems(v.start, v.end, problem);
    return typeof v.key === 'string' ? v.key : keyOf(department.id, [v.category, v.title]);
  };
  const open = async (em: EntityManager) => {
    let list = await em.findOne(SupplyList, { campaign, department }, { populate: ['region'] });
    if (!list) {
      list = em.create(SupplyList, { campaign, department, region: department.region, title: `${department.name}供给侧清单` });
      await em.flush();
    }
    const id = list.id;
    return { list: { id, status: list.status }, state: { list }, existing: (em: EntityManager, keys: string[]) => itemsByKey(em, SupplyItem, id, keys) };
  };
  const write = async (tx: Context, r: ReadRow<(typeof SUPPLY_COLUMNS)[number]['key']>, key: string, { list }: { list: SupplyList }, existing: SupplyItem | null) => {
    const em = tx.em;
    const v = r.values;
    const coverage = ((v.coverage as string[] | undefined) ?? []).map((name) => regionByName.get(name)!);
    const input = {
      category: v.category as Category, title: String(v.title), description: String(v.description), forms: v.forms as ServiceForm[],
      leaderName: String(v.leaderName), leaderTitle: (v.leaderTitle as string | null) ?? null, contactName: String(v.contactName), contactPhone: String(v.contactPhone),
      capacity: v.capacity as number, coverage: coverage.length ? coverage : null,
      window: v.start || v.end ? { start: (v.start as string | null) ?? null, end: (v.end as string | null) ?? null } : null,
    };
    const fields = await checkedSupplyFields(tx, list, input);
    if (!existing) {
      if (list.status !== SupplyListStatus.DRAFT) throw published(list);
      em.create(SupplyItem, { ...fields, list: list.id, campaign: campaign.id, department: department.id, region: department.region.id, importKey: key });
      return 'created';
    }
    if (same(fields, existing as unknown as Record<string, unknown>)) return 'unchanged';
    if (list.status !== SupplyListStatus.DRAFT) throw published(list);
    Object.assign(existing, fields);
    return 'updated';
  };
  return { kind: 'supply', ...(await run(ctx, path, fileName, SUPPLY_COLUMNS, options, check, write, open)) };
}

const published = (list: SupplyList) =>
  new AppError('INVALID_STATE', `The supply list ${list.id} is PUBLISHED: rows are added or changed by import only while it is a draft; change capacity, window and contact with adjustSupplyItem`, {
    field: 'input', state: list.status, allowed: ['adjustSupplyItem'],
  });

/** Who may import what, said before a file is read. */
export function assertMayImport(ctx: Context, kind: 'demands' | 'supply' | 'visits'): void {
  const role = ctx.viewer!.role;
  const allowed = kind === 'supply' ? Role.DEPARTMENT_PUBLISHER : Role.TOWNSHIP_ORGANIZER;
  if (role !== allowed) throw forbidden(`A ${kind !== 'supply' ? 'demand list or visit survey is imported by its township organizer' : "supply list is imported by its department's publisher"} (or on the command line); you are ${role}`);
}

