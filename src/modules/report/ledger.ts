import ExcelJS from 'exceljs';
import type { Context } from '../../context';
import { DemandStatus, LIVE_ASSIGNMENT, Rating, Role } from '../../common/enums';
import { forbidden, notFound } from '../../common/errors';
import { Campaign } from '../campaign/campaign.entity';
import { Region } from '../region/region.entity';
import { gapAnalysis, matchReport, scorecards } from './report.service';
import type { Rate } from './report.types';

/**
 * Ledgers (台账): the demand ledger an office prints — every item with its township, category,
 * content, assigned department and leader, contact, state, committed date and rating — and the
 * report's views, as an XLSX workbook (one sheet per view, Chinese headers, frozen header row,
 * fitting column widths) or the demand ledger alone as CSV (UTF-8 with BOM, for Excel).
 */

const STATUS: Record<string, string> = {
  DRAFT: '草稿', SUBMITTED: '已提交', MATCHED: '已派单', ACCEPTED: '已接单', IN_PROGRESS: '办理中', COMPLETED: '已办结', CLOSED: '已销号',
  ESCALATED: '已上报', DEFERRED: '暂不具备条件', LEADERSHIP: '领导领办', WITHDRAWN: '已撤回',
};
const RATING: Record<string, string> = {
  [Rating.VERY_SATISFIED]: '非常满意', [Rating.SATISFIED]: '满意', [Rating.BASIC]: '基本满意', [Rating.UNSATISFIED]: '不满意', [Rating.VERY_UNSATISFIED]: '非常不满意',
};
const CATEGORY: Record<string, string> = {
  THEORY: '送理论', POLICY: '送政策', TECHNOLOGY: '送科技', HEALTH: '送健康', SERVICE: '送服务', CULTURE: '送文化', WARMTH: '送温暖',
};

interface Column {
  header: string;
  key: string;
  width: number;
}

const LEDGER: Column[] = [
  { header: '编号', key: 'id', width: 14 }, { header: '旗县区', key: 'county', width: 12 }, { header: '苏木镇', key: 'township', width: 14 },
  { header: '类别', key: 'category', width: 8 }, { header: '需求', key: 'title', width: 24 }, { header: '具体内容', key: 'content', width: 48 },
  { header: '派单部门', key: 'department', width: 24 }, { header: '服务项目', key: 'supply', width: 28 }, { header: '责任领导', key: 'leader', width: 10 },
  { header: '联络人', key: 'contact', width: 10 }, { header: '联系电话', key: 'phone', width: 14 }, { header: '状态', key: 'status', width: 12 },
  { header: '承诺办结时限', key: 'committed', width: 14 }, { header: '评价', key: 'rating', width: 10 },
];

/** The campaign named, or the latest one (by start date) when none is. */
export async function resolveCampaign(ctx: Context, campaignId?: string | null): Promise<Campaign> {
  const campaign = campaignId
    ? await ctx.em.findOne(Campaign, { id: campaignId })
    : (await ctx.em.find(Campaign, {}, { orderBy: { startsOn: 'desc', id: 'desc' }, limit: 1 }))[0] ?? null;
  if (!campaign) throw notFound('Campaign', campaignId ?? '(latest)', 'campaignId');
  return campaign;
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
    id: String(r.id), county: String(r.county), township: String(r.township), category: CATEGORY[String(r.category)] ?? String(r.category),
    title: String(r.title), content: String(r.content), department: String(r.department ?? ''), supply: String(r.supply ?? ''), leader: String(r.leader ?? ''),
    contact: String(r.contact ?? ''), phone: String(r.phone ?? ''), status: STATUS[String(r.status)] ?? String(r.status), committed: String(r.committed ?? ''),
    rating: r.rating ? RATING[String(r.rating)] : '',
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

const percent = (r: Rate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%（${r.numerator}/${r.denominator}）`);

function sheet(book: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, string | number>[]): void {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? neutralizeCell(v) : v])));
}

export async function ledgerWorkbook(ctx: Context, campaignId?: string | null, regionId?: string | null): Promise<Buffer> {
  const campaign = await resolveCampaign(ctx, campaignId);
  const items = await demandLedger(ctx, campaign, regionId);
  const report = await matchReport(ctx, campaign.id, regionId);
  const gaps = await gapAnalysis(ctx, campaign.id, regionId);
  const cards = await scorecards(ctx, campaign.id);
  const book = new ExcelJS.Workbook();
  book.creator = 'peican';
  sheet(book, '需求台账', LEDGER, items);
  const figures: Column[] = [
    { header: '单位', key: 'name', width: 20 }, { header: '需求数', key: 'demands', width: 8 }, { header: '旗县区派单', key: 'county', width: 10 },
    { header: '市级派单', key: 'city', width: 10 }, { header: '人工派单', key: 'manual', width: 10 }, { header: '上报', key: 'escalated', width: 8 },
    { header: '接单', key: 'accepted', width: 8 }, { header: '办结', key: 'completed', width: 8 }, { header: '销号', key: 'closed', width: 8 },
    { header: '超期', key: 'overdue', width: 8 }, { header: '响应率', key: 'response', width: 18 }, { header: '办结率', key: 'resolution', width: 18 },
    { header: '满意率', key: 'satisfaction', width: 18 },
  ];
  sheet(book, '分旗县区', figures, [report.total, ...report.byCounty].map((r) => ({
    name: r.name, demands: r.demands, county: r.placedCounty, city: r.placedCity, manual: r.placedManual, escalated: r.escalated, accepted: r.accepted,
    completed: r.completed, closed: r.closed, overdue: r.overdue, response: percent(r.responseRate), resolution: percent(r.resolutionRate), satisfaction: percent(r.satisfactionRate),
  })));
  sheet(book, '部门考核', [
    { header: '部门', key: 'name', width: 28 }, { header: '服务项目数', key: 'items', width: 10 }, { header: '服务能力', key: 'capacity', width: 10 },
    { header: '已占用', key: 'used', width: 8 }, { header: '响应率', key: 'response', width: 18 }, { header: '办结率', key: 'resolution', width: 18 },
    { header: '满意率', key: 'satisfaction', width: 18 }, { header: '督办次数', key: 'supervised', width: 10 }, { header: '超期事项', key: 'overdue', width: 10 },
  ], cards.map((c) => ({
    name: c.name, items: c.supplyItems, capacity: c.capacity, used: c.capacityUsed, response: percent(c.responseRate), resolution: percent(c.resolutionRate),
    satisfaction: percent(c.satisfactionRate), supervised: c.supervised, overdue: c.overdue.length,
  })));
  sheet(book, '缺口分析', [
    { header: '旗县区', key: 'county', width: 12 }, { header: '类别', key: 'category', width: 8 }, { header: '需求数', key: 'demands', width: 8 },
    { header: '已派单', key: 'placed', width: 8 }, { header: '未派单', key: 'unplaced', width: 8 }, { header: '旗县区服务能力', key: 'countyCapacity', width: 14 },
    { header: '市级服务能力', key: 'cityCapacity', width: 12 }, { header: '未派单需求', key: 'ids', width: 40 },
  ], gaps.map((g) => ({
    county: g.countyName, category: CATEGORY[g.category] ?? g.category, demands: g.demands, placed: g.placed, unplaced: g.unplaced,
    countyCapacity: g.countyCapacity, cityCapacity: g.cityCapacity, ids: g.unplacedDemandIds.join('、'),
  })));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The demand ledger as CSV (RFC 4180), UTF-8 with a BOM so that Excel reads the Chinese. */
export async function ledgerCsv(ctx: Context, campaignId?: string | null, regionId?: string | null): Promise<string> {
  const campaign = await resolveCampaign(ctx, campaignId);
  const items = await demandLedger(ctx, campaign, regionId);
  const cell = (raw: string) => {
    const v = neutralizeCell(raw);
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [LEDGER.map((c) => c.header).join(','), ...items.map((r) => LEDGER.map((c) => cell(r[c.key])).join(','))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
