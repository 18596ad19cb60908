// Incremental Query: only new records per run, late arrivals inside the lookback
// window caught once, and a crashed run replayed without loss.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { Operation } from '../connector/operation';
import { formatRfc2822 } from '../connector/values/dates';
import { startRecorder, type Recorder } from './helpers/recorder';

const ACCOUNT = 'AC' + '1'.repeat(32);
const SM = (n: number) => 'SM' + n.toString(16).padStart(32, '0');
const BASE = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const catalog = loadCatalog();

let server: Recorder;
let records: Array<{ sid: string; date_sent: string }>;
beforeAll(async () => {
  server = await startRecorder();
  server.reply(() => ({ status: 200, body: { messages: [...records].reverse(), next_page_uri: null } }));
});
afterAll(() => server.close());

function add(n: number, minutes: number) {
  records.push({ sid: SM(n), date_sent: formatRfc2822(new Date(BASE + minutes * MIN)) });
}

function operation(stateFile: string) {
  const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
  return new Operation(
    connection,
    { action: 'query', objectType: 'Message', incremental: { stateFile, field: 'DateSent', lookbackMs: 10 * MIN, since: '2026-01-01' } },
    catalog,
  );
}

async function runOnce(stateFile: string, crashAfter = Infinity): Promise<string[]> {
  const op = operation(stateFile);
  const ids: string[] = [];
  try {
    for await (const e of op.execute([{}])) {
      if (e.type !== 'document') continue;
      ids.push(e.document.properties.id);
      if (ids.length >= crashAfter) throw new Error('crash');
    }
  } catch (err) {
    if ((err as Error).message !== 'crash') throw err;
  } finally {
    op.close();
  }
  return ids.sort();
}

it('delivers each record once across runs, late ones and crashed runs included', async () => {
  records = [];
  const state = join(mkdtempSync(join(tmpdir(), 'incr-')), 'state.json');
  for (let i = 1; i <= 10; i++) add(i, i * 5); // 00:05 … 00:50

  expect(await runOnce(state)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(SM));
  const first = JSON.parse(readFileSync(state, 'utf8'));
  expect(first.highWater).toBe('2026-01-01T00:50:00Z');
  expect(server.requests.at(-1)!.query.get('DateSent>')).toBe('2026-01-01T00:00:00Z');

  expect(await runOnce(state)).toEqual([]);
  // asks for mark − lookback; records inside the window are recognised as seen
  expect(server.requests.at(-1)!.query.get('DateSent>')).toBe('2026-01-01T00:40:00Z');

  add(11, 55);
  add(12, 60);
  add(13, 45); // arrives late, inside the lookback window
  add(14, 20); // arrives far too late: outside the window, not fetched
  expect(await runOnce(state)).toEqual([SM(11), SM(12), SM(13)]);

  add(15, 65);
  add(16, 70);
  const crashed = await runOnce(state, 1);
  expect(crashed).toHaveLength(1);
  expect(JSON.parse(readFileSync(state, 'utf8')).highWater).toBe('2026-01-01T01:00:00Z'); // not committed

  const replay = await runOnce(state);
  expect(replay).toEqual([SM(15), SM(16)]);
  expect(replay).toEqual(expect.arrayContaining(crashed));
  expect(await runOnce(state)).toEqual([]);
});

it('refuses a state file of another object or field, and a limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'incr-'));
  const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
  expect(
    () =>
      new Operation(
        connection,
        { action: 'query', objectType: 'Message', limit: 5, incremental: { stateFile: join(dir, 's'), field: 'DateSent', lookbackMs: 0 } },
        catalog,
      ),
  ).toThrow(/incremental and limit cannot be combined/);
  expect(
    () =>
      new Operation(connection, { action: 'query', objectType: 'Message', incremental: { stateFile: join(dir, 's'), field: 'Body', lookbackMs: 0 } }, catalog),
  ).toThrow(/Body is not a timestamp field of Message/);
});

it.each([
  ['{"version":1}', /"objectType" must be a name, not missing/],
  ['[]', /not a JSON object/],
  ['{"version":2,"objectType":"Message","field":"DateSent","seen":{}}', /"version" must be 1, not 2/],
  ['{"version":1,"objectType":"Message","field":"DateSent","highWater":"yesterday","seen":{}}', /"highWater" must be an ISO 8601 timestamp, not "yesterday"/],
  ['{"version":1,"objectType":"Message","field":"DateSent","seen":{"SM1":"x"}}', /"seen" must map ids to epoch ms: "SM1" holds "x"/],
  ['{"version":1,"objectType":"Call","field":"StartTime","seen":{}}', /belongs to Call StartTime, not Message DateSent/],
])('a state file %s is refused naming the key: each input fails, nothing is fetched', async (text, message) => {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'incr-')), 'state.json');
  writeFileSync(stateFile, text);
  const before = server.requests.length;
  const op = operation(stateFile);
  const results = [];
  for await (const e of op.execute([{}])) if (e.type === 'result') results.push(e.result);
  op.close();
  expect(results).toEqual([expect.objectContaining({ status: 'FAILURE', message: expect.stringMatching(message) })]);
  expect(results[0].message).toContain(`state file ${stateFile}`);
  expect(server.requests.length).toBe(before);
});
