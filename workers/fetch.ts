// A fetch job: one account × object type × date window. Holds a lease of the account
// while it pages through the Query, writes one file per record (by id), skips what an
// earlier run delivered inside the lookback window, and returns what the watermark needs.
// At least once: a job killed midway is run again from the start and rewrites its files.
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { ConfigurationError, InvalidInputError, OperationStoppedError, UnknownObjectTypeError, UnsupportedActionError, type Filter } from '../connector';
import { underLease, type WorkerContext } from './context';
import { recordFiles } from './files';
import type { FetchJobData, FetchResult } from './jobs';
import { windowFilters } from './windows';

const PROGRESS_EVERY_MS = 1000;

/** Thrown inside the loop when shutdown asks for the job back. */
class Returned extends Error {}

/** Errors a retry cannot mend: bad spec, or Twilio refusing (4xx other than 429). */
function permanent(err: unknown): boolean {
  if (err instanceof ConfigurationError || err instanceof InvalidInputError || err instanceof UnknownObjectTypeError || err instanceof UnsupportedActionError)
    return true;
  if (err instanceof OperationStoppedError) return err.error.status >= 400 && err.error.status < 500 && err.error.status !== 429;
  return false;
}

export async function fetchWindow(ctx: WorkerContext, job: Job<FetchJobData>, token?: string, signal?: AbortSignal): Promise<FetchResult> {
  const d = job.data;
  if (d.owner !== ctx.connector.accountSid) {
    throw new UnrecoverableError(`run ${d.runId} was planned for account ${d.owner}; this worker has the credentials of ${ctx.connector.accountSid}`);
  }
  try {
    return await underLease(ctx, job, token, d.spec.accountConcurrency, () => fetchRecords(ctx, job, signal));
  } catch (err) {
    if (err instanceof Returned) {
      // Shutdown: hand the job back untouched (not an attempt); another worker starts it over.
      await job.moveToWait(token);
      ctx.log(`job ${job.id} ${d.key}: handed back (shutting down)`);
      throw new WaitingError();
    }
    if (permanent(err)) throw new UnrecoverableError((err as Error).message);
    throw err;
  }
}

async function fetchRecords(ctx: WorkerContext, job: Job<FetchJobData>, signal?: AbortSignal): Promise<FetchResult> {
  const started = Date.now();
  const d = job.data;
  const seen = await ctx.r.watermarks.seenOf(d.sync, d.key, d.baseVersion);
  if (!seen) throw new UnrecoverableError(`sync ${d.sync}: the watermark moved on since run ${d.runId} was planned from version ${d.baseVersion}`);
  const filters: Filter[] = [...d.spec.filters];
  if (d.account !== d.owner) filters.push({ field: 'AccountSid', op: 'eq', value: d.account });
  if (d.dateField) filters.push(...windowFilters(d.dateField, d.window));
  const op = ctx.connector.operation({
    action: 'query',
    objectType: d.objectType,
    filters,
    fields: d.fields,
    timestamps: d.spec.timestamps,
    pageSize: d.spec.pageSize,
    // The object form gives the date field's value for the watermark without parsing XML.
    documents: d.dateField ? 'both' : 'xml',
  });
  const files = recordFiles(d.spec.out, d.objectType);
  const lookbackMs = d.spec.lookbackSeconds * 1000;
  const written = new Set<string>();
  let recent: Record<string, number> = {};
  let recentSize = 0;
  let skipped = 0;
  let newest: number | undefined;
  let reported = Date.now();
  const prune = () => {
    if (newest === undefined) return;
    const floor = newest - lookbackMs;
    recent = Object.fromEntries(Object.entries(recent).filter(([, t]) => t >= floor));
    recentSize = Object.keys(recent).length;
  };
  // Shutdown past its grace: closing the operation ends the request in flight, which
  // would otherwise run to the HTTP timeout before the loop could hand the job back.
  const stop = () => op.close();
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    for await (const e of op.execute([{}])) {
      if (signal?.aborted) throw new Returned();
      if (e.type === 'result') {
        // An APPLICATION_ERROR is followed by the stop, which says whether a retry can mend it.
        if (e.result.status === 'FAILURE') throw new Error(`${d.key} ${d.runId}: ${e.result.message}`);
        continue;
      }
      const doc = e.document;
      const id = doc.properties.id;
      const t = d.dateField ? Date.parse(String(doc.data?.[d.dateField] ?? '')) : NaN;
      // Delivered by an earlier run at the same timestamp (lookback overlap), or listed twice here.
      if (written.has(id) || (seen[id] !== undefined && seen[id] === t)) {
        skipped++;
        continue;
      }
      const behind = files.write(doc);
      if (behind) await behind;
      written.add(id);
      if (Number.isFinite(t)) {
        if (newest === undefined || t > newest) newest = t;
        recent[id] = t;
        if (++recentSize > 100_000) prune();
      }
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        void job.updateProgress({ documents: written.size }).catch(() => undefined);
      }
    }
    await files.close();
  } finally {
    signal?.removeEventListener('abort', stop);
    op.close();
    await files.close().catch(() => undefined); // stopped midway: what was queued is written, the job runs again anyway
  }
  prune();
  return { key: d.key, window: d.window, documents: written.size, skipped, newest, recent, worker: ctx.name, ms: Date.now() - started };
}
