import type { FilterQuery } from '@mikro-orm/core';
import { visible, wishBoardScope } from '../../auth/scope';
import type { Context } from '../../context';
import { AssignmentStatus, AssignmentTier, DemandStatus, Role } from '../../common/enums';
import { checkVersion, conflict, forbidden, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import * as v from '../../common/validate';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { holdCampaign } from '../matching/matching.service';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';
import { advance, Move } from '../workflow/demand-flow';
import { recordEvent } from '../workflow/event.service';
import { raceChecked } from '../workflow/loop.service';

/**
 * 微心愿 (issue 18, item 1; Loudi's 收集、登记、发布、领办、落实、反馈、销号): a township's INDIVIDUAL
 * demands, once submitted, are on the board of the volunteers (party members) of their region; a
 * volunteer claims one with a promised date (承诺办结时限), which is the accepting: then the same
 * loop as a department's — progress, complete, the township's rating, closed — on the same state
 * machine and timeline. The board shows the village and the need; the household is never in it
 * (DemandItem.household is null to a volunteer, scope.ts).
 */

export interface ClaimWishInput {
  demandItemId: string;
  version: number;
  committedDate: string;
  note?: string | null;
}

const today = (ctx: Context) => ctx.clock.now().toISOString().slice(0, 10);

/** The board: the wishes of the volunteer's region not yet claimed, oldest first (an admin or organization department reads its region's). */
export function wishBoard(ctx: Context, campaignId: string | null | undefined, page: PageArgs) {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.VOLUNTEER && viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) {
    throw forbidden(`The micro-wish board is for volunteers and organization departments; you are ${viewer.role}`);
  }
  const where: FilterQuery<DemandItem>[] = [viewer.role === Role.ADMIN ? {} : wishBoardScope(viewer), { kind: 'INDIVIDUAL', status: DemandStatus.SUBMITTED } as FilterQuery<DemandItem>];
  if (campaignId) where.push({ campaign: campaignId });
  return paginate(ctx, DemandItem, { $and: where }, page);
}

/** 领办: the volunteer takes a wish from the board; two claiming at once, exactly one wins (the other: CONFLICT). */
export async function claimWish(ctx: Context, input: ClaimWishInput): Promise<Assignment> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.VOLUNTEER) throw forbidden(`Micro-wishes are claimed by volunteers; you are ${viewer.role}`);
  const committedDate = v.dateAhead('input.committedDate', input.committedDate, today(ctx));
  const note = input.note ? v.multiline('input.note', input.note, 500) : null;
  // Only a wish on the volunteer's own board can be named: another is answered as one that does not exist.
  const item = await ctx.em.findOne(DemandItem, visible(DemandItem, viewer, { id: input.demandItemId }));
  if (!item) throw notFound('Micro-wish', input.demandItemId, 'input.demandItemId');
  checkVersion('micro-wish', item, input.version);
  const volunteer = await ctx.em.findOneOrFail(User, { id: viewer.userId }, { populate: ['department'] });
  if (!volunteer.department) throw forbidden('Your account has no home unit (a department or party branch): ask the admin to set one', 'input.demandItemId');
  const from = item.status;
  const to = advance(from, Move.CLAIM, 'input.demandItemId');
  const now = ctx.clock.now();
  let claimed!: Assignment;
  await raceChecked(() => ctx.em.transactional(async (em) => {
    await holdCampaign(em, item.campaign.id);
    if (await em.count(Assignment, { demandItem: item.id, status: { $nin: [AssignmentStatus.DECLINED, AssignmentStatus.CANCELLED] } })) {
      throw conflict('Someone else claimed this wish a moment ago: it is no longer on the board');
    }
    claimed = em.create(Assignment, {
      demandItem: item, department: volunteer.department!, volunteer, tier: AssignmentTier.VOLUNTEER, status: AssignmentStatus.ACCEPTED,
      dispatchedAt: now, acceptedAt: now, committedDate, personInCharge: volunteer.displayName.slice(0, 50), note,
    });
    recordEvent(em, ctx, {
      demandItem: item, action: 'CLAIMED', from, to,
      note: `${volunteer.displayName}（${volunteer.department!.name}）领办，承诺 ${committedDate} 前办结${note ? `：${note}` : ''}`,
      data: { assignmentId: claimed.id, committedDate },
    });
    // The item's version guards the race: of two claims read at one version, one update finds it changed.
    item.status = to;
  }));
  return ctx.em.findOneOrFail(Assignment, { id: claimed.id }, { refresh: true });
}

/** Loudi's two yearly quotas: every party member claims at least one wish a year, every grass-roots organization does three. */
export const MEMBER_QUOTA = 1;
export const UNIT_QUOTA = 3;

export interface VolunteerQuotaRow { userId: string; displayName: string; unitId: string | null; unitName: string | null; regionName: string | null; claims: number; closed: number; meets: boolean }
export interface UnitQuotaRow { unitId: string; unitName: string; members: number; claims: number; closed: number; meets: boolean }

/**
 * A year's claims (领办) per volunteer and per home unit against the quotas: the volunteers of the
 * viewer's region (an organization department's; an admin's: all, or the region named), each
 * counted by the claims it made that calendar year (UTC) and how many of them are closed (销号).
 */
export async function wishQuotas(ctx: Context, year: number, regionId?: string | null): Promise<{ volunteers: VolunteerQuotaRow[]; units: UnitQuotaRow[] }> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) throw forbidden(`The yearly claims report is the organization department's; you are ${viewer.role}`);
  v.integer('year', year, 2000, 2100);
  let path = viewer.role === Role.ADMIN ? '' : viewer.regionPath ?? '\u0000';
  if (regionId) {
    const region = await ctx.em.findOne(Region, { id: regionId });
    if (!region) throw notFound('Region', regionId, 'regionId');
    if (!region.path.startsWith(path)) throw forbidden(`You may read only your own region (${viewer.regionId})`, 'regionId');
    path = region.path;
  }
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const volunteers = await ctx.em.find(User, { role: Role.VOLUNTEER, ...(path ? { region: { path: { $like: `${path}%` } } } : {}) }, { populate: ['department', 'region'], orderBy: { id: 'asc' } });
  const claims = volunteers.length ? await ctx.em.find(Assignment, {
    volunteer: { $in: volunteers.map((u) => u.id) }, tier: AssignmentTier.VOLUNTEER, dispatchedAt: { $gte: from, $lt: to }, status: { $ne: AssignmentStatus.CANCELLED },
  }, { fields: ['id', 'status', 'volunteer'] }) : [];
  const rows = volunteers.map((u) => {
    const own = claims.filter((a) => a.volunteer?.id === u.id);
    const closed = own.filter((a) => a.status === AssignmentStatus.CLOSED).length;
    return { userId: u.id, displayName: u.displayName, unitId: u.department?.id ?? null, unitName: u.department?.name ?? null, regionName: u.region?.name ?? null, claims: own.length, closed, meets: own.length >= MEMBER_QUOTA };
  });
  const units = new Map<string, UnitQuotaRow>();
  for (const r of rows) {
    if (!r.unitId) continue;
    const unit = units.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName!, members: 0, claims: 0, closed: 0, meets: false };
    unit.members++;
    unit.claims += r.claims;
    unit.closed += r.closed;
    unit.meets = unit.claims >= UNIT_QUOTA;
    units.set(r.unitId, unit);
  }
  return { volunteers: rows, units: [...units.values()].sort((a, b) => (a.unitId < b.unitId ? -1 : 1)) };
}
