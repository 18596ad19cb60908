// Incremental Query: a state file remembers the high-water mark of a timestamp
// field and the ids seen inside the lookback window. A run asks only for records
// after (mark − lookback), skips ids it already delivered, and commits the new
// state atomically only when the whole query succeeded. A crash before the commit
// replays the same window next time; sinks keyed by record id (the folder sink)
// absorb the replay, so nothing is lost and nothing is duplicated.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ConfigurationError } from './errors';
import type { Filter } from './query';
import { formatIso, parseTimestamp } from './values/dates';

export interface IncrementalOptions {
  stateFile: string;
  /** Timestamp field of the records (profile name), e.g. DateSent, DateCreated. */
  field: string;
  /** Records may appear late by up to this much (clock skew, delayed indexing). */
  lookbackMs: number;
  /** First run only: where to start. Undefined: from the beginning. */
  since?: string;
}

interface StateFile {
  version: 1;
  objectType: string;
  field: string;
  /** ISO 8601 of the newest record timestamp delivered so far. */
  highWater?: string;
  /** id → epoch ms, for ids whose timestamp lies within the lookback window of highWater. */
  seen: Record<string, number>;
  committedAt?: string;
}

export class IncrementalSync {
  private readonly state: StateFile;
  private highWater: number | undefined;
  private readonly delivered = new Map<string, number>();

  constructor(
    private readonly options: IncrementalOptions,
    private readonly objectType: string,
  ) {
    this.state = this.load();
    this.highWater = this.state.highWater ? Date.parse(this.state.highWater) : undefined;
  }

  private load(): StateFile {
    const { stateFile, field } = this.options;
    if (!existsSync(stateFile)) return { version: 1, objectType: this.objectType, field, seen: {} };
    let state: StateFile;
    try {
      state = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
    } catch (err) {
      throw new ConfigurationError(`state file ${stateFile}: ${(err as Error).message}`);
    }
    if (state.version !== 1 || state.objectType !== this.objectType || state.field !== field) {
      throw new ConfigurationError(
        `state file ${stateFile} belongs to ${state.objectType} ${state.field}, not ${this.objectType} ${field}; use another --state file`,
      );
    }
    return state;
  }

  /** The filter this run adds: after the mark minus the lookback, or after `since` on a first run. */
  filter(): Filter | undefined {
    if (this.highWater !== undefined) {
      return { field: this.options.field, op: 'after', value: formatIso(new Date(this.highWater - this.options.lookbackMs - 1)) };
    }
    return this.options.since ? { field: this.options.field, op: 'after', value: this.options.since } : undefined;
  }

  /** True when the record is new to this sync; call for every fetched record. */
  admit(id: string, timestamp: unknown): boolean {
    if (Object.hasOwn(this.state.seen, id) || this.delivered.has(id)) return false;
    let t: number;
    try {
      t = parseTimestamp(String(timestamp)).getTime();
    } catch {
      t = NaN;
    }
    this.delivered.set(id, t);
    return true;
  }

  /** Writes the new state atomically; call only after the query completed. */
  commit(now = new Date()): { delivered: number; highWater?: string } {
    let mark = this.highWater ?? -Infinity;
    for (const t of this.delivered.values()) if (Number.isFinite(t) && t > mark) mark = t;
    const floor = mark - this.options.lookbackMs;
    const seen: Record<string, number> = {};
    for (const [id, t] of [...Object.entries(this.state.seen), ...this.delivered]) {
      if (Number.isFinite(t) && t >= floor) seen[id] = t;
    }
    const next: StateFile = {
      version: 1,
      objectType: this.objectType,
      field: this.options.field,
      highWater: Number.isFinite(mark) ? formatIso(new Date(mark)) : this.state.highWater,
      seen,
      committedAt: formatIso(now),
    };
    const tmp = `${this.options.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
    renameSync(tmp, this.options.stateFile);
    return { delivered: this.delivered.size, highWater: next.highWater };
  }
}
