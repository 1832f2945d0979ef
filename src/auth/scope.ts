import type { FilterQuery } from '@mikro-orm/core';
import { DemandKind, DemandStatus, Role, SupplyListStatus } from '../common/enums';
import { forbidden } from '../common/errors';
import type { Assignment } from '../modules/matching/assignment.entity';
import type { CommitmentList } from '../modules/commitments/commitment.entity';
import type { DemandItem } from '../modules/demand/demand-item.entity';
import type { DemandList } from '../modules/demand/demand-list.entity';
import type { Escalation } from '../modules/matching/escalation.entity';
import type { Event } from '../modules/workflow/event.entity';
import type { Feedback } from '../modules/workflow/feedback.entity';
import type { Household } from '../modules/household/household.entity';
import type { JointMeeting } from '../modules/meetings/joint-meeting.entity';
import type { Cadre, Pairing, PairVisit } from '../modules/pairing/pairing.entity';
import type { MatchRun } from '../modules/matching/match-run.entity';
import type { Supervision } from '../modules/workflow/supervision.entity';
import type { SupplyItem } from '../modules/supply/supply-item.entity';
import type { SupplyList } from '../modules/supply/supply-list.entity';
import type { User } from '../modules/user/user.entity';
import type { Viewer } from './viewer';

/**
 * Who sees which rows: one rule per type, as a filter the database applies. A top-level query,
 * a lookup by id and every nested field use the same rule (the field resolvers through the
 * request's loaders, which look it up in ROW_RULES by the entity's name), so they can never
 * disagree, however a query is nested.
 */

const ALL = {};
const NOTHING = { id: { $in: [] as string[] } };
/** No row has this id or region: a viewer without one sees nothing by it. */
const NONE = '\u0000';

/** Region paths inside the viewer's region (its subtree). */
const withinRegion = (viewer: Viewer) => ({ $like: `${viewer.regionPath ?? NONE}%` });

/** Demand lists: a township its own, an organization department its region, admin all; departments none. */
export function demandListScope(viewer: Viewer): FilterQuery<DemandList> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { township: { path: withinRegion(viewer) } };
    case Role.TOWNSHIP_ORGANIZER:
      return { township: viewer.regionId ?? NONE };
    case Role.DEPARTMENT_PUBLISHER:
    case Role.VOLUNTEER:
      return NOTHING;
  }
}

/**
 * Demand items as their lists are seen; a township also the common demands (共性问题) its own were
 * merged into, on another township's list, so that it follows them there (read only).
 */
function demandsAsLists(viewer: Viewer): FilterQuery<DemandItem> {
  if (viewer.role === Role.TOWNSHIP_ORGANIZER) {
    const township = viewer.regionId ?? NONE;
    return { $or: [{ township }, { mergedFrom: { $some: { township } } }] } as FilterQuery<DemandItem>;
  }
  return demandListScope(viewer) as FilterQuery<DemandItem>;
}

/**
 * Demand items: as lists, and a department the items assigned to it (live or past); a volunteer the
 * micro-wishes it claimed and those on its region's board (INDIVIDUAL, submitted, not yet claimed).
 */
export function demandScope(viewer: Viewer): FilterQuery<DemandItem> {
  if (viewer.role === Role.DEPARTMENT_PUBLISHER) {
    return { assignmentRows: { $some: { department: viewer.departmentId ?? NONE, volunteer: null } } } as FilterQuery<DemandItem>;
  }
  if (viewer.role === Role.VOLUNTEER) {
    return { $or: [{ assignmentRows: { $some: { volunteer: viewer.userId } } }, wishBoardScope(viewer)] } as FilterQuery<DemandItem>;
  }
  return demandsAsLists(viewer);
}

/** 微心愿 on the board a volunteer sees: INDIVIDUAL demands of its region, submitted and not yet claimed. */
export function wishBoardScope(viewer: Viewer): FilterQuery<DemandItem> {
  return { kind: DemandKind.INDIVIDUAL, status: DemandStatus.SUBMITTED, township: { path: withinRegion(viewer) } } as FilterQuery<DemandItem>;
}

/** Supply lists: published ones are the menu everyone reads; drafts only their department (and overseers). */
export function supplyListScope(viewer: Viewer): FilterQuery<SupplyList> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { $or: [{ status: SupplyListStatus.PUBLISHED }, { region: { path: withinRegion(viewer) } }] };
    case Role.DEPARTMENT_PUBLISHER:
      return { $or: [{ status: SupplyListStatus.PUBLISHED }, { department: viewer.departmentId ?? NONE }] };
    case Role.TOWNSHIP_ORGANIZER:
    case Role.VOLUNTEER:
      return { status: SupplyListStatus.PUBLISHED };
  }
}

export function supplyItemScope(viewer: Viewer): FilterQuery<SupplyItem> {
  return viewer.role === Role.ADMIN ? ALL : { list: supplyListScope(viewer) as FilterQuery<SupplyList> };
}

/** Assignments: a department its own (its work list), an organization department its region's, a township its items' (and the common demands they were merged into). */
export function assignmentScope(viewer: Viewer): FilterQuery<Assignment> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.DEPARTMENT_PUBLISHER:
      // Its own work list: a member's claimed micro-wish is the member's, not the unit's.
      return { department: viewer.departmentId ?? NONE, volunteer: null };
    case Role.ORGANIZATION_DEPARTMENT:
      return { demandItem: { township: { path: withinRegion(viewer) } } };
    case Role.TOWNSHIP_ORGANIZER:
      return { demandItem: demandsAsLists(viewer) };
    case Role.VOLUNTEER:
      return { volunteer: viewer.userId };
  }
}

/**
 * Match runs: organization departments the runs over their region or inside it, admin all. A
 * run's header counts a whole city or county, so a county sees no city-wide run, and townships
 * and departments see none (their assignments say what they need).
 */
export function matchRunScope(viewer: Viewer): FilterQuery<MatchRun> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { region: { path: withinRegion(viewer) } };
    default:
      return NOTHING;
  }
}

/** Escalations: the demand's township and the organization departments over it; departments none (the desk's, not theirs). */
export function escalationScope(viewer: Viewer): FilterQuery<Escalation> {
  return viewer.role === Role.ADMIN ? ALL : { demandItem: demandsAsLists(viewer) };
}

/** Timeline lines: those of the demand items and supply items the viewer sees. */
export function eventScope(viewer: Viewer): FilterQuery<Event> {
  if (viewer.role === Role.ADMIN) return ALL;
  return { $or: [{ demandItem: demandScope(viewer) }, { supplyItem: supplyItemScope(viewer) }] } as FilterQuery<Event>;
}

/** Ratings: a department those of its own services; others as the demand lists they see. */
export function feedbackScope(viewer: Viewer): FilterQuery<Feedback> {
  if (viewer.role === Role.ADMIN) return ALL;
  if (viewer.role === Role.DEPARTMENT_PUBLISHER) return { assignment: { department: viewer.departmentId ?? NONE, volunteer: null } };
  if (viewer.role === Role.VOLUNTEER) return { assignment: { volunteer: viewer.userId } };
  return { demandItem: demandsAsLists(viewer) };
}

/** Supervisions (督办): the department chased, and who sees the demand's list. */
export function supervisionScope(viewer: Viewer): FilterQuery<Supervision> {
  if (viewer.role === Role.ADMIN) return ALL;
  if (viewer.role === Role.DEPARTMENT_PUBLISHER) return { department: viewer.departmentId ?? NONE };
  return { demandItem: demandsAsLists(viewer) };
}

/**
 * Accounts: everyone sees themself; an organization department the accounts of its region
 * (townships and departments in it); admin all. Others' names on a timeline come as
 * `Event.actorName`, not as accounts.
 */
export function userScope(viewer: Viewer): FilterQuery<User> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { $or: [{ id: viewer.userId }, { region: { path: withinRegion(viewer) } }] };
    default:
      return { id: viewer.userId };
  }
}

/** Rows kept per township, as its organizer and the organization departments over it see them; null for the other roles. */
function townshipRows(viewer: Viewer): { township: unknown } | null {
  if (viewer.role === Role.ORGANIZATION_DEPARTMENT) return { township: { path: withinRegion(viewer) } };
  if (viewer.role === Role.TOWNSHIP_ORGANIZER) return { township: viewer.regionId ?? NONE };
  return null;
}

/** Households (personal data): the township's organizer and the organization departments over it; nobody else, admin included. */
export function householdScope(viewer: Viewer): FilterQuery<Household> {
  return (townshipRows(viewer) ?? NOTHING) as FilterQuery<Household>;
}

/** Joint meetings (联席会议): the township's organizer its own township's (and its villages'), the organization departments over it, admin all; departments and volunteers none (they read decisions on their items' timelines). */
export function jointMeetingScope(viewer: Viewer): FilterQuery<JointMeeting> {
  return (viewer.role === Role.ADMIN ? ALL : townshipRows(viewer) ?? NOTHING) as FilterQuery<JointMeeting>;
}

/**
 * 结对认亲 (src/modules/pairing): the pairs of households with cadres as their households are seen
 * (the township's organizer its township's, the organization departments over it), and a cadre with
 * an account (a VOLUNTEER) its own; admin all; departments none.
 */
export function pairingScope(viewer: Viewer): FilterQuery<Pairing> {
  if (viewer.role === Role.ADMIN) return ALL as FilterQuery<Pairing>;
  if (viewer.role === Role.VOLUNTEER) return { cadre: { user: viewer.userId } };
  return (townshipRows(viewer) ?? NOTHING) as FilterQuery<Pairing>;
}

/** Cadres: the organization departments those of their region; a township the ones assigned inside it and those paired with its households; a cadre itself; admin all. */
export function cadreScope(viewer: Viewer): FilterQuery<Cadre> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { county: { path: withinRegion(viewer) } };
    case Role.TOWNSHIP_ORGANIZER:
      return { $or: [{ region: { path: withinRegion(viewer) } }, { pairings: { $some: { township: viewer.regionId ?? NONE, status: 'ACTIVE' } } }] } as FilterQuery<Cadre>;
    case Role.VOLUNTEER:
      return { user: viewer.userId };
    default:
      return NOTHING;
  }
}

/** The paths of the viewer's region and the regions above it ("150800/", "150800/150821/", …): who serves it. */
const servingPaths = (viewer: Viewer): string[] =>
  (viewer.regionPath ?? '').split('/').filter(Boolean).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`);

/**
 * 办实事清单 (src/modules/commitments): a department its own (drafts too); an organization department
 * those of the departments of its region; a township or a volunteer the published ones of the
 * departments serving its region (its county's and the city's); admin all.
 */
export function commitmentListScope(viewer: Viewer): FilterQuery<CommitmentList> {
  switch (viewer.role) {
    case Role.ADMIN:
      return ALL;
    case Role.ORGANIZATION_DEPARTMENT:
      return { region: { path: withinRegion(viewer) } };
    case Role.DEPARTMENT_PUBLISHER:
      return { department: viewer.departmentId ?? NONE };
    case Role.TOWNSHIP_ORGANIZER:
    case Role.VOLUNTEER:
      return { status: 'PUBLISHED', region: { path: { $in: servingPaths(viewer) } } } as FilterQuery<CommitmentList>;
  }
}

/**
 * The rule of every entity type by name. Regions, departments and campaigns hold no personal
 * data and are who serves and where: every signed-in user reads them. An entity without a rule
 * here cannot be loaded by a field at all (rowScope throws), so a type added later must say
 * who sees it.
 */
const ROW_RULES: Record<string, (viewer: Viewer) => unknown> = {
  Region: () => ALL,
  Department: () => ALL,
  Campaign: () => ALL,
  User: userScope,
  DemandList: demandListScope,
  DemandItem: demandScope,
  SupplyList: supplyListScope,
  SupplyItem: supplyItemScope,
  MatchRun: matchRunScope,
  Assignment: assignmentScope,
  Escalation: escalationScope,
  Event: eventScope,
  Feedback: feedbackScope,
  Supervision: supervisionScope,
  Household: householdScope,
  KeptApart: (viewer: Viewer) => ({ first: demandScope(viewer) }),
  CommitmentList: commitmentListScope,
  CommitmentItem: (viewer: Viewer) => (viewer.role === Role.ADMIN ? ALL : { list: commitmentListScope(viewer) }),
  CommitmentNote: (viewer: Viewer) => (viewer.role === Role.ADMIN ? ALL : { item: { list: commitmentListScope(viewer) } }),
  JointMeeting: jointMeetingScope,
  MeetingDecision: (viewer: Viewer) => ({ meeting: jointMeetingScope(viewer) }),
  Cadre: cadreScope,
  Pairing: pairingScope,
  PairVisit: (viewer: Viewer) => (viewer.role === Role.ADMIN ? ALL : { pairing: pairingScope(viewer) }),
};

/** Types any caller may read, signed in or not (a login's answer names the user's region and department). */
const PUBLIC = new Set(['Region', 'Department', 'Campaign']);

/** The row rule of an entity type for a viewer (none signed in: the public types only). */
export function rowScope<T>(entityName: string, viewer: Viewer | null): FilterQuery<T> {
  const rule = ROW_RULES[entityName];
  if (!rule) throw new Error(`No row rule for ${entityName}: add one to ROW_RULES in src/auth/scope.ts`);
  if (!viewer) return (PUBLIC.has(entityName) ? ALL : NOTHING) as FilterQuery<T>;
  return rule(viewer) as FilterQuery<T>;
}

/** `where`, narrowed to the rows of `entity` the viewer may see: what every lookup by id and every page uses. */
export function visible<T>(entity: { name: string; prototype: T }, viewer: Viewer | null, where: FilterQuery<NoInfer<T>>): FilterQuery<T> {
  return { $and: [where, rowScope<T>(entity.name, viewer)] } as FilterQuery<T>;
}

/** Only the township's own organizer edits its demand list. */
export function assertCanEditDemands(viewer: Viewer, townshipId: string, field: string): void {
  if (viewer.role !== Role.TOWNSHIP_ORGANIZER || viewer.regionId !== townshipId) {
    throw forbidden(
      viewer.role === Role.TOWNSHIP_ORGANIZER
        ? `You may edit only your own township's demand lists (township ${viewer.regionId})`
        : `Only a township organizer edits a township's demand list; you are ${viewer.role}`,
      field,
    );
  }
}

/** Only the department's own publisher edits its supply list. */
export function assertCanEditSupply(viewer: Viewer, departmentId: string, field: string): void {
  if (viewer.role !== Role.DEPARTMENT_PUBLISHER || viewer.departmentId !== departmentId) {
    throw forbidden(
      viewer.role === Role.DEPARTMENT_PUBLISHER
        ? `You may edit only your own department's supply lists (department ${viewer.departmentId})`
        : `Only a department publisher edits a department's supply list; you are ${viewer.role}`,
      field,
    );
  }
}
