// The twilio nodes in the real Node-RED runtime (node-red-node-test-helper) against the
// embedded sandbox: every action, the three outputs, node status, settings from the
// message, bad input, the sandbox fallback and a missing connection, output messages that
// share nothing, a Query's documents as a sequence for a join node, a close that cancels a
// running Query, and credentials kept out of the flow.
'use strict';

const fs = require('node:fs');
const { connect, manifest } = require('twilio-connector');
const { sandboxSettings, startSandbox } = require('twilio-connector/sandbox');
const { helper, operationFlow, send } = require('./helpers/flow');
const { stopSharedSandbox } = require('../lib/sandbox');
const { CREDENTIALS } = require('../lib/connection');
const operationNode = require('../nodes/twilio-operation.js');
const connectionNode = require('../nodes/twilio-connection.js');

const NODES = [connectionNode, operationNode];
// Node-RED's own split and join nodes (one module), for the sequence a Query's documents form.
const sequenceNodes = require(require.resolve('@node-red/nodes/core/sequence/17-split.js', { paths: [require.resolve('node-red')] }));
const SINCE = { field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' };
const MISSING = 'SM' + '0'.repeat(32);

let sb;
let twilio; // the library on the same sandbox: what the node must give

beforeAll(async () => {
  sb = await startSandbox();
  twilio = connect(sandboxSettings(sb));
});
afterAll(async () => {
  twilio.close();
  await sb.close();
  await stopSharedSandbox();
});
beforeEach(() => sb.reset());
afterEach(() => helper.unload());

/** Loads an operation node with a connection to the test's sandbox (credentials in the store). */
function load(properties, options = {}) {
  const { accountSid, authToken, baseUrl } = sandboxSettings(sb);
  const flow = operationFlow(properties, { connectionProperties: { baseUrl }, ...options });
  return helper.load(NODES, flow, { c1: { accountSid, authToken } });
}

async function libraryDocuments(options, inputs = [{}]) {
  const docs = [];
  const op = twilio.operation(options);
  try {
    for await (const e of op.execute(inputs)) if (e.type === 'document') docs.push(e.document);
  } finally {
    op.close();
  }
  return docs;
}

/** Loads an operation node as load() does, with a join node in automatic mode on its first output; resolves with what the join sends. */
async function loadWithJoin(properties) {
  const { accountSid, authToken, baseUrl } = sandboxSettings(sb);
  const flow = operationFlow(properties, { connectionProperties: { baseUrl } });
  flow.find((n) => n.id === 'n1').wires[0].push('n1-join');
  flow.push({ id: 'n1-join', type: 'join', mode: 'auto', wires: [['n1-joined']] }, { id: 'n1-joined', type: 'helper' });
  await helper.load([...NODES, sequenceNodes], flow, { c1: { accountSid, authToken } });
  const joined = [];
  helper.getNode('n1-joined').on('input', (m) => joined.push(m));
  return joined;
}

const warnings = (node) => {
  const seen = [];
  const warn = node.warn.bind(node);
  node.warn = (w) => (seen.push(w), warn(w));
  return seen;
};

const statuses = (node) => {
  const seen = [];
  const status = node.status.bind(node);
  node.status = (s) => (seen.push(s), status(s));
  return seen;
};

describe('query', () => {
  it('sends one SUCCESS message per document, the same documents the library gives, and shows progress', async () => {
    await load({ action: 'query', objectType: 'Message', options: { filters: [SINCE] } });
    const seen = statuses(helper.getNode('n1'));
    const { got, byOutput } = await send({ payload: Date.now(), topic: 'sync' });
    const expected = await libraryDocuments({ action: 'query', objectType: 'Message', filters: [SINCE] });
    expect(expected.length).toBeGreaterThan(100);
    expect(got.every((g) => g.output === 'SUCCESS')).toBe(true);
    const docs = byOutput('SUCCESS');
    expect(docs.map((m) => m.payload)).toEqual(expected.map((d) => d.xml));
    expect(docs[0].topic).toBe('sync');
    expect(docs[0].twilio).toEqual({
      status: 'SUCCESS',
      action: 'query',
      objectType: 'Message',
      input: 0,
      id: expected[0].properties.id,
      properties: expected[0].properties,
    });
    expect(seen[0]).toMatchObject({ fill: 'blue', text: 'query Message: 0 documents, 0 errors' });
    expect(seen.at(-1)).toEqual({ fill: 'green', shape: 'dot', text: `query Message: ${expected.length} documents; 1 ok, 0 application errors, 0 failures` });
  });

  it('takes filter overrides from msg.payload and options from msg.options; documents as objects', async () => {
    await load({ action: 'query', objectType: 'Message', options: { filters: [SINCE], documents: 'object' } });
    const { byOutput } = await send({ payload: 'DateSent after 2026-09-01 00:00:00', options: { limit: 5, timestamps: 'iso8601' } });
    const docs = byOutput('SUCCESS');
    expect(docs).toHaveLength(5);
    for (const m of docs) {
      expect(m.payload.DateSent).toMatch(/^2026-(09|1[0-2])-\d\dT/);
      expect(m.payload.Sid).toBe(m.twilio.id);
    }
    const [both] = (await send({ options: { limit: 1, documents: 'both' } })).byOutput('SUCCESS');
    expect(both.payload.Sid).toBe(both.twilio.id);
    expect(both.xml).toMatch(new RegExp(`^<Message>.*<Sid>${both.twilio.id}</Sid>`));
    const bad = await send({ payload: 'DateSent sometime' });
    expect(bad.got).toEqual([
      {
        output: 'FAILURE',
        msg: expect.objectContaining({
          payload: 'DateSent sometime',
          twilio: expect.objectContaining({ status: 'FAILURE', message: expect.stringMatching(/filter: 'DateSent sometime' is not Field=value/) }),
        }),
      },
    ]);
  });

  it('takes the object type and action from the message when the node leaves them blank', async () => {
    await load({ action: '', objectType: '', options: {} });
    const { byOutput } = await send({ action: 'query', objectType: 'Call', options: { limit: 2, fields: ['Sid', 'Status'] } });
    const docs = byOutput('SUCCESS');
    expect(docs).toHaveLength(2);
    expect(docs[0].payload).toMatch(/^<Call><Sid>CA[0-9a-f]{32}<\/Sid>/);
    expect(docs[0].twilio).toMatchObject({ action: 'query', objectType: 'Call' });
  });
});

describe('get, create, update, delete', () => {
  it('get: each id of the payload gets one result, on the output of its fate, in order', async () => {
    await load({ action: 'get', objectType: 'Message', options: { returnApplicationErrors: true } });
    const [known] = await libraryDocuments({ action: 'query', objectType: 'Message', limit: 1 });
    const { got } = await send({ payload: [known.properties.id, MISSING, 'SMnope', 42] });
    expect(got.map((g) => [g.output, g.msg.twilio.input])).toEqual([
      ['SUCCESS', 0],
      ['APPLICATION_ERROR', 1],
      ['FAILURE', 2],
      ['FAILURE', 3],
    ]);
    expect(got[0].msg.payload).toBe(known.xml);
    expect(got[0].msg.twilio).toMatchObject({ status: 'SUCCESS', id: known.properties.id, attempts: 1 });
    expect(got[1].msg.payload).toMatch(/^<TwilioError><Status>404<\/Status><Code>20404<\/Code>/);
    expect(got[1].msg.twilio).toMatchObject({ status: 'APPLICATION_ERROR', attempts: 1, properties: { 'twilio.status': '404', 'twilio.code': '20404' } });
    expect(got[2].msg).toMatchObject({ payload: 'SMnope', twilio: { status: 'FAILURE', message: expect.stringMatching(/get Message id 'SMnope'.*Sid/) } });
    expect(got[3].msg).toMatchObject({ payload: 42, twilio: { message: expect.stringMatching(/payload: get takes an id/) } });
    expect(helper.getNode('n1')).toBeDefined();
  });

  it('get with Return Application Error Responses off: the operation stops, the Catch node hears it, later inputs are not run', async () => {
    await load({ action: 'get', objectType: 'Message', options: { returnApplicationErrors: false } });
    const [known] = await libraryDocuments({ action: 'query', objectType: 'Message', limit: 1 });
    const { got, finished } = await send({ payload: [MISSING, known.properties.id] });
    expect(got.map((g) => g.output)).toEqual(['APPLICATION_ERROR', 'FAILURE']);
    expect(got[0].msg.twilio).toMatchObject({
      status: 'APPLICATION_ERROR',
      id: MISSING,
      httpStatus: 404,
      code: 20404,
      message: expect.stringMatching(/operation stopped/),
    });
    expect(got[1].msg.twilio.message).toMatch(/^not run: the operation stopped at input 0/);
    expect(finished.error.message).toMatch(/Twilio answered 404/);
  });

  it('stopped with inputs in flight (Concurrency 4): each one sent has its own result, then the rest are not run', async () => {
    await load({ action: 'get', objectType: 'Message', options: { returnApplicationErrors: false, concurrency: 4 } });
    const known = (await libraryDocuments({ action: 'query', objectType: 'Message', limit: 6 })).map((d) => d.properties.id);
    const { got, finished } = await send({ payload: [known[0], MISSING, ...known.slice(1)] });
    const outputs = got.map((g) => g.output);
    expect(outputs).toHaveLength(7);
    const sent = outputs.filter((o) => o !== 'FAILURE').length;
    // Inputs 1–4 were in flight together: at least those have results; the ones after the stop are not run.
    expect(sent).toBeGreaterThanOrEqual(4);
    expect(outputs).toEqual(['SUCCESS', 'APPLICATION_ERROR', ...Array(sent - 2).fill('SUCCESS'), ...Array(7 - sent).fill('FAILURE')]);
    for (const g of got.slice(sent)) expect(g.msg.twilio.message).toMatch(/^not run: the operation stopped at input 1/);
    expect(got.map((g) => g.msg.twilio.input)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(finished.error.message).toMatch(/Twilio answered 404/);
  });

  it('create: XML and object documents; a wrong document or an impossible number fails by field and the rest goes on', async () => {
    await load({ action: 'create', objectType: 'Message', options: { returnApplicationErrors: true, documents: 'object' } });
    const { got } = await send({
      payload: [
        '<Message><To>(415) 555-0100</To><From>+14155550199</From><Body>xml</Body></Message>',
        { To: '+14155550101', From: '+14155550199', Body: 'object', MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'] },
        { To: '+14155550101', From: '+14155550199', Bogus: 'x' },
        { To: '+1 555', From: '+14155550199', Body: 'impossible' },
        '<Call><To>+14155550101</To></Call>',
      ],
    });
    expect(got.map((g) => g.output)).toEqual(['SUCCESS', 'SUCCESS', 'FAILURE', 'FAILURE', 'FAILURE']);
    const [first, second] = got.map((g) => g.msg);
    expect(first.payload).toMatchObject({ To: '+14155550100', Body: 'xml' });
    expect(second.payload).toMatchObject({ To: '+14155550101', NumMedia: '2' });
    expect(sb.store.get('Message', sandboxSettings(sb).accountSid, second.twilio.id)).toMatchObject({ body: 'object', num_media: '2' });
    expect(got[2].msg.twilio.message).toMatch(/Bogus: is not an element of this request/);
    expect(got[3].msg.twilio.message).toMatch(/To: .*phone number/i);
    expect(got[4].msg.twilio.message).toMatch(/root element is <Call>; expected <Message>/);
  });

  it('update and delete: a delete answers with its input; deleting again is an application error', async () => {
    const [call] = await libraryDocuments({ action: 'query', objectType: 'Call', limit: 1, documents: 'object' });
    await load({ action: 'update', objectType: 'Call', options: { documents: 'object' } });
    const updated = await send({ payload: { Sid: call.data.Sid, Status: 'completed' } });
    expect(updated.byOutput('SUCCESS')[0].payload).toMatchObject({ Sid: call.data.Sid, Status: 'completed' });
    await helper.unload();

    const [rec] = await libraryDocuments({ action: 'query', objectType: 'Recording', limit: 1 });
    await load({ action: 'delete', objectType: 'Recording', options: { returnApplicationErrors: true } });
    const { got } = await send({ payload: [rec.properties.id, rec.properties.id] });
    expect(got.map((g) => g.output)).toEqual(['SUCCESS', 'APPLICATION_ERROR']);
    expect(got[0].msg).toMatchObject({ payload: rec.properties.id, twilio: { status: 'SUCCESS', action: 'delete', id: rec.properties.id, attempts: 1 } });
    expect(sb.store.get('Recording', sandboxSettings(sb).accountSid, rec.properties.id)).toBeUndefined();
  });
});

describe('msg.twilio.id names the record whatever form the input takes', () => {
  it('delete from an XML document, an object or an id; the application error of a second delete and of an update too', async () => {
    const recs = await libraryDocuments({ action: 'query', objectType: 'Recording', limit: 3 });
    const ids = recs.map((r) => r.properties.id);
    const xml = `<Recording><Sid>${ids[0]}</Sid></Recording>`;
    await load({ action: 'delete', objectType: 'Recording', options: { returnApplicationErrors: true } });
    const { got } = await send({ payload: [xml, { Sid: ids[1] }, ids[2], xml] });
    expect(got.map((g) => [g.output, g.msg.twilio.id])).toEqual([
      ['SUCCESS', ids[0]],
      ['SUCCESS', ids[1]],
      ['SUCCESS', ids[2]],
      ['APPLICATION_ERROR', ids[0]],
    ]);
    expect(got[0].msg.payload).toBe(xml);
    await helper.unload();

    const gone = 'CA' + '0'.repeat(32);
    await load({ action: 'update', objectType: 'Call', options: { returnApplicationErrors: true } });
    const updated = await send({ payload: `<Call><Sid>${gone}</Sid><Status>completed</Status></Call>` });
    expect(updated.got.map((g) => [g.output, g.msg.twilio.id])).toEqual([['APPLICATION_ERROR', gone]]);
  });
});

describe('headers and settings from the message', () => {
  it('sends a header the type declares, from the node or msg.options; refuses one it does not', async () => {
    await load({ action: 'create', objectType: 'FlexV1Plugin', options: { headers: { 'Flex-Metadata': 'ui_version=2.8.0' } } });
    const { byOutput } = await send({ payload: '<FlexV1Plugin><UniqueName>from-node-red</UniqueName></FlexV1Plugin>' });
    expect(byOutput('SUCCESS')).toHaveLength(1);
    expect(sb.requests.at(-1).headers['flex-metadata']).toBe('ui_version=2.8.0');
    const fromMsg = await send({
      payload: '<FlexV1Plugin><UniqueName>from-msg</UniqueName></FlexV1Plugin>',
      options: { headers: { 'Flex-Metadata': 'ui_version=2.9.0' } },
    });
    expect(fromMsg.byOutput('SUCCESS')).toHaveLength(1);
    expect(sb.requests.at(-1).headers['flex-metadata']).toBe('ui_version=2.9.0');
    const refused = await send({ payload: '<FlexV1Plugin><UniqueName>x</UniqueName></FlexV1Plugin>', options: { headers: { 'X-Other': '1' } } });
    expect(refused.got.map((g) => g.msg.twilio.message)).toEqual([
      expect.stringMatching(/header X-Other is not one FlexV1Plugin create accepts \(Flex-Metadata\)/),
    ]);
    const unknown = await send({ payload: '<FlexV1Plugin/>', options: { limt: 5 } });
    expect(unknown.got[0].msg.twilio.message).toMatch(/msg.options: limt is not an option/);
    const otherAction = await send({ payload: '<FlexV1Plugin/>', options: { limit: 5 } });
    expect(otherAction.got[0].msg.twilio.message).toMatch(/option limit \(Maximum records\) applies to query only, not create/);
  });
});

describe('bad settings and bad input', () => {
  it('an unknown object type shows at deploy and fails each input on the third output; the runtime goes on', async () => {
    await load({ action: 'query', objectType: 'Mesage', options: {} });
    const node = helper.getNode('n1');
    const seen = statuses(node);
    const { got } = await send({ payload: '' });
    expect(got).toEqual([
      {
        output: 'FAILURE',
        msg: expect.objectContaining({
          twilio: expect.objectContaining({ status: 'FAILURE', message: expect.stringMatching(/unknown object type 'Mesage'; did you mean Message/) }),
        }),
      },
    ]);
    expect(seen.at(-1)).toMatchObject({ fill: 'red', text: expect.stringMatching(/0 documents; 0 ok, 0 application errors, 1 failure$/) });
    const again = await send({ payload: '', objectType: 'Message' });
    expect(again.got).toHaveLength(1);
  });

  it('an action the type does not offer and a document of the wrong kind fail with what was expected', async () => {
    await load({ action: 'create', objectType: 'Notification', options: {} });
    const { got } = await send({ payload: '<Notification/>' });
    expect(got[0].msg.twilio.message).toMatch(/does not offer create on Notification/);
    await helper.unload();
    await load({ action: 'create', objectType: 'Message', options: {} });
    const wrong = await send({ payload: [7, null] });
    expect(wrong.got.map((g) => g.msg.twilio.message)).toEqual([
      expect.stringMatching(/payload: create takes a document as XML text or an object of the request profile, not a number/),
      expect.stringMatching(/not null/),
    ]);
  });

  it('no object type in the node or the message fails each input saying where to set it, before any request', async () => {
    await load({ action: '', objectType: '', options: {} });
    const before = sb.requests.length;
    const { got } = await send({ payload: ['CF' + '0'.repeat(32) + ':CA' + '0'.repeat(32), 42], action: 'get' });
    expect(got.map((g) => [g.output, g.msg.twilio.input, g.msg.twilio.message])).toEqual([
      ['FAILURE', 0, 'no object type: set it in the node or in msg.objectType'],
      ['FAILURE', 1, expect.stringMatching(/^payload: get takes an id/)],
    ]);
    const wrongKind = await send({ payload: MISSING, action: 'get', objectType: 7 });
    expect(wrongKind.got.map((g) => g.msg.twilio.message)).toEqual(['msg.objectType must be the name of an object type (text), not a number']);
    expect(sb.requests.length).toBe(before);
  });

  it('a connection the library refuses fails each input with why', async () => {
    await helper.load(NODES, operationFlow({ action: 'get', objectType: 'Message', options: {} }), { c1: { accountSid: 'ACnot', authToken: 'x' } });
    const { got } = await send({ payload: [MISSING, MISSING] });
    expect(got.map((g) => g.msg.twilio.message)).toEqual([
      expect.stringMatching(/accountSid \(TWILIO_ACCOUNT_SID\) must match/),
      expect.stringMatching(/accountSid \(TWILIO_ACCOUNT_SID\) must match/),
    ]);
  });
});

describe('connection', () => {
  it('with no connection node, the runtime shared sandbox serves (as the CLI does)', async () => {
    await helper.load(NODES, operationFlow({ action: 'query', objectType: 'Message', options: { filters: [SINCE], limit: 3 } }, { connection: '' }));
    const node = helper.getNode('n1');
    const warned = warnings(node);
    const seen = statuses(node);
    const { byOutput } = await send({ payload: 1 });
    expect(byOutput('SUCCESS')).toHaveLength(3);
    expect(byOutput('SUCCESS').map((m) => m.twilio.sandbox)).toEqual([true, true, true]);
    // The sandbox is what a node without a connection is for: no warning, no note in the status.
    expect(warned).toEqual([]);
    expect(seen.at(-1).text).toBe('query Message: 3 documents; 1 ok, 0 application errors, 0 failures');
    expect(
      helper
        .log()
        .args.flat()
        .some((e) => /using the embedded sandbox at http:\/\/127\.0\.0\.1:\d+/.test(e.msg)),
    ).toBe(true);
  });

  it('a selected connection with blank credentials runs on the embedded sandbox and says so: one warning, the status, msg.twilio.sandbox', async () => {
    const flow = operationFlow({ action: 'query', objectType: 'Message', options: { filters: [SINCE], limit: 2 } });
    await helper.load(NODES, flow, { c1: { accountSid: '', authToken: ' ' } });
    const node = helper.getNode('n1');
    const warned = warnings(node);
    const seen = statuses(node);
    const first = await send({ payload: 1 });
    const second = await send({ payload: 1 });
    const docs = [...first.byOutput('SUCCESS'), ...second.byOutput('SUCCESS')];
    expect(docs.map((m) => m.twilio.sandbox)).toEqual([true, true, true, true]);
    expect(warned).toEqual([
      expect.stringMatching(
        /^connection "conn" \(c1\) has no credentials, so the embedded sandbox at http:\/\/127\.0\.0\.1:\d+ serves this node, not Twilio\..*flows_cred\.json.*credentialSecret/,
      ),
    ]);
    expect(seen.at(-1).text).toBe('query Message: 2 documents; 1 ok, 0 application errors, 0 failures; embedded sandbox: "conn" (c1) has no credentials');
  });

  it("what Twilio asks of the connection (a 429's Retry-After) is the connection node's warning, not a Node process warning", async () => {
    await load({ action: 'query', objectType: 'Message', options: { filters: [SINCE], limit: 1 } });
    const warned = warnings(helper.getNode('c1'));
    const processWarnings = [];
    const onProcessWarning = (w) => processWarnings.push(w);
    process.on('warning', onProcessWarning);
    sb.faults.set([{ kind: 'status', status: 429, retryAfter: 1, times: 1, pathIncludes: '/Messages.json' }]);
    try {
      const out = await send({ payload: 1 });
      expect(out.byOutput('SUCCESS')).toHaveLength(1);
    } finally {
      process.off('warning', onProcessWarning);
    }
    expect(warned).toEqual([expect.stringMatching(/Twilio answered 429 and asked to retry after 1 s \(Retry-After\): waiting/)]);
    expect(processWarnings).toEqual([]);
  });

  it('a selected connection config node that is missing fails every input on the third output, never on the sandbox', async () => {
    const flow = operationFlow({ action: 'get', objectType: 'Message', options: {} }, { connection: 'c-gone' }).filter((n) => n.id !== 'c-gone');
    await helper.load(NODES, flow);
    const { got } = await send({ payload: [MISSING, 42] });
    expect(got.map((g) => [g.output, g.msg.twilio.input, g.msg.twilio.sandbox])).toEqual([
      ['FAILURE', 0, undefined],
      ['FAILURE', 1, undefined],
    ]);
    expect(got[0].msg.twilio.message).toMatch(/^the connection config node c-gone is missing: select a connection in the node/);
    await helper.unload();
    // A Query, which the sandbox would answer with documents.
    const query = operationFlow({ action: 'query', objectType: 'Message', options: { limit: 2 } }, { connection: 'c-gone' }).filter((n) => n.id !== 'c-gone');
    await helper.load(NODES, query);
    const seen = statuses(helper.getNode('n1'));
    const ran = await send({ payload: 1 });
    expect(ran.got.map((g) => [g.output, g.msg.twilio.message])).toEqual([['FAILURE', expect.stringMatching(/connection config node c-gone is missing/)]]);
    expect(seen.at(-1)).toMatchObject({ fill: 'red', text: 'query Message: 0 documents; 0 ok, 0 application errors, 1 failure' });
  });

  it('keeps credentials out of the flow: the export holds none, the credentials store holds them', async () => {
    const { accountSid, authToken, baseUrl } = sandboxSettings(sb);
    await load({ action: 'query', objectType: 'Account', options: {} });
    const exported = JSON.stringify(helper._redNodes.getFlows().flows);
    expect(exported).toContain(baseUrl);
    expect(exported).not.toContain(accountSid);
    expect(exported).not.toContain(authToken);
    expect(helper._redNodes.getCredentials('c1')).toEqual({ accountSid, authToken });
    // The editor's check: stored secrets are used where the dialog sends the "unchanged" marker.
    const res = await helper
      .request()
      .post('/twilio-connection/test')
      .send({ id: 'c1', properties: { baseUrl }, credentials: { accountSid, authToken: '__PWRD__' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountSid, status: 'active' });
    const wrong = await helper
      .request()
      .post('/twilio-connection/test')
      .send({ properties: { baseUrl }, credentials: { accountSid, authToken: 'f'.repeat(32) } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/401/);
    expect(wrong.body.error).not.toContain('f'.repeat(32));
  });
});

describe('output messages', () => {
  it('each output is its own deep copy of the input message: no nested object shared, its own _msgid', async () => {
    await load({ action: 'query', objectType: 'Message', options: { limit: 3 } });
    const docs = (await send({ payload: 1, meta: { tags: ['sync'] } })).byOutput('SUCCESS');
    expect(docs).toHaveLength(3);
    docs[0].meta.tags.push('changed');
    expect(docs.map((m) => m.meta.tags)).toEqual([['sync', 'changed'], ['sync'], ['sync']]);
    expect(new Set(docs.map((m) => m._msgid)).size).toBe(3);
  });

  it("a join node in automatic mode collects a Query's documents, over several pages, into one array; the input's own parts come back", async () => {
    const joined = await loadWithJoin({ action: 'query', objectType: 'Message', options: { filters: [SINCE], pageSize: 50 } });
    const outer = { id: 'outer', type: 'array', index: 0, count: 1 };
    const { byOutput } = await send({ payload: 1, topic: 'sync', parts: outer });
    expect(sb.requests.filter((r) => r.path.includes('Messages')).length).toBeGreaterThanOrEqual(3);
    const expected = await libraryDocuments({ action: 'query', objectType: 'Message', filters: [SINCE] });
    const docs = byOutput('SUCCESS');
    expect(docs.map((m) => m.parts.index)).toEqual(expected.map((_, i) => i));
    expect(docs.filter((m) => 'count' in m.parts)).toEqual([docs.at(-1)]);
    expect(docs.at(-1).parts).toEqual({ id: docs[0].parts.id, type: 'array', index: expected.length - 1, count: expected.length, parts: outer });
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ payload: expected.map((d) => d.xml), topic: 'sync', parts: outer });
    // The next message is a sequence of its own.
    const next = (await send({ payload: 'DateSent after 2026-09-01 00:00:00', options: { limit: 2 } })).byOutput('SUCCESS');
    expect(next[0].parts.id).not.toBe(docs[0].parts.id);
    expect(joined.map((m) => m.payload.length)).toEqual([expected.length, 2]);
    expect(joined[1]).not.toHaveProperty('parts');
  });

  it.each([true, false])(
    'a Query stopped by Twilio on its second page still ends its sequence (Return Application Error Responses %s): the join gets the first page',
    async (returnApplicationErrors) => {
      sb.faults.set([{ kind: 'status', status: 400, nth: [2], pathIncludes: 'Messages' }]);
      const joined = await loadWithJoin({ action: 'query', objectType: 'Message', options: { pageSize: 10, returnApplicationErrors } });
      const { got, finished } = await send({ payload: 1 });
      expect(got.map((g) => g.output)).toEqual([...Array(10).fill('SUCCESS'), 'APPLICATION_ERROR']);
      expect(got[9].msg.parts).toMatchObject({ index: 9, count: 10 });
      expect(joined).toHaveLength(1);
      expect(joined[0].payload).toEqual(got.slice(0, 10).map((g) => g.msg.payload));
      // Off, the operation stops: the Catch node hears it; on, the Complete node.
      expect(Boolean(finished.error)).toBe(!returnApplicationErrors);
    },
  );
});

describe('the editor files', () => {
  it('the connection dialog declares every connection field of the manifest, secrets as credentials', () => {
    const html = fs.readFileSync(require.resolve('../nodes/twilio-connection.html'), 'utf8');
    // The property names of a block of registerType's definition (`defaults: {…}`, `credentials: {…}`).
    const keys = (block) =>
      html
        .match(new RegExp(`${block}: \\{([\\s\\S]*?)\\n {8}\\}`))[1]
        .match(/^ {12}(\w+):/gm)
        .map((k) => k.trim().slice(0, -1));
    const names = keys('defaults');
    const creds = keys('credentials');
    const fields = manifest().connection.fields.map((f) => f.name);
    expect(creds.sort()).toEqual([...CREDENTIALS].sort());
    expect([...names.filter((n) => n !== 'name'), ...creds].sort()).toEqual([...fields].sort());
  });
});

describe('admin endpoints for the editor', () => {
  it('serve the catalog, a type description and its profiles; unknown ones answer with why', async () => {
    await load({ action: 'query', objectType: 'Message', options: {} });
    const types = await helper.request().get('/twilio-connector/object-types');
    expect(types.body.length).toBeGreaterThan(500);
    expect(types.body.find((t) => t.name === 'Message')).toEqual({
      name: 'Message',
      label: 'Message (SMS/MMS)',
      actions: ['get', 'query', 'create', 'update', 'delete'],
    });
    const message = await helper.request().get('/twilio-connector/object-types/Message');
    expect(message.body.filters).toContainEqual({ name: 'DateSent', type: 'datetime', range: true, repeated: false });
    const xsd = await helper.request().get('/twilio-connector/object-types/Message/profiles/create/request');
    expect(xsd.type).toBe('application/xml');
    expect(xsd.text).toContain('<xs:element name="To"');
    const unknown = await helper.request().get('/twilio-connector/object-types/Mesage');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/did you mean Message/);
    const refused = await helper.request().get('/twilio-connector/object-types/Notification/profiles/create/request');
    expect(refused.body.error).toMatch(/does not offer create/);
    const manifest = await helper.request().get('/twilio-connector/manifest');
    expect(manifest.body.operationOptions.map((o) => o.name)).toEqual(
      expect.arrayContaining(['returnApplicationErrors', 'fields', 'filters', 'limit', 'timestamps']),
    );
  });
});

describe('close', () => {
  /** Starts a Query whose second page answers only after a minute; resolves once the first page is out. */
  async function slowQuery(properties = {}) {
    sb.faults.set([{ kind: 'slow', delayMs: 60_000, nth: [2], pathIncludes: 'Messages' }]);
    const flowProperties = { action: 'query', objectType: 'Message', options: { pageSize: 10 }, ...properties };
    await load(flowProperties);
    const node = helper.getNode('n1');
    const seen = statuses(node);
    const received = [];
    const firstPage = new Promise((resolve) =>
      helper.getNode('n1-ok').on('input', (m) => {
        received.push(m);
        if (received.length === 8) resolve(); // the 9th and 10th are held back until the next event
      }),
    );
    node.receive({ payload: 1 });
    await firstPage;
    return { seen, received, flowProperties };
  }

  // Node-RED waits for a node's close handler (up to 15 s, then reports a timeout and goes on);
  // the handler clears the node's status as its last step, once the run has ended.
  it('a stop of the flows cancels a running Query: the page in flight is abandoned, nothing more is sent', async () => {
    const { seen, received } = await slowQuery();
    await helper.unload();
    expect(seen.at(-1)).toEqual({});
    expect(received).toHaveLength(8);
    expect(sb.requests.filter((r) => r.path.includes('Messages'))).toHaveLength(2);
  });

  it('redeploying only the node (its connection stays up) cancels its running Query as well', async () => {
    const { seen, received, flowProperties } = await slowQuery();
    const { accountSid, authToken, baseUrl } = sandboxSettings(sb);
    const changed = operationFlow({ ...flowProperties, name: 'renamed' }, { connectionProperties: { baseUrl } });
    await helper.setFlows(changed, 'nodes', { c1: { accountSid, authToken } });
    expect(seen.at(-1)).toEqual({});
    expect(received).toHaveLength(8);
    expect(helper.getNode('n1').name).toBe('renamed');
    expect(sb.requests.filter((r) => r.path.includes('Messages'))).toHaveLength(2);
  });
});
