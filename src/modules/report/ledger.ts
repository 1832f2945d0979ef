import '../../common/exceljs-utf8';
import ExcelJS from 'exceljs';
import type { Context } from '../../context';
import { CATEGORY_NAMES, DEMAND_STATUS_NAMES, DemandStatus, LIVE_ASSIGNMENT, RATING_NAMES, RegionLevel, Role, type Category, type DemandStatus as Status, type Rating } from '../../common/enums';
import { forbidden, notFound } from '../../common/errors';
import { Campaign } from '../campaign/campaign.entity';
import { Region } from '../region/region.entity';
import { gapAnalysis, matchReport, scorecardsOf } from './report.service';
import { FIGURES, type Rate, type ReportRow } from './report.types';
import { MEMBER_QUOTA, UNIT_QUOTA, wishQuotas } from '../wishes/wish.service';
import { commitmentReport } from '../commitments/commitment.service';

/**
 * Ledgers (台账): the demand ledger an office prints — every item with its township, category,
 * content, assigned department and leader, contact, state, committed date and rating — and the
 * report's views, as an XLSX workbook (one sheet per view, Chinese headers, frozen header row,
 * fitting column widths) or the demand ledger alone as CSV (UTF-8 with BOM, for Excel).
 */

const categoryName = (code: string) => CATEGORY_NAMES[code as Category] ?? code;

interface Column {
  header: string;
  key: string;
  width: number;
  /** A number format (Excel's), for columns of numbers such as rates. */
  numFmt?: string;
}

const LEDGER: Column[] = [
  { header: '编号', key: 'id', width: 14 }, { header: '旗县区', key: 'county', width: 12 }, { header: '苏木镇', key: 'township', width: 14 },
  { header: '类别', key: 'category', width: 8 }, { header: '需求', key: 'title', width: 24 }, { header: '具体内容', key: 'content', width: 48 },
  { header: '派单部门', key: 'department', width: 24 }, { header: '服务项目', key: 'supply', width: 28 }, { header: '责任领导', key: 'leader', width: 10 },
  { header: '联络人', key: 'contact', width: 10 }, { header: '联系电话', key: 'phone', width: 14 }, { header: '状态', key: 'status', width: 12 },
  { header: '承诺办结时限', key: 'committed', width: 14 }, { header: '评价', key: 'rating', width: 10 },
  { header: '类别代码', key: 'categoryCode', width: 12 }, { header: '状态代码', key: 'statusCode', width: 12 },
];

/** The campaign a ledger covers, and how it was chosen (said in the file, its name and a response header). */
export interface LedgerCampaign {
  campaign: Campaign;
  /** Why this one: named by the caller, or (none named) the latest with submitted demands. */
  chosen: 'NAMED' | 'LATEST_WITH_DEMANDS' | 'LATEST';
}

/**
 * The campaign named, or, when none is, the latest (by start date) that has submitted demands: a
 * campaign just created, still empty, is not what an office asking for "the ledger" means. With no
 * campaign holding any, the latest.
 */
export async function resolveCampaign(ctx: Context, campaignId?: string | null): Promise<LedgerCampaign> {
  if (campaignId) {
    const campaign = await ctx.em.findOne(Campaign, { id: campaignId });
    if (!campaign) throw notFound('Campaign', campaignId, 'campaignId');
    return { campaign, chosen: 'NAMED' };
  }
  const [withDemands] = await ctx.em.getConnection().execute(`select c.id from campaign c where exists (select 1 from demand_item di where di.campaign_id = c.id and di.status <> '${DemandStatus.DRAFT}')
    order by c.starts_on desc, c.id desc limit 1`);
  const campaign = withDemands
    ? await ctx.em.findOneOrFail(Campaign, { id: String(withDemands.id) })
    : (await ctx.em.find(Campaign, {}, { orderBy: { startsOn: 'desc', id: 'desc' }, limit: 1 }))[0] ?? null;
  if (!campaign) throw notFound('Campaign', '(latest)', 'campaignId');
  return { campaign, chosen: withDemands ? 'LATEST_WITH_DEMANDS' : 'LATEST' };
}

/** How each way of choosing reads in the file. */
const CHOSEN: Record<LedgerCampaign['chosen'], string> = {
  NAMED: '按指定',
  LATEST_WITH_DEMANDS: '未指定活动，取开始日期最近的、有已提交需求的活动',
  LATEST: '未指定活动，且没有活动有已提交的需求，取开始日期最近的活动',
};

/** The campaign, and how it was chosen when none was named. */
export function describeChoice({ campaign, chosen }: LedgerCampaign): string {
  return `活动：${campaign.name}（${campaign.id}）${chosen === 'NAMED' ? '' : `；${CHOSEN[chosen]}`}`;
}

export async function demandLedger(ctx: Context, campaign: Campaign, regionId?: string | null): Promise<Record<string, string>[]> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) throw forbidden(`Ledgers are for organization departments; you are ${viewer.role}`);
  const region = regionId ? await ctx.em.findOne(Region, { id: regionId }) : viewer.regionId ? await ctx.em.findOne(Region, { id: viewer.regionId }) : null;
  if (regionId && !region) throw notFound('Region', regionId, 'regionId');
  if (viewer.role === Role.ORGANIZATION_DEPARTMENT && region && !region.path.startsWith(viewer.regionPath ?? '\u0000')) throw forbidden('You may export only your own region', 'regionId');
  const rows = await ctx.em.getConnection().execute(`select di.id, c.name as county, t.name as township, di.category, di.title, di.content, di.status,
      d.name as department, si.title as supply, si.leader_name as leader, si.contact_name as contact, si.contact_phone as phone, la.committed_date as committed,
      (select f.rating from feedback f where f.demand_item_id = di.id order by f.id desc limit 1) as rating
    from demand_item di join region t on t.id = di.township_id join region c on c.id = di.county_id
    left join assignment la on la.demand_item_id = di.id and la.status in (${LIVE_ASSIGNMENT.map((s) => `'${s}'`).join(', ')})
    left join department d on d.id = la.department_id left join supply_item si on si.id = la.supply_item_id
    where di.campaign_id = ? and di.status <> '${DemandStatus.DRAFT}' and t.path like ? order by di.id`, [campaign.id, `${region?.path ?? ''}%`]);
  return rows.map((r: Record<string, unknown>) => ({
    id: String(r.id), county: String(r.county), township: String(r.township), category: categoryName(String(r.category)), categoryCode: String(r.category),
    title: String(r.title), content: String(r.content), department: String(r.department ?? ''), supply: String(r.supply ?? ''), leader: String(r.leader ?? ''),
    contact: String(r.contact ?? ''), phone: String(r.phone ?? ''), status: DEMAND_STATUS_NAMES[String(r.status) as Status] ?? String(r.status), statusCode: String(r.status),
    committed: String(r.committed ?? ''), rating: r.rating ? RATING_NAMES[String(r.rating) as Rating] : '',
  }));
}

/**
 * A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and
 * LibreOffice (CSV injection, OWASP): a township could title an item =HYPERLINK("http://evil","x")
 * and the office that opens the ledger would run it. Such a cell gets a leading apostrophe, and is
 * shown and kept as text. One rule for the CSV and for every text cell of the workbook; a phone
 * number written +86… is prefixed too, harmlessly.
 */
export function neutralizeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A rate as three columns: its value (a number, shown as a percentage; empty when nothing is counted), numerator and denominator, and the pending. */
function rateColumns(header: string, key: string): Column[] {
  return [
    { header, key, width: 9, numFmt: '0.0%' }, { header: `${header}分子`, key: `${key}Numerator`, width: 9 },
    { header: `${header}分母`, key: `${key}Denominator`, width: 9 }, { header: `${header}待定`, key: `${key}Pending`, width: 9 },
  ];
}
function rateCells(key: string, r: Rate): Record<string, number | null> {
  return { [key]: r.value, [`${key}Numerator`]: r.numerator, [`${key}Denominator`]: r.denominator, [`${key}Pending`]: r.pending };
}
const RATE_COLUMNS = [...rateColumns('响应率', 'response'), ...rateColumns('办结率', 'resolution'), ...rateColumns('满意率', 'satisfaction')];
const rates = (r: { responseRate: Rate; resolutionRate: Rate; satisfactionRate: Rate }) =>
  ({ ...rateCells('response', r.responseRate), ...rateCells('resolution', r.resolutionRate), ...rateCells('satisfaction', r.satisfactionRate) });

/** Margins in inches (1.5 cm at the sides, 2 cm top and bottom for the header line). */
const A4_MARGINS = { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 };

function sheet(book: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, string | number | null>[], header: string): void {
  // Printed on A4 across, every column on the page's width, the header row on every page.
  const ws = book.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: A4_MARGINS },
  });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  // The campaign on every printed page.
  ws.headerFooter.oddHeader = `&L${header.replace(/&/g, '&&')}&R${name}`;
  for (const row of rows) ws.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? neutralizeCell(v) : v])));
}

export async function ledgerWorkbook(ctx: Context, campaignId?: string | null, regionId?: string | null): Promise<{ book: Buffer; campaign: LedgerCampaign }> {
  const chosen = await resolveCampaign(ctx, campaignId);
  const { campaign } = chosen;
  const items = await demandLedger(ctx, campaign, regionId);
  const report = await matchReport(ctx, campaign.id, regionId);
  const gaps = await gapAnalysis(ctx, campaign.id, regionId);
  const region = report.regionId ? await ctx.em.findOneOrFail(Region, { id: report.regionId }) : null;
  // The scorecards' rates are the report's department rows, already at hand.
  const cards = await scorecardsOf(ctx, campaign, region, report.byDepartment);
  const header = describeChoice(chosen);
  const book = new ExcelJS.Workbook();
  book.creator = 'peican';
  book.title = `${campaign.name} 台账`;
  // A cover: what the file covers, how the campaign was chosen, and what each figure means.
  const about = book.addWorksheet('说明');
  about.columns = [{ key: 'k', width: 16 }, { key: 'v', width: 100 }];
  about.addRows([
    { k: '活动', v: `${campaign.name}（${campaign.id}）` },
    { k: '如何选定', v: CHOSEN[chosen.chosen] },
    { k: '范围', v: region ? `${region.name}（${region.id}）` : '全部' },
    { k: '生成时间', v: ctx.clock.now().toISOString() },
    {},
    ...Object.entries(FIGURE_NAMES).map(([key, name]) => ({ k: name, v: FIGURES[key as keyof typeof FIGURES] })),
  ]);
  about.getColumn(1).font = { bold: true };
  sheet(book, '需求台账', LEDGER, items, header);
  const figures: Column[] = [
    { header: '单位', key: 'name', width: 20 }, { header: '代码', key: 'key', width: 12 }, { header: '需求数', key: 'demands', width: 8 },
    { header: '旗县区派单', key: 'county', width: 10 }, { header: '市级派单', key: 'city', width: 10 }, { header: '人工派单', key: 'manual', width: 10 },
    { header: '上报', key: 'escalated', width: 8 }, { header: '接单', key: 'accepted', width: 8 }, { header: '办结', key: 'completed', width: 8 },
    { header: '销号', key: 'closed', width: 8 }, { header: '超期', key: 'overdue', width: 8 }, ...RATE_COLUMNS,
  ];
  const figureRow = (r: ReportRow) => ({
    name: r.name, key: r.key, demands: r.demands, county: r.placedCounty, city: r.placedCity, manual: r.placedManual, escalated: r.escalated, accepted: r.accepted,
    completed: r.completed, closed: r.closed, overdue: r.overdue, ...rates(r),
  });
  // A city's rows by county; a county's by township (its own row is the total).
  if (region?.level === RegionLevel.COUNTY) sheet(book, '分苏木镇', figures, [report.total, ...report.byTownship].map(figureRow), header);
  else sheet(book, '分旗县区', figures, [report.total, ...report.byCounty].map(figureRow), header);
  sheet(book, '分类别', figures, [report.total, ...report.byCategory].map(figureRow), header);
  sheet(book, '部门考核', [
    { header: '部门', key: 'name', width: 28 }, { header: '代码', key: 'id', width: 14 }, { header: '服务项目数', key: 'items', width: 10 },
    { header: '服务能力', key: 'capacity', width: 10 }, { header: '已占用', key: 'used', width: 8 }, { header: '承办需求', key: 'demands', width: 8 }, ...RATE_COLUMNS,
    { header: '督办次数', key: 'supervised', width: 10 }, { header: '超期事项', key: 'overdue', width: 10 },
  ], cards.map((c) => ({
    name: c.name, id: c.departmentId, items: c.supplyItems, capacity: c.capacity, used: c.capacityUsed, demands: c.demands, ...rates(c),
    supervised: c.supervised, overdue: c.overdue.length,
  })), header);
  sheet(book, '缺口分析', [
    { header: '旗县区', key: 'county', width: 12 }, { header: '类别', key: 'category', width: 8 }, { header: '类别代码', key: 'categoryCode', width: 12 },
    { header: '需求数', key: 'demands', width: 8 }, { header: '已派单', key: 'placed', width: 8 }, { header: '未派单', key: 'unplaced', width: 8 },
    { header: '旗县区服务能力', key: 'countyCapacity', width: 14 }, { header: '市级服务能力', key: 'cityCapacity', width: 12 }, { header: '未派单需求', key: 'ids', width: 40 },
  ], gaps.map((g) => ({
    county: g.countyName, category: g.categoryName, categoryCode: g.category, demands: g.demands, placed: g.placed, unplaced: g.unplaced,
    countyCapacity: g.countyCapacity, cityCapacity: g.cityCapacity, ids: g.unplacedDemandIds.join('、'),
  })), header);
  // 微心愿: this year's claims per volunteer and per unit, against Loudi's quotas.
  const year = ctx.clock.now().getUTCFullYear();
  const quotas = await wishQuotas(ctx, year, region?.id ?? null);
  sheet(book, `党员领办${year}`, [
    { header: '党员', key: 'name', width: 14 }, { header: '所在单位', key: 'unit', width: 28 }, { header: '区域', key: 'region', width: 12 },
    { header: '领办', key: 'claims', width: 8 }, { header: '已销号', key: 'closed', width: 8 }, { header: `达标（每年至少 ${MEMBER_QUOTA} 件）`, key: 'meets', width: 20 },
  ], [
    ...quotas.volunteers.map((r) => ({ name: r.displayName, unit: r.unitName, region: r.regionName, claims: r.claims, closed: r.closed, meets: r.meets ? '是' : '否' })),
    {},
    ...quotas.units.map((u) => ({ name: `单位合计（${u.members} 名党员）`, unit: u.unitName, region: null, claims: u.claims, closed: u.closed, meets: `${u.meets ? '是' : '否'}（每年至少 ${UNIT_QUOTA} 件）` })),
  ], header);
  // 办实事清单: this year's lists of the region's departments, per department (docs/commitments.md).
  const promised = await commitmentReport(ctx, year, region?.id ?? null);
  sheet(book, `办实事清单${year}`, [
    { header: '部门', key: 'name', width: 28 }, { header: '清单', key: 'title', width: 32 }, { header: '状态', key: 'status', width: 10 },
    { header: '事项', key: 'items', width: 8 }, { header: '已办结', key: 'done', width: 8 }, { header: '推进中', key: 'inProgress', width: 8 },
    { header: '未开始', key: 'planned', width: 8 }, { header: '逾期未办结', key: 'overdue', width: 10 },
  ], [...promised.departments, promised.total].map((r) => ({
    name: r.departmentName, title: r.listTitle ?? '未建清单', status: r.listStatus ? { DRAFT: '草稿', PUBLISHED: '已公布' }[r.listStatus] : '',
    items: r.items, done: r.done, inProgress: r.inProgress, planned: r.planned, overdue: r.overdue,
  })), header);
  return { book: Buffer.from(await book.xlsx.writeBuffer()), campaign: chosen };
}

/** The figures' Chinese names, in the order the cover explains them. */
const FIGURE_NAMES: Record<keyof typeof FIGURES, string> = {
  placedCounty: '旗县区派单', placedCity: '市级派单', placedManual: '人工派单', escalated: '上报', accepted: '接单', completed: '办结', closed: '销号',
  overdue: '超期', responseRate: '响应率', resolutionRate: '办结率', satisfactionRate: '满意率',
};

/** The demand ledger as CSV (RFC 4180), UTF-8 with a BOM so that Excel reads the Chinese. */
export async function ledgerCsv(ctx: Context, campaignId?: string | null, regionId?: string | null): Promise<{ csv: string; campaign: LedgerCampaign }> {
  const chosen = await resolveCampaign(ctx, campaignId);
  const items = await demandLedger(ctx, chosen.campaign, regionId);
  const cell = (raw: string) => {
    const v = neutralizeCell(raw);
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [LEDGER.map((c) => c.header).join(','), ...items.map((r) => LEDGER.map((c) => cell(r[c.key])).join(','))];
  return { csv: '\ufeff' + lines.join('\r\n') + '\r\n', campaign: chosen };
}
