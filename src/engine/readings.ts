import type { CompiledLexicon, LexiconHits } from './lexicon';
import { readTerms, type TextTerms } from './text';

/**
 * What the engine reads in a text, and a memory of the latest run's readings.
 *
 * A reading is what the lexicon finds in a text and the text's terms (its standard forms appended):
 * it depends only on the text and the lexicon. A running server matches the same campaign again
 * and again (after submissions, a decline, a hand assignment), over texts it has mostly read
 * before; the readings of the latest run are kept, per lexicon, so that such a re-run segments and
 * scans only its new texts. The results are the same either way. The latest run's texts are kept,
 * then as many of the runs' before it as fit (so that a decline's small re-placement between two
 * runs does not push out the campaign's texts), up to READINGS_KEPT_UP_TO in all; none from a run
 * of more distinct texts than that, so the memory held stays that of one city-sized run.
 */
export interface Reading {
  hits: LexiconHits | null;
  terms: TextTerms;
}

export const READINGS_KEPT_UP_TO = 20_000;

const NO_LEXICON = {};
/** Per compiled lexicon (or NO_LEXICON), the latest run's readings, unless forgotten since. */
const latest = new WeakMap<object, { generation: number; readings: Map<string, Reading> }>();
let generation = 0;

/** The readings of distinct texts, in their order. */
export function readAll(texts: readonly string[], lexicon: CompiledLexicon | null): Reading[] {
  const key = lexicon ?? NO_LEXICON;
  const kept = latest.get(key);
  const before = kept?.generation === generation ? kept.readings : undefined;
  const readings: (Reading | undefined)[] = texts.map((text) => before?.get(text));
  const unread: number[] = [];
  readings.forEach((r, i) => { if (!r) unread.push(i); });
  // All new texts are scanned first, then all segmented: the lexicon's tables and the segmenter's dictionary each stay
  // in the processor's cache for their pass, instead of evicting each other text by text.
  const hits = unread.map((i) => (lexicon ? lexicon.scan(texts[i]) : null));
  unread.forEach((i, k) => {
    const found = hits[k];
    readings[i] = { hits: found, terms: readTerms(found?.standards.length ? `${texts[i]}\n${found.standards.join(' ')}` : texts[i]) };
  });
  const all = readings as Reading[];
  if (texts.length <= READINGS_KEPT_UP_TO) {
    const next = new Map(texts.map((text, i) => [text, all[i]]));
    if (before) for (const [text, reading] of before) {
      if (next.size >= READINGS_KEPT_UP_TO) break;
      if (!next.has(text)) next.set(text, reading);
    }
    latest.set(key, { generation, readings: next });
  } else latest.delete(key);
  return all;
}

/** Forgets every kept reading (for benchmarks and tests: the next run reads every text afresh). */
export function forgetReadings(): void {
  generation++;
}
