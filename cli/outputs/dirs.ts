// Folders made one level at a time. Node's recursive mkdirSync spins forever, ignoring
// SIGTERM, where a level can be neither made nor found (a path under /proc); made level
// by level, that level fails with its own error (ENOENT), which the CLI reports as an
// output folder that cannot be used.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  // A file where a folder should be: mkdir's own error (EEXIST), as the recursive form gives.
  if (existsSync(d) && !statSync(d).isDirectory()) mkdirSync(d);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      // Another process (a second worker) made it meanwhile.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
