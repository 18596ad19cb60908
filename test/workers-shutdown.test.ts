// SIGTERM with a page still coming: the worker process gives its job the --grace period,
// then ends the request in flight (Twilio is slow, the HTTP timeout 30 s away), hands the
// job back untouched and exits 0; another worker then runs it from the start.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, startSandbox, type Sandbox } from '../sandbox';
import { QUEUES } from '../workers/keys';
import { SyncRedis } from '../workers/redis';
import { registerSync, runNow } from '../workers/schedule';
import type { SyncSpec } from '../workers/spec';
import { RedisServer } from './helpers/redis-server';
import { putMessages } from './helpers/subaccounts';
import { runSummary, waitFor, WorkerProcess } from './helpers/workers';

jest.setTimeout(30_000);

const GRACE_S = 1;
/** The slow page: far beyond the grace period, short of the 30 s HTTP timeout. */
const SLOW_MS = 20_000;

let redisServer: RedisServer;
let sb: Sandbox;
let r: SyncRedis;
let out: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [redisServer, sb] = await Promise.all([RedisServer.start(), startSandbox({ seed: { subaccounts: 0 } })]);
  out = mkdtempSync(join(tmpdir(), 'tc-shutdown-'));
  r = new SyncRedis({ url: redisServer.url });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await r?.close();
  await sb?.close();
  await redisServer?.stop();
  rmSync(out, { recursive: true, force: true });
});

/** The worker's exit, or a failure once `ms` have passed without one. */
function exitWithin(w: WorkerProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`worker ${w.name} still running after ${ms} ms:\n${w.log}`)), ms);
  });
  return Promise.race([w.exited, late]).finally(() => clearTimeout(timer));
}

it('ends the request in flight once the grace period is over, hands the job back and exits 0', async () => {
  const since = Date.now() - 3_600_000;
  const sids = putMessages(sb, SANDBOX_ACCOUNT_SID, [since + 60_000, since + 120_000]);
  const spec: SyncSpec = {
    name: 'slow',
    objectTypes: ['Message'],
    filters: [],
    out,
    window: '1d',
    since: new Date(since).toISOString(),
    lookbackSeconds: 300,
    allSubaccounts: false,
    accountConcurrency: 10,
    attempts: 5,
    backoffMs: 200,
    timestamps: 'twilio',
  };
  const w1 = await WorkerProcess.start('g1', sb.url, redisServer.url, ['--grace', String(GRACE_S), '--lock', '2000']);
  workers.push(w1);
  sb.faults.set([{ kind: 'slow', delayMs: SLOW_MS, times: 1, pathIncludes: '/Messages.json' }]);
  await registerSync(r, spec);
  const runId = await runNow(r, 'slow');
  const [job] = await waitFor('the fetch job to wait on its slow page', async () => {
    const active = await r.queue(QUEUES.fetch).getActive();
    return active.length && sb.faults.hits === 1 ? active : undefined;
  });

  w1.kill('SIGTERM');
  // The page is SLOW_MS away: an exit well before it means the request was ended, not waited for.
  expect(await exitWithin(w1, GRACE_S * 1000 + 4000)).toEqual({ code: 0, signal: null });
  expect(w1.log).toMatch(new RegExp(`job ${job.id} ${SANDBOX_ACCOUNT_SID}/Message: handed back \\(shutting down\\)[\\s\\S]*worker g1 stopped`));
  expect(w1.log).not.toMatch(/failed/);
  // Back in the queue and not counted as a try.
  const returned = (await r.queue(QUEUES.fetch).getJob(job.id!))!;
  expect(await returned.getState()).toBe('waiting');
  expect(returned.attemptsMade).toBe(0);
  expect(readdirSync(out).filter((f) => f.endsWith('.xml'))).toEqual([]);

  // Another worker runs the job from the start; the slow rule fired once, so its page comes at once.
  workers.push(await WorkerProcess.start('g2', sb.url, redisServer.url, ['--lock', '2000']));
  const summary = await waitFor('the run to commit', () => runSummary(r, runId));
  const expected = sb.store.records('Message', SANDBOX_ACCOUNT_SID).filter((m) => Date.parse(String(m.date_sent)) >= since).length;
  expect(summary).toMatchObject({ outcome: 'committed', version: 1, documents: expected });
  for (const sid of sids) expect(readdirSync(out)).toContain(`Message-${sid}.xml`);
});

it('SIGTERM while Redis is gone: the worker leaves once the grace period and the hand-back time are over, exit 0', async () => {
  const own = await RedisServer.start();
  const w = await WorkerProcess.start('offline', sb.url, own.url, ['--grace', String(GRACE_S)]);
  workers.push(w);
  await own.stop();
  const signalled = Date.now();
  w.kill('SIGTERM');
  // Grace (1 s) + hand-back (5 s) + the forced close (up to 2 s each), well short of for ever.
  expect(await exitWithin(w, 15_000)).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalled).toBeGreaterThanOrEqual(GRACE_S * 1000);
  expect(w.log).toMatch(/Redis did not answer the close; leaving without it/);
  // Its log is the CLI's (timestamped lines), and Redis refusing ~4 times a second is said once, not every time.
  expect(w.log).toMatch(/^\S+Z worker offline ready: /m);
  expect(w.log.match(/Z worker offline: connect ECONNREFUSED/g)?.length).toBe(1);
});

it('a worker the connector or BullMQ refuses at start exits 2 with the reason, holding nothing open', async () => {
  for (const [args, baseUrl, reason] of [
    [['--concurrency', '0'], sb.url, /option '--concurrency <n>' argument '0' is invalid. expected a positive integer/],
    [[], 'http://example.com', /plain http:\/\/ is only allowed for loopback/],
  ] as const) {
    const w = WorkerProcess.spawn('refused', baseUrl, redisServer.url, [...args]);
    workers.push(w);
    expect(await exitWithin(w, 10_000)).toEqual({ code: 2, signal: null });
    expect(w.log).toMatch(reason);
  }
});

it('SIGTERM while a plan lists the subaccounts: the listing ends after the grace period, the plan job goes back untried, nothing is recorded as failed', async () => {
  const spec: SyncSpec = {
    name: 'planning',
    objectTypes: ['Message'],
    filters: [],
    out,
    window: '1d',
    since: new Date(Date.now() - 3_600_000).toISOString(),
    lookbackSeconds: 300,
    allSubaccounts: true,
    accountConcurrency: 10,
    attempts: 5,
    backoffMs: 200,
    timestamps: 'twilio',
  };
  // This worker alone: one an earlier test left running would take the plan job.
  for (const other of workers) other.kill('SIGKILL');
  await Promise.all(workers.map((other) => other.exited));
  const w = await WorkerProcess.start('p1', sb.url, redisServer.url, ['--grace', String(GRACE_S), '--lock', '2000']);
  workers.push(w);
  sb.faults.set([{ kind: 'slow', delayMs: SLOW_MS, times: 1, pathIncludes: '/Accounts.json' }]);
  try {
    await registerSync(r, spec);
    await runNow(r, 'planning');
    const [job] = await waitFor('the plan job to wait on the account list', async () => {
      const active = await r.queue(QUEUES.plan).getActive();
      return active.length && sb.faults.hits === 1 ? active : undefined;
    });
    w.kill('SIGTERM');
    expect(await exitWithin(w, GRACE_S * 1000 + 4000)).toEqual({ code: 0, signal: null });
    expect(w.log).toMatch(new RegExp(`plan ${job.id}: handed back \\(shutting down\\)`));
    const returned = (await r.queue(QUEUES.plan).getJob(job.id!))!;
    expect([await returned.getState(), returned.attemptsMade]).toEqual(['waiting', 0]);
    expect(await r.redis.keys(`*planfailed*`)).toEqual([]);
    expect(await r.redis.get(r.keys.planning('planning'))).toBeNull();
  } finally {
    sb.faults.set([]);
  }
});
