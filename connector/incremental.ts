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

/** What makes a parsed state file unusable, naming the key; undefined when nothing does. */
function stateProblem(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return 'not a JSON object';
  const s = state as Record<string, unknown>;
  if (s.version !== 1) return `"version" must be 1, not ${JSON.stringify(s.version) ?? 'missing'}`;
  for (const key of ['objectType', 'field'] as const)
    if (typeof s[key] !== 'string' || !s[key]) return `"${key}" must be a name, not ${JSON.stringify(s[key]) ?? 'missing'}`;
  if (s.highWater !== undefined && (typeof s.highWater !== 'string' || Number.isNaN(Date.parse(s.highWater)))) {
    return `"highWater" must be an ISO 8601 timestamp, not ${JSON.stringify(s.highWater)}`;
  }
  const seen = s.seen;
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen))
    return `"seen" must be an object of id → epoch ms, not ${JSON.stringify(seen) ?? 'missing'}`;
  for (const [id, at] of Object.entries(seen))
    if (typeof at !== 'number') return `"seen" must map ids to epoch ms: ${JSON.stringify(id)} holds ${JSON.stringify(at)}`;
  return undefined;
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
    const problem = stateProblem(state);
    if (problem) throw new ConfigurationError(`state file ${stateFile}: ${problem}; it is not a state file this connector wrote (use another --state file)`);
    if (state.objectType !== this.objectType || state.field !== field) {
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
