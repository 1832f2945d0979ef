import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import { loadConfig, parseDatabaseUrl } from '../src/config';
import { localContext } from '../src/context';
import { initORM, migrate } from '../src/db';
import { pair, type PairingCadre, type PairingHousehold, type PairLevel } from '../src/engine';
import { Department } from '../src/modules/department/department.entity';
import { Household } from '../src/modules/household/household.entity';
import { Cadre } from '../src/modules/pairing/pairing.entity';
import { runPairing } from '../src/modules/pairing/pairing.service';
import { Region } from '../src/modules/region/region.entity';
import { RegionLevel, DepartmentLevel } from '../src/common/enums';
import { prng } from './generate';

/**
 * 结对认亲 (issue 18, item 5): the pairing engine (src/engine/pairing.ts) on generated counties.
 *
 *   npm run bench:pairing [-- --case jiuzhaigou,city,db]
 *
 *   jiuzhaigou  one county as Jiuzhaigou's: 3,809 cadres, 10,334 households, 17 townships and
 *               120 villages of uneven size; a first run (every household new) and a re-run
 *               (every pair kept: it adds nothing)
 *   city        100,000 households and 35,000 cadres over 7 counties (a city as Bayannur)
 *   db          runPairing end to end on SQLite at Jiuzhaigou's size: read the county, run the
 *               engine, write the 10,334 pairs in one transaction
 *
 * Cadres: a third assigned to villages, a third to townships, a third to the county (county
 * organs' party members), as a county places them; 1 in 12 households in difficulty. Capacity 3
 * (the default). Each case runs in a process of its own, so its peak RSS is its own.
 */

interface Shape {
  counties: number;
  townships: number;
  villages: number;
  cadres: number;
  households: number;
  seed: number;
}

const SHAPES: Record<string, Shape> = {
  jiuzhaigou: { counties: 1, townships: 17, villages: 120, cadres: 3_809, households: 10_334, seed: 4 },
  city: { counties: 7, townships: 14 * 7, villages: 1_000, cadres: 35_000, households: 100_000, seed: 5 },
};

export function generatePairing(shape: Shape) {
  const r = prng(shape.seed);
  const counties = Array.from({ length: shape.counties }, (_, c) => `K${c}`);
  const townships = Array.from({ length: shape.townships }, (_, t) => ({ id: `K${t % shape.counties}-T${t}`, county: `K${t % shape.counties}` }));
  // Villages of uneven size: weights from 0.3 to 3.
  const villages = Array.from({ length: shape.villages }, (_, v) => {
    const t = townships[v % townships.length];
    return { id: `${t.id}-V${v}`, township: t.id, county: t.county, weight: 0.3 + 2.7 * r.next() };
  });
  const total = villages.reduce((s, v) => s + v.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const v of villages) cumulative.push((acc += v.weight / total));
  const pickVillage = () => {
    const x = r.next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return villages[lo];
  };
  const households: PairingHousehold[] = Array.from({ length: shape.households }, (_, i) => {
    const v = pickVillage();
    return { id: `h${String(i).padStart(7, '0')}`, countyId: v.county, townshipId: v.township, villageId: v.id, priority: r.int(12) === 0 };
  });
  const cadres: PairingCadre[] = Array.from({ length: shape.cadres }, (_, i) => {
    const kind = r.int(3);
    const v = pickVillage();
    const level: PairLevel = kind === 0 ? 'VILLAGE' : kind === 1 ? 'TOWNSHIP' : 'COUNTY';
    return { id: `c${String(i).padStart(6, '0')}`, level, regionId: level === 'VILLAGE' ? v.id : level === 'TOWNSHIP' ? v.township : v.county, countyId: v.county };
  });
  return { counties, townships, villages, cadres, households };
}

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface Row { case: string; households: number; cadres: number; step: string; ms: number; rss: number; added: number; kept: number; unpaired: number; maxLoad: number; idle: number; byLevel: string }

function engineCase(name: string): Row[] {
  const shape = SHAPES[name];
  const world = generatePairing(shape);
  const rows: Row[] = [];
  let began = performance.now();
  const first = pair({ cadres: world.cadres, households: world.households, kept: [] }, { capacity: 3 });
  const firstMs = performance.now() - began;
  const row = (step: string, ms: number, result: typeof first): Row => ({
    case: name, households: shape.households, cadres: shape.cadres, step, ms, rss: mb(), added: result.stats.added, kept: result.stats.kept, unpaired: result.stats.unpaired,
    maxLoad: result.stats.maxLoad, idle: result.stats.idleCadres, byLevel: `${result.stats.addedByLevel.VILLAGE} / ${result.stats.addedByLevel.TOWNSHIP} / ${result.stats.addedByLevel.COUNTY}`,
  });
  rows.push(row('first run', firstMs, first));
  const kept = first.pairs.map((p) => ({ householdId: p.householdId, cadreId: p.cadreId }));
  began = performance.now();
  const again = pair({ cadres: world.cadres, households: world.households, kept }, { capacity: 3 });
  rows.push(row('re-run, all kept', performance.now() - began, again));
  // A tenth of the pairs ended (moves, transfers): the re-run pairs those households again.
  began = performance.now();
  const partly = pair({ cadres: world.cadres, households: world.households, kept: kept.filter((_, i) => i % 10 !== 0) }, { capacity: 3 });
  rows.push(row('re-run, a tenth ended', performance.now() - began, partly));
  return rows;
}

async function dbCase(): Promise<Row[]> {
  const shape = SHAPES.jiuzhaigou;
  const world = generatePairing(shape);
  const file = join(tmpdir(), `peican-bench-pairing-${process.pid}.sqlite`);
  const db = parseDatabaseUrl(`sqlite:${file}`);
  const orm = await initORM(db);
  try {
    await migrate(orm);
    const em = orm.em.fork();
    const now = new Date();
    const path = (...ids: string[]) => `${ids.join('/')}/`;
    await em.insertMany(Region, [{ id: 'CITY', name: '阿坝州', level: RegionLevel.CITY, parent: null, path: path('CITY'), createdAt: now, updatedAt: now }] as never[]);
    await em.insertMany(Region, world.counties.map((k) => ({ id: k, name: '九寨沟县', level: RegionLevel.COUNTY, parent: 'CITY', path: path('CITY', k), createdAt: now, updatedAt: now })) as never[]);
    await em.insertMany(Region, world.townships.map((t) => ({ id: t.id, name: t.id, level: RegionLevel.TOWNSHIP, parent: t.county, path: path('CITY', t.county, t.id), createdAt: now, updatedAt: now })) as never[]);
    await em.insertMany(Region, world.villages.map((v) => ({ id: v.id, name: v.id, level: RegionLevel.VILLAGE, parent: v.township, path: path('CITY', v.county, v.township, v.id), createdAt: now, updatedAt: now })) as never[]);
    await em.insertMany(Department, [{ id: 'DEP', name: '县直机关工委', level: DepartmentLevel.COUNTY, region: 'K0', createdAt: now, updatedAt: now }] as never[]);
    for (let i = 0; i < world.households.length; i += 2000) {
      await em.insertMany(Household, world.households.slice(i, i + 2000).map((h) => ({
        id: h.id, township: h.townshipId, village: h.villageId, headName: `户主${h.id}`, population: 3, tags: h.priority ? ['低保户'] : [], phone: null, visitor: null, visitedOn: null, importKey: h.id, createdAt: now, updatedAt: now,
      })) as never[]);
    }
    await em.insertMany(Cadre, world.cadres.map((c) => ({ id: c.id, name: `干部${c.id}`, department: 'DEP', region: c.regionId, level: c.level, county: c.countyId, user: null, createdAt: now, updatedAt: now })) as never[]);
    const ctx = localContext(orm.em.fork(), { ...loadConfig({ NODE_ENV: 'test' }), pairingCapacity: 3, database: db });
    const rows: Row[] = [];
    for (const step of ['first run', 're-run, all kept']) {
      const began = performance.now();
      const { result } = await runPairing({ ...ctx, em: orm.em.fork() }, 'K0');
      const s = result.stats;
      rows.push({
        case: 'db (SQLite)', households: shape.households, cadres: shape.cadres, step, ms: performance.now() - began, rss: mb(), added: s.added, kept: s.kept, unpaired: s.unpaired,
        maxLoad: s.maxLoad, idle: s.idleCadres, byLevel: `${s.addedByLevel.VILLAGE} / ${s.addedByLevel.TOWNSHIP} / ${s.addedByLevel.COUNTY}`,
      });
    }
    return rows;
  } finally {
    await orm.close(true);
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
  }
}

async function main() {
  const { values } = parseArgs({ options: { case: { type: 'string' }, child: { type: 'string' } } });
  if (values.child) {
    const rows = values.child === 'db' ? await dbCase() : engineCase(values.child);
    process.send!(rows);
    return;
  }
  const cases = values.case ? values.case.split(',') : ['jiuzhaigou', 'city', 'db'];
  const rows: Row[] = [];
  for (const name of cases) {
    if (name !== 'db' && !SHAPES[name]) throw new Error(`unknown case "${name}": jiuzhaigou, city or db`);
    rows.push(...await new Promise<Row[]>((resolve, reject) => {
      const child = fork(__filename, ['--child', name], { execArgv: ['--max-old-space-size=4096'] });
      child.once('message', (m) => resolve(m as Row[]));
      child.once('exit', (code) => (code ? reject(new Error(`case ${name} exited with ${code}`)) : undefined));
    }));
  }
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log('\n| case | households × cadres | step | time (ms) | peak RSS (MB) | added | kept | unpaired | max load | cadres with 0 | added at village / township / county |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(`| ${r.case} | ${fmt(r.households)} × ${fmt(r.cadres)} | ${r.step} | ${fmt(r.ms)} | ${r.rss} | ${fmt(r.added)} | ${fmt(r.kept)} | ${fmt(r.unpaired)} | ${r.maxLoad} | ${fmt(r.idle)} | ${r.byLevel} |`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
