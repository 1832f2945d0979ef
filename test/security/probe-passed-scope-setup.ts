import { expect } from 'vitest';
import { startApp, type TestApp } from '../support/app';
import { GANZHAOMIAO, TARHU, smallWorld } from '../support/fixture';
import { checkedGql, ROLES } from './probe';

/**
 * The world the scope cases of the probe run in: smallWorld() after a matching run (D-001 placed
 * with 五原县农牧和科技局, D-002 and D-003 escalated), D-002 then given by hand to 市农牧局, and a
 * second campaign in which both departments keep a DRAFT supply list and both townships a DRAFT
 * demand list, one item each.
 */
export interface ScopeWorld {
  app: TestApp;
  gql: ReturnType<typeof checkedGql>;
  as: (user: string) => string;
  /** The second campaign. */
  draftCampaignId: string;
  /** Seeded (SUBMITTED) demand lists of campaign C-1, by township. */
  submittedList: Record<string, string>;
  /** DRAFT demand lists and their one item, by township. */
  draftList: Record<string, string>;
  draftItem: Record<string, string>;
  /** DRAFT supply lists and their one item, by department. */
  draftSupplyList: Record<string, string>;
  draftSupplyItem: Record<string, string>;
  /** Published supply lists of campaign C-1, by department. */
  publishedSupplyList: Record<string, string>;
  /** The live assignments: D-001 (DEP-K-WY-NK) and D-002 (DEP-C-NMJ). */
  assignmentOf: Record<string, { id: string; version: number }>;
}

export const NMJ = 'DEP-C-NMJ';
export const WYNK = 'DEP-K-WY-NK';

const ok = <T = any>(r: { data?: T; errors?: any[] }, what: string): T => {
  expect(r.errors, what).toBeUndefined();
  return r.data!;
};

export async function scopeWorld(): Promise<ScopeWorld> {
  const app = await startApp(smallWorld());
  const gql = checkedGql(app);
  const as = await app.loginAll([...ROLES]);

  ok(await gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city')), 'runMatching');
  const d2 = ok(await gql('{ demandItem(id: "D-002") { version status } }', {}, as('org-city')), 'D-002').demandItem;
  expect(d2.status).toBe('ESCALATED');
  ok(await gql('mutation($i: AssignByHandInput!) { assignByHand(input: $i) { status } }', {
    i: { demandItemId: 'D-002', version: d2.version, departmentId: NMJ, supplyItemId: 'S-C-001', note: '由市农牧局统筹安排' },
  }, as('org-city')), 'assignByHand');

  const assignmentOf: ScopeWorld['assignmentOf'] = {};
  for (const id of ['D-001', 'D-002']) {
    const a = ok(await gql('query($id: ID!) { demandItem(id: $id) { assignment { id version department { id } } } }', { id }, as('org-city')), id).demandItem.assignment;
    assignmentOf[id] = { id: a.id, version: a.version };
  }
  const lists = ok(await gql('{ demandLists(first: 100) { nodes { id township { id } } } }', {}, as('admin')), 'demandLists').demandLists.nodes;
  const submittedList = Object.fromEntries(lists.map((l: any) => [l.township.id, l.id]));
  const supply = ok(await gql('{ supplyLists(first: 100) { nodes { id department { id } } } }', {}, as('admin')), 'supplyLists').supplyLists.nodes;
  const publishedSupplyList = Object.fromEntries(supply.map((l: any) => [l.department.id, l.id]));

  const draftCampaignId = ok(await gql('mutation { createCampaign(input: { name: "探测用活动", startsOn: "2021-05-01", endsOn: "2021-08-31" }) { id } }', {}, as('admin')), 'campaign').createCampaign.id;
  const draftList: Record<string, string> = {};
  const draftItem: Record<string, string> = {};
  for (const [user, township] of [['township-tarhu', TARHU], ['township-ganzhaomiao', GANZHAOMIAO]] as const) {
    const list = ok(await gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: draftCampaignId, t: township }, as(user)), user).createDemandList.id;
    draftList[township] = list;
    draftItem[township] = ok(await gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', {
      i: { listId: list, category: 'HEALTH', title: '草稿需求', content: '尚未提交的需求', forms: ['CLINIC'] },
    }, as(user)), user).addDemandItem.id;
  }
  const draftSupplyList: Record<string, string> = {};
  const draftSupplyItem: Record<string, string> = {};
  for (const [user, department] of [['dept-nmj', NMJ], ['dept-wuyuan-nk', WYNK]] as const) {
    const list = ok(await gql('mutation($c: ID!, $d: ID!) { createSupplyList(input: { campaignId: $c, departmentId: $d }) { id } }', { c: draftCampaignId, d: department }, as(user)), user).createSupplyList.id;
    draftSupplyList[department] = list;
    draftSupplyItem[department] = ok(await gql('mutation($i: AddSupplyItemInput!) { addSupplyItem(input: $i) { id } }', {
      i: { listId: list, category: 'HEALTH', title: '草稿服务', description: '尚未发布的服务', forms: ['CLINIC'], leaderName: '张', contactName: '王', contactPhone: '0478-8888888', capacity: 2 },
    }, as(user)), user).addSupplyItem.id;
  }
  return { app, gql, as, draftCampaignId, submittedList, draftList, draftItem, draftSupplyList, draftSupplyItem, publishedSupplyList, assignmentOf };
}
