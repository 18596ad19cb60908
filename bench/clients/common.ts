// Shared by every benchmark client: each client is its own process (forked by
// bench/run.ts) so its RSS is measured alone. It reads its configuration from
// argv[2] (JSON), samples RSS every 50 ms from process start, and sends one JSON
// result to the parent over IPC.
import diagnostics from 'node:diagnostics_channel';
import type { Filter } from '../../connector/query';
import type { IdSummary } from '../lib/ids';

export interface ClientConfig {
  /** Server origin, e.g. http://127.0.0.1:40639 */
  url: string;
  accountSid: string;
  authToken: string;
  /** Query: records the server holds (checked). Create: messages to create. */
  records: number;
  pageSize?: number;
  concurrency?: number;
  /** Query filters (the windowed benchmark bounds DateSent). */
  filters?: Filter[];
  /** Raw loops: write each page's text to stdout, the output a CLI printing its documents pays for too. */
  echo?: boolean;
  /** Count distinct SIDs and duplicates (bench/lib/ids.ts). */
  checkIds?: boolean;
  /** Bound V8's heap growth as the CLI does for a windowed Query in its own process (cli/heap.ts). */
  boundHeap?: boolean;
}

export interface ClientResult {
  client: string;
  /** Records read (query) or requests completed (create). */
  records: number;
  /** Successful operations (create), bytes of XML or JSON consumed (query). */
  ok?: number;
  bytes?: number;
  /** With checkIds: distinct SIDs, duplicates and their checksum. */
  ids?: IdSummary;
  ms: number;
  peakRssMb: number;
  /** RSS after modules are loaded and the client built, before the timed part. */
  baseRssMb: number;
  /** TCP connections this process opened (keep-alive check). */
  sockets: number;
  /** CPU time (user + system) this client spent in the timed part. */
  cpuMs?: number;
  /** Filled in by the parent: CPU time the server process spent meanwhile (Linux /proc). */
  serverCpuMs?: number;
  /** Timed part on the process.hrtime clock, µs (to cut a CPU profile to it). */
  windowUs?: [number, number];
  error?: string;
}

const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
}, 50);
sampler.unref();

let sockets = 0;
diagnostics.subscribe('net.client.socket', () => void sockets++);

export function config(): ClientConfig {
  return JSON.parse(process.argv[2] ?? '{}') as ClientConfig;
}

/**
 * Runs the client: `setup` builds it (untimed), `body` is timed and returns the
 * counts. The result goes to the parent; the process then exits.
 */
export async function runClient<S>(
  name: string,
  setup: (cfg: ClientConfig) => Promise<S> | S,
  body: (state: S, cfg: ClientConfig) => Promise<{ records: number; ok?: number; bytes?: number; ids?: IdSummary }>,
): Promise<void> {
  const cfg = config();
  let result: ClientResult;
  try {
    const state = await setup(cfg);
    const baseRss = process.memoryUsage.rss();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const counts = await body(state, cfg);
    const cpu = process.cpuUsage(cpu0);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const end = process.memoryUsage.rss();
    if (end > peak) peak = end;
    const t1 = process.hrtime.bigint();
    const windowUs: [number, number] = [Number(t0 / 1000n), Number(t1 / 1000n)];
    result = { client: name, ...counts, ms, peakRssMb: mb(peak), baseRssMb: mb(baseRss), sockets, windowUs, cpuMs: (cpu.user + cpu.system) / 1000 };
  } catch (err) {
    result = { client: name, records: 0, ms: 0, peakRssMb: mb(peak), baseRssMb: 0, sockets, error: (err as Error)?.stack ?? String(err) };
  }
  await new Promise<void>((resolve) => {
    if (process.send) process.send(result, () => resolve());
    else {
      process.stdout.write(JSON.stringify(result) + '\n');
      resolve();
    }
  });
  process.exit(result.error ? 1 : 0);
}

/** `n` async loops pulling indices 0..total-1: at most `n` requests in flight. */
export async function workerPool(total: number, n: number, task: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let ok = 0;
  const loop = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      if (await task(i)) ok++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, total) }, loop));
  return ok;
}

/** The i-th benchmark message, shared by all create clients. */
export function benchMessage(i: number): { to: string; from: string; body: string } {
  return { to: `+1415555${String(10000 + (i % 10000)).slice(1)}`, from: '+14155550100', body: `Benchmark message ${i} & <friends>` };
}
