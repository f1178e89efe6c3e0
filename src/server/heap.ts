import { setFlagsFromString } from "node:v8";

/**
 * How far V8 may grow the heap past what its last full collection kept, for the long-lived
 * `serve` process. Left alone, V8 picks a factor between 1.1 and 4 from its measured collection
 * and allocation speeds, and under a steady stream of small requests it picks the top: at 100k
 * tickets the server's RSS went from ~85 MB to ~250 MB under a 10-second read load, almost all
 * of it garbage awaiting a collection. At 50% it stays under ~150 MB with the same throughput
 * (bench/server.mjs). V8 reads this flag at every full collection, so setting it at run time
 * takes effect, unlike the heap size limits, which are fixed when the process starts.
 */
export const HEAP_GROWING_PERCENT = 50;

/** The V8 flags that say the operator chose the heap's sizing; with one of them we change nothing. */
const OPERATOR_FLAGS = /--(?:heap-growing-percent|max-old-space-size|max-heap-size)\b/;

/** Applies HEAP_GROWING_PERCENT unless the node command line or NODE_OPTIONS sized the heap. */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? "",
): boolean {
  if (OPERATOR_FLAGS.test([...execArgv, nodeOptions].join(" "))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
