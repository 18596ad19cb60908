// Three worker processes sync 20 subaccounts (one job per subaccount × day window) through
// a latency-injecting proxy in front of the sandbox. Mid-run one worker is SIGKILLed and
// another gets SIGTERM: the run still completes, every record is in exactly one file,
// the run counts each once, the watermark is committed once, and the per-account limit
// held across all workers.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, startSandbox, type Sandbox } from '../sandbox';
import { QUEUES } from '../workers/keys';
import { SyncRedis } from '../workers/redis';
import { registerSync, runNow } from '../workers/schedule';
import type { SyncSpec } from '../workers/spec';
import { startCountingProxy, type CountingProxy } from './helpers/counting-proxy';
import { RedisServer } from './helpers/redis-server';
import { createSubaccounts, putMessages } from './helpers/subaccounts';
import { runSummary, waitFor, WorkerProcess } from './helpers/workers';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const LIMIT = 4;

let redisServer: RedisServer;
let sb: Sandbox;
let proxy: CountingProxy;
let r: SyncRedis;
let out: string;
const workers: WorkerProcess[] = [];
const expected = new Set<string>();
const newest = new Map<string, number>();

beforeAll(async () => {
  [redisServer, sb] = await Promise.all([RedisServer.start(), startSandbox({ seed: { subaccounts: 0 } })]);
  proxy = await startCountingProxy(sb.url, 60);
  out = mkdtempSync(join(tmpdir(), 'tc-kill-'));
  r = new SyncRedis({ url: redisServer.url });
  const subaccounts = await createSubaccounts(sb, 20);
  // Two full UTC days before today, plus records exactly on the midnight boundaries.
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (const [i, account] of subaccounts.entries()) {
    const times = Array.from({ length: 24 }, (_, k) => today - 2 * DAY + k * (DAY / 12) + 1000 * (i + 1));
    times.push(today - DAY, today - 2 * DAY); // on a boundary: belongs to the later window only
    // A subaccount's record is named by its id, led by the AccountSid (':' is '_' in a file name).
    for (const sid of putMessages(sb, account, times)) expected.add(`${account}_${sid}`);
    newest.set(`${account}/Message`, Math.max(...times));
  }
  // The account's own seeded messages in the same days, if any, belong to the sync too.
  for (const m of sb.store.records('Message', SANDBOX_ACCOUNT_SID)) {
    const t = Date.parse(String(m.date_sent));
    if (t < today - 2 * DAY) continue;
    expected.add(String(m.sid));
    newest.set(`${SANDBOX_ACCOUNT_SID}/Message`, Math.max(t, newest.get(`${SANDBOX_ACCOUNT_SID}/Message`) ?? 0));
  }
  for (const [name, concurrency] of [
    ['w1', 3],
    ['w2', 2],
    ['w3', 2],
  ] as const) {
    workers.push(await WorkerProcess.start(name, proxy.url, redisServer.url, ['--concurrency', String(concurrency), '--lock', '2000', '--grace', '0']));
  }
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await r?.close();
  await proxy?.close();
  await sb?.close();
  await redisServer?.stop();
  rmSync(out, { recursive: true, force: true });
});

it('completes a run with one worker killed and one stopped midway; each record written once, one commit', async () => {
  const spec: SyncSpec = {
    name: 'subs',
    objectTypes: ['Message'],
    filters: [],
    out,
    window: '1d',
    since: new Date(Math.floor(Date.now() / DAY) * DAY - 2 * DAY).toISOString(),
    lookbackSeconds: 300,
    allSubaccounts: true,
    accountConcurrency: LIMIT,
    attempts: 5,
    backoffMs: 200,
    timestamps: 'twilio',
    pageSize: 5,
  };
  await registerSync(r, spec);
  await runNow(r, 'subs');
  const fetch = r.queue(QUEUES.fetch);
  const [, w2, w3] = workers;

  // Mid-run: once some jobs are done and w2 is fetching one (it holds a lease), kill it outright.
  const killed = await waitFor('w2 fetching mid-run', async () => {
    const [holders, active, completed] = await Promise.all([
      r.redis.zrange(r.keys.leases(SANDBOX_ACCOUNT_SID), '0', '-1'),
      fetch.getActive(),
      fetch.getCompletedCount(),
    ]);
    return completed >= 10 ? active.find((j) => holders.includes(`w2:${j.id}`))?.id : undefined;
  });
  w2.kill('SIGKILL');
  // Then ask w3 to stop just after one of its jobs took an account lease (well before that
  // job's first page is back): with --grace 0 it hands the job back and exits.
  const returned = await waitFor('w3 starting to fetch', async () => {
    const holders = new Set(await r.redis.zrange(r.keys.leases(SANDBOX_ACCOUNT_SID), '0', '-1'));
    const active = await fetch.getActive();
    return active.find((j) => holders.has(`w3:${j.id}`) && Date.now() - (j.processedOn ?? 0) < 40)?.id;
  });
  w3.kill('SIGTERM');
  expect(await w3.exited).toEqual({ code: 0, signal: null });
  expect(w3.log).toContain(`job ${returned} `);
  expect(w3.log).toMatch(/handed back \(shutting down\)[\s\S]*worker w3 stopped/);

  const runId = (await r.redis.lrange(r.keys.runs('subs'), 0, 0))[0];
  const summary = await waitFor('the run to commit', () => runSummary(r, runId), 40_000);

  // Every record exactly once: one file per id, no suffixed duplicates, the run counted each once.
  const files = readdirSync(out).filter((f) => f.endsWith('.xml'));
  expect(files.filter((f) => /-\d+\.xml$/.test(f))).toEqual([]);
  expect(new Set(files.map((f) => f.replace(/^Message-|\.xml$/g, '')))).toEqual(expected);
  expect(summary).toMatchObject({ outcome: 'committed', version: 1, documents: expected.size });
  for (const id of [...expected].slice(0, 3)) expect(readFileSync(join(out, `Message-${id}.xml`), 'utf8')).toContain(`<Sid>${id.split('_').pop()}</Sid>`);

  // The jobs the two stopped workers had were finished by the others.
  const lines = readFileSync(join(out, 'runs', `${runId}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const byJob = new Map(lines.filter((l) => l.job).map((l) => [`${l.job}`, l]));
  expect(byJob.get(killed)?.worker).toMatch(/^w[13]$/);
  expect(byJob.get(returned)?.worker).toBe('w1');
  expect(lines.filter((l) => l.status === 'SUCCESS')).toHaveLength(21 * 3); // 2 days and the open window, per account
  expect(lines.filter((l) => l.status !== 'SUCCESS' && l.status !== 'COMMITTED')).toEqual([]);

  // One commit, by this run.
  const commits = await r.watermarks.commits('subs');
  expect(commits.map((c) => c.run)).toEqual([runId]);
  const state = await r.watermarks.read('subs');
  expect(state.version).toBe(1);
  expect(state.marks).toEqual(newest); // per account, its newest DateSent

  // Seven fetch slots across the workers, never more than LIMIT requests at Twilio at once.
  expect(proxy.maxInFlight).toBeLessThanOrEqual(LIMIT);
  expect(proxy.maxInFlight).toBeGreaterThan(1);
});
