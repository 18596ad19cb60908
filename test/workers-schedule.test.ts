// A schedule registered through the CLI fires every 2 s on two worker processes: the
// first run syncs everything since --since, later runs only what is new (from the
// watermark minus the lookback, skipping ids already delivered). Then Redis restarts on
// its AOF and the committed watermark is still there: the next run delivers nothing again.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { SANDBOX_ACCOUNT_SID, startSandbox, type Sandbox } from '../sandbox';
import { QUEUES } from '../workers/keys';
import { SyncRedis } from '../workers/redis';
import { removeSync, runNow } from '../workers/schedule';
import type { SyncSpec } from '../workers/spec';
import type { CommitRecord } from '../workers/state';
import { syncStatus } from '../workers/status';
import { RedisServer } from './helpers/redis-server';
import { createSubaccounts, putMessages } from './helpers/subaccounts';
import { runFailure, runSummary, waitFor, WorkerProcess } from './helpers/workers';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const LOOKBACK_S = 300;

let redisServer: RedisServer;
let sb: Sandbox;
let r: SyncRedis;
let out: string;
let accounts: string[];
const workers: WorkerProcess[] = [];
const start = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
const stdout: string[] = [];

async function cli(...args: string[]): Promise<string> {
  stdout.length = 0;
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  try {
    await main(['node', 'twilio-connector', ...args]);
  } finally {
    write.mockRestore();
  }
  expect(process.exitCode ?? 0).toBe(0);
  return stdout.join('');
}

/** The sync every test registers, as `schedule every2s` options (without a cadence: on demand). */
function syncOptions(): string[] {
  return [
    '--redis',
    redisServer.url,
    '--out',
    out,
    '--all-subaccounts',
    '--since',
    new Date(start).toISOString(),
    '--window',
    '6h',
    '--lookback',
    String(LOOKBACK_S),
  ];
}

/** Removes the 2 s schedule and waits until no run or job of it is left, so the tests after start from a quiet state. */
async function stopSchedule(): Promise<void> {
  await removeSync(r, 'every2s');
  await waitFor('the scheduled runs to end', async () => {
    if ((await r.redis.get(r.keys.active('every2s'))) !== null) return undefined;
    const counts = await Promise.all(Object.values(QUEUES).map((q) => r.queue(q).getJobCounts('active', 'waiting', 'delayed', 'waiting-children')));
    return counts.every((c) => Object.values(c).every((n) => n === 0)) ? true : undefined;
  });
}

/** The account's own seeded messages in these hours, if the seed has any, are synced too. */
const ownMessages = () => sb.store.records('Message', SANDBOX_ACCOUNT_SID).filter((m) => Date.parse(String(m.date_sent)) >= start).length;
const filesWritten = () => readdirSync(out).filter((f) => f.endsWith('.xml')).length;
const commits = () => r.watermarks.commits('every2s');

beforeAll(async () => {
  [redisServer, sb] = await Promise.all([RedisServer.start(), startSandbox({ seed: { subaccounts: 0 } })]);
  out = mkdtempSync(join(tmpdir(), 'tc-schedule-'));
  r = new SyncRedis({ url: redisServer.url });
  accounts = await createSubaccounts(sb, 3);
  for (const account of accounts)
    putMessages(
      sb,
      account,
      Array.from({ length: 10 }, (_, k) => start + k * 30 * 60_000),
    );
  for (const name of ['s1', 's2']) workers.push(await WorkerProcess.start(name, sb.url, redisServer.url, ['--concurrency', '2', '--lock', '2000']));
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await r?.close();
  await sb?.close();
  await redisServer?.stop();
  rmSync(out, { recursive: true, force: true });
  process.exitCode = 0;
});

it('fires at least twice; the first run syncs everything, the next ones only what is new', async () => {
  const printed = await cli('schedule', 'every2s', ...syncOptions(), '--every', '2s', '--page-size', '4');
  expect(printed).toContain(`registered sync every2s: Message → ${out}, every 2s`);
  const [first] = await waitFor('the first commit', async () => ((await commits()).length ? commits() : undefined));
  expect(first.documents).toBe(30 + ownMessages());
  expect(filesWritten()).toBe(30 + ownMessages());
  const mark = (await r.watermarks.read('every2s')).marks.get(`${accounts[0]}/Message`)!;
  expect(mark).toBe(start + 9 * 30 * 60_000);
  const requestsBefore = sb.requests.length;

  // New records: two after the mark, one late arrival inside the lookback window below it.
  putMessages(sb, accounts[0], [mark + 60_000, mark + 120_000, mark - 60_000]);
  const later = await waitFor('the new records to be synced', async () => {
    const after = (await commits()).slice(1);
    return after.reduce((n, c) => n + c.documents, 0) >= 3 ? after : undefined;
  });
  expect(later.reduce((n: number, c: CommitRecord) => n + c.documents, 0)).toBe(3);
  expect(filesWritten()).toBe(33 + ownMessages());

  // Every list request of the later runs was bounded below by (mark − lookback) of its account
  // (the account itself has no messages in these hours, so no mark: it stays at --since).
  const floors = new Map(accounts.map((a) => [a, mark - LOOKBACK_S * 1000]));
  const listed = sb.requests.slice(requestsBefore).filter((q) => q.path.endsWith('/Messages.json'));
  expect(listed.length).toBeGreaterThan(0);
  for (const q of listed) {
    const account = q.path.split('/')[3];
    const bound = Date.parse(new URLSearchParams(q.query).get('DateSent>') ?? '');
    expect(bound).toBeGreaterThanOrEqual((floors.get(account) ?? start) - 1000);
  }

  // status shows the schedule, the watermark and the runs.
  const [status] = await syncStatus(r, { sync: 'every2s' });
  expect(status.schedule?.every).toBe(2000);
  expect(status.runs.filter((run) => run.committed).length).toBeGreaterThanOrEqual(2);
  expect(await cli('status', '--redis', redisServer.url)).toMatch(/every2s: Message → .*every 2000 ms/);
});

it('a Redis restart keeps the committed watermark; the next run goes on from it', async () => {
  await stopSchedule();
  await cli('schedule', 'every2s', ...syncOptions());
  const before = await r.watermarks.read('every2s');
  const commitsBefore = await commits();

  await redisServer.restart();
  const after = await r.watermarks.read('every2s');
  expect(after).toEqual(before);
  expect(await commits()).toEqual(commitsBefore);

  // The workers reconnect by themselves; a run now finds nothing new.
  const runId = await runNow(r, 'every2s');
  const summary = await waitFor('the run after the restart', () => runSummary(r, runId));
  expect(summary).toMatchObject({ outcome: 'committed', version: before.version + 1, documents: 0 });
  expect(filesWritten()).toBe(33 + ownMessages());
});

it('a run with a job that fails for good commits nothing; the next run covers its windows again', async () => {
  await cli('schedule', 'every2s', ...syncOptions(), '--attempts', '1');
  const before = await r.watermarks.read('every2s');
  const commitsBefore = await commits();
  putMessages(sb, accounts[2], [start + 5 * HOUR + 1000]);
  // Twilio refuses one subaccount's list: that job fails at once (a 4xx is not retried).
  sb.faults.set([{ kind: 'status', status: 403, pathIncludes: `/Accounts/${accounts[1]}/Messages.json` }]);
  const failedRun = await runNow(r, 'every2s');
  const reason = await waitFor('the run to fail', () => runFailure(r, failedRun));
  expect(reason).toMatch(/failed/);
  expect(await r.watermarks.read('every2s')).toEqual(before);
  expect(await commits()).toEqual(commitsBefore);
  const lines = readFileSync(join(out, 'runs', `${failedRun}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toEqual([expect.objectContaining({ status: 'FAILURE', key: `${accounts[1]}/Message`, message: expect.stringContaining('403') })]);
  // status says why, from the job that failed, not only that a child did.
  const [status] = await syncStatus(r, { sync: 'every2s', runs: 10 });
  expect(status.runs.find((x) => x.run === failedRun)).toMatchObject({
    state: 'failed',
    failedReason: expect.stringMatching(new RegExp(`^job ${failedRun}\\.\\d+ failed: .*403`)),
  });

  sb.faults.clear();
  const nextRun = await runNow(r, 'every2s');
  const summary = await waitFor('the next run', () => runSummary(r, nextRun));
  expect(summary).toMatchObject({ outcome: 'committed', version: before.version + 1, documents: 1 });
});

it("a job whose requests keep failing past the connector's own retries is tried again by BullMQ, with backoff", async () => {
  // No scheduled run may take the faults this test injects.
  await stopSchedule();
  await cli('schedule', 'every2s', ...syncOptions(), '--attempts', '3', '--backoff', '300');
  const before = await r.watermarks.read('every2s');
  const [sid] = putMessages(sb, accounts[0], [start + 5 * HOUR + 2000]);
  // Five 503s: the first try of the job (one request and the connector's four retries) fails.
  sb.faults.set([{ kind: 'status', status: 503, times: 5, pathIncludes: `/Accounts/${accounts[0]}/Messages.json` }]);
  const runId = await runNow(r, 'every2s');
  const summary = await waitFor('the run', () => runSummary(r, runId));
  expect(sb.faults.hits).toBe(5);
  expect(summary).toMatchObject({ outcome: 'committed', version: before.version + 1, documents: 1 });
  expect(readdirSync(out)).toContain(`Message-${accounts[0]}_${sid}.xml`); // a subaccount record: its id is led by the AccountSid
  expect(workers.map((w) => w.log).join('')).toMatch(new RegExp(`job ${runId}\\.\\d+ ${accounts[0]}/Message .*: failed, retried: .*503`));
  sb.faults.clear();
});

it('status shows a run whose planning failed, with the reason', async () => {
  // Stored as it was before schedule refused it: 90 s windows over 20 days, too many jobs for one run.
  const spec: SyncSpec = {
    name: 'toomany',
    objectTypes: ['Message'],
    filters: [],
    out,
    window: '90s',
    since: new Date(Date.now() - 20 * 86_400_000).toISOString(),
    lookbackSeconds: LOOKBACK_S,
    allSubaccounts: false,
    accountConcurrency: 10,
    attempts: 1,
    backoffMs: 1000,
    timestamps: 'twilio',
  };
  await r.redis.hset(r.keys.syncs, 'toomany', JSON.stringify(spec));
  const runId = await runNow(r, 'toomany');
  const runs = await waitFor(
    'the planning to fail',
    async () => {
      const [status] = await syncStatus(r, { sync: 'toomany' });
      return status?.runs.length ? status.runs : undefined;
    },
    5000,
  );
  expect(runs).toEqual([
    expect.objectContaining({
      run: runId,
      state: 'failed',
      failedReason: expect.stringMatching(/^planning failed: window 90 seconds splits .* into more than 10000 jobs/),
    }),
  ]);
  expect(await cli('status', '--redis', redisServer.url, '--sync', 'toomany')).toContain(
    `  ${runId}  failed  0/0 job(s), 0 document(s)  (planning failed: window 90 seconds`,
  );
  await removeSync(r, 'toomany');
});

it('schedule --now prints the id of the run it plans, as status and the runs folder name it', async () => {
  const printed = await cli('schedule', 'every2s', ...syncOptions(), '--now');
  const runId = /^planned run (\S+)$/m.exec(printed)?.[1];
  expect(runId).toMatch(/^every2s-n\d+$/);
  await waitFor('the run', () => runSummary(r, runId!));
  const [status] = await syncStatus(r, { sync: 'every2s' });
  expect(status.runs[0]).toMatchObject({ run: runId, committed: true });
  expect(readdirSync(join(out, 'runs'))).toContain(`${runId}.jsonl`);
});

it('two plans of one sync at once make one run: the second finds the first still being planned, before its run job exists', async () => {
  await cli('schedule', 'twice', ...syncOptions());
  // Listing the subaccounts takes 1.5 s: the second plan job runs (on the other worker) while the first is planning.
  sb.faults.set([{ kind: 'slow', delayMs: 1500, pathIncludes: '/Accounts.json' }]);
  try {
    const planned = [await runNow(r, 'twice'), await runNow(r, 'twice')];
    await waitFor('a run of twice to commit', async () => ((await r.watermarks.commits('twice')).length ? true : undefined), 20_000);
    await waitFor('both plan jobs to end', async () => {
      const counts = await r.queue(QUEUES.plan).getJobCounts('active', 'waiting', 'delayed');
      return Object.values(counts).every((n) => n === 0) ? true : undefined;
    });
    const [status] = await syncStatus(r, { sync: 'twice' });
    expect(status.runs).toEqual([expect.objectContaining({ committed: true })]);
    expect(planned).toContain(status.runs[0].run);
    expect(await r.watermarks.commits('twice')).toHaveLength(1);
  } finally {
    sb.faults.set([]);
    await removeSync(r, 'twice');
  }
});

it('schedule --now while a run of the sync is still going says so instead of naming a run that never comes', async () => {
  sb.faults.set([{ kind: 'slow', delayMs: 1500, pathIncludes: '/Messages.json' }]);
  try {
    const first = /^planned run (\S+)$/m.exec(await cli('schedule', 'busy', ...syncOptions(), '--now'))?.[1];
    expect(first).toMatch(/^busy-n\d+$/);
    const { runInProgress } = await import('../workers/plan');
    await waitFor('the run to be under way', async () => ((await runInProgress(r, 'busy')) === first ? true : undefined));
    expect(await cli('schedule', 'busy', ...syncOptions(), '--now')).toContain(`run ${first} of busy is still going; no run planned`);
    await waitFor('the run to commit', async () => ((await r.watermarks.commits('busy')).length ? true : undefined), 20_000);
  } finally {
    sb.faults.set([]);
    await removeSync(r, 'busy');
  }
});
