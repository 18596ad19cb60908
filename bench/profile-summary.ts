// Summarises a V8 .cpuprofile: self time by origin (connector module, each
// node_modules package, Node internals, GC, idle) and by function. `npm run bench --
// --profile` writes one per connector Query run to bench/results/profiles/ and appends
// the summary of its timed part to the report; stand-alone:
//   node dist/bench/profile-summary.js <file.cpuprofile> [top] [fromUs toUs]
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SummaryOptions {
  top?: number;
  /** Sample window on the process.hrtime clock in µs (V8 profiles use the same clock). */
  fromUs?: number;
  toUs?: number;
}

function origin(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle (waiting on I/O)';
  if (name === '(program)') return '(program: V8/native, unattributed)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `node_modules/${nm[1]}`;
  const part = /\/dist\/(connector|cli|sandbox)\/(.*)\.js$/.exec(url);
  if (part) return `${part[1]}/${part[2]}`;
  if (url.includes('/dist/bench/')) return 'bench (the client loop)';
  if (url.startsWith('node:')) return 'node internals (JS)';
  if (url === '') return 'builtins (JSON.parse, Buffer decoding, RegExp, …: attributed to the caller below)';
  return url;
}

export function summarize(file: string, options: SummaryOptions = {}): string {
  const top = options.top ?? 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if ((options.fromUs !== undefined && t < options.fromUs) || (options.toUs !== undefined && t > options.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const fn = new Map<string, number>();
  const org = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame: cf } = byId.get(id)!;
    const short = cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const key = `${cf.functionName || '(anonymous)'}${cf.url ? `  ${short}:${cf.lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const o = origin(cf.url, cf.functionName);
    org.set(o, (org.get(o) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
  const lines = [`sampled ${(total / 1000).toFixed(0)} ms${options.fromUs !== undefined ? ' (timed part only)' : ''}`, '', 'self time by origin:'];
  for (const [k, v] of [...org].sort((a, b) => b[1] - a[1])) if (v / total >= 0.002) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('', `self time by function (top ${top}; a builtin such as JSON.parse counts as its caller's self time):`);
  for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, topArg, from, to] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [top] [fromUs toUs]\n');
    process.exit(2);
  }
  process.stdout.write(summarize(file, { top: Number(topArg ?? 25), fromUs: from ? Number(from) : undefined, toUs: to ? Number(to) : undefined }) + '\n');
}
