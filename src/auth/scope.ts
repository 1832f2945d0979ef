import type { FilterQuery } from '@mikro-orm/core';
import { Role, SupplyListStatus } from '../common/enums';
import { forbidden } from '../common/errors';
import type { DemandItem } from '../modules/demand/demand-item.entity';
import type { DemandList } from '../modules/demand/demand-list.entity';
import type { SupplyItem } from '../modules/supply/supply-item.entity';
import type { SupplyList } from '../modules/supply/supply-list.entity';
import type { Viewer } from './viewer';

/**
 * Who sees which rows, as filters the database applies. One place, so a list query and a
 * lookup by id can never disagree.
 */

const NOTHING = { id: { $in: [] as string[] } };

/** Demand lists: a township its own, an organization department its region, admin all; departments none. */
export function demandListScope(viewer: Viewer): FilterQuery<DemandList> {
  switch (viewer.role) {
    case Role.ADMIN:
      return {};
    case Role.ORGANIZATION_DEPARTMENT:
      return { township: { path: { $like: `${viewer.regionPath ?? '\u0000'}%` } } };
    case Role.TOWNSHIP_ORGANIZER:
      return { township: viewer.regionId ?? '\u0000' };
    case Role.DEPARTMENT_PUBLISHER:
      return NOTHING;
  }
}

/** Demand items: as lists, and a department the items assigned to it (live or past). */
export function demandScope(viewer: Viewer): FilterQuery<DemandItem> {
  if (viewer.role === Role.DEPARTMENT_PUBLISHER) {
    return { assignmentRows: { $some: { department: viewer.departmentId ?? '\u0000' } } } as FilterQuery<DemandItem>;
  }
  return demandListScope(viewer) as FilterQuery<DemandItem>;
}

/** Supply lists: published ones are the menu everyone reads; drafts only their department (and overseers). */
export function supplyListScope(viewer: Viewer): FilterQuery<SupplyList> {
  switch (viewer.role) {
    case Role.ADMIN:
      return {};
    case Role.ORGANIZATION_DEPARTMENT:
      return { $or: [{ status: SupplyListStatus.PUBLISHED }, { region: { path: { $like: `${viewer.regionPath ?? '\u0000'}%` } } }] };
    case Role.DEPARTMENT_PUBLISHER:
      return { $or: [{ status: SupplyListStatus.PUBLISHED }, { department: viewer.departmentId ?? '\u0000' }] };
    case Role.TOWNSHIP_ORGANIZER:
      return { status: SupplyListStatus.PUBLISHED };
  }
}

export function supplyItemScope(viewer: Viewer): FilterQuery<SupplyItem> {
  return viewer.role === Role.ADMIN ? {} : { list: supplyListScope(viewer) as FilterQuery<SupplyList> };
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
