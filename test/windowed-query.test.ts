// Windowed Query against the sandbox: with concurrency above 1 a Query bounded by a
// date filter is fetched as date windows. Its documents equal the unsplit Query's, in
// the same order where the list comes in date order, a record on a window boundary
// delivered once, for filters Twilio takes to the second (DateSent) and by day
// (Conference DateCreated, a date).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import type { Filter } from '../connector/query';
import { Operation, type OperationOptions } from '../connector/operation';
import { formatRfc2822, parseTimestamp } from '../connector/values/dates';
import { splitWindow } from '../connector/windows';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';
import { drain } from './helpers/run';

const catalog = loadCatalog();
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const t = (text: string) => parseTimestamp(text).getTime();
const hex = (n: number) => n.toString(16).padStart(32, '0');

/** A seeded generator, so the spread of test records is the same every run. */
function prng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
}

/** Stores copies of a seeded record of the type, one at each instant (created = the filtered date). */
function insert(type: 'Message' | 'Conference', prefix: string, times: number[], first: number): string[] {
  const template = sb.store.records(type, AC)[0];
  return times.map((ms, i) => {
    const sid = prefix + hex(first + i);
    const at = formatRfc2822(new Date(ms));
    const rec =
      type === 'Message' ? { ...template, sid, date_created: at, date_sent: at, date_updated: at } : { ...template, sid, date_created: at, date_updated: at };
    sb.store.insert(type, AC, rec, ms);
    return sid;
  });
}

async function query(objectType: string, filters: Filter[], extra: Partial<OperationOptions> = {}) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
  const before = sb.requests.length;
  const out = await drain(new Operation(connection, { objectType, action: 'query', filters, returnApplicationErrors: true, ...extra }, catalog), [{}]);
  // Requests a query before left on the way (it stopped at a limit or a failure) arrive later: only this list's count.
  const list =
    '/' +
    catalog.objectTypes
      .get(objectType)!
      .routes.find((r) => r.listPath)!
      .listPath!.split('/')
      .pop();
  return { ...out, ids: out.docs.map((d) => d.properties.id), requests: sb.requests.slice(before).filter((r) => r.path.endsWith(list)) };
}

const between = (ids: string[], times: number[], from: number, to: number) => ids.filter((_, i) => times[i] > from && times[i] < to);

describe('boundaries at the second (Message DateSent)', () => {
  const FROM = '2025-03-01 00:00:00';
  const TO = '2025-03-01 06:00:00';
  const filters: Filter[] = [
    { field: 'DateSent', op: 'after', value: FROM },
    { field: 'DateSent', op: 'before', value: TO },
  ];
  let ids: string[] = [];
  let times: number[] = [];

  beforeAll(() => {
    const random = prng(7);
    // A record on each side of, and on, every cut of the first split; on the range's own edges;
    // a hot second of 120 (more than two pages that no window can split); and 600 spread out.
    const cuts = splitWindow({ from: t(FROM) + 1, to: t(TO) }, 4, 'second', Date.now())
      .slice(1)
      .map((w) => w.from);
    times = [
      ...cuts.flatMap((c) => [c - 1000, c, c + 1000]),
      t(FROM),
      t(FROM) + 1000,
      t(TO) - 1000,
      t(TO),
      ...Array.from({ length: 120 }, () => t('2025-03-01 03:33:33')),
      ...Array.from({ length: 600 }, () => t(FROM) + Math.floor(random() * 6 * 3600) * 1000),
    ];
    ids = insert('Message', 'SM', times, 0x5000);
  });

  it('windows deliver exactly the unsplit Query, in its order, each record once', async () => {
    const unsplit = await query('Message', filters, { pageSize: 50 });
    const windowed = await query('Message', filters, { pageSize: 50, concurrency: 4 });
    expect(windowed.results[0]).toMatchObject({ status: 'SUCCESS', documents: unsplit.ids.length });
    expect(new Set(windowed.ids).size).toBe(windowed.ids.length);
    expect([...windowed.ids].sort()).toEqual(between(ids, times, t(FROM), t(TO)).sort());
    expect(windowed.ids).toEqual(unsplit.ids);
    // Dense windows were split further: more windows than the four it started with.
    expect(new Set(windowed.requests.map((r) => new URLSearchParams(r.query).get('DateSent>'))).size).toBeGreaterThan(4);
    expect(windowed.requests.every((r) => new URLSearchParams(r.query).get('PageSize') === '50')).toBe(true);
  });

  it('a limit keeps the first documents of the unsplit Query', async () => {
    const unsplit = await query('Message', filters, { limit: 70, pageSize: 50 });
    const windowed = await query('Message', filters, { limit: 70, pageSize: 50, concurrency: 4 });
    expect(windowed.ids).toEqual(unsplit.ids);
    expect(windowed.ids).toHaveLength(70);
  });

  it('a window that fails ends the Query with its error', async () => {
    // Requests of the windows starting at the second cut (its first piece keeps that start when split).
    const cut = splitWindow({ from: t(FROM) + 1, to: t(TO) }, 4, 'second', Date.now())[2].from;
    sb.faults.set([{ kind: 'status', status: 400, pathIncludes: `DateSent%3E=${new Date(cut).toISOString().replace('.000', '').replace(/:/g, '%3A')}` }]);
    try {
      const { results, docs } = await query('Message', filters, { pageSize: 50, concurrency: 4 });
      expect(results).toHaveLength(1);
      expect(results[0].status).toBe('APPLICATION_ERROR');
      expect(docs[docs.length - 1].properties['twilio.status']).toBe('400');
      expect(sb.faults.hits).toBeGreaterThan(0);
    } finally {
      sb.faults.clear();
    }
  });
});

describe('boundaries at the day (Conference DateCreated, a date filter)', () => {
  const FROM = '2025-02-01 12:00:00';
  const TO = '2025-02-20';
  const filters: Filter[] = [
    { field: 'DateCreated', op: 'after', value: FROM },
    { field: 'DateCreated', op: 'before', value: TO },
  ];

  it('windows cut on UTC midnights deliver exactly the unsplit Query, each record once', async () => {
    const random = prng(11);
    const days = Array.from({ length: 20 }, (_, i) => t('2025-02-01') + i * 86_400_000);
    // The last second of each day and the first of the next, the range's edges, a dense day
    // (130 on 2025-02-09, more than two pages no window can split) and 150 spread out.
    const times = [
      ...days.flatMap((d) => [d - 1000, d]),
      t(FROM),
      t(FROM) + 1000,
      t(TO) - 1000,
      t(TO),
      ...Array.from({ length: 130 }, () => t('2025-02-09') + Math.floor(random() * 86_400) * 1000),
      ...Array.from({ length: 150 }, () => t('2025-02-01') + Math.floor(random() * 19 * 86_400) * 1000),
    ];
    const ids = insert('Conference', 'CF', times, 0x7000);
    const unsplit = await query('Conference', filters, { pageSize: 50 });
    const windowed = await query('Conference', filters, { pageSize: 50, concurrency: 4 });
    expect(windowed.results[0]).toMatchObject({ status: 'SUCCESS', documents: unsplit.ids.length });
    expect(new Set(windowed.ids).size).toBe(windowed.ids.length);
    expect([...windowed.ids].sort()).toEqual(between(ids, times, t(FROM), t(TO)).sort());
    expect(windowed.ids).toEqual(unsplit.ids);
    // The windows that were not split further asked Twilio for whole days, no day twice, all days once.
    const asked = windowed.requests.map((r) => new URLSearchParams(r.query)).filter((q) => !q.get('PageToken'));
    // A one-day window asks with DateCreated=day.
    const spans = [...new Set(asked.map((q) => `${q.get('DateCreated>') ?? q.get('DateCreated')}/${q.get('DateCreated<') ?? q.get('DateCreated')}`))].map((s) =>
      s.split('/'),
    );
    const leaves = spans.filter(([a, b]) => !spans.some(([c, d]) => `${c}/${d}` !== `${a}/${b}` && c >= a && d <= b)).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(leaves.length).toBeGreaterThan(4);
    expect([leaves[0][0], leaves[leaves.length - 1][1]]).toEqual(['2025-02-01', '2025-02-19']);
    const nextDay = (d: string) => new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10);
    for (let i = 1; i < leaves.length; i++) expect(leaves[i][0]).toBe(nextDay(leaves[i - 1][1]));
  });
});

describe('open towards now, and incremental', () => {
  it('a lower bound alone is windowed up to the Query start; the last window stays open', async () => {
    const filters: Filter[] = [{ field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' }];
    const unsplit = await query('Message', filters, { pageSize: 20 });
    const windowed = await query('Message', filters, { pageSize: 20, concurrency: 8 });
    expect(unsplit.ids.length).toBeGreaterThan(40);
    expect(new Set(windowed.ids).size).toBe(windowed.ids.length);
    expect([...windowed.ids].sort()).toEqual([...unsplit.ids].sort());
    expect(
      windowed.requests.some(
        (r) => new URLSearchParams(r.query).get('DateSent<') === null && new URLSearchParams(r.query).get('DateSent>') !== '2026-06-01T00:00:00Z',
      ),
    ).toBe(true);
  });

  it('named bounds and token paging too (Communications API CreatedAt: start_date / end_date)', async () => {
    const filters: Filter[] = [{ field: 'CreatedAt', op: 'after', value: '2020-01-01 00:00:00' }];
    const unsplit = await query('CommsContact', filters, { pageSize: 2 });
    const windowed = await query('CommsContact', filters, { pageSize: 2, concurrency: 4 });
    expect(unsplit.ids.length).toBeGreaterThan(4);
    expect(new Set(windowed.ids).size).toBe(windowed.ids.length);
    expect([...windowed.ids].sort()).toEqual([...unsplit.ids].sort());
    expect(new Set(windowed.requests.map((r) => new URLSearchParams(r.query).get('start_date'))).size).toBeGreaterThan(1);
  });

  it('an incremental sync at concurrency 8 commits once and next time delivers only what is new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'windowed-state-'));
    try {
      const incremental = { stateFile: join(dir, 'state.json'), field: 'DateSent', lookbackMs: 0, since: '2026-06-01 00:00:00' };
      const first = await query('Message', [], { pageSize: 20, concurrency: 8, incremental });
      const all = await query('Message', [{ field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' }], { pageSize: 20 });
      expect([...first.ids].sort()).toEqual([...all.ids].sort());
      const [fresh] = insert('Message', 'SM', [t('2026-11-30 10:00:00')], 0x9000);
      const second = await query('Message', [], { pageSize: 20, concurrency: 8, incremental });
      expect(second.ids).toEqual([fresh]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
