// A worker process: BullMQ workers for the three queues, sharing one connector (the
// credentials of this machine's environment; they never go into Redis) and one Redis.
// Jobs whose worker died are found by BullMQ's stalled check once their lock expires and
// run again elsewhere. SIGTERM: stop taking jobs, let the current ones finish for the
// grace period, then hand the rest back to the queue.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { connect, type ConnectionSettings } from '../connector';
import { commitRun } from './commit';
import type { WorkerContext } from './context';
import { fetchWindow } from './fetch';
import { appendRunResult } from './files';
import type { FetchJobData } from './jobs';
import { QUEUES } from './keys';
import { planRun } from './plan';
import { SyncRedis, type RedisTarget } from './redis';
import { windowLabel } from './windows';

export interface WorkerOptions {
  redis: RedisTarget;
  settings: ConnectionSettings;
  /** Fetch jobs this process runs at once. */
  concurrency?: number;
  /** Job lock and account lease, ms: how long a dead worker's job waits before another takes it. */
  lockMs?: number;
  name?: string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  name: string;
  /**
   * Stops taking jobs; waits up to graceMs for the current ones, then returns them to the
   * queue. False where Redis did not answer and connections may still be trying to reach it.
   */
  close(graceMs?: number): Promise<boolean>;
}

/** How long cancelled jobs get to be handed back after the grace period, and a forced close to end. */
const HAND_BACK_MS = 5_000;
const RELEASE_MS = 2_000;

/** Whether the promise settled within ms (its rejection counts as settled: there is nothing left to do about it). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const lockMs = opts.lockMs ?? 30_000;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  // Settings the connector refuses (a plain http:// base URL) fail before Redis is opened.
  const connector = connect(opts.settings, { onWarning: (message) => log(`warning: ${message}`) });
  const r = new SyncRedis(opts.redis, lockMs);
  const ctx: WorkerContext = { r, connector, name, log };
  const common = {
    connection: r.connection,
    prefix: r.prefix,
    name,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job may lose its worker twice before it counts as failed.
    maxStalledCount: 2,
  };
  const workers: Worker[] = [];
  /** Everything this process opened, closed without waiting on a Redis that may be gone. */
  const release = async (): Promise<boolean> => {
    const closed = await settleWithin(Promise.all(workers.map((w) => w.close(true))), RELEASE_MS);
    connector.close();
    return (await settleWithin(r.close(), RELEASE_MS)) && closed;
  };
  try {
    await r.checkDatabase();
    workers.push(
      new Worker(QUEUES.plan, (job, token, signal) => planRun(ctx, job, token, signal), { ...common, concurrency: 1 }),
      new Worker(QUEUES.fetch, (job, token, signal) => fetchWindow(ctx, job, token, signal), { ...common, concurrency: opts.concurrency ?? 4 }),
      new Worker(QUEUES.run, (job) => commitRun(ctx, job), { ...common, concurrency: 1 }),
    );
    logFailures(workers, name, log);
    await Promise.all(workers.map((w) => w.waitUntilReady()));
  } catch (err) {
    // A database the server lacks, an option BullMQ refuses, a Redis that is not ready: nothing is left open to hold the process.
    await release();
    throw err;
  }
  log(`worker ${name} ready: redis ${new URL(opts.redis.url).host}, prefix ${r.prefix}, ${opts.concurrency ?? 4} fetch job(s) at once, lock ${lockMs} ms`);

  return {
    name,
    async close(graceMs = 30_000) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timer = setTimeout(() => {
        for (const w of workers) w.cancelAllJobs('worker shutting down');
      }, graceMs);
      let answered = false;
      try {
        // A Redis that went away keeps BullMQ's close waiting for ever: past the grace period
        // and a moment for the cancelled jobs to be handed back, the process lets go anyway.
        answered = await settleWithin(closing, graceMs + HAND_BACK_MS);
        if (!answered) log(`worker ${name}: Redis did not answer the close; leaving without it`);
      } finally {
        clearTimeout(timer);
        answered = (await release()) && answered;
      }
      return answered;
    },
  };
}

/** What the workers' failures and errors say, in the log (a job that fails for good also in its run's results file). */
function logFailures(workers: Worker[], name: string, log: (line: string) => void): void {
  const [planWorker, fetchWorker] = workers;
  planWorker.on('failed', (job, err) => log(`plan ${job?.id}: ${err.message}`));
  fetchWorker.on('failed', (job: Job<FetchJobData> | undefined, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    log(`job ${job.id} ${job.data.key} ${windowLabel(job.data.window)}: ${final ? 'failed for good' : 'failed, retried'}: ${err.message}`);
    if (!final) return;
    try {
      appendRunResult(job.data.spec.out, job.data.runId, {
        job: job.id,
        key: job.data.key,
        window: windowLabel(job.data.window),
        status: 'FAILURE',
        message: err.message,
        worker: name,
      });
    } catch (e) {
      log(`job ${job.id}: could not write the run's results file: ${(e as Error).message}`);
    }
  });
  for (const w of workers) w.on('error', (err) => log(`worker ${name}: ${err.message}`));
}
