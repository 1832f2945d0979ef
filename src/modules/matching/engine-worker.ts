import { parentPort, workerData } from 'node:worker_threads';
import { match, type MatchOptions, type Problem } from '../../engine';

/** A worker thread's entry (see engine-thread.ts): one problem in, its result back, then the thread ends. */
const { problem, options } = workerData as { problem: Problem; options: MatchOptions };
parentPort!.postMessage(match(problem, options));
