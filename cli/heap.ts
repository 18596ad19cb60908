// How far V8 lets the heap grow between full collections, for a windowed Query. V8 lets
// the old generation grow to up to 4× what survived the last full GC before it collects
// again; a windowed Query promotes pages at many times a sequential one's rate, so its
// peak RSS is mostly garbage waiting for that GC. Telling V8 to grow by half (read at each
// GC, so it takes effect when set at run time) bounds it: a 1,000,000-message Query in 16
// windows peaked at 159–171 MB instead of 253–272 MB, for ~9% more CPU and the same wall
// time (bench/: windows). Only the CLI's own process sets it, never the library for its host.
import { setFlagsFromString } from 'node:v8';

/** V8's heap growing factor, as a percentage over what survived. */
const GROWING_PERCENT = 50;

/** Whether the process's own flags already say how the heap grows (the user's choice stands). */
function userChose(execArgv: readonly string[]): boolean {
  return execArgv.some((a) => a.startsWith('--heap-growing-percent'));
}

/** Set by the program's entry (bin, node dist/cli/main.js): the process is the CLI's own, not a host's that runs main() (tests, embedders). */
let ownProcess = false;

export function ownTheProcess(): void {
  ownProcess = true;
}

/** Bounds the heap's growth for a windowed Query in the CLI's own process, unless node was started with its own setting; true when it did. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (!ownProcess || userChose(execArgv)) return false;
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  return true;
}

/** A Query fetched as date windows at once: the run whose heap is bounded. */
export function isWindowedQuery(options: { action: string; concurrency?: number }): boolean {
  return options.action === 'query' && (options.concurrency ?? 1) > 1;
}
