import { compileLexicon, KIND_GENERAL, KIND_SERVICE, KIND_SUBJECT } from './lexicon';
import { readAll } from './readings';
import { cosine, cosineUnits, placeMasker, TERM_CONCEPT, TERM_WORD, topSharedTerms, Vocabulary, weigh, type TermCounts, type TermVector } from './text';
import { CATEGORIES, SERVICE_FORMS } from './types';
import type {
  CandidateRule, MatchOptions, PlacedTier, Problem, ProblemDemandItem, ProblemDepartment, ProblemSupplyItem, ScoreParts, Window,
} from './types';

/**
 * Candidate generation: for every open demand, the supply items it may go to at each tier, the
 * first hard rule that stops each of the others, and the score of every eligible pair.
 */

/** Text relevance below this (cosine, 0..1) makes a pair ineligible. Calibrated on the demo data: see README. */
export const RELEVANCE_THRESHOLD = 0.04;
/**
 * A precedent counts for a demand whose words are at least this close to its own (cosine, 0..1):
 * worded alike, not merely of the same topic.
 */
export const PRECEDENT_SIMILARITY = 0.5;
/**
 * An item of another category than the ticked one is considered only when nothing of the ticked
 * category is eligible, it shares a lexicon concept of its own category with the demand, and its
 * relevance reaches this (well above RELEVANCE_THRESHOLD): a plain fit, never a weak one.
 */
export const CROSS_CATEGORY_THRESHOLD = 0.15;
/**
 * What the county can do, the county does: a county item is eligible when it fits the demand at
 * least this fraction as well (text relevance) as the best city item that passes every other rule
 * (capacity aside). One that fits far worse is about something else (a tea-garden course for a
 * maize question, sharing 施肥 and generic words) and is not something the county can do for it
 * (rule OUTMATCHED), unless it names each of the needs the demand and that city item share, or a
 * broader one: a county's general theory lecture can give a talk on the plenary session.
 */
export const COUNTY_FIT_RATIO = 0.5;
/** score = TEXT_WEIGHT·text + FORM_WEIGHT·form, in thousandths. */
export const TEXT_WEIGHT = 0.85;
export const FORM_WEIGHT = 0.15;

export const TIER_COUNTY = 0;
export const TIER_CITY = 1;
export const TIERS: readonly PlacedTier[] = ['COUNTY', 'CITY'];

export interface SupplyEntry {
  item: ProblemSupplyItem;
  department: ProblemDepartment;
  /** Capacity left after the pinned demands. */
  remaining: number;
  /** Ids of the pinned demands using it, by id. */
  pinned: string[];
}

export interface Prepared {
  problem: Problem;
  /** Supply items sorted by id; indexes below refer to this order. */
  supply: SupplyEntry[];
  supplyIndex: Map<string, number>;
  /** Demands sorted by id. */
  demands: ProblemDemandItem[];
  /** Per demand: 0 open, 1 pinned (kept as is), 2 HARD (to the desk). */
  disposition: Uint8Array;
  /** Eligible pairs, grouped by demand: pairStart[d] .. pairStart[d+1]-1. */
  pairStart: Int32Array;
  pairSupply: Int32Array;
  pairTier: Uint8Array;
  /** Score and text relevance, in thousandths. */
  pairScore: Int32Array;
  pairText: Int32Array;
  pairForm: Uint8Array;
  /** 1 where the item's category is not the one the township ticked (类别建议). */
  pairCross: Uint8Array;
  threshold: number;
  /**
   * The best county item with room that a city item outmatched for demand d, with its text relevance in thousandths;
   * `missing` names what the demand asks for that it does not give, when that was why (else null: it fitted far worse).
   */
  outmatched(d: number): { supply: number; text: number; missing: string[] | null } | null;
  /** Whether demand d's candidates are its category's catch-all items, nothing else of it fitting. */
  byCatchAll(d: number): boolean;
  /** The names of the lexicon concepts of its ticked category that demand d's own words name. */
  demandConcepts(d: number): string[];
  /** What demand d asks for that item s gives, each as the need's name and, when s names a broader one, "（属…）". */
  needsGiven(d: number, s: number): string[];
  /** Evaluates every candidate of one demand again, for explanations. */
  verdicts(d: number): CandidateCheck[];
  parts(d: number, s: number): ScoreParts;
}

/** What the precedents say of one demand and one item (similarities in thousandths). */
interface PrecedentEffect {
  follow: number;
  avoid: number;
  assigned: number;
  satisfied: number;
}

export interface CandidateCheck {
  supply: number;
  tier: number;
  /** The first rule that stops it, or null when the pair is eligible. */
  rule: CandidateRule | null;
  text?: number;
}

export const OPEN = 0;
export const PINNED = 1;
export const HARD = 2;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function overlaps(a: Window | null | undefined, b: Window | null | undefined): boolean {
  return !a || !b || (a.start <= b.end && b.start <= a.end);
}

const CATEGORY_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const NONE: ReadonlySet<string> = new Set();
const FORM_BIT = new Map<string, number>(SERVICE_FORMS.map((f, i) => [f, 1 << i]));
/** The forms as a bit set. */
function formBits(forms: readonly string[]): number {
  let bits = 0;
  for (const f of forms) bits |= FORM_BIT.get(f) ?? 0;
  return bits;
}

/** The union of ascending lists of numbers, ascending, each number once. */
function unionOfSorted(lists: readonly number[][]): number[] {
  const out: number[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let next = Infinity;
    for (let k = 0; k < lists.length; k++) if (at[k] < lists[k].length && lists[k][at[k]] < next) next = lists[k][at[k]];
    if (next === Infinity) return out;
    out.push(next);
    for (let k = 0; k < lists.length; k++) if (at[k] < lists[k].length && lists[k][at[k]] === next) at[k]++;
  }
}

export function prepare(problem: Problem, options: MatchOptions = {}): Prepared {
  const threshold = options.threshold ?? RELEVANCE_THRESHOLD;
  const thresholdUnits = Math.round(threshold * 1000);
  const regions = new Map(problem.regions.map((r) => [r.id, r]));
  const departments = new Map(problem.departments.map((d) => [d.id, d]));

  // A township's chain: itself, its county, its city (what coverage may name).
  const chains = new Map<string, string[]>();
  const chainOf = (townshipId: string): string[] => {
    let chain = chains.get(townshipId);
    if (!chain) {
      chain = [];
      for (let r = regions.get(townshipId); r; r = r.parentId ? regions.get(r.parentId) : undefined) chain.push(r.id);
      chains.set(townshipId, chain);
    }
    return chain;
  };
  const ofLevel = (townshipId: string, level: string) => chainOf(townshipId).find((id) => regions.get(id)?.level === level);

  const supply: SupplyEntry[] = [...problem.supplyItems].sort(byId).map((item) => ({
    item, department: departments.get(item.departmentId)!, remaining: item.capacity, pinned: [],
  }));
  const supplyIndex = new Map(supply.map((s, i) => [s.item.id, i]));
  const demands = [...problem.demandItems].sort(byId);
  const disposition = new Uint8Array(demands.length);
  /** Per demand, the items that declined it (by index), or null. */
  const declined: (Set<number> | null)[] = demands.map((d) =>
    d.declinedSupplyIds?.length ? new Set(d.declinedSupplyIds.map((id) => supplyIndex.get(id)).filter((s): s is number => s !== undefined)) : null);
  demands.forEach((d, i) => {
    if (d.pinnedSupplyId) {
      const s = supply[supplyIndex.get(d.pinnedSupplyId)!];
      s.remaining = Math.max(0, s.remaining - 1);
      s.pinned.push(d.id);
      disposition[i] = PINNED;
    } else if (d.kind === 'HARD') disposition[i] = HARD;
  });

  // Pools: county items by (county, category); city items by (their city, category) and by
  // (each region they cover, category), so a city item reaching into another city is found too.
  const countyPool = new Map<string, number[]>();
  const cityPool = new Map<string, number[]>();
  const add = (pool: Map<string, number[]>, key: string, s: number) => {
    const list = pool.get(key);
    if (list) {
      if (list[list.length - 1] !== s) list.push(s);
    } else pool.set(key, [s]);
  };
  supply.forEach(({ item, department }, s) => {
    if (department.level === 'COUNTY') add(countyPool, `${department.regionId}|${item.category}`, s);
    else {
      add(cityPool, `${department.regionId}|${item.category}`, s);
      for (const r of item.coverage) if (r !== department.regionId) add(cityPool, `${r}|${item.category}`, s);
    }
  });
  const poolsOf = (d: ProblemDemandItem, category: string = d.category): [number[], number[]] => {
    const county = countyPool.get(`${ofLevel(d.townshipId, 'COUNTY')}|${category}`) ?? [];
    const seen = new Set<number>();
    for (const r of chainOf(d.townshipId)) for (const s of cityPool.get(`${r}|${category}`) ?? []) seen.add(s);
    return [county, [...seen].sort((a, b) => a - b)];
  };
  const covers = (s: number, townshipId: string) => {
    const chain = chainOf(townshipId);
    return supply[s].item.coverage.some((r) => chain.includes(r));
  };
  // Candidates and coverage depend only on the township and the category: worked out once for each, from the items
  // covering each region of its chain (by category, ascending), merged: the county's own items, and the city tier's.
  const covering = new Map<string, number[][]>();
  supply.forEach(({ item }, s) => {
    const c = CATEGORY_INDEX.get(item.category)!;
    for (const r of item.coverage) {
      let byCategory = covering.get(r);
      if (!byCategory) covering.set(r, (byCategory = CATEGORIES.map(() => [])));
      const list = byCategory[c];
      if (list[list.length - 1] !== s) list.push(s);
    }
  });
  const coveredCache = new Map<string, ([number[], number[]] | undefined)[]>();
  const coveredPools = (d: ProblemDemandItem, category: string = d.category): [number[], number[]] => {
    let byCategory = coveredCache.get(d.townshipId);
    if (!byCategory) coveredCache.set(d.townshipId, (byCategory = []));
    const c = CATEGORY_INDEX.get(category)!;
    let pools = byCategory[c];
    if (!pools) {
      const county = ofLevel(d.townshipId, 'COUNTY');
      const lists = chainOf(d.townshipId).map((r) => covering.get(r)?.[c] ?? []).filter((l) => l.length > 0);
      pools = byCategory[c] = [[], []];
      for (const s of lists.length === 1 ? lists[0] : unionOfSorted(lists)) {
        const { department } = supply[s];
        if (department.level !== 'COUNTY') pools[TIER_CITY].push(s);
        else if (department.regionId === county) pools[TIER_COUNTY].push(s);
      }
    }
    return pools;
  };
  const supplyForms = Int32Array.from(supply, ({ item }) => formBits(item.forms));
  const demandForms = Int32Array.from(demands, (demand) => formBits(demand.forms));
  const formsMeet = (d: number, s: number) => (demandForms[d] & supplyForms[s]) !== 0;

  // The lexicon, when given: each text gains the standard forms of its colloquial words, and the concepts it signals.
  const lexicon = options.lexicon ? compileLexicon(options.lexicon) : null;
  const conceptNames = lexicon ? lexicon.concepts.map((c) => c.name) : [];
  const precedents = options.precedents ?? [];
  const firstPrecedent = supply.length + demands.length;
  const firstShadow = firstPrecedent + precedents.length;
  const demandText = (d: number) => `${demands[d].title}\n${demands[d].content}`;
  const textOf = (i: number) => (i < supply.length ? `${supply[i].item.title}\n${supply[i].item.description}`
    : i < firstPrecedent ? demandText(i - supply.length) : `${precedents[i - firstPrecedent].title}\n${precedents[i - firstPrecedent].content}`);
  // Each distinct text is read once (readAll), its place names blanked (placeMasker): what the lexicon finds in it, and
  // its terms (its own words and the standard forms of its colloquial ones, and the concepts it signals), counted in one
  // vocabulary.
  const unplaced = placeMasker(problem.regions.map((r) => r.name));
  const textIds = new Map<string, number>();
  const textIdOf = Int32Array.from({ length: firstShadow }, (_, i) => {
    const text = unplaced(textOf(i));
    let id = textIds.get(text);
    if (id === undefined) textIds.set(text, (id = textIds.size));
    return id;
  });
  const readings = readAll([...textIds.keys()], lexicon);
  const vocabulary = new Vocabulary(conceptNames);
  const countsOfText = readings.map(({ hits, terms }) => vocabulary.count(terms, hits?.concepts));
  const own = Array.from(textIdOf, (t) => ({ hits: readings[t].hits, counts: countsOfText[t] }));
  const demandHits = lexicon ? demands.map((_, d) => own[supply.length + d].hits!) : null;
  // A demand again in each other category its words signal (the ticked category is a hint, not a wall: see below).
  const shadows: { d: number; category: string }[] = [];
  if (demandHits) {
    demands.forEach((demand, d) => {
      if (disposition[d] !== OPEN) return;
      const others = new Set(demandHits[d].concepts.map((c) => lexicon!.concepts[c].category).filter((c) => c !== demand.category));
      for (const category of CATEGORIES) if (others.has(category)) shadows.push({ d, category });
    });
  }
  const shadowOf = new Map(shadows.map((x, k) => [`${x.d}|${x.category}`, firstShadow + k]));
  const documents = firstShadow + shadows.length;
  const countsOf = (i: number) => (i < firstShadow ? own[i].counts : own[supply.length + shadows[i - firstShadow].d].counts);
  const scannedConcepts = (i: number) => own[i].hits!.concepts;
  // Documents: the supply items, the demands, then the precedents (so their words weigh as the demands' do), then the
  // shadows. Rarity is measured within each category, over its supply items and demands: the words every TECHNOLOGY
  // text shares (种植, 防治) or every WARMTH text shares (慰问) tell nothing there, whatever they do elsewhere.
  const docCategory = (i: number) => (i < supply.length ? supply[i].item.category : i < firstPrecedent ? demands[i - supply.length].category
    : i < firstShadow ? precedents[i - firstPrecedent].category : shadows[i - firstShadow].category);
  const byCategory = new Map<string, number[]>();
  for (let i = 0; i < documents; i++) {
    const list = byCategory.get(docCategory(i));
    if (list) list.push(i);
    else byCategory.set(docCategory(i), [i]);
  }
  const vectors: TermVector[] = new Array(documents);
  const kinds = vocabulary.kinds();
  for (const docs of byCategory.values()) {
    const weighed = weigh(vocabulary, docs.map(countsOf), docs.filter((i) => i < firstPrecedent).length, kinds);
    docs.forEach((i, j) => { vectors[i] = weighed[j]; });
  }
  const labels = vocabulary.labels;
  const supplyVector = (s: number) => vectors[s];
  const demandVector = (d: number) => vectors[supply.length + d];
  /** The demand's vector in the vocabulary of an item's category (its own, or a shadow's). */
  const demandVectorFor = (d: number, s: number) => {
    const category = supply[s].item.category;
    return category === demands[d].category ? demandVector(d) : vectors[shadowOf.get(`${d}|${category}`)!];
  };
  /**
   * The categories a demand's words put it in against its tick: none when the lexicon finds a concept of the ticked
   * category in them (a subject only when in the title); else each category of which it finds two concepts or more
   * (one may be a word in passing), or a service in the title (what the demand asks for is no word in passing).
   */
  const conceptCategory = lexicon ? lexicon.concepts.map((c) => CATEGORY_INDEX.get(c.category)!) : [];
  const perCategory = new Int32Array(CATEGORIES.length);
  const tickContradicted = (d: number): ReadonlySet<string> => {
    const hits = demandHits?.[d];
    if (!hits || hits.concepts.length === 0) return NONE;
    const ticked = CATEGORY_INDEX.get(demands[d].category)!;
    // The ticked category is named by a service or catch-all of it anywhere, or by a subject in the title (猪不长膘);
    // a subject in passing (羊圈沟村's 羊圈 beside 自来水冻住了) names nothing asked.
    for (const c of hits.direct) if (conceptCategory[c] === ticked && (lexicon!.kindOf[c] !== KIND_SUBJECT || hits.lead.includes(c))) return NONE;
    perCategory.fill(0);
    for (const c of hits.concepts) if (conceptCategory[c] !== ticked) perCategory[conceptCategory[c]]++;
    // A service the title asks for counts as two: it is what the demand is about (睡不着觉心里发慌: 心理健康与精神卫生).
    for (const c of hits.lead) if (conceptCategory[c] !== ticked && lexicon!.kindOf[c] === KIND_SERVICE) perCategory[conceptCategory[c]] += 2;
    return new Set(CATEGORIES.filter((_, i) => perCategory[i] >= 2));
  };
  /** Whether a demand and an item share a lexicon concept of the item's category. */
  const shareConcept = (d: number, s: number) => {
    if (!demandHits) return false;
    const own = scannedConcepts(s);
    return demandHits[d].concepts.some((c) => lexicon!.concepts[c].category === supply[s].item.category && own.includes(c));
  };
  // Text relevance of every open demand with every item of its pools (county, then city), in thousandths: worked out
  // pool by pool, for all the demands of a township and category at once, from the items' postings (cosineUnits).
  const poolTextAt = new Int32Array(demands.length);
  const byPools = new Map<[number[], number[]], number[]>();
  let poolTexts = 0;
  demands.forEach((demand, d) => {
    if (disposition[d] !== OPEN) return;
    const pools = coveredPools(demand);
    const group = byPools.get(pools);
    if (group) group.push(d);
    else byPools.set(pools, [d]);
    poolTextAt[d] = poolTexts;
    poolTexts += pools[0].length + pools[1].length;
  });
  const poolText = new Int32Array(poolTexts);
  for (const [pools, group] of byPools) {
    const items = [...pools[0], ...pools[1]].map(supplyVector);
    cosineUnits(group.map(demandVector), group.map((d) => poolTextAt[d]), items, labels.length, poolText);
  }

  // What the precedents say of each demand's items: per supply item, the closest example that put
  // such a demand there (follow) and the closest that declined it (avoid), in thousandths.
  const precedentsByCategory = new Map<string, number[]>();
  precedents.forEach((p, i) => {
    const list = precedentsByCategory.get(p.category);
    if (list) list.push(i);
    else precedentsByCategory.set(p.category, [i]);
  });
  const departmentItems = new Map<string, number[]>();
  supply.forEach(({ item }, s) => {
    const key = `${item.departmentId}|${item.category}`;
    const list = departmentItems.get(key);
    if (list) list.push(s);
    else departmentItems.set(key, [s]);
  });
  const targetsOf = precedents.map((p) => {
    const s = p.supplyId ? supplyIndex.get(p.supplyId) : undefined;
    return s !== undefined ? [s] : (departmentItems.get(`${p.departmentId}|${p.category}`) ?? []);
  });
  const similarityUnits = Math.round(PRECEDENT_SIMILARITY * 1000);
  const effects = new Map<number, Map<number, PrecedentEffect>>();
  /** The precedents' effects for demand d. */
  const effectsOf = (d: number): Map<number, PrecedentEffect> | undefined => {
    if (!precedents.length) return undefined;
    let found = effects.get(d);
    if (found) return found;
    found = new Map();
    for (const p of precedentsByCategory.get(demands[d].category) ?? []) {
      const v = vectors[firstPrecedent + p];
      const similarity = Math.round(1000 * cosine(demandVector(d), v));
      if (similarity < similarityUnits) continue;
      const { kind } = precedents[p];
      for (const s of targetsOf[p]) {
        let e = found.get(s);
        if (!e) found.set(s, (e = { follow: 0, avoid: 0, assigned: 0, satisfied: 0 }));
        if (kind === 'DECLINED') e.avoid = Math.max(e.avoid, similarity);
        else {
          e.follow = Math.max(e.follow, similarity);
          if (kind === 'ASSIGNED') e.assigned++;
          else e.satisfied++;
        }
      }
    }
    effects.set(d, found);
    return found;
  };
  /** Relevance after the precedents: at least the closest example that put such a demand here, and lowered by one that declined it. */
  const relevance = (e: PrecedentEffect | undefined, text: number) => (e ? Math.round(Math.max(text, e.follow) * (1 - e.avoid / 1000)) : text);

  // The hard rules in order, for explanations; relevance only for pairs that passed coverage and window.
  const check = (d: number, s: number, tier: number): CandidateCheck => {
    const demand = demands[d];
    const { item, remaining } = supply[s];
    if (!covers(s, demand.townshipId)) return { supply: s, tier, rule: 'NOT_COVERED' };
    if (!overlaps(demand.window, item.window)) return { supply: s, tier, rule: 'OUTSIDE_TIME_WINDOW' };
    const text = relevance(effectsOf(d)?.get(s), Math.round(1000 * cosine(demandVector(d), supplyVector(s))));
    if (declined[d]?.has(s)) return { supply: s, tier, rule: 'DECLINED', text };
    if (text < thresholdUnits && !(tier === TIER_COUNTY && text > 0 && givesCityNeed(d, s)) && !(byCatchAll[d] && catchAll[s])) return { supply: s, tier, rule: 'LOW_RELEVANCE', text };
    if (outmatched(d, s, tier, text)) return { supply: s, tier, rule: 'OUTMATCHED', text };
    if (remaining <= 0) return { supply: s, tier, rule: 'CAPACITY_EXHAUSTED', text };
    return { supply: s, tier, rule: null, text };
  };

  const pairStart = new Int32Array(demands.length + 1);
  const pairSupply: number[] = [];
  const pairTier: number[] = [];
  const pairScore: number[] = [];
  const pairText: number[] = [];
  const pairForm: number[] = [];
  /** 1 for a pair across categories (the item's category is not the ticked one). */
  const pairCross: number[] = [];
  const crossUnits = Math.round(CROSS_CATEGORY_THRESHOLD * 1000);
  /** Per demand, the best text relevance of a city item of its category that passes every rule but capacity (0 when none). */
  const bestCity = new Int32Array(demands.length);
  /** Scratch: one demand's candidates with room that pass every rule but OUTMATCHED (known only once all are seen). */
  const foundSupply = new Int32Array(supply.length);
  const foundTier = new Uint8Array(supply.length);
  const foundText = new Int32Array(supply.length);
  let foundCount = 0;
  /** Scratch: one demand's county items with room below the threshold that share something with it (see givesCityNeed). */
  const belowSupply = new Int32Array(supply.length);
  const belowText = new Int32Array(supply.length);
  let belowCount = 0;
  /** Per demand, the best county item with room that was OUTMATCHED, or -1, and its text relevance. */
  const outmatchedBy = new Int32Array(demands.length).fill(-1);
  const outmatchedText = new Int32Array(demands.length);
  /** Per demand, the category (index) the outmatched county item was of, when not the ticked one; else -1. */
  const outmatchedCategory = new Int32Array(demands.length).fill(-1);
  /** Per demand, that best city item (-1 when none). */
  const bestCityItem = new Int32Array(demands.length).fill(-1);
  /**
   * Whether a county item names every need the demand's own words and the best city item share (concepts of the ticked
   * category), each itself or by a broader one (云溪县院坝宣讲会's 理论宣讲 covers 党的全会精神; 畜禽养殖 covers 生猪饲养).
   * Then it does what the city item would, however much more the city item's words have in common with the demand's.
   */
  const coversCityNeeds = (d: number, county: number): boolean => {
    const city = bestCityItem[d];
    if (!demandHits || city === -1) return false;
    const cityHits = scannedConcepts(city);
    const countyDirect = own[county].hits!.direct;
    const category = demands[d].category;
    let needs = 0;
    for (const c of demandHits[d].direct) {
      if (lexicon!.concepts[c].category !== category || !cityHits.includes(c)) continue;
      needs++;
      let x = c;
      while (x !== -1 && !countyDirect.includes(x)) x = lexicon!.broaderOf[x];
      if (x === -1) return false;
    }
    return needs > 0;
  };
  /**
   * What a demand asks for: the services (concepts of the category, the ticked one unless said, of kind SERVICE) its title names, or,
   * when its title names none, its whole text (想在网上卖茶叶: 农村电商; 茶叶 is what it is about). Null when it names none.
   */
  const tickedNeeds: (number[] | null | undefined)[] = new Array(demands.length);
  const needsOf = (d: number, category: string = demands[d].category): number[] | null => {
    if (!demandHits) return null;
    if (category === demands[d].category) return tickedNeeds[d] !== undefined ? tickedNeeds[d]! : (tickedNeeds[d] = readNeeds(d, category));
    return readNeeds(d, category);
  };
  const readNeeds = (d: number, category: string): number[] | null => {
    const asked = (list: readonly number[]) => list.filter((c) => lexicon!.kindOf[c] === KIND_SERVICE && lexicon!.concepts[c].category === category);
    const fromTitle = asked(demandHits![d].lead);
    const needs = fromTitle.length ? fromTitle : asked(demandHits![d].direct);
    return needs.length ? needs : null;
  };
  /**
   * Whether an item names one of the needs, itself or a broader one up to the first subject (家禽疫病防控 → 家禽饲养, not
   * on to 畜禽养殖: a sheep item does not serve a sick hen); by a subject only when `bySubject`.
   */
  const servesNeed = (s: number, needs: readonly number[], bySubject = true): boolean => {
    const direct = own[s].hits!.direct;
    for (const c of needs) {
      for (let x = c; x !== -1; x = lexicon!.broaderOf[x]) {
        const subject = lexicon!.kindOf[x] === KIND_SUBJECT;
        if ((bySubject || !subject) && direct.includes(x)) return true;
        if (subject) break;
      }
    }
    return false;
  };
  /**
   * A county item that only shares what the demand is about (its crop) loses to the best city item when that one gives
   * the service asked for and the county item does not (茶园管理 for 想在网上卖茶叶, against 农村电商培训).
   */
  const missesNeed = (d: number, county: number): boolean => {
    const city = bestCityItem[d];
    if (city === -1) return false;
    const needs = needsOf(d);
    return needs !== null && servesNeed(city, needs) && !servesNeed(county, needs);
  };
  /**
   * Whether a county item gives what the demand asks for (a need, itself or by a broader service, not a subject), in a
   * form it asks for, as the best city item does: then its words may share little with the demand's (the county's
   * general 院坝宣讲会 for 三中全会讲了些啥), but the county can do it, and it is eligible below the relevance threshold.
   */
  const givesCityNeed = (d: number, county: number): boolean => {
    const city = bestCityItem[d];
    if (city === -1 || !formsMeet(d, county)) return false;
    const needs = needsOf(d);
    return needs !== null && servesNeed(city, needs) && servesNeed(county, needs, false);
  };
  /**
   * Catch-all items: their title names a GENERAL concept of their category (科技下乡综合服务: 科普与科技服务). They take a
   * demand of their category that names something of it no other item gives (rule of the last resort, below).
   */
  const catchAll = Uint8Array.from(supply, ({ item }, s) =>
    (lexicon && own[s].hits!.lead.some((c) => lexicon.kindOf[c] === KIND_GENERAL && lexicon.concepts[c].category === item.category) ? 1 : 0));
  /** Per demand, 1 when it went to the catch-all items. */
  const byCatchAll = new Uint8Array(demands.length);
  const namesTicked = (d: number) => demandHits![d].direct.some((c) => lexicon!.concepts[c].category === demands[d].category);
  const outmatched = (d: number, s: number, tier: number, text: number) =>
    tier === TIER_COUNTY && ((text < COUNTY_FIT_RATIO * bestCity[d] && !coversCityNeeds(d, s)) || missesNeed(d, s));
  const addPair = (d: number, s: number, tier: number, text: number, cross: number) => {
    const form = formsMeet(d, s) ? 1 : 0;
    pairSupply.push(s);
    pairTier.push(tier);
    pairText.push(text);
    pairForm.push(form);
    pairCross.push(cross);
    pairScore.push(Math.round(TEXT_WEIGHT * text + FORM_WEIGHT * 1000 * form));
  };
  // Windows as the ranks of their dates among all the problem's (the same order as comparing the dates), -1 for none;
  // and each item's room: read per candidate pair without following an object per item.
  const dates = new Set<string>();
  for (const { window } of [...problem.supplyItems, ...demands]) if (window) dates.add(window.start).add(window.end);
  const rank = new Map([...dates].sort().map((date, i) => [date, i]));
  const windowOf = (items: readonly { window?: Window | null }[]) => {
    const from = new Int32Array(items.length).fill(-1);
    const to = new Int32Array(items.length).fill(-1);
    items.forEach(({ window }, i) => {
      if (window) {
        from[i] = rank.get(window.start)!;
        to[i] = rank.get(window.end)!;
      }
    });
    return { from, to };
  };
  const supplyWindow = windowOf(supply.map((x) => x.item));
  const demandWindow = windowOf(demands);
  const withinWindow = (d: number, s: number) => {
    const start = demandWindow.from[d];
    const from = supplyWindow.from[s];
    return start === -1 || from === -1 || (start <= supplyWindow.to[s] && from <= demandWindow.to[d]);
  };
  const room = Int32Array.from(supply, (x) => x.remaining);
  for (let d = 0; d < demands.length; d++) {
    pairStart[d] = pairSupply.length;
    if (disposition[d] !== OPEN) continue;
    // The same rules as check(), on the covered candidates.
    const demand = demands[d];
    const pools = coveredPools(demand);
    const effect = effectsOf(d);
    foundCount = 0;
    belowCount = 0;
    for (let tier = 0, k = poolTextAt[d]; tier < 2; tier++) {
      for (const s of pools[tier]) {
        const fit = poolText[k++];
        if (!withinWindow(d, s)) continue;
        if (declined[d]?.has(s)) continue;
        const text = relevance(effect?.get(s), fit);
        if (text < thresholdUnits) {
          if (tier === TIER_COUNTY && text > 0 && room[s] > 0 && demandHits) {
            belowSupply[belowCount] = s;
            belowText[belowCount++] = text;
          }
          continue;
        }
        // A full city item still says what the demand is about (and keeps a re-run with more pinned the same).
        if (tier === TIER_CITY && text > bestCity[d]) {
          bestCity[d] = text;
          bestCityItem[d] = s;
        }
        if (room[s] > 0) {
          foundSupply[foundCount] = s;
          foundTier[foundCount] = tier;
          foundText[foundCount++] = text;
        }
      }
    }
    for (let b = 0; b < belowCount; b++) {
      if (!givesCityNeed(d, belowSupply[b])) continue;
      foundSupply[foundCount] = belowSupply[b];
      foundTier[foundCount] = TIER_COUNTY;
      foundText[foundCount++] = belowText[b];
    }
    for (let f = 0; f < foundCount; f++) {
      const s = foundSupply[f];
      const tier = foundTier[f];
      const text = foundText[f];
      if (!outmatched(d, s, tier, text)) addPair(d, s, tier, text, 0);
      else if (outmatchedBy[d] === -1 || text > outmatchedText[d]) {
        outmatchedBy[d] = s;
        outmatchedText[d] = text;
      }
    }
    // Nothing of the ticked category fits: an item of another category the demand's words signal, when it plainly fits
    // (a concept of that category shared, and relevance well above the threshold), never on a weak match. When the
    // words signal no concept of the ticked category but two or more of another's, they contradict the tick: that
    // category's items compete with the ticked one's, held to the ordinary threshold (鸡一只接一只地死 ticked 送健康:
    // 家禽疫病防控, 家禽饲养, 畜禽养殖, none of 送健康's; 低保咋申请 ticked 送温暖: 最低生活保障, 社会救助政策).
    const contradicted = tickContradicted(d);
    const ticked = pairSupply.length > pairStart[d];
    if (ticked && contradicted.size === 0) continue;
    for (const category of CATEGORIES) {
      const shadow = shadowOf.get(`${d}|${category}`);
      if (shadow === undefined || (ticked && !contradicted.has(category))) continue;
      const pools = coveredPools(demand, category);
      const fits: { s: number; tier: number; text: number }[] = [];
      let bestCityFit = -1;
      for (let tier = 0; tier < 2; tier++) {
        for (const s of pools[tier]) {
          if (!withinWindow(d, s)) continue;
          if (room[s] <= 0 || declined[d]?.has(s) || !shareConcept(d, s)) continue;
          const text = Math.round(1000 * cosine(vectors[shadow], supplyVector(s)));
          if (text < (contradicted.has(category) ? thresholdUnits : crossUnits)) continue;
          fits.push({ s, tier, text });
          if (tier === TIER_CITY && (bestCityFit === -1 || text > fits[bestCityFit].text)) bestCityFit = fits.length - 1;
        }
      }
      // The county's items first here too, unless one only shares the subject and the best city item gives the service.
      const needs = bestCityFit === -1 ? null : needsOf(d, category);
      const cityServes = needs !== null && servesNeed(fits[bestCityFit].s, needs);
      for (const { s, tier, text } of fits) {
        if (!(cityServes && tier === TIER_COUNTY && !servesNeed(s, needs!))) addPair(d, s, tier, text, 1);
        else if (outmatchedBy[d] === -1 || text > outmatchedText[d]) {
          outmatchedBy[d] = s;
          outmatchedText[d] = text;
          outmatchedCategory[d] = CATEGORY_INDEX.get(category)!;
        }
      }
    }
    // Still nothing, and the demand names something of its ticked category (老茶园荒了想管起来: 茶叶生产) that no item
    // there gives: the category's catch-all items (科技下乡综合服务) take it, whatever their words share with it.
    if (pairSupply.length > pairStart[d] || !demandHits || !namesTicked(d)) continue;
    for (let tier = 0; tier < 2; tier++) {
      for (const s of pools[tier]) {
        if (!catchAll[s] || room[s] <= 0 || !withinWindow(d, s) || declined[d]?.has(s)) continue;
        byCatchAll[d] = 1;
        addPair(d, s, tier, relevance(effect?.get(s), Math.round(1000 * cosine(demandVector(d), supplyVector(s)))), 0);
      }
    }
  }
  pairStart[demands.length] = pairSupply.length;

  return {
    problem, supply, supplyIndex, demands, disposition, pairStart,
    pairSupply: Int32Array.from(pairSupply),
    pairTier: Uint8Array.from(pairTier),
    pairScore: Int32Array.from(pairScore),
    pairText: Int32Array.from(pairText),
    pairForm: Uint8Array.from(pairForm),
    pairCross: Uint8Array.from(pairCross),
    threshold,
    outmatched(d) {
      const s = outmatchedBy[d];
      if (s === -1) return null;
      const category = outmatchedCategory[d] === -1 ? demands[d].category : CATEGORIES[outmatchedCategory[d]];
      const needs = outmatchedCategory[d] !== -1 || missesNeed(d, s) ? needsOf(d, category) : null;
      return { supply: s, text: outmatchedText[d], missing: needs && needs.map((c) => lexicon!.concepts[c].name) };
    },
    byCatchAll: (d) => byCatchAll[d] === 1,
    demandConcepts: (d) => (demandHits ? demandHits[d].direct.filter((c) => lexicon!.concepts[c].category === demands[d].category).map((c) => lexicon!.concepts[c].name) : []),
    needsGiven(d, s) {
      const needs = needsOf(d, supply[s].item.category) ?? [];
      const direct = own[s].hits?.direct ?? [];
      const given: string[] = [];
      const under = (c: number) => needs.some((n) => { for (let x = lexicon!.broaderOf[n]; x !== -1; x = lexicon!.broaderOf[x]) if (x === c) return true; return false; });
      for (const c of needs) {
        if (under(c)) continue; // 理论宣讲 beside 党的全会精神（属理论宣讲）
        for (let x = c; x !== -1 && lexicon!.kindOf[x] !== KIND_SUBJECT; x = lexicon!.broaderOf[x]) {
          if (!direct.includes(x)) continue;
          given.push(x === c ? lexicon!.concepts[c].name : `${lexicon!.concepts[c].name}（属${lexicon!.concepts[x].name}）`);
          break;
        }
      }
      return given;
    },
    verdicts(d) {
      const pools = poolsOf(demands[d]);
      if (pools[0].length === 0 && pools[1].length === 0) {
        // Nothing in reach: the category's items elsewhere (other counties' departments), none of them serving here.
        const elsewhere: CandidateCheck[] = [];
        supply.forEach(({ item, department }, s) => {
          if (item.category === demands[d].category) elsewhere.push({ supply: s, tier: department.level === 'COUNTY' ? TIER_COUNTY : TIER_CITY, rule: 'NOT_COVERED' });
        });
        return elsewhere;
      }
      return [...pools[0].map((s) => check(d, s, TIER_COUNTY)), ...pools[1].map((s) => check(d, s, TIER_CITY))];
    },
    parts(d, s) {
      const cross = supply[s].item.category !== demands[d].category;
      const e = cross ? undefined : effectsOf(d)?.get(s);
      const v = demandVectorFor(d, s);
      const text = relevance(e, Math.round(1000 * cosine(v, supplyVector(s))));
      return {
        text: text / 1000,
        form: formsMeet(d, s) ? 1 : 0,
        matchedTerms: topSharedTerms(v, supplyVector(s), labels, kinds, TERM_WORD),
        concepts: topSharedTerms(v, supplyVector(s), labels, kinds, TERM_CONCEPT),
        precedents: e && e.follow > 0 ? { assigned: e.assigned, satisfied: e.satisfied, similarity: e.follow / 1000 } : null,
      };
    },
  };
}
