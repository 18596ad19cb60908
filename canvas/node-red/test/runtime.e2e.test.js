// A real Node-RED (the node-red bin, own process, loopback port, temporary user folder with
// this package installed by a symlink) runs flows deployed through its admin API and
// triggered with POST /inject/<id>: inject → twilio Query Message (DateSent after …) →
// file out. The written files are checked against the sandboxes' records and the library's
// documents; credentials stay out of the flow; a slow consumer sets the pace of a Query.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { connect } = require('twilio-connector');
const { sandboxSettings, startSandbox } = require('twilio-connector/sandbox');
const { startNodeRed, eventually, PACKAGE_DIR } = require('./helpers/node-red');

const EXAMPLE = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples/Query messages into files.json'), 'utf8'));
const EXAMPLE_INJECT = EXAMPLE.find((n) => n.type === 'inject').id;
const SINCE = { field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' };
const TAB = 'e2e0000000000001';
const WINDOW = 5;
const PACED = 40; // records of the paced Query

/** The test's own nodes: a connection with credentials to the test's sandbox and three flows on it. */
function flows(baseUrl, credentials) {
  const z = TAB;
  const query = (id, options, wires, extra = {}) => ({
    id,
    type: 'twilio-operation',
    z,
    name: '',
    connection: 'e2e-conn',
    objectType: 'Message',
    action: 'query',
    options,
    window: 1000,
    wires,
    ...extra,
  });
  const inject = (id, target) => ({
    id,
    type: 'inject',
    z,
    name: id,
    props: [{ p: 'payload' }],
    repeat: '',
    once: false,
    payload: '',
    payloadType: 'date',
    wires: [[target]],
  });
  // A consumer that takes 50 ms a message and records how many it holds at once.
  const slow = (id) => ({
    id,
    type: 'function',
    z,
    name: id,
    func: [
      "const held = (context.get('held') || 0) + 1;",
      "context.set('held', held);",
      `global.set('${id}.max', Math.max(global.get('${id}.max') || 0, held));`,
      'setTimeout(() => {',
      "  context.set('held', context.get('held') - 1);",
      `  global.set('${id}.done', (global.get('${id}.done') || 0) + 1);`,
      '  node.done();',
      '}, 50);',
      'return null;',
    ].join('\n'),
    outputs: 1,
    wires: [[]],
  });
  // Nodes of a flow need a position: Node-RED tells flow nodes from config nodes by it.
  const placed = (nodes) =>
    nodes.map((n, i) => (n.type === 'tab' || n.type === 'twilio-connection' ? n : { x: 100 + (i % 4) * 200, y: 60 + Math.floor(i / 4) * 60, ...n }));
  return placed([
    { id: TAB, type: 'tab', label: 'e2e' },
    { id: 'e2e-conn', type: 'twilio-connection', name: 'test sandbox', baseUrl, defaultCountry: '', timeoutMs: '', credentials },
    inject('e2e-inject', 'e2e-query'),
    query('e2e-query', { filters: [SINCE] }, [['e2e-file'], [], []]),
    {
      id: 'e2e-file',
      type: 'file',
      z,
      name: '',
      filename: '"account/" & twilio.id & ".xml"',
      filenameType: 'jsonata',
      appendNewline: false,
      createDir: true,
      overwriteFile: 'true',
      encoding: 'utf8',
      wires: [[]],
    },
    inject('e2e-inject-paced', 'e2e-query-paced'),
    query('e2e-query-paced', { limit: PACED, documents: 'object' }, [['paced'], [], []], { window: WINDOW }),
    slow('paced'),
    inject('e2e-inject-unpaced', 'e2e-query-unpaced'),
    query('e2e-query-unpaced', { limit: PACED, documents: 'object' }, [['unpaced'], [], []], { window: 0 }),
    slow('unpaced'),
    { id: 'e2e-stats-in', type: 'http in', z, name: '', url: '/twilio-stats', method: 'get', upload: false, wires: [['e2e-stats']] },
    {
      id: 'e2e-stats',
      type: 'function',
      z,
      name: '',
      func: "msg.payload = Object.fromEntries(['paced', 'unpaced'].flatMap((k) => [[k + '.max', global.get(k + '.max') || 0], [k + '.done', global.get(k + '.done') || 0]]));\nreturn msg;",
      outputs: 1,
      wires: [['e2e-stats-out']],
    },
    { id: 'e2e-stats-out', type: 'http response', z, name: '', statusCode: '', headers: {}, wires: [] },
  ]);
}

let sb;
let nodeRed;
let out;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'node-red-e2e-'));
  [sb, nodeRed] = await Promise.all([startSandbox(), startNodeRed({ settings: { fileWorkingDirectory: out } })]);
}, 60000);
afterAll(async () => {
  await nodeRed?.stop();
  await sb?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

async function libraryDocuments(settings, options) {
  const twilio = connect(settings);
  const docs = [];
  try {
    for await (const e of twilio.operation(options).execute([{}])) if (e.type === 'document') docs.push(e.document);
  } finally {
    twilio.close();
  }
  return docs;
}

const filesIn = (dir, count) =>
  eventually(() => (fs.existsSync(dir) && fs.readdirSync(dir).length === count ? fs.readdirSync(dir).sort() : undefined), `${count} files in ${dir}`);

test('inject → twilio Query Message → file out, deployed and triggered through the admin API', async () => {
  const { accountSid, authToken, baseUrl } = sandboxSettings(sb);
  await nodeRed.api('POST', '/flows', [...EXAMPLE, ...flows(baseUrl, { accountSid, authToken })], { 'Node-RED-Deployment-Type': 'full' });
  await eventually(
    () =>
      nodeRed.api('POST', `/inject/${EXAMPLE_INJECT}`).then(
        () => true,
        () => undefined,
      ),
    'the deployed flows',
  );
  for (const id of ['e2e-inject', 'e2e-inject-paced', 'e2e-inject-unpaced']) await nodeRed.api('POST', `/inject/${id}`);

  // With credentials: the test's sandbox. The files are its records after the cut-off, as the library renders them.
  const expected = await libraryDocuments(sandboxSettings(sb), { action: 'query', objectType: 'Message', filters: [SINCE] });
  const records = sb.store.records('Message', accountSid).filter((r) => Date.parse(r.date_sent) > Date.parse('2026-06-01T00:00:00Z'));
  expect(expected.length).toBe(records.length);
  expect(records.length).toBeGreaterThan(100);
  const files = await filesIn(path.join(out, 'account'), records.length);
  expect(files).toEqual(records.map((r) => `${r.sid}.xml`).sort());
  for (const doc of expected) expect(fs.readFileSync(path.join(out, 'account', `${doc.properties.id}.xml`), 'utf8')).toBe(doc.xml);
  const first = records[0];
  expect(fs.readFileSync(path.join(out, 'account', `${first.sid}.xml`), 'utf8')).toContain(`<DateSent>${first.date_sent}</DateSent>`);

  // The example flow as shipped (no connection): the runtime's own embedded sandbox.
  const runtimeSandbox = /using the embedded sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(nodeRed.log())[1];
  const fromSandbox = await libraryDocuments(sandboxSettings({ url: runtimeSandbox }), { action: 'query', objectType: 'Message', filters: [SINCE] });
  const exampleFiles = await filesIn(path.join(out, 'out/messages'), fromSandbox.length);
  expect(exampleFiles).toEqual(fromSandbox.map((d) => `${d.properties.id}.xml`).sort());
  for (const doc of fromSandbox) expect(fs.readFileSync(path.join(out, 'out/messages', `${doc.properties.id}.xml`), 'utf8')).toBe(doc.xml);

  // A consumer slower than the Query holds at most the window; with no window it would hold them all.
  const stats = await eventually(async () => {
    const s = await nodeRed.api('GET', '/twilio-stats');
    return s['paced.done'] === PACED && s['unpaced.done'] === PACED ? s : undefined;
  }, 'the paced queries');
  expect(stats['paced.max']).toBeLessThanOrEqual(WINDOW);
  expect(stats['unpaced.max']).toBeGreaterThan(WINDOW);

  // Credentials: in neither the export nor flows.json; flows_cred.json holds them encrypted.
  const exported = JSON.stringify(await nodeRed.api('GET', '/flows'));
  const flowFile = fs.readFileSync(path.join(nodeRed.userDir, 'flows.json'), 'utf8');
  const credFile = fs.readFileSync(path.join(nodeRed.userDir, 'flows_cred.json'), 'utf8');
  for (const text of [exported, flowFile]) {
    expect(text).toContain(baseUrl);
    expect(text).not.toContain(accountSid);
    expect(text).not.toContain(authToken);
  }
  expect(credFile).not.toContain(authToken);
  expect(Object.keys(JSON.parse(credFile))).toEqual(['$']);
}, 60000);
