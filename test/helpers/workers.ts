// Worker processes for the distributed-mode tests: `twilio-connector worker` run from
// the TypeScript sources through tsx, each its own process, pointed at a sandbox.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../sandbox';
import type { RunSummary } from '../../workers/jobs';
import { QUEUES } from '../../workers/keys';
import type { SyncRedis } from '../../workers/redis';

const ROOT = join(__dirname, '..', '..');

export class WorkerProcess {
  log = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stderr!.on('data', (c: Buffer) => void (this.log += c.toString()));
    child.stdout!.on('data', (c: Buffer) => void (this.log += c.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The worker process, started; start() waits until it is ready, spawn() does not (one expected to refuse its options). */
  static spawn(name: string, baseUrl: string, redisUrl: string, args: string[] = []): WorkerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'worker', '--redis', redisUrl, '--name', name, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        TWILIO_BASE_URL: baseUrl,
        TWILIO_ACCOUNT_SID: SANDBOX_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: SANDBOX_AUTH_TOKEN,
        TWILIO_API_KEY: '',
        TWILIO_API_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(name, child);
  }

  static async start(name: string, baseUrl: string, redisUrl: string, args: string[] = []): Promise<WorkerProcess> {
    const w = WorkerProcess.spawn(name, baseUrl, redisUrl, args);
    const child = w.child;
    const deadline = Date.now() + 20_000;
    while (!w.log.includes(`worker ${name} ready`)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker ${name} did not start:\n${w.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return w;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** Polls until `check` returns a value (not undefined), or fails after timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A run's job once it has ended, for waitFor: the state is read before the job, since a job
 * read just before it completed has no return value yet. Undefined while the run goes on.
 */
async function runEnd(r: SyncRedis, runId: string): Promise<{ state: 'completed' | 'failed'; summary: RunSummary; reason: string } | undefined> {
  const state = await r.queue(QUEUES.run).getJobState(runId);
  if (state !== 'completed' && state !== 'failed') return undefined;
  const job = (await r.queue(QUEUES.run).getJob(runId))!;
  return { state, summary: job.returnvalue as RunSummary, reason: job.failedReason };
}

/** The summary of a run that completed; a run that failed throws with BullMQ's reason. */
export async function runSummary(r: SyncRedis, runId: string): Promise<RunSummary | undefined> {
  const end = await runEnd(r, runId);
  if (end?.state === 'failed') throw new Error(`run ${runId} failed: ${end.reason}`);
  return end?.summary;
}

/** BullMQ's reason for a run that failed; a run that completed throws. */
export async function runFailure(r: SyncRedis, runId: string): Promise<string | undefined> {
  const end = await runEnd(r, runId);
  if (end?.state === 'completed') throw new Error(`run ${runId} completed where it should have failed`);
  return end?.reason;
}
