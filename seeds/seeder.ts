import type { EntityManager } from '@mikro-orm/core';
import { readFileSync } from 'node:fs';
import { hashPassword } from '../src/auth/password';
import { DemandKind, DemandListStatus, DemandSource, DemandStatus, DepartmentLevel, Priority, RegionLevel, Role, SupplyListStatus, type Category, type ServiceForm } from '../src/common/enums';
import { demoDataFile } from '../src/common/paths';
import { Campaign } from '../src/modules/campaign/campaign.entity';
import { DemandItem } from '../src/modules/demand/demand-item.entity';
import { DemandList } from '../src/modules/demand/demand-list.entity';
import { Department } from '../src/modules/department/department.entity';
import { Region } from '../src/modules/region/region.entity';
import { SupplyItem } from '../src/modules/supply/supply-item.entity';
import { SupplyList } from '../src/modules/supply/supply-list.entity';
import { User } from '../src/modules/user/user.entity';
import { Event } from '../src/modules/workflow/event.entity';
import { freshTrackingCodes } from '../src/modules/tracking/tracking-code';

/** The demo file's shape: the engine's problem format plus campaign and users. */
export interface DemoData {
  campaign: { id: string; name: string; startsOn: string; endsOn: string };
  regions: { id: string; name: string; level: RegionLevel; parentId: string | null }[];
  departments: { id: string; name: string; level: DepartmentLevel; regionId: string }[];
  supplyItems: {
    id: string; departmentId: string; category: Category; title: string; description: string; forms: ServiceForm[];
    capacity: number; coverage: string[]; window?: { start: string; end: string };
    leader: { name: string; title: string }; contact: { name: string; phone: string };
  }[];
  demandItems: {
    id: string; townshipId: string; villageId?: string | null; category: Category; title: string; content: string; forms: ServiceForm[];
    window?: { start: string; end: string }; beneficiaries?: number; priority: Priority; kind: DemandKind; source: DemandSource;
  }[];
  users: { username: string; password: string; displayName: string; role: Role; regionId: string | null; departmentId: string | null }[];
}

export function readDemoData(file = demoDataFile): DemoData {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoData;
}

export interface SeedReport {
  inserted: Record<string, number>;
}

const LEVEL_ORDER = [RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE];

/**
 * Loads the demo data in one transaction. Idempotent: a row whose id is already there is left
 * as it is, so a second run inserts nothing and changes nothing.
 */
export async function seedDemo(rootEm: EntityManager, data: DemoData = readDemoData(), at = new Date()): Promise<SeedReport> {
  const inserted: Record<string, number> = {};
  await rootEm.fork().transactional(async (em) => {
    const existing = async (entity: { name: string } & (new () => { id: string }), ids: string[]) =>
      new Set(((await em.find(entity as never, { id: { $in: ids } } as never)) as { id: string }[]).map((r) => r.id));
    const count = (name: string, n: number) => (inserted[name] = (inserted[name] ?? 0) + n);

    // Regions, parents first, with their paths.
    const regions = [...data.regions].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
    const byId = new Map(regions.map((r) => [r.id, r]));
    const pathOf = (id: string): string => {
      const r = byId.get(id)!;
      return (r.parentId ? pathOf(r.parentId) : '') + `${r.id}/`;
    };
    const haveRegions = await existing(Region, regions.map((r) => r.id));
    for (const r of regions) {
      if (haveRegions.has(r.id)) continue;
      em.create(Region, { id: r.id, name: r.name, level: r.level, parent: r.parentId, path: pathOf(r.id) });
      count('regions', 1);
    }
    const countyOf = (townshipId: string) => byId.get(townshipId)!.parentId!;

    const haveDepartments = await existing(Department, data.departments.map((d) => d.id));
    for (const d of data.departments) {
      if (haveDepartments.has(d.id)) continue;
      em.create(Department, { id: d.id, name: d.name, level: d.level, region: d.regionId });
      count('departments', 1);
    }

    const c = data.campaign;
    if (!(await existing(Campaign, [c.id])).has(c.id)) {
      em.create(Campaign, { id: c.id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn });
      count('campaigns', 1);
    }

    const haveUsers = new Set((await em.find(User, { username: { $in: data.users.map((u) => u.username) } })).map((u) => u.username));
    for (const u of data.users) {
      if (haveUsers.has(u.username)) continue;
      em.create(User, {
        id: `U-${u.username}`, username: u.username, displayName: u.displayName, role: u.role,
        region: u.regionId, department: u.departmentId, passwordHash: await hashPassword(u.password),
      });
      count('users', 1);
    }

    // One published supply list per department.
    const departmentOf = new Map(data.departments.map((d) => [d.id, d]));
    const supplyListId = (departmentId: string) => `SL-${c.id}-${departmentId}`;
    const listIds = [...new Set(data.supplyItems.map((s) => supplyListId(s.departmentId)))];
    const haveSupplyLists = await existing(SupplyList, listIds);
    for (const departmentId of new Set(data.supplyItems.map((s) => s.departmentId))) {
      const id = supplyListId(departmentId);
      if (haveSupplyLists.has(id)) continue;
      const d = departmentOf.get(departmentId)!;
      em.create(SupplyList, {
        id, campaign: c.id, department: departmentId, region: d.regionId, title: `${d.name}供给侧清单`,
        status: SupplyListStatus.PUBLISHED, publishedAt: at,
      });
      count('supplyLists', 1);
    }
    const haveSupplyItems = await existing(SupplyItem, data.supplyItems.map((s) => s.id));
    for (const s of data.supplyItems) {
      if (haveSupplyItems.has(s.id)) continue;
      em.create(SupplyItem, {
        id: s.id, list: supplyListId(s.departmentId), campaign: c.id, department: s.departmentId, region: departmentOf.get(s.departmentId)!.regionId,
        category: s.category, title: s.title, description: s.description, forms: s.forms, capacity: s.capacity, coverage: [...s.coverage].sort(),
        windowStart: s.window?.start ?? null, windowEnd: s.window?.end ?? null,
        leaderName: s.leader.name, leaderTitle: s.leader.title, contactName: s.contact.name, contactPhone: s.contact.phone,
      });
      count('supplyItems', 1);
    }

    // One submitted demand list per township; every item SUBMITTED, with its event.
    const demandListId = (townshipId: string) => `DL-${c.id}-${townshipId}`;
    const townships = [...new Set(data.demandItems.map((d) => d.townshipId))];
    const haveDemandLists = await existing(DemandList, townships.map(demandListId));
    for (const t of townships) {
      if (haveDemandLists.has(demandListId(t))) continue;
      em.create(DemandList, {
        id: demandListId(t), campaign: c.id, township: t, county: countyOf(t), title: `${byId.get(t)!.name}需求侧清单`,
        status: DemandListStatus.SUBMITTED, submittedAt: at, createdBy: null,
      });
      count('demandLists', 1);
    }
    const haveDemandItems = await existing(DemandItem, data.demandItems.map((d) => d.id));
    // Each submitted demand its 查询码 (tracking code), as a submission gives it.
    const codes = await freshTrackingCodes(em, data.demandItems.filter((d) => !haveDemandItems.has(d.id)).length);
    for (const d of data.demandItems) {
      if (haveDemandItems.has(d.id)) continue;
      const item = em.create(DemandItem, {
        id: d.id, list: demandListId(d.townshipId), campaign: c.id, township: d.townshipId, county: countyOf(d.townshipId), village: d.villageId ?? null,
        category: d.category, title: d.title, content: d.content, forms: d.forms, windowStart: d.window?.start ?? null, windowEnd: d.window?.end ?? null,
        beneficiaries: d.beneficiaries ?? 0, priority: d.priority, kind: d.kind, source: d.source, status: DemandStatus.SUBMITTED,
        trackingCode: codes.pop()!,
      });
      em.create(Event, { demandItem: item, action: 'SUBMITTED', fromStatus: DemandStatus.DRAFT, toStatus: DemandStatus.SUBMITTED, at, note: 'demo data' });
      count('demandItems', 1);
    }
  });
  return { inserted };
}
