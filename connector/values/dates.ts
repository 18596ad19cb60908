// Timestamps as Twilio writes and reads them.
//
// Twilio's classic (2010-04-01) API writes RFC 2822 dates ('Mon, 17 Sep 2012 01:13:42 +0000');
// its newer APIs write ISO 8601 ('2012-09-17T01:13:42Z'). Callers of the connector may also
// type 'YYYY-MM-DD HH:MM:SS', which we read as UTC.
//
// Everything here is UTC-only on purpose: no local-time Date API (getHours, setDate,
// Date.parse, new Date(string), toLocale*, ...) is used, so results never depend on the
// machine's TZ. test/dates.test.ts checks this source for such calls.
//
// date-fns is not used here: its helpers (getDaysInMonth, isValid, parse, ...) read Dates in
// the local time zone, and the calendar arithmetic needed here is a leap-year rule and a
// 12-entry table. The date windows (windows.ts) use it on @date-fns/utc's UTCDate.

const ACCEPTED_FORMS =
  "expected RFC 2822 ('Mon, 17 Sep 2012 01:13:42 +0000'), " +
  "ISO 8601 ('2012-09-17T01:13:42Z', '2012-09-17T01:13:42.123+02:00', '2012-09-17') " +
  "or 'YYYY-MM-DD HH:MM[:SS]' (UTC)";

/** Longest slice of the input quoted in an error message. */
const MAX_QUOTED = 80;

/** No accepted form comes close; longer texts are rejected before any regex runs. */
const MAX_LENGTH = 200;

/** A text is not a timestamp in any accepted form, or names a date or time that does not exist. */
export class InvalidTimestampError extends Error {
  override name = 'InvalidTimestampError';
  /** What made the input unacceptable, e.g. "day 31 does not exist in 2012-02". */
  readonly reason: string;
  /** The input as given. */
  readonly input: string;

  constructor(input: unknown, reason: string) {
    const text = String(input);
    const quoted = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
    super(`'${quoted}' is not a timestamp: ${reason}; ${ACCEPTED_FORMS}`);
    this.input = text;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (pure arithmetic, no Date involved)

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; month is 1-12. */
function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// Building a Date from checked fields

interface Fields {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC: +0530 is 330, -0800 is -480. */
  offsetMinutes: number;
}

/** Checks every field's range and returns the instant; throws InvalidTimestampError naming the bad field. */
function toDate(input: string, f: Fields): Date {
  const fail = (reason: string): never => {
    throw new InvalidTimestampError(input, reason);
  };
  if (f.month < 1 || f.month > 12) fail(`month ${f.month} is out of range (01-12)`);
  if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) {
    fail(`day ${f.day} does not exist in ${pad(f.year, 4)}-${pad(f.month)}`);
  }
  if (f.hour > 23) fail(`hour ${f.hour} is out of range (00-23)`);
  if (f.minute > 59) fail(`minute ${f.minute} is out of range (00-59)`);
  if (f.second > 59) fail(`second ${f.second} is out of range (00-59; leap seconds are not supported)`);

  // Date.UTC maps years 0-99 to 1900-1999, so set the full year separately.
  const d = new Date(Date.UTC(2000, 0, 1, f.hour, f.minute, f.second, f.millisecond));
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  const instant = new Date(d.getTime() - f.offsetMinutes * 60_000);
  // Only '0000-01-01T00:30+01:00' and the like get here; keeping every parsed instant within
  // 0000-9999 UTC means the format* functions below can always write it back.
  const utcYear = instant.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) fail(`the instant falls in year ${utcYear} UTC, outside 0000-9999`);
  return instant;
}

/** Minutes east of UTC for a numeric offset; hours must be 00-23 and minutes 00-59. */
function offsetOf(input: string, sign: string, hh: string, mm: string): number {
  const hours = Number(hh);
  const minutes = Number(mm);
  if (hours > 23 || minutes > 59) {
    throw new InvalidTimestampError(input, `zone offset ${sign}${hh}${mm} is out of range (hours 00-23, minutes 00-59)`);
  }
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// ---------------------------------------------------------------------------------------------
// ISO 8601 (extended format, as RFC 3339 profiles it) and 'YYYY-MM-DD HH:MM[:SS]'
//
//   2012-09-17                     date only: midnight UTC
//   2012-09-17T01:13[:42[.123…]]   'T' (or 't', or one space) between date and time
//   …Z | …+02:00 | …+0200 | …+02   zone; none means UTC
//
// Fractional seconds may have any number of digits (',' or '.'); digits past milliseconds
// are truncated, never rounded, so a value never moves into the next second.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

function fromIso(input: string, m: RegExpExecArray): Date {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, offH, offM = '00'] = m;
  return toDate(input, {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: Number(fraction.slice(0, 3).padEnd(3, '0')),
    offsetMinutes: sign ? offsetOf(input, sign, offH, offM) : 0,
  });
}

// ---------------------------------------------------------------------------------------------
// RFC 2822 §3.3, with the obsolete forms of §4.3
//
//   [Mon,] 17 Sep 2012 01:13[:42] +0000
//
// - day-of-week optional; when present it must be the weekday of the written date;
// - day 1 or 2 digits; year 4 digits, or 2 digits (00-49 → 20xx, 50-99 → 19xx), or 3 digits
//   (+1900), as §4.3 says;
// - zone: ±hhmm, or UT/GMT/Z (+0000), EST/EDT/CST/CDT/MST/MDT/PST/PDT, or a military letter
//   other than J, which §4.3 says to read as -0000 (i.e. UTC) since its sign was never reliable;
// - names are case-insensitive; comments in parentheses are dropped; any run of whitespace
//   counts as one space, and whitespace around ',' and ':' is ignored.
//   A missing zone is an error: without it the instant is unknown.

const RFC2822 = /^(?:([a-z]+),)?(\d{1,2}) ([a-z]+) (\d{2,4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|[a-z]+)$/i;

/** Hours east of UTC for the named zones of RFC 2822 §4.3. */
const ZONE_NAMES: Record<string, number> = {
  UT: 0,
  GMT: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};

/** Drops (possibly nested) comments, then normalises whitespace as described above. */
function canonicalRfc2822(text: string): string {
  let s = text;
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  return s
    .replace(/\s+/g, ' ')
    .replace(/ ?([,:]) ?/g, '$1')
    .trim();
}

function fromRfc2822(input: string, m: RegExpExecArray): Date {
  const [, weekday, day, monthName, yearText, hour, minute, second = '0', zone] = m;
  const fail = (reason: string): never => {
    throw new InvalidTimestampError(input, reason);
  };

  const month = MONTH_NAMES.findIndex((n) => n.toLowerCase() === monthName.toLowerCase()) + 1;
  if (month === 0) fail(`unknown month name '${monthName}' (Jan-Dec)`);

  let year = Number(yearText);
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;

  let offsetMinutes: number;
  if (/^[+-]/.test(zone)) {
    offsetMinutes = offsetOf(input, zone[0], zone.slice(1, 3), zone.slice(3, 5));
  } else {
    const name = zone.toUpperCase();
    if (Object.hasOwn(ZONE_NAMES, name)) offsetMinutes = ZONE_NAMES[name] * 60;
    else if (/^[A-IK-Z]$/.test(name))
      offsetMinutes = 0; // military zone: -0000
    else return fail(`unknown time zone '${zone}' (use a numeric offset such as +0000)`);
  }

  const date = toDate(input, {
    year,
    month,
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: 0,
    offsetMinutes,
  });

  if (weekday !== undefined) {
    const wanted = DAY_NAMES.findIndex((n) => n.toLowerCase() === weekday.toLowerCase());
    if (wanted < 0) fail(`unknown day name '${weekday}' (Mon-Sun)`);
    // The weekday names the date as written, not the UTC date it converts to.
    const actual = new Date(date.getTime() + offsetMinutes * 60_000).getUTCDay();
    if (wanted !== actual) {
      fail(`${DAY_NAMES[wanted]} does not match ${day} ${MONTH_NAMES[month - 1]} ${year}, a ${DAY_NAMES[actual]}`);
    }
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Reads a timestamp in any form Twilio or a caller might use (see the comments above for the
 * exact grammar): RFC 2822, ISO 8601 (a missing zone means UTC, a date alone means midnight
 * UTC) or 'YYYY-MM-DD HH:MM[:SS]' (UTC). Leading and trailing whitespace is ignored.
 *
 * @throws InvalidTimestampError for anything else, including an empty string and dates or
 *   times that do not exist (31 Feb, hour 24, minute 60, second 60, offset +2400).
 */
export function parseTimestamp(text: string): Date {
  if (typeof text !== 'string') throw new InvalidTimestampError(text, `a ${typeof text} is not text`);
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidTimestampError(text, 'empty value');
  if (trimmed.length > MAX_LENGTH) throw new InvalidTimestampError(text, `longer than ${MAX_LENGTH} characters`);

  const iso = ISO.exec(trimmed);
  if (iso) return fromIso(text, iso);

  const rfc = RFC2822.exec(canonicalRfc2822(trimmed));
  if (rfc) return fromRfc2822(text, rfc);

  throw new InvalidTimestampError(text, 'not in a recognised format');
}

/** Why a text is no timestamp, where that says more than its being in no known form (a weekday the date does not fall on). */
export function timestampProblem(err: unknown): string {
  return err instanceof InvalidTimestampError && err.reason !== 'not in a recognised format' ? `: ${err.reason}` : '';
}

/**
 * True when the text (ignoring surrounding whitespace) is an existing calendar date
 * 'YYYY-MM-DD' with no time part: a filter 'on 2012-09-17' then means the whole UTC day.
 */
export function isDateOnly(text: string): boolean {
  if (typeof text !== 'string' || !/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)) return false;
  try {
    parseTimestamp(text);
    return true;
  } catch {
    return false;
  }
}

/** The UTC fields of a Date that all three formats can write: a valid time in years 0000-9999. */
function checkFormattable(d: Date): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError('Invalid Date');
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} cannot be written with 4 digits`);
}

function hms(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * 'Mon, 17 Sep 2012 01:13:42 +0000', as Twilio's classic API writes it: always UTC, 2-digit day.
 * RFC 2822 has no fractions of a second, so milliseconds are dropped.
 * @throws RangeError for an invalid Date or a year outside 0000-9999.
 */
export function formatRfc2822(d: Date): string {
  checkFormattable(d);
  const day = DAY_NAMES[d.getUTCDay()];
  const month = MONTH_NAMES[d.getUTCMonth()];
  return `${day}, ${pad(d.getUTCDate())} ${month} ${pad(d.getUTCFullYear(), 4)} ${hms(d)} +0000`;
}

/**
 * '2012-09-17T01:13:42Z' in UTC; milliseconds ('.123') appear only when not zero.
 * @throws RangeError for an invalid Date or a year outside 0000-9999.
 */
export function formatIso(d: Date): string {
  const date = formatDate(d); // checks d first
  const ms = d.getUTCMilliseconds();
  return `${date}T${hms(d)}${ms ? `.${pad(ms, 3)}` : ''}Z`;
}

/**
 * '2012-09-17': the UTC calendar day of the instant.
 * @throws RangeError for an invalid Date or a year outside 0000-9999.
 */
export function formatDate(d: Date): string {
  checkFormattable(d);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Normalises an output value: formatIso(parseTimestamp(text)) when the text is a timestamp,
 * otherwise the text unchanged. Responses are never rejected, so a value we cannot read
 * (e.g. a timestamp in a form Twilio may add later) reaches the caller as Twilio wrote it.
 */
export function toIsoIfTimestamp(text: string): string {
  let d: Date;
  try {
    d = parseTimestamp(text);
  } catch (err) {
    if (err instanceof InvalidTimestampError) return text;
    throw err;
  }
  return formatIso(d); // cannot throw: parseTimestamp only returns instants in 0000-9999
}
