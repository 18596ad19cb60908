// Timestamp helpers for the sandbox. Filter values typed by clients go through the
// connector's shared reader (connector/values/dates.ts) so both sides accept the same forms.
// Record timestamps are the sandbox's own fixed-layout RFC 2822, read and written on hot
// paths (a filter scans every record), so they get a lean parser and a formatter that
// yields flat strings (a template literal leaves a rope, ~2x the memory per record).
import { isDateOnly, parseTimestamp as parseAnyTimestamp } from '../connector/values/dates';

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** 'Mon, 17 Sep 2012 01:13:42 +0000' */
export function formatRfc2822(date: Date): string {
  // join() yields a flat string; replace() would keep a rope of three (2x the memory per record).
  return [date.toUTCString().slice(0, -3), '+0000'].join('');
}

/** '2012-09-17T01:13:42Z' (Twilio's newer APIs drop the milliseconds). */
export function formatIso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RFC2822 = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Epoch ms of a record timestamp (RFC 2822 as the sandbox writes it, or ISO 8601); NaN otherwise. */
export function parseTimestamp(text: string): number {
  const m = RFC2822.exec(text);
  if (m) {
    const month = MONTHS[m[2]];
    if (month === undefined) return NaN;
    const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
    return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
  }
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
}

export const DAY_MS = 86_400_000;

/** Start of the UTC day holding the instant. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** A filter value: a plain YYYY-MM-DD (a UTC day) or any timestamp form the connector reads. */
export function parseFilterDate(text: string): { ms: number; dayOnly: boolean } | undefined {
  // An unencoded '+01:00' offset arrives as ' 01:00' after form decoding.
  const value = text.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2');
  try {
    return { ms: parseAnyTimestamp(value).getTime(), dayOnly: isDateOnly(value) };
  } catch {
    return undefined;
  }
}
