// What `status` shows: per sync its schedule, watermark and recent runs with their
// progress (fetch jobs done of all, documents written by the finished ones).
import type { Job } from 'bullmq';
import { ConfigurationError } from '../connector';
import type { FetchResult, RunJobData, RunSummary } from './jobs';
import { QUEUES } from './keys';
import type { SyncRedis } from './redis';
import { listSpecs } from './schedule';
import type { SyncSpec } from './spec';
import type { CommitRecord } from './state';

export interface RunStatus {
  run: string;
  /** BullMQ state of the run job: waiting-children while its fetch jobs run, completed once committed. */
  state: string;
  plannedAt?: string;
  jobs: number;
  done: number;
  failed: number;
  documents: number;
  committed: boolean;
  failedReason?: string;
}

export interface SyncStatus {
  name: string;
  objectTypes: string[];
  out: string;
  schedule?: { every?: number; cron?: string; next?: string };
  version: number;
  /** Accounts × object types the watermark has a mark for. */
  marks: number;
  lastCommit?: CommitRecord;
  commits: number;
  runs: RunStatus[];
}

async function runStatus(r: SyncRedis, sync: string, runId: string, committed: Set<string>): Promise<RunStatus> {
  const job = (await r.queue(QUEUES.run).getJob(runId)) as Job<RunJobData, RunSummary> | undefined;
  if (!job) {
    // No run job: removed after it committed, or never added because planning failed.
    const planFailure = committed.has(runId) ? null : await r.redis.get(r.keys.planFailure(sync, runId));
    const state = committed.has(runId) ? 'completed' : planFailure !== null ? 'failed' : 'unknown';
    const failedReason = planFailure !== null ? `planning failed: ${planFailure}` : undefined;
    return { run: runId, state, jobs: 0, done: 0, failed: 0, documents: 0, committed: committed.has(runId), failedReason };
  }
  const [state, counts, values] = await Promise.all([job.getState(), job.getDependenciesCount(), job.getChildrenValues<FetchResult>()]);
  return {
    run: runId,
    state,
    plannedAt: job.data.plannedAt ? new Date(job.data.plannedAt).toISOString() : undefined,
    jobs: job.data.jobs,
    done: counts.processed ?? 0,
    failed: counts.failed ?? 0,
    documents: Object.values(values).reduce((n, v) => n + v.documents, 0),
    committed: committed.has(runId),
    failedReason: (await withChildReason(r, job.failedReason)) || undefined,
  };
}

/** BullMQ says only `child tc:fetch:<id> failed` of a run that a job failed: the job's own reason says why. */
async function withChildReason(r: SyncRedis, reason: string | undefined): Promise<string | undefined> {
  const m = reason ? /^child \S*:fetch:(\S+) failed$/.exec(reason) : null;
  if (!m) return reason;
  const child = await r.queue(QUEUES.fetch).getJob(m[1]);
  return child?.failedReason ? `job ${m[1]} failed: ${child.failedReason}` : reason;
}

/** The syncs status shows: all, or the one asked for, which must be registered. */
async function selectSpecs(r: SyncRedis, sync: string | undefined): Promise<SyncSpec[]> {
  const specs = (await listSpecs(r)).sort((a, b) => a.name.localeCompare(b.name));
  if (sync === undefined) return specs;
  const spec = specs.find((s) => s.name === sync);
  if (spec) return [spec];
  const known = specs.length ? `registered: ${specs.map((s) => s.name).join(', ')}` : 'none is: twilio-connector schedule <name> …';
  throw new ConfigurationError(`--sync '${sync}' is not a registered sync (${known})`);
}

export async function syncStatus(r: SyncRedis, opts: { sync?: string; runs?: number } = {}): Promise<SyncStatus[]> {
  const specs = await selectSpecs(r, opts.sync);
  const schedulers = new Map((await r.queue(QUEUES.plan).getJobSchedulers()).map((s) => [s.key, s]));
  const out: SyncStatus[] = [];
  for (const spec of specs) {
    const [state, commits, runIds, committed] = await Promise.all([
      r.watermarks.read(spec.name),
      r.watermarks.commits(spec.name),
      // LRANGE 0 -1 is the whole list: no runs asked for is none.
      opts.runs === 0 ? Promise.resolve([]) : r.redis.lrange(r.keys.runs(spec.name), 0, (opts.runs ?? 5) - 1),
      r.redis.smembers(r.keys.committedRuns(spec.name)),
    ]);
    const done = new Set(committed);
    const s = schedulers.get(spec.name);
    out.push({
      name: spec.name,
      objectTypes: spec.objectTypes,
      out: spec.out,
      schedule: s ? { every: s.every ?? undefined, cron: s.pattern ?? undefined, next: s.next ? new Date(s.next).toISOString() : undefined } : undefined,
      version: state.version,
      marks: state.marks.size,
      lastCommit: commits[commits.length - 1],
      commits: commits.length,
      runs: await Promise.all(runIds.map((id) => runStatus(r, spec.name, id, done))),
    });
  }
  return out;
}

export function formatStatus(syncs: SyncStatus[]): string {
  if (!syncs.length) return 'no syncs registered (twilio-connector schedule <name> …)\n';
  const lines: string[] = [];
  for (const s of syncs) {
    const cadence = s.schedule
      ? (s.schedule.cron ? `cron ${s.schedule.cron}` : `every ${s.schedule.every} ms`) + (s.schedule.next ? `, next ${s.schedule.next}` : '')
      : 'no schedule';
    lines.push(`${s.name}: ${s.objectTypes.join(', ')} → ${s.out} (${cadence})`);
    lines.push(
      `  watermark version ${s.version}, ${s.marks} mark(s)` +
        (s.lastCommit ? `, last commit ${s.lastCommit.at} by ${s.lastCommit.run} (${s.lastCommit.documents} document(s))` : ''),
    );
    for (const run of s.runs) {
      const progress = `${run.done}/${run.jobs} job(s)${run.failed ? `, ${run.failed} failed` : ''}, ${run.documents} document(s)`;
      lines.push(`  ${run.run}  ${run.committed ? 'committed' : run.state}  ${progress}${run.failedReason ? `  (${run.failedReason})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
