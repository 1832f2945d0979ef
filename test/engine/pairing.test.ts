import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pair, PairingError, type KeptPair, type PairingCadre, type PairingHousehold, type PairingProblem, type PairingResult, type PairLevel } from '../../src/engine';
import { minCostFlow } from '../../src/engine/flow';

/**
 * 结对认亲 (src/engine/pairing.ts): every household paired at most once, no cadre past its
 * capacity, the cadre of the household's village before its township's before its county's, never
 * another county's, loads balanced within an area, existing pairs kept, and the same answer for the
 * same input. Random worlds of one or two counties check the properties; small worlds pin the
 * order of the objective (preference before balance) and the count against an independent
 * maximum matching.
 */

const RANK: Record<PairLevel, number> = { VILLAGE: 0, TOWNSHIP: 1, COUNTY: 2 };

interface World extends PairingProblem {
  capacity: number;
}

/** Regions: counties K0, K1; townships K0-T0 …; villages K0-T0-V0 …. */
const worldArb: fc.Arbitrary<World> = fc.record({
  counties: fc.integer({ min: 1, max: 2 }),
  townships: fc.integer({ min: 1, max: 3 }),
  villages: fc.integer({ min: 0, max: 3 }),
  capacity: fc.integer({ min: 1, max: 4 }),
  cadres: fc.array(fc.record({ county: fc.nat(1), township: fc.nat(2), village: fc.nat(3), level: fc.constantFrom<PairLevel>('VILLAGE', 'TOWNSHIP', 'COUNTY') }), { maxLength: 10 }),
  households: fc.array(fc.record({ county: fc.nat(1), township: fc.nat(2), village: fc.nat(3), noVillage: fc.boolean(), priority: fc.boolean() }), { maxLength: 30 }),
  keep: fc.array(fc.record({ household: fc.nat(29), cadre: fc.nat(9) }), { maxLength: 12 }),
}).map((w) => {
  const county = (i: number) => `K${i % w.counties}`;
  const township = (c: string, i: number) => `${c}-T${i % w.townships}`;
  const village = (t: string, i: number) => (w.villages === 0 ? null : `${t}-V${i % w.villages}`);
  const households: PairingHousehold[] = w.households.map((h, i) => {
    const k = county(h.county);
    const t = township(k, h.township);
    return { id: `h${String(i).padStart(2, '0')}`, countyId: k, townshipId: t, villageId: h.noVillage ? null : village(t, h.village), priority: h.priority };
  });
  const cadres: PairingCadre[] = w.cadres.map((c, i) => {
    const k = county(c.county);
    const t = township(k, c.township);
    const v = village(t, c.village);
    const level: PairLevel = c.level === 'VILLAGE' && !v ? 'TOWNSHIP' : c.level;
    return { id: `c${i}`, level, regionId: level === 'COUNTY' ? k : level === 'TOWNSHIP' ? t : v!, countyId: k };
  });
  // Kept pairs: eligible ones, a household at most once (a cadre may be over capacity: it was lowered since).
  const kept: KeptPair[] = [];
  const taken = new Set<string>();
  for (const { household, cadre } of w.keep) {
    const h = households[household];
    const c = cadres[cadre];
    if (!h || !c || taken.has(h.id) || !eligible(c, h)) continue;
    taken.add(h.id);
    kept.push({ householdId: h.id, cadreId: c.id });
  }
  return { cadres, households, kept, capacity: w.capacity };
});

function eligible(c: PairingCadre, h: PairingHousehold): boolean {
  if (c.countyId !== h.countyId) return false;
  return c.level === 'COUNTY' ? c.regionId === h.countyId : c.level === 'TOWNSHIP' ? c.regionId === h.townshipId : c.regionId === h.villageId;
}

function finalLoads(w: World, r: PairingResult): Map<string, number> {
  const load = new Map(w.cadres.map((c) => [c.id, 0]));
  for (const k of w.kept) load.set(k.cadreId, (load.get(k.cadreId) ?? 0) + 1);
  for (const p of r.pairs) load.set(p.cadreId, load.get(p.cadreId)! + 1);
  return load;
}

const areaOf = (c: PairingCadre) => `${c.level}:${c.regionId}`;

/** The most households that can be paired (priority ones only, when asked), by augmenting paths: independent of the flow. */
function maxPairable(w: World, only: (h: PairingHousehold) => boolean, fixed: Map<string, number>): number {
  const room = new Map(w.cadres.map((c) => [c.id, Math.max(0, w.capacity - (fixed.get(c.id) ?? 0))]));
  const keptIds = new Set(w.kept.map((k) => k.householdId));
  const open = w.households.filter((h) => !keptIds.has(h.id) && only(h));
  const holder = new Map<string, string[]>(w.cadres.map((c) => [c.id, []]));
  const assigned = new Map<string, string>();
  const augment = (h: PairingHousehold, seen: Set<string>): boolean => {
    for (const c of w.cadres) {
      if (!eligible(c, h) || seen.has(c.id)) continue;
      seen.add(c.id);
      if (holder.get(c.id)!.length < room.get(c.id)!) {
        holder.get(c.id)!.push(h.id);
        assigned.set(h.id, c.id);
        return true;
      }
      for (const other of holder.get(c.id)!) {
        if (augment(w.households.find((x) => x.id === other)!, seen)) {
          const list = holder.get(c.id)!;
          list[list.indexOf(other)] = h.id;
          assigned.set(h.id, c.id);
          return true;
        }
      }
    }
    return false;
  };
  let n = 0;
  for (const h of open) if (augment(h, new Set())) n++;
  return n;
}

const shuffle = <T>(list: readonly T[], seed: number): T[] => {
  const out = [...list];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('pairing properties (fast-check)', () => {
  it('pairs each household at most once, only with an eligible cadre of its county, within capacity, and accounts for every household', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      const keptIds = new Set(w.kept.map((k) => k.householdId));
      const seen = new Set<string>();
      const households = new Map(w.households.map((h) => [h.id, h]));
      const cadres = new Map(w.cadres.map((c) => [c.id, c]));
      for (const p of r.pairs) {
        expect(seen.has(p.householdId) || keptIds.has(p.householdId)).toBe(false);
        seen.add(p.householdId);
        expect(eligible(cadres.get(p.cadreId)!, households.get(p.householdId)!)).toBe(true);
        expect(p.level).toBe(cadres.get(p.cadreId)!.level);
      }
      for (const u of r.unpaired) {
        expect(seen.has(u.householdId) || keptIds.has(u.householdId)).toBe(false);
        seen.add(u.householdId);
      }
      expect(seen.size + w.households.filter((h) => keptIds.has(h.id)).length).toBe(w.households.length);
      const load = finalLoads(w, r);
      const keptLoad = finalLoads(w, { ...r, pairs: [] });
      for (const p of r.pairs) {
        expect(load.get(p.cadreId)!).toBeLessThanOrEqual(w.capacity);
        expect(p.load).toBe(load.get(p.cadreId));
      }
      for (const l of r.loads) expect(l).toEqual({ cadreId: l.cadreId, kept: keptLoad.get(l.cadreId), added: load.get(l.cadreId)! - keptLoad.get(l.cadreId)!, load: load.get(l.cadreId) });
    }), { numRuns: 400 });
  });

  it('balances within an area: a household never goes to a cadre while another of the same area has two fewer (so none at capacity while another has none)', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      const load = finalLoads(w, r);
      const cadres = new Map(w.cadres.map((c) => [c.id, c]));
      for (const p of r.pairs) {
        const c = cadres.get(p.cadreId)!;
        for (const other of w.cadres) {
          if (areaOf(other) !== areaOf(c)) continue;
          expect(load.get(other.id)!, `${other.id} beside ${c.id}`).toBeGreaterThanOrEqual(load.get(c.id)! - 1);
          if (load.get(c.id) === w.capacity && w.capacity >= 2) expect(load.get(other.id)).toBeGreaterThan(0);
        }
      }
    }), { numRuns: 400 });
  });

  it('puts preference before balance: a household goes to a lower level only when every cadre of each better level for it is full', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      const load = finalLoads(w, r);
      const households = new Map(w.households.map((h) => [h.id, h]));
      for (const p of r.pairs) {
        const h = households.get(p.householdId)!;
        for (const c of w.cadres) {
          if (eligible(c, h) && RANK[c.level] < RANK[p.level]) expect(load.get(c.id)!, `${c.id} (${c.level}) has room for ${h.id}`).toBeGreaterThanOrEqual(w.capacity);
        }
      }
    }), { numRuns: 400 });
  });

  it('leaves a household unpaired only when no cadre of its village, township or county has room, with the reason; pairs as many as can be, households in difficulty first', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      const load = finalLoads(w, r);
      const households = new Map(w.households.map((h) => [h.id, h]));
      for (const u of r.unpaired) {
        const h = households.get(u.householdId)!;
        const candidates = w.cadres.filter((c) => eligible(c, h));
        expect(u.eligibleCadres).toBe(candidates.length);
        expect(u.reason).toBe(candidates.length === 0 ? 'NO_CADRE' : 'CAPACITY_EXHAUSTED');
        for (const c of candidates) expect(load.get(c.id)!).toBeGreaterThanOrEqual(w.capacity);
      }
      const fixed = finalLoads(w, { ...r, pairs: [] });
      expect(r.pairs.length).toBe(maxPairable(w, () => true, fixed));
      expect(r.pairs.filter((p) => households.get(p.householdId)!.priority).length).toBe(maxPairable(w, (h) => !!h.priority, fixed));
    }), { numRuns: 300 });
  });

  it('keeps existing pairs: they are never in the answer, and a re-run with the answer kept adds nothing (只做加法)', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      const keptIds = new Set(w.kept.map((k) => k.householdId));
      expect(r.pairs.some((p) => keptIds.has(p.householdId))).toBe(false);
      expect(r.stats.kept).toBe(w.households.filter((h) => keptIds.has(h.id)).length);
      const again = pair({ ...w, kept: [...w.kept, ...r.pairs.map((p) => ({ householdId: p.householdId, cadreId: p.cadreId }))] }, { capacity: w.capacity });
      expect(again.pairs).toEqual([]);
      expect(again.unpaired.map((u) => u.householdId)).toEqual(r.unpaired.map((u) => u.householdId));
    }), { numRuns: 200 });
  });

  it('is deterministic: the same answer, byte for byte, whatever order the input comes in', () => {
    fc.assert(fc.property(worldArb, fc.integer({ min: 1, max: 1_000_000 }), (w, seed) => {
      const a = JSON.stringify(pair(w, { capacity: w.capacity }));
      const b = JSON.stringify(pair({ cadres: shuffle(w.cadres, seed), households: shuffle(w.households, seed + 1), kept: shuffle(w.kept, seed + 2) }, { capacity: w.capacity }));
      expect(b).toBe(a);
    }), { numRuns: 200 });
  });
});

/** The objective in its order: households in difficulty paired, households paired (both as negatives), levels, then the convex load cost. */
function objective(w: World, pairs: { householdId: string; cadreId: string }[]): number[] {
  const households = new Map(w.households.map((h) => [h.id, h]));
  const cadres = new Map(w.cadres.map((c) => [c.id, c]));
  const kept = finalLoads(w, { pairs: [], unpaired: [], loads: [], stats: {} as never });
  const load = new Map(kept);
  for (const p of pairs) load.set(p.cadreId, load.get(p.cadreId)! + 1);
  const triangle = (n: number) => (n * (n - 1)) / 2;
  return [
    -pairs.filter((p) => households.get(p.householdId)!.priority).length,
    -pairs.length,
    pairs.reduce((n, p) => n + RANK[cadres.get(p.cadreId)!.level], 0),
    w.cadres.reduce((n, c) => n + triangle(load.get(c.id)!) - triangle(kept.get(c.id)!), 0),
  ];
}

const lexLess = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};

/** The best objective over every way to pair the open households (tiny worlds only). */
function bruteForce(w: World): number[] {
  const keptIds = new Set(w.kept.map((k) => k.householdId));
  const open = w.households.filter((h) => !keptIds.has(h.id));
  const load = finalLoads(w, { pairs: [], unpaired: [], loads: [], stats: {} as never });
  let best: number[] | null = null;
  const chosen: { householdId: string; cadreId: string }[] = [];
  const walk = (i: number) => {
    if (i === open.length) {
      const o = objective(w, chosen);
      if (!best || lexLess(o, best)) best = o;
      return;
    }
    walk(i + 1);
    for (const c of w.cadres) {
      if (!eligible(c, open[i]) || load.get(c.id)! >= w.capacity) continue;
      load.set(c.id, load.get(c.id)! + 1);
      chosen.push({ householdId: open[i].id, cadreId: c.id });
      walk(i + 1);
      chosen.pop();
      load.set(c.id, load.get(c.id)! - 1);
    }
  };
  walk(0);
  return best!;
}

describe('pairing is exact (brute force over tiny counties)', () => {
  const tinyArb = worldArb.filter((w) => w.households.length - w.kept.length <= 7 && w.cadres.length <= 4);
  it('reaches the best objective there is, in its order: in difficulty first, then count, then levels (preference), then balance', () => {
    let contested = 0;
    fc.assert(fc.property(tinyArb, (w) => {
      const r = pair(w, { capacity: w.capacity });
      expect(objective(w, r.pairs)).toEqual(bruteForce(w));
      // A world where cadres compete or households are left: the order of the objective matters there.
      if (r.pairs.length >= 2 && w.cadres.length >= 2 && (r.unpaired.length > 0 || r.loads.some((l) => l.load >= 2))) contested++;
    }), { numRuns: 300 });
    expect(contested).toBeGreaterThan(50);
  });
});

describe('pairing examples', () => {
  const village = (id: string, villageId: string | null = 'V1', priority = false): PairingHousehold => ({ id, countyId: 'K', townshipId: 'T1', villageId, priority });
  const cadre = (id: string, level: PairLevel, regionId: string): PairingCadre => ({ id, name: `干部${id}`, level, regionId, countyId: 'K' });

  it('fills the village cadre to capacity before the township cadre takes any, even while the township cadre has none (preference before balance)', () => {
    const r = pair({ cadres: [cadre('a', 'VILLAGE', 'V1'), cadre('b', 'TOWNSHIP', 'T1')], households: ['h1', 'h2', 'h3'].map((id) => village(id)), kept: [] }, { capacity: 3 });
    expect(r.pairs.map((p) => p.cadreId)).toEqual(['a', 'a', 'a']);
    expect(r.pairs[0].explanation.summary).toBe('村级干部结对：由本村的干部a（村级干部）联系，结对后联系 3 户（上限 3 户）。');
    expect(r.stats).toMatchObject({ added: 3, maxLoad: 3, idleCadres: 1, addedByLevel: { VILLAGE: 3, TOWNSHIP: 0, COUNTY: 0 } });
  });

  it('balances an area: four households over two township cadres are two and two, not three and one; with one kept, the loads stay within one', () => {
    const cadres = [cadre('a', 'TOWNSHIP', 'T1'), cadre('b', 'TOWNSHIP', 'T1')];
    const households = ['h1', 'h2', 'h3', 'h4'].map((id) => village(id, null));
    const r = pair({ cadres, households, kept: [] }, { capacity: 3 });
    expect(r.loads.map((l) => l.load)).toEqual([2, 2]);
    const again = pair({ cadres, households: [...households, village('h0', null)], kept: [{ householdId: 'h0', cadreId: 'a' }] }, { capacity: 3 });
    expect(again.loads).toEqual([{ cadreId: 'a', kept: 1, added: 2, load: 3 }, { cadreId: 'b', kept: 0, added: 2, load: 2 }]);
  });

  it('goes to the county only when the village and the township are full, says so, and never crosses into another county', () => {
    const r = pair({
      cadres: [cadre('a', 'VILLAGE', 'V1'), cadre('b', 'TOWNSHIP', 'T1'), cadre('c', 'COUNTY', 'K'), { id: 'd', level: 'COUNTY', regionId: 'K2', countyId: 'K2' }],
      households: ['h1', 'h2', 'h3', 'h4'].map((id) => village(id)),
      kept: [],
    }, { capacity: 1 });
    expect(r.pairs.map((p) => [p.householdId, p.cadreId, p.level])).toEqual([['h1', 'a', 'VILLAGE'], ['h2', 'b', 'TOWNSHIP'], ['h3', 'c', 'COUNTY']]);
    expect(r.pairs[2].explanation.passedOver).toEqual([{ level: 'VILLAGE', cadres: 1 }, { level: 'TOWNSHIP', cadres: 1 }]);
    expect(r.pairs[2].explanation.summary).toContain('本乡镇 1 名乡镇干部都已联系满 1 户');
    expect(r.unpaired).toEqual([expect.objectContaining({ householdId: 'h4', reason: 'CAPACITY_EXHAUSTED', eligibleCadres: 3 })]);
    expect(r.unpaired[0].summary).toContain('都已联系满 1 户');
  });

  it('pairs a household in difficulty first when cadres are short, and says NO_CADRE where there is nobody', () => {
    const r = pair({ cadres: [cadre('a', 'TOWNSHIP', 'T1')], households: [village('h1'), village('h2', 'V1', true), { id: 'h3', countyId: 'K9', townshipId: 'T9', villageId: null }], kept: [] }, { capacity: 1 });
    expect(r.pairs.map((p) => p.householdId)).toEqual(['h2']);
    expect(r.unpaired.map((u) => [u.householdId, u.reason])).toEqual([['h1', 'CAPACITY_EXHAUSTED'], ['h3', 'NO_CADRE']]);
  });

  it('keeps a pair over a lowered capacity as it is, and gives that cadre nothing more', () => {
    const r = pair({ cadres: [cadre('a', 'VILLAGE', 'V1')], households: ['h1', 'h2', 'h3'].map((id) => village(id)), kept: [{ householdId: 'h1', cadreId: 'a' }, { householdId: 'h2', cadreId: 'a' }] }, { capacity: 1 });
    expect(r.pairs).toEqual([]);
    expect(r.loads).toEqual([{ cadreId: 'a', kept: 2, added: 0, load: 2 }]);
    expect(r.unpaired.map((u) => u.householdId)).toEqual(['h3']);
  });

  it('refuses a bad problem: a capacity out of range, a household given twice, a household with two pairs in force', () => {
    const base = { cadres: [cadre('a', 'VILLAGE', 'V1')], households: [village('h1')], kept: [] };
    expect(() => pair(base, { capacity: 0 })).toThrow(PairingError);
    expect(() => pair(base, { capacity: 301 })).toThrow(PairingError);
    expect(() => pair({ ...base, households: [village('h1'), village('h1')] })).toThrow(/twice/);
    expect(() => pair({ ...base, kept: [{ householdId: 'h1', cadreId: 'a' }, { householdId: 'h1', cadreId: 'a' }] })).toThrow(/two pairs/);
  });

  it('solves Jiuzhaigou-sized input (10,334 households, 3,809 cadres, one county) exactly and quickly', () => {
    const cadres: PairingCadre[] = [];
    const households: PairingHousehold[] = [];
    for (let t = 0; t < 17; t++) {
      for (let v = 0; v < 7; v++) for (let i = 0; i < 12; i++) cadres.push({ id: `c-${t}-${v}-${i}`, level: 'VILLAGE', regionId: `V${t}-${v}`, countyId: 'JZG' });
      for (let i = 0; i < 60; i++) cadres.push({ id: `c-${t}-t-${i}`, level: 'TOWNSHIP', regionId: `T${t}`, countyId: 'JZG' });
    }
    while (cadres.length < 3809) cadres.push({ id: `c-k-${cadres.length}`, level: 'COUNTY', regionId: 'JZG', countyId: 'JZG' });
    for (let i = 0; i < 10_334; i++) households.push({ id: `h${String(i).padStart(5, '0')}`, countyId: 'JZG', townshipId: `T${i % 17}`, villageId: `V${i % 17}-${(i * 7) % 7 === 0 ? (i >> 3) % 7 : i % 7}` });
    const began = performance.now();
    const r = pair({ cadres, households, kept: [] }, { capacity: 3 });
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(r.stats.added).toBe(10_334);
    expect(r.stats.maxLoad).toBeLessThanOrEqual(3);
  });
});

describe('minCostFlow (flow.ts)', () => {
  it('finds the cheapest way on a small network, sending each augmentation by its bottleneck', () => {
    // 0 → 1 → 3 (cost 1 + 1, capacity 2), 0 → 2 → 3 (cost 2 + 2, capacity 5), 1 → 2 (cost 0): 4 units.
    const from = Int32Array.from([0, 0, 1, 2, 1]);
    const to = Int32Array.from([1, 2, 3, 3, 2]);
    const capacity = Int32Array.from([3, 5, 2, 5, 5]);
    const cost = Float64Array.from([1, 2, 1, 2, 0]);
    const flow = minCostFlow({ nodes: 4, from, to, capacity, cost }, 0, 3, 4);
    const total = [...flow].reduce((s, f, a) => s + f * cost[a], 0);
    expect(total).toBe(2 * 2 + 3 + 4); // two along 0-1-3 (2 each), one along 0-1-2-3 (3), one along 0-2-3 (4)
    expect(flow[2]).toBe(2);
    expect(() => minCostFlow({ nodes: 4, from, to, capacity, cost }, 0, 3, 9)).toThrow(/cannot carry/);
  });
});
