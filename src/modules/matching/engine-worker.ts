import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { match, type Lexicon, type MatchOptions, type Problem } from '../../engine';

/**
 * The warm worker thread's entry (see engine-thread.ts): problems in, one at a time, results back.
 * Each message brings its own copy of the lexicon; the first copy of each lexicon is kept and used
 * for the later ones, so that it is compiled once (the engine caches a compiled lexicon by object).
 */
const lexicons = new Map<string, Lexicon>();
const LEXICONS_KEPT = 4;

function known(lexicon: Lexicon): Lexicon {
  const key = createHash('sha256').update(JSON.stringify(lexicon)).digest('hex');
  const kept = lexicons.get(key);
  if (kept) return kept;
  if (lexicons.size >= LEXICONS_KEPT) lexicons.delete(lexicons.keys().next().value!);
  lexicons.set(key, lexicon);
  return lexicon;
}

parentPort!.on('message', ({ run, problem, options }: { run: number; problem: Problem; options: MatchOptions }) => {
  try {
    const lexicon = options.lexicon ? known(options.lexicon) : options.lexicon;
    parentPort!.postMessage({ run, result: match(problem, { ...options, lexicon }) });
  } catch (e) {
    parentPort!.postMessage({ run, error: e instanceof Error ? e.message : String(e) });
  }
});
