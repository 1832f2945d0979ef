import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { visible } from '../../auth/scope';
import type { Context } from '../../context';
import { DemandStatus, LIVE_ASSIGNMENT, RegionLevel, Role } from '../../common/enums';
import { badInput, checkVersion, exists, forbidden, invalidState, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import type { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';
import { assignmentDeadline } from '../workflow/deadline.service';
import { Event } from '../workflow/event.entity';
import { recordEvent } from '../workflow/event.service';
import { raceChecked } from '../workflow/loop.service';
import { AgendaSection, JointMeeting, MeetingDecision } from './joint-meeting.entity';

/**
 * 联席会议 (issue 18, item 4): a township (or one of its villages) meets weekly (Sixian) or monthly
 * (Jiuzhaigou) on an agenda the data gives — what came in, what is late or stuck, what was declined
 * or escalated, what waits for the township's rating, and what was done since the last meeting to
 * reconcile and close (对账销号) — and records a decision per item. A decision is a MEETING_DECISION
 * line on the demand's timeline (会议决定); it never moves the item (moves go through the state
 * machine, by whoever the move belongs to).
 *
 * Who: a township organizer for its own township and its villages; an organization department for
 * the townships of its region; an admin reads. Departments and volunteers hold none: they read the
 * decisions on their own items on the timeline.
 */

/** The timeline line of a decision (会议决定): no move. */
export const MEETING_DECISION = 'MEETING_DECISION';

/** An open item with no timeline line for this many days is stuck (长期无进展): two weekly meetings, half a monthly one. */
export const STUCK_DAYS = 14;
/** With no earlier meeting of the township (or village), the agenda looks back this many days. */
export const FIRST_MEETING_DAYS = 30;
/** The most agenda entries a meeting takes decisions on in one save. */
export const MAX_DECISIONS = 500;
/** A decision's text, at most. */
export const DECISION_LENGTH = 1000;

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);
const addDays = (date: string, days: number) => isoDate(new Date(dayStart(date).getTime() + days * DAY));

/** The states an agenda looks at (DRAFT is not submitted; WITHDRAWN and CLOSED only through a recent line). */
const OPEN = [DemandStatus.SUBMITTED, DemandStatus.MATCHED, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.COMPLETED,
  DemandStatus.ESCALATED, DemandStatus.DEFERRED, DemandStatus.LEADERSHIP];
/** The states in which an item waits on someone's next move: without one for STUCK_DAYS, it is stuck. */
const WAITING = [DemandStatus.SUBMITTED, DemandStatus.MATCHED, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.ESCALATED, DemandStatus.LEADERSHIP];
/** With the organization department rather than a department. */
const AT_DESK = [DemandStatus.ESCALATED, DemandStatus.DEFERRED, DemandStatus.LEADERSHIP];
/** An item under several sections is discussed under the first of these. */
const PRIMARY = [AgendaSection.OVERDUE, AgendaSection.STUCK, AgendaSection.DECLINED, AgendaSection.ESCALATED, AgendaSection.UNRATED, AgendaSection.RECONCILE, AgendaSection.NEW];
const ORDER = Object.values(AgendaSection);

/** One agenda entry (as the agenda gives it and as a meeting keeps it). */
export interface AgendaEntryRow {
  demandItem: DemandItem;
  section: AgendaSection;
  reasons: AgendaSection[];
  status: DemandStatus;
  departmentName: string | null;
  submittedAt: Date | null;
  dueDate: string | null;
  daysLate: number;
  lastMovedAt: Date | null;
  doneAt: Date | null;
}

export interface Agenda {
  township: Region;
  village: Region | null;
  date: string;
  /** The window of "new" and "done since": from the last meeting's recording, or FIRST_MEETING_DAYS before the date. */
  since: Date;
  lastMeeting: JointMeeting | null;
  entries: AgendaEntryRow[];
}

export interface MeetingPlace {
  township: Region;
  village: Region | null;
  scopeKey: string;
}

const scopeKeyOf = (townshipId: string, villageId: string | null) => `${townshipId}/${villageId ?? ''}`;

/**
 * The township (and village) a meeting is of, if the viewer may hold (write) or read its meetings:
 * the township's organizer, an organization department over it; an admin reads. Anyone else: FORBIDDEN.
 */
export async function meetingPlace(ctx: Context, em: EntityManager, townshipId: string, villageId: string | null | undefined, write: boolean): Promise<MeetingPlace> {
  const viewer = ctx.viewer!;
  const holders = [Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT];
  if (!holders.includes(viewer.role) && !(viewer.role === Role.ADMIN && !write)) {
    throw forbidden(`Joint meetings are held by the township organizer and the organization department${write ? '' : ' (an admin reads them)'}; you are ${viewer.role}`, 'townshipId');
  }
  // Another township's organizer is refused before the township is looked up: the answer says nothing of it.
  if (viewer.role === Role.TOWNSHIP_ORGANIZER && viewer.regionId !== townshipId) {
    throw forbidden(`You hold the joint meetings of your own township (${viewer.regionId}) only`, 'townshipId');
  }
  const township = await em.findOne(Region, { id: townshipId });
  if (!township) throw notFound('Township', townshipId, 'townshipId');
  if (viewer.role === Role.ORGANIZATION_DEPARTMENT && !township.path.startsWith(viewer.regionPath ?? '\u0000')) {
    throw forbidden(`You may hold the joint meetings of the townships of your region (${viewer.regionId}) only`, 'townshipId');
  }
  if (township.level !== RegionLevel.TOWNSHIP) {
    throw badInput('townshipId', `${township.name} (${township.id}) is a ${township.level}, not a township: a joint meeting is a township's or one of its villages'`, 'a TOWNSHIP region');
  }
  let village: Region | null = null;
  if (villageId) {
    village = await em.findOne(Region, { id: villageId });
    if (!village || village.parent?.id !== township.id || village.level !== RegionLevel.VILLAGE) {
      throw badInput('villageId', `"${villageId}" is not a village of ${township.name}`, `a VILLAGE region under ${township.id}, or none for the whole township`);
    }
  }
  return { township, village, scopeKey: scopeKeyOf(township.id, village?.id ?? null) };
}

/** The last meeting of the same township (or village) held before the date. */
function lastMeetingBefore(em: EntityManager, scopeKey: string, date: string): Promise<JointMeeting | null> {
  return em.findOne(JointMeeting, { scopeKey, heldOn: { $lt: date } }, { orderBy: { heldOn: 'desc', id: 'desc' } });
}

/** The agenda of a meeting of this township (or village) on this date, from the data as it is now. */
export async function buildAgenda(ctx: Context, em: EntityManager, place: MeetingPlace, date: string): Promise<Agenda> {
  const now = ctx.clock.now();
  const today = isoDate(now);
  const lastMeeting = await lastMeetingBefore(em, place.scopeKey, date);
  const since = lastMeeting ? lastMeeting.recordedAt : dayStart(addDays(date, -FIRST_MEETING_DAYS));
  const own: FilterQuery<DemandItem> = { township: place.township.id, ...(place.village ? { village: place.village.id } : {}), status: { $ne: DemandStatus.DRAFT } };
  // Items submitted, declined, completed or closed since the window began are found by their lines (an item's submittedAt is
  // set when it is submitted on its own or with its list, not by every import or seed: its SUBMITTED line is), open ones by their state.
  const recent = await em.find(Event, { demandItem: own, at: { $gte: since }, action: { $in: ['SUBMITTED', 'DECLINE', 'COMPLETE', 'CLOSED'] } } as FilterQuery<Event>, { fields: ['demandItem'] });
  const recentIds = [...new Set(recent.map((e) => e.demandItem!.id))];
  const items = await em.find(DemandItem, {
    $and: [own, { $or: [{ status: { $in: OPEN } }, { submittedAt: { $gte: since } }, ...(recentIds.length ? [{ id: { $in: recentIds } }] : [])] }, { status: { $ne: DemandStatus.WITHDRAWN } }],
  } as FilterQuery<DemandItem>, { orderBy: { id: 'asc' } });
  if (!items.length) return { township: place.township, village: place.village, date, since, lastMeeting, entries: [] };
  const ids = items.map((i) => i.id);
  const events = await em.find(Event, { demandItem: { $in: ids } }, { fields: ['demandItem', 'action', 'at'], orderBy: { id: 'asc' } });
  const linesOf = new Map<string, { action: string; at: Date }[]>(ids.map((id) => [id, []]));
  for (const e of events) linesOf.get(e.demandItem!.id)?.push(e);
  const live = await em.find(Assignment, { demandItem: { $in: ids }, status: { $in: LIVE_ASSIGNMENT } }, { populate: ['department'], orderBy: { id: 'asc' } });
  const liveOf = new Map(live.map((a) => [a.demandItem.id, a]));
  const held = items.filter((i) => i.status === DemandStatus.LEADERSHIP).map((i) => i.id);
  const escalations = held.length ? await em.find(Escalation, { demandItem: { $in: held } }, { orderBy: { id: 'asc' } }) : [];
  const leaderDue = new Map<string, string | null>();
  for (const e of escalations) leaderDue.set(e.demandItem.id, e.leaderDueDate ?? null);

  const entries: AgendaEntryRow[] = [];
  for (const item of items) {
    const lines = linesOf.get(item.id)!;
    const reasons = new Set<AgendaSection>();
    const a = liveOf.get(item.id);
    let dueDate: string | null = null;
    let overdue = false;
    if (a) {
      // The deadline logic of the overdue report and the timeline (src/modules/workflow/deadline.service.ts).
      const deadline = assignmentDeadline(ctx, a);
      if (deadline) ({ dueDate, overdue } = deadline);
    } else if (item.status === DemandStatus.LEADERSHIP && leaderDue.get(item.id)) {
      dueDate = leaderDue.get(item.id)!;
      overdue = today > dueDate;
    }
    // A meeting talking of an item is not progress on it: its own lines do not stop the stuck clock.
    const worked = lines.filter((e) => e.action !== MEETING_DECISION);
    const lastMovedAt = worked.length ? worked[worked.length - 1].at : (item.submittedAt ?? null);
    const doneLine = [...lines].reverse().find((e) => e.action === 'CLOSED' || e.action === 'COMPLETE');
    const done = item.status === DemandStatus.COMPLETED || item.status === DemandStatus.CLOSED;
    const submittedAt = item.submittedAt ?? lines.find((e) => e.action === 'SUBMITTED')?.at ?? null;
    if (submittedAt && submittedAt >= since) reasons.add(AgendaSection.NEW);
    if (overdue) reasons.add(AgendaSection.OVERDUE);
    if (WAITING.includes(item.status) && lastMovedAt && now.getTime() - lastMovedAt.getTime() >= STUCK_DAYS * DAY) reasons.add(AgendaSection.STUCK);
    if (lines.some((e) => e.action === 'DECLINE' && e.at >= since)) reasons.add(AgendaSection.DECLINED);
    if (AT_DESK.includes(item.status)) reasons.add(AgendaSection.ESCALATED);
    if (item.status === DemandStatus.COMPLETED) reasons.add(AgendaSection.UNRATED);
    if (done && doneLine && doneLine.at >= since) reasons.add(AgendaSection.RECONCILE);
    if (!reasons.size) continue;
    const department = a ? (a.department as Department) : null;
    entries.push({
      demandItem: item, section: PRIMARY.find((s) => reasons.has(s))!, reasons: ORDER.filter((s) => reasons.has(s)), status: item.status,
      departmentName: department?.name ?? null, submittedAt, dueDate,
      daysLate: overdue && dueDate ? Math.floor((now.getTime() - dayStart(dueDate).getTime()) / DAY) : 0,
      lastMovedAt, doneAt: done ? (doneLine?.at ?? null) : null,
    });
  }
  entries.sort((x, y) => ORDER.indexOf(x.section) - ORDER.indexOf(y.section) || y.daysLate - x.daysLate || (x.demandItem.id < y.demandItem.id ? -1 : 1));
  return { township: place.township, village: place.village, date, since, lastMeeting, entries };
}

export async function meetingAgenda(ctx: Context, townshipId: string, villageId: string | null | undefined, date: string): Promise<Agenda> {
  const day = v.date('date', date);
  const place = await meetingPlace(ctx, ctx.em, townshipId, villageId, false);
  return buildAgenda(ctx, ctx.em, place, day);
}

export interface DecisionInput {
  demandItemId: string;
  /** Empty or none: noted, nothing decided. */
  decision?: string | null;
}

export interface RecordJointMeetingInput {
  townshipId: string;
  villageId?: string | null;
  heldOn: string;
  place: string;
  attendees: string;
  nextMeetingOn?: string | null;
  decisions?: DecisionInput[] | null;
}

export interface CorrectJointMeetingInput {
  id: string;
  version: number;
  place?: string | null;
  attendees?: string | null;
  nextMeetingOn?: string | null;
  decisions?: DecisionInput[] | null;
}

/** The decisions as kept (text normalized, an empty one as none), each item once. */
function checkedDecisions(decisions: DecisionInput[] | null | undefined): Map<string, string | null> {
  const list = decisions ?? [];
  if (list.length > MAX_DECISIONS) throw badInput('input.decisions', `input.decisions has ${list.length} entries, at most ${MAX_DECISIONS}`, `0–${MAX_DECISIONS} entries`);
  const kept = new Map<string, string | null>();
  list.forEach((d, i) => {
    const field = `input.decisions[${i}]`;
    if (kept.has(d.demandItemId)) throw badInput(`${field}.demandItemId`, `${field}.demandItemId names ${d.demandItemId} a second time`, 'each agenda item once');
    kept.set(d.demandItemId, v.optionalMultiline(`${field}.decision`, d.decision, DECISION_LENGTH) || null);
  });
  return kept;
}

/** The next meeting's date: after this one, within a year of it. */
function nextDate(value: string | null | undefined, heldOn: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const day = v.date('input.nextMeetingOn', value);
  const last = addDays(heldOn, v.MAX_DAYS_AHEAD);
  if (day <= heldOn || day > last) throw badInput('input.nextMeetingOn', `input.nextMeetingOn ${day} is not after the meeting (${heldOn}) and within a year of it`, `a date from ${addDays(heldOn, 1)} to ${last}`);
  return day;
}

const decisionNote = (meeting: { heldOn: string }, where: string, decision: string | null, corrected: boolean) =>
  corrected
    ? `${meeting.heldOn} ${where}联席会议决定（更正）：${decision ?? '撤销此前的决定'}`
    : `${meeting.heldOn} ${where}联席会议决定：${decision}`;

const placeName = (p: { township: Region; village: Region | null }) => `${p.township.name}${p.village ? p.village.name : ''}`;

/** Records a held meeting: its agenda as it stands, a decision per item (each a 会议决定 line on the item's timeline), the next date. */
export async function recordJointMeeting(ctx: Context, input: RecordJointMeetingInput): Promise<JointMeeting> {
  const viewer = ctx.viewer!;
  const today = isoDate(ctx.clock.now());
  const heldOn = v.date('input.heldOn', input.heldOn);
  const earliest = addDays(today, -v.MAX_DAYS_AHEAD);
  // Today by the server's clock (UTC), and a day's grace: in Beijing the meeting's day begins 8 hours before UTC's.
  const latest = addDays(today, 1);
  if (heldOn > latest || heldOn < earliest) {
    throw badInput('input.heldOn', `input.heldOn ${heldOn} is ${heldOn > latest ? 'still ahead: minutes are recorded once the meeting is held' : 'more than a year ago'}`, `a date from ${earliest} to ${latest}`);
  }
  const where = v.text('input.place', input.place, 100);
  const attendees = v.multiline('input.attendees', input.attendees, 2000);
  const nextMeetingOn = nextDate(input.nextMeetingOn, heldOn);
  const decisions = checkedDecisions(input.decisions);
  const place = await meetingPlace(ctx, ctx.em, input.townshipId, input.villageId, true);
  const author = await ctx.em.findOneOrFail(User, { id: viewer.userId });
  const id = await raceChecked(() => ctx.em.fork().transactional(async (em) => {
    if (await em.count(JointMeeting, { scopeKey: place.scopeKey, heldOn })) {
      throw exists(`${placeName(place)} already has the minutes of a meeting on ${heldOn}: read them (jointMeetings) and correct them (correctJointMeeting)`, 'input.heldOn');
    }
    const agenda = await buildAgenda(ctx, em, place, heldOn);
    const onAgenda = new Map(agenda.entries.map((e) => [e.demandItem.id, e]));
    [...decisions.keys()].forEach((itemId, i) => {
      if (!onAgenda.has(itemId)) {
        throw badInput(`input.decisions[${i}].demandItemId`, `Demand item ${itemId} is not on this meeting's agenda (it may have moved since the agenda was read): read the agenda again`, 'the agenda\'s demand items');
      }
    });
    const now = ctx.clock.now();
    const meeting = em.create(JointMeeting, {
      township: place.township.id, village: place.village?.id ?? null, scopeKey: place.scopeKey, heldOn, place: where, attendees, nextMeetingOn,
      agendaSince: agenda.since, recordedAt: now, recordedBy: author.id, recordedByName: author.displayName.slice(0, 50),
    });
    for (const entry of agenda.entries) {
      const decision = decisions.get(entry.demandItem.id) ?? null;
      const { demandItem, ...kept } = entry;
      em.create(MeetingDecision, { meeting, demandItem: demandItem.id, ...kept, decision });
      if (decision) {
        // A line of the timeline, no move: the state stays as it is (from = to).
        recordEvent(em, ctx, {
          demandItem, action: MEETING_DECISION, from: entry.status, to: entry.status, note: decisionNote(meeting, placeName(place), decision, false),
          data: { meetingId: meeting.id, heldOn, section: entry.section },
        });
      }
    }
    return meeting.id;
  }));
  return ctx.em.findOneOrFail(JointMeeting, { id }, { refresh: true });
}

/**
 * Corrects recorded minutes: by their author only, and only until the next meeting of the same
 * township (or village) is recorded — from then on they are the start of that meeting's agenda.
 * A changed decision is a new 会议决定（更正） line on the timeline; the earlier line stays.
 */
export async function correctJointMeeting(ctx: Context, input: CorrectJointMeetingInput): Promise<JointMeeting> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.TOWNSHIP_ORGANIZER && viewer.role !== Role.ORGANIZATION_DEPARTMENT) {
    throw forbidden(`Minutes are corrected by their author; you are ${viewer.role}`, 'input.id');
  }
  const where = input.place === null || input.place === undefined ? null : v.text('input.place', input.place, 100);
  const attendees = input.attendees === null || input.attendees === undefined ? null : v.multiline('input.attendees', input.attendees, 2000);
  const decisions = checkedDecisions(input.decisions);
  const id = await raceChecked(() => ctx.em.fork().transactional(async (em) => {
    const meeting = await em.findOne(JointMeeting, visible(JointMeeting, viewer, { id: input.id }), { populate: ['township', 'village'] });
    if (!meeting) throw notFound('Joint meeting', input.id, 'input.id');
    if (meeting.recordedBy?.id !== viewer.userId) throw forbidden(`Minutes are corrected by their author only (${meeting.recordedByName})`, 'input.id');
    if (await em.count(JointMeeting, { scopeKey: meeting.scopeKey, heldOn: { $gt: meeting.heldOn } })) {
      throw invalidState('The next meeting of this township (or village) has been recorded: these minutes are closed, and its agenda began where they ended', { field: 'input.id', state: 'CLOSED', allowed: [] });
    }
    checkVersion('joint meeting', meeting, input.version);
    const nextMeetingOn = input.nextMeetingOn === undefined ? meeting.nextMeetingOn ?? null : nextDate(input.nextMeetingOn, meeting.heldOn);
    const rows = await em.find(MeetingDecision, { meeting: meeting.id }, { orderBy: { id: 'asc' } });
    const rowOf = new Map(rows.map((r) => [r.demandItem.id, r]));
    [...decisions.keys()].forEach((itemId, i) => {
      if (!rowOf.has(itemId)) throw badInput(`input.decisions[${i}].demandItemId`, `Demand item ${itemId} was not on this meeting's agenda`, 'the meeting\'s agenda items');
    });
    const now = ctx.clock.now();
    const name = placeName({ township: meeting.township as Region, village: (meeting.village as Region | null) ?? null });
    for (const [itemId, decision] of decisions) {
      const row = rowOf.get(itemId)!;
      if ((row.decision ?? null) === decision) continue;
      row.decision = decision;
      const item = await em.findOneOrFail(DemandItem, { id: itemId });
      recordEvent(em, ctx, {
        demandItem: item, action: MEETING_DECISION, from: item.status, to: item.status, note: decisionNote(meeting, name, decision, true),
        data: { meetingId: meeting.id, heldOn: meeting.heldOn, section: row.section, corrected: true },
      });
    }
    if (where !== null) meeting.place = where;
    if (attendees !== null) meeting.attendees = attendees;
    meeting.nextMeetingOn = nextMeetingOn;
    meeting.correctedAt = now;
    return meeting.id;
  }));
  return ctx.em.findOneOrFail(JointMeeting, { id }, { refresh: true });
}

/** The recorded meetings the viewer may read, of one township when named (oldest first, as every page). */
export function listJointMeetings(ctx: Context, townshipId: string | null | undefined, page: PageArgs) {
  assertReader(ctx);
  return paginate(ctx, JointMeeting, townshipId ? { township: townshipId } : {}, page);
}

/** Departments and volunteers hold no meetings and read none (the decisions on their items are on the timeline). */
function assertReader(ctx: Context): void {
  const viewer = ctx.viewer!;
  if (![Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN].includes(viewer.role)) {
    throw forbidden(`Joint meetings are the township organizer's and the organization department's; you are ${viewer.role}`);
  }
}

export async function getJointMeeting(ctx: Context, id: string): Promise<JointMeeting> {
  assertReader(ctx);
  const meeting = await ctx.em.findOne(JointMeeting, visible(JointMeeting, ctx.viewer, { id }));
  if (!meeting) throw notFound('Joint meeting', id, 'id');
  return meeting;
}

/** Per request: the date of the latest meeting of each township/village, in one statement for a page of meetings. */
const latestLoaders = new WeakMap<Context, DataLoader<string, string | null>>();
export function latestHeldOn(ctx: Context): DataLoader<string, string | null> {
  let loader = latestLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, string | null>(async (keys) => {
      const rows = await ctx.em.find(JointMeeting, { scopeKey: { $in: [...keys] } }, { fields: ['scopeKey', 'heldOn'] });
      const latest = new Map<string, string>();
      for (const r of rows) if ((latest.get(r.scopeKey) ?? '') < r.heldOn) latest.set(r.scopeKey, r.heldOn);
      return keys.map((k) => latest.get(k) ?? null);
    });
    latestLoaders.set(ctx, loader);
  }
  return loader;
}

/** Whether the viewer may still correct these minutes: its author, before the next meeting is recorded. */
export async function canCorrect(ctx: Context, meeting: JointMeeting): Promise<boolean> {
  if (!ctx.viewer || meeting.recordedBy?.id !== ctx.viewer.userId) return false;
  return (await latestHeldOn(ctx).load(meeting.scopeKey)) === meeting.heldOn;
}
