import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match, type Problem } from '../../src/engine';
import { forgetReadings } from '../../src/engine/readings';
import { readLexicon } from '../../src/modules/matching/lexicon-files';

/**
 * The readings of the latest run are kept, so that a re-run over the same texts does not segment
 * and scan them again (src/engine/readings.ts). The results must be those of a run that reads
 * every text afresh, whatever runs came before and whatever changed in between.
 */

const evalProblem = JSON.parse(readFileSync(join(__dirname, '../../bench/eval/problem.json'), 'utf8')) as Problem;
const lexicon = readLexicon();

/** A run of part of the development set, some of its texts reworded. */
const runArb = fc.record({
  keep: fc.array(fc.boolean(), { minLength: evalProblem.demandItems.length, maxLength: evalProblem.demandItems.length }),
  reword: fc.array(fc.tuple(fc.nat(evalProblem.demandItems.length - 1), fc.constantFrom('，鸡一只接一只地死', '，娃上学没人接', '。', '苞谷')), { maxLength: 6 }),
  rewordSupply: fc.array(fc.tuple(fc.nat(evalProblem.supplyItems.length - 1), fc.constantFrom('（含入户）', '玉米')), { maxLength: 3 }),
  withLexicon: fc.boolean(),
});

function problemOf(run: { keep: boolean[]; reword: [number, string][]; rewordSupply: [number, string][] }): Problem {
  const demandItems = evalProblem.demandItems.map((d) => ({ ...d }));
  for (const [i, words] of run.reword) demandItems[i].content += words;
  const supplyItems = evalProblem.supplyItems.map((s) => ({ ...s }));
  for (const [i, words] of run.rewordSupply) supplyItems[i].description += words;
  return { ...evalProblem, supplyItems, demandItems: demandItems.filter((_, i) => run.keep[i]) };
}

describe('readings kept between runs', () => {
  it('a sequence of runs gives what each run gives when every text is read afresh', () => {
    fc.assert(fc.property(fc.array(runArb, { minLength: 2, maxLength: 4 }), (runs) => {
      const remembered = runs.map((run) => match(problemOf(run), run.withLexicon ? { lexicon } : {}));
      const afresh = runs.map((run) => {
        forgetReadings();
        return match(problemOf(run), run.withLexicon ? { lexicon } : {});
      });
      expect(remembered).toEqual(afresh);
    }), { numRuns: 8 });
  });

  it('a reworded demand is read anew: its new words count in the re-run', () => {
    const problem = { ...evalProblem, demandItems: evalProblem.demandItems.slice(0, 20) };
    const first = match(problem, { lexicon });
    const reworded = { ...problem, demandItems: problem.demandItems.map((d, i) => (i === 0 ? { ...d, title: '鸡瘟', content: '鸡一只接一只地死' } : d)) };
    const again = match(reworded, { lexicon });
    forgetReadings();
    expect(again).toEqual(match(reworded, { lexicon }));
    expect(again).not.toEqual(first);
  });
});
