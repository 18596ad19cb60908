// The distributed mode's pieces against a real redis-server: date windows, the watermark
// commit (once, atomically, never on top of another version), the per-account leases.
import { Redis } from 'ioredis';
import { parseStep } from '../workers/duration';
import { runIdOf } from '../workers/jobs';
import { Keys } from '../workers/keys';
import { AccountLeases } from '../workers/leases';
import { nextState, WatermarkStore } from '../workers/state';
import { parseFilter } from '../connector';
import { filterRange, splitWindows, windowFilters } from '../workers/windows';
import { RedisServer } from './helpers/redis-server';

const at = (iso: string) => Date.parse(iso);

describe('date windows', () => {
  it('steps from the start of the UTC day, half-open, the last one open-ended', () => {
    const windows = splitWindows(at('2026-03-01T10:30:00Z'), at('2026-03-03T05:00:00Z'), parseStep('1d', 'window'));
    expect(windows).toEqual([
      { from: at('2026-03-01T10:30:00Z'), to: at('2026-03-02T00:00:00Z') },
      { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z') },
      { from: at('2026-03-03T00:00:00Z') },
    ]);
    expect(splitWindows(undefined, at('2026-03-03T00:00:00Z'), parseStep('1d', 'window'))).toEqual([{}]);
  });

  it('months are calendar months (February is short), weeks start on Monday', () => {
    const months = splitWindows(at('2026-01-15T00:00:00Z'), at('2026-04-02T00:00:00Z'), parseStep('1mo', 'window'));
    expect(months.map((w) => w.to && new Date(w.to).toISOString())).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
      undefined,
    ]);
    const weeks = splitWindows(at('2026-03-04T00:00:00Z'), at('2026-03-10T00:00:00Z'), parseStep('1w', 'window'));
    expect(new Date(weeks[0].to!).toISOString()).toBe('2026-03-09T00:00:00.000Z'); // a Monday
  });

  it("windows stay inside the sync's own date filters, the last one closed by a Before", () => {
    const range = filterRange(
      [parseFilter('DateSent after 2026-01-01 00:00:00'), parseFilter('DateSent<2026-01-03'), parseFilter('To=+14155550100')],
      'DateSent',
    );
    expect(range).toEqual({ from: at('2026-01-01T00:00:00.001Z'), to: at('2026-01-03T00:00:00Z') });
    expect(splitWindows(range.from, range.to!, parseStep('1d', 'window'), false)).toEqual([
      { from: at('2026-01-01T00:00:00.001Z'), to: at('2026-01-02T00:00:00Z') },
      { from: at('2026-01-02T00:00:00Z'), to: at('2026-01-03T00:00:00Z') },
    ]);
    expect(filterRange([parseFilter('DateSent on 2026-01-05')], 'DateSent')).toEqual({ from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z') });
    expect(splitWindows(at('2026-01-04T00:00:00Z'), at('2026-01-03T00:00:00Z'), parseStep('1d', 'window'), false)).toEqual([]);
  });

  it('a window selects [from, to) with strict After/Before filters', () => {
    expect(windowFilters('DateSent', { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z') })).toEqual([
      { field: 'DateSent', op: 'after', value: '2026-03-01T23:59:59.999Z' },
      { field: 'DateSent', op: 'before', value: '2026-03-03T00:00:00.000Z' },
    ]);
  });

  it('refuses a window size that would make too many jobs, and a malformed one', () => {
    expect(() => splitWindows(at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), parseStep('1m', 'window'))).toThrow(/choose a larger --window/);
    expect(() => parseStep('1 fortnight', 'window')).toThrow(/not a duration such as 90s/);
  });

  it('run ids come from the plan job id without the characters BullMQ ids may not hold', () => {
    expect(runIdOf('msgs', 'repeat:msgs:1796181927357')).toBe('msgs-r1796181927357');
    expect(runIdOf('msgs', 'now-msgs-1796181927357')).toBe('msgs-n1796181927357');
  });
});

describe('next watermark', () => {
  it('takes the newest timestamp per key and keeps the ids inside the lookback window', () => {
    const prev = { marks: new Map([['A/Message', 1000]]), seen: new Map([['A/Message', { SM1: 1000, SM0: 400 }]]) };
    const next = nextState(
      prev,
      [
        { key: 'A/Message', newest: 1500, recent: { SM2: 1500, SM3: 1200 } },
        { key: 'B/Message', recent: {} },
      ],
      600,
    );
    expect(next.marks).toEqual(new Map([['A/Message', 1500]]));
    expect(next.seen.get('A/Message')).toEqual({ SM1: 1000, SM2: 1500, SM3: 1200 });
  });
});

describe('against redis-server', () => {
  let server: RedisServer;
  let redis: Redis;
  const keys = new Keys('t');

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('commits once: a retried commit of the same run is a no-op, a stale one is refused', async () => {
    const store = new WatermarkStore(redis, keys);
    const state = { marks: new Map([['A/Message', 2000]]), seen: new Map([['A/Message', { SM1: 2000 }]]) };
    const record = { at: '2026-12-01T00:00:00Z', documents: 1, jobs: 1 };
    expect(await store.commit('s', 'run1', 0, state, record)).toBe('committed');
    expect(await store.commit('s', 'run1', 0, state, record)).toBe('already-committed');
    expect(await store.commit('s', 'run2', 0, { marks: new Map([['A/Message', 1]]), seen: new Map() }, record)).toBe('conflict');
    const read = await store.read('s');
    expect(read.version).toBe(1);
    expect(read.marks).toEqual(state.marks);
    expect(read.seen).toEqual(state.seen);
    expect(await store.seenOf('s', 'A/Message', 1)).toEqual({ SM1: 2000 });
    expect(await store.seenOf('s', 'A/Message', 0)).toBeUndefined(); // planned from an older version
    expect((await store.commits('s')).map((c) => c.run)).toEqual(['run1']);
    expect(await redis.keys('t:sync:{s}:*:next:*')).toEqual([]); // no staging left behind
  });

  it('leases: at most `limit` holders per account; a lease not renewed expires', async () => {
    const leases = new AccountLeases(redis, keys, 300);
    const a = await leases.acquire('AC1', 'w1:j1', 2);
    const b = await leases.acquire('AC1', 'w1:j2', 2);
    expect(a && b).toBeTruthy();
    expect(await leases.acquire('AC1', 'w2:j3', 2)).toBeUndefined();
    expect(await leases.acquire('AC2', 'w2:j3', 2)).toBeDefined(); // another account has its own slots
    await a!.release();
    const c = await leases.acquire('AC1', 'w2:j4', 2);
    expect(c).toBeDefined();
    // A holder that dies stops renewing: its slot frees once the lease runs out.
    await redis.zadd(keys.leases('AC3'), Date.now() + 200, 'dead:j');
    await redis.zadd(keys.leases('AC3'), Date.now() + 200, 'dead:k');
    expect(await leases.acquire('AC3', 'w3:j', 2)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const d = await leases.acquire('AC3', 'w3:j', 2);
    expect(d).toBeDefined();
    // Renewal keeps a live holder's lease past its first expiry.
    await new Promise((r) => setTimeout(r, 700));
    expect(b!.held).toBe(true);
    expect(await leases.acquire('AC1', 'w9:j', 2)).toBeUndefined();
    for (const l of [b, c, d]) await l!.release();
  });
});
