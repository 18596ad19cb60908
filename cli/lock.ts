// One run at a time per state file and per output folder: a second run waits up to
// --lock-wait seconds, then refuses with a message naming the lock. Locks are
// directories beside the file (proper-lockfile), refreshed while the run lives, so a
// crashed run's lock goes stale instead of blocking the schedule for ever.
import { dirname } from 'node:path';
import { FileAccessError, isSystemError, LockedError } from './errors';
import type { Logger } from './log';
import { makeDirs } from './outputs/dirs';

export type Release = () => Promise<void>;

/** A lock not refreshed for this long belongs to a run that is gone. */
const STALE_MS = 60_000;
const RETRY_MS = 250;

export async function lock(target: string, what: string, waitSeconds: number, log: Logger): Promise<Release> {
  try {
    return await take(target, what, waitSeconds, log);
  } catch (err) {
    // The folder cannot be made or written (a file of that name, no permission): say which.
    if (isSystemError(err)) throw new FileAccessError(`${what} ${what === 'output folder' ? dirname(target) : target}`, err);
    throw err;
  }
}

async function take(target: string, what: string, waitSeconds: number, log: Logger): Promise<Release> {
  // Loaded here, not at start: proper-lockfile and graceful-fs cost ~15 ms, which runs without a lock need not pay.
  const lockfile = (await import('proper-lockfile')).default;
  makeDirs(dirname(target));
  const lockPath = `${target}.lock`;
  const attempt = (retries: number) =>
    lockfile.lock(target, {
      realpath: false,
      lockfilePath: lockPath,
      stale: STALE_MS,
      update: STALE_MS / 4,
      retries: retries > 0 ? { retries, factor: 1, minTimeout: RETRY_MS, maxTimeout: RETRY_MS } : 0,
      // Default: throw from a timer. The run goes on; the next one may then overlap.
      onCompromised: (err) => log.warn(`lock ${lockPath} was lost (${err.message}); another run may start`),
    });
  const inUse = `${what} ${target} is in use by another run (lock ${lockPath})`;
  try {
    return await attempt(0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    if (waitSeconds <= 0) throw new LockedError(`${inUse}; this run did not start (--lock-wait <seconds> waits for it)`);
  }
  log.info(`${inUse}; waiting up to ${waitSeconds} s`, { event: 'lock-wait', lock: lockPath });
  try {
    return await attempt(Math.ceil((waitSeconds * 1000) / RETRY_MS));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    throw new LockedError(`${inUse} after waiting ${waitSeconds} s; this run did not start`);
  }
}

/** Takes the locks in order; releases all of them, last first. */
export async function lockAll(targets: Array<{ path: string; what: string }>, waitSeconds: number, log: Logger): Promise<Release> {
  const held: Release[] = [];
  const release = async () => {
    for (const r of held.splice(0).reverse()) await r().catch(() => undefined);
  };
  try {
    for (const t of targets) held.push(await lock(t.path, t.what, waitSeconds, log));
  } catch (err) {
    await release();
    throw err;
  }
  return release;
}
