// Child processes of the benchmark: servers (spawned, announce their URL on stdout)
// and clients (forked, report one JSON message over IPC).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** utime + stime of a process from /proc/<pid>/stat, in ms (USER_HZ is 100 on Linux). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface ServerHandle {
  kind: 'sandbox' | 'replay';
  url: string;
  /** Spawn to "listening": node start-up, seeding (and for replay, precomputing pages). */
  readyMs: number;
  /** CPU time (user + system) the server process has used so far; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const DIST_BENCH = join(__dirname, '..');
const DIST_ROOT = join(DIST_BENCH, '..');

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts the sandbox (`sandbox/main.js`) or the replay server with `messages` Message records (and the server's own flags). */
export function startServer(kind: 'sandbox' | 'replay', messages: number, extra: string[] = []): Promise<ServerHandle> {
  const script = kind === 'sandbox' ? join(DIST_ROOT, 'sandbox', 'main.js') : join(DIST_BENCH, 'servers', 'replay.js');
  const args = [...(kind === 'sandbox' ? ['--port', '0', '--messages', String(messages)] : ['--messages', String(messages)]), ...extra];
  const t0 = process.hrtime.bigint();
  // Generous heap for seeding a million records; the server's memory is not measured.
  const child = spawn(process.execPath, ['--max-old-space-size=4096', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // keep draining
      resolve({
        kind,
        url: m[1],
        readyMs: Number(process.hrtime.bigint() - t0) / 1e6,
        cpuMs: () => processCpuMs(child.pid),
        stop: async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await waitExit(child);
          clearTimeout(timer);
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening: ${out}`)));
    child.once('error', reject);
  });
}

/** Forks dist/bench/clients/<name>.js with its config; resolves with the message it sends. */
export function runChild<T>(name: string, config: unknown, execArgv: string[] = [], timeoutMs = 600_000): Promise<T> {
  const child = fork(join(DIST_BENCH, 'clients', `${name}.js`), [JSON.stringify(config)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let message: T | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`client ${name} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (m) => (message = m as T));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (message !== undefined) resolve(message);
      else reject(new Error(`client ${name} exited (${code}) without a result`));
    });
  });
}
