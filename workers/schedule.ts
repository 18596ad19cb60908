// Registering syncs: the spec goes into Redis, a BullMQ job scheduler adds a plan job on
// its cron pattern or interval, and `runNow` adds one plan job at once. Removing a sync
// removes its schedule; its watermark stays (a sync registered again under the same name
// goes on from it).
import { CronExpressionParser } from 'cron-parser';
import { ConfigurationError } from '../connector';
import { runIdOf } from './jobs';
import { QUEUES } from './keys';
import type { SyncRedis } from './redis';
import { checkSpec, type SyncSpec } from './spec';

export interface Cadence {
  /** Milliseconds between runs. */
  every?: number;
  /** Cron pattern (UTC unless tz). */
  cron?: string;
  tz?: string;
}

export interface PlanJobData {
  sync: string;
}

/** A plan job that cannot reach Twilio or Redis for a moment tries again. */
const PLAN_RETRIES = { attempts: 5, backoff: { type: 'exponential', delay: 1000 } };

/** Refuses a time zone no Intl (nor cron-parser, which uses it) knows: IANA names such as UTC, Europe/Paris. */
function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new ConfigurationError(`--tz '${tz}' is not an IANA time zone (such as UTC, Europe/Paris, America/New_York)`);
  }
}

/**
 * Checks a cadence as BullMQ will read it (the same cron-parser), so a bad pattern or zone
 * is refused before anything is stored rather than after the spec went into Redis.
 */
export function checkCadence(cadence: Cadence): void {
  if (cadence.every !== undefined && cadence.cron !== undefined) throw new ConfigurationError('give --every or --cron, not both');
  if (cadence.every !== undefined && (!Number.isInteger(cadence.every) || cadence.every < 1000)) throw new ConfigurationError('--every must be at least 1s');
  if (cadence.tz !== undefined && cadence.cron === undefined) throw new ConfigurationError('--tz is the time zone of --cron; give it with --cron');
  if (cadence.tz !== undefined) checkTimeZone(cadence.tz);
  if (cadence.cron === undefined) return;
  try {
    if (!cadence.cron.trim()) throw new Error('the pattern is empty');
    CronExpressionParser.parse(cadence.cron, { tz: cadence.tz ?? 'UTC' }).next();
  } catch (err) {
    throw new ConfigurationError(
      `--cron '${cadence.cron}' is not a cron pattern (minute hour day-of-month month day-of-week, such as "*/15 * * * *"): ${(err as Error).message}`,
    );
  }
}

export async function registerSync(r: SyncRedis, spec: SyncSpec, cadence: Cadence = {}): Promise<void> {
  checkSpec(spec);
  checkCadence(cadence);
  await r.redis.hset(r.keys.syncs, spec.name, JSON.stringify(spec));
  // Registered again without a cadence, the sync runs on demand: a schedule it had ends.
  if (cadence.every === undefined && cadence.cron === undefined) {
    await r.queue(QUEUES.plan).removeJobScheduler(spec.name);
    return;
  }
  const repeat = cadence.every !== undefined ? { every: cadence.every } : { pattern: cadence.cron!, tz: cadence.tz ?? 'UTC' };
  await r.queue(QUEUES.plan).upsertJobScheduler(spec.name, repeat, { name: 'plan', data: { sync: spec.name } satisfies PlanJobData, opts: PLAN_RETRIES });
}

export async function loadSpec(r: SyncRedis, sync: string): Promise<SyncSpec | undefined> {
  const text = await r.redis.hget(r.keys.syncs, sync);
  return text ? (JSON.parse(text) as SyncSpec) : undefined;
}

export async function listSpecs(r: SyncRedis): Promise<SyncSpec[]> {
  return Object.values(await r.redis.hgetall(r.keys.syncs)).map((text) => JSON.parse(text) as SyncSpec);
}

/** Adds a plan job now; returns the id of the run it plans, as status and <out>/runs/ name it (not the plan job's). */
export async function runNow(r: SyncRedis, sync: string): Promise<string> {
  if (!(await loadSpec(r, sync))) throw new ConfigurationError(`no sync '${sync}' is registered (twilio-connector schedule ${sync} …)`);
  const job = await r.queue(QUEUES.plan).add('plan', { sync } satisfies PlanJobData, { ...PLAN_RETRIES, jobId: `now-${sync}-${Date.now()}` });
  return runIdOf(sync, job.id!);
}

export async function removeSync(r: SyncRedis, sync: string): Promise<boolean> {
  const removed = await r.queue(QUEUES.plan).removeJobScheduler(sync);
  const deleted = await r.redis.hdel(r.keys.syncs, sync);
  return removed || deleted > 0;
}
