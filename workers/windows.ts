// Date windows of a sync run: half-open [from, to) in epoch ms, stepping by the window
// size from the start of the UTC calendar unit holding `from` (its day, hour, ISO week,
// month), so a record on a boundary falls in exactly one window. The last window has no
// upper bound: records newer than the planning time still belong to this run, and the
// watermark follows the data, not this machine's clock.
// One module per function and the mini UTCDate, as connector/windows.ts does (start-up).
import { UTCDateMini as UTCDate } from '@date-fns/utc/date/mini';
import { add } from 'date-fns/add';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfHour } from 'date-fns/startOfHour';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { startOfMinute } from 'date-fns/startOfMinute';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfSecond } from 'date-fns/startOfSecond';
import { ConfigurationError, InvalidInputError, type Filter } from '../connector';
import { isDateOnly, parseTimestamp } from '../connector/values/dates';
import type { Step } from './duration';

export interface DateWindow {
  /** Inclusive lower bound (ms); absent: from the beginning. */
  from?: number;
  /** Exclusive upper bound (ms); absent: open-ended. */
  to?: number;
}

/** More windows than this per account and object type is a mistake in the window size. */
export const MAX_WINDOWS = 10_000;

// Weeks start on Monday (ISO 8601); months are calendar months, so their length varies.
const START_OF: Record<Step['unit'], (d: Date) => Date> = {
  seconds: startOfSecond,
  minutes: startOfMinute,
  hours: startOfHour,
  days: startOfDay,
  weeks: startOfISOWeek,
  months: startOfMonth,
};

/**
 * Windows covering [from, until), then [last boundary, ∞) when open-ended (the sync's own
 * filters set no upper bound). Without `from` (no watermark, no `since`): one window over
 * everything.
 */
export function splitWindows(from: number | undefined, until: number, step: Step, openEnded = true): DateWindow[] {
  if (from === undefined) return [{}];
  if (!openEnded && from >= until) return [];
  const windows: DateWindow[] = [];
  let start = from;
  let boundary = add(START_OF[step.unit](new UTCDate(from)), step.duration).getTime();
  while (boundary < until || (openEnded && boundary === until)) {
    windows.push({ from: start, to: boundary });
    if (windows.length > MAX_WINDOWS) {
      throw new ConfigurationError(
        `window ${step.amount} ${step.unit} splits ${new UTCDate(from).toISOString()}..${new UTCDate(until).toISOString()} into more than ${MAX_WINDOWS} jobs; choose a larger --window`,
      );
    }
    start = boundary;
    boundary = add(new UTCDate(boundary), step.duration).getTime();
  }
  windows.push(openEnded ? { from: start } : { from: start, to: until });
  return windows;
}

/** The range the sync's own filters allow on the date field (After/Before strict, On a day or a second). */
export function filterRange(filters: Filter[], field: string): DateWindow {
  const range: DateWindow = {};
  for (const f of filters) {
    if (f.field !== field || f.op === 'eq') continue;
    let t: number;
    try {
      t = parseTimestamp(f.value).getTime();
    } catch {
      throw new InvalidInputError(f.field, `'${f.value}' is not a timestamp (YYYY-MM-DD HH:MM:SS in UTC, or ISO 8601)`);
    }
    const [from, to] = f.op === 'after' ? [t + 1, undefined] : f.op === 'before' ? [undefined, t] : [t, t + (isDateOnly(f.value) ? 86_400_000 : 1000)];
    if (from !== undefined) range.from = Math.max(range.from ?? -Infinity, from);
    if (to !== undefined) range.to = Math.min(range.to ?? Infinity, to);
  }
  return range;
}

/** The filters that select a window: After is strict, so from − 1 ms; Before is strict already. */
export function windowFilters(field: string, w: DateWindow): Filter[] {
  const out: Filter[] = [];
  if (w.from !== undefined) out.push({ field, op: 'after', value: new UTCDate(w.from - 1).toISOString() });
  if (w.to !== undefined) out.push({ field, op: 'before', value: new UTCDate(w.to).toISOString() });
  return out;
}

export function windowLabel(w: DateWindow): string {
  const iso = (ms?: number) => (ms === undefined ? '' : new UTCDate(ms).toISOString());
  return `[${iso(w.from)}, ${iso(w.to)})`;
}
