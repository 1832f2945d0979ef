import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../../common/paths';
import { lexiconFaults, mergeLexicons, type Lexicon } from '../../engine';

/**
 * The lexicon as the service and the command line hand it to the engine: every file of lexicon/
 * (the project's, schema/lexicon.schema.json), in name order, then a deployment's own file
 * (PEICAN_LEXICON_FILE, or `peican match --lexicon F`). Read once per process and file list.
 */

export const lexiconFolder = join(projectRoot, 'lexicon');

export class LexiconFileError extends Error {}

function readOne(file: string): Lexicon {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LexiconFileError(`${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const faults = lexiconFaults(json);
  if (faults.length) throw new LexiconFileError(`${file}: ${faults.length} problem(s):\n  ${faults.slice(0, 20).join('\n  ')}`);
  const { synonyms = [], concepts = [] } = json as Partial<Lexicon>;
  return { synonyms, concepts };
}

const cache = new Map<string, Lexicon>();

/** The lexicon a configuration asks for: none when it is off (PEICAN_LEXICON=false). */
export function configuredLexicon(config: { lexicon: boolean; lexiconFile: string | null }): Lexicon | null {
  return config.lexicon ? readLexicon(config.lexiconFile) : null;
}

/** The project's lexicon, with a deployment's file after it (a path relative to the working directory). */
export function readLexicon(extraFile?: string | null): Lexicon {
  const extra = extraFile ? (isAbsolute(extraFile) ? extraFile : resolve(extraFile)) : null;
  const key = extra ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const files = existsSync(lexiconFolder) ? readdirSync(lexiconFolder).filter((f) => f.endsWith('.json')).sort().map((f) => join(lexiconFolder, f)) : [];
  if (extra) files.push(extra);
  const lexicon = mergeLexicons(files.map(readOne));
  const faults = lexiconFaults(lexicon);
  if (faults.length) throw new LexiconFileError(`the lexicon's files together: ${faults.slice(0, 20).join('; ')}`);
  cache.set(key, lexicon);
  return lexicon;
}
