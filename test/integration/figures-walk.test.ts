import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SATISFIED_RATINGS } from '../../src/common/enums';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * Figures that agree (issue 15), as a property: after any walk of the loop — accepts, declines,
 * progress, completions, good and bad ratings, leaders taking hard cases, the clock moving — every
 * view (matchReport by each dimension, the scorecards, gapAnalysis, the ledger's sheets) equals a
 * count made here, independently, from the raw rows, and each dimension adds up to the total.
 */

const DAY = 86_400_000;
const ACCEPT_DAYS = 3;
const DEPARTMENTS: Record<string, string> = { 'DEP-C-NMJ': 'dept-nmj', 'DEP-K-WY-NK': 'dept-wuyuan-nk' };
const TOWNSHIPS: Record<string, string> = { '150821102': 'township-tarhu', '150802101': 'township-ganzhaomiao' };

type Move =
  | { kind: 'accept' | 'decline' | 'progress' | 'complete'; department: string; pick: number; days: number }
  | { kind: 'rate'; pick: number; good: boolean }
  | { kind: 'leader' | 'leaderDone'; pick: number; days: number }
  | { kind: 'clock'; days: number };

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  fc.record({ kind: fc.constantFrom('accept', 'decline', 'progress', 'complete') as fc.Arbitrary<'accept'>, department: fc.constantFrom(...Object.keys(DEPARTMENTS)), pick: fc.nat(20), days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('rate' as const), pick: fc.nat(10), good: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('leader', 'leaderDone') as fc.Arbitrary<'leader'>, pick: fc.nat(6), days: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('clock' as const), days: fc.integer({ min: 0, max: 6 }) }),
);

type Row = Record<string, any>;

async function walk(app: TestApp, as: (u: string) => string, moves: Move[], t0: Date): Promise<void> {
  let now = t0;
  const sql = (q: string, p: unknown[] = []): Promise<Row[]> => app.orm.em.getConnection().execute(q, p);
  const date = (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
  const gql = async (q: string, i: Record<string, unknown>, user: string) => {
    const r = await app.gql(q, { i }, as(user));
    // A move the state does not allow is refused cleanly; nothing else may fail.
    if (r.errors) expect(['INVALID_STATE', 'CONFLICT', 'BAD_USER_INPUT']).toContain(r.errors[0].extensions?.code);
  };
  for (const m of moves) {
    if (m.kind === 'clock') {
      now = new Date(now.getTime() + m.days * DAY);
      app.clock.set(now);
      continue;
    }
    if (m.kind === 'rate') {
      const open = await sql(`select id, version, township_id from demand_item where status = 'COMPLETED' and township_id in ('150821102', '150802101') order by id`);
      const d = open[m.pick % Math.max(1, open.length)];
      if (d) await gql('mutation($i: RateServiceInput!) { rateService(input: $i) { id } }', { demandItemId: d.id, version: d.version, rating: m.good ? 'SATISFIED' : 'UNSATISFIED', comment: '评' }, TOWNSHIPS[d.township_id]);
      continue;
    }
    if (m.kind === 'leader' || m.kind === 'leaderDone') {
      const status = m.kind === 'leader' ? 'ESCALATED' : 'LEADERSHIP';
      const items = await sql(`select id, version from demand_item where status = ? order by id`, [status]);
      const d = items[m.pick % Math.max(1, items.length)];
      if (!d) continue;
      if (m.kind === 'leader') await gql('mutation($i: HandToLeaderInput!) { handToLeader(input: $i) { id } }', { demandItemId: d.id, version: d.version, leaderName: '李', dueDate: date(m.days) }, 'org-city');
      else await gql('mutation($i: CompleteByLeaderInput!) { completeByLeader(input: $i) { id } }', { demandItemId: d.id, version: d.version, resultNote: '办了' }, 'org-city');
      continue;
    }
    const dm = m as Extract<Move, { department: string }>;
    const states = { accept: ['MATCHED'], decline: ['MATCHED'], progress: ['ACCEPTED', 'IN_PROGRESS'], complete: ['ACCEPTED', 'IN_PROGRESS'] }[dm.kind];
    const mine = await sql(`select id, version, committed_date from assignment where department_id = ? and status in (${states.map(() => '?').join(', ')}) order by id`, [dm.department, ...states]);
    const a = mine[m.pick % Math.max(1, mine.length)];
    if (!a) continue;
    const user = DEPARTMENTS[dm.department];
    if (m.kind === 'accept') await gql('mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id } }', { id: a.id, version: a.version, committedDate: date(m.days), personInCharge: '王' }, user);
    else if (m.kind === 'decline') await gql('mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { id } }', { id: a.id, version: a.version, reason: '不归我们' }, user);
    else if (m.kind === 'progress') await gql('mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id } }', { id: a.id, version: a.version, note: '在办', committedDate: a.committed_date ? null : date(m.days) }, user);
    else await gql('mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { id } }', { id: a.id, version: a.version, resultNote: '办结', peopleServed: 3 }, user);
  }
}

/** The figures of every submitted demand, counted here from the raw rows by the definitions of the README's glossary. */
async function independentCount(app: TestApp, now: Date, countyPrefix: string | null) {
  const sql = (q: string): Promise<Row[]> => app.orm.em.getConnection().execute(q);
  const items = await sql(`select id, county_id, township_id, category, status from demand_item where campaign_id = 'C-2019-WS' and status <> 'DRAFT'`);
  const live = new Map((await sql(`select * from assignment where status in ('MATCHED','ACCEPTED','IN_PROGRESS','COMPLETED','CLOSED')`)).map((a) => [a.demand_item_id, a]));
  const latest = async (table: string) => {
    const out = new Map<string, Row>();
    for (const r of await sql(`select * from ${table} order by id`)) out.set(r.demand_item_id, r);
    return out;
  };
  const escalation = await latest('escalation');
  const rating = await latest('feedback');
  const everEscalated = new Set((await sql('select demand_item_id from escalation')).map((e) => e.demand_item_id));
  const today = now.toISOString().slice(0, 10);
  const cutoff = now.getTime() - ACCEPT_DAYS * DAY;
  const time = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).getTime());
  return items.filter((d) => !countyPrefix || String(d.county_id).startsWith(countyPrefix)).map((d) => {
    const a = live.get(d.id);
    const accepted = time(a?.accepted_at);
    const dispatched = time(a?.dispatched_at);
    const resolved = a && (a.status === 'COMPLETED' || a.status === 'CLOSED');
    const responseKnown = !!a && (accepted !== null || (dispatched !== null && dispatched < cutoff));
    const resolutionKnown = !!a && (!!resolved || (accepted !== null && (a.committed_date === null || a.committed_date < today)));
    const leaderDue = d.status === 'LEADERSHIP' ? escalation.get(d.id)?.leader_due_date ?? null : null;
    const overdue = (a?.status === 'MATCHED' && dispatched! < cutoff)
      || ((a?.status === 'ACCEPTED' || a?.status === 'IN_PROGRESS') && a.committed_date !== null && a.committed_date < today)
      || (a?.status === 'IN_PROGRESS' && a.committed_date === null && time(a.reopened_at)! < cutoff)
      || (leaderDue !== null && leaderDue < today);
    const r = rating.get(d.id)?.rating;
    const f = {
      demands: 1, placedCounty: +(a?.tier === 'COUNTY'), placedCity: +(a?.tier === 'CITY'), placedManual: +(a?.tier === 'MANUAL'),
      escalated: +everEscalated.has(d.id), accepted: +(accepted !== null), completed: +(d.status === 'COMPLETED' || d.status === 'CLOSED'),
      closed: +(d.status === 'CLOSED'), overdue: +overdue,
      responseN: +(accepted !== null && accepted - dispatched! <= ACCEPT_DAYS * DAY), responseD: +responseKnown, responseP: +(!!a && dispatched !== null && !responseKnown),
      resolutionN: +!!resolved, resolutionD: +resolutionKnown, resolutionP: +(accepted !== null && !resolutionKnown),
      // A rating counts until the demand is completed again after it (a bad one reopened it): then it waits for a new one.
      satisfactionN: +(!!r && SATISFIED_RATINGS.includes(r) && d.status !== 'COMPLETED'), satisfactionD: +(!!r && d.status !== 'COMPLETED'), satisfactionP: +(d.status === 'COMPLETED'),
    };
    return { county: String(d.county_id), township: String(d.township_id), department: a ? String(a.department_id) : 'NONE', category: String(d.category), f };
  });
}

type Facts = Awaited<ReturnType<typeof independentCount>>;
const COUNTS = ['demands', 'placedCounty', 'placedCity', 'placedManual', 'escalated', 'accepted', 'completed', 'closed', 'overdue'] as const;
const RATES = ['response', 'resolution', 'satisfaction'] as const;

function sums(facts: Facts) {
  const s: Record<string, number> = {};
  for (const { f } of facts) for (const [k, v] of Object.entries(f)) s[k] = (s[k] ?? 0) + v;
  return s;
}
/** A report row's figures in the independent count's terms. */
function figuresOf(row: Row): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of COUNTS) out[k] = row[k];
  for (const r of RATES) {
    out[`${r}N`] = row[`${r}Rate`].numerator;
    out[`${r}D`] = row[`${r}Rate`].denominator;
    out[`${r}P`] = row[`${r}Rate`].pending;
  }
  return out;
}
const only = (s: Record<string, number>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, s[k] ?? 0]));
const ALL_KEYS = [...COUNTS, ...RATES.flatMap((r) => [`${r}N`, `${r}D`, `${r}P`])];

const RATE = 'numerator denominator pending value';
const ROW = `key demands placedCounty placedCity placedManual escalated accepted completed closed overdue responseRate { ${RATE} } resolutionRate { ${RATE} } satisfactionRate { ${RATE} }`;

async function check(app: TestApp, as: (u: string) => string, now: Date): Promise<void> {
  for (const [user, prefix] of [['org-city', null], ['org-wuyuan', '150821']] as const) {
    const facts = await independentCount(app, now, prefix);
    const views = await Promise.all([
      app.gql(`{ matchReport(campaignId: "C-2019-WS") { total { ${ROW} } byCounty { ${ROW} } byDepartment { ${ROW} } byCategory { ${ROW} } } }`, {}, as(user)),
      app.gql(`{ matchReport(campaignId: "C-2019-WS") { byTownship { ${ROW} } } }`, {}, as(user)),
      app.gql(`{ scorecards(campaignId: "C-2019-WS") { departmentId responseRate { ${RATE} } resolutionRate { ${RATE} } satisfactionRate { ${RATE} } overdue { demandItemId } } }`, {}, as(user)),
      app.gql('{ gapAnalysis(campaignId: "C-2019-WS") { countyId category demands placed unplaced } }', {}, as(user)),
    ]);
    for (const v of views) expect(v.errors).toBeUndefined();
    const [{ data: { matchReport: report } }, { data: { matchReport: { byTownship } } }, { data: { scorecards } }, { data: { gapAnalysis } }] = views;
    // The total, and every row of every dimension, as counted here; each dimension adds up to the total.
    expect(figuresOf(report.total)).toEqual(only(sums(facts), ALL_KEYS));
    for (const [dimension, rows] of [['county', report.byCounty], ['township', byTownship], ['department', report.byDepartment], ['category', report.byCategory]] as const) {
      const groups = new Map<string, Facts>();
      for (const fact of facts) groups.set(fact[dimension], [...(groups.get(fact[dimension]) ?? []), fact]);
      expect(rows.map((r: Row) => r.key).sort()).toEqual([...groups.keys()].sort());
      for (const row of rows) expect([dimension, row.key, figuresOf(row)]).toEqual([dimension, row.key, only(sums(groups.get(row.key)!), ALL_KEYS)]);
      for (const k of COUNTS) expect(rows.reduce((n: number, r: Row) => n + r[k], 0)).toBe(report.total[k]);
    }
    // Scorecards: the department rows' rates, and their overdue lists of the same length as the department's overdue count.
    for (const card of scorecards) {
      const mine = facts.filter((x) => x.department === card.departmentId);
      const s = only(sums(mine), ALL_KEYS);
      expect([card.departmentId, card.responseRate.numerator, card.responseRate.denominator, card.responseRate.pending, card.resolutionRate.numerator, card.resolutionRate.denominator,
        card.satisfactionRate.numerator, card.satisfactionRate.denominator, card.overdue.length])
        .toEqual([card.departmentId, s.responseN, s.responseD, s.responseP, s.resolutionN, s.resolutionD, s.satisfactionN, s.satisfactionD, s.overdue]);
    }
    // Gap analysis per county and category.
    const gaps = new Map<string, { demands: number; placed: number }>();
    for (const x of facts) {
      const g = gaps.get(`${x.county}|${x.category}`) ?? { demands: 0, placed: 0 };
      g.demands++;
      g.placed += x.department === 'NONE' ? 0 : 1;
      gaps.set(`${x.county}|${x.category}`, g);
    }
    expect(gapAnalysis.length).toBe(gaps.size);
    for (const g of gapAnalysis) expect([g.countyId, g.category, g.demands, g.placed]).toEqual([g.countyId, g.category, gaps.get(`${g.countyId}|${g.category}`)!.demands, gaps.get(`${g.countyId}|${g.category}`)!.placed]);
    // The ledger's sheets carry the same figures.
    const res = await fetch(app.url.replace(/\/graphql$/, '/export/ledger.xlsx?campaignId=C-2019-WS'), { headers: { authorization: `Bearer ${as(user)}` } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const byArea = book.getWorksheet(prefix ? '分苏木镇' : '分旗县区')!;
    const header = (byArea.getRow(1).values as string[]).slice(1);
    const cell = (sheet: ExcelJS.Worksheet, row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1).value;
    const areaRows = [report.total, ...(prefix ? byTownship : report.byCounty)];
    areaRows.forEach((r: Row, i: number) => {
      expect([r.key, cell(byArea, i + 2, '需求数'), cell(byArea, i + 2, '超期'), cell(byArea, i + 2, '响应率分子'), cell(byArea, i + 2, '响应率分母')])
        .toEqual([r.key, r.demands, r.overdue, r.responseRate.numerator, r.responseRate.denominator]);
    });
    const cards = book.getWorksheet('部门考核')!;
    const cardHeader = (cards.getRow(1).values as string[]).slice(1);
    scorecards.forEach((c: Row, i: number) => {
      const get = (name: string) => cards.getRow(i + 2).getCell(cardHeader.indexOf(name) + 1).value;
      expect([get('代码'), get('满意率分子'), get('满意率分母'), get('超期事项')]).toEqual([c.departmentId, c.satisfactionRate.numerator, c.satisfactionRate.denominator, c.overdue.length]);
    });
  }
  const overdue = (await app.gql('{ overdue { kind } }', {}, as('org-city'))).data.overdue;
  const total = (await app.gql('{ matchReport(campaignId: "C-2019-WS") { total { overdue } } }', {}, as('org-city'))).data.matchReport.total.overdue;
  expect(total).toBe(overdue.length);
}

describe(`every view agrees with the raw rows, after any walk of the loop (${DB_KIND})`, () => {
  it('matchReport by each dimension, scorecards, gapAnalysis and the ledger equal an independent count, and add up', async () => {
    const demo = readDemoData();
    for (const id of ['D-001', 'D-091']) demo.demandItems.find((d) => d.id === id)!.kind = 'HARD' as never;
    await fc.assert(fc.asyncProperty(fc.array(moveArb, { minLength: 5, maxLength: 30 }), async (moves) => {
      const app = await startApp(demo, { acceptWithinDays: ACCEPT_DAYS });
      try {
        const as = await app.loginAll(['org-city', 'org-wuyuan', ...Object.values(DEPARTMENTS), ...Object.values(TOWNSHIPS)]);
        const t0 = new Date();
        app.clock.set(t0);
        expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
        await walk(app, as, moves, t0);
        await check(app, as, app.clock.now());
      } finally {
        await app.close();
      }
    }), { numRuns: 8 });
  }, 240_000);
});
