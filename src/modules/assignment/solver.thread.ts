// Runs in a worker thread: solves one assignment and posts the result back. Imported by path
// (not through the @fasp/matching alias) because the thread loads this file on its own, outside
// the application's module resolution; the import is relative and works from sources and build.
import { parentPort, workerData } from 'node:worker_threads';
import { assignReviewers, greedyAssign, MatchingInput } from '../../../libs/matching/src';

const input = (workerData as { input: MatchingInput }).input;
const started = performance.now();
const result = assignReviewers(input);
const solveMs = performance.now() - started;
const greedyObjective = greedyAssign(input).totals.objective;
parentPort?.postMessage({ result, solveMs, greedyObjective });
