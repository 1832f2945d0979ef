import type { Category } from './types';
import { CATEGORIES } from './types';

/**
 * The lexicon (词库): how people say what departments write, as data (lexicon/*.json, the schema
 * in schema/lexicon.schema.json), handed to the engine by whoever calls it. Two kinds of entries:
 *
 * - a synonym maps a colloquial, regional or abbreviated word to the standard term departments
 *   write (苞谷 → 玉米, 低保 → 最低生活保障): the standard form joins the text, beside the word;
 * - a concept (服务概念) of one category lists the terms that signal it, in a demand or in a supply
 *   item: a plain term is found as written; "鸡+死" when every part occurs within one clause (the
 *   text between two punctuation marks or spaces), in any order. Synonyms apply first, so a term
 *   written with the standard word also catches the colloquial one.
 *
 * A demand and an item that share a concept meet on it, whatever words each uses. Scanning a text
 * is one pass over its characters, looking up the pieces (terms and parts of terms) that start at
 * each by their first two characters.
 */

export interface LexiconSynonym {
  term: string;
  standard: string;
  region?: string | null;
}

export interface LexiconConcept {
  id: string;
  category: Category;
  name: string;
  terms: string[];
  /** A broader concept of the same category, which a text hitting this one hits too. */
  broader?: string | null;
  /**
   * What the concept names, for telling what a demand asks for (default SERVICE, a service asked for). SUBJECT: what a
   * text is about and its production (一种作物、一种畜禽): a demand asking a service about it (想在网上卖茶叶: 农村电商,
   * about 茶叶) is served by an item of that service, not by one that only shares the subject (茶园管理). GENERAL: a
   * catch-all (农业实用技术推广): every item of its category gives it, so it never tells one item from another.
   */
  kind?: ConceptKind | null;
}

export const CONCEPT_KINDS = ['SERVICE', 'SUBJECT', 'GENERAL'] as const;
export const KIND_SERVICE = 0;
export const KIND_SUBJECT = 1;
export const KIND_GENERAL = 2;
export type ConceptKind = (typeof CONCEPT_KINDS)[number];

export interface Lexicon {
  synonyms: LexiconSynonym[];
  concepts: LexiconConcept[];
}

/** What the lexicon found in one text. */
export interface LexiconHits {
  /** The standard forms of the synonyms found, to add to the text (each once, in order of appearance). */
  standards: string[];
  /** Concept indexes hit, broader ones included, ascending. */
  concepts: number[];
  /** Those the text's own words hit (not only as a broader concept of another), ascending. */
  direct: number[];
  /** Those of `direct` hit in the text's first line (a demand's title: what it asks for), ascending. */
  lead: number[];
  /** The synonyms found, as "苞谷→玉米". */
  synonyms: string[];
}

export interface CompiledLexicon {
  concepts: readonly LexiconConcept[];
  /** Per concept (by index), the index of its broader concept, or -1. */
  broaderOf: readonly number[];
  /** Per concept (by index), its kind as the index of CONCEPT_KINDS (0 SERVICE, the default; 1 SUBJECT; 2 GENERAL). */
  kindOf: Uint8Array;
  scan(text: string): LexiconHits;
}

/** Goes before each standard form added to a clause: not a letter, so no term can run across it, and not a clause end. */
const STANDARD_MARK = '\u0001';

/** Where a clause ends: punctuation, spaces and line breaks, Chinese and Western (a table over the BMP, read per character). */
const CLAUSE_END = new Uint8Array(0x10000);
// Not 、: it lists things within one clause (诊治猪、牛、羊常见疫病 says 牛 and 疫病 together).
for (const c of ' \t\n\r\f\v\u00a0\u3000，。！？；：,.!?;:（）()【】[]「」“”"\'‘’…—-~～/|') CLAUSE_END[c.charCodeAt(0)] = 1;

interface PieceIndex {
  /** Per first character (a BMP code unit), the slot of its pieces of two or more characters, or -1. */
  firstSlot: Int32Array;
  /** Per slot, those pieces by their second character (longest first when they were given so). */
  bySecond: Map<number, number[]>[];
  /** Per character, the piece that is that character alone, or -1. */
  single: Int32Array;
  pieces: string[];
}

function indexPieces(pieces: string[]): PieceIndex {
  const firstSlot = new Int32Array(0x10000).fill(-1);
  const bySecond: Map<number, number[]>[] = [];
  const single = new Int32Array(0x10000).fill(-1);
  pieces.forEach((piece, i) => {
    const first = piece.charCodeAt(0);
    if (piece.length === 1) single[first] = i;
    else {
      if (firstSlot[first] === -1) {
        firstSlot[first] = bySecond.length;
        bySecond.push(new Map());
      }
      const seconds = bySecond[firstSlot[first]];
      const list = seconds.get(piece.charCodeAt(1));
      if (list) list.push(i);
      else seconds.set(piece.charCodeAt(1), [i]);
    }
  });
  return { firstSlot, bySecond, single, pieces };
}

/** Calls found(piece, position) for every piece occurring in the text. */
function eachPiece(index: PieceIndex, text: string, found: (piece: number, at: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Longer pieces first: a list holds its pieces longest first when they were given so.
    const slot = index.firstSlot[c];
    if (slot !== -1 && i + 1 < text.length) {
      const list = index.bySecond[slot].get(text.charCodeAt(i + 1));
      if (list) for (const p of list) if (text.startsWith(index.pieces[p], i)) found(p, i);
    }
    const one = index.single[c];
    if (one !== -1) found(one, i);
  }
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

/** The lexicon made ready to scan texts; the same object gives the same compiled lexicon. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const cached = compiled.get(lexicon);
  if (cached) return cached;
  // Synonyms: the longest term wins where two start at the same place.
  const synonymPieces = [...new Set(lexicon.synonyms.map((s) => normalize(s.term)))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const standardOf = new Map<string, { standard: string; term: string }>();
  for (const s of lexicon.synonyms) if (!standardOf.has(normalize(s.term))) standardOf.set(normalize(s.term), { standard: normalize(s.standard), term: s.term });
  const synonymIndex = indexPieces(synonymPieces);

  // Concepts, sorted by id so that indexes (and every tie) are deterministic.
  const concepts = [...lexicon.concepts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const conceptIndex = new Map(concepts.map((c, i) => [c.id, i]));
  const pieces: string[] = [];
  const pieceId = new Map<string, number>();
  const piece = (text: string) => {
    let id = pieceId.get(text);
    if (id === undefined) {
      id = pieces.length;
      pieces.push(text);
      pieceId.set(text, id);
    }
    return id;
  };
  /** Each term as the pieces that must all occur in one clause, and its concept. */
  const terms: { parts: number[]; concept: number }[] = [];
  concepts.forEach((c, i) => {
    for (const term of c.terms) {
      const parts = normalize(term).split('+').map((p) => p.trim()).filter(Boolean);
      if (parts.length) terms.push({ parts: [...new Set(parts.map(piece))], concept: i });
    }
  });
  // A one-part term hits as soon as its piece is found; the others need all their parts in one clause, and are tried
  // from their first part as the clause it was found in ends.
  const directOf: number[][] = pieces.map(() => []);
  const multiFrom: number[][] = pieces.map(() => []);
  const partOfMulti = new Uint8Array(pieces.length);
  terms.forEach((t, i) => {
    if (t.parts.length === 1) directOf[t.parts[0]].push(t.concept);
    else {
      multiFrom[t.parts[0]].push(i);
      for (const p of t.parts) partOfMulti[p] = 1;
    }
  });
  const pieceIndex = indexPieces(pieces);
  const broaderOf = concepts.map((c) => (c.broader ? (conceptIndex.get(c.broader) ?? -1) : -1));
  const kindOf = Uint8Array.from(concepts, (c) => Math.max(0, CONCEPT_KINDS.indexOf(c.kind ?? 'SERVICE')));
  /**
   * Scratch, reset or renewed by each scan: the concepts hit; the clause of each character; and per piece, the stamp
   * of the last clause it occurred in (clauses are stamped with numbers never used before, so nothing needs clearing).
   */
  const hitMark = new Uint8Array(concepts.length);
  /** Per concept, 1 once hit in the first line (reset by each scan, as hitMark). */
  const leadMark = new Uint8Array(concepts.length);
  let clauseOf = new Int32Array(256);
  const clauseStamp = new Int32Array(pieces.length);
  let nextStamp = 1;
  /** First parts of many-part terms found in the current clause. */
  const pending: number[] = [];

  const result: CompiledLexicon = {
    concepts,
    broaderOf,
    kindOf,
    scan(raw) {
      let text = normalize(raw);
      // Synonyms: each standard form goes in at the end of the word's clause, after a mark no term holds, so a term's parts
      // stay in their clause and the words around the synonym stay whole (低保户 is still 低保户).
      const standards: string[] = [];
      const synonyms: string[] = [];
      const inserts: { at: number; text: string }[] = [];
      let coveredTo = -1;
      eachPiece(synonymIndex, text, (p, at) => {
        const term = synonymIndex.pieces[p];
        if (at < coveredTo) return; // inside a longer synonym found at an earlier start
        const { standard, term: written } = standardOf.get(term)!;
        coveredTo = at + term.length;
        let end = coveredTo;
        while (end < text.length && !CLAUSE_END[text.charCodeAt(end)]) end++;
        inserts.push({ at: end, text: STANDARD_MARK + standard });
        if (!standards.includes(standard)) standards.push(standard);
        const name = `${written}→${standard}`;
        if (!synonyms.includes(name)) synonyms.push(name);
      });
      for (let i = inserts.length - 1; i >= 0; i--) text = text.slice(0, inserts[i].at) + inserts[i].text + text.slice(inserts[i].at);

      // Concepts: a one-part term hits where it is found; a many-part term when all its parts occur in one clause,
      // checked as each clause ends (pieces are found in order of position) for the terms whose first part it holds.
      if (clauseOf.length < text.length) clauseOf = new Int32Array(2 * text.length);
      let clause = 0;
      for (let i = 0; i < text.length; i++) {
        if (CLAUSE_END[text.charCodeAt(i)]) clause++;
        clauseOf[i] = clause;
      }
      if (nextStamp + clause + 1 >= 0x3fffffff) {
        clauseStamp.fill(0);
        nextStamp = 1;
      }
      const base = nextStamp;
      nextStamp += clause + 1;
      // The first line's clauses: a line break ends a clause, so a clause lies wholly within one line.
      const firstBreak = text.indexOf('\n');
      const leadClauses = firstBreak === -1 ? clause + 1 : clauseOf[firstBreak];
      const hit: number[] = [];
      const lead: number[] = [];
      const mark = (c: number, inClause: number) => {
        if (!hitMark[c]) {
          hitMark[c] = 1;
          hit.push(c);
        }
        if (inClause < leadClauses && !leadMark[c]) {
          leadMark[c] = 1;
          lead.push(c);
        }
      };
      let current = 0;
      const endClause = () => {
        for (const p of pending) {
          for (const t of multiFrom[p]) {
            const { parts, concept } = terms[t];
            if (hitMark[concept]) continue;
            let all = true;
            for (let k = 1; k < parts.length && all; k++) all = clauseStamp[parts[k]] === base + current;
            if (all) mark(concept, current);
          }
        }
        pending.length = 0;
      };
      eachPiece(pieceIndex, text, (p, at) => {
        for (const c of directOf[p]) mark(c, clauseOf[at]);
        if (!partOfMulti[p]) return;
        if (clauseOf[at] !== current) {
          endClause();
          current = clauseOf[at];
        }
        clauseStamp[p] = base + current;
        if (multiFrom[p].length) pending.push(p);
      });
      endClause();
      const direct = [...hit].sort((a, b) => a - b);
      for (let i = 0; i < hit.length; i++) for (let b = broaderOf[hit[i]]; b !== -1 && !hitMark[b]; b = broaderOf[b]) mark(b, leadClauses);
      for (const c of hit) hitMark[c] = 0;
      for (const c of lead) leadMark[c] = 0;
      return { standards, concepts: hit.sort((a, b) => a - b), direct, lead: lead.sort((a, b) => a - b), synonyms };
    },
  };
  compiled.set(lexicon, result);
  return result;
}

/** The faults of a lexicon as data, each with its place ("concepts[3].terms[0]: …"); none for a good one. */
export function lexiconFaults(value: unknown): string[] {
  const faults: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  if (!isObject(value)) return ['the lexicon must be an object with "synonyms" and "concepts"'];
  const synonyms = value.synonyms ?? [];
  const concepts = value.concepts ?? [];
  if (!Array.isArray(synonyms)) faults.push('synonyms: must be a list');
  else synonyms.forEach((s, i) => {
    if (!isObject(s) || !text(s.term) || !text(s.standard)) faults.push(`synonyms[${i}]: needs a "term" and a "standard", both non-empty text`);
    else if (s.term === s.standard) faults.push(`synonyms[${i}]: "${s.term}" maps to itself`);
  });
  const ids = new Set<string>();
  if (!Array.isArray(concepts)) faults.push('concepts: must be a list');
  else {
    concepts.forEach((c, i) => {
      if (!isObject(c)) return faults.push(`concepts[${i}]: must be an object`);
      if (!text(c.id)) faults.push(`concepts[${i}].id: must be non-empty text`);
      else if (ids.has(c.id as string)) faults.push(`concepts[${i}].id: "${c.id}" appears twice`);
      else ids.add(c.id as string);
      if (!CATEGORIES.includes(c.category as Category)) faults.push(`concepts[${i}].category: must be one of ${CATEGORIES.join(', ')}; got ${JSON.stringify(c.category)}`);
      if (!text(c.name)) faults.push(`concepts[${i}].name: must be non-empty text`);
      if (c.kind !== undefined && c.kind !== null && !CONCEPT_KINDS.includes(c.kind as ConceptKind)) faults.push(`concepts[${i}].kind: must be one of ${CONCEPT_KINDS.join(', ')}; got ${JSON.stringify(c.kind)}`);
      if (!Array.isArray(c.terms) || c.terms.length === 0) faults.push(`concepts[${i}].terms: must list at least one term`);
      else c.terms.forEach((t, j) => { if (!text(t)) faults.push(`concepts[${i}].terms[${j}]: must be non-empty text`); });
    });
    concepts.forEach((c, i) => {
      if (isObject(c) && c.broader !== undefined && c.broader !== null && !ids.has(c.broader as string)) faults.push(`concepts[${i}].broader: unknown concept "${String(c.broader)}"`);
    });
  }
  return faults;
}

/** Several lexicons as one (the files of lexicon/, then a deployment's own). */
export function mergeLexicons(parts: Lexicon[]): Lexicon {
  return { synonyms: parts.flatMap((p) => p.synonyms ?? []), concepts: parts.flatMap((p) => p.concepts ?? []) };
}
