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
  /** Stops taking jobs; waits up to graceMs for the current ones, then returns them to the queue. */
  close(graceMs?: number): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const lockMs = opts.lockMs ?? 30_000;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const r = new SyncRedis(opts.redis, lockMs);
  const connector = connect(opts.settings, { onWarning: (message) => log(`warning: ${message}`) });
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
  const workers = [
    new Worker(QUEUES.plan, (job, token) => planRun(ctx, job, token), { ...common, concurrency: 1 }),
    new Worker(QUEUES.fetch, (job, token, signal) => fetchWindow(ctx, job, token, signal), { ...common, concurrency: opts.concurrency ?? 4 }),
    new Worker(QUEUES.run, (job) => commitRun(ctx, job), { ...common, concurrency: 1 }),
  ];
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
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log(`worker ${name} ready: redis ${new URL(opts.redis.url).host}, prefix ${r.prefix}, ${opts.concurrency ?? 4} fetch job(s) at once, lock ${lockMs} ms`);

  return {
    name,
    async close(graceMs = 30_000) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timer = setTimeout(() => {
        for (const w of workers) w.cancelAllJobs('worker shutting down');
      }, graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        connector.close();
        await r.close();
      }
    },
  };
}
