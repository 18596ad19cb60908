// Retries and concurrency: what is retried, how long it waits, that a Create is
// never sent twice once Twilio may have processed it, and ordered concurrent output.
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { TwilioHttpClient } from '../connector/http/client';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import type { Recorder, Reply } from './helpers/recorder';
import { drain, recordingSuite } from './helpers/run';

const ACCOUNT = 'AC' + '1'.repeat(32);
const SM = (n: number) => 'SM' + n.toString(16).padStart(32, '0');
const catalog = loadCatalog();

const suite = recordingSuite();
let server: Recorder;
beforeEach(() => (server = suite.server()));

async function run(options: Partial<OperationOptions> & Pick<OperationOptions, 'action'>, inputs: InputDocument[], baseUrl = server.url) {
  const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl, timeoutMs: 2000 });
  const sleeps: number[] = [];
  const http = new TwilioHttpClient(connection, {
    concurrency: options.concurrency,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    onWarning: () => undefined, // what a Retry-After asks is said: test/answers.test.ts
  });
  const op = new Operation(connection, { objectType: 'Message', returnApplicationErrors: true, ...options }, catalog, http);
  return { sleeps, ...(await drain(op, inputs)) };
}

/** Answers the n-th request (1-based) with replies[n-1], then with `rest`. */
function sequence(replies: Reply[], rest: Reply) {
  let n = 0;
  server.reply(() => replies[n++] ?? rest);
}

const ok = (sid = SM(1)): Reply => ({ status: 200, body: { sid } });
const created = (sid = SM(1)): Reply => ({ status: 201, body: { sid } });
const e503: Reply = { status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } };
const e429 = (after?: string): Reply => ({
  status: 429,
  body: { code: 20429, message: 'Too Many Requests', status: 429 },
  headers: after ? { 'Retry-After': after } : {},
});
const message = { xml: '<Message><To>+13115556789</To><From>+13115550000</From><Body>hi</Body></Message>' };

describe('retries', () => {
  it('Get retries 5xx with exponential backoff and full jitter, and says so', async () => {
    sequence([e503, e503], ok());
    const { results, sleeps } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', properties: { 'connector.retries': '2' } });
    expect(sleeps).toEqual([125, 250]); // 0.5 × 250 ms × 2^(attempt-1)
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    sequence([e429('3')], ok());
    const { results, sleeps } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(sleeps).toEqual([3000]);
  });

  it('gives up after the retry budget with the last error', async () => {
    sequence([], e503);
    const { results } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '503', 'connector.retries': '4' } });
    expect(server.requests).toHaveLength(5);
  });

  it('Get retries a dropped connection', async () => {
    sequence([{ status: 0, drop: true }], ok());
    const { results } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', properties: { 'connector.retries': '1' } });
  });

  it('Create is retried on 429: Twilio did not process it', async () => {
    sequence([e429('1')], created());
    const { results } = await run({ action: 'create' }, [message]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests).toHaveLength(2);
  });

  it('Create is not retried on 5xx: Twilio may have processed it', async () => {
    sequence([e503], created());
    const { results } = await run({ action: 'create' }, [message]);
    expect(results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '503' } });
    expect(results[0].message).toMatch(/Twilio answered 503.*; not retried: Twilio may have processed it/);
    expect(server.requests).toHaveLength(1);
  });

  it('Create is not retried when the connection drops after sending, and the result says why', async () => {
    sequence([{ status: 0, drop: true }], created());
    const { results } = await run({ action: 'create' }, [message]);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(/not retried: Twilio may have processed it/);
    expect(server.requests).toHaveLength(1);
  });

  it('Create is not retried after a timeout', async () => {
    sequence([{ status: 201, body: { sid: SM(1) }, delayMs: 2500 }], created());
    const { results } = await run({ action: 'create' }, [message]);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(/timeout.*not retried/);
    expect(server.requests).toHaveLength(1);
  });

  it('Create is retried when the connection is refused: nothing was sent', async () => {
    const { results, sleeps } = await run({ action: 'create' }, [message], 'http://127.0.0.1:1');
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(/ECONNREFUSED/);
    expect(results[0].message).not.toMatch(/may have processed/);
    expect(sleeps).toHaveLength(4);
  });
});

describe('concurrency', () => {
  it('keeps several documents in flight and the output in input order', async () => {
    server.reply((req) => ({ status: 201, body: { sid: SM(Number(req.form.get('Body'))) }, delayMs: 5 + ((Number(req.form.get('Body')) * 7) % 20) }));
    const inputs = Array.from({ length: 60 }, (_, i) => ({ xml: `<Message><To>+13115556789</To><From>+13115550000</From><Body>${i}</Body></Message>` }));
    const { docs, results } = await run({ action: 'create', concurrency: 8 }, inputs);
    expect(results.map((r) => r.input)).toEqual(inputs.map((_, i) => i));
    expect(docs.map((d) => d.properties.id)).toEqual(inputs.map((_, i) => SM(i)));
    expect(server.peakInFlight()).toBeGreaterThan(1);
    expect(server.peakInFlight()).toBeLessThanOrEqual(8);
  });

  it('refuses a concurrency outside 1 to 256', () => {
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    expect(() => new Operation(connection, { action: 'create', objectType: 'Message', concurrency: 0 }, catalog)).toThrow(
      /option concurrency .* must be at least 1/,
    );
    expect(() => new Operation(connection, { action: 'create', objectType: 'Message', concurrency: 257 }, catalog)).toThrow(
      /option concurrency .* must be at most 256/,
    );
  });
});
