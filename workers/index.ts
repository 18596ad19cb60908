// Distributed, scheduled syncs on BullMQ/Redis (see README: Distributed syncs).
//   commands.ts  worker / schedule / status on the CLI program
//   worker.ts    a worker process: plan, fetch and run queues
//   plan.ts      sync → run: accounts × object types × date windows as a flow
//   fetch.ts     one window: Query under an account lease, files by record id
//   commit.ts    all jobs done: the watermark committed once, the run's results file
//   state.ts     the watermark in Redis; leases.ts the per-account limit
//   spec.ts, schedule.ts, status.ts, windows.ts, duration.ts, keys.ts, redis.ts, files.ts
export { registerWorkerCommands } from './commands';
export { startWorker, type WorkerOptions, type RunningWorker } from './worker';
export { registerSync, runNow, removeSync, loadSpec, listSpecs, type Cadence } from './schedule';
export { syncStatus, formatStatus, type SyncStatus, type RunStatus } from './status';
export { SyncRedis, type RedisTarget } from './redis';
export { checkSpec, type SyncSpec } from './spec';
export { splitWindows, windowFilters, type DateWindow } from './windows';
export { nextState, WatermarkStore, type CommitRecord, type SyncState } from './state';
export type { FetchJobData, FetchResult, RunJobData, RunSummary } from './jobs';
