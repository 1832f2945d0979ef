import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 联席会议 (issue 18, item 4): 塔尔湖镇 meets on 2026-11-25 (its first meeting: the agenda looks back
 * 30 days), then the loop moves — a run matches its demands, 五原县农牧和科技局 completes one (rated and
 * closed), completes another (not rated) and declines a third, the other departments let theirs
 * lie, the township submits a late item — and it meets again on 2026-12-12: the agenda's sections
 * come from those moves, the decisions are lines on the items' timelines and move nothing.
 */

const TARHU = '150821102';
const LIANFENG = '150821102201';
const GANZHAOMIAO = '150802101';

let app: TestApp;
let as: (user: string) => string;
let late: string;
let first: { id: string; version: number };

const AGENDA = `query($t: ID!, $d: String!, $v: ID) { meetingAgenda(townshipId: $t, date: $d, villageId: $v) {
  date since stuckDays lastMeeting { id heldOn } township { name } village { name }
  entries { section reasons status departmentName submittedAt dueDate daysLate lastMovedAt doneAt demandItem { id title village { id } } } } }`;
const RECORD = `mutation($i: RecordJointMeetingInput!) { recordJointMeeting(input: $i) {
  id version heldOn place attendees nextMeetingOn agendaSince recordedAt recordedByName canCorrect township { id } village { id }
  decisions { section reasons status departmentName decision demandItem { id } } } }`;
const ITEM = 'query($id: ID!) { demandItem(id: $id) { id version status timeline { action fromStatus toStatus note actor { username } } } }';
const at = (iso: string) => app.clock.set(new Date(iso));
const ok = (r: { data?: any; errors?: any[] }): any => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
};
const agenda = async (user: string, date: string, villageId?: string, townshipId = TARHU) => ok(await app.gql(AGENDA, { t: townshipId, d: date, v: villageId ?? null }, as(user))).meetingAgenda;
const entry = (a: any, id: string) => a.entries.find((e: any) => e.demandItem.id === id);
const rows = async () => {
  const sql = (q: string) => app.orm.em.fork().getConnection().execute(q);
  const [m] = await sql('select count(*) as n from joint_meeting');
  const [d] = await sql('select count(*) as n from meeting_decision');
  const [e] = await sql('select count(*) as n from event');
  return { meetings: Number(m.n), decisions: Number(d.n), events: Number(e.n) };
};
const xlsx = async (query: string, user?: string) => {
  const res = await fetch(`${new URL(app.url).origin}/export/meeting.xlsx?${query}`, { headers: user ? { authorization: `Bearer ${as(user)}` } : {} });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['admin', 'org-city', 'org-wuyuan', 'township-tarhu', 'township-ganzhaomiao', 'dept-wuyuan-nk', 'dept-nmj']);
}, 60_000);
afterAll(() => app?.close());

describe(`joint meetings (${DB_KIND})`, () => {
  it("builds a first meeting's agenda from the last 30 days and records it: a decision is a 会议决定 line on the item's timeline, and moves nothing", async () => {
    at('2026-11-25T08:00:00Z');
    const a = await agenda('township-tarhu', '2026-11-25');
    expect(a).toMatchObject({ date: '2026-11-25', since: '2026-10-26T00:00:00.000Z', stuckDays: 14, lastMeeting: null, township: { name: '塔尔湖镇' }, village: null });
    // The demo's seven demands of 塔尔湖镇 were submitted on 2026-11-22: all new, nothing else yet.
    expect(a.entries.map((e: any) => e.demandItem.id).sort()).toEqual(['D-001', 'D-002', 'D-003', 'D-004', 'D-005', 'D-091', 'D-092']);
    expect(a.entries.every((e: any) => e.section === 'NEW' && e.status === 'SUBMITTED' && e.submittedAt === '2026-11-22T00:00:00.000Z')).toBe(true);
    // One village's agenda holds that village's items only.
    const village = await agenda('township-tarhu', '2026-11-25', LIANFENG);
    expect(village.entries.length).toBeGreaterThan(0);
    expect(village.entries.every((e: any) => e.demandItem.village.id === LIANFENG)).toBe(true);

    const before = (await app.gql(ITEM, { id: 'D-001' }, as('township-tarhu'))).data.demandItem;
    const m = ok(await app.gql(RECORD, { i: {
      townshipId: TARHU, heldOn: '2026-11-25', place: '塔尔湖镇政府三楼会议室', attendees: '王镇长（塔尔湖镇）\n李站长（五原县农牧和科技局）', nextMeetingOn: '2026-12-02',
      decisions: [{ demandItemId: 'D-001', decision: '请农牧局本周内对接联丰村大棚户' }, { demandItemId: 'D-002', decision: '  ' }],
    } }, as('township-tarhu'))).recordJointMeeting;
    first = { id: m.id, version: m.version };
    expect(m).toMatchObject({ heldOn: '2026-11-25', place: '塔尔湖镇政府三楼会议室', nextMeetingOn: '2026-12-02', agendaSince: '2026-10-26T00:00:00.000Z', recordedAt: '2026-11-25T08:00:00.000Z', canCorrect: true, township: { id: TARHU }, village: null });
    expect(m.attendees).toBe('王镇长（塔尔湖镇）\n李站长（五原县农牧和科技局）');
    expect(m.decisions).toHaveLength(7);
    expect(m.decisions.find((d: any) => d.demandItem.id === 'D-001')).toMatchObject({ section: 'NEW', status: 'SUBMITTED', decision: '请农牧局本周内对接联丰村大棚户' });
    // An empty decision is none: noted, nothing decided.
    expect(m.decisions.filter((d: any) => d.decision).map((d: any) => d.demandItem.id)).toEqual(['D-001']);
    const after = (await app.gql(ITEM, { id: 'D-001' }, as('township-tarhu'))).data.demandItem;
    expect(after).toMatchObject({ status: 'SUBMITTED', version: before.version });
    expect(after.timeline.at(-1)).toEqual({
      action: 'MEETING_DECISION', fromStatus: 'SUBMITTED', toStatus: 'SUBMITTED', note: '2026-11-25 塔尔湖镇联席会议决定：请农牧局本周内对接联丰村大棚户', actor: { username: 'township-tarhu' },
    });
    expect((await app.gql(ITEM, { id: 'D-002' }, as('township-tarhu'))).data.demandItem.timeline.some((e: any) => e.action === 'MEETING_DECISION')).toBe(false);
    // A second set of minutes for the same township and day is refused.
    expect(codeOf(await app.gql(RECORD, { i: { townshipId: TARHU, heldOn: '2026-11-25', place: '会议室', attendees: '王镇长' } }, as('township-tarhu')))).toBe('CONFLICT');
  });

  it("gives the next meeting's agenda in sections from the moves since: new, overdue, stuck, declined, escalated, unrated, to reconcile and close", async () => {
    at('2026-11-26T08:00:00Z');
    ok(await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city')));
    const work = ok(await app.gql('{ assignments(first: 50, filter: { status: MATCHED }) { nodes { id version demandItem { id } } } }', {}, as('dept-wuyuan-nk'))).assignments.nodes;
    const mine = (id: string) => work.find((a: any) => a.demandItem.id === id);
    const dept = (q: string, v: Record<string, unknown>) => app.gql(q, v, as('dept-wuyuan-nk')).then(ok);
    const ACCEPT = 'mutation($id: ID!, $v: Int!) { acceptAssignment(input: { id: $id, version: $v, committedDate: "2026-11-28", personInCharge: "李站长" }) { version } }';
    const COMPLETE = 'mutation($id: ID!, $v: Int!) { completeAssignment(input: { id: $id, version: $v, resultNote: "已入户指导", peopleServed: 12 }) { version } }';
    for (const id of ['D-001', 'D-002']) {
      const v = (await dept(ACCEPT, { id: mine(id).id, v: mine(id).version })).acceptAssignment.version;
      await dept(COMPLETE, { id: mine(id).id, v });
    }
    at('2026-11-27T08:00:00Z');
    await dept('mutation($id: ID!, $v: Int!) { declineAssignment(input: { id: $id, version: $v, reason: "本月技术员不足" }) { id } }', { id: mine('D-004').id, v: mine('D-004').version });
    // The township rates D-001 (closed, 销号) and leaves D-002 unrated; it submits a late item.
    at('2026-11-30T08:00:00Z');
    const d1 = (await app.gql(ITEM, { id: 'D-001' }, as('township-tarhu'))).data.demandItem;
    ok(await app.gql('mutation($id: ID!, $v: Int!) { rateService(input: { demandItemId: $id, version: $v, rating: SATISFIED, comment: "技术员讲得明白" }) { status } }', { id: 'D-001', v: d1.version }, as('township-tarhu')));
    const list = ok(await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, as('township-tarhu'))).demandLists.nodes[0].id;
    late = ok(await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: {
      listId: list, category: 'SERVICE', title: '村里路灯坏了', content: '联丰村主路的路灯坏了好几盏，晚上走路不方便', forms: ['ON_SITE'], villageId: LIANFENG,
    } }, as('township-tarhu'))).addDemandItem.id;
    ok(await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { id } }', { id: late }, as('township-tarhu')));

    at('2026-12-12T08:00:00Z');
    const a = await agenda('township-tarhu', '2026-12-12');
    expect(a).toMatchObject({ since: '2026-11-25T08:00:00.000Z', lastMeeting: { id: first.id, heldOn: '2026-11-25' } });
    const sections = Object.fromEntries(a.entries.map((e: any) => [e.demandItem.id, e.section]));
    // New since the last meeting: only the late item (the demo's were on the last agenda).
    expect(entry(a, late)).toMatchObject({ section: 'NEW', reasons: ['NEW'], status: 'SUBMITTED' });
    // Closed since: to reconcile and close (对账销号); completed and not rated: to rate (and done since, too).
    expect(entry(a, 'D-001')).toMatchObject({ section: 'RECONCILE', reasons: ['RECONCILE'], status: 'CLOSED', departmentName: '五原县农牧和科技局', doneAt: '2026-11-30T08:00:00.000Z' });
    expect(entry(a, 'D-002')).toMatchObject({ section: 'UNRATED', reasons: ['UNRATED', 'RECONCILE'], status: 'COMPLETED', doneAt: '2026-11-26T08:00:00.000Z' });
    // Declined by 五原县农牧和科技局 on 11-27: re-placed or escalated at once, and on the agenda for it.
    expect(entry(a, 'D-004').reasons).toContain('DECLINED');
    // The city departments never took theirs up (3 days to accept): overdue, and with no line for 16 days, stuck too.
    for (const id of ['D-003', 'D-005', 'D-091', 'D-092']) {
      expect(entry(a, id)).toMatchObject({ section: 'OVERDUE', reasons: ['OVERDUE', 'STUCK'], status: 'MATCHED', dueDate: '2026-11-29', daysLate: 13 });
    }
    const d4 = entry(a, 'D-004');
    if (d4.status === 'ESCALATED') expect(d4).toMatchObject({ section: 'STUCK', reasons: ['STUCK', 'DECLINED', 'ESCALATED'] });
    else expect(d4).toMatchObject({ section: 'OVERDUE', status: 'MATCHED' });
    expect(Object.keys(sections).sort()).toEqual(['D-001', 'D-002', 'D-003', 'D-004', 'D-005', 'D-091', 'D-092', late].sort());
    // In the sections' order: new, overdue, stuck, declined, escalated, unrated, reconcile.
    const order = ['NEW', 'OVERDUE', 'STUCK', 'DECLINED', 'ESCALATED', 'UNRATED', 'RECONCILE'];
    const seen = a.entries.map((e: any) => order.indexOf(e.section));
    expect(seen).toEqual([...seen].sort((x: number, y: number) => x - y));
    // An organization department over the township reads the same agenda.
    expect((await agenda('org-wuyuan', '2026-12-12')).entries).toEqual(a.entries);
  });

  it('records the second meeting with decisions on its timelines; a department reads them there; the first minutes are now closed to correction', async () => {
    const m = ok(await app.gql(RECORD, { i: {
      townshipId: TARHU, heldOn: '2026-12-12', place: '塔尔湖镇便民服务中心', attendees: '王镇长（塔尔湖镇）、张科长（五原县委组织部）', nextMeetingOn: '2026-12-19',
      decisions: [
        { demandItemId: 'D-003', decision: '请市卫健委三日内接单，组织部门督办' },
        { demandItemId: 'D-001', decision: '对账无误，销号' },
        { demandItemId: late, decision: '下次配餐时派单' },
      ],
    } }, as('township-tarhu'))).recordJointMeeting;
    expect(m.agendaSince).toBe('2026-11-25T08:00:00.000Z');
    expect(m.decisions.map((d: any) => d.demandItem.id).sort()).toEqual(['D-001', 'D-002', 'D-003', 'D-004', 'D-005', 'D-091', 'D-092', late].sort());
    expect(m.decisions.find((d: any) => d.demandItem.id === 'D-003')).toMatchObject({ section: 'OVERDUE', reasons: ['OVERDUE', 'STUCK'], status: 'MATCHED', decision: '请市卫健委三日内接单，组织部门督办' });
    for (const [id, status] of [['D-003', 'MATCHED'], ['D-001', 'CLOSED'], [late, 'SUBMITTED']]) {
      const item = (await app.gql(ITEM, { id }, as('township-tarhu'))).data.demandItem;
      expect(item.status).toBe(status);
      expect(item.timeline.at(-1)).toMatchObject({ action: 'MEETING_DECISION', fromStatus: status, toStatus: status });
      expect(item.timeline.at(-1).note).toContain('2026-12-12 塔尔湖镇联席会议决定：');
    }
    // The department whose item it is reads the decision on its timeline, and nothing of the meetings themselves.
    const seen = (await app.gql(ITEM, { id: 'D-001' }, as('dept-wuyuan-nk'))).data.demandItem;
    expect(seen.timeline.filter((e: any) => e.action === 'MEETING_DECISION').map((e: any) => e.note)).toEqual(['2026-11-25 塔尔湖镇联席会议决定：请农牧局本周内对接联丰村大棚户', '2026-12-12 塔尔湖镇联席会议决定：对账无误，销号']);
    expect(codeOf(await app.gql('{ jointMeetings(first: 10) { nodes { id } } }', {}, as('dept-wuyuan-nk')))).toBe('FORBIDDEN');
    // The list, readable afterwards; the first minutes can no longer be corrected (the next meeting was recorded), the second still can.
    const list = ok(await app.gql(`{ jointMeetings(first: 10, townshipId: "${TARHU}") { totalCount nodes { id heldOn canCorrect entryCount decisionCount } } }`, {}, as('township-tarhu'))).jointMeetings;
    expect(list.nodes.map((n: any) => [n.heldOn, n.canCorrect, n.entryCount, n.decisionCount])).toEqual([['2026-11-25', false, 7, 1], ['2026-12-12', true, 8, 3]]);
    const CORRECT = 'mutation($i: CorrectJointMeetingInput!) { correctJointMeeting(input: $i) { id version place correctedAt decisions { decision demandItem { id } } } }';
    const closed = await app.gql(CORRECT, { i: { id: first.id, version: first.version, place: '会议室' } }, as('township-tarhu'));
    expect(codeOf(closed)).toBe('INVALID_STATE');
    // The second: by its author only.
    expect(codeOf(await app.gql(CORRECT, { i: { id: m.id, version: m.version, place: '会议室' } }, as('org-wuyuan')))).toBe('FORBIDDEN');
    at('2026-12-12T10:00:00Z');
    const fixed = ok(await app.gql(CORRECT, { i: { id: m.id, version: m.version, place: '塔尔湖镇便民服务中心二楼', decisions: [{ demandItemId: 'D-003', decision: '请市卫健委两日内接单' }] } }, as('township-tarhu'))).correctJointMeeting;
    expect(fixed).toMatchObject({ version: m.version + 1, place: '塔尔湖镇便民服务中心二楼', correctedAt: '2026-12-12T10:00:00.000Z' });
    expect(fixed.decisions.find((d: any) => d.demandItem.id === 'D-003').decision).toBe('请市卫健委两日内接单');
    const d3 = (await app.gql(ITEM, { id: 'D-003' }, as('township-tarhu'))).data.demandItem.timeline.filter((e: any) => e.action === 'MEETING_DECISION');
    expect(d3.map((e: any) => e.note)).toEqual(['2026-12-12 塔尔湖镇联席会议决定：请市卫健委三日内接单，组织部门督办', '2026-12-12 塔尔湖镇联席会议决定（更正）：请市卫健委两日内接单']);
    // A stale version is a conflict.
    expect(codeOf(await app.gql(CORRECT, { i: { id: m.id, version: m.version, place: '会议室' } }, as('township-tarhu')))).toBe('CONFLICT');
  });

  it("lets an organization department hold a village's meeting in its region", async () => {
    const m = ok(await app.gql(RECORD, { i: {
      townshipId: TARHU, villageId: LIANFENG, heldOn: '2026-12-12', place: '联丰村村委会', attendees: '张科长（五原县委组织部）、刘书记（联丰村）',
      decisions: [{ demandItemId: late, decision: '村里先排查坏灯数量' }],
    } }, as('org-wuyuan'))).recordJointMeeting;
    expect(m).toMatchObject({ village: { id: LIANFENG }, recordedByName: expect.any(String), canCorrect: true });
    expect(m.decisions.every((d: any) => d.demandItem.id)).toBe(true);
    // The township reads it too (its own village), and cannot correct it (not its author).
    const read = ok(await app.gql(`query($id: ID!) { jointMeeting(id: $id) { place canCorrect village { name } } }`, { id: m.id }, as('township-tarhu'))).jointMeeting;
    expect(read).toEqual({ place: '联丰村村委会', canCorrect: false, village: { name: '联丰村' } });
  });

  it('refuses another township, a department and a county outside its region, and says nothing of the meetings', async () => {
    const agendaOf = (user: string, townshipId: string) => app.gql(AGENDA, { t: townshipId, d: '2026-12-12', v: null }, as(user));
    expect(codeOf(await agendaOf('township-ganzhaomiao', TARHU))).toBe('FORBIDDEN');
    expect(codeOf(await agendaOf('dept-wuyuan-nk', TARHU))).toBe('FORBIDDEN');
    expect(codeOf(await agendaOf('org-wuyuan', GANZHAOMIAO))).toBe('FORBIDDEN');
    expect((await agendaOf('org-city', GANZHAOMIAO)).errors).toBeUndefined();
    const before = await rows();
    const record = (user: string, townshipId: string) => app.gql(RECORD, { i: { townshipId, heldOn: '2026-12-12', place: '会议室', attendees: '某某', decisions: [{ demandItemId: 'D-003', decision: '越权' }] } }, as(user));
    expect(codeOf(await record('township-ganzhaomiao', TARHU))).toBe('FORBIDDEN');
    expect(codeOf(await record('dept-wuyuan-nk', TARHU))).toBe('FORBIDDEN');
    expect(codeOf(await record('org-wuyuan', GANZHAOMIAO))).toBe('FORBIDDEN');
    expect(codeOf(await record('admin', TARHU))).toBe('FORBIDDEN');
    expect(await rows()).toEqual(before);
    // Another township's list holds none of 塔尔湖镇's; by id it does not exist for it.
    expect(ok(await app.gql('{ jointMeetings(first: 10) { totalCount } }', {}, as('township-ganzhaomiao'))).jointMeetings.totalCount).toBe(0);
    expect(codeOf(await app.gql('query($id: ID!) { jointMeeting(id: $id) { id } }', { id: first.id }, as('township-ganzhaomiao')))).toBe('NOT_FOUND');
    expect(ok(await app.gql('{ jointMeetings(first: 10) { totalCount } }', {}, as('org-city'))).jointMeetings.totalCount).toBe(3);
    // Nested: a demand item's timeline line reaches no meeting, and a department's nested demand items stay its own.
    expect(codeOf(await app.gql('query($id: ID!) { jointMeeting(id: $id) { id } }', { id: first.id }, as('dept-nmj')))).toBe('FORBIDDEN');
  });

  it('refuses bad input with BAD_USER_INPUT, naming the field, and writes nothing', async () => {
    const base = { townshipId: TARHU, heldOn: '2026-12-11', place: '会议室', attendees: '王镇长' };
    const cases: [Record<string, unknown>, string][] = [
      [{ heldOn: '2026-13-01' }, 'input.heldOn'],
      [{ heldOn: '2026-12-20' }, 'input.heldOn'],
      [{ place: '   ' }, 'input.place'],
      [{ attendees: '' }, 'input.attendees'],
      [{ place: '会'.repeat(101) }, 'input.place'],
      [{ nextMeetingOn: '2026-12-10' }, 'input.nextMeetingOn'],
      [{ nextMeetingOn: 'next week' }, 'input.nextMeetingOn'],
      [{ villageId: '150802101201' }, 'villageId'],
      [{ townshipId: '150821' }, 'townshipId'],
      [{ decisions: [{ demandItemId: 'D-003', decision: '决'.repeat(1001) }] }, 'input.decisions[0].decision'],
      [{ decisions: [{ demandItemId: 'D-003', decision: 'a' }, { demandItemId: 'D-003', decision: 'b' }] }, 'input.decisions[1].demandItemId'],
      // An item not on the agenda (another township's): refused inside the write, which then leaves nothing.
      [{ decisions: [{ demandItemId: 'D-003', decision: '督办' }, { demandItemId: 'D-006', decision: '越界' }] }, 'input.decisions[1].demandItemId'],
    ];
    const before = await rows();
    for (const [change, field] of cases) {
      const r = await app.gql(RECORD, { i: { ...base, ...change } }, as(change.townshipId === '150821' ? 'org-wuyuan' : 'township-tarhu'));
      expect(codeOf(r), JSON.stringify(change)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions.field, JSON.stringify(change)).toBe(field);
    }
    expect(codeOf(await app.gql(AGENDA, { t: TARHU, d: '12/12/2026', v: null }, as('township-tarhu')))).toBe('BAD_USER_INPUT');
    expect(await rows()).toEqual(before);
  });

  it('exports the minutes and the agenda as XLSX with the bearer token, as the ledger; refuses without it and to a department', async () => {
    const { res, body } = await xlsx(`meetingId=${first.id}`, 'township-tarhu');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('meeting-150821102-2026-11-25.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as never);
    const ws = book.getWorksheet('联席会议')!;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.getCell('A1').value).toBe('塔尔湖镇 联席会议纪要（2026-11-25）');
    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    const all = Array.from({ length: ws.rowCount }, (_, i) => cells(i + 1));
    expect(all.find((r) => r[0] === '参会人员')?.[1]).toBe('王镇长（塔尔湖镇）\n李站长（五原县农牧和科技局）');
    const header = all.findIndex((r) => r[0] === '序号');
    expect(all[header]).toEqual(expect.arrayContaining(['议题栏目', '编号', '需求', '状态', '承办部门', '会议决定']));
    const lines = all.slice(header + 1);
    expect(lines).toHaveLength(7);
    const d1 = lines.find((r) => r[2] === 'D-001')!;
    expect(d1[1]).toBe('新增需求');
    expect(d1[14]).toBe('请农牧局本周内对接联丰村大棚户');

    const agendaFile = await xlsx(`townshipId=${TARHU}&date=2026-12-12`, 'org-wuyuan');
    expect(agendaFile.res.status).toBe(200);
    const agendaBook = new ExcelJS.Workbook();
    await agendaBook.xlsx.load(agendaFile.body as never);
    const aws = agendaBook.getWorksheet('联席会议')!;
    expect(aws.getCell('A1').value).toBe('塔尔湖镇 联席会议议程（2026-12-12）');
    const codes: string[] = [];
    aws.eachRow((row) => { const v = row.getCell(16).value; if (v && v !== '栏目代码') codes.push(String(v)); });
    expect(new Set(codes)).toEqual(new Set(['NEW', 'OVERDUE', 'UNRATED', 'RECONCILE', ...(codes.includes('STUCK') ? ['STUCK'] : [])]));

    expect((await xlsx(`meetingId=${first.id}`)).res.status).toBe(401);
    expect((await xlsx(`meetingId=${first.id}`, 'dept-wuyuan-nk')).res.status).toBe(403);
    expect((await xlsx(`meetingId=${first.id}`, 'township-ganzhaomiao')).res.status).toBe(404);
    expect((await xlsx(`townshipId=${TARHU}&date=2026-12-12`, 'township-ganzhaomiao')).res.status).toBe(403);
    const bad = await xlsx('townshipId=150821102', 'township-tarhu');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
