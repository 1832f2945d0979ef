import {
  execute, getNamedType, isObjectType, parse, type GraphQLArgument, type GraphQLField, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { createContext } from '../../src/context';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { getSchema } from '../../src/schema';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { expectUnchanged, snapshot } from './support';

/**
 * Scope through every nested field. For every role, the test walks the schema itself: from each
 * root query it can run, through every field that returns an object or a list, breadth first, so
 * a field added later is walked without a line here. Every row that comes back is checked
 * against the rules of who may see what, restated here in SQL (the oracle below), independently
 * of src/auth/scope.ts. The walk also asserts that it reached every entity type and tried every
 * object field of every type it reached.
 */

const demo = readDemoData();
const CAMPAIGN = demo.campaign.id;
const USERS = ['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-nmj', 'dept-wuyuan-nk', 'volunteer-wuyuan'];

let app: TestApp;
let schema: GraphQLSchema;
let as: (user: string) => string;

type Row = Record<string, unknown>;
const sql = (q: string, params: unknown[] = []): Promise<Row[]> => app.orm.em.fork().getConnection().execute(q, params);
const gqlOk = async (query: string, variables: Record<string, unknown>, user: string) => {
  const r = await app.gql(query, variables, as(user));
  if (r.errors) throw new Error(`${user}: ${JSON.stringify(r.errors)}`);
  return r.data;
};

/** A world with a row of every kind: runs over the city and a county, every step of the loop, the desk, drafts. */
async function walkTheLoop(): Promise<void> {
  app.clock.set(new Date('2026-11-25T08:00:00Z'));
  // The city's run places every county's demands; a county's run after it finds little left (but is a run of its own).
  await gqlOk(`mutation { runMatching(campaignId: "${CAMPAIGN}") { id } }`, {}, 'org-city');
  await gqlOk(`mutation { runMatching(campaignId: "${CAMPAIGN}", regionId: "150821") { id } }`, {}, 'org-wuyuan');
  const work = async (user: string) =>
    (await gqlOk(`{ assignments(first: 100, filter: { status: MATCHED }) { nodes { id version demandItem { id } } } }`, {}, user)).assignments.nodes as { id: string; version: number; demandItem: { id: string } }[];
  for (const user of ['dept-nmj', 'dept-wuyuan-nk']) {
    const [first, second, third] = await work(user);
    let a = (await gqlOk(`mutation($id: ID!, $v: Int!) { acceptAssignment(input: { id: $id, version: $v, committedDate: "2026-12-31", personInCharge: "王技术员" }) { version } }`, { id: first.id, v: first.version }, user)).acceptAssignment;
    a = (await gqlOk(`mutation($id: ID!, $v: Int!) { reportProgress(input: { id: $id, version: $v, note: "已入户" }) { version } }`, { id: first.id, v: a.version }, user)).reportProgress;
    await gqlOk(`mutation($id: ID!, $v: Int!) { completeAssignment(input: { id: $id, version: $v, resultNote: "已办结", peopleServed: 20 }) { version } }`, { id: first.id, v: a.version }, user);
    await gqlOk(`mutation($id: ID!, $v: Int!) { acceptAssignment(input: { id: $id, version: $v, committedDate: "2026-11-26", personInCharge: "李医生" }) { version } }`, { id: second.id, v: second.version }, user);
    await gqlOk(`mutation($id: ID!, $v: Int!) { declineAssignment(input: { id: $id, version: $v, reason: "人员不足" }) { id } }`, { id: third.id, v: third.version }, user);
    // The township rates the completed one.
    const item = (await gqlOk(`query($id: ID!) { demandItem(id: $id) { version township { id } } }`, { id: first.demandItem.id }, 'admin')).demandItem;
    const township = USERS.find((u) => u.startsWith('township-') && demo.users.find((x) => x.username === u)?.regionId === item.township.id);
    if (township) {
      await gqlOk(`mutation($id: ID!, $v: Int!) { rateService(input: { demandItemId: $id, version: $v, rating: SATISFIED, comment: "好" }) { status } }`, { id: first.demandItem.id, v: item.version }, township);
    }
    await gqlOk(`mutation($id: ID!) { supervise(input: { demandItemId: $id, note: "请抓紧办理" }) { id } }`, { id: second.demandItem.id }, 'org-city');
  }
  // The desk: one escalated demand by hand, one to a leader.
  const open = (await gqlOk(`{ escalations(first: 100) { nodes { demandItem { id version } } } }`, {}, 'org-city')).escalations.nodes;
  await gqlOk(`mutation($id: ID!, $v: Int!) { assignByHand(input: { demandItemId: $id, version: $v, departmentId: "DEP-C-NMJ", note: "市农牧局安排" }) { status } }`, { id: open[0].demandItem.id, v: open[0].demandItem.version }, 'org-city');
  await gqlOk(`mutation($id: ID!, $v: Int!) { handToLeader(input: { demandItemId: $id, version: $v, leaderName: "王副市长", dueDate: "2026-11-30" }) { status } }`, { id: open[1].demandItem.id, v: open[1].demandItem.version }, 'org-city');
  // And one on file (暂缓办理), with its review date and who deferred it.
  await gqlOk(`mutation($id: ID!, $v: Int!) { deferDemand(input: { demandItemId: $id, version: $v, explanation: "暂不具备条件", reviewDate: "2027-03-31" }) { status } }`, { id: open[2].demandItem.id, v: open[2].demandItem.version }, 'org-city');
  // A published item's change, and drafts: a new campaign's supply list and demand list.
  const published = (await gqlOk(`{ supplyItems(first: 1, filter: { departmentId: "DEP-C-NMJ" }) { nodes { id capacity } } }`, {}, 'dept-nmj')).supplyItems.nodes[0];
  await gqlOk(`mutation($id: ID!, $c: Int!) { adjustSupplyItem(input: { id: $id, capacity: $c, note: "增派技术员" }) { id } }`, { id: published.id, c: published.capacity + 5 }, 'dept-nmj');
  const campaign = (await gqlOk(`mutation { createCampaign(input: { name: "2027年夏季服务行动", startsOn: "2027-05-01", endsOn: "2027-08-31" }) { id } }`, {}, 'admin')).createCampaign.id;
  const supplyList = (await gqlOk(`mutation($c: ID!) { createSupplyList(input: { campaignId: $c, departmentId: "DEP-K-WY-NK" }) { id } }`, { c: campaign }, 'dept-wuyuan-nk')).createSupplyList.id;
  await gqlOk(`mutation($l: ID!) { addSupplyItem(input: { listId: $l, category: TECHNOLOGY, title: "玉米螟防治", description: "县农技站入户指导玉米螟防治", forms: [ON_SITE],
    leaderName: "赵强", contactName: "刘芳", contactPhone: "13900000002", capacity: 3 }) { id } }`, { l: supplyList }, 'dept-wuyuan-nk');
  const demandList = (await gqlOk(`mutation($c: ID!) { createDemandList(input: { campaignId: $c, townshipId: "150821102" }) { id } }`, { c: campaign }, 'township-tarhu')).createDemandList.id;
  await gqlOk(`mutation($l: ID!) { addDemandItem(input: { listId: $l, category: TECHNOLOGY, title: "玉米生虫", content: "苞谷地里虫子多", forms: [ON_SITE] }) { id } }`, { l: demandList }, 'township-tarhu');
  // A common need of 五原县 merged into one demand on another township's list (隆兴昌镇), one of its members 塔尔湖镇's: the township follows it there.
  const em = app.orm.em.fork();
  const members = ['150821101', '150821102'].map((township) => em.create(DemandItem, {
    list: `DL-${CAMPAIGN}-${township}`, campaign: CAMPAIGN, township, county: '150821', category: 'TECHNOLOGY', title: '葵花菌核病防治培训', content: '葵花盘子烂了，想请人来讲讲防治', forms: ['TRAINING'], beneficiaries: 20, priority: 'NORMAL', kind: 'COMMON', source: 'FORM', status: 'SUBMITTED', submittedAt: new Date(),
  } as never) as DemandItem);
  await em.flush();
  await gqlOk(`mutation($ids: [ID!]!) { mergeCommonNeed(input: { demandItemIds: $ids }) { id } }`, { ids: members.map((m) => m.id) }, 'org-wuyuan');
  // Micro-wishes of 五原县: one claimed by its volunteer and carried to completion, one left on the board.
  const wishes = ['150821102', '150821103'].map((township) => em.create(DemandItem, {
    list: `DL-${CAMPAIGN}-${township}`, campaign: CAMPAIGN, township, county: '150821', category: 'SERVICE', title: '想有人帮着买药', content: '独居老人腿脚不便，想有人帮着买药', forms: ['ON_SITE'], beneficiaries: 1, priority: 'NORMAL', kind: 'INDIVIDUAL', source: 'VISIT', status: 'SUBMITTED', submittedAt: new Date(),
  } as never) as DemandItem);
  await em.flush();
  const claim = (await gqlOk(`mutation($id: ID!) { claimWish(input: { demandItemId: $id, version: 1, committedDate: "2026-12-20" }) { id version } }`, { id: wishes[0].id }, 'volunteer-wuyuan')).claimWish;
  await gqlOk(`mutation($id: ID!, $v: Int!) { completeAssignment(input: { id: $id, version: $v, resultNote: "已送药", peopleServed: 1 }) { id } }`, { id: claim.id, v: claim.version }, 'volunteer-wuyuan');
  // A joint meeting of 塔尔湖镇 (联席会议) on its agenda, one decision taken.
  const agenda = (await gqlOk(`{ meetingAgenda(townshipId: "150821102", date: "2026-11-25") { entries { demandItem { id } } } }`, {}, 'township-tarhu')).meetingAgenda;
  await gqlOk(`mutation($i: RecordJointMeetingInput!) { recordJointMeeting(input: $i) { id } }`, { i: {
    townshipId: '150821102', heldOn: '2026-11-25', place: '镇政府会议室', attendees: '王镇长（塔尔湖镇）', decisions: agenda.entries.slice(0, 1).map((e: any) => ({ demandItemId: e.demandItem.id, decision: '督促办理' })),
  } }, 'township-tarhu');
  // 办实事清单: the city's 农牧局 publishes its list and records progress; 五原县's keeps a draft.
  const promises = (await gqlOk('mutation { createCommitmentList(input: { year: 2026 }) { id } }', {}, 'dept-nmj')).createCommitmentList.id;
  const promise = (await gqlOk(`mutation($l: ID!) { addCommitmentItem(input: { listId: $l, title: "培训兽医防疫员", deadline: "2026-12-31" }) { id version } }`, { l: promises }, 'dept-nmj')).addCommitmentItem;
  await gqlOk('mutation($id: ID!) { publishCommitmentList(id: $id) { id } }', { id: promises }, 'dept-nmj');
  await gqlOk(`mutation($id: ID!, $v: Int!) { recordCommitmentProgress(input: { itemId: $id, version: $v, note: "已培训五人" }) { id } }`, { id: promise.id, v: promise.version }, 'dept-nmj');
  const draftPromises = (await gqlOk('mutation { createCommitmentList(input: { year: 2026 }) { id } }', {}, 'dept-wuyuan-nk')).createCommitmentList.id;
  await gqlOk(`mutation($l: ID!) { addCommitmentItem(input: { listId: $l, title: "葵花病虫害防治指导", deadline: "2026-12-31" }) { id } }`, { l: draftPromises }, 'dept-wuyuan-nk');
  app.clock.set(new Date('2026-12-05T08:00:00Z'));
}

/** Who each demo user is, for the oracle. */
interface Who {
  userId: string;
  role: string;
  regionId: string | null;
  path: string | null;
  departmentId: string | null;
}

/**
 * The rules of issue 13 and the README, restated in SQL: the ids of each entity type a viewer
 * may see. (`$1` and friends: the viewer's region path pattern, region, department, user.)
 */
function oracle(who: Who): Record<string, { where: string; params: unknown[] }> {
  const P = `${who.path ?? '\u0000'}%`;
  const R = who.regionId ?? '\u0000';
  const D = who.departmentId ?? '\u0000';
  const all = { where: '1 = 1', params: [] as unknown[] };
  const none = { where: '1 = 0', params: [] as unknown[] };
  const admin = who.role === 'ADMIN';
  const org = who.role === 'ORGANIZATION_DEPARTMENT';
  const township = who.role === 'TOWNSHIP_ORGANIZER';
  const dept = who.role === 'DEPARTMENT_PUBLISHER';
  const volunteer = who.role === 'VOLUNTEER';
  /** A demand list (by its township column) the viewer sees. */
  const listOf = (townshipColumn: string) =>
    org ? { where: `${townshipColumn} in (select id from region where path like ?)`, params: [P] } : township ? { where: `${townshipColumn} = ?`, params: [R] } : none;
  const demandOf = (demandColumn: string) =>
    dept
      ? { where: `${demandColumn} in (select demand_item_id from assignment where department_id = ? and volunteer_id is null)`, params: [D] }
      : (() => {
          const l = listOf('x.township_id');
          // A township also sees the common demands its own were merged into.
          if (township) return { where: `${demandColumn} in (select x.id from demand_item x where ${l.where} or x.id in (select merged_into_id from demand_item where township_id = ?))`, params: [...l.params, R] };
          return { where: `${demandColumn} in (select x.id from demand_item x where ${l.where})`, params: l.params };
        })();
  const supplyListVisible = org
    ? { where: `(t.status = 'PUBLISHED' or t.region_id in (select id from region where path like ?))`, params: [P] }
    : dept ? { where: `(t.status = 'PUBLISHED' or t.department_id = ?)`, params: [D] } : { where: `t.status = 'PUBLISHED'`, params: [] };
  const supplyOf = (listColumn: string) => ({ where: `${listColumn} in (select t.id from supply_list t where ${supplyListVisible.where})`, params: supplyListVisible.params });
  if (admin) {
    return Object.fromEntries(Object.keys(TABLE).map((k) => [k, all]));
  }
  // A volunteer: the wishes it claimed, and its region's board (INDIVIDUAL, submitted); nothing of lists, runs, the desk or supervisions.
  const board = { where: `(id in (select demand_item_id from assignment where volunteer_id = ?) or (kind = 'INDIVIDUAL' and status = 'SUBMITTED' and township_id in (select id from region where path like ?)))`, params: [who.userId, P] };
  const demand = volunteer ? board : demandOf('id');
  const supplyItem = supplyOf('list_id');
  const supplyItemIds = { where: `supply_item_id in (select id from supply_item where ${supplyItem.where})`, params: supplyItem.params };
  const eventDemand = demandOf('demand_item_id');
  // 办实事清单: a department its own, an organization department its region's, a township or volunteer the published ones of the departments over its region.
  const commitments = org ? { where: 'region_id in (select id from region where path like ?)', params: [P] }
    : dept ? { where: 'department_id = ?', params: [D] }
    : { where: `status = 'PUBLISHED' and region_id in (select id from region where ? like path || '%')`, params: [who.path ?? '\u0000'] };
  return {
    Region: all,
    Department: all,
    Campaign: all,
    User: org
      ? { where: `(id = ? or region_id in (select id from region where path like ?))`, params: [who.userId, P] }
      : { where: 'id = ?', params: [who.userId] },
    DemandList: listOf('township_id'),
    DemandItem: demand,
    SupplyList: { where: supplyListVisible.where.replace(/t\./g, ''), params: supplyListVisible.params },
    SupplyItem: supplyItem,
    MatchRun: org ? { where: 'region_id in (select id from region where path like ?)', params: [P] } : none,
    Assignment: dept ? { where: 'department_id = ? and volunteer_id is null', params: [D] } : volunteer ? { where: 'volunteer_id = ?', params: [who.userId] } : demandOf('demand_item_id'),
    Escalation: dept || volunteer ? none : demandOf('demand_item_id'),
    Event: volunteer
      ? { where: `(demand_item_id in (select id from demand_item where ${board.where}) or ${supplyItemIds.where})`, params: [...board.params, ...supplyItemIds.params] }
      : { where: `(${eventDemand.where} or ${supplyItemIds.where})`, params: [...eventDemand.params, ...supplyItemIds.params] },
    Feedback: dept ? { where: 'assignment_id in (select id from assignment where department_id = ? and volunteer_id is null)', params: [D] }
      : volunteer ? { where: 'assignment_id in (select id from assignment where volunteer_id = ?)', params: [who.userId] } : demandOf('demand_item_id'),
    Supervision: dept ? { where: 'department_id = ?', params: [D] } : demandOf('demand_item_id'),
    // Joint meetings as demand lists: the township its own, an organization department its region's; departments and volunteers none.
    JointMeeting: listOf('township_id'),
    MeetingDecision: { where: `meeting_id in (select id from joint_meeting where ${listOf('township_id').where})`, params: listOf('township_id').params },
    CommitmentList: commitments,
    CommitmentItem: { where: `list_id in (select id from commitment_list where ${commitments.where})`, params: commitments.params },
    CommitmentNote: { where: `item_id in (select i.id from commitment_item i where i.list_id in (select id from commitment_list where ${commitments.where}))`, params: commitments.params },
  };
}

/** The table of each entity type the schema returns. */
const TABLE: Record<string, string> = {
  Region: 'region', Department: 'department', Campaign: 'campaign', User: 'app_user', DemandList: 'demand_list', DemandItem: 'demand_item',
  SupplyList: 'supply_list', SupplyItem: 'supply_item', MatchRun: 'match_run', Assignment: 'assignment', Escalation: 'escalation', Event: 'event',
  Feedback: 'feedback', Supervision: 'supervision', JointMeeting: 'joint_meeting', MeetingDecision: 'meeting_decision',
  CommitmentList: 'commitment_list', CommitmentItem: 'commitment_item', CommitmentNote: 'commitment_note',
};

async function visibleIds(who: Who): Promise<Map<string, Set<string>>> {
  const rules = oracle(who);
  const out = new Map<string, Set<string>>();
  for (const [type, table] of Object.entries(TABLE)) {
    const rule = rules[type];
    const rows = await sql(`select id from ${table} where ${rule.where}`, rule.params);
    out.set(type, new Set(rows.map((r) => String(r.id))));
  }
  return out;
}

// ---- the walk ----------------------------------------------------------------------------------

/** An argument the walk can give: `first` at its largest, the campaign, an early `since`; others left out (or the field skipped when required). */
function argument(arg: GraphQLArgument): string | null | undefined {
  if (arg.name === 'first') return '100';
  if (arg.name === 'campaignId') return `"${CAMPAIGN}"`;
  if (arg.name === 'since') return '"2000-01-01T00:00:00Z"';
  return arg.type.toString().endsWith('!') ? null : undefined;
}

/** `name(args)`, or null when a required argument cannot be given. */
function call(field: GraphQLField<unknown, unknown>): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    const value = argument(arg);
    if (value === null) return null;
    if (value !== undefined) parts.push(`${arg.name}: ${value}`);
  }
  return parts.length ? `${field.name}(${parts.join(', ')})` : field.name;
}

/** The object type a field leads to, seen through a connection (its nodes) or a list. */
function target(field: GraphQLField<unknown, unknown>): { type: GraphQLObjectType; wrap: (inner: string) => string } | null {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return null;
  const nodes = named.getFields().nodes;
  if (named.name.endsWith('Connection') && nodes) {
    return { type: getNamedType(nodes.type) as GraphQLObjectType, wrap: (inner) => `{ nodes ${inner} }` };
  }
  return { type: named, wrap: (inner) => inner };
}

const idSelection = (type: GraphQLObjectType) => (type.getFields().id ? '{ __typename id }' : '{ __typename }');

/** Every object with an id in an answer, by type name. */
function collect(value: unknown, into: Map<string, Set<string>>): void {
  if (Array.isArray(value)) value.forEach((v) => collect(v, into));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.__typename === 'string' && typeof o.id === 'string') {
      if (!into.has(o.__typename)) into.set(o.__typename, new Set());
      into.get(o.__typename)!.add(o.id);
    }
    Object.values(o).forEach((v) => collect(v, into));
  }
}

interface WalkResult {
  /** "Type.field" of every object field tried. */
  tried: Set<string>;
  /** Types reached with at least one object. */
  reached: Set<string>;
  /** What came back that the viewer may not see: "Type id via path". */
  leaks: string[];
  /** Errors other than FORBIDDEN and NOT_FOUND (a null in a non-null field, say). */
  failures: string[];
}

/** Executes a document as a user, straight on the schema: the limits at the HTTP edge have their own tests; this is about scope. */
async function direct(user: string, document: string) {
  const contextValue = await createContext(app.server.deps, { authorization: `Bearer ${as(user)}` });
  return execute({ schema, document: parse(document), contextValue }) as Promise<{ data?: any; errors?: readonly any[] }>;
}

async function walk(user: string, visible: Map<string, Set<string>>): Promise<WalkResult> {
  const result: WalkResult = { tried: new Set(), reached: new Set(), leaks: [], failures: [] };
  const run = async (document: string, where: string) => {
    const answer = await direct(user, document);
    for (const error of answer.errors ?? []) {
      const code = error.extensions?.code;
      if (code !== 'FORBIDDEN' && code !== 'NOT_FOUND') result.failures.push(`${where}: ${String(code)} ${error.message}`);
    }
    const found = new Map<string, Set<string>>();
    collect(answer.data, found);
    for (const [type, ids] of found) {
      const allowed = visible.get(type);
      if (!allowed) continue;
      for (const id of ids) if (!allowed.has(id)) result.leaks.push(`${type} ${id} via ${where}`);
    }
    return found;
  };
  // A frontier of types reached, each with the query that reaches it (a function of the selection inside).
  const queue: { type: GraphQLObjectType; reach: (selection: string) => string; path: string }[] = [];
  const seen = new Set<string>();
  const root = schema.getQueryType()!;
  for (const field of Object.values(root.getFields())) {
    const to = target(field);
    const head = call(field);
    if (!to || !head) continue;
    result.tried.add(`Query.${field.name}`);
    const reach = (selection: string) => `{ ${head} ${to.wrap(selection)} }`;
    const found = await run(reach(idSelection(to.type)), field.name);
    if ((found.size > 0 || !to.type.getFields().id) && !seen.has(to.type.name)) {
      seen.add(to.type.name);
      queue.push({ type: to.type, reach, path: field.name });
    }
  }
  while (queue.length) {
    const { type, reach, path } = queue.shift()!;
    result.reached.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const to = target(field);
      const head = call(field);
      if (!to || !head) continue;
      result.tried.add(`${type.name}.${field.name}`);
      const inner = (selection: string) => reach(`{ ${head} ${to.wrap(selection)} }`);
      const where = `${path}.${field.name}`;
      const found = await run(inner(idSelection(to.type)), where);
      if (!seen.has(to.type.name) && (found.has(to.type.name) || !to.type.getFields().id)) {
        seen.add(to.type.name);
        queue.push({ type: to.type, reach: inner, path: where });
      }
    }
  }
  return result;
}

beforeAll(async () => {
  app = await startApp(demo);
  schema = await getSchema();
  as = await app.loginAll(USERS);
  await walkTheLoop();
}, 120_000);
afterAll(() => app?.close());

describe(`scope through every nested field (${DB_KIND})`, () => {
  const tried = new Set<string>();
  const reached = new Set<string>();

  for (const user of USERS) {
    it(`${user} gets back nothing outside its scope, through any field`, async () => {
      const who = demo.users.find((u) => u.username === user)!;
      const row = (await sql('select u.id, r.path from app_user u left join region r on r.id = u.region_id where u.username = ?', [user]))[0];
      const visible = await visibleIds({ userId: String(row.id), role: who.role, regionId: who.regionId, path: (row.path as string | null) ?? null, departmentId: who.departmentId });
      const before = await snapshot(app);
      const result = await walk(user, visible);
      await expectUnchanged(app, before);
      result.tried.forEach((f) => tried.add(f));
      result.reached.forEach((t) => reached.add(t));
      expect(result.failures).toEqual([]);
      expect(result.leaks.slice(0, 20)).toEqual([]);
    }, 120_000);
  }

  it('the walk reached every entity type and tried every object field of every type it reached', () => {
    expect([...reached].filter((t) => TABLE[t]).sort()).toEqual(Object.keys(TABLE).sort());
    const untried: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type === schema.getMutationType() || !reached.has(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        if (target(field) && !tried.has(`${type.name}.${field.name}`)) untried.push(`${type.name}.${field.name}`);
      }
    }
    expect(untried).toEqual([]);
  });

  it('match runs are read by organization departments and admins only; a county sees only its own county\'s runs', async () => {
    const runs = async (user: string) => (await app.gql(`{ matchRuns(campaignId: "${CAMPAIGN}") { nodes { region { id } } } }`, {}, as(user)));
    expect((await runs('admin')).data.matchRuns.nodes).toHaveLength(2);
    expect((await runs('org-city')).data.matchRuns.nodes).toHaveLength(2);
    expect((await runs('org-wuyuan')).data.matchRuns.nodes).toEqual([{ region: { id: '150821' } }]);
    for (const user of ['township-tarhu', 'dept-nmj']) expect((await runs(user)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it("the probe's query: a township reaches no run, and through its items only its own rows", async () => {
    const r = await direct('township-tarhu', `{ demandItems(first: 100) { nodes { id township { id } mergedFrom { township { id } } assignment { run { startedBy { username } assignments(first: 100) { nodes { demandItem { title township { name } } supplyItem { contactPhone } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.demandItems.nodes.length).toBeGreaterThan(0);
    for (const node of r.data.demandItems.nodes) {
      // Its own, or a common demand one of its own was merged into (and of that, only its own members).
      if (node.township.id !== '150821102') expect(node.mergedFrom.map((m: any) => m.township.id)).toEqual(['150821102']);
      else expect(node.township.id).toBe('150821102');
      expect(node.assignment?.run ?? null).toBeNull();
    }
  });

  it('a department reads of a list only the items given to it, and not the list itself', async () => {
    const r = await app.gql(`{ demandItems(first: 100) { nodes { id list { items { id } } assignments { department { id } } } } }`, {}, as('dept-wuyuan-nk'));
    expect(r.errors).toBeUndefined();
    expect(r.data.demandItems.nodes.length).toBeGreaterThan(0);
    for (const node of r.data.demandItems.nodes) {
      expect(node.list).toBeNull();
      expect(node.assignments.every((a: any) => a.department.id === 'DEP-K-WY-NK')).toBe(true);
    }
  });

  it("a county's organization department sees its own county only, through the city's run too", async () => {
    const r = await direct('org-wuyuan', `{ demandItems(first: 100) { nodes { county { id } assignment { run { assignments(first: 100) { nodes { demandItem { county { id } } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const counties = new Set<string>();
    for (const node of r.data.demandItems.nodes) {
      counties.add(node.county.id);
      for (const a of node.assignment?.run?.assignments.nodes ?? []) counties.add(a.demandItem.county.id);
    }
    expect(counties).toEqual(new Set(['150821']));
  });
});
