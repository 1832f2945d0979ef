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
const WORDISH = /^[\p{Script=Han}\p{L}\p{N}]+$/u;
const DIGITS = /^\p{N}+$/u;

let segmenter: Jieba | undefined;
function jieba(): Jieba {
  segmenter ??= Jieba.withDict(dict);
  return segmenter;
}

/** Marks every character that lies inside an occurrence of a generic word. */
function genericMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (const word of GENERIC_WORDS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) mask.fill(1, at, at + word.length);
  }
  return mask;
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

/** The terms of one text, in order of appearance (repeats kept: they are the term frequency). */
export function terms(raw: string): Term[] {
  const text = raw.normalize('NFKC').toLowerCase();
  const mask = genericMask(text);
  const out: Term[] = [];
  let offset = 0;
  for (const word of jieba().cut(text, true)) {
    const from = offset;
    offset += word.length;
    // Single characters are left to the bigrams; punctuation and bare numbers say nothing.
    if (word.length < 2 || !WORDISH.test(word) || DIGITS.test(word)) continue;
    out.push({ key: 'w:' + word, generic: allMarked(mask, from, offset) });
  }
  for (let i = 0; i + 1 < text.length; i++) {
    // Han characters of the Basic Multilingual Plane; the rare ones beyond it do not form bigrams.
    if (isHan(text.charCodeAt(i)) && isHan(text.charCodeAt(i + 1))) out.push({ key: 'b:' + text.slice(i, i + 2), generic: mask[i] === 1 && mask[i + 1] === 1 });
  }
  return out;
}

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/** A unit-length sparse vector: term ids ascending, with their weights. */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * Builds the vectors of a set of documents, with term rarity measured over those documents.
 * The vocabulary's labels come back too, to name the terms that carried a match.
 */
export function vectorize(documents: readonly string[]): { vectors: TermVector[]; labels: string[] } {
  const vocabulary = new Map<string, number>();
  const labels: string[] = [];
  const docTerms: Map<number, { tf: number; generic: boolean }>[] = [];
  for (const document of documents) {
    const bag = new Map<number, { tf: number; generic: boolean }>();
    for (const term of terms(document)) {
      let id = vocabulary.get(term.key);
      if (id === undefined) {
        id = labels.length;
        vocabulary.set(term.key, id);
        labels.push(term.key.slice(2));
      }
      const seen = bag.get(id);
      if (seen) {
        seen.tf += 1;
        seen.generic &&= term.generic;
      } else bag.set(id, { tf: 1, generic: term.generic });
    }
    docTerms.push(bag);
  }
  const df = new Float64Array(labels.length);
  for (const bag of docTerms) for (const id of bag.keys()) df[id] += 1;
  const n = documents.length;
  const vectors = docTerms.map((bag) => {
    const ids = Int32Array.from([...bag.keys()].sort((a, b) => a - b));
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const { tf, generic } = bag.get(ids[i])!;
      const idf = Math.log(1 + (n - df[ids[i]] + 0.5) / (df[ids[i]] + 0.5));
      const w = (1 + Math.log(tf)) * idf * (generic ? GENERIC_WEIGHT : 1);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { ids, weights };
  });
  return { vectors, labels };
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

/** The shared terms that contributed most to a cosine, heaviest first (ties by label). */
export function topSharedTerms(a: TermVector, b: TermVector, labels: readonly string[], limit = 5): string[] {
  const shared: { label: string; weight: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) shared.push({ label: labels[x], weight: a.weights[i++] * b.weights[j++] });
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
