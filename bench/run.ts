import { fork } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../src/config';
import { Role } from '../src/common/enums';
import { localContext } from '../src/context';
import { initORM, migrate } from '../src/db';
import { assign, prepare, type FlowProblemSummary, type MatchOptions, type PlacedTier } from '../src/engine';
import { forgetReadings } from '../src/engine/readings';
import { readLexicon } from '../src/modules/matching/lexicon-files';
import { runMatching } from '../src/modules/matching/matching.service';
import { gapAnalysis, matchReport, scorecards } from '../src/modules/report/report.service';
import { User } from '../src/modules/user/user.entity';
import { CITY_SCALE, generate, PROVINCE_SCALE, type Shape } from './generate';
import { apiCase, reportApi } from './api';
import { persistFloor, type Floor } from './floor';
import { BENCH_CAMPAIGN, loadProblem, walkTheLoop } from './load';
import { solveWithHighs, solveWithLemon } from './peers';

/**
 * The matching benchmark: `npm run bench` (all cases) or `npm run bench -- --case city`.
 * Each case runs in its own process, so its peak memory is its own. Prints a table.
 *
 *   city, province   the engine on a generated instance: candidate generation and assignment,
 *                    wall time and peak RSS; each tier's flow problem is written as DIMACS and
 *                    solved again by LEMON's network simplex and by HiGHS (bench/peers.ts); the
 *                    optimal costs must agree.
 *   db               runMatching end to end on SQLite over the province instance: read, engine,
 *                    persist (one transaction, bulk inserts), and persist's floor (bench/floor.ts);
 *                    then the reports over it.
 *   db-pg            the same on PostgreSQL (PEICAN_BENCH_PG_URL; included when it is set).
 *   api              the API under load against PostGraphile 4 and a bare Apollo Server (bench/api.ts;
 *                    PEICAN_BENCH_PG_URL; only when asked for: --case api).
 */

interface Peers {
  solveWithLemon(path: string): Promise<{ cost: bigint; readMs: number; solveMs: number }>;
  solveWithHighs(text: string, options?: { maxArcs?: number }): Promise<{ cost: bigint; solveMs: number } | { skipped: string }>;
}

const OUT = join(__dirname, '..', '..', 'bench', 'out');
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const SHAPES: Record<string, Shape> = { city: CITY_SCALE, province: PROVINCE_SCALE };

interface TierReport {
  tier: PlacedTier;
  nodes: number;
  arcs: number;
  components: number;
  engineMs: number;
  cost: string;
  lemonMs?: number;
  lemonCost?: string;
  highsMs?: number;
  highsCost?: string;
  highsSkipped?: string;
}

interface Sample { candidatesMs: number; assignmentMs: number; flow: TierReport[]; dimacs: Map<string, () => string>; result: ReturnType<typeof assign> }

/** The median of `repeat` runs (by candidates + assignment), with the peak RSS after each phase. */
function sampleRuns(problem: ReturnType<typeof generate>, options: MatchOptions, repeat: number, forget: boolean): Sample & { rssCandidates: number; rssAssignment: number } {
  const samples: Sample[] = [];
  let rssCandidates = 0;
  for (let i = 0; i < repeat; i++) {
    if (forget) forgetReadings();
    let began = performance.now();
    const prep = prepare(problem, options);
    const candidatesMs = performance.now() - began;
    rssCandidates = Math.max(rssCandidates, mb());
    const flow: TierReport[] = [];
    const dimacs = new Map<string, () => string>();
    let mark = performance.now();
    began = mark;
    const result = assign(prep, {
      onFlowProblem: (tier: PlacedTier, p: FlowProblemSummary) => {
        const now = performance.now();
        flow.push({ tier, nodes: p.nodes, arcs: p.arcs, components: p.components, engineMs: now - mark, cost: p.cost.toString() });
        dimacs.set(tier, p.dimacs);
        mark = now;
      },
    });
    samples.push({ candidatesMs, assignmentMs: performance.now() - began, flow, dimacs, result });
  }
  const rssAssignment = mb();
  samples.sort((a, b) => a.candidatesMs + a.assignmentMs - (b.candidatesMs + b.assignmentMs));
  const median = samples[Math.floor(samples.length / 2)];
  return { ...median, rssCandidates, rssAssignment };
}

async function engineCase(name: string): Promise<Record<string, unknown>> {
  const shape = SHAPES[name];
  const problem = generate(shape);
  // Load the segmenter's dictionary first: a running server has it; its cost is reported apart.
  let began = performance.now();
  // The engine as the service runs it, with the project's lexicon (compiled here, with the dictionary: once per process).
  const options = { lexicon: readLexicon() };
  prepare({ ...problem, demandItems: problem.demandItems.slice(0, 1), supplyItems: problem.supplyItems.slice(0, 1) }, options);
  const dictionaryMs = performance.now() - began;
  // The city case is small enough to measure warm, as a running server would run it: ten runs to
  // warm up (the first one, cold, is reported too), then the median of 21, which this machine's
  // swings of ±30% from one run to the next move far less than a median of five.
  const warmUp = name === 'city' ? 10 : 0;
  const repeat = name === 'city' ? 21 : 1;
  let coldMs: number | undefined;
  for (let i = 0; i < warmUp; i++) {
    began = performance.now();
    assign(prepare(problem, options));
    coldMs ??= performance.now() - began;
  }
  // The city is measured twice: as a re-run over texts read before (a running server matching a campaign again: the
  // engine keeps the latest run's readings, src/engine/readings.ts), and with every text new to it (readings forgotten
  // before each run). The province's texts are too many to keep: each of its runs reads them all.
  const fresh = name === 'city' ? [false, true] : [false];
  const medians = fresh.map((forget) => sampleRuns(problem, options, repeat, forget));
  const median = medians[0];
  const { rssCandidates, rssAssignment } = median;

  const peers = loadPeers();
  if (peers) {
    mkdirSync(OUT, { recursive: true });
    for (const tier of median.flow) {
      const text = median.dimacs.get(tier.tier)!();
      const path = join(OUT, `${name}-${tier.tier.toLowerCase()}.dimacs`);
      writeFileSync(path, text);
      const lemon = await peers.solveWithLemon(path);
      tier.lemonMs = lemon.solveMs;
      tier.lemonCost = lemon.cost.toString();
      const highs = await peers.solveWithHighs(text);
      if ('skipped' in highs) tier.highsSkipped = highs.skipped;
      else {
        tier.highsMs = highs.solveMs;
        tier.highsCost = highs.cost.toString();
      }
    }
  }
  const s = median.result.stats;
  return {
    case: name, demands: problem.demandItems.length, supplyItems: problem.supplyItems.length, eligiblePairs: s.eligiblePairs,
    placedCounty: s.placedCounty, placedCity: s.placedCity, escalated: s.escalated, dictionaryMs,
    candidatesMs: median.candidatesMs, assignmentMs: median.assignmentMs, coldMs, rssCandidates, rssAssignment, tiers: median.flow, runs: repeat, warmUp,
    newTexts: medians[1] && { candidatesMs: medians[1].candidatesMs, assignmentMs: medians[1].assignmentMs, rssCandidates: medians[1].rssCandidates, rssAssignment: medians[1].rssAssignment },
  };
}

async function dbCase(kind: 'sqlite' | 'postgresql' = 'sqlite'): Promise<Record<string, unknown>> {
  const problem = generate(PROVINCE_SCALE);
  const file = join(tmpdir(), `peican-bench-${process.pid}.sqlite`);
  const pgName = `peican_bench_${process.pid}`;
  const pgUrl = process.env.PEICAN_BENCH_PG_URL;
  if (kind === 'postgresql') {
    if (!pgUrl) throw new Error('set PEICAN_BENCH_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) for the db-pg case');
    await pgAdmin(pgUrl, `create database ${pgName}`);
  }
  const db = kind === 'sqlite' ? parseDatabaseUrl(`sqlite:${file}`) : parseDatabaseUrl(pgUrl!.replace(/\/[^/]*$/, `/${pgName}`));
  const orm = await initORM(db);
  try {
    await migrate(orm);
    let began = performance.now();
    await loadProblem(orm.em, problem);
    // Fresh statistics for the planner, as autovacuum (PostgreSQL) or a periodic ANALYZE would give a live database.
    await orm.em.getConnection().execute('analyze');
    const loadMs = performance.now() - began;
    const em = orm.em.fork();
    await em.insert(User, { id: 'U-bench', username: 'bench', displayName: 'bench', role: Role.ADMIN, passwordHash: '-', createdAt: new Date(), updatedAt: new Date() });
    const ctx = localContext(em, { ...loadConfig({ NODE_ENV: 'test' }), database: db }, { userId: 'U-bench', username: 'bench', role: Role.ADMIN, regionId: null, regionPath: null, departmentId: null });
    const phases: Record<string, number> = {};
    // How long the event loop stood still at most during the run (the engine runs in a worker thread).
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    began = performance.now();
    const run = await runMatching(ctx, { campaignId: BENCH_CAMPAIGN }, (phase, ms) => (phases[phase] = ms));
    const totalMs = performance.now() - began;
    stalls.disable();
    const longestStallMs = stalls.max / 1e6;
    // The same rows written again by the database alone, from copies inside it: persist's floor.
    const floor = await persistFloor(orm.em, run.id);
    // The reports over the same 100,000 demand items, after weeks of work on them: each timed
    // alone (fresh EntityManager), first call and the median of three more.
    await walkTheLoop(orm.em, BENCH_CAMPAIGN);
    await orm.em.getConnection().execute('analyze');
    const reportMs: Record<string, { first: number; median: number }> = {};
    for (const [name, run] of [
      ['matchReport', () => matchReport({ ...ctx, em: orm.em.fork() }, BENCH_CAMPAIGN)],
      ['gapAnalysis', () => gapAnalysis({ ...ctx, em: orm.em.fork() }, BENCH_CAMPAIGN)],
      ['scorecards', () => scorecards({ ...ctx, em: orm.em.fork() }, BENCH_CAMPAIGN)],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      reportMs[name] = { first: times[0], median: times.slice(1).sort((a, b) => a - b)[1] };
    }
    return {
      case: kind === 'sqlite' ? 'db' : 'db-pg', kind, demands: problem.demandItems.length, loadMs, totalMs, ...phases, placed: run.placedCounty + run.placedCity,
      escalated: run.escalated, rss: mb(), reportMs, longestStallMs, floor,
    };
  } finally {
    await orm.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    if (kind === 'postgresql') await pgAdmin(pgUrl!, `drop database if exists ${pgName} with (force)`);
  }
}

async function pgAdmin(url: string, sql: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function loadPeers(): Peers | null {
  return process.env.PEICAN_BENCH_NO_PEERS ? null : { solveWithLemon, solveWithHighs };
}

const fmt = (ms: number | undefined) => (ms === undefined ? '—' : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString());

function report(all: Record<string, any>[]): void {
  const api = all.find((r) => r.case === 'api');
  const results = all.filter((r) => r.case !== 'api');
  if (api) reportApi(api as never);
  if (results.length === 0) return;
  const engine = results.filter((r) => r.case !== 'db' && r.case !== 'db-pg');
  console.log('\n| instance | demands × items | eligible pairs | candidates ms | assignment ms | peak RSS MB (cand. / assign.) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of engine) {
    const size = `${r.demands.toLocaleString('en')} × ${r.supplyItems.toLocaleString('en')} | ${r.eligiblePairs.toLocaleString('en')}`;
    console.log(`| ${r.case}${r.newTexts ? ', a re-run (texts read before)' : ''} | ${size} | ${fmt(r.candidatesMs)} | ${fmt(r.assignmentMs)} | ${r.rssCandidates} / ${r.rssAssignment} |`);
    if (r.newTexts) console.log(`| ${r.case}, every text new | ${size} | ${fmt(r.newTexts.candidatesMs)} | ${fmt(r.newTexts.assignmentMs)} | ${r.newTexts.rssCandidates} / ${r.newTexts.rssAssignment} |`);
  }
  console.log('\n| instance | tier | nodes | arcs | components | peican ms | LEMON ms | ratio | HiGHS ms | same optimum |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let failed = false;
  for (const r of engine) {
    for (const t of r.tiers as TierReport[]) {
      const costs = [t.cost, t.lemonCost, t.highsCost].filter((c) => c !== undefined);
      const same = costs.every((c) => c === t.cost);
      if (!same) failed = true;
      const ratio = t.lemonMs ? (t.engineMs / t.lemonMs).toFixed(2) : '—';
      console.log(`| ${r.case} | ${t.tier} | ${t.nodes.toLocaleString('en')} | ${t.arcs.toLocaleString('en')} | ${t.components} | ${fmt(t.engineMs)} | ${fmt(t.lemonMs)} | ${ratio} | ${t.highsSkipped ? 'skipped' : fmt(t.highsMs)} | ${t.lemonCost === undefined ? 'no peers' : same ? `yes (${t.cost})` : `NO: ${costs.join(' / ')}`} |`);
    }
  }
  for (const r of results.filter((x) => x.case === 'db' || x.case === 'db-pg')) {
    const on = r.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    console.log(`\nrunMatching on ${on}, ${r.demands.toLocaleString('en')} demands: read ${fmt(r.read)} ms, engine ${fmt(r.engine)} ms, persist ${fmt(r.persist)} ms (${r.placed.toLocaleString('en')} assignments, ${r.escalated.toLocaleString('en')} escalations); total ${fmt(r.totalMs)} ms; peak RSS ${r.rss} MB; the event loop stood still for at most ${fmt(r.longestStallMs)} ms. (Loading the instance took ${fmt(r.loadMs)} ms.)`);
    const floor = r.floor as Floor;
    console.log(`The database alone, writing the same rows from copies inside it (no client): ${fmt(floor.totalMs)} ms (${Object.entries(floor.phases).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}); persist took ${(r.persist / floor.totalMs).toFixed(2)}× that.`);
    const report = (name: string) => `${name} ${fmt(r.reportMs[name].median)} ms (first call ${fmt(r.reportMs[name].first)})`;
    console.log(`Reports on ${on} over those ${r.demands.toLocaleString('en')} demand items, 70% accepted, 50% completed, 30% rated and closed (median of 3 after a first call): ${['matchReport', 'gapAnalysis', 'scorecards'].map(report).join(', ')}.`);
  }
  for (const r of engine.filter((x) => x.coldMs !== undefined)) {
    console.log(`\n${r.case}: the first (cold) run took ${fmt(r.coldMs)} ms; the figures above are the median of ${r.runs} runs after ${r.warmUp} to warm up.`);
  }
  const dictionary = engine.map((r) => r.dictionaryMs as number);
  if (dictionary.length) console.log(`\nLoading the segmenter's dictionary (once per process, not included above): ${fmt(Math.max(...dictionary))} ms.`);
  if (failed) {
    console.log('\nFAILED: a peer reached a different optimal cost.');
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { case: { type: 'string', multiple: true }, child: { type: 'string' } } });
  if (values.child) {
    const result = values.child === 'db' ? await dbCase() : values.child === 'db-pg' ? await dbCase('postgresql')
      : values.child === 'api' ? { case: 'api', ...(await apiCase()) } : await engineCase(values.child);
    process.send!(result);
    return;
  }
  const cases = values.case?.length ? values.case : ['city', 'province', 'db', ...(process.env.PEICAN_BENCH_PG_URL ? ['db-pg'] : [])];
  const results: Record<string, unknown>[] = [];
  for (const name of cases) {
    if (name !== 'db' && name !== 'db-pg' && name !== 'api' && !SHAPES[name]) throw new Error(`unknown case "${name}": city, province, db, db-pg or api`);
    process.stderr.write(`running ${name}…\n`);
    results.push(await new Promise((resolve, reject) => {
      const child = fork(__filename, ['--child', name], { execArgv: ['--max-old-space-size=4096'] });
      child.once('message', (m) => resolve(m as Record<string, unknown>));
      child.once('exit', (code) => (code ? reject(new Error(`case ${name} exited with ${code}`)) : undefined));
    }));
  }
  report(results);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
