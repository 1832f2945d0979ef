import { compileLexicon, type Lexicon } from './lexicon';
import { placeMasker, readTerms } from './text';
import type { Category } from './types';

/**
 * Duplicates and common needs (issue 17, part 3): which demands are the same need entered twice
 * in one township (DUPLICATE), and which are one need raised by several villages of a county
 * (COMMON, 共性问题), for the organizer or the organization department to merge or keep.
 *
 * Each demand becomes a set of features: the words and Han bigrams of its title and content
 * (src/engine/text.ts, generic words left out, place names blanked, the lexicon's standard forms
 * added so that 苞米 meets 玉米) and the lexicon concepts of its category its own words hit.
 * Candidates come from MinHash over the words and concepts (bigrams run across word boundaries and
 * dilute the overlap of reworded texts) with LSH banding, BANDS bands of ROWS rows: two demands
 * whose word sets have a Jaccard of 0.3 meet in some band with probability 0.99, at 0.1 with 0.38;
 * only within one county and category. Every candidate is verified by an exact similarity: the
 * cosine of the two feature sets weighted by rarity (idf), concepts counting CONCEPT_FACTOR times.
 * Duplicates are the pairs above DUPLICATE_THRESHOLD in one township (same village, or one without
 * a village), joined strongest first; common needs are stars (see stars()) of the pairs above
 * COMMON_THRESHOLD in one county naming at least minPlaces places. Pure and deterministic: seeded
 * hashes, demands taken in id order, ties by id. Time is linear in the demands plus the candidates.
 */

export interface DuplicateDemand {
  id: string;
  townshipId: string;
  countyId: string;
  /** The village (嘎查村/社区) the need is from; null for a township-wide need. */
  villageId?: string | null;
  category: Category;
  title: string;
  content: string;
  beneficiaries?: number | null;
}

export interface DuplicateOptions {
  lexicon?: Lexicon | null;
  /** Names of regions (villages, townships, counties), blanked out of the texts: where a need is says nothing of what it is. */
  placeNames?: readonly string[];
  /** Least similarity of two demands of one township to be duplicates. Default DUPLICATE_THRESHOLD. */
  duplicateThreshold?: number;
  /** Least similarity of two demands of one county to be linked into a common need. Default COMMON_THRESHOLD. */
  commonThreshold?: number;
  /** A common need names at least this many places (villages; the township for a need without one). Default 3. */
  minPlaces?: number;
  /** Seed of the MinHash functions. */
  seed?: number;
  /** Pairs of demand ids a person said are not the same need (保留): never linked, whatever their similarity. */
  apart?: ReadonlyArray<readonly [string, string]>;
}

export interface DemandPair {
  a: string;
  b: string;
  similarity: number;
}

export interface GroupMember {
  id: string;
  /** The village, or the township for a need without one. */
  placeId: string;
  /** Similarity to the group's representative (1 for the representative itself). */
  similarity: number;
}

export interface DemandGroup {
  kind: 'DUPLICATE' | 'COMMON';
  /** The township (DUPLICATE) or the county (COMMON) the group lies in. */
  scopeId: string;
  category: Category;
  /** By id. */
  members: GroupMember[];
  /** The member most like the others: its title suggests the merged one. */
  representativeId: string;
  /** Mean similarity of the other members to the representative, 0..1. */
  similarity: number;
  /** Concept names, then words, that most members share, the most telling first. */
  shared: string[];
  suggestedTitle: string;
  /** Distinct places, by id. */
  places: string[];
  /** Sum of the members' beneficiaries. */
  beneficiaries: number;
  /** The verified pairs that link the group (DUPLICATE groups only; empty for COMMON, whose members carry their similarity). */
  pairs: DemandPair[];
}

export interface DuplicateReport {
  duplicates: DemandGroup[];
  common: DemandGroup[];
  stats: { demands: number; features: number; candidatePairs: number; verifiedPairs: number };
}

export const DUPLICATE_THRESHOLD = 0.3;
export const COMMON_THRESHOLD = 0.2;
/** A concept shared counts this many times a word of the same rarity. */
export const CONCEPT_FACTOR = 3;
/** Demands assumed besides the given ones, none holding the feature (as in text.ts): in a handful of demands a shared word must not look common merely because there are few. */
const BACKGROUND = 20;
const BANDS = 48;
const ROWS = 2;
const HASHES = BANDS * ROWS;
/** In a band's bucket larger than this (many near-identical texts), each demand is paired with the next WINDOW only. */
const WINDOW = 100;
/** A large group's representative is chosen by its similarity to this many members. */
const SAMPLE = 64;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function findDuplicates(input: readonly DuplicateDemand[], options: DuplicateOptions = {}): DuplicateReport {
  const duplicateThreshold = options.duplicateThreshold ?? DUPLICATE_THRESHOLD;
  const commonThreshold = options.commonThreshold ?? COMMON_THRESHOLD;
  const minPlaces = options.minPlaces ?? 3;
  const demands = [...input].sort((a, b) => byCode(a.id, b.id));
  for (let i = 1; i < demands.length; i++) if (demands[i].id === demands[i - 1].id) throw new Error(`findDuplicates: demand id ${demands[i].id} appears twice`);
  const n = demands.length;
  const lexicon = options.lexicon ? compileLexicon(options.lexicon) : null;
  const mask = placeMasker(options.placeNames ?? []);
  const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
  const apart = new Set((options.apart ?? []).map(([x, y]) => pairKey(x, y)));

  // Features: ids in order of first appearance (demands in id order), each demand's as a sorted run of one Int32Array.
  const featureOf = new Map<string | number, number>();
  const labels: string[] = [];
  /** Per feature: 0 a concept, 1 a word, 2 a bigram. */
  const kindOf: number[] = [];
  const keyHash: number[] = [];
  const start = new Int32Array(n + 1);
  const runs: Int32Array[] = [];
  let total = 0;
  const feature = (key: string | number, label: string, kind: number) => {
    let id = featureOf.get(key);
    if (id === undefined) {
      featureOf.set(key, (id = labels.length));
      labels.push(label);
      kindOf.push(kind);
      keyHash.push(typeof key === 'number' ? fmix32(key ^ 0x5bd1e995) : fnv1a(key));
    }
    return id;
  };
  for (let d = 0; d < n; d++) {
    const demand = demands[d];
    let text = mask(`${demand.title}。${demand.content}`);
    const ids = new Set<number>();
    if (lexicon) {
      const hits = lexicon.scan(text);
      if (hits.standards.length) text += '。' + hits.standards.join('。');
      for (const c of hits.direct) {
        const concept = lexicon.concepts[c];
        if (concept.category === demand.category) ids.add(feature('c:' + concept.id, concept.name, 0));
      }
    }
    const read = readTerms(text);
    for (let t = 0; t < read.terms.length; t++) {
      if (read.generic[t]) continue;
      const term = read.terms[t];
      ids.add(typeof term === 'string' ? feature('w:' + term, term, 1) : feature(term, bigramText(term), 2));
    }
    const run = Int32Array.from(ids).sort();
    runs.push(run);
    start[d] = total;
    total += run.length;
  }
  start[n] = total;
  const features = new Int32Array(total);
  runs.forEach((run, d) => features.set(run, start[d]));
  runs.length = 0;

  // Weights: idf over the given demands (and BACKGROUND more), concepts CONCEPT_FACTOR times; each demand's total weight.
  const df = new Float64Array(labels.length);
  for (let i = 0; i < total; i++) df[features[i]] += 1;
  const weight = new Float64Array(labels.length);
  for (let f = 0; f < labels.length; f++) weight[f] = Math.log(1 + (n + BACKGROUND) / df[f]) * (kindOf[f] === 0 ? CONCEPT_FACTOR : 1);
  const norm = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    for (let i = start[d]; i < start[d + 1]; i++) norm[d] += weight[features[i]] * weight[features[i]];
    norm[d] = Math.sqrt(norm[d]);
  }

  const similarity = (a: number, b: number): number => {
    let i = start[a];
    let j = start[b];
    const ei = start[a + 1];
    const ej = start[b + 1];
    let shared = 0;
    while (i < ei && j < ej) {
      const x = features[i];
      const y = features[j];
      if (x === y) {
        shared += weight[x] * weight[x];
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return shared > 0 ? Math.min(1, shared / (norm[a] * norm[b])) : 0;
  };

  // MinHash signatures, folded into one hash per band.
  let s = (options.seed ?? 0x9e3779b9) >>> 0;
  const seeds = new Uint32Array(HASHES);
  for (let k = 0; k < HASHES; k++) seeds[k] = s = fmix32(s + 0x6d2b79f5);
  const hashOf = Uint32Array.from(keyHash);
  const bandHash = new Uint32Array(n * BANDS);
  const mins = new Uint32Array(HASHES);
  for (let d = 0; d < n; d++) {
    mins.fill(0xffffffff);
    // Words and concepts only (bigrams as well for a text that has neither): reworded texts share their words far more
    // often than their bigrams, which run across word boundaries.
    let any = false;
    for (let i = start[d]; i < start[d + 1] && !any; i++) any = kindOf[features[i]] !== 2;
    for (let i = start[d]; i < start[d + 1]; i++) {
      if (any && kindOf[features[i]] === 2) continue;
      const h = hashOf[features[i]];
      for (let k = 0; k < HASHES; k++) {
        const v = fmix32(h ^ seeds[k]);
        if (v < mins[k]) mins[k] = v;
      }
    }
    for (let b = 0; b < BANDS; b++) {
      let h = b;
      for (let r = 0; r < ROWS; r++) h = fmix32(Math.imul(h, 0x9e3779b1) ^ mins[b * ROWS + r]);
      bandHash[d * BANDS + b] = h;
    }
  }

  // Candidates: demands of one county and category that meet in a band; each verified once.
  const scopes = new Map<string, number[]>();
  for (let d = 0; d < n; d++) {
    if (start[d + 1] === start[d]) continue; // nothing to compare
    const key = `${demands[d].countyId}\u0000${demands[d].category}`;
    const list = scopes.get(key);
    if (list) list.push(d);
    else scopes.set(key, [d]);
  }
  const placeOf = (d: number) => demands[d].villageId ?? demands[d].townshipId;
  const duplicateEdges: { a: number; b: number; similarity: number }[] = [];
  // Common-need links, as adjacency lists (flattened after the scan).
  const linkFrom: number[] = [];
  const linkTo: number[] = [];
  const linkSim: number[] = [];
  const dupParent = new Int32Array(n).map((_, i) => i);
  let candidatePairs = 0;
  let verifiedPairs = 0;
  const low = Math.min(duplicateThreshold, commonThreshold);
  for (const key of [...scopes.keys()].sort(byCode)) {
    const members = scopes.get(key)!;
    const m = members.length;
    if (m < 2) continue;
    const seen = new Set<number>();
    const order = new Int32Array(m);
    for (let b = 0; b < BANDS; b++) {
      for (let i = 0; i < m; i++) order[i] = i;
      order.sort((x, y) => bandHash[members[x] * BANDS + b] - bandHash[members[y] * BANDS + b] || x - y);
      for (let i = 0; i < m; ) {
        const h = bandHash[members[order[i]] * BANDS + b];
        let j = i + 1;
        while (j < m && bandHash[members[order[j]] * BANDS + b] === h) j++;
        for (let p = i; p < j; p++) {
          for (let q = p + 1; q < j && q <= p + WINDOW; q++) {
            const x = Math.min(order[p], order[q]);
            const y = Math.max(order[p], order[q]);
            const pair = x * m + y;
            if (seen.has(pair)) continue;
            seen.add(pair);
            candidatePairs++;
            const a = members[x];
            const c = members[y];
            const sim = similarity(a, c);
            if (sim < low || (apart.size && apart.has(pairKey(demands[a].id, demands[c].id)))) continue;
            verifiedPairs++;
            if (sim >= commonThreshold) {
              linkFrom.push(a);
              linkTo.push(c);
              linkSim.push(sim);
            }
            const da = demands[a];
            const dc = demands[c];
            if (sim >= duplicateThreshold && da.townshipId === dc.townshipId && (!da.villageId || !dc.villageId || da.villageId === dc.villageId)) {
              duplicateEdges.push({ a, b: c, similarity: sim });
            }
          }
        }
        i = j;
      }
    }
  }

  const groupsOf = (parent: Int32Array) => {
    const byRoot = new Map<number, number[]>();
    for (let d = 0; d < n; d++) {
      const root = find(parent, d);
      const list = byRoot.get(root);
      if (list) list.push(d);
      else byRoot.set(root, [d]);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  };

  /** A group described; its representative is `center` when given (>= 0), else the member most like the others. */
  const describe = (kind: DemandGroup['kind'], group: number[], center: number): DemandGroup => {
    // The representative: the greatest sum of similarities to the others (to at most SAMPLE of them, evenly spread in
    // id order, in a large group), ties by id (members are in id order).
    const step = Math.max(1, Math.ceil(group.length / SAMPLE));
    const sample = group.filter((_, i) => i % step === 0);
    let rep = group[0];
    let best = -1;
    for (const a of center >= 0 ? [center] : group) {
      let sum = 0;
      for (const b of sample) sum += a === b ? 1 : similarity(a, b);
      if (sum > best + 1e-12) {
        best = sum;
        rep = a;
      }
    }
    const toRep = group.map((d) => (d === rep ? 1 : similarity(rep, d)));
    const places = [...new Set(group.map(placeOf))].sort(byCode);
    const others = group.length - 1;
    const mean = toRep.reduce((x, y) => x + y, 0) - 1;
    const repDemand = demands[rep];
    const suggestedTitle = kind === 'COMMON' ? `${repDemand.title}（${places.length}个村共性需求）` : repDemand.title;
    return {
      kind,
      scopeId: kind === 'DUPLICATE' ? repDemand.townshipId : repDemand.countyId,
      category: repDemand.category,
      members: group.map((d, i) => ({ id: demands[d].id, placeId: placeOf(d), similarity: round(toRep[i]) })),
      representativeId: repDemand.id,
      similarity: round(others > 0 ? mean / others : 1),
      shared: sharedLabels(group),
      suggestedTitle,
      places,
      beneficiaries: group.reduce((sum, d) => sum + (demands[d].beneficiaries ?? 0), 0),
      pairs: [],
    };
  };

  /** Features held by at least half the members (both, for a pair): concepts, then words, then bigrams within no word shown. */
  const sharedLabels = (group: number[]): string[] => {
    const count = new Map<number, number>();
    for (const d of group) for (let i = start[d]; i < start[d + 1]; i++) count.set(features[i], (count.get(features[i]) ?? 0) + 1);
    const need = Math.max(2, Math.ceil(group.length / 2));
    const held = [...count].filter(([, c]) => c >= need).map(([f, c]) => ({ f, c, kind: kindOf[f] }));
    held.sort((x, y) => x.kind - y.kind || y.c - x.c || weight[y.f] - weight[x.f] || x.f - y.f);
    const out: string[] = [];
    for (const { f, kind } of held) {
      if (out.length >= 6) break;
      const label = labels[f];
      if (kind === 2 && out.some((w) => w.includes(label))) continue;
      if (!out.includes(label)) out.push(label);
    }
    return out;
  };
  // Duplicates: the pairs joined strongest first (ties by index), never joining two groups of different villages
  // (a township-wide entry may repeat one village's need, not two villages' at once).
  duplicateEdges.sort((x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b);
  const villageOf = demands.map((d) => d.villageId ?? null);
  const kept: typeof duplicateEdges = [];
  for (const e of duplicateEdges) {
    const x = find(dupParent, e.a);
    const y = find(dupParent, e.b);
    if (x !== y) {
      if (villageOf[x] && villageOf[y] && villageOf[x] !== villageOf[y]) continue;
      union(dupParent, x, y);
      villageOf[find(dupParent, x)] = villageOf[x] ?? villageOf[y];
    }
    kept.push(e);
  }
  const edgesOf = new Map<number, typeof duplicateEdges>();
  for (const e of kept) {
    const root = find(dupParent, e.a);
    if (find(dupParent, e.b) !== root) continue;
    const list = edgesOf.get(root);
    if (list) list.push(e);
    else edgesOf.set(root, [e]);
  }
  const duplicates = groupsOf(dupParent).map((g) => {
    const group = describe('DUPLICATE', g, -1);
    group.pairs = edgesOf
      .get(find(dupParent, g[0]))!
      .sort((x, y) => x.a - y.a || x.b - y.b)
      .map((e) => ({ a: demands[e.a].id, b: demands[e.b].id, similarity: round(e.similarity) }));
    return group;
  });
  const common = stars(n, linkFrom, linkTo, linkSim)
    .filter((g) => new Set(g.members.map(placeOf)).size >= minPlaces)
    .map((g) => describe('COMMON', g.members, g.center));
  const order = (x: DemandGroup, y: DemandGroup) => byCode(x.scopeId, y.scopeId) || byCode(x.category, y.category) || byCode(x.members[0].id, y.members[0].id);
  return { duplicates: duplicates.sort(order), common: common.sort(order), stats: { demands: n, features: labels.length, candidatePairs, verifiedPairs } };
}

/**
 * Star clustering of the common-need links: the demand with the most links (then the greatest sum of similarities,
 * then the lower index) becomes a centre and takes every linked demand not yet taken; and so on. Every member is then
 * similar to its centre itself, so a group never drifts along a chain (葵花病害 … 葵花销售 … 茶叶销售).
 */
function stars(n: number, from: number[], to: number[], sim: number[]): { center: number; members: number[] }[] {
  const degree = new Int32Array(n);
  const strength = new Float64Array(n);
  for (let e = 0; e < from.length; e++) {
    degree[from[e]]++;
    degree[to[e]]++;
    strength[from[e]] += sim[e];
    strength[to[e]] += sim[e];
  }
  const first = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) first[d + 1] = first[d] + degree[d];
  const next = first.slice(0, n);
  const neighbour = new Int32Array(2 * from.length);
  for (let e = 0; e < from.length; e++) {
    neighbour[next[from[e]]++] = to[e];
    neighbour[next[to[e]]++] = from[e];
  }
  const order = Array.from({ length: n }, (_, i) => i).filter((d) => degree[d] > 0);
  order.sort((a, b) => degree[b] - degree[a] || strength[b] - strength[a] || a - b);
  const taken = new Uint8Array(n);
  const groups: { center: number; members: number[] }[] = [];
  for (const c of order) {
    if (taken[c]) continue;
    const members = [c];
    taken[c] = 1;
    for (let i = first[c]; i < first[c + 1]; i++) {
      const d = neighbour[i];
      if (!taken[d]) {
        taken[d] = 1;
        members.push(d);
      }
    }
    if (members.length > 1) groups.push({ center: c, members: members.sort((x, y) => x - y) });
  }
  return groups;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Joins two sets, the smaller index becoming the root (so that roots do not depend on the order of joins). */
function union(parent: Int32Array, a: number, b: number): void {
  const x = find(parent, a);
  const y = find(parent, b);
  if (x < y) parent[y] = x;
  else if (y < x) parent[x] = y;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The two characters of a bigram as readTerms numbers it (see hanPair in text.ts). */
function bigramText(pair: number): string {
  const place = (p: number) => (p < 0x5200 ? 0x4e00 + p : p < 0x5200 + 0x19c0 ? 0x3400 + p - 0x5200 : 0xf900 + p - 0x5200 - 0x19c0);
  return String.fromCharCode(place(pair >>> 15), place(pair & 0x7fff));
}
