// Timestamp helpers for the sandbox, its own reading of what Twilio takes (not the
// connector's, so the end-to-end tests do not check the connector against itself).
// Record timestamps are the sandbox's own fixed-layout RFC 2822, read and written on hot
// paths (a filter scans every record), so they get a lean parser and a formatter that
// yields flat strings (a template literal leaves a rope, ~2x the memory per record).
// Everything is UTC: Date.UTC and getUTC* only, so no result depends on the machine's zone.

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
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
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? parseIso(text) : NaN;
}

/** ISO 8601 / RFC 3339 as filters take it: a date, or a date and time (T or space) with optional seconds, fraction and zone (none: UTC). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch ms of an ISO 8601 date or date-time naming a day and time that exist; NaN otherwise. */
export function parseIso(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0; // truncated to the millisecond
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return NaN;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(t).getUTCDate() !== day) return NaN; // 31 Feb rolls over
  const zone = m[8]?.toUpperCase();
  if (!zone || zone === 'Z') return t;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  if (Number(z[2]) > 23 || Number(z[3]) > 59) return NaN;
  return t - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
}

export const DAY_MS = 86_400_000;

/** Start of the UTC day holding the instant. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** A filter value: a plain YYYY-MM-DD (a UTC day), an ISO 8601 date-time or an RFC 2822 timestamp. */
export function parseFilterDate(text: string): { ms: number; dayOnly: boolean } | undefined {
  // An unencoded '+01:00' offset arrives as ' 01:00' after form decoding.
  const value = text.trim().replace(/([T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2');
  const ms = parseTimestamp(value);
  return Number.isNaN(ms) ? undefined : { ms, dayOnly: /^\d{4}-\d{2}-\d{2}$/.test(value) };
}
