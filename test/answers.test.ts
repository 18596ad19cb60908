// Answers that are not answers: redirects, bodies of the wrong shape, a Retry-After
// longer than the retry wait allows; and credentials that no debug switch prints.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { UnexpectedResponseError } from '../connector/errors';
import { TwilioHttpClient, type ClientOptions } from '../connector/http/client';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import type { Recorder, Reply } from './helpers/recorder';
import { drain, recordingSuite, TEST_ACCOUNT } from './helpers/run';

const SM = (n: number) => 'SM' + n.toString(16).padStart(32, '0');
const catalog = loadCatalog();
const suite = recordingSuite();
let server: Recorder;
beforeEach(() => (server = suite.server()));

async function run(options: Partial<OperationOptions> & Pick<OperationOptions, 'action'>, inputs: InputDocument[], client: ClientOptions = {}) {
  const connection = resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: server.url, timeoutMs: 2000 });
  const sleeps: number[] = [];
  const http = new TwilioHttpClient(connection, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, onWarning: () => undefined, ...client });
  const op = new Operation(connection, { objectType: 'Message', returnApplicationErrors: true, ...options }, catalog, http);
  return { sleeps, ...(await drain(op, inputs)) };
}

const message = { xml: '<Message><To>+13115556789</To><From>+13115550000</From><Body>hi</Body></Message>' };
const each = (replies: Reply[], rest: Reply) => {
  let n = 0;
  server.reply(() => replies[n++] ?? rest);
};

describe('a 3xx is a FAILURE naming the status and the Location host, and is not followed', () => {
  it.each([
    ['create', 302, [message]],
    ['create', 307, [message]],
    ['get', 301, [{ id: SM(1) }]],
    ['query', 303, [{}]],
    ['update', 308, [{ xml: `<Message><Sid>${SM(1)}</Sid><Body>x</Body></Message>` }]],
    ['delete', 302, [{ id: SM(1) }]],
  ] as const)('%s answered %s', async (action, status, inputs) => {
    server.reply((req) => (req.path === '/followed' ? { status: 201, body: { sid: SM(2) } } : { status, headers: { Location: `${server.url}/followed` } }));
    const { results, docs } = await run({ action }, [...inputs]);
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(new RegExp(`Twilio answered ${status} \\(a redirect to 127\\.0\\.0\\.1:\\d+\\); redirects are not followed`));
    expect(docs).toEqual([]);
    expect(server.requests.map((r) => r.path)).not.toContain('/followed');
    expect(server.requests).toHaveLength(1);
  });

  it('test-connection: the client refuses the redirect with the same error', async () => {
    server.reply(() => ({ status: 302, headers: { Location: 'https://login.example.com/sso' } }));
    const client = new TwilioHttpClient(resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: server.url }));
    const answer = client.request({
      method: 'GET',
      url: `/2010-04-01/Accounts/${TEST_ACCOUNT}.json`,
      idempotent: true,
      context: { action: 'test-connection', objectType: 'Account' },
    });
    await expect(answer).rejects.toThrow(UnexpectedResponseError);
    await expect(answer).rejects.toThrow(/^test-connection Account: Twilio answered 302 \(a redirect to login\.example\.com\); redirects are not followed$/);
    client.close();
  });
});

describe('a body of the wrong shape is a FAILURE naming what was expected', () => {
  it.each([
    ['get', { status: 200, body: null }, [{ id: SM(1) }], /answered 200 with null where a JSON object was expected/],
    ['get', { status: 200, body: [{ sid: SM(1) }] }, [{ id: SM(1) }], /answered 200 with an array where a JSON object was expected/],
    [
      'get',
      { status: 200, raw: '<html>login</html>', headers: { 'Content-Type': 'text/html' } },
      [{ id: SM(1) }],
      /answered 200 with a body that is not JSON \(text\/html\) where a JSON object was expected/,
    ],
    ['get', { status: 200 }, [{ id: SM(1) }], /answered 200 with no body where a JSON object was expected/],
    ['create', { status: 201, body: 'created' }, [message], /answered 201 with a string where a JSON object was expected/],
    ['create', { status: 201 }, [message], /answered 201 with no body where a JSON object was expected/],
    ['query', { status: 200, body: null }, [{}], /answered 200 with null where a JSON object was expected/],
    [
      'query',
      { status: 200, body: { messages: [{ sid: SM(1) }, null], next_page_uri: null } },
      [{}],
      /a list page holds null where a Message record \(a JSON object\) was expected/,
    ],
  ] as const)('%s answered %j', async (action, reply, inputs, rule) => {
    server.reply(() => reply as Reply);
    const { results } = await run({ action }, [...inputs]);
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(rule);
    expect(results[0].message).not.toMatch(/TypeError|Cannot read properties|internal error/);
  });

  it('a Create whose answer is not its record says Twilio may have processed it', async () => {
    server.reply(() => ({ status: 201, body: [] }));
    const { results } = await run({ action: 'create' }, [message]);
    expect(results[0].message).toMatch(/check before sending it again/);
  });

  it('a Delete answered 204 with no body succeeds', async () => {
    server.reply(() => ({ status: 204 }));
    const { results } = await run({ action: 'delete' }, [{ id: SM(1) }]);
    expect(results[0].status).toBe('SUCCESS');
  });
});

describe('Retry-After', () => {
  const e429 = (after: string): Reply => ({ status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 }, headers: { 'Retry-After': after } });

  it('86400 s: says at once what Twilio asked and fails fast past the longest wait allowed', async () => {
    each([e429('86400')], { status: 200, body: { sid: SM(1) } });
    const warnings: string[] = [];
    const { results, sleeps } = await run({ action: 'get' }, [{ id: SM(1) }], { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `get Message id '${SM(1)}': Twilio answered 429 and asked to retry after 86400 s (Retry-After), longer than the 60 s the retry wait allows (maxRetryWaitMs): not retried`,
    ]);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '429' } });
    expect(results[0].message).toMatch(
      /Twilio answered 429 \(code 20429\): Too Many Requests; Twilio asked to retry after 86400 s \(Retry-After\), longer than the 60 s the retry wait allows \(maxRetryWaitMs\)/,
    );
  });

  it('within maxRetryWaitMs the wait is what Twilio asked, said before waiting', async () => {
    each([e429('30')], { status: 200, body: { sid: SM(1) } });
    const warnings: string[] = [];
    const { results, sleeps } = await run({ action: 'get' }, [{ id: SM(1) }], { onWarning: (m) => warnings.push(m) });
    expect(results[0].status).toBe('SUCCESS');
    expect(sleeps).toEqual([30_000]);
    expect(warnings).toEqual([`get Message id '${SM(1)}': Twilio answered 429 and asked to retry after 30 s (Retry-After): waiting`]);
  });

  it('maxRetryWaitMs is an option of the operation and of the client', async () => {
    each([e429('10')], { status: 200, body: { sid: SM(1) } });
    const connection = resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: server.url });
    // Without an onWarning of its own, the client says it through process.emitWarning.
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const options = { action: 'get', objectType: 'Message', returnApplicationErrors: true, maxRetryWaitMs: 5000 } as const;
    const { results } = await drain(new Operation(connection, options, catalog), [{ id: SM(1) }]);
    const warned = emitWarning.mock.calls.map((c) => c.slice(0, 2));
    emitWarning.mockRestore();
    expect(results[0].message).toMatch(/asked to retry after 10 s \(Retry-After\), longer than the 5 s the retry wait allows/);
    expect(warned).toEqual([[expect.stringMatching(/^get Message id 'SM0+1': Twilio answered 429 and asked to retry after 10 s/), 'TwilioRetryAfter']]);
    each([e429('10')], { status: 200, body: { sid: SM(1) } });
    const viaClient = await run({ action: 'get' }, [{ id: SM(1) }], { maxRetryWaitMs: 5000 });
    expect(viaClient.results[0].status).toBe('APPLICATION_ERROR');
  });

  it('an HTTP-date Retry-After counts from now', async () => {
    const later = new Date(Date.now() + 3 * 3600_000).toUTCString();
    each([e429(later)], { status: 200, body: { sid: SM(1) } });
    const { results } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(results[0].message).toMatch(/asked to retry after 10[78]\d\d s \(Retry-After\)/);
  });
});

it('NODE_DEBUG=http,net,tls never prints the token or the Basic credentials', () => {
  const token = 'tok' + 'S3cr3t'.repeat(5);
  const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'helpers', 'debug-child.ts'), TEST_ACCOUNT, token], {
    env: { ...process.env, NODE_DEBUG: 'http,net,tls' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(JSON.parse(child.stdout)).toEqual({ status: 200, authorized: true });
  expect(child.stderr).toMatch(/^HTTP \d+: /m); // the debug output is there to look at
  expect(child.stderr).toMatch(/^NET \d+: /m);
  const basic = Buffer.from(`${TEST_ACCOUNT}:${token}`).toString('base64');
  expect(child.stderr).not.toContain(token);
  expect(child.stderr).not.toContain(basic);
});
