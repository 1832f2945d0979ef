import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { match } from '../../src/engine';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, PG_URL, startApp, type TestApp } from '../support/app';

/** runMatching end to end: the real server, the real database, the demo campaign. */

const demo = readDemoData();
const CAMPAIGN = 'C-2019-WS';

const RUN = `mutation($c: ID!, $r: ID) { runMatching(campaignId: $c, regionId: $r) {
  id considered pinned placedCounty placedCity escalated priorityPlaced eligiblePairs threshold fingerprint
  escalatedByReason { reason count } region { id } startedBy { username }
} }`;

async function allAssignments(app: TestApp, token: string, runId: string) {
  const out: { demandItem: { id: string }; supplyItem: { id: string }; tier: string; score: number }[] = [];
  let after: string | null = null;
  for (;;) {
    const r: any = await app.gql(`query($id: ID!, $after: String) { matchRun(id: $id) { assignments(first: 100, after: $after) {
      nodes { demandItem { id } supplyItem { id } tier score } pageInfo { hasNextPage endCursor } } } }`, { id: runId, after }, token);
    expect(r.errors).toBeUndefined();
    out.push(...r.data.matchRun.assignments.nodes);
    if (!r.data.matchRun.assignments.pageInfo.hasNextPage) return out;
    after = r.data.matchRun.assignments.pageInfo.endCursor;
  }
}

/** Every demand has at most one live assignment, and no supply item holds more than its capacity. */
async function checkInvariants(app: TestApp) {
  const conn = app.orm.em.getConnection();
  const live = `('MATCHED','ACCEPTED','IN_PROGRESS','COMPLETED','CLOSED')`;
  const twice = await conn.execute(`select demand_item_id, count(*) as n from assignment where status in ${live} group by demand_item_id having count(*) > 1`);
  expect(twice).toEqual([]);
  const over = await conn.execute(`select s.id from supply_item s join assignment a on a.supply_item_id = s.id and a.status in ${live}
    group by s.id, s.capacity having count(*) > s.capacity`);
  expect(over).toEqual([]);
  const openTwice = await conn.execute(`select demand_item_id from escalation where status = 'OPEN' group by demand_item_id having count(*) > 1`);
  expect(openTwice).toEqual([]);
}

describe(`runMatching on the demo campaign (${DB_KIND})`, () => {
  let app: TestApp;
  let org: string;
  beforeAll(async () => {
    app = await startApp(demo);
    org = await login(app, 'org-city');
  });
  afterAll(() => app?.close());

  it('places what the engine places on the same data, and writes it all', async () => {
    const expected = match(demo);
    const r: any = await app.gql(RUN, { c: CAMPAIGN }, org);
    expect(r.errors).toBeUndefined();
    const run = r.data.runMatching;
    expect(run).toMatchObject({
      considered: 114, pinned: 0, placedCounty: expected.stats.placedCounty, placedCity: expected.stats.placedCity,
      escalated: expected.stats.escalated, region: { id: '150800' }, startedBy: { username: 'org-city' },
    });
    expect(run.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(run.escalatedByReason).toEqual(
      Object.entries(expected.stats.escalatedByReason).filter(([, n]) => n > 0).map(([reason, count]) => ({ reason, count })),
    );
    const got = (await allAssignments(app, org, run.id)).map((a) => `${a.demandItem.id} ${a.supplyItem.id} ${a.tier} ${a.score}`).sort();
    expect(got).toEqual(expected.assignments.map((a) => `${a.demandId} ${a.supplyId} ${a.tier} ${a.score}`).sort());
    // One timeline line per placement: by the run's starter, at the dispatch, naming its assignment.
    const conn = app.orm.em.fork().getConnection();
    const [starter] = await conn.execute(`select id from app_user where username = 'org-city'`);
    const placed = await conn.execute('select id, demand_item_id, tier, dispatched_at from assignment where run_id = ? order by id', [run.id]);
    const lines = await conn.execute(`select id, demand_item_id, actor_id, actor_role, from_status, to_status, data, at from event where action = 'MATCHED' order by id`);
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(lines.map((e: any) => ({
      demand: e.demand_item_id, actor: e.actor_id, role: e.actor_role, from: e.from_status, to: e.to_status, data: parse(e.data), at: new Date(e.at).getTime(),
    }))).toEqual(placed.map((a: any) => ({
      demand: a.demand_item_id, actor: starter.id, role: 'ORGANIZATION_DEPARTMENT', from: 'SUBMITTED', to: 'MATCHED',
      data: { runId: run.id, assignmentId: a.id, tier: a.tier }, at: new Date(a.dispatched_at).getTime(),
    })));
    expect(new Set(lines.map((e: any) => e.id)).size).toBe(placed.length);
    await checkInvariants(app);
  });

  it('shows a demand its assignment with the explanation, and the dispatch on its timeline', async () => {
    const township = await login(app, 'township-tarhu');
    const r: any = await app.gql(`{ demandItem(id: "D-001") { status
      assignment { tier score status supplyItem { id title } department { name }
        explanation { tier score parts { text form matchedTerms } eligibleCount summary runnerUp { supplyItem { id } score lostBy takenBy } } }
      timeline { action fromStatus toStatus note } } }`, {}, township);
    expect(r.errors).toBeUndefined();
    const item = r.data.demandItem;
    expect(item.status).toBe('MATCHED');
    expect(item.assignment).toMatchObject({ tier: 'COUNTY', status: 'MATCHED', supplyItem: { id: 'S-K-002' } });
    expect(item.assignment.explanation.parts.matchedTerms).toContain('灰霉病');
    expect(item.assignment.explanation.summary).toContain('旗县区级配餐');
    expect(item.timeline.at(-1)).toMatchObject({ action: 'MATCHED', fromStatus: 'SUBMITTED', toStatus: 'MATCHED' });
  });

  it('escalates with the reason and every candidate, for the organization department', async () => {
    // first: 1 — the one run; 20 runs (the default page) × 50 escalations × their candidates is over the cost limit.
    const runs: any = await app.gql(`{ matchRuns(campaignId: "${CAMPAIGN}", first: 1) { nodes { id
      escalations(first: 50) { totalCount nodes { reason status demandItem { id status } detail { summary candidates { supplyItem { id } rule score } } } } } } }`, {}, org);
    expect(runs.errors).toBeUndefined();
    const escalations = runs.data.matchRuns.nodes[0].escalations;
    expect(escalations.totalCount).toBe(8);
    const hard = escalations.nodes.filter((e: any) => e.reason === 'HARD_CASE').map((e: any) => e.demandItem.id).sort();
    expect(hard).toEqual(['D-016', 'D-024', 'D-034', 'D-054', 'D-062', 'D-078']);
    const low = escalations.nodes.find((e: any) => e.reason === 'LOW_RELEVANCE');
    expect(low.demandItem.status).toBe('ESCALATED');
    expect(low.detail.candidates.length).toBeGreaterThan(0);
    expect(low.detail.candidates.every((c: any) => ['NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE'].includes(c.rule))).toBe(true);
  });

  it('a second run keeps every live assignment and updates the open escalations instead of adding more', async () => {
    const before = await app.orm.em.fork().getConnection().execute('select count(*) as n from event');
    const r: any = await app.gql(RUN, { c: CAMPAIGN }, org);
    expect(r.errors).toBeUndefined();
    expect(r.data.runMatching).toMatchObject({ considered: 8, pinned: 106, placedCounty: 0, placedCity: 0, escalated: 8 });
    const after = await app.orm.em.fork().getConnection().execute('select count(*) as n from event');
    expect(Number(after[0].n)).toBe(Number(before[0].n)); // same reasons: nothing new on the timelines
    await checkInvariants(app);
  });

  it('a withdrawn demand gives its item\'s capacity back and leaves the desk', async () => {
    const township = await login(app, 'township-tarhu');
    const W = `mutation($id: ID!) { withdrawDemandItem(id: $id, reason: "村里已自行解决") { status assignment { id } assignments { status } escalation { id } } }`;
    // D-001 (塔尔湖镇) holds a unit of S-K-002.
    const r: any = await app.gql(W, { id: 'D-001' }, township);
    expect(r.errors).toBeUndefined();
    expect(r.data.withdrawDemandItem).toEqual({ status: 'WITHDRAWN', assignment: null, assignments: [{ status: 'CANCELLED' }], escalation: null });
    const live = await app.orm.em.fork().getConnection().execute(
      `select count(*) as n from assignment where supply_item_id = 'S-K-002' and status in ('MATCHED','ACCEPTED','IN_PROGRESS','COMPLETED','CLOSED')`);
    expect(Number(live[0].n)).toBe(0);
    const timeline: any = await app.gql(`{ demandItem(id: "D-001") { timeline { action } } }`, {}, township);
    expect(timeline.data.demandItem.timeline.at(-1).action).toBe('WITHDRAWN');
    await checkInvariants(app);
  });

  it('is for organization departments and admins, within their own region', async () => {
    expect(codeOf(await app.gql(RUN, { c: CAMPAIGN }, await login(app, 'township-tarhu')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(RUN, { c: CAMPAIGN }, await login(app, 'dept-nmj')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(RUN, { c: CAMPAIGN, r: '150800' }, await login(app, 'org-wuyuan')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(RUN, { c: 'C-NONE' }, org))).toBe('NOT_FOUND');
    const township = await app.gql(RUN, { c: CAMPAIGN, r: '150821102' }, org);
    expect(codeOf(township)).toBe('BAD_USER_INPUT');
    expect(township.errors?.[0].extensions.allowed).toEqual(['CITY', 'COUNTY']);
  });
});

describe(`runMatching in one county, and two runs at once (${DB_KIND})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(demo);
  });
  afterAll(() => app?.close());

  it("a county's organization department places its own county's demands", async () => {
    const r: any = await app.gql(RUN, { c: CAMPAIGN }, await login(app, 'org-wuyuan'));
    expect(r.errors).toBeUndefined();
    const wuyuan = demo.demandItems.filter((d) => d.townshipId.startsWith('150821'));
    expect(r.data.runMatching).toMatchObject({ considered: wuyuan.length, region: { id: '150821' } });
    const rows = await app.orm.em.fork().getConnection().execute(`select d.county_id from assignment a join demand_item d on d.id = a.demand_item_id`);
    expect(new Set(rows.map((x: any) => x.county_id))).toEqual(new Set(['150821']));
  });

  it('two runs started at once never give the same capacity twice', async () => {
    const org = await login(app, 'org-city');
    const admin = await login(app, 'admin');
    const count = async () => Number((await app.orm.em.fork().getConnection().execute(`select count(*) as n from assignment`))[0].n);
    const before = await count();
    const [a, b]: any[] = await Promise.all([app.gql(RUN, { c: CAMPAIGN }, org), app.gql(RUN, { c: CAMPAIGN }, admin)]);
    for (const r of [a, b]) if (r.errors) expect(codeOf(r)).toBe('CONFLICT');
    const placed = [a, b].filter((r) => !r.errors).map((r) => r.data.runMatching.placedCounty + r.data.runMatching.placedCity);
    expect(before + placed.reduce((x, y) => x + y, 0)).toBe(await count());
    await checkInvariants(app);
    const statuses = await app.orm.em.fork().getConnection().execute(`select status, count(*) as n from demand_item group by status`);
    expect(statuses.find((s: any) => s.status === 'SUBMITTED')).toBeUndefined();
  });
});

describe(`a run interrupted midway leaves nothing half-written (${DB_KIND})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(demo);
  });
  afterAll(() => app?.close());

  it('fails as a whole when one timeline line cannot be written', async () => {
    const conn = app.orm.em.getConnection();
    // The database refuses the MATCHED event of one demand: the last write of the transaction.
    if (PG_URL) {
      await conn.execute(`create function refuse_event() returns trigger language plpgsql as $$
        begin if new.demand_item_id = 'D-114' and new.action = 'MATCHED' then raise exception 'refused by test'; end if; return new; end $$`);
      await conn.execute('create trigger refuse_event before insert on event for each row execute function refuse_event()');
    } else {
      await conn.execute(`create trigger refuse_event before insert on event when new.demand_item_id = 'D-114' and new.action = 'MATCHED'
        begin select raise(abort, 'refused by test'); end`);
    }
    const r = await app.gql(RUN, { c: CAMPAIGN }, await login(app, 'org-city'));
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(r.errors)).not.toContain('refused by test');
    for (const table of ['match_run', 'assignment', 'escalation']) {
      expect(Number((await conn.execute(`select count(*) as n from ${table}`))[0].n)).toBe(0);
    }
    const statuses = await conn.execute(`select distinct status from demand_item`);
    expect(statuses.map((s: any) => s.status)).toEqual(['SUBMITTED']);
    expect(Number((await conn.execute(`select count(*) as n from event where action in ('MATCHED', 'ESCALATED')`))[0].n)).toBe(0);
  });
});

describe(`a move made while a run writes is never lost (${DB_KIND})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(demo);
  });
  afterAll(() => app?.close());

  // On PostgreSQL a run's write and a township's move run in parallel: the move must either wait
  // for the run or be refused, never be overwritten. (SQLite has a single writer: nothing to race.)
  it.runIf(DB_KIND === 'postgresql')('a withdrawal sent after the run checked its inputs waits for the run, then is refused with CONFLICT and goes through when asked again', async () => {
    const township = await login(app, 'township-tarhu');
    const org = await login(app, 'org-city');
    // Hold the run after it has checked its inputs: it waits to insert its MatchRun row.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = app.orm.em.fork().transactional(async (em) => {
      await em.getConnection().execute('lock table match_run in exclusive mode', [], 'run', em.getTransactionContext());
      locked();
      await released;
    });
    await holding;
    const run = app.gql(RUN, { c: CAMPAIGN }, org);
    const conn = app.orm.em.fork().getConnection();
    for (let waited = 0; ; waited += 20) {
      const waiting = await conn.execute(`select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'match_run' and not l.granted`);
      if (Number(waiting[0].n) > 0) break;
      if (waited > 20_000) throw new Error('the run never reached its write');
      await new Promise((r) => setTimeout(r, 20));
    }
    // D-001 is SUBMITTED and the run places it; the township withdraws it now.
    const withdrawal = app.gql(`mutation { withdrawDemandItem(id: "D-001", reason: "村里已自行解决") { status } }`, {}, township);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await holder;
    const [w, r]: any[] = await Promise.all([withdrawal, run]);
    expect(r.errors).toBeUndefined();
    // The withdrawal waited for the run, found the item changed under it, and wrote nothing.
    expect(codeOf(w)).toBe('CONFLICT');
    const ITEM = `{ demandItem(id: "D-001") { status assignment { id } assignments { status } timeline { action } } }`;
    const item: any = await app.gql(ITEM, {}, township);
    expect(item.data.demandItem.status).toBe('MATCHED');
    expect(item.data.demandItem.timeline.map((e: any) => e.action)).not.toContain('WITHDRAWN');
    // Asked again, it goes through and gives the capacity back.
    const again: any = await app.gql(`mutation { withdrawDemandItem(id: "D-001", reason: "村里已自行解决") { status } }`, {}, township);
    expect(again.errors).toBeUndefined();
    const after: any = await app.gql(ITEM, {}, township);
    expect(after.data.demandItem).toMatchObject({ status: 'WITHDRAWN', assignment: null, assignments: [{ status: 'CANCELLED' }] });
    await checkInvariants(app);
  });
});

async function login(app: TestApp, username: string) {
  return app.login(username);
}

describe(`re-running after new supply (${DB_KIND})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(demo);
  });
  afterAll(() => app?.close());

  it('places escalated demands once the department adds capacity, and closes their escalations', async () => {
    const org = await login(app, 'org-city');
    const nmj = await login(app, 'dept-nmj');
    const ADJUST = `mutation($c: Int!) { adjustSupplyItem(input: { id: "S-C-005", capacity: $c, note: "调整技术员" }) { capacity } }`;
    expect((await app.gql(ADJUST, { c: 1 }, nmj)).errors).toBeUndefined();
    let r: any = await app.gql(RUN, { c: CAMPAIGN }, org);
    const exhausted = r.data.runMatching.escalatedByReason.find((x: any) => x.reason === 'CAPACITY_EXHAUSTED');
    expect(exhausted.count).toBeGreaterThan(0);
    const before: any = await app.gql(`{ escalations(filter: { reason: CAPACITY_EXHAUSTED }) { nodes { demandItem { id } detail { candidates { supplyItem { id } rule takenBy } } } } }`, {}, org);
    const waiting = before.data.escalations.nodes.map((n: any) => n.demandItem.id);
    expect(before.data.escalations.nodes[0].detail.candidates).toContainEqual(expect.objectContaining({ supplyItem: { id: 'S-C-005' }, rule: 'CAPACITY_EXHAUSTED' }));

    expect((await app.gql(ADJUST, { c: 8 }, nmj)).errors).toBeUndefined();
    r = await app.gql(RUN, { c: CAMPAIGN }, org);
    expect(r.data.runMatching.placedCity).toBe(waiting.length);
    const after: any = await app.gql(`{ escalations(filter: { reason: CAPACITY_EXHAUSTED }) { totalCount } }`, {}, org);
    expect(after.data.escalations.totalCount).toBe(0);
    for (const id of waiting) {
      const item: any = await app.gql(`query($id: ID!) { demandItem(id: $id) { status assignment { supplyItem { id } } timeline { action } } }`, { id }, org);
      expect(item.data.demandItem).toMatchObject({ status: 'MATCHED', assignment: { supplyItem: { id: 'S-C-005' } } });
      expect(item.data.demandItem.timeline.map((e: any) => e.action).slice(-2)).toEqual(['ESCALATED', 'MATCHED']);
    }
    await checkInvariants(app);
  });
});
