import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { match, type MatchOptions, type MatchResult, type Problem } from '../../engine';

/** The compiled worker script. Running from TypeScript sources (the tests), it is absent and the engine runs inline. */
export const ENGINE_WORKER = join(__dirname, 'engine-worker.js');

interface Waiting {
  resolve(result: MatchResult): void;
  reject(error: Error): void;
}

/**
 * One warm worker thread for the process, started by the first run that needs it and kept: it
 * loads the segmenter's dictionary once, compiles the lexicon once and keeps the latest run's
 * readings (src/engine/readings.ts), as the process itself would. Runs queue on it, one at a time.
 * It holds the process open only while a run is under way.
 */
let warm: { worker: Worker; waiting: Map<number, Waiting> } | null = null;
let nextRun = 0;

function warmWorker(): NonNullable<typeof warm> {
  if (warm) return warm;
  const worker = new Worker(ENGINE_WORKER);
  const state = { worker, waiting: new Map<number, Waiting>() };
  worker.unref();
  worker.on('message', (m: { run: number; result?: MatchResult; error?: string }) => {
    const waiting = state.waiting.get(m.run);
    if (!waiting) return;
    state.waiting.delete(m.run);
    if (state.waiting.size === 0) worker.unref();
    if (m.error !== undefined) waiting.reject(new Error(m.error));
    else waiting.resolve(m.result!);
  });
  // A thread that failed is dropped with every run it held; the next run starts another.
  const fail = (error: Error) => {
    if (warm === state) warm = null;
    for (const waiting of state.waiting.values()) waiting.reject(error);
    state.waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the matching thread stopped with exit code ${code}`)));
  warm = state;
  return state;
}

/** The warm thread's id, or null before the first threaded run (for tests). */
export function engineThreadId(): number | null {
  return warm?.worker.threadId ?? null;
}

/**
 * Runs the engine. The engine is synchronous and a province-sized problem takes seconds, so a
 * problem of `threadFrom` open demands or more runs on the warm worker thread and the server keeps
 * answering other requests meanwhile. A smaller one runs inline: its copy to the thread and back
 * would cost more than it saves.
 */
export async function runEngine(problem: Problem, options: MatchOptions, threadFrom: number): Promise<MatchResult> {
  if (problem.demandItems.length < threadFrom || !existsSync(ENGINE_WORKER)) return match(problem, options);
  const { worker, waiting } = warmWorker();
  const run = nextRun++;
  return new Promise<MatchResult>((resolve, reject) => {
    waiting.set(run, { resolve, reject });
    worker.ref();
    worker.postMessage({ run, problem, options });
  });
}
