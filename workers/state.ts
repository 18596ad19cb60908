// The watermark of a sync in Redis: per `<account>/<objectType>` the newest delivered
// timestamp and the ids (with their timestamps) inside the lookback window below it.
// A run reads the state it was planned from (its version) and, once all its jobs
// succeeded, commits the next state in one Lua script: staged hashes renamed into place,
// version incremented, run id recorded. A retried commit of the same run is a no-op; a
// commit on top of another version is refused. A failed run commits nothing.
import type { Redis } from 'ioredis';
import type { Keys } from './keys';

export interface SyncState {
  version: number;
  marks: Map<string, number>;
  /** Per key: id → timestamp (ms) of records delivered inside the lookback window. */
  seen: Map<string, Record<string, number>>;
}

export interface CommitRecord {
  run: string;
  version: number;
  at: string;
  documents: number;
  jobs: number;
}

export type CommitOutcome = 'committed' | 'already-committed' | 'conflict';

// KEYS: marks seen version committedRuns commits stagedMarks stagedSeen
// ARGV: runId expectedVersion commitRecordJson
const COMMIT = `
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[6], KEYS[7])
  return 0
end
local version = tonumber(redis.call('GET', KEYS[3]) or '0')
if version ~= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[6], KEYS[7])
  return -1
end
if redis.call('EXISTS', KEYS[6]) == 1 then redis.call('RENAME', KEYS[6], KEYS[1]) else redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[7]) == 1 then redis.call('RENAME', KEYS[7], KEYS[2]) else redis.call('DEL', KEYS[2]) end
redis.call('SET', KEYS[3], version + 1)
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('RPUSH', KEYS[5], ARGV[3])
return 1
`;

export class WatermarkStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async version(sync: string): Promise<number> {
    return Number((await this.redis.get(this.keys.version(sync))) ?? 0);
  }

  /** The committed state; marks and seen are read in one MULTI so they belong to one version. */
  async read(sync: string): Promise<SyncState> {
    const k = this.keys;
    const replies = await this.redis.multi().get(k.version(sync)).hgetall(k.marks(sync)).hgetall(k.seen(sync)).exec();
    const [version, marks, seen] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as [string | null, Record<string, string>, Record<string, string>];
    return {
      version: Number(version ?? 0),
      marks: new Map(Object.entries(marks).map(([key, v]) => [key, Number(v)])),
      seen: new Map(Object.entries(seen).map(([key, v]) => [key, JSON.parse(v) as Record<string, number>])),
    };
  }

  /** The ids delivered inside the lookback window of one key, as of `version`; undefined when the state moved on. */
  async seenOf(sync: string, key: string, version: number): Promise<Record<string, number> | undefined> {
    const replies = await this.redis.multi().get(this.keys.version(sync)).hget(this.keys.seen(sync), key).exec();
    const [[, current], [, seen]] = replies as Array<[Error | null, string | null]>;
    if (Number(current ?? 0) !== version) return undefined;
    return seen ? (JSON.parse(seen) as Record<string, number>) : {};
  }

  async commit(
    sync: string,
    runId: string,
    expectedVersion: number,
    next: Omit<SyncState, 'version'>,
    record: Omit<CommitRecord, 'version' | 'run'>,
  ): Promise<CommitOutcome> {
    const k = this.keys;
    const stagedMarks = k.staged(sync, runId, 'marks');
    const stagedSeen = k.staged(sync, runId, 'seen');
    const staging = this.redis.multi().del(stagedMarks, stagedSeen);
    if (next.marks.size) staging.hset(stagedMarks, Object.fromEntries([...next.marks].map(([key, t]) => [key, String(t)])));
    if (next.seen.size) staging.hset(stagedSeen, Object.fromEntries([...next.seen].map(([key, ids]) => [key, JSON.stringify(ids)])));
    await staging.exec();
    const line = JSON.stringify({ run: runId, version: expectedVersion + 1, ...record });
    const outcome = (await this.redis.eval(
      COMMIT,
      7,
      k.marks(sync),
      k.seen(sync),
      k.version(sync),
      k.committedRuns(sync),
      k.commits(sync),
      stagedMarks,
      stagedSeen,
      runId,
      String(expectedVersion),
      line,
    )) as number;
    return outcome === 1 ? 'committed' : outcome === 0 ? 'already-committed' : 'conflict';
  }

  async commits(sync: string): Promise<CommitRecord[]> {
    return (await this.redis.lrange(this.keys.commits(sync), 0, -1)).map((line) => JSON.parse(line) as CommitRecord);
  }
}

/**
 * The next state from the committed one and what a run's jobs delivered: each key's mark
 * is its newest timestamp; seen keeps the ids at or above mark − lookback.
 */
export function nextState(
  prev: Pick<SyncState, 'marks' | 'seen'>,
  delivered: Array<{ key: string; newest?: number; recent: Record<string, number> }>,
  lookbackMs: number,
): Omit<SyncState, 'version'> {
  const marks = new Map(prev.marks);
  const candidates = new Map<string, Record<string, number>>();
  for (const [key, ids] of prev.seen) candidates.set(key, { ...ids });
  for (const d of delivered) {
    if (d.newest !== undefined && d.newest > (marks.get(d.key) ?? -Infinity)) marks.set(d.key, d.newest);
    candidates.set(d.key, Object.assign(candidates.get(d.key) ?? {}, d.recent));
  }
  const seen = new Map<string, Record<string, number>>();
  for (const [key, ids] of candidates) {
    const mark = marks.get(key);
    if (mark === undefined) continue;
    const kept = Object.fromEntries(Object.entries(ids).filter(([, t]) => t >= mark - lookbackMs));
    if (Object.keys(kept).length) seen.set(key, kept);
  }
  return { marks, seen };
}
