// Durations as people write them on a command line: 90s, 15m, 6h, 1d, 1w, 1mo (or bare ms).
import type { Duration } from 'date-fns';
import { ConfigurationError } from '../connector/errors';

export interface Step {
  /** For date-fns arithmetic on calendar units (UTC). */
  duration: Duration;
  unit: 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
  amount: number;
  /** Nominal length (a month counts 30 days): for intervals, not for window boundaries. */
  ms: number;
}

const UNITS: Record<string, { unit: Step['unit']; ms: number }> = {
  s: { unit: 'seconds', ms: 1000 },
  m: { unit: 'minutes', ms: 60_000 },
  h: { unit: 'hours', ms: 3_600_000 },
  d: { unit: 'days', ms: 86_400_000 },
  w: { unit: 'weeks', ms: 7 * 86_400_000 },
  mo: { unit: 'months', ms: 30 * 86_400_000 },
};

export function parseStep(text: string, what: string): Step {
  const m = /^\s*(\d+)\s*(mo|[smhdw])\s*$/i.exec(text);
  const amount = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(amount) || amount < 1)
    throw new ConfigurationError(`${what} '${text}' is not a duration such as 90s, 15m, 6h, 1d, 1w or 1mo`);
  const { unit, ms } = UNITS[m[2].toLowerCase()];
  return { duration: { [unit]: amount }, unit, amount, ms: amount * ms };
}

/** Milliseconds of a duration text; a bare number is milliseconds. */
export function durationMs(text: string, what: string): number {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  return parseStep(text, what).ms;
}
