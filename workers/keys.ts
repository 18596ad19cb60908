// Where the distributed mode keeps things in Redis: BullMQ's queues and our own keys,
// all under one prefix. A sync's own keys share a hash tag ({name}) so the Lua commit
// touches one slot, as Redis Cluster requires.

/** BullMQ queues: scheduled plan jobs, per-window fetch jobs, and the run (parent) jobs that commit. */
export const QUEUES = { plan: 'plan', fetch: 'fetch', run: 'run' } as const;

export const DEFAULT_PREFIX = 'tc';

export class Keys {
  constructor(readonly prefix = DEFAULT_PREFIX) {}

  /** Hash: sync name → its spec (JSON). */
  get syncs(): string {
    return `${this.prefix}:syncs`;
  }

  private sync(name: string, part: string): string {
    return `${this.prefix}:sync:{${name}}:${part}`;
  }

  /** Hash: `<account>/<objectType>` → newest delivered timestamp (epoch ms). */
  marks(name: string): string {
    return this.sync(name, 'marks');
  }

  /** Hash: `<account>/<objectType>` → JSON {id: epoch ms} of ids inside the lookback window. */
  seen(name: string): string {
    return this.sync(name, 'seen');
  }

  /** Staging copies a run writes before its atomic commit renames them. */
  staged(name: string, runId: string, part: 'marks' | 'seen'): string {
    return this.sync(name, `${part}:next:${runId}`);
  }

  /** Integer: commits so far; a run commits only on top of the version it was planned from. */
  version(name: string): string {
    return this.sync(name, 'version');
  }

  /** Set: run ids that committed (a retried commit is a no-op). */
  committedRuns(name: string): string {
    return this.sync(name, 'committed');
  }

  /** List: one JSON line per commit, oldest first. */
  commits(name: string): string {
    return this.sync(name, 'commits');
  }

  /** String: the run in progress, so a schedule firing meanwhile does not start a second one. */
  active(name: string): string {
    return this.sync(name, 'active');
  }

  /** String, expiring: the run being planned, claimed but with no run job yet (its flow not added). */
  planning(name: string): string {
    return this.sync(name, 'planning');
  }

  /** List: recent run ids, newest first (status). */
  runs(name: string): string {
    return this.sync(name, 'runs');
  }

  /** String, expiring: why a run could not be planned (it has no run job to hold the reason). */
  planFailure(name: string, runId: string): string {
    return this.sync(name, `planfailed:${runId}`);
  }

  /** Sorted set: lease holder → lease expiry (ms), per Twilio account. */
  leases(accountSid: string): string {
    return `${this.prefix}:leases:{${accountSid}}`;
  }
}
