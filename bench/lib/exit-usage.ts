// Preloaded (--require) into a process measured whole: at exit it appends the
// process's own CPU time and peak RSS, start-up included, to $BENCH_USAGE_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.once('exit', () => {
    const cpu = process.cpuUsage();
    const { maxRSS } = process.resourceUsage();
    appendFileSync(file, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: Math.round(maxRSS / 102.4) / 10 }) + '\n');
  });
}
