import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoDataFile } from '../../src/common/paths';
import { match, validateProblem, type MatchOptions, type MatchResult, type Problem } from '../../src/engine';

/** The compiled runner (npm test builds first): from TypeScript sources there is no worker script to start. */
const compiled = join(__dirname, '../../dist/src/modules/matching/engine-thread.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require(compiled) as {
  ENGINE_WORKER: string; runEngine(p: Problem, o: MatchOptions, threadFrom: number): Promise<MatchResult>; engineThreadId(): number | null;
};

/** Counts the event loop's turns while a promise settles: none when the work ran synchronously. */
async function turnsWhile<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work();
  running = false;
  return { value, turns };
}

describe('the engine in a worker thread', () => {
  const problem = validateProblem(JSON.parse(readFileSync(demoDataFile, 'utf8')));

  it('gives byte for byte the result of the engine run inline, and leaves the event loop free meanwhile', async () => {
    expect(existsSync(compiled), 'run `npm run build` first (npm test does)').toBe(true);
    const { runEngine, ENGINE_WORKER } = load();
    expect(existsSync(ENGINE_WORKER)).toBe(true);
    const threaded = await turnsWhile(() => runEngine(problem, { threshold: 0.04 }, 1));
    expect(JSON.stringify(threaded.value)).toBe(JSON.stringify(match(problem, { threshold: 0.04 })));
    expect(threaded.turns).toBeGreaterThan(0);
  });

  it('runs a problem below the threshold inline', async () => {
    const { runEngine } = load();
    const inline = await turnsWhile(() => runEngine(problem, {}, problem.demandItems.length + 1));
    expect(inline.turns).toBe(0);
    expect(inline.value.stats).toEqual(match(problem).stats);
  });

  it('passes an engine error back to the caller, and the thread goes on serving', async () => {
    const { runEngine } = load();
    const broken = { ...problem, supplyItems: null } as unknown as Problem;
    await expect(runEngine(broken, {}, 1)).rejects.toThrow();
    expect((await runEngine(problem, {}, 1)).stats).toEqual(match(problem).stats);
  });

  it('keeps one warm thread: later runs, and runs sent at once, go to the same thread and each gets its own result', async () => {
    const { runEngine, engineThreadId } = load();
    await runEngine(problem, {}, 1);
    const thread = engineThreadId();
    expect(thread).not.toBeNull();
    const looser = { threshold: 0.02 };
    const [a, b] = await Promise.all([runEngine(problem, {}, 1), runEngine(problem, looser, 1)]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(match(problem)));
    expect(JSON.stringify(b)).toBe(JSON.stringify(match(problem, looser)));
    expect(engineThreadId()).toBe(thread);
  });
});
