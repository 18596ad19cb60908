// Minimal timestamp helpers private to the sandbox (connector/values/dates.ts did not
// exist when this was written). Twilio's classic API writes RFC 2822 with +0000.

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** 'Mon, 17 Sep 2012 01:13:42 +0000' */
export function formatRfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** '2012-09-17T01:13:42Z' (Twilio's newer APIs drop the milliseconds). */
export function formatIso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RFC2822 = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Epoch ms of an RFC 2822 or ISO 8601 timestamp; NaN when it is neither. */
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

/** A filter value: a plain YYYY-MM-DD (a UTC day) or an ISO 8601 instant. */
export function parseFilterDate(text: string): { ms: number; dayOnly: boolean } | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : { ms, dayOnly: true };
  }
  // A '+01:00' offset arrives as ' 01:00' when the client did not percent-encode '+'.
  const ms = parseTimestamp(text.replace(/ (\d{2}:?\d{2})$/, '+$1'));
  return Number.isNaN(ms) ? undefined : { ms, dayOnly: false };
}
