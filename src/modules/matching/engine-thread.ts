import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { match, type MatchOptions, type MatchResult, type Problem } from '../../engine';

/** The compiled worker script. Running from TypeScript sources (the tests), it is absent and the engine runs inline. */
export const ENGINE_WORKER = join(__dirname, 'engine-worker.js');

/**
 * Runs the engine. The engine is synchronous and a province-sized problem takes seconds, so a
 * problem of `threadFrom` open demands or more runs in a worker thread and the server keeps
 * answering other requests meanwhile. A smaller one runs inline: a thread's start (it loads the
 * segmenter's dictionary again, ~0.2 s) would cost more than it saves.
 */
export async function runEngine(problem: Problem, options: MatchOptions, threadFrom: number): Promise<MatchResult> {
  if (problem.demandItems.length < threadFrom || !existsSync(ENGINE_WORKER)) return match(problem, options);
  return new Promise<MatchResult>((resolve, reject) => {
    const worker = new Worker(ENGINE_WORKER, { workerData: { problem, options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the matching thread stopped with exit code ${code}`));
    });
  });
}
