import '../../common/exceljs-utf8';
import ExcelJS from 'exceljs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CATEGORY_NAMES, DEMAND_STATUS_NAMES } from '../../common/enums';
import { AppError, badInput, maskPhones } from '../../common/errors';
import { checkSearchParams } from '../../common/input-guard';
import { createContext, type AppDeps, type Context } from '../../context';
import { DemandItem } from '../demand/demand-item.entity';
import { neutralizeCell } from '../report/ledger';
import { Region } from '../region/region.entity';
import { AGENDA_SECTION_NAMES, type AgendaSection, JointMeeting, MeetingDecision } from './joint-meeting.entity';
import { getJointMeeting, meetingAgenda, STUCK_DAYS, type AgendaEntryRow } from './meetings.service';

/**
 * The agenda of a joint meeting, or a recorded meeting's minutes, as an XLSX workbook to print on
 * A4 (one sheet: the meeting's particulars, then one row per agenda item under its section, with
 * the decision), served at GET /export/meeting.xlsx with the bearer token, as the ledger is:
 *   ?meetingId=…                         the minutes of a recorded meeting
 *   ?townshipId=…&villageId=…&date=…     the agenda of a meeting (villageId optional)
 * to those who may read them (the township's organizer, an organization department over it, admin).
 */

interface Line {
  section: AgendaSection;
  reasons: AgendaSection[];
  item: DemandItem;
  village: string;
  status: string;
  departmentName: string | null;
  submittedAt: Date | null;
  dueDate: string | null;
  daysLate: number;
  lastMovedAt: Date | null;
  doneAt: Date | null;
  decision: string | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

const COLUMNS = [
  { header: '序号', key: 'n', width: 6 }, { header: '议题栏目', key: 'section', width: 12 }, { header: '编号', key: 'id', width: 14 },
  { header: '需求', key: 'title', width: 24 }, { header: '村（社区）', key: 'village', width: 10 }, { header: '类别', key: 'category', width: 8 },
  { header: '状态', key: 'status', width: 10 }, { header: '承办部门', key: 'department', width: 20 }, { header: '提交日期', key: 'submitted', width: 11 },
  { header: '期限', key: 'due', width: 11 }, { header: '超期天数', key: 'late', width: 8 }, { header: '最近进展', key: 'moved', width: 11 },
  { header: '办结/销号', key: 'done', width: 11 }, { header: '同时属于', key: 'also', width: 16 }, { header: '会议决定', key: 'decision', width: 40 },
  { header: '栏目代码', key: 'sectionCode', width: 11 }, { header: '状态代码', key: 'statusCode', width: 12 },
];

async function villageNames(ctx: Context, items: DemandItem[]): Promise<Map<string, string>> {
  const ids = [...new Set(items.map((i) => i.village?.id).filter((id): id is string => !!id))];
  const rows = ids.length ? await ctx.em.find(Region, { id: { $in: ids } }) : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

function workbook(title: string, particulars: [string, string][], lines: Line[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'peican';
  book.title = title;
  const headerRow = particulars.length + 3;
  const ws = book.addWorksheet('联席会议', {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}`,
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.headerFooter.oddHeader = `&L${title.replace(/&/g, '&&')}&R第 &P 页，共 &N 页`;
  ws.addRow([neutralizeCell(title)]).font = { bold: true, size: 16 };
  ws.mergeCells(1, 1, 1, 15);
  for (const [k, value] of particulars) {
    const row = ws.addRow([k, neutralizeCell(value)]);
    row.getCell(1).font = { bold: true };
    ws.mergeCells(row.number, 2, row.number, 15);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.addRow([]);
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  lines.forEach((l, i) => {
    const row = ws.addRow({
      n: i + 1, section: AGENDA_SECTION_NAMES[l.section], id: l.item.id, title: neutralizeCell(l.item.title), village: l.village,
      category: CATEGORY_NAMES[l.item.category] ?? l.item.category, status: DEMAND_STATUS_NAMES[l.status as keyof typeof DEMAND_STATUS_NAMES] ?? l.status,
      department: neutralizeCell(l.departmentName ?? ''), submitted: day(l.submittedAt), due: l.dueDate ?? '', late: l.daysLate || null, moved: day(l.lastMovedAt),
      done: day(l.doneAt), also: l.reasons.filter((r) => r !== l.section).map((r) => AGENDA_SECTION_NAMES[r]).join('、'),
      decision: neutralizeCell(l.decision ?? ''), sectionCode: l.section, statusCode: l.status,
    });
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return book;
}

const placeOf = (township: Region, village: Region | null) => `${township.name}${village ? ` ${village.name}` : ''}`;

/** The agenda of a meeting of the township (or village) on the date, as the page shows it before the minutes are written. */
export async function agendaWorkbook(ctx: Context, townshipId: string, villageId: string | null, date: string): Promise<{ book: Buffer; name: string }> {
  const agenda = await meetingAgenda(ctx, townshipId, villageId, date);
  const villages = await villageNames(ctx, agenda.entries.map((e) => e.demandItem));
  const lines = agenda.entries.map((e: AgendaEntryRow) => ({ ...e, item: e.demandItem, village: villages.get(e.demandItem.village?.id ?? '') ?? '', decision: null }));
  const title = `${placeOf(agenda.township, agenda.village)} 联席会议议程（${date}）`;
  const book = workbook(title, [
    ['会议日期', date],
    ['议程范围', `${agenda.lastMeeting ? `上次会议（${agenda.lastMeeting.heldOn}）记录以来` : '此前无会议记录，取会议前 30 天'}：自 ${agenda.since.toISOString().slice(0, 16).replace('T', ' ')}（UTC）起；长期无进展指 ${STUCK_DAYS} 天无办理记录`],
    ['生成时间', ctx.clock.now().toISOString()],
  ], lines);
  return { book: Buffer.from(await book.xlsx.writeBuffer()), name: `meeting-agenda-${agenda.township.id}${agenda.village ? `-${agenda.village.id}` : ''}-${date}.xlsx` };
}

/** The minutes of a recorded meeting: its particulars and each agenda entry as it stood, with the decision. */
export async function minutesWorkbook(ctx: Context, meetingId: string): Promise<{ book: Buffer; name: string }> {
  const meeting: JointMeeting = await getJointMeeting(ctx, meetingId);
  const township = await ctx.em.findOneOrFail(Region, { id: meeting.township.id });
  const village = meeting.village ? await ctx.em.findOneOrFail(Region, { id: meeting.village.id }) : null;
  const rows = await ctx.em.find(MeetingDecision, { meeting: meeting.id }, { populate: ['demandItem'], orderBy: { id: 'asc' } });
  const villages = await villageNames(ctx, rows.map((r) => r.demandItem as DemandItem));
  const lines = rows.map((r) => ({
    section: r.section, reasons: r.reasons, item: r.demandItem as DemandItem, village: villages.get(r.demandItem.village?.id ?? '') ?? '', status: r.status,
    departmentName: r.departmentName ?? null, submittedAt: r.submittedAt ?? null, dueDate: r.dueDate ?? null, daysLate: r.daysLate, lastMovedAt: r.lastMovedAt ?? null,
    doneAt: r.doneAt ?? null, decision: r.decision ?? null,
  }));
  const title = `${placeOf(township, village)} 联席会议纪要（${meeting.heldOn}）`;
  const book = workbook(title, [
    ['会议日期', meeting.heldOn], ['会议地点', meeting.place], ['参会人员', meeting.attendees], ['下次会议', meeting.nextMeetingOn ?? '未定'],
    ['记录人', `${meeting.recordedByName}（${meeting.recordedAt.toISOString().slice(0, 10)} 记录${meeting.correctedAt ? `，${meeting.correctedAt.toISOString().slice(0, 10)} 更正` : ''}）`],
  ], lines);
  return { book: Buffer.from(await book.xlsx.writeBuffer()), name: `meeting-${township.id}${village ? `-${village.id}` : ''}-${meeting.heldOn}.xlsx` };
}

const STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, INVALID_STATE: 409, CONFLICT: 409 };

function fail(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message: maskPhones(message), extensions: { ...extensions, code } }] }));
}

/** GET /export/meeting.xlsx: signed in with the bearer token as for the ledgers (401 without it), the same refusals and statuses. */
export function meetingExportRoute(deps: AppDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  return async (req, res, url) => {
    if (req.method !== 'GET') {
      fail(res, 405, 'BAD_REQUEST', 'A meeting\'s agenda or minutes are read with GET');
      return;
    }
    const ctx = await createContext(deps, { authorization: req.headers.authorization, clientAddress: req.socket.remoteAddress ?? null });
    if (!ctx.viewer) {
      fail(res, 401, 'UNAUTHENTICATED', 'Sign in first: send "Authorization: Bearer <token>" from the login mutation');
      return;
    }
    try {
      checkSearchParams(url.searchParams);
      const p = url.searchParams;
      const meetingId = p.get('meetingId');
      const townshipId = p.get('townshipId');
      const date = p.get('date');
      let file: { book: Buffer; name: string };
      if (meetingId) file = await minutesWorkbook(ctx, meetingId);
      else if (townshipId && date) file = await agendaWorkbook(ctx, townshipId, p.get('villageId') || null, date);
      else throw badInput('meetingId', 'Name a recorded meeting (meetingId), or a township and a date for its agenda (townshipId, date, and villageId for one village)', 'meetingId, or townshipId and date');
      res.statusCode = 200;
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
      res.end(file.book);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const code = String(e.extensions.code);
      fail(res, STATUS[code] ?? 400, code, e.message, e.extensions);
    } finally {
      ctx.em.clear();
    }
  };
}
