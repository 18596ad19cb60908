// A sync as the distributed mode runs it: what to query, where the files go, how a run is
// split into jobs and how incremental it is. Registered once (`schedule`), stored in Redis
// as JSON, copied into every job of a run so a run keeps the spec it was planned with.
import { isAbsolute } from 'node:path';
import { catalog, ConfigurationError, settingsFromEnv, type CatalogView, type Filter } from '../connector';
import { parseTimestamp } from '../connector/values/dates';
import { parseStep } from './duration';
import { filterRange, splitWindows, type DateWindow } from './windows';

export type TimestampStyle = 'twilio' | 'iso8601';

export interface SyncSpec {
  /** Names the sync: its schedule, watermark and runs. */
  name: string;
  objectTypes: string[];
  filters: Filter[];
  /** Fields to return; the date field is always added (the watermark reads it). */
  fields?: string[];
  /** Absolute folder the record files go to (shared by every worker; see README). */
  out: string;
  /** Date filter that splits runs into windows and carries the watermark; default per type. */
  dateField?: string;
  /** Window size, e.g. 1d, 6h, 1mo. */
  window: string;
  /** First run only: where to start (else from the beginning, in one window). */
  since?: string;
  lookbackSeconds: number;
  /** Fan out over the account's active subaccounts (and the account itself). */
  allSubaccounts: boolean;
  /** Fetch jobs at once per Twilio account, across all workers. */
  accountConcurrency: number;
  /** Tries per fetch job, with exponential backoff from backoffMs. */
  attempts: number;
  backoffMs: number;
  timestamps: TimestampStyle;
  pageSize?: number;
}

/** The date filters tried, in order, when a spec names none: when a record happened, then when it was made. */
const DATE_FIELDS = ['DateSent', 'StartTime', 'DateCreated', 'CreatedAt'];

/** What a spec means for one object type. */
export interface TypePlan {
  objectType: string;
  /** Range filter and record field windows and the watermark follow; none: fetched whole every run. */
  dateField?: string;
  /** Whether the list is per account (classic API): only those fan out over subaccounts. */
  accountScoped: boolean;
  fields?: string[];
}

export function typePlan(spec: SyncSpec, objectType: string, view: CatalogView = catalog()): TypePlan {
  const d = view.describe(objectType);
  const ranges = new Set(d.filters.filter((f) => f.range).map((f) => f.name));
  const timestamps = new Set(d.fields.filter((f) => f.type === 'datetime').map((f) => f.name));
  const usable = (name: string) => ranges.has(name) && timestamps.has(name);
  let dateField: string | undefined;
  if (spec.dateField) {
    if (!usable(spec.dateField)) {
      const offered = [...ranges].filter(usable);
      throw new ConfigurationError(`date field ${spec.dateField} is not a date filter Twilio offers on the ${d.name} list (${offered.join(', ') || 'none'})`, {
        objectType: d.name,
      });
    }
    dateField = spec.dateField;
  } else {
    dateField = DATE_FIELDS.find(usable) ?? [...ranges].find(usable);
  }
  const fields = spec.fields?.length && dateField && !spec.fields.includes(dateField) ? [...spec.fields, dateField] : spec.fields;
  return { objectType: d.name, dateField, accountScoped: d.accountScoped, fields };
}

/**
 * Checks a spec before it is stored: what typePlans checks, and that a first run (or an
 * account the watermark has no mark for) splits --since..now into no more windows than a
 * run may have, rather than leaving every run to fail on the workers.
 */
export function checkSpec(spec: SyncSpec, view: CatalogView = catalog(), now = Date.now()): TypePlan[] {
  const plans = typePlans(spec, view);
  for (const t of plans) typeWindows(spec, t, undefined, now);
  return plans;
}

/** What a spec means for each object type, checked: object types, date fields, filters, window, numbers, folder. */
export function typePlans(spec: SyncSpec, view: CatalogView = catalog()): TypePlan[] {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(spec.name)) throw new ConfigurationError(`sync name '${spec.name}': letters, digits, _ and - only (at most 64)`);
  if (!spec.objectTypes.length) throw new ConfigurationError('a sync needs at least one object type (--object)');
  if (!isAbsolute(spec.out)) throw new ConfigurationError(`out folder '${spec.out}' must be an absolute path: every worker resolves it`);
  parseStep(spec.window, 'window');
  const positive = (n: number, what: string, max = Infinity) => {
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new ConfigurationError(`${what} must be an integer from 1${max < Infinity ? ` to ${max}` : ''}, not ${n}`);
  };
  positive(spec.accountConcurrency, 'account concurrency', 1000);
  positive(spec.attempts, 'attempts', 100);
  positive(spec.backoffMs, 'backoff');
  if (spec.pageSize !== undefined) positive(spec.pageSize, 'page size', 1000);
  if (!Number.isInteger(spec.lookbackSeconds) || spec.lookbackSeconds < 0)
    throw new ConfigurationError(`lookback must be a non-negative integer of seconds, not ${spec.lookbackSeconds}`);
  if (spec.since !== undefined) sinceMs(spec);
  // Phone numbers in filters as the workers read them: with the default country of the same environment.
  const defaultCountry = settingsFromEnv().defaultCountry?.toUpperCase();
  return spec.objectTypes.map((t) => {
    const plan = typePlan(spec, t, view);
    const known = new Set(view.describe(t).fields.map((f) => f.name));
    const unknown = (spec.fields ?? []).filter((f) => !known.has(f));
    if (unknown.length) throw new ConfigurationError(`fields ${unknown.join(', ')} are not fields of ${plan.objectType}`, { objectType: plan.objectType });
    // Refused now rather than by every run on the workers (Status=bogus, DateSent>yesterday).
    view.checkFilters(t, spec.filters, defaultCountry);
    return plan;
  });
}

/**
 * One account × object type's date windows up to `until`: from its mark minus the
 * lookback (at `since` while it has no mark), inside the sync's own date filters.
 */
export function typeWindows(spec: SyncSpec, t: TypePlan, mark: number | undefined, until: number): DateWindow[] {
  const range = t.dateField ? filterRange(spec.filters, t.dateField) : {};
  const start = t.dateField === undefined ? undefined : mark !== undefined ? mark - spec.lookbackSeconds * 1000 : sinceMs(spec);
  // Windows only where the sync's own filters let records through.
  const from = start === undefined ? range.from : range.from === undefined ? start : Math.max(start, range.from);
  return splitWindows(from, range.to ?? until, parseStep(spec.window, 'window'), range.to === undefined);
}

/** The first run's lower bound in epoch ms, if the spec gives one. */
export function sinceMs(spec: SyncSpec): number | undefined {
  if (spec.since === undefined) return undefined;
  try {
    return parseTimestamp(spec.since).getTime();
  } catch {
    throw new ConfigurationError(`since '${spec.since}' is not a timestamp (YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601)`);
  }
}
