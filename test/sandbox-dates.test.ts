// The sandbox's own reading of filter timestamps (it no longer borrows the connector's).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFilterDate, parseTimestamp } from '../sandbox/dates';

const at = (iso: string): number => new Date(iso).getTime();

describe('sandbox filter timestamps', () => {
  it.each([
    ['2026-06-01', at('2026-06-01T00:00:00Z'), true],
    ['2026-06-01T10:20:30Z', at('2026-06-01T10:20:30Z'), false],
    ['2026-06-01T10:20:30.570Z', at('2026-06-01T10:20:30.570Z'), false],
    ['2026-06-01T10:20:30.5704+02:00', at('2026-06-01T08:20:30.570Z'), false],
    ['2026-06-01T10:20-0130', at('2026-06-01T11:50:00Z'), false],
    ['2026-06-01T10:20:30 01:00', at('2026-06-01T09:20:30Z'), false], // '+' decoded as a space
    ['2026-06-01 10:20:30', at('2026-06-01T10:20:30Z'), false], // no zone: UTC
    ['Mon, 01 Jun 2026 10:20:30 +0000', at('2026-06-01T10:20:30Z'), false],
  ])('reads %s', (text, ms, dayOnly) => {
    expect(parseFilterDate(text)).toEqual({ ms, dayOnly });
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '2026-06-01T24:00:00Z', '2026-06-01T10:60Z', '2026-06-01T10:00:00+25:00', '1717236030', ''])(
    'refuses %j',
    (text) => {
      expect(parseFilterDate(text)).toBeUndefined();
    },
  );

  it('reads the record timestamps it writes, in both layouts', () => {
    expect(parseTimestamp('Tue, 17 Feb 2026 01:13:42 +0000')).toBe(at('2026-02-17T01:13:42Z'));
    expect(parseTimestamp('2026-02-17T01:13:42Z')).toBe(at('2026-02-17T01:13:42Z'));
    expect(parseTimestamp('not a date')).toBeNaN();
  });

  it('uses no local-time Date API', () => {
    const source = readFileSync(join(__dirname, '../sandbox/dates.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(source).not.toMatch(/\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)\(|Date\.parse|getTimezoneOffset|toLocale|\bIntl\b/);
  });
});
