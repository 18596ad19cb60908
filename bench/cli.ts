// The CLI as users run it, whole processes (start-up included), beside the same work
// done by a raw fetch + JSON.parse loop and by the official client:
//   npm run bench:cli [-- --messages 100000 --creates 2000 --rounds 5]
// Query: 100,000 messages from the replay server to stdout (a pipe the parent drains),
// to one file per record (--out), to the batch sink (--out --batch run) and as JSON
// lines. Create: 2,000 messages at concurrency 16 against a fresh sandbox. Rounds are
// interleaved (a b c, a b c, …) so drift on the shared machine hits all alike; the
// report gives medians of wall time and CPU time and the ratios the targets name.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../sandbox';
import { benchMessage } from './clients/common';
import { startServer, type ServerHandle } from './lib/proc';

const DIST = join(__dirname, '..');
const CLI = join(DIST, 'cli', 'main.js');
const PRELOAD = join(__dirname, 'lib', 'exit-usage.js');

interface Measure {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  stdoutBytes: number;
}

interface Client {
  name: string;
  /** node arguments after the preload */
  args: (server: string, tmp: string) => string[];
  env?: (server: string) => Record<string, string>;
  stdin?: string;
}

function args(argv: string[]): { messages: number; creates: number; rounds: number } {
  const out = { messages: 100_000, creates: 2000, rounds: 5 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '') as keyof typeof out;
    if (!(key in out)) throw new Error(`unknown flag ${argv[i]} (--messages N, --creates N, --rounds N)`);
    out[key] = Number(argv[++i]);
  }
  return out;
}

/**
 * Where --out writes: tmpfs when there is one, so the figure is the CLI's cost per file and not
 * the disk's (creating 100k files on this VM's ext4 slows from run to run in the kernel).
 */
const TMP_BASE = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

const credentials = (url: string) => ({ TWILIO_ACCOUNT_SID: SANDBOX_ACCOUNT_SID, TWILIO_AUTH_TOKEN: SANDBOX_AUTH_TOKEN, TWILIO_BASE_URL: url });

/** Runs one whole process; stdout is drained and counted, stderr kept for errors. */
function measure(client: Client, server: string, tmp: string): Promise<Measure> {
  const usage = join(tmp, 'usage.jsonl');
  rmSync(usage, { force: true });
  const env = { ...process.env, ...(client.env?.(server) ?? {}), BENCH_USAGE_FILE: usage };
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--require', PRELOAD, ...client.args(server, tmp)], {
    env,
    stdio: [client.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (client.stdin) child.stdin!.end(client.stdin);
  let bytes = 0;
  let err = '';
  child.stdout!.on('data', (c: Buffer) => void (bytes += c.length));
  child.stderr!.on('data', (c: Buffer) => void (err += c));
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`${client.name} exited ${code}: ${err.slice(-2000)}`));
      const { cpuMs, maxRssMb } = JSON.parse(readFileSync(usage, 'utf8').trim()) as { cpuMs: number; maxRssMb: number };
      resolve({ wallMs, cpuMs, maxRssMb, stdoutBytes: bytes });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (a / b).toFixed(2) + '×';

async function rounds(clients: Client[], server: () => Promise<ServerHandle>, n: number, perRound: boolean): Promise<Map<string, Measure[]>> {
  const results = new Map<string, Measure[]>(clients.map((c) => [c.name, []]));
  const shared = perRound ? undefined : await server();
  for (let r = 1; r <= n; r++) {
    for (const client of clients) {
      const srv = shared ?? (await server());
      const tmp = mkdtempSync(join(TMP_BASE, 'bench-cli-'));
      try {
        const m = await measure(client, srv.url, tmp);
        results.get(client.name)!.push(m);
        process.stderr.write(`round ${r} ${client.name}: ${fmt(m.wallMs)} ms wall, ${fmt(m.cpuMs)} ms CPU, ${m.maxRssMb} MB\n`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
        if (!shared) await srv.stop();
      }
    }
  }
  await shared?.stop();
  return results;
}

async function main(): Promise<void> {
  const opts = args(process.argv.slice(2));
  const load0 = os.loadavg()[0];
  const query = (extra: string[]) => (_server: string, tmp: string) => [
    CLI,
    '--quiet',
    'run',
    '--action',
    'query',
    '--object',
    'Message',
    ...extra.map((a) => a.replace('$TMP', tmp)),
  ];
  const queryClients: Client[] = [
    {
      name: 'raw fetch + JSON.parse',
      args: (server) => [
        join(__dirname, 'clients', 'raw-fetch.js'),
        JSON.stringify({ url: server, accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, records: opts.messages }),
      ],
    },
    {
      name: 'raw fetch + JSON.parse, pages to stdout',
      args: (server) => [
        join(__dirname, 'clients', 'raw-fetch.js'),
        JSON.stringify({ url: server, accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, records: opts.messages, echo: true }),
      ],
    },
    { name: 'CLI → stdout (XML)', args: query([]), env: credentials },
    { name: 'CLI → stdout (JSON lines)', args: query(['--format', 'jsonl']), env: credentials },
    { name: 'CLI --out (file per record)', args: query(['--out', '$TMP/out']), env: credentials },
    { name: 'CLI --out --batch run', args: query(['--out', '$TMP/out', '--batch', 'run']), env: credentials },
    { name: 'CLI --version (start-up)', args: () => [CLI, '--version'] },
  ];
  const q = await rounds(queryClients, () => startServer('replay', opts.messages), opts.rounds, false);

  const docs = Array.from({ length: opts.creates }, (_, i) => {
    const m = benchMessage(i);
    return `<Message><To>${m.to}</To><From>${m.from}</From><Body>${m.body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</Body></Message>`;
  }).join('\n');
  const createClients: Client[] = [
    {
      name: 'official client create',
      args: (server) => [
        join(__dirname, 'clients', 'twilio-create.js'),
        JSON.stringify({ url: server, accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, records: opts.creates, concurrency: 16 }),
      ],
    },
    {
      name: 'CLI create',
      args: () => [CLI, '--quiet', 'run', '--action', 'create', '--object', 'Message', '--concurrency', '16', '--input', '-'],
      env: credentials,
      stdin: docs,
    },
  ];
  const c = await rounds(createClients, () => startServer('sandbox', 250), opts.rounds, true);

  const row = (name: string, ms: Map<string, Measure[]>, records: number) => {
    const m = ms.get(name)!;
    const wall = median(m.map((x) => x.wallMs));
    const cpu = median(m.map((x) => x.cpuMs));
    return {
      name,
      wall,
      cpu,
      rss: Math.max(...m.map((x) => x.maxRssMb)),
      perRecordUs: (cpu * 1000) / records,
      stdoutBytes: median(m.map((x) => x.stdoutBytes)),
    };
  };
  const rows = queryClients.map((cl) => row(cl.name, q, opts.messages));
  const [raw, rawEcho, stdout, jsonl, out, batch, startup] = rows;
  const created = createClients.map((cl) => row(cl.name, c, opts.creates));
  const lines = [
    `# CLI whole-process benchmark (${new Date().toISOString()}, load ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}, ${opts.rounds} interleaved rounds, medians)`,
    '',
    `Query of ${fmt(opts.messages)} messages from the replay server (--out writes under ${TMP_BASE}):`,
    '',
    '| client | wall ms | CPU ms | CPU µs/record | peak RSS MB | wall vs raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${r === startup ? '–' : r.perRecordUs.toFixed(1)} | ${r.rss} | ${r === startup ? '–' : ratio(r.wall, raw.wall)} |`,
    ),
    '',
    `Create of ${fmt(opts.creates)} messages at concurrency 16 (fresh sandbox each):`,
    '',
    '| client | wall ms | req/s | CPU ms | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...created.map((r) => `| ${r.name} | ${fmt(r.wall)} | ${fmt((opts.creates * 1000) / r.wall)} | ${fmt(r.cpu)} | ${r.rss} |`),
    '',
    'Targets:',
    `- CLI to stdout ≤ 1.3× the raw loop's time: ${ratio(stdout.wall, raw.wall)} (CPU ${ratio(stdout.cpu, raw.cpu)}) ${stdout.wall <= 1.3 * raw.wall ? 'MET' : 'NOT MET'}`,
    `- batch sink ≤ 1.3× the raw loop's time: ${ratio(batch.wall, raw.wall)} (CPU ${ratio(batch.cpu, raw.cpu)}) ${batch.wall <= 1.3 * raw.wall ? 'MET' : 'NOT MET'}`,
    `- --out ≤ 1.5× stdout: ${ratio(out.wall, stdout.wall)} ${out.wall <= 1.5 * stdout.wall ? 'MET' : 'NOT MET'}`,
    `- Create ≥ 1.0× the official client's rate: ${ratio(created[0].wall, created[1].wall)} (CPU ${ratio(created[1].cpu, created[0].cpu)} of the official client's) ${created[1].wall <= created[0].wall ? 'MET' : 'NOT MET'}`,
    `- for information: CLI to stdout ${ratio(stdout.wall, rawEcho.wall)} a raw loop that writes its pages' text to stdout (${fmt(rawEcho.stdoutBytes / 1e6)} MB against the CLI's ${fmt(stdout.stdoutBytes / 1e6)} MB), the same kind of output; the raw loop's own output costs it ${ratio(rawEcho.wall, raw.wall)}`,
    `- for information: JSON lines to stdout ${ratio(jsonl.wall, raw.wall)} the raw loop; start-up (--version) ${fmt(startup.wall)} ms wall, ${fmt(startup.cpu)} ms CPU`,
  ];
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  const results = join(DIST, '..', 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'cli-latest.md'), report);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
