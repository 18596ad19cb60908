// Operation behaviour: one result per input whatever fails, application errors
// stopping or flowing on, bad input refused per document before any request,
// fields to return, timestamp style, paging and limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { OperationStoppedError } from '../connector/errors';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import { basicAuth, type Recorder } from './helpers/recorder';
import { sampleRecord } from './helpers/samples';
import { validateXml } from './helpers/xmllint';
import { drain, recordingSuite } from './helpers/run';

const ACCOUNT = 'AC' + '1'.repeat(32);
const SM = (n: number) => 'SM' + n.toString(16).padStart(32, '0');
const catalog = loadCatalog();
const message = catalog.objectTypes.get('Message')!;

const suite = recordingSuite();
let server: Recorder;
beforeEach(() => (server = suite.server()));

async function run(options: Partial<OperationOptions> & Pick<OperationOptions, 'action'>, inputs: InputDocument[], settings = {}) {
  const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url, ...settings });
  const op = new Operation(connection, { objectType: 'Message', ...options }, catalog);
  return drain(op, inputs);
}

const twilioError = {
  code: 21211,
  message: "The 'To' number 123 is not a valid phone number.",
  more_info: 'https://www.twilio.com/docs/errors/21211',
  status: 400,
};
const create = (to: string, extra = '') => ({ xml: `<Message><To>${to}</To><From>+13115550000</From><Body>hi</Body>${extra}</Message>` });

describe('application errors', () => {
  beforeEach(() =>
    server.reply((req) =>
      req.form.get('To') === '+13115556666' ? { status: 400, body: twilioError } : { status: 201, body: { sid: SM(1), to: req.form.get('To') } },
    ),
  );

  it('become output documents with Twilio status, code, message and more_info when returned', async () => {
    const { docs, results } = await run({ action: 'create', returnApplicationErrors: true }, [
      create('+13115556789'),
      create('+13115556666'),
      create('+13115556789'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR', 'SUCCESS']);
    const errorDoc = docs.find((d) => d.input === 1)!;
    expect(errorDoc.properties).toEqual({
      'twilio.status': '400',
      'twilio.code': '21211',
      'twilio.message': twilioError.message,
      'twilio.moreInfo': twilioError.more_info,
    });
    expect(errorDoc.xml).toContain('<Code>21211</Code>');
    const xsd = readFileSync(join(PROJECT_ROOT, 'profiles', 'TwilioError.xsd'), 'utf8');
    expect(await validateXml(errorDoc.xml, xsd)).toMatchObject({ valid: true });
    expect(server.requests).toHaveLength(3);
  });

  it('an Update or Delete by document names the id of its document in the error document', async () => {
    server.reply(() => ({ status: 404, body: { code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 } }));
    const sid = SM(0x111);
    const update = await run({ action: 'update', returnApplicationErrors: true, documents: 'both' }, [
      { xml: `<Message><Sid>${sid}</Sid><Body>x</Body></Message>` },
    ]);
    expect(update.docs[0].xml).toContain(`<Id>${sid}</Id>`);
    expect(update.docs[0].data).toMatchObject({ Id: sid });
    const del = await run({ action: 'delete', returnApplicationErrors: true }, [{ xml: `<Message><Sid>${sid}</Sid></Message>` }]);
    expect(del.docs[0].xml).toContain(`<Id>${sid}</Id>`);
  });

  it('stop the operation with that error when not returned', async () => {
    const done = run({ action: 'create' }, [create('+13115556789'), create('+13115556666'), create('+13115556789')]);
    await expect(done).rejects.toThrow(OperationStoppedError);
    await expect(done).rejects.toThrow(/create Message: Twilio answered 400 \(code 21211\)/);
    await expect(done).rejects.toMatchObject({ input: 1 });
    expect(server.requests).toHaveLength(2);
  });

  /** Runs to the stop, keeping what came before it. */
  async function untilStopped(options: Partial<OperationOptions> & Pick<OperationOptions, 'action'>, inputs: InputDocument[]) {
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    const op = new Operation(connection, { objectType: 'Message', ...options }, catalog);
    const events: Array<{ type: string; input: number; status?: string }> = [];
    try {
      for await (const e of op.execute(inputs)) {
        events.push(e.type === 'document' ? { type: 'document', input: e.document.input } : { type: 'result', input: e.result.input, status: e.result.status });
      }
      return { events, stop: undefined };
    } catch (stop) {
      return { events, stop: stop as OperationStoppedError };
    } finally {
      op.close();
    }
  }

  it('when stopping, give the input that stopped it its result, with Twilio answer, before the stop', async () => {
    const { events, stop } = await untilStopped({ action: 'create' }, [create('+13115556789'), create('+13115556666'), create('+13115556789')]);
    expect(stop).toBeInstanceOf(OperationStoppedError);
    expect(events.filter((e) => e.type === 'result')).toEqual([
      { type: 'result', input: 0, status: 'SUCCESS' },
      { type: 'result', input: 1, status: 'APPLICATION_ERROR' },
    ]);
  });

  it('when stopping at a document released while the window is full, still stop', async () => {
    // Input 1 answers last: it is released in turn as input 2 goes out, and then the stop is known.
    server.reply((req) =>
      req.form.get('To') === '+13115556666' ? { status: 400, body: twilioError, delayMs: 100 } : { status: 201, body: { sid: SM(1), to: req.form.get('To') } },
    );
    const inputs = [0, 1, 2, 3, 4, 5].map((i) => create(i === 1 ? '+13115556666' : '+13115556789'));
    const { events, stop } = await untilStopped({ action: 'create', concurrency: 2 }, inputs);
    expect(stop).toMatchObject({ input: 1 });
    expect(events.filter((e) => e.type === 'result').map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR', 'SUCCESS']);
    expect(server.requests).toHaveLength(3);
  });

  it('when stopping, an input that arrives after the stop is known is not sent', async () => {
    async function* slowly() {
      yield create('+13115556666'); // refused at once
      await new Promise((resolve) => setTimeout(resolve, 200));
      yield create('+13115556789');
    }
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    const op = new Operation(connection, { objectType: 'Message', action: 'create', concurrency: 4 }, catalog);
    const results: string[] = [];
    await expect(
      (async () => {
        for await (const e of op.execute(slowly())) if (e.type === 'result') results.push(e.result.status);
      })(),
    ).rejects.toMatchObject({ input: 0 });
    op.close();
    expect(results).toEqual(['APPLICATION_ERROR']);
    expect(server.requests).toHaveLength(1);
  });

  it('when stopping with documents in flight, start no more, and give every input already sent its result in order', async () => {
    // The refused one answers at once, the others late: four are sent before the stop is known.
    server.reply((req) =>
      req.form.get('To') === '+13115556666' ? { status: 400, body: twilioError } : { status: 201, body: { sid: SM(1), to: req.form.get('To') }, delayMs: 150 },
    );
    const inputs = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => create(i === 1 ? '+13115556666' : '+13115556789'));
    const { events, stop } = await untilStopped({ action: 'create', concurrency: 4 }, inputs);
    expect(stop).toBeInstanceOf(OperationStoppedError);
    expect(stop!.input).toBe(1);
    const results = events.filter((e) => e.type === 'result');
    // Every request sent has its result, in input order; none after them was sent.
    expect(results.map((r) => r.input)).toEqual(server.requests.map((_, i) => i));
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR', ...results.slice(2).map(() => 'SUCCESS')]);
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    expect(server.requests.length).toBeLessThan(inputs.length);
  });
});

describe('bad input gets a per-document FAILURE naming the field and rule, and no request', () => {
  beforeEach(() => server.reply((req) => ({ status: 201, body: { sid: SM(9), to: req.form.get('To') } })));

  it.each([
    ['malformed XML', '<Message><To>+13115556789</Message>', /document: is not well-formed XML \(line 1/],
    ['wrong root', '<Call><To>+13115556789</To></Call>', /root element is <Call>; expected <Message>/],
    ['two roots', '<Message/><Message/>', /exactly one root element/],
    [
      'unknown element',
      '<Message><To>+13115556789</To><Colour>red</Colour></Message>',
      /Colour: is not an element of this request; accepted: AccountSid, To, /,
    ],
    ['nested element', '<Message><To><Number>1</Number></To></Message>', /To: must hold text, not child elements/],
    [
      'an attribute (no profile has one; it would be dropped unsaid)',
      '<Message><To type="e164">+13115556789</To><From>+13115550000</From><Body>x</Body></Message>',
      /To: attribute type is not read: a value goes in an element of its own/,
    ],
    ['text root', '<Message>hello</Message>', /Message: must hold elements, not text/],
    ['DOCTYPE', '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message><To>&x;</To></Message>', /DOCTYPE and ENTITY declarations are not allowed/],
    ['impossible number', '<Message><To>+1 555</To><From>+13115550000</From><Body>x</Body></Message>', /To: '\+1 555' is not a phone number/],
    ['missing To', '<Message><From>+13115550000</From><Body>x</Body></Message>', /To: is required/],
    ['no body, media or content', '<Message><To>+13115556789</To><From>+13115550000</From></Message>', /one of Body, MediaUrl, ContentSid is required/],
    ['no sender', '<Message><To>+13115556789</To><Body>x</Body></Message>', /one of From, MessagingServiceSid is required/],
    [
      'bad boolean',
      '<Message><To>+13115556789</To><From>+1311555000</From><Body>x</Body><SendAsMms>yes</SendAsMms></Message>',
      /SendAsMms: 'yes' is not a boolean/,
    ],
    [
      'bad integer',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>x</Body><ValidityPeriod>ten</ValidityPeriod></Message>',
      /ValidityPeriod: 'ten' is not an integer/,
    ],
    [
      'bad SID',
      '<Message><To>+13115556789</To><MessagingServiceSid>MG123</MessagingServiceSid><Body>x</Body></Message>',
      /MessagingServiceSid: 'MG123' does not match/,
    ],
    [
      'bad enum',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>x</Body><ScheduleType>later</ScheduleType></Message>',
      /ScheduleType: 'later' is not one of fixed/,
    ],
    [
      'bad date',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>x</Body><SendAt>31/12/2026</SendAt></Message>',
      /SendAt: '31\/12\/2026' is not a timestamp/,
    ],
    ['repeated single', '<Message><To>+13115556789</To><To>+13115556788</To><From>+13115550000</From><Body>x</Body></Message>', /To: may appear only once/],
    [
      'bad account',
      '<Message><AccountSid>../AC</AccountSid><To>+13115556789</To><From>+13115550000</From><Body>x</Body></Message>',
      /AccountSid: '..\/AC' does not match/,
    ],
    [
      'oversized',
      `<Message><To>+13115556789</To><From>+13115550000</From><Body>${'x'.repeat(1024 * 1024)}</Body></Message>`,
      /document: is larger than 1048576 bytes/,
    ],
    ['empty', '', /document: is missing: create takes a <Message> document/],
    [
      '&#0;',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>a&#0;b</Body></Message>',
      /Body: &#0; is a reference to U\+0000, a character XML 1\.0 does not allow/,
    ],
    [
      '&#xFFFE;',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>a&#xFFFE;</Body></Message>',
      /Body: &#xFFFE; is a reference to U\+FFFE, a character XML 1\.0 does not allow/,
    ],
    ['&#xD800;', '<Message><To>+13115556789</To><From>+13115550000</From><Body>&#xD800;</Body></Message>', /Body: &#xD800; is a reference to U\+D800/],
    [
      'raw control character',
      '<Message><To>+13115556789</To><From>+13115550000</From><Body>a\u0001b</Body></Message>',
      /document: holds U\+0001 \(line 1, column 63\), a character XML 1\.0 does not allow/,
    ],
    ['10,000 levels deep', `<Message>${'<To>'.repeat(10000)}${'</To>'.repeat(10000)}</Message>`, /document: nests deeper than 16 levels/],
    [
      'vanity number in To',
      '<Message><To>1800FLOWERS</To><From>+13115550000</From><Body>x</Body></Message>',
      /To: '1800FLOWERS' is not a phone number or channel address: .*alphanumeric sender id, which only a message's From takes/,
    ],
  ])('%s', async (_, xml, rule) => {
    const { results } = await run({ action: 'create' }, [create('+13115556789'), { xml }, create('+13115556789')]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE', 'SUCCESS']);
    expect(results[1].message).toMatch(/^create Message: /);
    expect(results[1].message).toMatch(rule);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['an empty document', { xml: '  ' }, /document: is missing: create takes a <Message> document \(xml\) or its object \(data\), not an empty document/],
    ['an id only', { id: SM(3) }, /document: is missing: create takes .* not an id only/],
    ['nothing', {}, /document: is missing: create takes .* not nothing/],
    ['a lone surrogate in an object', { data: { To: '+13115556789', From: '+13115550000', Body: 'a\uD800b' } }, /Body: holds a lone UTF-16 surrogate/],
  ])('%s', async (_, input, rule) => {
    const { results } = await run({ action: 'create' }, [create('+13115556789'), input as InputDocument, create('+13115556789')]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE', 'SUCCESS']);
    expect(results[1].message).toMatch(rule);
    expect(results[1].message).not.toMatch(/internal error|undefined/);
    expect(server.requests).toHaveLength(2);
  });

  it('a connection that fails is a FAILURE of that document, the others go on', async () => {
    const down = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: 'http://127.0.0.1:1' });
    const op = new Operation(down, { action: 'get', objectType: 'Message' }, catalog);
    const results = [];
    for await (const e of op.execute([{ id: SM(1) }, { id: 'bad' }])) if (e.type === 'result') results.push(e.result);
    op.close();
    expect(results.map((r) => r.status)).toEqual(['FAILURE', 'FAILURE']);
    expect(results[0].message).toMatch(/get Message id 'SM0+1': GET http:\/\/127\.0\.0\.1:1\/.* failed: ECONNREFUSED/);
    expect(results[1].message).toMatch(/Sid: segment 1 'bad' is not a MessageSid/);
  });
});

describe('requests', () => {
  it('send normalised numbers, repeated MediaUrl keys and channel addresses unchanged', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const xml =
      '<Message><To>whatsapp:+13115556789</To><From>(311) 555-0000</From><MediaUrl>https://x/1.png</MediaUrl>' +
      '<MediaUrl>https://x/2.png</MediaUrl><SendAt>Mon, 17 Sep 2012 01:13:42 -0700</SendAt><SendAsMms>1</SendAsMms></Message>';
    const { results } = await run({ action: 'create' }, [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests[0].body).toBe(
      // in the profile's parameter order; a flag as the profile's xs:boolean may write it (1), sent as Twilio reads it
      'To=whatsapp%3A%2B13115556789&SendAt=2012-09-17T08%3A13%3A42Z&SendAsMms=true&From=%2B13115550000&MediaUrl=https%3A%2F%2Fx%2F1.png&MediaUrl=https%3A%2F%2Fx%2F2.png',
    );
  });

  it('send text as written: spaces and line breaks of a body kept, typed values trimmed, indentation dropped', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const xml = '<Message>\n  <To> +13115556789 </To>\n  <From>+13115550000</From>\n  <Body>  two spaces,\nthen a line </Body>\n</Message>\n';
    const { results } = await run({ action: 'create' }, [{ xml }, { data: { To: '+13115556789', From: '+13115550000', Body: ' padded ' } }]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(server.requests[0].form.get('To')).toBe('+13115556789');
    expect(server.requests[0].form.get('Body')).toBe('  two spaces,\nthen a line ');
    expect(server.requests[1].form.get('Body')).toBe(' padded ');
  });

  it('an Update given an empty text element sets it empty (a message redacted); one left out or of listed values is not sent; a Create leaves empty ones out', async () => {
    server.reply((req) => ({ status: req.method === 'POST' && req.path.endsWith(`${SM(5)}.json`) ? 200 : 201, body: { sid: SM(5) } }));
    const { results } = await run({ action: 'update' }, [
      { xml: `<Message><Sid>${SM(5)}</Sid><Body/></Message>` },
      { xml: `<Message><Sid>${SM(5)}</Sid><Body> </Body></Message>` },
      { data: { Sid: SM(5), Body: '' } },
      { xml: `<Message><Sid>${SM(5)}</Sid><Status>canceled</Status></Message>` },
      // A parameter of listed values is no text to clear: an empty one is left out, not sent as Status=.
      { xml: `<Message><Sid>${SM(5)}</Sid><Body>x</Body><Status/></Message>` },
    ]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(server.requests.map((r) => r.body)).toEqual(['Body=', 'Body=', 'Body=', 'Status=canceled', 'Body=x']);
    server.requests.splice(0);
    await run({ action: 'create' }, [create('+13115556789', '<StatusCallback/>')]);
    expect(server.requests[0].form.has('StatusCallback')).toBe(false);
  });

  it('read namespace declarations and schema hints as no values, and markup in CDATA or comments as no attribute', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const xml =
      '<Message xmlns="urn:example" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Message.create.request.xsd">' +
      '<To>+13115556789</To><From>+13115550000</From><Body><![CDATA[<a href="x">]]></Body><!-- <b c="d"> --></Message>';
    const { results } = await run({ action: 'create' }, [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests[0].form.get('Body')).toBe('<a href="x">');
  });

  it('send CDATA text as written: no entity is read in it', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const body = (cdata: string) => ({ xml: `<Message><To>+13115556789</To><From>+13115550000</From><Body><![CDATA[${cdata}]]></Body></Message>` });
    const { results } = await run({ action: 'create' }, [body('R&D; costs <5%'), body('a &amp; b'), body('&nbsp;')]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(server.requests.map((r) => r.form.get('Body'))).toEqual(['R&D; costs <5%', 'a &amp; b', '&nbsp;']);
  });

  it('refuse an entity XML does not define, naming the element', async () => {
    const { results } = await run({ action: 'create' }, [{ xml: '<Message><To>+13115556789</To><From>+13115550000</From><Body>&unknown;</Body></Message>' }]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/Body: &unknown; is not an entity XML defines/) });
    expect(server.requests).toHaveLength(0);
  });

  it("a call's To and From are numbers or addresses: normalised, client: and sip: unchanged, a caller's username kept, a vanity number refused", async () => {
    server.reply(() => ({ status: 201, body: { sid: 'CA' + '1'.repeat(32) } }));
    const call = (to: string, from: string) => ({ xml: `<Call><To>${to}</To><From>${from}</From><Url>https://example.com/t</Url></Call>` });
    const { results } = await run({ action: 'create', objectType: 'Call' }, [
      call('(311) 555-0100', '311-555-0101'),
      call('client:alice', '+13115550101'),
      call('sip:bob@example.com', 'alice'), // a SIP call shows the caller's username
      call('1800FLOWERS', '+13115550101'),
      call('client:bob', 'Alice Smith'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE', 'FAILURE']);
    expect(server.requests.map((r) => [r.form.get('To'), r.form.get('From')])).toEqual([
      ['+13115550100', '+13115550101'],
      ['client:alice', '+13115550101'],
      ['sip:bob@example.com', 'alice'],
    ]);
    expect(results[3].message).toMatch(/To: '1800FLOWERS' is not a phone number/);
    expect(results[4].message).toMatch(/From: 'Alice Smith' is not a phone number/);
  });

  it("a usage record's day filters take Twilio's offsets from today as written; a day elsewhere must be a date", async () => {
    server.reply(() => ({ status: 200, body: { usage_records: [], next_page_uri: null } }));
    const filters = [
      { field: 'StartDate', op: 'eq' as const, value: '-30days' },
      { field: 'EndDate', op: 'eq' as const, value: '2026-11-30' },
    ];
    const { results } = await run({ action: 'query', objectType: 'Api20100401Record', filters }, [{}]);
    expect(results[0].status).toBe('SUCCESS');
    expect([server.requests[0].query.get('StartDate'), server.requests[0].query.get('EndDate')]).toEqual(['-30days', '2026-11-30']);
    const bad = await run({ action: 'query', objectType: 'Api20100401Record', filters: [{ field: 'StartDate', op: 'eq', value: '-30 days' }] }, [{}]);
    expect(bad.results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/StartDate: '-30 days' is not a timestamp/) });
  });

  it('a URL parameter must be an absolute URL', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const { results } = await run({ action: 'create' }, [
      create('+13115556789', '<StatusCallback>not a url</StatusCallback>'),
      create('+13115556789', '<StatusCallback> https://example.com/status </StatusCallback>'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['FAILURE', 'SUCCESS']);
    expect(results[0].message).toMatch(/StatusCallback: 'not a url' is not an absolute URL/);
    expect(server.requests.map((r) => r.form.get('StatusCallback'))).toEqual(['https://example.com/status']);
  });

  it('a number filter Twilio reads as a pattern takes partial digits and wildcards as written', async () => {
    server.reply(() => ({ status: 200, body: { incoming_phone_numbers: [], next_page_uri: null } }));
    for (const value of ['*0100', '+1415555****', '415555010']) {
      const { results } = await run({ action: 'query', objectType: 'IncomingPhoneNumber', filters: [{ field: 'PhoneNumber', op: 'eq', value }] }, [{}]);
      expect(results[0].status).toBe('SUCCESS');
    }
    expect(server.requests.map((r) => r.query.get('PhoneNumber'))).toEqual(['*0100', '+1415555****', '415555010']);
  });

  it('an alphanumeric sender id passes in From, where Twilio takes one', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const { results } = await run({ action: 'create' }, [{ xml: '<Message><To>+13115556789</To><From>ACME Corp</From><Body>x</Body></Message>' }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests[0].form.get('From')).toBe('ACME Corp');
  });

  it("a call query's From takes the caller's name as a call's create does (client:alice's calls list From=alice); To does not", async () => {
    server.reply(() => ({ status: 200, body: { calls: [], next_page_uri: null } }));
    const from = await run({ action: 'query', objectType: 'Call', filters: [{ field: 'From', op: 'eq', value: 'alice' }] }, [{}]);
    expect(from.results[0].status).toBe('SUCCESS');
    expect(server.requests[0].query.get('From')).toBe('alice');
    const to = await run({ action: 'query', objectType: 'Call', filters: [{ field: 'To', op: 'eq', value: 'alice' }] }, [{}]);
    expect(to.results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/To: 'alice' is not a phone number/) });
    expect(server.requests).toHaveLength(1);
  });

  it('a query filter takes a sender id on From, not on To', async () => {
    server.reply(() => ({ status: 200, body: { messages: [], next_page_uri: null } }));
    const from = await run({ action: 'query', filters: [{ field: 'From', op: 'eq', value: 'ACME Corp' }] }, [{}]);
    expect(from.results[0].status).toBe('SUCCESS');
    expect(server.requests[0].query.get('From')).toBe('ACME Corp');
    const to = await run({ action: 'query', filters: [{ field: 'To', op: 'eq', value: '1800FLOWERS' }] }, [{}]);
    expect(to.results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/To: '1800FLOWERS' is not a phone number/) });
    expect(server.requests).toHaveLength(1);
  });

  it('a query filter outside the values Twilio lists fails before any request', async () => {
    const { results } = await run({ action: 'query', filters: [{ field: 'Status', op: 'eq', value: 'bogus' }] }, [{}]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/Status: 'bogus' is not one of queued, sending, sent, /) });
    expect(server.requests).toHaveLength(0);
  });

  it("a filter's unknown operator is refused with the operation (an option) or as its input's FAILURE (an input's filter), never read as On", async () => {
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    const gt = { field: 'DateSent', op: 'gt', value: '2026-06-01' };
    expect(() => new Operation(connection, { action: 'query', objectType: 'Message', filters: [gt] as never }, catalog)).toThrow(
      /query Message: option filters .*DateSent: operator 'gt' is not one of = < > eq equals before on after/,
    );
    server.reply(() => ({ status: 200, body: { messages: [], next_page_uri: null } }));
    const { results } = await run({ action: 'query' }, [
      { filters: [gt] as never },
      { filters: [{ field: 'DateSent', op: 'After', value: '2026-06-01' }] as never },
    ]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', message: "query Message: DateSent: operator 'gt' is not one of = < > eq equals before on after" });
    expect(results[1]).toMatchObject({ status: 'SUCCESS' });
    // Only the second input asked Twilio, with its bound as given.
    expect(server.requests.map((r) => r.query.get('DateSent>'))).toEqual(['2026-06-01T00:00:00Z']);
  });

  it('decode character references once: &#233; is é, &amp;#13; stays literal text', async () => {
    server.reply(() => ({ status: 201, body: { sid: SM(1) } }));
    const xml = '<Message><To>+13115556789</To><From>+13115550000</From><Body>caf&#233; &amp;#13; &#x1F600; &lt;b&gt;</Body></Message>';
    await run({ action: 'create' }, [{ xml }]);
    expect(server.requests[0].form.get('Body')).toBe('café &#13; 😀 <b>');
  });

  it('authenticate with an API key and secret for the account', async () => {
    server.reply(() => ({ status: 200, body: { sid: SM(1) } }));
    const key = 'SK' + 'e'.repeat(32);
    await run({ action: 'get' }, [{ id: SM(1) }], { apiKey: key, apiSecret: 'secret' });
    expect(server.requests[0].headers.authorization).toBe(basicAuth(key, 'secret'));
    expect(server.requests[0].path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages/${SM(1)}.json`);
  });

  it('delete takes a document that is just the id', async () => {
    server.reply(() => ({ status: 204 }));
    const { results } = await run({ action: 'delete' }, [{ xml: `  ${SM(5)}\n` }, { xml: `<Message><Sid>${SM(6)}</Sid></Message>` }]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /2010-04-01/Accounts/${ACCOUNT}/Messages/${SM(5)}.json`,
      `DELETE /2010-04-01/Accounts/${ACCOUNT}/Messages/${SM(6)}.json`,
    ]);
  });
});

describe('responses', () => {
  const record = { ...sampleRecord(message.fields), sid: SM(1), from: 'Anonymous', price: '-0.00790', to: '+15769887984', body: 'a < b & c' };

  it('keep Twilio values as text, raw caller ids included, and escape XML', async () => {
    server.reply(() => ({ status: 200, body: record }));
    const { docs } = await run({ action: 'get' }, [{ id: SM(1) }]);
    expect(docs[0].xml).toContain('<From>Anonymous</From>');
    expect(docs[0].xml).toContain('<Price>-0.00790</Price>');
    expect(docs[0].xml).toContain('<To>+15769887984</To>');
    expect(docs[0].xml).toContain('<Body>a &lt; b &amp; c</Body>');
    expect(docs[0].xml).toContain('<DateSent>Mon, 17 Sep 2012 01:13:42 +0000</DateSent>');
    expect(docs[0].properties).toEqual({ objectType: 'Message', id: SM(1) });
  });

  it('normalise timestamps to ISO 8601 UTC when asked', async () => {
    server.reply(() => ({ status: 200, body: { ...record, date_sent: 'Sun, 16 Sep 2012 18:13:42 -0700' } }));
    const { docs } = await run({ action: 'get', timestamps: 'iso8601' }, [{ id: SM(1) }]);
    expect(docs[0].xml).toContain('<DateSent>2012-09-17T01:13:42Z</DateSent>');
    expect(docs[0].xml).toContain('<DateCreated>2012-09-17T01:13:42Z</DateCreated>');
  });

  it('leave unselected fields empty', async () => {
    server.reply(() => ({ status: 200, body: record }));
    const { docs } = await run({ action: 'get', fields: ['Sid', 'To'] }, [{ id: SM(1) }]);
    expect(docs[0].xml).toContain(`<Sid>${SM(1)}</Sid>`);
    expect(docs[0].xml).toContain('<To>+15769887984</To>');
    expect(docs[0].xml).toContain('<Body/>');
    expect(docs[0].xml).toContain('<From/>');
  });

  it("take fields to return by Twilio's JSON key too", async () => {
    server.reply(() => ({ status: 200, body: record }));
    const { docs } = await run({ action: 'get', fields: ['sid', 'To', 'date_sent'] }, [{ id: SM(1) }]);
    expect(docs[0].xml).toContain(`<Sid>${SM(1)}</Sid>`);
    expect(docs[0].xml).toContain('<To>+15769887984</To>');
    expect(docs[0].xml).toMatch(/<DateSent>[^<]+<\/DateSent>/);
    expect(docs[0].xml).toContain('<Body/>');
  });

  it('refuse unknown fields to return when the operation is made', () => {
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    expect(() => new Operation(connection, { action: 'get', objectType: 'Message', fields: ['Sid', 'Colour'] }, catalog)).toThrow(
      /fields Colour are not fields of Message \(its fields: Body, .*\bSid\b/,
    );
  });
});

describe('query paging', () => {
  function pages(total: number, size: number) {
    server.reply((req) => {
      const page = Number(req.query.get('Page') ?? 0);
      const records = Array.from({ length: Math.min(size, total - page * size) }, (_, i) => ({
        sid: SM(page * size + i),
        date_sent: 'Mon, 17 Sep 2012 01:13:42 +0000',
      }));
      const more = (page + 1) * size < total;
      return {
        status: 200,
        body: { messages: records, next_page_uri: more ? `${req.path}?PageSize=${size}&Page=${page + 1}&PageToken=PA${page + 1}` : null },
      };
    });
  }

  it('follows next_page_uri to the end', async () => {
    pages(25, 10);
    const { docs, results } = await run({ action: 'query' }, [{}]);
    expect(docs).toHaveLength(25);
    expect(new Set(docs.map((d) => d.properties.id)).size).toBe(25);
    expect(results).toEqual([{ input: 0, status: 'SUCCESS', documents: 25, properties: {} }]);
    expect(server.requests.map((r) => r.query.get('Page'))).toEqual([null, '1', '2']);
  });

  it('stops at the limit without fetching pages it does not need', async () => {
    pages(100, 10);
    const { docs } = await run({ action: 'query', limit: 15, pageSize: 10 }, [{}]);
    expect(docs).toHaveLength(15);
    expect(server.requests[0].query.get('PageSize')).toBe('10');
    // page 2 was prefetched while page 1 was consumed; page 3 was never asked for
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('a limit under the default page asks for that many records in one request', async () => {
    pages(100, 10);
    // A page the test before prefetched may still be on its way: let it land first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.requests.length = 0;
    const { docs } = await run({ action: 'query', limit: 3 }, [{}]);
    expect(docs).toHaveLength(3);
    expect(server.requests.map((r) => r.query.get('PageSize'))).toEqual(['3']);
    server.requests.length = 0;
    const { docs: more } = await run({ action: 'query', limit: 2000 }, [{}]);
    expect(more).toHaveLength(100);
    expect(server.requests[0].query.get('PageSize')).toBe('1000');
  });

  it('a limit does not shrink the pages of a query whose records are tested after fetching', async () => {
    pages(100, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.requests.length = 0;
    // Twilio's Message list takes no Status: the records are tested here, and most may fail the test.
    await run({ action: 'query', limit: 2, filters: [{ field: 'Status', op: 'eq', value: 'failed' }] }, [{}]);
    expect(server.requests[0].query.has('Status')).toBe(false);
    expect(server.requests[0].query.get('PageSize')).toBe('1000');
  });

  it('an error on a later page is an application error of the query input', async () => {
    server.reply((req) =>
      req.query.get('Page') === '1'
        ? { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } }
        : { status: 200, body: { messages: [{ sid: SM(1) }], next_page_uri: `${req.path}?Page=1&PageToken=PA1` } },
    );
    const { docs, results } = await run({ action: 'query', returnApplicationErrors: true }, [{}]);
    expect(results[0]).toMatchObject({ status: 'APPLICATION_ERROR', documents: 2 });
    expect(docs[1].properties['twilio.code']).toBe('20429');
  });
});
