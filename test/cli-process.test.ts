// The CLI as separate processes, as shells and schedulers run it: a reader that closes
// stdout early, two runs at once on one state file, the progress line on a terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';

const ROOT = join(__dirname, '..');
// From the sources through tsx, so these tests need no build.
const CLI = [process.execPath, '--import', 'tsx', join(ROOT, 'cli/main.ts')];

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: { messages: 3000 } });
});
afterAll(() => sb.close());
afterEach(() => sb.reset());

const env = () => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TWILIO_')));
  return { ...clean, TWILIO_ACCOUNT_SID: SANDBOX_ACCOUNT_SID, TWILIO_AUTH_TOKEN: SANDBOX_AUTH_TOKEN, TWILIO_BASE_URL: sb.url };
};

interface Finished {
  code: number | null;
  out: string;
  err: string;
}

/** Resolves when the process ends; `sofar` is what it has written until now. */
function finished(child: ChildProcess): Promise<Finished> & { sofar: Finished } {
  const sofar: Finished = { code: null, out: '', err: '' };
  child.stdout?.on('data', (c) => (sofar.out += c));
  child.stderr?.on('data', (c) => (sofar.err += c));
  const done = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ ...sofar, code })));
  return Object.assign(done, { sofar });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 800 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

/** The CLI as its own process; `stdin: 'pipe'` for documents the test writes to it as it goes. */
function cli(args: string[], extraEnv: Record<string, string> = {}, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, env: { ...env(), ...extraEnv }, stdio: [stdin, 'pipe', 'pipe'] });
}

/** A Create document for stdin, ending its line. */
const createDoc = (n: number) => `<Message><To>+1415555014${n}</To><From>+14155550100</From><Body>${n}</Body></Message>\n`;

describe('stdout closed by its reader', () => {
  it('objects into a closed pipe: no stack trace, exit 0', async () => {
    const child = cli(['objects']);
    child.stdout!.destroy(); // closed before the CLI has written anything
    const { code, err } = await finished(child);
    expect([code, err]).toEqual([0, '']);
  });

  it('run … query | head -1: the query stops at once, quietly, exit 1', async () => {
    const child = cli(['run', '--action', 'query', '--object', 'Message', '--page-size', '50']);
    let first = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      first ||= chunk.toString().split('\n')[0];
      child.stdout!.destroy();
    });
    const { code, err } = await finished(child);
    expect(first).toMatch(/^<Message>.*<\/Message>$/);
    expect(code).toBe(1);
    expect(err).not.toMatch(/EPIPE|Error|at /);
    expect(err).toMatch(/query Message: 0 input\(s\), \d+ document\(s\); .*; stopped: stdout closed by its reader after \d+ document\(s\) were written\n$/);
    // 3,000 messages are 60 pages: the reader took one chunk, so the run stopped within a few.
    const pages = sb.requests.filter((r) => r.path.endsWith('/Messages.json')).length;
    expect(pages).toBeLessThan(10);
  });
});

describe('start-up', () => {
  // Each costs start-up time (~35 ms together) that a Query does not need.
  it('a Query loads neither the proxy agent, the lock, the XML parser nor the phone library', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-loaded-')), 'packages.txt');
    const child = spawn(
      CLI[0],
      ['--require', join(__dirname, 'helpers/loaded-packages.cjs'), ...CLI.slice(1), 'run', '--action', 'query', '--object', 'Message', '--limit', '5'],
      {
        cwd: ROOT,
        env: { ...env(), LOADED_PACKAGES_FILE: file },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const { code, out } = await finished(child);
    expect(code).toBe(0);
    expect(out.split('\n').filter(Boolean)).toHaveLength(5);
    const files = readFileSync(file, 'utf8').split('\n');
    const packageOf = (path: string) =>
      path
        .split('/')
        .slice(0, path.startsWith('@') ? 2 : 1)
        .join('/');
    const loaded = new Set(files.map(packageOf));
    expect(loaded).toContain('commander'); // the list is real
    for (const lazy of ['https-proxy-agent', 'proper-lockfile', 'fast-xml-parser']) expect(loaded).not.toContain(lazy);
    // libphonenumber-js: its metadata (for the country check) and nothing else.
    expect(files.filter((path) => packageOf(path) === 'libphonenumber-js')).toEqual(['libphonenumber-js/metadata.min.json']);
  });
});

describe('stdin', () => {
  it('a Create sends documents while stdin is still open', async () => {
    const child = cli(['run', '--action', 'create', '--object', 'Message'], {}, 'pipe');
    const done = finished(child);
    // A document is complete once the next one begins (what follows a root may still belong to it) or the input ends.
    child.stdin!.write(createDoc(1) + createDoc(2));
    const posted = () => sb.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')).length;
    try {
      await until(() => posted() >= 1, 'a create while stdin is still open');
    } finally {
      child.stdin!.end(createDoc(3));
    }
    const { code, out } = await done;
    expect(code).toBe(0);
    expect(posted()).toBe(3);
    expect(out.trim().split('\n')).toHaveLength(3);
  });
});

describe('interrupted by a signal', () => {
  it('SIGTERM mid-Query: the page in flight is cancelled, the input gets its line and the summary says why, exit 143', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-signal-')), 'out');
    // The third page takes 5 s: the signal comes while it is on the way.
    sb.faults.set([{ kind: 'slow', delayMs: 5000, nth: [3], pathIncludes: 'Messages' }]);
    const child = cli(['run', '--action', 'query', '--object', 'Message', '--page-size', '50', '--out', out]);
    const done = finished(child);
    const pages = () => sb.requests.filter((r) => r.path.endsWith('/Messages.json')).length;
    await until(() => pages() === 3, 'the third page requested');
    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code, err } = await done;
    expect(code).toBe(143);
    expect(Date.now() - signalled).toBeLessThan(4000); // not after the slow page
    expect(err).toMatch(/SIGTERM: stopping the run: the request in flight is cancelled and no further input starts/);
    expect(err).toMatch(/query Message: 1 input\(s\), 100 document\(s\); .*stopped: SIGTERM after 100 document\(s\) and 1 input\(s\) answered/);
    const [line, ...more] = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(more).toEqual([]);
    expect(JSON.parse(line)).toMatchObject({ status: 'FAILURE', documents: 100, message: expect.stringMatching(/cancelled: the operation was closed/) });
    // Every document of the two pages is on disk whole; the lock went with the run.
    const files = readdirSync(out);
    expect(files.filter((n) => n !== 'results.jsonl' && !/^Message-(SM|MM)\w+\.xml$/.test(n))).toEqual([]);
    expect(files).toHaveLength(101);
    expect(pages()).toBe(3);
  });

  it('SIGTERM mid-sync: the state is not committed and the lock is released, so the next run fetches the same window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-signal-sync-'));
    const state = join(dir, 'sync.json');
    sb.faults.set([{ kind: 'slow', delayMs: 5000, nth: [2], pathIncludes: 'Messages' }]);
    const sync = (extra: string[] = []) => cli(['sync', '--since', '2020-01-01', '--out', join(dir, 'out'), '--state', state, ...extra]);
    const child = sync();
    const done = finished(child);
    await until(() => sb.requests.filter((r) => r.path.endsWith('/Messages.json')).length === 2, 'the second page requested');
    child.kill('SIGTERM');
    const { code, err } = await done;
    expect(code).toBe(143);
    expect(err).toMatch(/stopped: SIGTERM after 1000 document\(s\)/);
    expect(existsSync(state)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['out']); // no lock left behind
    // The next run is not locked out and starts from --since again.
    sb.faults.set([]);
    const again = await finished(sync(['--quiet']));
    expect(again.code).toBe(0);
    expect(existsSync(state)).toBe(true);
  });

  it('SIGINT during a Create from stdin held open: inputs answered keep their results, none starts after, exit 130', async () => {
    const child = cli(['run', '--action', 'create', '--object', 'Message'], {}, 'pipe');
    const done = finished(child);
    // Two complete documents and the start of a third: stdin stays open, as a producer that is still writing.
    child.stdin!.write(createDoc(1) + createDoc(2) + '<Message><To>');
    await until(() => done.sofar.out.split('\n').filter(Boolean).length === 2, 'two created messages on stdout');
    child.kill('SIGINT');
    const { code, out, err } = await done;
    child.stdin!.destroy();
    expect(code).toBe(130);
    expect(out.trim().split('\n')).toHaveLength(2);
    expect(err).toMatch(
      /create Message: 2 input\(s\), 2 document\(s\); SUCCESS 2, .*stopped: SIGINT after 2 document\(s\) and 2 input\(s\) answered; no input started after it/,
    );
    expect(sb.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});

describe("the heap of a windowed Query in the CLI's own process", () => {
  // In a child: V8's flags are the process's, and a test worker's must stay as they are.
  it('is bounded only in a process of its own, and not where node was started with its own setting', async () => {
    const script = [
      "const h = require('./cli/heap');",
      'const before = h.boundHeapGrowth();',
      'h.ownTheProcess();',
      "console.log(JSON.stringify([before, h.boundHeapGrowth(['--heap-growing-percent=20']), h.boundHeapGrowth(), h.isWindowedQuery({ action: 'query', concurrency: 16 }), h.isWindowedQuery({ action: 'query' }), h.isWindowedQuery({ action: 'get', concurrency: 8 })]));",
    ].join('\n');
    const child = spawn(CLI[0], ['--import', 'tsx', '-e', script], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const { code, out, err } = await finished(child);
    expect([code, err]).toEqual([0, '']);
    expect(JSON.parse(out)).toEqual([false, false, true, true, false, false]);
  });
});

describe('two runs on one state file', () => {
  /** In front of the sandbox: holds message list requests until opened, so the first run keeps its lock. */
  async function gatedSandbox(): Promise<{ url: string; open(): void; close(): void }> {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const server = createServer((req, res) => {
      const forward = () =>
        req.pipe(
          request(sb.url + req.url, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(res);
          }),
        );
      if (req.url!.includes('/Messages.json')) void gate.then(forward);
      else forward();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, open, close: () => (server.close(), server.closeAllConnections()) };
  }

  it('the second refuses while the first holds the lock, or waits with --lock-wait; both the first and the waiting run commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-lock-'));
    const state = join(dir, 'state.json');
    const lock = `${state}.lock`;
    const args = ['sync', '--state', state, '--out', join(dir, 'out')];
    const gated = await gatedSandbox();
    try {
      const first = finished(cli(args, { TWILIO_BASE_URL: gated.url }));
      await until(() => existsSync(lock), 'the first run to take the lock');
      const waited = finished(cli([...args, '--lock-wait', '60']));
      const refused = await finished(cli(args));
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(
        new RegExp(
          `error: state file ${state} is in use by another run \\(lock ${lock}\\); this run did not start \\(--lock-wait <seconds> waits for it\\)\\n$`,
        ),
      );
      await until(() => waited.sofar.err.includes('waiting up to 60 s'), 'the waiting run to say it waits');
      gated.open();
      expect((await first).code).toBe(0);
      expect((await waited).code).toBe(0);
    } finally {
      gated.open(); // a failed expectation must not leave the first run waiting for ever
      gated.close();
    }
    const results = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The first fetched everything; the waiting run started from the state it committed.
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(results[0].documents).toBeGreaterThan(1000);
    expect(results[1].documents).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('progress', () => {
  it('draws records, pages, rate and elapsed time on a terminal only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-progress-'));
    sb.faults.set([{ kind: 'slow', delayMs: 250, pathIncludes: '/Messages.json' }]);
    const args = ['run', '--action', 'query', '--object', 'Message', '--limit', '1000', '--page-size', '200', '--out', dir];
    // script(1) gives the CLI a pseudo-terminal for stdin, stdout and stderr.
    const command = [...CLI, ...args].map((a) => `'${a}'`).join(' ');
    const tty = await finished(spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(tty.code).toBe(0);
    expect(tty.out).toMatch(/query Message {2}\d+ records {2}\d+ pages {2}\d+\/s {2}\d+s/);
    sb.faults.clear();
    const piped = await finished(cli(args));
    expect(piped.code).toBe(0);
    expect(piped.err).not.toMatch(/records|pages/);
  });
});
