// Date windows: a split covers its window exactly, cut on whole seconds or UTC midnights;
// the split rule; the delivery of windows (order, bounded buffering); and no result
// depending on the machine's time zone.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Page } from '../connector/paging';
import { windowedPages } from '../connector/windowed';
import { floorTo, splitFactor, splitWindow, type Grain, type Window } from '../connector/windows';
import { compute } from './helpers/windows-tz';

const DAY = 86_400_000;
const t = (iso: string) => Date.parse(iso);
const GRAIN_MS: Record<Grain, number> = { second: 1000, day: DAY };

describe('splitWindow', () => {
  it('covers the window exactly with contiguous pieces cut on the grain, at most as many as asked', () => {
    const base = t('2020-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.constantFrom<Grain>('second', 'day'),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 1, max: 90 * DAY }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (grain, offset, width, parts, open) => {
          const from = base + offset;
          const to = from + width;
          const w: Window = open ? { from } : { from, to };
          const pieces = splitWindow(w, parts, grain, to);
          expect(pieces.length).toBeGreaterThanOrEqual(1);
          expect(pieces.length).toBeLessThanOrEqual(parts);
          expect(pieces[0].from).toBe(from);
          expect(pieces[pieces.length - 1].to).toBe(w.to);
          for (let i = 1; i < pieces.length; i++) {
            expect(pieces[i].from).toBe(pieces[i - 1].to);
            expect(pieces[i].from % GRAIN_MS[grain]).toBe(0); // whole seconds, UTC midnights
            expect(pieces[i].from).toBeGreaterThan(pieces[i - 1].from);
          }
          for (const p of pieces.slice(0, -1)) expect(p.to! - p.from).toBeGreaterThan(0);
          if (open) expect(pieces[pieces.length - 1].from).toBeLessThan(to);
        },
      ),
    );
  });

  it('cuts on UTC midnights for day-grained filters, evenly', () => {
    const pieces = splitWindow({ from: t('2026-06-01T10:00:00Z'), to: t('2026-06-09T00:00:00Z') }, 4, 'day', 0);
    expect(pieces.map((p) => [new Date(p.from).toISOString(), new Date(p.to!).toISOString()])).toEqual([
      ['2026-06-01T10:00:00.000Z', '2026-06-03T00:00:00.000Z'],
      ['2026-06-03T00:00:00.000Z', '2026-06-05T00:00:00.000Z'],
      ['2026-06-05T00:00:00.000Z', '2026-06-07T00:00:00.000Z'],
      ['2026-06-07T00:00:00.000Z', '2026-06-09T00:00:00.000Z'],
    ]);
  });

  it('leaves a window within one grain whole, and an open one open up to the horizon', () => {
    expect(splitWindow({ from: t('2026-06-01T10:00:00Z'), to: t('2026-06-02T00:00:00Z') }, 8, 'day', 0)).toHaveLength(1);
    expect(splitWindow({ from: t('2026-06-01T10:00:00.001Z'), to: t('2026-06-01T10:00:01Z') }, 8, 'second', 0)).toHaveLength(1);
    const open = splitWindow({ from: t('2026-06-01T00:00:00Z') }, 3, 'second', t('2026-06-01T00:00:30Z'));
    expect(open.map((p) => [p.from, p.to])).toEqual([
      [t('2026-06-01T00:00:00Z'), t('2026-06-01T00:00:10Z')],
      [t('2026-06-01T00:00:10Z'), t('2026-06-01T00:00:20Z')],
      [t('2026-06-01T00:00:20Z'), undefined],
    ]);
    // A lower bound after the horizon (records dated ahead of the clock): nothing to cut.
    expect(splitWindow({ from: t('2030-01-01T00:00:00Z') }, 3, 'second', t('2026-06-01T00:00:00Z'))).toEqual([{ from: t('2030-01-01T00:00:00Z') }]);
  });
});

describe('splitFactor: a window whose first page is full splits', () => {
  const month: Window = { from: t('2026-01-01T00:00:00Z'), to: t('2026-01-31T00:00:00Z') };
  const times = (from: string, step: number, n: number) => Array.from({ length: n }, (_, i) => t(from) - i * step);

  it('not when the first page is the last', () => {
    expect(splitFactor(month, times('2026-01-30T00:00:00Z', 1000, 50), false, 'second', 0, 64)).toBe(1);
  });
  it('into pieces of about two pages where the page comes in date order (its span estimates the pages)', () => {
    // A page spanning one day of a 30-day window: ~30 pages, so 15 pieces (at most maxParts).
    expect(splitFactor(month, times('2026-01-30T23:59:59Z', DAY / 50, 51), true, 'second', 0, 64)).toBe(15);
    expect(splitFactor(month, times('2026-01-30T23:59:59Z', DAY / 50, 51), true, 'second', 0, 8)).toBe(8);
  });
  it('not when the page already spans a third of the window or more', () => {
    expect(splitFactor(month, times('2026-01-30T00:00:00Z', (10 * DAY) / 50, 51), true, 'second', 0, 64)).toBe(1);
  });
  it('in halves where the page is out of date order (it says nothing about density)', () => {
    const shuffled = times('2026-01-30T00:00:00Z', 3_600_000, 50).map((x, i) => (i % 2 ? x - 20 * DAY : x));
    expect(splitFactor(month, shuffled, true, 'second', 0, 64)).toBe(2);
  });
  it('never below the grain', () => {
    expect(splitFactor({ from: t('2026-01-01T00:00:00Z'), to: t('2026-01-01T00:00:01Z') }, times('2026-01-01T00:00:00Z', 0, 50), true, 'second', 0, 64)).toBe(
      1,
    );
    expect(splitFactor({ from: t('2026-01-01T00:00:00Z'), to: t('2026-01-02T00:00:00Z') }, times('2026-01-01T12:00:00Z', 1000, 50), true, 'day', 0, 64)).toBe(
      1,
    );
  });
});

describe('windowedPages delivers window by window, newest first, holding a bounded number of pages', () => {
  // Each window is a chain of `pagesPer` pages of two records named by the window and page,
  // spanning the window in date order (so the first page does not ask for a split).
  function fakeWindows(pagesPer: number) {
    const started: Window[] = [];
    let fetched = 0;
    const open = (w: Window) => {
      started.push(w);
      async function* pages(): AsyncGenerator<Page> {
        for (let i = 0; i < pagesPer; i++) {
          await new Promise((r) => setImmediate(r));
          fetched++;
          const records = [
            { sid: `${w.from}/${i}a`, at: w.to! - 1 },
            { sid: `${w.from}/${i}b`, at: w.from },
          ];
          yield { records, controlFree: true, hasNext: i + 1 < pagesPer };
        }
      }
      return { pages: pages(), accept: () => true };
    };
    return { started, fetched: () => fetched, open };
  }
  const range = { from: 0, to: 8000 };
  const options = (open: ReturnType<typeof fakeWindows>['open'], maxHeldPages: number) => ({
    concurrency: 4,
    grain: 'second' as const,
    horizon: 8000,
    maxHeldPages,
    timeOf: (r: Record<string, unknown>) => r.at as number,
    open,
  });

  it('newest window first, each window in its own order', async () => {
    const fake = fakeWindows(3);
    const out: string[] = [];
    for await (const page of windowedPages(range, options(fake.open, 8))) out.push(...page.records.map((r) => String(r.sid)));
    expect(out).toEqual([6000, 4000, 2000, 0].flatMap((w) => [0, 1, 2].flatMap((i) => [`${w}/${i}a`, `${w}/${i}b`])));
    expect(fake.started).toHaveLength(4);
  });

  it('stops fetching ahead when the pages held reach the bound, and goes on as they are delivered', async () => {
    const fake = fakeWindows(20);
    const pages = windowedPages(range, options(fake.open, 6));
    await pages.next(); // the newest window's first page
    for (let i = 0; i < 100; i++) await new Promise((r) => setImmediate(r));
    // The windows behind hold at most the bound (+ one page each in flight), the head what it fetched.
    expect(fake.fetched()).toBeLessThanOrEqual(20 + 6 + 4);
    let n = 1;
    for await (const page of pages) n += page.records.length;
    expect(n).toBe(2 * 80 - 1);
  });

  it('room under the bound goes to the windows due soonest, not to the first that asked', async () => {
    // Four one-second windows of two pages each, every page answered when the test says.
    const requested: string[] = [];
    const answers = new Map<string, () => void>();
    const flush = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };
    const open = (w: Window) => {
      const name = `w${(3000 - w.from) / 1000}`; // w0 is the newest, delivered first
      async function* pages(): AsyncGenerator<Page> {
        for (let i = 0; i < 2; i++) {
          requested.push(`${name}p${i}`);
          await new Promise<void>((r) => answers.set(`${name}p${i}`, r));
          yield { records: [{ sid: `${name}p${i}`, at: w.from + i }], controlFree: true, hasNext: i === 0 };
        }
      }
      return { pages: pages(), accept: () => true };
    };
    const answer = async (...keys: string[]) => {
      for (const key of keys) {
        answers.get(key)!();
        await flush();
      }
    };
    const pages = windowedPages({ from: 0, to: 4000 }, { ...options(open, 3), horizon: 4000 });
    const first = pages.next();
    await flush();
    expect(requested).toEqual(['w0p0', 'w1p0', 'w2p0', 'w3p0']);
    // Windows behind answer last-first, so the farthest asks for room first; the bound (3) is then full.
    await answer('w3p0', 'w2p0', 'w1p0', 'w0p0');
    expect((await first).value!.records[0].sid).toBe('w0p0');
    await answer('w0p1');
    expect((await pages.next()).value!.records[0].sid).toBe('w0p1');
    // The head moves to w1, whose held page is delivered: one page of room, and w2 is due before w3.
    expect((await pages.next()).value!.records[0].sid).toBe('w1p0');
    await flush();
    expect(requested.slice(5)).toEqual(['w1p1', 'w2p1']);
    await answer('w1p1', 'w2p1');
    const rest: string[] = [];
    const draining = (async () => {
      for await (const page of pages) rest.push(String(page.records[0].sid));
    })();
    await flush();
    await answer('w3p1');
    await draining;
    expect(rest).toEqual(['w1p1', 'w2p0', 'w2p1', 'w3p0', 'w3p1']);
  });

  it('a failing window ends the delivery with its error', async () => {
    const open = (w: Window) => {
      async function* pages(): AsyncGenerator<Page> {
        await new Promise((r) => setImmediate(r));
        if (w.from === 2000) throw new Error('window 2000 failed');
        yield { records: [{ at: w.from }], controlFree: true, hasNext: false };
      }
      return { pages: pages(), accept: () => true };
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of windowedPages(range, options(open, 8))) seen.push(page.records[0].at as number);
      })(),
    ).rejects.toThrow('window 2000 failed');
    expect(seen).not.toContain(0);
  });
});

describe('no result depends on the machine time zone', () => {
  // The same windows, cuts and window parameters under time zones with odd offsets and DST.
  it.each(['UTC', 'Pacific/Chatham', 'America/St_Johns'])('TZ=%s', (tz) => {
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, [join(__dirname, 'helpers', 'windows-tz.ts')], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(compute())));
  });

  it('floorTo day is the UTC midnight', () => {
    expect(floorTo(t('2026-04-05T23:59:59.999Z'), 'day')).toBe(t('2026-04-05T00:00:00Z'));
  });
});
