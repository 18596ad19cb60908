// A batch of thousands of documents through injected 429s, 5xx and dropped
// connections: every document gets exactly one result and no message is created twice.
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { TwilioHttpClient } from '../connector/http/client';
import { Operation } from '../connector/operation';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';
import { drain } from './helpers/run';

const catalog = loadCatalog();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ seed: false });
});
afterAll(() => sb.close());

async function runBatch(action: 'create' | 'get', inputs: Array<{ xml?: string; id?: string }>, concurrency: number) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url, timeoutMs: 5000 });
  // A generous retry budget: with ~10% faults, five failures in a row would be a 1e-5 event per read.
  const retry = { retries: 8, baseDelayMs: 1, maxDelayMs: 1 };
  const http = new TwilioHttpClient(connection, { concurrency, retry, sleep: async () => undefined });
  const op = new Operation(connection, { action, objectType: 'Message', concurrency, returnApplicationErrors: true }, catalog, http);
  return drain(op, inputs);
}

it('3,000 creates at concurrency 16: every document accounted for, none created twice', async () => {
  const N = 3000;
  const inputs = Array.from({ length: N }, (_, i) =>
    i % 500 === 7
      ? { xml: `<Message><To>not a number</To><From>+14155550100</From><Body>doc-${i}</Body></Message>` } // bad input
      : { xml: `<Message><To>+1415555${String(i % 10000).padStart(4, '0')}</To><From>+14155550100</From><Body>doc-${i}</Body></Message>` },
  );
  sb.faults.set([
    { kind: 'status', status: 429, retryAfter: 0, rate: 0.05 },
    { kind: 'status', status: 503, rate: 0.02 },
    { kind: 'drop', rate: 0.02 },
  ]);
  const { results, docs } = await runBatch('create', inputs, 16);
  const hits = sb.faults.hits;
  sb.faults.clear();

  expect(hits).toBeGreaterThan(100);
  expect(results.map((r) => r.input)).toEqual(inputs.map((_, i) => i));
  const byStatus = (s: string) => results.filter((r) => r.status === s);
  expect(byStatus('FAILURE').length + byStatus('APPLICATION_ERROR').length + byStatus('SUCCESS').length).toBe(N);
  // 429s were retried to success; 5xx and drops after sending were not retried
  expect(results.some((r) => r.status === 'SUCCESS' && r.properties['connector.retries'])).toBe(true);
  expect(byStatus('APPLICATION_ERROR').every((r) => r.properties['twilio.status'] === '503')).toBe(true);
  expect(byStatus('FAILURE').every((r) => /not retried: Twilio may have processed it|To: 'not a number'/.test(r.message!))).toBe(true);
  expect(byStatus('FAILURE').filter((r) => /To: 'not a number'/.test(r.message!))).toHaveLength(6);

  const stored = sb.store.records('Message', AC).map((r) => String(r.body));
  expect(new Set(stored).size).toBe(stored.length); // no duplicates
  const created = docs.filter((d) => d.properties.id).map((d) => d.properties.id);
  expect(created).toHaveLength(byStatus('SUCCESS').length);
  expect(stored).toHaveLength(byStatus('SUCCESS').length); // faults fire before the sandbox processes
});

it('2,000 gets through the same faults all succeed: reads are retried until they pass', async () => {
  const sids = sb.store
    .records('Message', AC)
    .slice(0, 2000)
    .map((r) => String(r.sid));
  sb.faults.set([
    { kind: 'status', status: 429, retryAfter: 0, rate: 0.05 },
    { kind: 'status', status: 500, rate: 0.03 },
    { kind: 'drop', rate: 0.02 },
  ]);
  const { results } = await runBatch(
    'get',
    sids.map((id) => ({ id })),
    16,
  );
  sb.faults.clear();
  expect(results).toHaveLength(sids.length);
  expect(results.filter((r) => r.status !== 'SUCCESS')).toEqual([]);
});
