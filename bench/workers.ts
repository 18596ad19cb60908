// Distributed-mode bench, run on demand: `npm run bench:workers [-- flags]`. Not a test.
//
//   --accounts N      subaccounts (default 50)        --messages N   per subaccount (default 20000)
//   --days N          days the messages span (20)     --latency MS   per request (150)
//   --workers LIST    worker processes per round (1,2,4)
//   --concurrency N   fetch jobs per worker (8)       --limit N      per-account limit (32)
//   --profile         V8 CPU profile of each worker in bench/results/profiles/ (summary: bench/profile-summary.ts)
//
// Each round: a fresh redis-server, N worker processes (`twilio-connector worker`), one
// sync of every subaccount's messages (one job per subaccount × day, PageSize 1000) from
// bench/servers/subaccounts.ts, timed from planning to the watermark commit. Records land
// as files in a tmpfs folder (/dev/shm), checked: one file per record, none missing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../sandbox';
import { QUEUES } from '../workers/keys';
import { SyncRedis } from '../workers/redis';
import { registerSync, runNow } from '../workers/schedule';
import type { RunSummary } from '../workers/jobs';
import { RedisServer } from '../test/helpers/redis-server';

const ROOT = join(__dirname, '..', '..');
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
  return {
    accounts: Number(value('--accounts', '50')),
    messages: Number(value('--messages', '20000')),
    days: Number(value('--days', '20')),
    latency: Number(value('--latency', '150')),
    workers: value('--workers', '1,2,4').split(',').map(Number),
    concurrency: Number(value('--concurrency', '8')),
    limit: Number(value('--limit', '32')),
    profile: argv.includes('--profile'),
  };
}

/** utime + stime (ms) and peak RSS (MB) of a live process, from /proc. */
function usage(pid: number): { cpuMs: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, peakMb: Math.round(Number(hwm?.[1] ?? 0) / 102.4) / 10 };
}

function started(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));

interface Round {
  workers: number;
  ms: number;
  documents: number;
  files: number;
  jobs: number;
  workerCpuMs: number;
  serverCpuMs: number;
  peakMb: number;
}

async function round(o: ReturnType<typeof args>, server: { url: string; pid: number }, n: number): Promise<Round> {
  const redis = await RedisServer.start();
  const out = mkdtempSync(join(existsShm() ? '/dev/shm' : os.tmpdir(), 'tc-bench-'));
  const env = { ...process.env, TWILIO_BASE_URL: server.url, TWILIO_ACCOUNT_SID: SANDBOX_ACCOUNT_SID, TWILIO_AUTH_TOKEN: SANDBOX_AUTH_TOKEN };
  const workers = Array.from({ length: n }, (_, i) =>
    spawn(
      process.execPath,
      [
        ...(o.profile ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench', 'results', 'profiles')] : []),
        join(ROOT, 'bin', 'twilio-connector.js'),
        'worker',
        '--redis',
        redis.url,
        '--name',
        `b${i + 1}`,
        '--concurrency',
        String(o.concurrency),
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  await Promise.all(workers.map((w, i) => started(w, /ready/, `worker b${i + 1}`)));
  const r = new SyncRedis({ url: redis.url });
  try {
    await registerSync(r, {
      name: 'bench',
      objectTypes: ['Message'],
      filters: [{ field: 'DateSent', op: 'before', value: new Date(START + o.days * DAY).toISOString() }],
      out,
      window: '1d',
      since: new Date(START).toISOString(),
      lookbackSeconds: 300,
      allSubaccounts: true,
      accountConcurrency: o.limit,
      attempts: 5,
      backoffMs: 1000,
      timestamps: 'twilio',
      pageSize: 1000,
    });
    const cpu0 = workers.map((w) => usage(w.pid!).cpuMs);
    const server0 = usage(server.pid).cpuMs;
    const t0 = performance.now();
    const runId = await runNow(r, 'bench');
    let summary: RunSummary | undefined;
    while (!summary) {
      await new Promise((res) => setTimeout(res, 50));
      const job = await r.queue(QUEUES.run).getJob(runId);
      const state = await job?.getState();
      if (state === 'failed') throw new Error(`run failed: ${job!.failedReason}`);
      if (state === 'completed') summary = job!.returnvalue as RunSummary;
    }
    const ms = performance.now() - t0;
    const use = workers.map((w) => usage(w.pid!));
    const files = readdirSync(out).filter((f) => f.endsWith('.xml')).length;
    return {
      workers: n,
      ms,
      documents: summary.documents,
      files,
      jobs: summary.jobs,
      workerCpuMs: use.reduce((s, u, i) => s + u.cpuMs - cpu0[i], 0),
      serverCpuMs: usage(server.pid).cpuMs - server0,
      peakMb: Math.max(...use.map((u) => u.peakMb)),
    };
  } finally {
    await Promise.all(workers.map(stop));
    await r.close();
    await redis.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

function existsShm(): boolean {
  try {
    return readdirSync('/dev/shm') !== undefined;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const o = args();
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'servers', 'subaccounts.js'),
      '--accounts',
      String(o.accounts),
      '--messages',
      String(o.messages),
      '--days',
      String(o.days),
      '--latency',
      String(o.latency),
      '--start',
      new Date(START).toISOString(),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [, url] = await started(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'subaccount server');
  const total = o.accounts * o.messages;
  const lines = [
    `# Distributed sync: ${o.accounts} subaccounts × ${o.messages} messages (${total.toLocaleString('en')}), ${o.latency} ms a request, PageSize 1000, window 1d, ${o.concurrency} fetch jobs per worker, account limit ${o.limit}`,
    `${os.cpus().length} cores, load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '',
    '| workers | wall s | records/s | vs 1 worker | worker CPU s | CPU per record µs | server CPU s | peak RSS per worker MB | files | jobs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  try {
    let base: number | undefined;
    for (const n of o.workers) {
      const res = await round(o, { url, pid: child.pid! }, n);
      const rate = res.documents / (res.ms / 1000);
      base ??= rate;
      const ok = res.documents === total && res.files === total ? '' : ` (expected ${total})`;
      lines.push(
        `| ${n} | ${(res.ms / 1000).toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ${(rate / base).toFixed(2)}× | ${(res.workerCpuMs / 1000).toFixed(1)} | ${((res.workerCpuMs * 1000) / res.documents).toFixed(1)} | ${(res.serverCpuMs / 1000).toFixed(1)} | ${res.peakMb} | ${res.files}${ok} | ${res.jobs} |`,
      );
      process.stderr.write(lines[lines.length - 1] + '\n');
    }
  } finally {
    await stop(child);
  }
  lines.push(
    '',
    `load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
