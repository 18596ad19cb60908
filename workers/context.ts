// What every job processor of a worker process shares.
import { DelayedError, type Job } from 'bullmq';
import type { TwilioConnector } from '../connector';
import type { SyncRedis } from './redis';

export interface WorkerContext {
  r: SyncRedis;
  connector: TwilioConnector;
  /** This worker's name (host:pid unless given): stored on the jobs it processes. */
  name: string;
  log: (line: string) => void;
}

/**
 * Runs `fn` holding one of the account's `limit` leases. When all are taken the job goes
 * back to the delayed set for a moment (not counted as an attempt) and frees this worker
 * for a job of another account.
 */
export async function underLease<T>(ctx: WorkerContext, job: Job, token: string | undefined, limit: number, fn: () => Promise<T>): Promise<T> {
  const lease = await ctx.r.leases.acquire(ctx.connector.accountSid, `${ctx.name}:${job.id}`, limit);
  if (!lease) {
    await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 400), token);
    throw new DelayedError();
  }
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}
