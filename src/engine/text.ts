import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/**
 * Text relevance for Chinese service texts.
 *
 * A text becomes a bag of terms: the words of a dictionary segmentation (jieba) and the character
 * bigrams of every run of Han characters, so that 义诊, 滞销 or 大棚 meet even where the
 * segmenter cuts two texts differently. Each term is weighted by how rare it is in the whole
 * problem (BM25's idf) times a dampened term frequency; words that nearly every service text
 * shares (GENERIC_WORDS) weigh a tenth. Relevance is the cosine of two such vectors, 0..1.
 * Both steps are linear in the length of the text.
 */

/** Words nearly every demand and supply text contains; they say nothing about fit. */
export const GENERIC_WORDS = [
  '技术', '服务', '指导', '培训', '希望', '村民', '群众', '农民', '牧民', '农牧民', '开展', '需要', '需求', '提供',
  '组织', '活动', '问题', '帮助', '解决', '进行', '专家', '知识', '工作', '相关', '宣传', '讲解', '上门', '入户',
  '嘎查', '村里', '村民们', '全村', '本村', '群众们', '咨询', '讲座', '现场', '免费', '希望能', '邀请', '学习',
  // what every farming item says, whatever it grows or raises
  '种植', '养殖', '防治', '栽培', '农业', '农牧业',
  // what every policy and theory item says
  '政策', '宣讲', '讲解', '解读',
] as const;

const GENERIC_WEIGHT = 0.1;
/**
 * A lexicon concept shared by two texts counts this many times a word of the same rarity: the
 * concept says what both are about (鸡一只接一只地死 and 家禽疫病防控 share no word).
 */
export const CONCEPT_WEIGHT = 3;

/** What a term of the vocabulary is: a word of the segmentation, a character bigram, or a lexicon concept. */
export const TERM_WORD = 0;
export const TERM_BIGRAM = 1;
export const TERM_CONCEPT = 2;
/**
 * Documents assumed besides the given ones, none holding the term: with only a handful of texts
 * (a small hand-written problem) a shared word must not look common merely because there are
 * few texts; with thousands this changes nothing.
 */
const BACKGROUND = 20;

let segmenter: Jieba | undefined;
function jieba(): Jieba {
  segmenter ??= Jieba.withDict(dict);
  return segmenter;
}

/** Generic words by their first character, for a single pass over a text. */
const GENERIC_BY_FIRST = new Map<number, string[]>();
for (const word of GENERIC_WORDS) {
  const list = GENERIC_BY_FIRST.get(word.charCodeAt(0));
  if (list) list.push(word);
  else GENERIC_BY_FIRST.set(word.charCodeAt(0), [word]);
}

/** Marks every character that lies inside an occurrence of a generic word. */
function genericMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const candidates = GENERIC_BY_FIRST.get(text.charCodeAt(i));
    if (!candidates) continue;
    for (const word of candidates) if (text.startsWith(word, i)) mask.fill(1, i, i + word.length);
  }
  return mask;
}

/** A word worth keeping: letters, digits or Han characters only, and not digits only. */
function wordish(word: string): boolean {
  let letters = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    if ((c >= 0x61 && c <= 0x7a) || isHan(c) || c >= 0xac00) letters = true;
    else return false;
  }
  return letters;
}

function allMarked(mask: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!mask[i]) return false;
  return true;
}

export interface Term {
  /** 'w:' + word or 'b:' + bigram, so that a word and the same two characters as a bigram stay two terms. */
  key: string;
  generic: boolean;
}

/**
 * Calls visit for every term of a text, in order of appearance (repeats are the term frequency):
 * words as strings, bigrams as a number (hanPair), which saves building a string.
 */
function eachTerm(raw: string, visit: (word: string | null, bigram: number, generic: boolean) => void): void {
  const text = raw.normalize('NFKC').toLowerCase();
  const mask = genericMask(text);
  let offset = 0;
  for (const word of jieba().cut(text, true)) {
    const from = offset;
    offset += word.length;
    // Single characters are left to the bigrams; punctuation and bare numbers say nothing.
    if (word.length < 2 || !wordish(word)) continue;
    visit(word, 0, allMarked(mask, from, offset));
  }
  for (let i = 0; i + 1 < text.length; i++) {
    // Han characters of the Basic Multilingual Plane; the rare ones beyond it do not form bigrams.
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (isHan(a) && isHan(b)) visit(null, hanPair(a, b), mask[i] === 1 && mask[i + 1] === 1);
  }
}

/**
 * A text's terms as Vocabulary.count needs them, in order of appearance: words as strings, bigrams
 * as numbers, and whether each lay inside generic words. Counting these gives the same as counting
 * the text, without segmenting it again.
 */
export interface TextTerms {
  readonly terms: readonly (string | number)[];
  readonly generic: Uint8Array;
}

export function readTerms(raw: string): TextTerms {
  const found: (string | number)[] = [];
  const generic: number[] = [];
  eachTerm(raw, (word, bigram, inGeneric) => {
    found.push(word ?? bigram);
    generic.push(inGeneric ? 1 : 0);
  });
  return { terms: found, generic: Uint8Array.from(generic) };
}

/** The terms of one text, in order of appearance (repeats kept: they are the term frequency). */
export function terms(raw: string): Term[] {
  const out: Term[] = [];
  eachTerm(raw, (word, bigram, generic) => {
    out.push({ key: word !== null ? 'w:' + word : 'b:' + pairText(bigram), generic });
  });
  return out;
}

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/**
 * Two Han characters as one number below 2^30 (a small integer to V8, which hashes it fast): each
 * character's place in the three Han blocks isHan accepts (28,096 places, under 2^15).
 */
function hanPair(a: number, b: number): number {
  return (hanPlace(a) << 15) | hanPlace(b);
}

function hanPlace(code: number): number {
  return code >= 0x4e00 && code <= 0x9fff ? code - 0x4e00 : code <= 0x4dbf ? 0x5200 + code - 0x3400 : 0x5200 + 0x19c0 + code - 0xf900;
}

function hanOfPlace(place: number): number {
  return place < 0x5200 ? 0x4e00 + place : place < 0x5200 + 0x19c0 ? 0x3400 + place - 0x5200 : 0xf900 + place - 0x5200 - 0x19c0;
}

/** The two characters of a hanPair. */
function pairText(pair: number): string {
  return String.fromCharCode(hanOfPlace(pair >>> 15), hanOfPlace(pair & 0x7fff));
}

/**
 * Blanks out every occurrence of the given place names (茶坪村, 羊圈沟村, 桃园村) in a text: where a
 * demand is comes from its township and the items' coverage, and a village's name must not read as
 * what it asks for (tea, sheep, peaches). Only whole names are blanked, longest first; each
 * character becomes '·', so clauses and the words around stay as they were.
 */
export function placeMasker(names: readonly string[]): (text: string) => string {
  const byPair = new Map<number, string[]>();
  for (const name of [...new Set(names.map((n) => n.normalize('NFKC').toLowerCase()))].filter((n) => n.length >= 2).sort((a, b) => b.length - a.length)) {
    const key = (name.charCodeAt(0) << 16) | name.charCodeAt(1);
    const list = byPair.get(key);
    if (list) list.push(name);
    else byPair.set(key, [name]);
  }
  if (byPair.size === 0) return (text) => text;
  return (raw) => {
    const text = raw.normalize('NFKC').toLowerCase();
    let out: string | null = null;
    for (let i = 0; i + 1 < text.length; i++) {
      const list = byPair.get((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1));
      if (!list) continue;
      const name = list.find((n) => text.startsWith(n, i));
      if (!name) continue;
      out = (out ?? text).slice(0, i) + '·'.repeat(name.length) + (out ?? text).slice(i + name.length);
      i += name.length - 1;
    }
    return out ?? text;
  };
}

/** A unit-length sparse vector: term ids ascending, with their weights. */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** One document's terms before weighting: term ids ascending, their counts, and whether each occurred only inside generic words. */
export interface TermCounts {
  ids: Int32Array;
  tf: Float64Array;
  generic: Uint8Array;
}

/**
 * The terms of a problem's texts: each distinct word, bigram and lexicon concept gets one id, and
 * each text is counted once (count()), whatever categories it is then weighed in (weigh()).
 * The labels and kinds name the terms that carried a match.
 */
export class Vocabulary {
  readonly labels: string[] = [];
  private readonly kindList: number[] = [];
  private readonly words = new Map<string, number>();
  private readonly bigrams = new Map<number, number>();
  private readonly conceptIds = new Map<number, number>();
  // Per text, counts go into scratch arrays indexed by term id, reset through `touched`.
  private tf = new Float64Array(1024);
  private allGeneric = new Uint8Array(1024);
  private readonly touched: number[] = [];

  constructor(private readonly conceptNames: readonly string[] = []) {}

  /** What each term is (TERM_WORD, TERM_BIGRAM, TERM_CONCEPT), by id. */
  kinds(): Uint8Array {
    return Uint8Array.from(this.kindList);
  }

  private add(label: string, kind: number): number {
    const id = this.labels.length;
    this.labels.push(label);
    this.kindList.push(kind);
    if (id >= this.tf.length) {
      const tf = new Float64Array(this.tf.length * 2);
      tf.set(this.tf);
      this.tf = tf;
      const mask = new Uint8Array(this.allGeneric.length * 2);
      mask.set(this.allGeneric);
      this.allGeneric = mask;
    }
    return id;
  }

  /** The terms of one text (or of its readTerms), with the lexicon concepts (indexes into conceptNames) it signals. */
  count(text: string | TextTerms, concepts: readonly number[] = []): TermCounts {
    const { touched } = this;
    for (const concept of concepts) {
      let id = this.conceptIds.get(concept);
      if (id === undefined) this.conceptIds.set(concept, (id = this.add(this.conceptNames[concept], TERM_CONCEPT)));
      if (this.tf[id] === 0) {
        touched.push(id);
        this.allGeneric[id] = 0;
      }
      this.tf[id] += 1;
    }
    const read = typeof text === 'string' ? readTerms(text) : text;
    for (let t = 0; t < read.terms.length; t++) {
      const term = read.terms[t];
      const generic = read.generic[t] === 1;
      let id = typeof term === 'string' ? this.words.get(term) : this.bigrams.get(term);
      if (id === undefined) {
        if (typeof term === 'string') this.words.set(term, (id = this.add(term, TERM_WORD)));
        else this.bigrams.set(term, (id = this.add(pairText(term), TERM_BIGRAM)));
      }
      if (this.tf[id] === 0) {
        touched.push(id);
        this.allGeneric[id] = generic ? 1 : 0;
      } else if (!generic) this.allGeneric[id] = 0;
      this.tf[id] += 1;
    }
    // A text has a few dozen terms: an insertion sort beats a typed array's sort at that size.
    for (let i = 1; i < touched.length; i++) {
      const id = touched[i];
      let j = i - 1;
      for (; j >= 0 && touched[j] > id; j--) touched[j + 1] = touched[j];
      touched[j + 1] = id;
    }
    const ids = Int32Array.from(touched);
    const counts = new Float64Array(ids.length);
    const generic = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      counts[i] = this.tf[ids[i]];
      generic[i] = this.allGeneric[ids[i]];
      this.tf[ids[i]] = 0;
    }
    touched.length = 0;
    return { ids, tf: counts, generic };
  }
}

/**
 * Weighs a set of counted documents into unit vectors, with term rarity measured over those
 * documents: documents from index rarityFrom on (precedents, a demand seen in another category)
 * are weighed by the others' rarities and leave them as they are.
 */
export function weigh(vocabulary: Vocabulary, docs: readonly TermCounts[], rarityFrom = docs.length, kinds = vocabulary.kinds()): TermVector[] {
  const df = new Float64Array(vocabulary.labels.length);
  for (let d = 0; d < rarityFrom; d++) for (const id of docs[d].ids) df[id] += 1;
  const n = rarityFrom;
  // Each term's rarity, worked out the first time a document holds it (NaN until then).
  const idfOf = new Float64Array(df.length).fill(NaN);
  return docs.map(({ ids, tf: counts, generic }) => {
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      let idf = idfOf[ids[i]];
      if (idf !== idf) {
        const f = df[ids[i]];
        idf = idfOf[ids[i]] = Math.log(1 + (n + BACKGROUND - f + 0.5) / (f + 0.5));
      }
      const tf = counts[i] === 1 ? 1 : 1 + Math.log(counts[i]);
      const w = tf * idf * (generic[i] ? GENERIC_WEIGHT : kinds[ids[i]] === TERM_CONCEPT ? CONCEPT_WEIGHT : 1);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { ids, weights };
  });
}

/** Counts and weighs a set of texts in one vocabulary (with their concepts, when given): see Vocabulary and weigh(). */
export function vectorize(
  documents: readonly string[],
  concepts?: { of: readonly (readonly number[])[]; names: readonly string[] },
  rarityFrom = documents.length,
): { vectors: TermVector[]; labels: string[]; kinds: Uint8Array } {
  const vocabulary = new Vocabulary(concepts?.names);
  const counted = documents.map((text, i) => vocabulary.count(text, concepts?.of[i]));
  const kinds = vocabulary.kinds();
  return { vectors: weigh(vocabulary, counted, rarityFrom, kinds), labels: vocabulary.labels, kinds };
}

/** Cosine of two unit vectors (a merge of their sorted term ids). */
export function cosine(a: TermVector, b: TermVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) sum += a.weights[i++] * b.weights[j++];
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * Each query's cosine with each item, in thousandths (Math.round(1000 × cosine)), written to `out`:
 * query r's with item i at rowAt[r] + i. The items' postings (term → the items holding it) are
 * built once, so that each query visits only the terms it shares with them; each sum adds the
 * same products in the same order (ascending term id) as cosine(), so every figure is the same to
 * the last bit. `vocabularySize` bounds the term ids. For a few queries the postings would not pay
 * for themselves: each query is spread over a dense array instead and each item read against it
 * (the same sums again, a product with a term the query lacks adding exactly nothing).
 */
export function cosineUnits(queries: readonly TermVector[], rowAt: readonly number[], items: readonly TermVector[], vocabularySize: number, out: Int32Array): void {
  const scratch = postingScratch(vocabularySize);
  if (queries.length < POSTINGS_FROM) {
    const { dense } = scratch;
    queries.forEach((q, r) => {
      for (let k = 0; k < q.ids.length; k++) dense[q.ids[k]] = q.weights[k];
      const at = rowAt[r];
      items.forEach(({ ids, weights }, i) => {
        let sum = 0;
        for (let k = 0; k < ids.length; k++) sum += dense[ids[k]] * weights[k];
        out[at + i] = Math.round(1000 * sum);
      });
      for (let k = 0; k < q.ids.length; k++) dense[q.ids[k]] = 0;
    });
    return;
  }
  let entries = 0;
  for (const v of items) entries += v.ids.length;
  if (scratch.next.length < entries) {
    scratch.next = new Int32Array(2 * entries);
    scratch.item = new Int32Array(2 * entries);
    scratch.weight = new Float64Array(2 * entries);
  }
  if (scratch.sum.length < items.length) scratch.sum = new Float64Array(2 * items.length);
  const { head, next, item, weight, sum } = scratch;
  let e = 0;
  items.forEach((v, i) => {
    for (let k = 0; k < v.ids.length; k++, e++) {
      item[e] = i;
      weight[e] = v.weights[k];
      next[e] = head[v.ids[k]];
      head[v.ids[k]] = e;
    }
  });
  queries.forEach((q, r) => {
    for (let k = 0; k < q.ids.length; k++) {
      const w = q.weights[k];
      for (let p = head[q.ids[k]]; p !== -1; p = next[p]) sum[item[p]] += w * weight[p];
    }
    const at = rowAt[r];
    for (let i = 0; i < items.length; i++) {
      out[at + i] = Math.round(1000 * sum[i]);
      sum[i] = 0;
    }
  });
  for (const v of items) for (let k = 0; k < v.ids.length; k++) head[v.ids[k]] = -1;
}

/** From this many queries on, cosineUnits builds the items' postings (measured on the benchmark's city and province). */
const POSTINGS_FROM = 4;

/** cosineUnits' storage, reused from one call to the next (grown as needed; heads -1 and the dense array 0 between calls). */
let postings: { head: Int32Array; next: Int32Array; item: Int32Array; weight: Float64Array; sum: Float64Array; dense: Float64Array } | undefined;
function postingScratch(vocabularySize: number) {
  postings ??= { head: new Int32Array(0), next: new Int32Array(0), item: new Int32Array(0), weight: new Float64Array(0), sum: new Float64Array(0), dense: new Float64Array(0) };
  if (postings.head.length < vocabularySize) {
    postings.head = new Int32Array(2 * vocabularySize).fill(-1);
    postings.dense = new Float64Array(2 * vocabularySize);
  }
  return postings;
}

/**
 * The shared terms of the kind asked for (words a person recognises, or concepts; never the
 * bigram pieces) that contributed most to a cosine, heaviest first (ties by label).
 */
export function topSharedTerms(a: TermVector, b: TermVector, labels: readonly string[], kinds: Uint8Array, kind: number, limit = 5): string[] {
  const shared: { label: string; weight: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) {
      if (kinds[x] === kind) shared.push({ label: labels[x], weight: a.weights[i] * b.weights[j] });
      i++;
      j++;
    }
    else if (x < y) i++;
    else j++;
  }
  shared.sort((p, q) => q.weight - p.weight || (p.label < q.label ? -1 : p.label > q.label ? 1 : 0));
  const out: string[] = [];
  for (const { label } of shared) {
    if (!out.includes(label)) out.push(label);
    if (out.length === limit) break;
  }
  return out;
}
