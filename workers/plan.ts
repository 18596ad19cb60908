// A plan job (added by a schedule or `schedule --now`) turns a sync into a run: it lists
// the accounts, reads the committed watermark, splits each account × object type into date
// windows from (mark − lookback), or from `since` on a first run, and adds the run as a
// flow. One run per sync at a time: a plan job that finds a run still going does nothing.
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { UTCDateMini as UTCDate } from '@date-fns/utc/date/mini';
import { startOfSecond } from 'date-fns/startOfSecond';
import { ConnectorError, type TwilioConnector } from '../connector';
import { underLease, type WorkerContext } from './context';
import type { FetchJobData, RunJobData } from './jobs';
import { runIdOf } from './jobs';
import { QUEUES } from './keys';
import type { SyncRedis } from './redis';
import { loadSpec, type PlanJobData } from './schedule';
import { typePlans, typeWindows, type SyncSpec } from './spec';
import type { SyncState } from './state';

export interface PlanResult {
  runId?: string;
  jobs?: number;
  /** Set when the plan did nothing because this run is still going. */
  skippedFor?: string;
}

/** States of a run job that mean it is still going. */
const LIVE = new Set(['waiting-children', 'waiting', 'active', 'delayed', 'prioritized']);

/**
 * How long a claimed run may go without its run job before another plan takes it for dead:
 * planning lists the accounts (a page per 1,000 subaccounts) and adds the flow.
 */
const PLANNING_MS = 10 * 60_000;

// KEYS: active planning  ARGV: runId staleRunId planningMs → 1 claimed
// A run being planned (its flow not added yet, so no run job to ask) is no stale run.
const CLAIM = `
local cur = redis.call('GET', KEYS[1])
if cur ~= false and cur ~= ARGV[1] and redis.call('GET', KEYS[2]) == cur then return 0 end
if cur == false or cur == ARGV[1] or cur == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
  return 1
end
return 0
`;

/** The account and its active subaccounts (Twilio lists both under /Accounts). */
export async function listAccounts(connector: TwilioConnector, signal?: AbortSignal): Promise<string[]> {
  const op = connector.operation({
    action: 'query',
    objectType: 'Account',
    filters: [{ field: 'Status', op: 'eq', value: 'active' }],
    documents: 'object',
    fields: ['Sid'],
  });
  const accounts: string[] = [];
  // Shutdown past its grace: the listing ends at once instead of at its last page.
  const stop = () => op.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const e of op.execute([{}])) {
      if (e.type === 'document') accounts.push(e.document.properties.id);
      else if (e.result.status !== 'SUCCESS') throw new Error(`listing subaccounts: ${e.result.message}`);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    op.close();
  }
  if (!accounts.includes(connector.accountSid)) accounts.unshift(connector.accountSid);
  return accounts.sort();
}

/** The state of a run's job; undefined before its flow is added, or after the job was removed. */
async function runJobState(r: SyncRedis, runId: string): Promise<string | undefined> {
  return (await r.queue(QUEUES.run).getJob(runId))?.getState();
}

/** The run of a sync being planned or still going, if one is: a plan job now would do nothing. */
export async function runInProgress(r: SyncRedis, sync: string): Promise<string | undefined> {
  const active = await r.redis.get(r.keys.active(sync));
  if (!active) return undefined;
  if ((await r.redis.get(r.keys.planning(sync))) === active) return active;
  const state = await runJobState(r, active);
  return state && LIVE.has(state) ? active : undefined;
}

export async function planRun(ctx: WorkerContext, job: Job<PlanJobData>, token?: string, signal?: AbortSignal): Promise<PlanResult> {
  const { r } = ctx;
  const sync = job.data.sync;
  const spec = await loadSpec(r, sync);
  if (!spec) throw new UnrecoverableError(`no sync '${sync}' is registered`);
  const runId = runIdOf(sync, job.id!);

  const active = await r.redis.get(r.keys.active(sync));
  if (active) {
    const state = await runJobState(r, active);
    if (active === runId && state) return { runId }; // this plan job ran before and added its flow
    if (active !== runId && state && LIVE.has(state)) {
      ctx.log(`plan ${job.id}: run ${active} of ${sync} is still going; nothing to do`);
      return { skippedFor: active };
    }
  }
  if ((await r.redis.eval(CLAIM, 2, r.keys.active(sync), r.keys.planning(sync), runId, active ?? '', PLANNING_MS)) !== 1) {
    const going = (await r.redis.get(r.keys.active(sync))) ?? undefined;
    ctx.log(`plan ${job.id}: run ${going} of ${sync} is being planned or still going; nothing to do`);
    return { skippedFor: going };
  }

  try {
    return await planClaimed(ctx, job, token, spec, runId, signal);
  } catch (err) {
    // Handed back or failed, the claim no longer holds the sync.
    await r.redis.eval(RELEASE, 1, r.keys.planning(sync), runId);
    if (signal?.aborted) {
      // Shutdown: the plan job goes back untouched (not an attempt); the next worker plans the same run.
      await job.moveToWait(token);
      ctx.log(`plan ${job.id}: handed back (shutting down)`);
      throw new WaitingError();
    }
    // Status shows why: it has no run job to ask.
    const reason = err instanceof Error ? err.message : String(err);
    await recordPlanFailure(r, sync, runId, reason);
    // A spec that no longer fits the catalog, a bad date, too many windows: trying again will not help.
    if (err instanceof ConnectorError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

// KEYS: planning  ARGV: runId → the claim of this run dropped
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1`;

async function planClaimed(
  ctx: WorkerContext,
  job: Job<PlanJobData>,
  token: string | undefined,
  spec: SyncSpec,
  runId: string,
  signal?: AbortSignal,
): Promise<PlanResult> {
  const { r, connector } = ctx;
  const sync = job.data.sync;
  const state = await r.watermarks.read(sync);
  const accounts = spec.allSubaccounts
    ? await underLease(ctx, job, token, spec.accountConcurrency, () => listAccounts(connector, signal))
    : [connector.accountSid];
  const children = fetchJobs(spec, runId, state, connector.accountSid, accounts);
  const data: RunJobData = {
    runId,
    sync,
    spec,
    baseVersion: state.version,
    owner: connector.accountSid,
    plannedAt: Date.now(),
    jobs: children.length,
    accounts: accounts.length,
  };
  const keep = { count: 10_000 };
  await r.flowProducer.add({
    name: 'run',
    queueName: QUEUES.run,
    data,
    opts: { jobId: runId, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } },
    children: children.map((child, i) => ({
      name: 'fetch',
      queueName: QUEUES.fetch,
      data: child,
      opts: {
        jobId: `${runId}.${i}`,
        attempts: spec.attempts,
        backoff: { type: 'exponential', delay: spec.backoffMs },
        // A job that fails for good fails the run: the watermark stays where it was.
        failParentOnFailure: true,
        removeOnComplete: keep,
        removeOnFail: keep,
      },
    })),
  });
  // The run job now answers for the run: the planning claim has done its part.
  await r.redis.multi().lpush(r.keys.runs(sync), runId).ltrim(r.keys.runs(sync), 0, 99).del(r.keys.planning(sync)).exec();
  ctx.log(
    `run ${runId}: ${children.length} job(s) over ${accounts.length} account(s) × ${spec.objectTypes.length} object type(s), watermark version ${state.version}`,
  );
  return { runId, jobs: children.length };
}

/** How long status shows a run whose planning failed (it has no run job to keep the reason). */
const PLAN_FAILURE_TTL_S = 7 * 86_400;

/** A run that could not be planned, listed among the sync's runs with the reason, so status shows it. */
async function recordPlanFailure(r: SyncRedis, sync: string, runId: string, reason: string): Promise<void> {
  await r.redis
    .multi()
    .set(r.keys.planFailure(sync, runId), reason, 'EX', PLAN_FAILURE_TTL_S)
    // Once, however often a retried plan job fails.
    .lrem(r.keys.runs(sync), 0, runId)
    .lpush(r.keys.runs(sync), runId)
    .ltrim(r.keys.runs(sync), 0, 99)
    .exec();
}

/** One fetch job per account × object type × date window, from the committed watermark. */
function fetchJobs(spec: SyncSpec, runId: string, state: SyncState, owner: string, accounts: string[]): FetchJobData[] {
  const until = startOfSecond(new UTCDate()).getTime();
  const children: FetchJobData[] = [];
  // Checked again against this worker's catalog; windows start at each account's mark.
  for (const t of typePlans(spec)) {
    // Lists of the newer APIs belong to the credentials' account: no subaccount fan-out.
    for (const account of t.accountScoped ? accounts : [owner]) {
      const key = `${account}/${t.objectType}`;
      for (const window of typeWindows(spec, t, state.marks.get(key), until)) {
        children.push({
          runId,
          sync: spec.name,
          spec,
          baseVersion: state.version,
          owner,
          account,
          objectType: t.objectType,
          dateField: t.dateField,
          fields: t.fields,
          key,
          window,
        });
      }
    }
  }
  return children;
}
