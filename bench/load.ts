import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../src/common/ids';
import { bulkInsert, bulkUpdate } from '../src/common/bulk';
import { AssignmentStatus, DemandListStatus, DemandSource, DemandStatus, Rating, SupplyListStatus } from '../src/common/enums';
import type { Problem } from '../src/engine';
import { Campaign } from '../src/modules/campaign/campaign.entity';
import { DemandItem } from '../src/modules/demand/demand-item.entity';
import { DemandList } from '../src/modules/demand/demand-list.entity';
import { Department } from '../src/modules/department/department.entity';
import { Assignment } from '../src/modules/matching/assignment.entity';
import { Region } from '../src/modules/region/region.entity';
import { refreshFacts } from '../src/modules/report/demand-facts';
import { SupplyItem } from '../src/modules/supply/supply-item.entity';
import { SupplyList } from '../src/modules/supply/supply-list.entity';
import { Feedback } from '../src/modules/workflow/feedback.entity';

/**
 * Loads a generated problem into an empty, migrated database as one submitted and published
 * campaign, in bulk (the demo seeder goes row by row, which is fine for 114 demands, not 100,000).
 */
export const BENCH_CAMPAIGN = 'C-BENCH';

export async function loadProblem(rootEm: EntityManager, problem: Problem): Promise<void> {
  const at = new Date('2020-01-01T00:00:00Z');
  const stamp = { createdAt: at, updatedAt: at };
  const chunked = async <T extends object>(em: EntityManager, entity: new () => T, rows: object[]) => {
    for (let i = 0; i < rows.length; i += 500) await em.insertMany(entity, rows.slice(i, i + 500) as never[]);
  };
  await rootEm.fork().transactional(async (em) => {
    const byId = new Map(problem.regions.map((r) => [r.id, r]));
    const pathOf = (id: string): string => {
      const r = byId.get(id)!;
      return (r.parentId ? pathOf(r.parentId) : '') + `${r.id}/`;
    };
    const rank = { CITY: 0, COUNTY: 1, TOWNSHIP: 2, VILLAGE: 3 };
    const regions = [...problem.regions].sort((a, b) => rank[a.level] - rank[b.level]);
    await chunked(em, Region, regions.map((r) => ({ ...stamp, id: r.id, name: r.name, level: r.level, parent: r.parentId, path: pathOf(r.id) })));
    await chunked(em, Department, problem.departments.map((d) => ({ ...stamp, id: d.id, name: d.name, level: d.level, region: d.regionId })));
    await em.insert(Campaign, { ...stamp, id: BENCH_CAMPAIGN, name: 'benchmark campaign', startsOn: '2020-01-01', endsOn: '2020-06-30' });
    const departments = new Map(problem.departments.map((d) => [d.id, d]));
    const supplyDepartments = [...new Set(problem.supplyItems.map((s) => s.departmentId))];
    await chunked(em, SupplyList, supplyDepartments.map((id) => ({
      ...stamp, id: `SL-${id}`, campaign: BENCH_CAMPAIGN, department: id, region: departments.get(id)!.regionId, title: `${id} supply`,
      status: SupplyListStatus.PUBLISHED, publishedAt: at, version: 1,
    })));
    await chunked(em, SupplyItem, problem.supplyItems.map((s) => ({
      ...stamp, id: s.id, list: `SL-${s.departmentId}`, campaign: BENCH_CAMPAIGN, department: s.departmentId, region: departments.get(s.departmentId)!.regionId,
      category: s.category, title: s.title, description: s.description, forms: s.forms, capacity: s.capacity, coverage: s.coverage,
      windowStart: s.window?.start ?? null, windowEnd: s.window?.end ?? null, leaderName: '张三', leaderTitle: '副局长', contactName: '李四', contactPhone: '13900000000', version: 1,
    })));
    const townships = [...new Set(problem.demandItems.map((d) => d.townshipId))];
    await chunked(em, DemandList, townships.map((t) => ({
      ...stamp, id: `DL-${t}`, campaign: BENCH_CAMPAIGN, township: t, county: byId.get(t)!.parentId, title: `${t} demands`,
      status: DemandListStatus.SUBMITTED, submittedAt: at, createdBy: null, version: 1,
    })));
    await chunked(em, DemandItem, problem.demandItems.map((d) => ({
      ...stamp, id: d.id, list: `DL-${d.townshipId}`, campaign: BENCH_CAMPAIGN, township: d.townshipId, county: byId.get(d.townshipId)!.parentId, village: null,
      category: d.category, title: d.title, content: d.content, forms: d.forms, windowStart: d.window?.start ?? null, windowEnd: d.window?.end ?? null,
      beneficiaries: d.beneficiaries ?? 0, priority: d.priority, kind: d.kind ?? 'COMMON', source: DemandSource.FORM, status: DemandStatus.SUBMITTED, version: 1,
    })));
    // Bulk inserts go past the facts' subscriber: the demands get the facts their submission would have given them.
    await refreshFacts(em, { campaignId: BENCH_CAMPAIGN });
  });
}

const DAY = 86_400_000;

/**
 * Walks the closed loop for the assignments of a run, as weeks of work would, so that the
 * reports have every kind of row to count: of each ten assignments (by id), three are accepted,
 * completed, rated and closed; two accepted and completed; two accepted; three still waiting.
 * Acceptance comes one to four days after dispatch, completion ten days after acceptance.
 */
export async function walkTheLoop(rootEm: EntityManager, campaignId: string): Promise<void> {
  await rootEm.fork().transactional(async (em) => {
    const rows: Record<string, unknown>[] = await em.getConnection().execute(
      `select a.id, a.demand_item_id as demand, a.dispatched_at as dispatched from assignment a
       join demand_item di on di.id = a.demand_item_id where di.campaign_id = ? and a.status = ? order by a.id`,
      [campaignId, AssignmentStatus.MATCHED], 'all', em.getTransactionContext());
    const dispatched = new Date((rows[0]?.dispatched ?? 0) as number | string | Date);
    // Groups that get the same values: a fate and the days to accept.
    const groups = new Map<string, { fate: string; days: number; assignments: string[]; demands: string[] }>();
    rows.forEach((r, i) => {
      const fate = i % 10 < 3 ? 'closed' : i % 10 < 5 ? 'completed' : i % 10 < 7 ? 'accepted' : 'waiting';
      if (fate === 'waiting') return;
      const days = 1 + (i % 4);
      const key = `${fate}|${days}`;
      const group = groups.get(key) ?? { fate, days, assignments: [], demands: [] };
      group.assignments.push(String(r.id));
      group.demands.push(String(r.demand));
      groups.set(key, group);
    });
    const ratings = [Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED];
    const feedback: Record<string, unknown>[] = [];
    for (const group of groups.values()) {
      const { fate, days } = group;
      const acceptedAt = new Date(dispatched.getTime() + days * DAY);
      const completedAt = new Date(acceptedAt.getTime() + 10 * DAY);
      const committedDate = new Date(acceptedAt.getTime() + 30 * DAY).toISOString().slice(0, 10);
      const status = fate === 'closed' ? AssignmentStatus.CLOSED : fate === 'completed' ? AssignmentStatus.COMPLETED : AssignmentStatus.ACCEPTED;
      await bulkUpdate(em, Assignment, group.assignments, {
        status, acceptedAt, committedDate, personInCharge: '王五', updatedAt: acceptedAt,
        ...(fate === 'accepted' ? {} : { completedAt, resultNote: '已办结', peopleServed: 30 }),
        ...(fate === 'closed' ? { closedAt: completedAt } : {}),
      });
      await bulkUpdate(em, DemandItem, group.demands, { status: status as string as DemandStatus, updatedAt: acceptedAt });
      if (fate === 'closed') {
        group.assignments.forEach((assignment, i) => feedback.push({
          createdAt: completedAt, updatedAt: completedAt, assignment, demandItem: group.demands[i], rating: ratings[i % 3], comment: '满意', ratedBy: null, at: completedAt,
        }));
      }
    }
    // One unsatisfied rating in every forty closed ones, before the satisfied one that closed it.
    // (Ids grow with time: the earlier rating gets the smaller id.)
    const earlier = feedback.filter((_, i) => i % 40 === 0).map((f) => ({ ...f, rating: ratings[3], comment: '还需改进', at: new Date((f.at as Date).getTime() - DAY) }));
    await bulkInsert(em, Feedback, [...earlier, ...feedback].map((f) => ({ id: newId(), ...f })));
    // The facts each of these moves would have rebuilt, rebuilt at once.
    await refreshFacts(em, { campaignId });
  });
}
