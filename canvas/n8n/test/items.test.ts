// Items in and out: a Query per input item over several pages, Continue On Fail with
// bad items among good ones (regular and error output), the node's error without it,
// and credentials that never reach an item or an error.
import { TwilioConnector } from 'twilio-connector';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from 'twilio-connector/sandbox';
import type { IDataObject, INodeExecutionData, IPinData } from 'n8n-workflow';
import { readFixture, runWorkflow, type Fixture } from './helpers/engine';
import { expectNoSecrets, jsonOf, pairs, sandboxSuite } from './helpers/twilio';

const suite = sandboxSuite();
const NOT_FOUND = 'SM' + '0'.repeat(32);
const NOT_A_MESSAGE_SID = 'CA' + '1'.repeat(32);
let good: string[];

beforeAll(async () => {
  const op = suite.twilio.operation({ action: 'query', objectType: 'Message', limit: 2, documents: 'object' });
  good = [];
  for await (const e of op.execute([{}])) if (e.type === 'document') good.push(e.document.data!.Sid as string);
  op.close();
});

const secrets = () => [String(suite.credentials.twilioConnectorApi.authToken)];
const pinned = (...json: IDataObject[]): IPinData => ({ 'Manual Trigger': json.map((j) => ({ json: j })) });
function withOnError(fixture: Fixture, node: string, onError: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow'): Fixture {
  return { ...fixture, nodes: fixture.nodes.map((n) => (n.name === node ? { ...n, onError } : n)) };
}
/** The library's own answer to a query, as the oracle for what the node put out. */
async function querySids(since: string): Promise<string[]> {
  const op = suite.twilio.operation({
    action: 'query',
    objectType: 'Message',
    documents: 'object',
    filters: [{ field: 'DateSent', op: 'after', value: since }],
  });
  const sids: string[] = [];
  for await (const e of op.execute([{}])) if (e.type === 'document') sids.push(e.document.data!.Sid as string);
  op.close();
  return sids;
}

it('Query with Return All follows every page, one query per input item, XML as binary data', async () => {
  const before = suite.sb.requests.length;
  const ran = await runWorkflow(readFixture('message-pages.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const pages = suite.sb.requests.slice(before).filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
  const [june, october] = [await querySids('2026-06-01 00:00:00'), await querySids('2026-10-01 00:00:00')];
  expect(june.length).toBeGreaterThan(100);
  expect(october.length).toBeGreaterThan(20);
  const items = ran.output('Query Messages');
  expect(items.map((i) => i.json.Sid)).toEqual([...june, ...october]);
  expect(pairs(items)).toEqual([...june.map(() => 0), ...october.map(() => 1)]);

  expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(june.length / 20) + Math.ceil(october.length / 20));
  for (const page of pages) expect(new URLSearchParams(page.query).get('PageSize')).toBe('20');

  const binary = items[0].binary!.document;
  expect(binary).toMatchObject({ mimeType: 'application/xml', fileName: `Message-${june[0]}.xml` });
  expect(Buffer.from(binary.data, 'base64').toString('utf8')).toMatch(new RegExp(`^<Message>.*<Sid>${june[0]}</Sid>.*</Message>$`, 's'));
  expectNoSecrets(ran, secrets());
});

describe('Get by id with bad items among good ones', () => {
  const inputs = () => pinned({ sid: good[0] }, { sid: NOT_FOUND }, { sid: NOT_A_MESSAGE_SID }, { sid: good[1] });

  it('Continue On Fail (regular output): every item comes out where it was, paired to its input', async () => {
    const ran = await runWorkflow(withOnError(readFixture('get-by-id.json'), 'Get Message', 'continueRegularOutput'), suite.credentials, inputs());
    expect(ran.error).toBeUndefined();
    const items = ran.output('Get Message');
    expect(pairs(items)).toEqual([0, 1, 2, 3]);
    expect([items[0].json.Sid, items[3].json.Sid]).toEqual(good);
    expect(items[1].json).toEqual({
      error: {
        message: `get Message id '${NOT_FOUND}': Twilio answered 404 (code 20404): ${(items[1].json.error as { twilio: { message: string } }).twilio.message}`,
        status: 'APPLICATION_ERROR',
        objectType: 'Message',
        action: 'get',
        id: NOT_FOUND,
        twilio: { status: 404, code: 20404, message: expect.any(String), moreInfo: expect.stringContaining('20404') },
      },
    });
    expect(items[2].json).toEqual({
      error: {
        message: expect.stringMatching(/^get Message id 'CA1+': Sid: segment 1 'CA1+' is not a MessageSid/),
        status: 'FAILURE',
        objectType: 'Message',
        action: 'get',
        id: NOT_A_MESSAGE_SID,
      },
    });
    expectNoSecrets(ran, secrets());
  });

  it('Continue On Fail (error output): good items on the main output, failed ones with their input fields on the error output', async () => {
    const ran = await runWorkflow(withOnError(readFixture('get-by-id.json'), 'Get Message', 'continueErrorOutput'), suite.credentials, inputs());
    expect(ran.error).toBeUndefined();
    const [main, errors] = [ran.output('Get Message', 0), ran.output('Get Message', 1)];
    expect(main.map((i) => i.json.Sid)).toEqual(good);
    expect(pairs(main)).toEqual([0, 3]);
    expect(pairs(errors)).toEqual([1, 2]);
    expect(errors.map((i) => [i.json.sid, (i.json.error as { status: string }).status])).toEqual([
      [NOT_FOUND, 'APPLICATION_ERROR'],
      [NOT_A_MESSAGE_SID, 'FAILURE'],
    ]);
  });

  it("without it, Twilio's no stops the node with a NodeApiError naming object type, action, id and code", async () => {
    const before = suite.sb.requests.length;
    const ran = await runWorkflow(readFixture('get-by-id.json'), suite.credentials, pinned({ sid: good[0] }, { sid: NOT_FOUND }, { sid: good[1] }));
    expect(ran.error).toMatchObject({
      name: 'NodeApiError',
      message: expect.stringMatching(new RegExp(`^get Message id '${NOT_FOUND}': Twilio answered 404 \\(code 20404\\)`)),
      httpCode: '404',
      description: expect.stringContaining('Twilio error 20404'),
      context: expect.objectContaining({ itemIndex: 1 }),
      node: expect.objectContaining({ name: 'Get Message' }),
    });
    // The items after the failed one were not sent.
    const sent = suite.sb.requests.slice(before).map((r) => r.path);
    expect(sent.some((p) => p.includes(good[1]))).toBe(false);
    expectNoSecrets(ran, secrets());
  });

  it('without it, an id the connector refuses stops the node with a NodeOperationError before any request', async () => {
    const before = suite.sb.requests.length;
    const ran = await runWorkflow(readFixture('get-by-id.json'), suite.credentials, pinned({ sid: NOT_A_MESSAGE_SID }));
    expect(ran.error).toMatchObject({
      name: 'NodeOperationError',
      message: expect.stringMatching(/^get Message id 'CA1+': Sid: segment 1 'CA1+' is not a MessageSid/),
      context: expect.objectContaining({ itemIndex: 0 }),
    });
    expect(suite.sb.requests.length).toBe(before);
  });
});

it('Create per item from XML: a malformed document and an impossible number fail alone; the others are sent once each', async () => {
  const before = suite.sb.requests.length;
  const fixture = withOnError(readFixture('send-sms-xml.json'), 'Send SMS', 'continueRegularOutput');
  const ran = await runWorkflow(
    fixture,
    suite.credentials,
    pinned(
      { to: '+14155550101', text: 'one' },
      { to: '+14155550102', text: 'Tom & Jerry' },
      { to: '12', text: 'three' },
      { to: '(415) 555-0104', text: 'four' },
    ),
  );
  expect(ran.error).toBeUndefined();
  const items = ran.output('Send SMS');
  expect(pairs(items)).toEqual([0, 1, 2, 3]);
  expect(jsonOf(items).map((j) => j.To ?? (j.error as { status: string }).status)).toEqual(['+14155550101', 'FAILURE', 'FAILURE', '+14155550104']);
  expect((items[1].json.error as { message: string }).message).toMatch(/^create Message: /);
  expect((items[2].json.error as { message: string }).message).toMatch(/^create Message: To: /);
  const posts = suite.sb.requests.slice(before).filter((r) => r.method === 'POST');
  expect(posts.map((p) => new URLSearchParams(p.body).get('Body'))).toEqual(['one', 'four']);
});

it('Update from XML: a failed item’s error names the record its document names', async () => {
  const fixture = withOnError(readFixture('send-sms-xml.json'), 'Send SMS', 'continueRegularOutput');
  fixture.nodes[1].parameters = { ...fixture.nodes[1].parameters, operation: 'update', xml: '=<Message><Sid>{{ $json.sid }}</Sid><Body></Body></Message>' };
  const ran = await runWorkflow(fixture, suite.credentials, pinned({ sid: NOT_FOUND }, { sid: NOT_A_MESSAGE_SID }));
  expect(ran.error).toBeUndefined();
  const items = ran.output('Send SMS');
  expect(pairs(items)).toEqual([0, 1]);
  expect(items.map((i) => i.json.error)).toEqual([
    expect.objectContaining({ status: 'APPLICATION_ERROR', action: 'update', id: NOT_FOUND, twilio: expect.objectContaining({ status: 404 }) }),
    expect.objectContaining({ status: 'FAILURE', action: 'update', id: NOT_A_MESSAGE_SID }),
  ]);
});

it('Map Automatically: the items are the documents, by element name; an unknown field fails its item by name', async () => {
  const before = suite.sb.requests.length;
  const fixture = withOnError(readFixture('send-sms-automap.json'), 'Send SMS', 'continueRegularOutput');
  const ran = await runWorkflow(
    fixture,
    suite.credentials,
    pinned({ To: '+14155550111', From: '+14155550199', Body: 'mapped' }, { To: '+14155550112', From: '+14155550199', Bogus: 1 }),
  );
  expect(ran.error).toBeUndefined();
  const [sent, refused] = ran.output('Send SMS');
  expect(sent.json).toMatchObject({ To: '+14155550111', Body: 'mapped' });
  expect((refused.json.error as { message: string }).message).toMatch(/^create Message: Bogus: is not an element of this request; accepted: AccountSid, To, /);
  expect(suite.sb.requests.slice(before).filter((r) => r.method === 'POST')).toHaveLength(1);
});

it('Headers the type declares are sent; one it does not declare stops the node naming the header', async () => {
  const before = suite.sb.requests.length;
  const ran = await runWorkflow(readFixture('flex-plugins.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  expect(ran.output('Query Plugins').length).toBeGreaterThan(0);
  const lists = suite.sb.requests.slice(before).filter((r) => r.method === 'GET');
  expect(lists.map((r) => r.headers['flex-metadata'])).toEqual(lists.map(() => 'n8n workflow 1'));

  const onMessages = readFixture('flex-plugins.json');
  onMessages.nodes[1].parameters.resource = 'Message';
  const refused = await runWorkflow(onMessages, suite.credentials);
  expect(refused.error).toMatchObject({ name: 'NodeOperationError', message: 'header Flex-Metadata is not one Message query accepts (none)' });
});

describe('options per item', () => {
  /** The operations the node opened while `run` ran, by their options. */
  async function operationsDuring<T>(run: () => Promise<T>): Promise<{ ran: T; opened: Array<{ headers?: Record<string, string> }> }> {
    const spy = jest.spyOn(TwilioConnector.prototype, 'operation');
    try {
      const ran = await run();
      return { ran, opened: spy.mock.calls.map(([options]) => options) };
    } finally {
      spy.mockRestore();
    }
  }

  it('a header given by an expression is each item’s own; alike items share one operation', async () => {
    const before = suite.sb.requests.length;
    const items = pinned({ metadata: 'run one' }, { metadata: 'run one' }, { metadata: 'run two' });
    const { ran, opened } = await operationsDuring(() => runWorkflow(readFixture('flex-plugins.json'), suite.credentials, items));
    expect(ran.error).toBeUndefined();
    expect(opened.map((o) => o.headers)).toEqual([{ 'Flex-Metadata': 'run one' }, { 'Flex-Metadata': 'run two' }]);
    const sent = suite.sb.requests.slice(before).map((r) => r.headers['flex-metadata']);
    const perItem = sent.length / 3;
    expect(sent).toEqual([...Array(2 * perItem).fill('run one'), ...Array(perItem).fill('run two')]);
    const output = ran.output('Query Plugins');
    expect(new Set(pairs(output))).toEqual(new Set([0, 1, 2]));
  });

  it('with Continue On Fail, options the type refuses fail their own items only', async () => {
    const fixture = withOnError(readFixture('flex-plugins.json'), 'Query Plugins', 'continueRegularOutput');
    fixture.nodes[1].parameters.resource = 'Message';
    fixture.nodes[1].parameters.options = { headers: { header: [{ name: '={{ $json.header }}', value: 'x' }] } };
    const ran = await runWorkflow(fixture, suite.credentials, pinned({ header: 'Flex-Metadata' }, { header: '' }));
    expect(ran.error).toBeUndefined();
    const [refused, ...queried] = ran.output('Query Plugins');
    expect(refused.json.error).toMatchObject({ message: 'header Flex-Metadata is not one Message query accepts (none)', status: 'FAILURE' });
    expect(queried.length).toBeGreaterThan(0);
    expect(pairs([refused, ...queried])).toEqual([0, ...queried.map(() => 1)]);
  });

  it('a Limit given by an expression caps each item’s query at its own value', async () => {
    const fixture = readFixture('message-pages.json');
    fixture.nodes[1].parameters = { ...fixture.nodes[1].parameters, returnAll: false, limit: '={{ $json.max }}', options: {} };
    const since = '2026-06-01 00:00:00';
    const ran = await runWorkflow(fixture, suite.credentials, pinned({ since, max: 1 }, { since, max: 3 }));
    expect(ran.error).toBeUndefined();
    const june = await querySids(since);
    const items = ran.output('Query Messages');
    expect(pairs(items)).toEqual([0, 1, 1, 1]);
    expect(items.map((i) => i.json.Sid)).toEqual([june[0], ...june.slice(0, 3)]);
  });
});

it('Concurrency on a Query fetches date windows at once: the same documents as one chain of pages', async () => {
  const since = '2026-06-01 00:00:00';
  const fixture = readFixture('message-pages.json');
  fixture.nodes[1].parameters = { ...fixture.nodes[1].parameters, options: { pageSize: 20, concurrency: 4 } };
  const before = suite.sb.requests.length;
  const ran = await runWorkflow(fixture, suite.credentials, pinned({ since }));
  expect(ran.error).toBeUndefined();
  expect(ran.output('Query Messages').map((i) => i.json.Sid)).toEqual(await querySids(since));
  // One chain bounds DateSent below only; windows bound it on both sides.
  const lists = suite.sb.requests.slice(before).filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
  expect(lists.filter((r) => new URLSearchParams(r.query).has('DateSent<')).length).toBeGreaterThanOrEqual(3);
});

describe('credentials', () => {
  it('an API key works in place of the Auth Token and appears nowhere in the run', async () => {
    const { accountSid, baseUrl } = suite.credentials.twilioConnectorApi;
    const apiKey = { twilioConnectorApi: { accountSid, baseUrl, authentication: 'apiKey', apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } };
    const ran = await runWorkflow(readFixture('get-by-id.json'), apiKey, pinned({ sid: good[0] }));
    expect(ran.error).toBeUndefined();
    expect(ran.output('Get Message').map((i) => i.json.Sid)).toEqual([good[0]]);
    expectNoSecrets(ran, [SANDBOX_API_SECRET]);
  });

  describe('a connection the library refuses (Account SID ACnope)', () => {
    const refused = () => ({ twilioConnectorApi: { ...suite.credentials.twilioConnectorApi, accountSid: 'ACnope' } });
    const inputs = () => pinned({ sid: good[0] }, { sid: good[1] });
    const expectRefused = (items: INodeExecutionData[]) => {
      expect(pairs(items)).toEqual([0, 1]);
      for (const item of items) {
        expect(item.json.error).toEqual({
          message: expect.stringMatching(/accountSid \(TWILIO_ACCOUNT_SID\) must match/),
          status: 'FAILURE',
          objectType: 'Message',
          action: 'get',
        });
      }
    };

    it('Continue (regular output): one error item per input, paired to it, no request', async () => {
      const before = suite.sb.requests.length;
      const ran = await runWorkflow(withOnError(readFixture('get-by-id.json'), 'Get Message', 'continueRegularOutput'), refused(), inputs());
      expect(ran.error).toBeUndefined();
      expectRefused(ran.output('Get Message'));
      expect(suite.sb.requests.length).toBe(before);
      expectNoSecrets(ran, secrets());
    });

    it('Continue (error output): the error items on the error output with their input fields, none on the main output', async () => {
      const ran = await runWorkflow(withOnError(readFixture('get-by-id.json'), 'Get Message', 'continueErrorOutput'), refused(), inputs());
      expect(ran.error).toBeUndefined();
      expect(ran.output('Get Message', 0)).toEqual([]);
      const errors = ran.output('Get Message', 1);
      expectRefused(errors);
      expect(errors.map((i) => i.json.sid)).toEqual(good);
    });

    it('without it, the node stops with a NodeOperationError', async () => {
      const ran = await runWorkflow(readFixture('get-by-id.json'), refused(), inputs());
      expect(ran.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/accountSid \(TWILIO_ACCOUNT_SID\) must match/) });
    });
  });

  it('a wrong Auth Token fails with 401; neither token appears in the error or the run', async () => {
    const wrong = 'f'.repeat(32);
    const ran = await runWorkflow(
      readFixture('get-by-id.json'),
      { twilioConnectorApi: { ...suite.credentials.twilioConnectorApi, authToken: wrong } },
      pinned({ sid: good[0] }),
    );
    expect(ran.error).toMatchObject({
      name: 'NodeApiError',
      httpCode: '401',
      message: expect.stringContaining(`get Message id '${good[0]}': Twilio answered 401`),
    });
    expectNoSecrets(ran, [wrong, ...secrets()]);
    // The check itself finds a secret anywhere in a run, errors included.
    expect(() => expectNoSecrets({ run: { data: { resultData: { error: new Error(`token ${wrong}`) } } } } as never, [wrong])).toThrow();
  });
});

it('a cancelled execution ends the page request in flight and sends nothing after it', async () => {
  const pages = () => suite.sb.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json')).length;
  // The second page takes 5 s: the execution is stopped while it is on the way.
  suite.sb.faults.set([{ kind: 'slow', delayMs: 5000, nth: [2], pathIncludes: 'Messages.json' }]);
  const before = pages();
  let stopped = 0;
  try {
    const ran = await runWorkflow(readFixture('message-pages.json'), suite.credentials, pinned({ since: '2026-06-01 00:00:00' }), (execution) => {
      const poll = setInterval(() => {
        if (pages() - before < 2) return;
        clearInterval(poll);
        stopped = Date.now();
        execution.cancel();
      }, 10);
    });
    expect(ran.run.status).toBe('canceled');
    expect(Date.now() - stopped).toBeLessThan(4000); // not after the slow page
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pages() - before).toBe(2);
  } finally {
    suite.sb.faults.set([]);
  }
});
