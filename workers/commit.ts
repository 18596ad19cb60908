// The run job, processed once all its fetch jobs succeeded: folds their results into the
// next watermark, commits it atomically on top of the version the run was planned from,
// writes the run's results file and lets the next run of the sync start.
import { UnrecoverableError, type Job } from 'bullmq';
import { SyncStateError } from '../connector';
import type { WorkerContext } from './context';
import { writeRunResults } from './files';
import type { FetchResult, RunJobData, RunSummary } from './jobs';
import { nextState } from './state';
import { windowLabel } from './windows';

// KEYS: active  ARGV: runId — clears the active run only if it is still this one.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export async function commitRun(ctx: WorkerContext, job: Job<RunJobData>): Promise<RunSummary> {
  const { r } = ctx;
  const d = job.data;
  const values = await job.getChildrenValues<FetchResult>();
  const results = Object.entries(values).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const documents = results.reduce((n, [, v]) => n + v.documents, 0);
  const skipped = results.reduce((n, [, v]) => n + v.skipped, 0);
  const prev = await r.watermarks.read(d.sync);
  const next = nextState(
    prev,
    results.map(([, v]) => v),
    d.spec.lookbackSeconds * 1000,
  );
  const outcome = await r.watermarks.commit(d.sync, d.runId, d.baseVersion, next, { at: new Date().toISOString(), documents, jobs: results.length });
  if (outcome === 'conflict') {
    throw new UnrecoverableError(
      new SyncStateError(`run ${d.runId} was planned from watermark version ${d.baseVersion}, now ${prev.version}; not committed`, d.sync).message,
    );
  }
  const version = outcome === 'committed' ? d.baseVersion + 1 : await r.watermarks.version(d.sync);
  const summary: RunSummary = { run: d.runId, sync: d.sync, outcome, version, jobs: results.length, documents, skipped };
  writeRunResults(d.spec.out, d.runId, [
    ...results.map(([job, v]) => ({
      job: job.replace(/^.*:/, ''),
      key: v.key,
      window: windowLabel(v.window),
      status: 'SUCCESS',
      documents: v.documents,
      skipped: v.skipped,
      worker: v.worker,
      ms: v.ms,
    })),
    { ...summary, status: 'COMMITTED' },
  ]);
  await r.redis.eval(RELEASE, 1, r.keys.active(d.sync), d.runId);
  ctx.log(`run ${d.runId}: ${outcome}, watermark version ${version}, ${documents} document(s) from ${results.length} job(s)`);
  return summary;
}
