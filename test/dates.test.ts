import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvalidTimestampError, formatDate, formatIso, formatRfc2822, isDateOnly, parseTimestamp, toIsoIfTimestamp } from '../connector/values/dates';

/** parseTimestamp(text) as an ISO string, so failures show readable values. */
const iso = (text: string): string => parseTimestamp(text).toISOString();

const TWILIO = 'Mon, 17 Sep 2012 01:13:42 +0000';
const INSTANT = '2012-09-17T01:13:42.000Z';

describe('parseTimestamp: RFC 2822', () => {
  it.each([
    // As Twilio writes it, and minimal variations
    [TWILIO, INSTANT],
    ['17 Sep 2012 01:13:42 +0000', INSTANT],
    ['Mon, 17 Sep 2012 01:13 +0000', '2012-09-17T01:13:00.000Z'],
    ['17 Sep 2012 01:13 +0000', '2012-09-17T01:13:00.000Z'],
    ['Sat, 1 Sep 2012 01:13:42 +0000', '2012-09-01T01:13:42.000Z'],
    ['Sat, 01 Sep 2012 01:13:42 +0000', '2012-09-01T01:13:42.000Z'],
    ['Mon,17 Sep 2012 01:13:42 +0000', INSTANT],
    // Numeric offsets
    ['Mon, 17 Sep 2012 01:13:42 -0000', INSTANT],
    ['Mon, 17 Sep 2012 06:43:42 +0530', INSTANT],
    ['Sun, 16 Sep 2012 17:13:42 -0800', INSTANT],
    ['Mon, 17 Sep 2012 14:58:42 +1345', INSTANT],
    ['Sun, 16 Sep 2012 14:13:42 -1100', INSTANT],
    ['Mon, 17 Sep 2012 23:59:59 +2359', '2012-09-17T00:00:59.000Z'],
    // Obsolete zone names, every one of them, in upper and lower case
    ['Mon, 17 Sep 2012 01:13:42 UT', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 GMT', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 Z', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 gmt', INSTANT],
    ['Sun, 16 Sep 2012 20:13:42 EST', INSTANT],
    ['Sun, 16 Sep 2012 21:13:42 EDT', INSTANT],
    ['Sun, 16 Sep 2012 19:13:42 CST', INSTANT],
    ['Sun, 16 Sep 2012 20:13:42 CDT', INSTANT],
    ['Sun, 16 Sep 2012 18:13:42 MST', INSTANT],
    ['Sun, 16 Sep 2012 19:13:42 MDT', INSTANT],
    ['Sun, 16 Sep 2012 17:13:42 PST', INSTANT],
    ['Sun, 16 Sep 2012 18:13:42 PDT', INSTANT],
    ['Sun, 16 Sep 2012 18:13:42 pdt', INSTANT],
    // Military zones other than J read as -0000 (RFC 2822 §4.3)
    ['Mon, 17 Sep 2012 01:13:42 A', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 I', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 K', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 M', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 N', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 Y', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 a', INSTANT],
    // Obsolete years: 00-49 → 20xx, 50-99 → 19xx, 3 digits → +1900
    ['Mon, 17 Sep 12 01:13:42 +0000', INSTANT],
    ['Sat, 01 Jan 00 00:00:00 +0000', '2000-01-01T00:00:00.000Z'],
    ['Fri, 31 Dec 49 23:59:59 +0000', '2049-12-31T23:59:59.000Z'],
    ['Sun, 01 Jan 50 00:00:00 +0000', '1950-01-01T00:00:00.000Z'],
    ['Fri, 31 Dec 99 23:59:59 +0000', '1999-12-31T23:59:59.000Z'],
    ['Mon, 17 Sep 112 01:13:42 +0000', INSTANT],
    // Case-insensitive names
    ['MON, 17 SEP 2012 01:13:42 +0000', INSTANT],
    ['mon, 17 sep 2012 01:13:42 +0000', INSTANT],
    ['mOn, 17 sEp 2012 01:13:42 +0000', INSTANT],
    // Whitespace and comments
    ['  Mon, 17 Sep 2012 01:13:42 +0000  ', INSTANT],
    ['Mon,   17  Sep\t2012\n 01:13:42   +0000', INSTANT],
    ['Mon , 17 Sep 2012 01 : 13 : 42 +0000', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 +0000 (UTC)', INSTANT],
    ['Mon, 17 Sep 2012 01:13:42 -0700 (PDT)', '2012-09-17T08:13:42.000Z'],
    ['(sent) Mon, 17 Sep 2012 (a (nested) comment) 01:13:42 +0000', INSTANT],
    // Calendar edges
    ['Wed, 29 Feb 2012 00:00:00 +0000', '2012-02-29T00:00:00.000Z'],
    ['Tue, 29 Feb 2000 00:00:00 +0000', '2000-02-29T00:00:00.000Z'],
    ['Thu, 01 Jan 1970 00:00:00 +0000', '1970-01-01T00:00:00.000Z'],
    ['Wed, 31 Dec 1969 23:59:59 +0000', '1969-12-31T23:59:59.000Z'],
    ['Fri, 31 Dec 9999 23:59:59 +0000', '9999-12-31T23:59:59.000Z'],
    ['Thu, 01 Jan 1970 00:00:00 +0100', '1969-12-31T23:00:00.000Z'],
    ['Sat, 31 Dec 2016 23:59:59 -0100', '2017-01-01T00:59:59.000Z'],
    // Every month name
    ...['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i): [string, string] => [
      `1 ${m} 2012 00:00 +0000`,
      `2012-${String(i + 1).padStart(2, '0')}-01T00:00:00.000Z`,
    ]),
  ])('%j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });
});

describe('parseTimestamp: ISO 8601', () => {
  it.each([
    ['2012-09-17T01:13:42Z', INSTANT],
    ['2012-09-17t01:13:42z', INSTANT],
    ['2012-09-17T01:13:42', INSTANT],
    ['2012-09-17T01:13', '2012-09-17T01:13:00.000Z'],
    ['2012-09-17T01:13Z', '2012-09-17T01:13:00.000Z'],
    ['2012-09-17T01:13:42.5Z', '2012-09-17T01:13:42.500Z'],
    ['2012-09-17T01:13:42.12Z', '2012-09-17T01:13:42.120Z'],
    ['2012-09-17T01:13:42.123Z', '2012-09-17T01:13:42.123Z'],
    ['2012-09-17T01:13:42.123456789Z', '2012-09-17T01:13:42.123Z'],
    ['2012-09-17T01:13:42.9999Z', '2012-09-17T01:13:42.999Z'], // truncated, not rounded
    ['2012-09-17T01:13:42,5Z', '2012-09-17T01:13:42.500Z'],
    ['2012-09-17T01:13:42.000Z', INSTANT],
    ['2012-09-17T01:13:42.123', '2012-09-17T01:13:42.123Z'],
    ['2012-09-17T03:13:42+02:00', INSTANT],
    ['2012-09-17T03:13:42+0200', INSTANT],
    ['2012-09-17T03:13:42+02', INSTANT],
    ['2012-09-16T17:13:42-08:00', INSTANT],
    ['2012-09-17T06:43:42.250+05:30', '2012-09-17T01:13:42.250Z'],
    ['2012-09-17T01:13:42+00:00', INSTANT],
    ['2012-09-17T01:13:42-00:00', INSTANT],
    ['2012-09-17T00:00:00+23:59', '2012-09-16T00:01:00.000Z'],
    ['  2012-09-17T01:13:42Z\n', INSTANT],
    // Date only: midnight UTC
    ['2012-09-17', '2012-09-17T00:00:00.000Z'],
    ['2012-02-29', '2012-02-29T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['1970-01-01', '1970-01-01T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['0099-12-31', '0099-12-31T00:00:00.000Z'], // not mapped to 1999
    ['0000-01-01', '0000-01-01T00:00:00.000Z'],
    ['9999-12-31', '9999-12-31T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });
});

describe("parseTimestamp: 'YYYY-MM-DD HH:MM[:SS]' (UTC)", () => {
  it.each([
    ['2012-09-17 01:13:42', INSTANT],
    ['2012-09-17 01:13', '2012-09-17T01:13:00.000Z'],
    ['2012-09-17 00:00:00', '2012-09-17T00:00:00.000Z'],
    ['2012-09-17 23:59:59', '2012-09-17T23:59:59.000Z'],
    [' 2012-09-17 01:13:42 ', INSTANT],
    // The space may stand for 'T' in full ISO / RFC 3339 forms too
    ['2012-09-17 01:13:42Z', INSTANT],
    ['2012-09-17 03:13:42+02:00', INSTANT],
    ['2012-09-17 01:13:42.5', '2012-09-17T01:13:42.500Z'],
  ])('%j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });
});

describe('parseTimestamp: invalid input', () => {
  it.each([
    // Not timestamps at all
    ['', 'empty value'],
    ['   ', 'empty value'],
    ['garbage', 'not in a recognised format'],
    ['now', 'not in a recognised format'],
    ['1347844422', 'not in a recognised format'],
    ['null', 'not in a recognised format'],
    ['x'.repeat(500), 'longer than 200 characters'],
    // ISO shapes we do not accept
    ['2012-9-17', 'not in a recognised format'],
    ['2012-09-17T1:13:42Z', 'not in a recognised format'],
    ['2012-09-17T01', 'not in a recognised format'],
    ['20120917T011342Z', 'not in a recognised format'],
    ['+002012-09-17T01:13:42Z', 'not in a recognised format'],
    ['2012-09-17T01:13:42.Z', 'not in a recognised format'],
    ['2012-09-17T01:13:42 Z', 'not in a recognised format'],
    ['2012-09-17T01:13:42+2', 'not in a recognised format'],
    ['2012-09-17T01:13:42+02:0', 'not in a recognised format'],
    ['2012-09-17T01:13:42ZZ', 'not in a recognised format'],
    ['2012-09-17  01:13:42', 'not in a recognised format'],
    ['2012-09-17 01:13:42 +0000', 'not in a recognised format'],
    ['2012/09/17', 'not in a recognised format'],
    ['17/09/2012', 'not in a recognised format'],
    ['2012-09-17T', 'not in a recognised format'],
    // ISO fields out of range
    ['2012-00-17', 'month 0 is out of range (01-12)'],
    ['2012-13-01', 'month 13 is out of range (01-12)'],
    ['2012-09-00', 'day 0 does not exist in 2012-09'],
    ['2012-09-31', 'day 31 does not exist in 2012-09'],
    ['2012-02-30', 'day 30 does not exist in 2012-02'],
    ['2011-02-29', 'day 29 does not exist in 2011-02'],
    ['1900-02-29', 'day 29 does not exist in 1900-02'],
    ['2012-01-32', 'day 32 does not exist in 2012-01'],
    ['2012-09-17T24:00:00Z', 'hour 24 is out of range (00-23)'],
    ['2012-09-17T24:00Z', 'hour 24 is out of range (00-23)'],
    ['2012-09-17T01:60:00Z', 'minute 60 is out of range (00-59)'],
    ['2012-09-17T23:59:60Z', 'second 60 is out of range (00-59; leap seconds are not supported)'],
    ['2012-09-17T01:13:42+24:00', 'zone offset +2400 is out of range'],
    ['2012-09-17T01:13:42+02:60', 'zone offset +0260 is out of range'],
    ['2012-09-17 24:00', 'hour 24 is out of range (00-23)'],
    ['2012-09-17 01:61', 'minute 61 is out of range (00-59)'],
    ['0000-01-01T00:00:00+01:00', 'the instant falls in year -1 UTC, outside 0000-9999'],
    ['9999-12-31T23:00:00-01:00', 'the instant falls in year 10000 UTC, outside 0000-9999'],
    // RFC 2822 shapes we do not accept
    ['Mon, 17 Sep 2012 01:13:42', 'not in a recognised format'], // no zone
    ['Mon, 17 Sep 2012', 'not in a recognised format'], // no time
    ['Mon 17 Sep 2012 01:13:42 +0000', 'not in a recognised format'], // no comma
    ['Mon, 17 Sep 2012 1:13:42 +0000', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:4 +0000', 'not in a recognised format'],
    ['Mon, 117 Sep 2012 01:13:42 +0000', 'not in a recognised format'],
    ['Mon, 17 Sep 2 01:13:42 +0000', 'not in a recognised format'],
    ['Mon, 17 Sep 02012 01:13:42 +0000', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:42 +00:00', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:42 +000', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:42 +0000 extra', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:42 +0000 (unclosed', 'not in a recognised format'],
    ['Mon, 17 Sep 2012 01:13:42 +0000)', 'not in a recognised format'],
    ['Mon, 17 9 2012 01:13:42 +0000', 'not in a recognised format'],
    ['Mon, Sep 17 2012 01:13:42 +0000', 'not in a recognised format'],
    // RFC 2822 names
    ['Mon, 17 Sept 2012 01:13:42 +0000', "unknown month name 'Sept' (Jan-Dec)"],
    ['Mon, 17 Foo 2012 01:13:42 +0000', "unknown month name 'Foo' (Jan-Dec)"],
    ['Monday, 17 Sep 2012 01:13:42 +0000', "unknown day name 'Monday' (Mon-Sun)"],
    ['Xyz, 17 Sep 2012 01:13:42 +0000', "unknown day name 'Xyz' (Mon-Sun)"],
    ['Mon, 17 Sep 2012 01:13:42 J', "unknown time zone 'J'"],
    ['Mon, 17 Sep 2012 01:13:42 CET', "unknown time zone 'CET'"],
    ['Mon, 17 Sep 2012 01:13:42 CEST', "unknown time zone 'CEST'"],
    ['Mon, 17 Sep 2012 01:13:42 UTC', "unknown time zone 'UTC'"],
    // Weekday that does not match the date (as written, not as converted to UTC)
    ['Tue, 17 Sep 2012 01:13:42 +0000', 'Tue does not match 17 Sep 2012, a Mon'],
    ['Sun, 17 Sep 2012 01:13:42 +0000', 'Sun does not match 17 Sep 2012, a Mon'],
    ['Mon, 16 Sep 2012 17:13:42 -0800', 'Mon does not match 16 Sep 2012, a Sun'],
    ['Sun, 17 Sep 2012 06:43:42 +0530', 'Sun does not match 17 Sep 2012, a Mon'],
    ['Fri, 17 Sep 12 01:13:42 +0000', 'Fri does not match 17 Sep 2012, a Mon'],
    // RFC 2822 fields out of range
    ['Thu, 31 Feb 2012 01:13:42 +0000', 'day 31 does not exist in 2012-02'],
    ['29 Feb 2011 00:00 +0000', 'day 29 does not exist in 2011-02'],
    ['0 Sep 2012 00:00 +0000', 'day 0 does not exist in 2012-09'],
    ['31 Apr 2012 00:00 +0000', 'day 31 does not exist in 2012-04'],
    ['Mon, 17 Sep 2012 24:00:00 +0000', 'hour 24 is out of range (00-23)'],
    ['Mon, 17 Sep 2012 01:60:00 +0000', 'minute 60 is out of range (00-59)'],
    ['Mon, 17 Sep 2012 23:59:60 +0000', 'second 60 is out of range'],
    ['Mon, 17 Sep 2012 01:13:42 +2400', 'zone offset +2400 is out of range'],
    ['Mon, 17 Sep 2012 01:13:42 -0060', 'zone offset -0060 is out of range'],
    ['Mon, 17 Sep 2012 01:13:42 +9999', 'zone offset +9999 is out of range'],
  ])('%j: %s', (text, reason) => {
    let error: unknown;
    try {
      parseTimestamp(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidTimestampError);
    const e = error as InvalidTimestampError;
    expect(e.name).toBe('InvalidTimestampError');
    expect(e.reason).toContain(reason);
    expect(e.input).toBe(text);
    // The message names the input (shortened when long) and the accepted forms.
    expect(e.message).toContain(`'${text.slice(0, 80)}`);
    expect(e.message).toContain(reason);
    expect(e.message).toContain('RFC 2822');
    expect(e.message).toContain('ISO 8601');
    expect(e.message).toContain('YYYY-MM-DD HH:MM[:SS]');
  });

  it.each([[undefined], [null], [1347844422], [new Date(0)]])('rejects the non-string %p', (value) => {
    expect(() => parseTimestamp(value as unknown as string)).toThrow(InvalidTimestampError);
  });

  it('shortens a long input in the message', () => {
    const text = 'y'.repeat(300);
    expect(() => parseTimestamp(text)).toThrow(`'${'y'.repeat(80)}…' is not a timestamp`);
  });

  it('is an Error with a useful message', () => {
    const e = new InvalidTimestampError('nope', 'not in a recognised format');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe(
      "'nope' is not a timestamp: not in a recognised format; expected RFC 2822 ('Mon, 17 Sep 2012 01:13:42 +0000'), " +
        "ISO 8601 ('2012-09-17T01:13:42Z', '2012-09-17T01:13:42.123+02:00', '2012-09-17') or 'YYYY-MM-DD HH:MM[:SS]' (UTC)",
    );
  });
});

describe('isDateOnly', () => {
  it.each([
    ['2012-09-17', true],
    [' 2012-09-17 ', true],
    ['2012-02-29', true],
    ['0000-01-01', true],
    ['2012-02-30', false], // not a date that exists
    ['2012-13-01', false],
    ['2012-09-17T00:00:00Z', false],
    ['2012-09-17T00:00', false],
    ['2012-09-17 00:00', false],
    ['2012-09-17Z', false],
    ['2012-9-17', false],
    ['20120917', false],
    ['Mon, 17 Sep 2012 00:00:00 +0000', false],
    ['17 Sep 2012', false],
    ['', false],
    ['garbage', false],
  ])('%j → %p', (text, expected) => {
    expect(isDateOnly(text)).toBe(expected);
  });
});

describe('formatRfc2822 / formatIso / formatDate', () => {
  it.each([
    // [ISO instant, RFC 2822, formatIso, formatDate]
    [INSTANT, TWILIO, '2012-09-17T01:13:42Z', '2012-09-17'],
    ['2012-09-01T00:00:00.000Z', 'Sat, 01 Sep 2012 00:00:00 +0000', '2012-09-01T00:00:00Z', '2012-09-01'],
    ['2012-09-17T01:13:42.123Z', TWILIO, '2012-09-17T01:13:42.123Z', '2012-09-17'],
    ['2012-09-17T01:13:42.001Z', TWILIO, '2012-09-17T01:13:42.001Z', '2012-09-17'],
    ['2012-09-17T01:13:42.999Z', TWILIO, '2012-09-17T01:13:42.999Z', '2012-09-17'],
    ['2012-09-17T01:13:42.100Z', TWILIO, '2012-09-17T01:13:42.100Z', '2012-09-17'],
    ['1970-01-01T00:00:00.000Z', 'Thu, 01 Jan 1970 00:00:00 +0000', '1970-01-01T00:00:00Z', '1970-01-01'],
    ['1969-12-31T23:59:59.500Z', 'Wed, 31 Dec 1969 23:59:59 +0000', '1969-12-31T23:59:59.500Z', '1969-12-31'],
    ['2000-02-29T23:59:59.000Z', 'Tue, 29 Feb 2000 23:59:59 +0000', '2000-02-29T23:59:59Z', '2000-02-29'],
    ['2099-12-31T12:00:00.000Z', 'Thu, 31 Dec 2099 12:00:00 +0000', '2099-12-31T12:00:00Z', '2099-12-31'],
    ['0009-03-04T05:06:07.000Z', 'Wed, 04 Mar 0009 05:06:07 +0000', '0009-03-04T05:06:07Z', '0009-03-04'],
    ['9999-12-31T23:59:59.999Z', 'Fri, 31 Dec 9999 23:59:59 +0000', '9999-12-31T23:59:59.999Z', '9999-12-31'],
  ])('%s', (instant, rfc, isoText, day) => {
    const d = new Date(instant);
    expect(formatRfc2822(d)).toBe(rfc);
    expect(formatIso(d)).toBe(isoText);
    expect(formatDate(d)).toBe(day);
  });

  it.each([
    ['an invalid Date', new Date(NaN), 'Invalid Date'],
    ['a year before 0000', new Date(Date.UTC(-1, 0, 1)), 'year -1 cannot be written with 4 digits'],
    ['a year after 9999', new Date(Date.UTC(10000, 0, 1)), 'year 10000 cannot be written with 4 digits'],
  ])('rejects %s', (_label, d, message) => {
    expect(() => formatRfc2822(d)).toThrow(new RangeError(message));
    expect(() => formatIso(d)).toThrow(new RangeError(message));
    expect(() => formatDate(d)).toThrow(new RangeError(message));
  });
});

describe('round trips', () => {
  it.each([
    TWILIO,
    'Sat, 01 Sep 2012 00:00:00 +0000',
    'Wed, 29 Feb 2012 23:59:59 +0000',
    'Thu, 01 Jan 1970 00:00:00 +0000',
    'Fri, 31 Dec 1999 23:59:59 +0000',
    'Sat, 01 Jan 2000 00:00:00 +0000',
    'Tue, 19 Jan 2038 03:14:08 +0000',
    'Sun, 02 Feb 2025 10:20:30 +0000',
    'Wed, 14 Jun 2023 18:05:09 +0000',
    'Thu, 23 Nov 2017 07:00:00 +0000',
  ])('formatRfc2822(parseTimestamp(%j)) is the same text', (text) => {
    expect(formatRfc2822(parseTimestamp(text))).toBe(text);
  });

  it.each(['2012-09-17T01:13:42Z', '2012-09-17T01:13:42.123Z', '2012-09-17T01:13:42.001Z', '1970-01-01T00:00:00Z', '2038-01-19T03:14:08Z'])(
    'formatIso(parseTimestamp(%j)) is the same text',
    (text) => {
      expect(formatIso(parseTimestamp(text))).toBe(text);
    },
  );
});

describe('toIsoIfTimestamp', () => {
  it.each([
    [TWILIO, '2012-09-17T01:13:42Z'],
    ['Sun, 16 Sep 2012 17:13:42 -0800', '2012-09-17T01:13:42Z'],
    ['2012-09-17T03:13:42.500+02:00', '2012-09-17T01:13:42.500Z'],
    ['2012-09-17 01:13:42', '2012-09-17T01:13:42Z'],
    ['2012-09-17', '2012-09-17T00:00:00Z'],
    // Not a timestamp: returned as given, never thrown (responses are never rejected)
    ['', ''],
    ['garbage', 'garbage'],
    ['Thu, 31 Feb 2012 01:13:42 +0000', 'Thu, 31 Feb 2012 01:13:42 +0000'],
  ])('%j → %j', (text, expected) => {
    expect(toIsoIfTimestamp(text)).toBe(expected);
  });
});

describe('properties', () => {
  const MIN = Date.UTC(1970, 0, 1);
  const MAX = Date.UTC(2100, 11, 31, 23, 59, 59);
  /** Any instant in 1970..2100 with whole seconds. */
  const wholeSeconds = fc.integer({ min: MIN / 1000, max: MAX / 1000 }).map((s) => new Date(s * 1000));
  /** Any instant in 0000..9999, to the millisecond. */
  const anyMs = fc.integer({ min: -62_167_219_200_000 /* 0000-01-01 */, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

  it('parseTimestamp(formatRfc2822(d)) equals d', () => {
    fc.assert(
      fc.property(wholeSeconds, (d) => {
        expect(parseTimestamp(formatRfc2822(d)).getTime()).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('parseTimestamp(formatIso(d)) equals d', () => {
    fc.assert(
      fc.property(wholeSeconds, (d) => {
        expect(parseTimestamp(formatIso(d)).getTime()).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('parseTimestamp(formatIso(d)) equals d to the millisecond in years 0000-9999', () => {
    fc.assert(
      fc.property(anyMs, (ms) => {
        const d = new Date(ms);
        fc.pre(d.getUTCFullYear() >= 0 && d.getUTCFullYear() <= 9999);
        expect(parseTimestamp(formatIso(d)).getTime()).toBe(ms);
        expect(formatIso(d)).toBe(d.toISOString().replace('.000Z', 'Z'));
      }),
      { numRuns: 2000 },
    );
  });

  it('formatDate(d) is the UTC day of d and parses to its midnight', () => {
    fc.assert(
      fc.property(wholeSeconds, (d) => {
        const day = formatDate(d);
        expect(day).toBe(d.toISOString().slice(0, 10));
        expect(isDateOnly(day)).toBe(true);
        expect(parseTimestamp(day).getTime()).toBe(Math.floor(d.getTime() / 86_400_000) * 86_400_000);
      }),
    );
  });

  it('an RFC 2822 text with any offset names the same instant', () => {
    // Write d's wall-clock time in a zone `offset` minutes east of UTC, with weekday.
    const offsets = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(wholeSeconds, offsets, fc.boolean(), (d, offset, withWeekday) => {
        const wall = formatRfc2822(new Date(d.getTime() + offset * 60_000)); // '..., 17 Sep 2012 01:13:42 +0000'
        const abs = Math.abs(offset);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
        const text = (withWeekday ? wall : wall.slice(5)).replace('+0000', zone);
        expect(parseTimestamp(text).getTime()).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('an ISO text with any offset names the same instant', () => {
    const offsets = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(wholeSeconds, offsets, fc.constantFrom(':', ''), (d, offset, colon) => {
        const wall = formatIso(new Date(d.getTime() + offset * 60_000)).slice(0, -1); // no 'Z'
        const abs = Math.abs(offset);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${colon}${String(abs % 60).padStart(2, '0')}`;
        expect(parseTimestamp(wall + zone).getTime()).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but InvalidTimestampError, and accepted texts format back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          formatRfc2822(parseTimestamp(text));
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidTimestampError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('time-zone independence', () => {
  // Setting process.env.TZ in a running process is not reliable, so instead check that the
  // module never calls a local-time Date API (UTC variants are fine).
  const source = readFileSync(join(__dirname, '../connector/values/dates.ts'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

  it.each([
    ['local getters and setters', /\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds|Year)\(/],
    ['getTimezoneOffset', /getTimezoneOffset/],
    ['Date.parse', /Date\.parse/],
    ['new Date(<string>)', /new Date\(\s*['"`]|new Date\(\s*(text|trimmed|input|s)\s*\)/],
    ['toLocale*', /toLocale/],
    ['Intl', /\bIntl\b/],
    ['local-time string conversions', /\.(toString|toDateString|toTimeString)\(\)/],
  ])('does not use %s', (_label, pattern) => {
    expect(source).not.toMatch(pattern);
  });
});
