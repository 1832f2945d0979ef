import { minCostFlow, type Network } from './flow';

/**
 * 结对认亲 (Jiuzhaigou: 3,809 cadres paired with 10,334 households, "只做加法、不做减法"): every
 * household with exactly one cadre, each cadre with at most `capacity` households, preferring the
 * cadre assigned to the household's village, then its township, then its county (never another
 * county), the load balanced among the cadres of one area, and every existing pair kept. Pure:
 * plain data in and out, deterministic (ties break on id order), no clock, no I/O.
 *
 * The objective, in this order (lexicographic): the most households in difficulty paired, then the
 * most households paired, then the best levels (village before township before county), then the
 * flattest loads. It is one min-cost flow per county (flow.ts, minCostFlow):
 *
 *   S → group (the unpaired households of one village, in difficulty or not; capacity: how many)
 *   group → (area, j) for each area whose cadres may take the group (its village's, its township's,
 *            its county's) and each j = 1..capacity: cost rank(level)·capacity + (j − 1)
 *   (area, j) → T, capacity: how many of the area's cadres have fewer than j households
 *   group → U → T, cost B (2B for households in difficulty): left unpaired
 *
 * (area, j) is the j-th household of a cadre of that area: the parallel unit arcs of increasing
 * cost of every cadre (convex costs), merged for the cadres of one area, who are interchangeable.
 * A level's step (capacity) is more than any difference of j (capacity − 1), and B more than any
 * path, so the order above is strict. Balance follows from the convex costs: no household goes
 * to a cadre while another cadre of the same area has two fewer (moving it would be cheaper), nor
 * to a cadre of a lower level while one of a higher level for it has room. Within an area the
 * flow's count is dealt out a layer at a time (every cadre's first place, then every second …),
 * cadres in id order, and the households handed out in village and id order, so that a cadre's
 * households are neighbours where they can be.
 */

export type PairLevel = 'VILLAGE' | 'TOWNSHIP' | 'COUNTY';
export const PAIR_LEVELS: readonly PairLevel[] = ['VILLAGE', 'TOWNSHIP', 'COUNTY'];
export type UnpairedReason = 'NO_CADRE' | 'CAPACITY_EXHAUSTED';

/** How many households a cadre is paired with at most, by default: Jiuzhaigou's 10,334 households over 3,809 cadres are 2.7 each. */
export const DEFAULT_PAIRING_CAPACITY = 3;
/** The largest capacity the solver takes (costs stay small and exact). */
export const MAX_PAIRING_CAPACITY = 300;

export interface PairingCadre {
  id: string;
  name?: string;
  /** The level of the region the cadre is assigned to, and that region. */
  level: PairLevel;
  regionId: string;
  countyId: string;
}

export interface PairingHousehold {
  id: string;
  countyId: string;
  townshipId: string;
  villageId: string | null;
  /** A household in difficulty (独居老人, 低保户 …): paired first when cadres are short. */
  priority?: boolean;
}

export interface KeptPair {
  householdId: string;
  cadreId: string;
}

export interface PairingProblem {
  cadres: readonly PairingCadre[];
  households: readonly PairingHousehold[];
  /** The pairs in force: kept as they are, counted in their cadres' loads. */
  kept: readonly KeptPair[];
}

export interface PairingOptions {
  capacity?: number;
}

export interface PassedOver {
  level: PairLevel;
  /** The cadres of that level for the household (all full when more than 0). */
  cadres: number;
}

export interface PairExplanation {
  level: PairLevel;
  /** The cadre's households after the run, kept ones included. */
  load: number;
  capacity: number;
  /** The better levels for the household, and why they did not take it (none there, or all full). */
  passedOver: PassedOver[];
  summary: string;
}

export interface NewPair {
  householdId: string;
  cadreId: string;
  level: PairLevel;
  load: number;
  explanation: PairExplanation;
}

export interface Unpaired {
  householdId: string;
  reason: UnpairedReason;
  /** The cadres who could have taken it (of its village, township and county): all full. */
  eligibleCadres: number;
  summary: string;
}

export interface CadreLoad {
  cadreId: string;
  kept: number;
  added: number;
  load: number;
}

export interface PairingStats {
  capacity: number;
  households: number;
  cadres: number;
  kept: number;
  added: number;
  unpaired: number;
  addedByLevel: Record<PairLevel, number>;
  unpairedByReason: Record<UnpairedReason, number>;
  maxLoad: number;
  /** Cadres with no household after the run. */
  idleCadres: number;
}

export interface PairingResult {
  pairs: NewPair[];
  unpaired: Unpaired[];
  loads: CadreLoad[];
  stats: PairingStats;
}

export class PairingError extends Error {}

export const LEVEL_NAME: Record<PairLevel, string> = { VILLAGE: '村级干部', TOWNSHIP: '乡镇干部', COUNTY: '旗县干部' };
const AREA_NAME: Record<PairLevel, string> = { VILLAGE: '本村', TOWNSHIP: '本乡镇', COUNTY: '本旗县' };
const RANK: Record<PairLevel, number> = { VILLAGE: 0, TOWNSHIP: 1, COUNTY: 2 };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface Area {
  level: PairLevel;
  regionId: string;
  /** Cadre indices, in id order. */
  cadres: number[];
}

export function pair(problem: PairingProblem, options: PairingOptions = {}): PairingResult {
  const capacity = options.capacity ?? DEFAULT_PAIRING_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_PAIRING_CAPACITY) {
    throw new PairingError(`capacity must be a whole number from 1 to ${MAX_PAIRING_CAPACITY}; got ${capacity}`);
  }
  const cadres = [...problem.cadres].sort(byId);
  const households = [...problem.households].sort(byId);
  const cadreIndex = new Map<string, number>();
  cadres.forEach((c, i) => {
    if (cadreIndex.has(c.id)) throw new PairingError(`cadre ${c.id} is given twice`);
    if (!PAIR_LEVELS.includes(c.level)) throw new PairingError(`cadre ${c.id}: level ${c.level} is not one of ${PAIR_LEVELS.join(', ')}`);
    cadreIndex.set(c.id, i);
  });
  const householdIds = new Set<string>();
  for (const h of households) {
    if (householdIds.has(h.id)) throw new PairingError(`household ${h.id} is given twice`);
    householdIds.add(h.id);
  }

  const keptLoad = new Int32Array(cadres.length);
  const paired = new Set<string>();
  for (const k of problem.kept) {
    if (paired.has(k.householdId)) throw new PairingError(`household ${k.householdId} has two pairs in force`);
    paired.add(k.householdId);
    const c = cadreIndex.get(k.cadreId);
    if (c !== undefined) keptLoad[c]++;
  }
  const load = Int32Array.from(keptLoad);

  const areas = new Map<string, Area>();
  const areaKey = (level: PairLevel, regionId: string) => `${level}\u0000${regionId}`;
  cadres.forEach((c, i) => {
    const key = areaKey(c.level, c.regionId);
    const area = areas.get(key);
    if (area) area.cadres.push(i);
    else areas.set(key, { level: c.level, regionId: c.regionId, cadres: [i] });
  });
  /** The areas whose cadres may take a household, best level first. */
  const areasOf = (h: PairingHousehold): Area[] => {
    const found: Area[] = [];
    const add = (level: PairLevel, id: string | null) => {
      const a = id ? areas.get(areaKey(level, id)) : undefined;
      // A county's cadres take only its own households: a township or village cadre's area lies in its county.
      if (a && (level !== 'COUNTY' || id === h.countyId) && cadres[a.cadres[0]].countyId === h.countyId) found.push(a);
    };
    add('VILLAGE', h.villageId);
    add('TOWNSHIP', h.townshipId);
    add('COUNTY', h.countyId);
    return found;
  };

  // One flow per county: groups of the county's unpaired households.
  const open = households.filter((h) => !paired.has(h.id));
  const counties = new Map<string, PairingHousehold[]>();
  for (const h of open) {
    const list = counties.get(h.countyId);
    if (list) list.push(h);
    else counties.set(h.countyId, [h]);
  }
  /** Per household (by id): the area it went to, or null. */
  const placedIn = new Map<string, Area | null>();
  for (const countyId of [...counties.keys()].sort()) {
    const groups = new Map<string, PairingHousehold[]>();
    for (const h of counties.get(countyId)!) {
      const key = `${h.priority ? 0 : 1}\u0000${h.townshipId}\u0000${h.villageId ?? ''}`;
      const g = groups.get(key);
      if (g) g.push(h);
      else groups.set(key, [h]);
    }
    const groupList = [...groups.keys()].sort().map((k) => groups.get(k)!);
    solveCounty(groupList, areasOf, load, capacity, placedIn);
  }

  // Deal each area's households out to its cadres: a layer at a time, then in order.
  const incoming = new Map<Area, string[]>();
  for (const h of open) {
    const a = placedIn.get(h.id);
    if (!a) continue;
    const list = incoming.get(a);
    if (list) list.push(h.id);
    else incoming.set(a, [h.id]);
  }
  const householdById = new Map(households.map((h) => [h.id, h]));
  const cadreOf = new Map<string, number>();
  const added = new Int32Array(cadres.length);
  for (const [area, ids] of incoming) {
    let left = ids.length;
    for (let j = 1; j <= capacity && left > 0; j++) {
      for (const c of area.cadres) {
        if (left === 0) break;
        if (load[c] < j) {
          load[c]++;
          added[c]++;
          left--;
        }
      }
    }
    if (left > 0) throw new Error(`pairing: ${left} households sent to an area with no room (cannot happen)`);
    // Neighbours together: the area's households in village and id order, each cadre its share in turn.
    const keys = new Map(ids.map((id) => {
      const h = householdById.get(id)!;
      return [id, `${h.townshipId}\u0000${h.villageId ?? ''}\u0000${id}`];
    }));
    ids.sort((a, b) => {
      const kx = keys.get(a)!;
      const ky = keys.get(b)!;
      return kx < ky ? -1 : kx > ky ? 1 : 0;
    });
    let next = 0;
    for (const c of area.cadres) for (let n = 0; n < added[c]; n++) cadreOf.set(ids[next++], c);
  }

  const full = (a: Area) => a.cadres.every((c) => load[c] >= capacity);
  const pairs: NewPair[] = [];
  const unpaired: Unpaired[] = [];
  const addedByLevel: Record<PairLevel, number> = { VILLAGE: 0, TOWNSHIP: 0, COUNTY: 0 };
  const unpairedByReason: Record<UnpairedReason, number> = { NO_CADRE: 0, CAPACITY_EXHAUSTED: 0 };
  for (const h of open) {
    const candidates = areasOf(h);
    const c = cadreOf.get(h.id);
    if (c === undefined) {
      const eligible = candidates.reduce((n, a) => n + a.cadres.length, 0);
      if (candidates.some((a) => !full(a))) throw new Error(`pairing: ${h.id} left unpaired beside a cadre with room (cannot happen)`);
      const reason: UnpairedReason = eligible === 0 ? 'NO_CADRE' : 'CAPACITY_EXHAUSTED';
      unpairedByReason[reason]++;
      unpaired.push({
        householdId: h.id, reason, eligibleCadres: eligible,
        summary: reason === 'NO_CADRE'
          ? '本村、本乡镇、本旗县都没有登记结对干部：请先添加干部。'
          : `可结对的 ${eligible} 名干部（${candidates.map((a) => `${AREA_NAME[a.level]} ${a.cadres.length} 名`).join('，')}）都已联系满 ${capacity} 户：请增加干部，或提高每名干部联系的户数上限。`,
      });
      continue;
    }
    const cadre = cadres[c];
    const level = cadre.level;
    const passedOver: PassedOver[] = [];
    for (const better of PAIR_LEVELS.slice(0, RANK[level])) {
      if (better === 'VILLAGE' && !h.villageId) continue;
      const a = candidates.find((x) => x.level === better);
      passedOver.push({ level: better, cadres: a ? a.cadres.length : 0 });
    }
    const why = passedOver.map((p) => (p.cadres === 0 ? `${AREA_NAME[p.level]}没有${LEVEL_NAME[p.level]}` : `${AREA_NAME[p.level]} ${p.cadres} 名${LEVEL_NAME[p.level]}都已联系满 ${capacity} 户`)).join('，');
    const who = cadre.name ? `${cadre.name}（${LEVEL_NAME[level]}）` : LEVEL_NAME[level];
    const summary = `${LEVEL_NAME[level]}结对：${why ? `${why}，` : ''}由${AREA_NAME[level]}的${who}联系，结对后联系 ${load[c]} 户（上限 ${capacity} 户）。`;
    addedByLevel[level]++;
    pairs.push({ householdId: h.id, cadreId: cadre.id, level, load: load[c], explanation: { level, load: load[c], capacity, passedOver, summary } });
  }

  let maxLoad = 0;
  let idle = 0;
  const loads: CadreLoad[] = cadres.map((c, i) => {
    if (load[i] > maxLoad) maxLoad = load[i];
    if (load[i] === 0) idle++;
    return { cadreId: c.id, kept: keptLoad[i], added: added[i], load: load[i] };
  });
  return {
    pairs, unpaired, loads,
    stats: {
      capacity, households: households.length, cadres: cadres.length, kept: households.length - open.length, added: pairs.length, unpaired: unpaired.length,
      addedByLevel, unpairedByReason, maxLoad, idleCadres: idle,
    },
  };
}

/** One county's flow (see the module comment); writes the area each household goes to (or null) into `placedIn`. */
function solveCounty(
  groups: PairingHousehold[][], areasOf: (h: PairingHousehold) => Area[], load: Int32Array, capacity: number, placedIn: Map<string, Area | null>,
): void {
  const S = 0;
  let nodes = 1 + groups.length;
  const slotNode = new Map<Area, Int32Array>();
  const groupAreas = groups.map((g) => areasOf(g[0]));
  const slotCount = new Map<Area, Int32Array>();
  for (const list of groupAreas) {
    for (const a of list) {
      if (slotNode.has(a)) continue;
      const count = new Int32Array(capacity + 1);
      const node = new Int32Array(capacity + 1).fill(-1);
      for (let j = 1; j <= capacity; j++) {
        for (const c of a.cadres) if (load[c] < j) count[j]++;
        if (count[j] > 0) node[j] = nodes++;
      }
      slotNode.set(a, node);
      slotCount.set(a, count);
    }
  }
  const U = nodes++;
  const T = nodes++;
  const from: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const arc = (u: number, v: number, c: number, w: number) => {
    from.push(u);
    to.push(v);
    cap.push(c);
    cost.push(w);
    return from.length - 1;
  };
  const B = nodes * 3 * capacity + 1;
  let total = 0;
  const groupArcs: { area: Area; arc: number }[][] = [];
  groups.forEach((g, i) => {
    const node = 1 + i;
    total += g.length;
    arc(S, node, g.length, 0);
    const arcs: { area: Area; arc: number }[] = [];
    for (const a of groupAreas[i]) {
      const slots = slotNode.get(a)!;
      for (let j = 1; j <= capacity; j++) if (slots[j] !== -1) arcs.push({ area: a, arc: arc(node, slots[j], g.length, RANK[a.level] * capacity + (j - 1)) });
    }
    arc(node, U, g.length, g[0].priority ? 2 * B : B);
    groupArcs.push(arcs);
  });
  for (const [a, slots] of slotNode) {
    const count = slotCount.get(a)!;
    for (let j = 1; j <= capacity; j++) if (slots[j] !== -1) arc(slots[j], T, count[j], 0);
  }
  arc(U, T, total, 0);
  const net: Network = { nodes, from: Int32Array.from(from), to: Int32Array.from(to), capacity: Int32Array.from(cap), cost: Float64Array.from(cost) };
  const flow = minCostFlow(net, S, T, total);
  groups.forEach((g, i) => {
    let h = 0;
    for (const { area, arc: k } of groupArcs[i]) for (let n = 0; n < flow[k]; n++) placedIn.set(g[h++].id, area);
    for (; h < g.length; h++) placedIn.set(g[h].id, null);
  });
}
