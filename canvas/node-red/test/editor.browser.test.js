// The editor in a real browser: Debian's Chromium (playwright-core) opens a real Node-RED,
// finds the twilio node in the palette, drops it between the nodes of a flow that lacks it
// (inject, file out, two debug nodes), wires it, picks Message and Query with a DateSent
// filter in the dialog, deploys, runs the flow and saves the screenshots the README shows.
// A browser that cannot start fails this test.
'use strict';
/* global RED, document -- page.evaluate() callbacks run in the editor */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { connect, catalog } = require('twilio-connector');
const { sandboxSettings } = require('twilio-connector/sandbox');
const { startNodeRed, eventually, PACKAGE_DIR } = require('./helpers/node-red');
const { launchBrowser } = require('./helpers/browser');

// The README's screenshots: rewritten with UPDATE_SCREENSHOTS=1 (or when missing); otherwise taken
// into the test's folder, so a run does not leave the images changed by a few pixels of rendering.
const DOCS = path.resolve(PACKAGE_DIR, '../../docs');
const screenshot = (name) => (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(path.join(DOCS, name)) ? path.join(DOCS, name) : path.join(out, name));
const isPng = (file) =>
  fs
    .readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const TAB = 'b0f1e2d3c4b5a601';
const INJECT = 'b0f1e2d3c4b5a602';
const FILE = 'b0f1e2d3c4b5a603';
const APP_ERRORS = 'b0f1e2d3c4b5a604';
const FAILURES = 'b0f1e2d3c4b5a605';

// What a person starts from: an inject, a file out that writes out/messages/<Sid>.xml, two debug nodes.
const FLOW = [
  { id: TAB, type: 'tab', label: 'Twilio: sync messages' },
  {
    id: INJECT,
    type: 'inject',
    z: TAB,
    name: 'sync messages',
    props: [{ p: 'payload' }],
    repeat: '',
    once: false,
    payload: '',
    payloadType: 'date',
    x: 150,
    y: 100,
    wires: [[]],
  },
  {
    id: FILE,
    type: 'file',
    z: TAB,
    name: 'out/messages/<Sid>.xml',
    filename: '"out/messages/" & twilio.id & ".xml"',
    filenameType: 'jsonata',
    appendNewline: false,
    createDir: true,
    overwriteFile: 'true',
    encoding: 'utf8',
    x: 900,
    y: 60,
    wires: [[]],
  },
  {
    id: APP_ERRORS,
    type: 'debug',
    z: TAB,
    name: 'application errors',
    active: true,
    tosidebar: true,
    complete: 'true',
    targetType: 'full',
    x: 890,
    y: 140,
    wires: [],
  },
  { id: FAILURES, type: 'debug', z: TAB, name: 'failures', active: true, tosidebar: true, complete: 'true', targetType: 'full', x: 860, y: 200, wires: [] },
];

let nodeRed;
let browser;
let out;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'node-red-out-'));
  [nodeRed, browser] = await Promise.all([
    startNodeRed({
      flows: FLOW,
      settings: { fileWorkingDirectory: out, editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } } },
    }),
    launchBrowser(),
  ]);
}, 60000);
afterAll(async () => {
  await browser?.close();
  await nodeRed?.stop();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** The centre of an element once it stopped moving (the palette slides when filtered). */
async function center(locator) {
  let last;
  for (;;) {
    const box = await locator.boundingBox();
    if (box && last && box.x === last.x && box.y === last.y) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    last = box;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Clicks Deploy and waits for the runtime's answer to the editor's POST /flows. */
/** Opens the deployed Twilio node's dialog and picks an object type by what a person types of it. */
async function editDeployedNode(page, typed, objectType) {
  const twilioId = await page.evaluate(() => RED.nodes.filterNodes({ type: 'twilio-operation' })[0].id);
  await nodeGroup(page, twilioId).locator('rect.red-ui-flow-node').dblclick();
  const typeInput = page.locator('#node-input-objectType');
  await typeInput.waitFor({ state: 'visible' });
  await center(page.locator('.red-ui-tray').last());
  await typeInput.fill('');
  await typeInput.pressSequentially(typed);
  await page.locator('.red-ui-autoComplete-container li', { hasText: objectType }).first().click();
}

async function deploy(page) {
  const answered = page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/flows');
  await page.locator('#red-ui-header-button-deploy').click();
  expect((await answered).status()).toBe(200);
}

const nodeGroup = (page, id) => page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`);

test('a person builds the flow in the editor: palette, dialog, deploy, run', async () => {
  const { page } = browser;
  await page.goto(nodeRed.url + '/');

  // The palette lists the node; its search finds it (once the editor has drawn the flow, it is ready).
  const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="twilio-operation"]');
  await nodeGroup(page, INJECT).waitFor({ state: 'visible', timeout: 20000 });
  await paletteNode.waitFor({ state: 'attached' });
  await page.locator('#red-ui-palette-search input').pressSequentially('twilio');
  await page.locator('.red-ui-palette-node[data-palette-type="inject"]').waitFor({ state: 'hidden' });
  expect(await paletteNode.innerText()).toContain('twilio');

  // Dropped between the inject and the file out, then wired: inject → twilio, its three outputs onwards.
  const injectBox = await nodeGroup(page, INJECT).boundingBox();
  await drag(page, await center(paletteNode), { x: injectBox.x + injectBox.width + 160, y: injectBox.y + injectBox.height / 2 });
  const twilioId = await eventually(() => page.evaluate(() => RED.nodes.filterNodes({ type: 'twilio-operation' })[0]?.id), 'the dropped node');
  const twilioNode = nodeGroup(page, twilioId);
  const input = (id) => nodeGroup(page, id).locator('g.red-ui-flow-port-input rect.red-ui-flow-port');
  const outputs = (id) => nodeGroup(page, id).locator('g.red-ui-flow-port-output rect.red-ui-flow-port');
  expect(await outputs(twilioId).count()).toBe(3);
  const wires = [[outputs(INJECT), input(twilioId)], ...[FILE, APP_ERRORS, FAILURES].map((target, port) => [outputs(twilioId).nth(port), input(target)])];
  for (const [from, to] of wires) await drag(page, await center(from), await center(to));

  // The dialog: search the object type, pick Message, Query, a DateSent filter; see the profile.
  await twilioNode.locator('rect.red-ui-flow-node').dblclick();
  const typeInput = page.locator('#node-input-objectType');
  await page.locator('#twilio-type-tip', { hasText: 'Type to search' }).waitFor();
  await center(page.locator('.red-ui-tray').last()); // slid in: the editor is done moving focus about
  await typeInput.pressSequentially('Messa');
  const choice = page.locator('.red-ui-autoComplete-container li', { hasText: 'Message (SMS/MMS)' }).first();
  await choice.click();
  expect(await typeInput.inputValue()).toBe('Message');
  await page.locator('#node-input-action').selectOption('query');
  await page.locator('#twilio-option-fields input[value="DateSent"]').waitFor(); // the type's description is in
  await page.locator('#twilio-options [data-option="filters"] .red-ui-editableList-addButton').click();
  const filterRow = page.locator('#twilio-option-filters li').first();
  // A field whose values Twilio's definitions list offers them; a timestamp offers none.
  const offeredValues = () => filterRow.locator('datalist.twilio-filter-values option').evaluateAll((os) => os.map((o) => o.value));
  await filterRow.locator('.twilio-filter-field').selectOption('Status');
  const statusValues = catalog()
    .describe('Message')
    .fields.find((f) => f.name === 'Status').values;
  expect(statusValues).toContain('delivered');
  expect(await offeredValues()).toEqual(statusValues);
  expect(await filterRow.locator('.twilio-filter-value').getAttribute('placeholder')).toMatch(/^one of queued, /);
  await filterRow.locator('.twilio-filter-field').selectOption('DateSent');
  expect(await offeredValues()).toEqual([]);
  await filterRow.locator('.twilio-filter-op').selectOption('after');
  await filterRow.locator('.twilio-filter-value').fill('2026-06-01 00:00:00');
  await page.locator('#twilio-profile', { hasText: '<xs:element name="DateSent"' }).waitFor();
  await page.locator('#twilio-type-tip', { hasText: 'Message (SMS/MMS)' }).waitFor();
  fs.mkdirSync(DOCS, { recursive: true });
  await page.setViewportSize({ width: 1400, height: 1400 }); // the whole dialog, profile included
  const dialogShot = screenshot('node-red-dialog.png');
  await page.locator('.red-ui-tray').last().screenshot({ path: dialogShot });
  expect(isPng(dialogShot)).toBe(true);
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.locator('#node-dialog-ok').click();

  // Deploy, then run it with the inject node's button.
  await deploy(page);
  const deployed = await nodeRed.api('GET', '/flows');
  const twilio = deployed.find((n) => n.type === 'twilio-operation');
  expect(twilio).toMatchObject({
    objectType: 'Message',
    action: 'query',
    connection: '',
    options: { filters: [{ field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' }] },
  });
  expect(twilio.wires).toEqual([[FILE], [APP_ERRORS], [FAILURES]]);
  expect(deployed.find((n) => n.id === INJECT).wires).toEqual([[twilio.id]]);

  await nodeGroup(page, INJECT).locator('.red-ui-flow-node-button').click();
  const status = nodeGroup(page, twilio.id).locator('.red-ui-flow-node-status-label');
  await status.filter({ hasText: /documents; 1 ok/ }).waitFor({ timeout: 20000 });
  await page.mouse.click(700, 600); // deselect, so the screenshot shows the flow as it ran
  await page.keyboard.press('Control+Space'); // hide the sidebar: the whole flow in view
  await page.waitForFunction(() => !document.querySelector('.red-ui-notification')); // they close by themselves
  const flowShot = screenshot('node-red-flow.png');
  await page.screenshot({ path: flowShot, clip: { x: 0, y: 0, width: 1400, height: 400 } });
  expect(isPng(flowShot)).toBe(true);

  // The files are the documents of the runtime's sandbox, as the library (and the CLI) give them.
  const sandboxUrl = /using the embedded sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(nodeRed.log())[1];
  const library = connect(sandboxSettings({ url: sandboxUrl }));
  const expected = [];
  const op = library.operation({ action: 'query', objectType: 'Message', filters: [{ field: 'DateSent', op: 'after', value: '2026-06-01 00:00:00' }] });
  for await (const e of op.execute([{}])) if (e.type === 'document') expected.push(e.document);
  library.close();
  expect(await status.textContent()).toBe(`query Message: ${expected.length} documents; 1 ok, 0 application errors, 0 failures`);
  const dir = path.join(out, 'out/messages');
  await eventually(() => (fs.existsSync(dir) && fs.readdirSync(dir).length === expected.length ? true : undefined), 'the files');
  for (const doc of expected) expect(fs.readFileSync(path.join(dir, `${doc.properties.id}.xml`), 'utf8')).toBe(doc.xml);
  expect(browser.errors).toEqual([]);
}, 60000);

test('the connection dialog: rows from the manifest, Test connection, secrets kept in the credentials store', async () => {
  const { page } = browser;
  const { manifest } = require('twilio-connector');
  const { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } = require('twilio-connector/sandbox');
  const sandboxUrl = /using the embedded sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(nodeRed.log())[1];
  const twilioId = await page.evaluate(() => RED.nodes.filterNodes({ type: 'twilio-operation' })[0].id);
  await nodeGroup(page, twilioId).locator('rect.red-ui-flow-node').dblclick();
  await page.locator('#node-input-btn-connection-add').click();

  // One row per connection field of the manifest; secrets as password inputs.
  for (const field of manifest().connection.fields) {
    const input = page.locator(`#node-config-input-${field.name}`);
    await input.waitFor({ state: 'visible' });
    expect(await input.getAttribute('type')).toBe(field.type === 'password' ? 'password' : 'text');
  }
  const result = page.locator('#twilio-connection-result');
  const check = async (expected) => {
    await page.locator('#twilio-connection-test').click();
    await result.filter({ hasText: expected }).waitFor();
  };
  await check(/^✓ embedded sandbox at http:\/\/127\.0\.0\.1:\d+: AC[0-9a-f]{32}/);
  await page.locator('#node-config-input-accountSid').fill('ACnot');
  await page.locator('#node-config-input-authToken').fill('x');
  await check(/^✗ accountSid \(TWILIO_ACCOUNT_SID\) must match/);
  await page.locator('#node-config-input-accountSid').fill(SANDBOX_ACCOUNT_SID);
  await page.locator('#node-config-input-authToken').fill(SANDBOX_AUTH_TOKEN);
  await page.locator('#node-config-input-baseUrl').fill(sandboxUrl);
  await check(/^✓ AC[0-9a-f]{32}.*active$/);
  await page.locator('#node-config-input-name').fill('sandbox by URL');
  await page.locator('#node-config-dialog-ok').click();
  await page.locator('#node-dialog-ok').click();
  await deploy(page);

  const deployed = await nodeRed.api('GET', '/flows');
  const connection = deployed.find((n) => n.type === 'twilio-connection');
  expect(connection).toMatchObject({ name: 'sandbox by URL', baseUrl: sandboxUrl });
  expect(deployed.find((n) => n.type === 'twilio-operation').connection).toBe(connection.id);
  expect(JSON.stringify(deployed)).not.toContain(SANDBOX_AUTH_TOKEN);

  // Opened again, the stored secret is not sent back to the editor, yet Test connection uses it.
  await nodeGroup(page, twilioId).locator('rect.red-ui-flow-node').dblclick();
  await page.locator('#node-input-btn-connection-edit').click();
  await page.locator('#node-config-input-authToken').waitFor({ state: 'visible' });
  expect(await page.locator('#node-config-input-authToken').inputValue()).toBe('__PWRD__');
  await check(/^✓ AC[0-9a-f]{32}.*active$/);
  await page.locator('#node-config-dialog-cancel').click();
  await page.locator('#node-dialog-cancel').click();
  await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
  expect(browser.errors).toEqual([]);
}, 60000);

test('the dialog offers the headers a type declares, and the request profile of a Create', async () => {
  const { page } = browser;
  await editDeployedNode(page, 'FlexV1Plug', 'FlexV1Plugin');
  await page.locator('#node-input-action').selectOption('create');
  await page.locator('#twilio-type-tip', { hasText: 'Flex' }).waitFor();
  const headers = page.locator('#twilio-options [data-option="headers"]');
  await headers.locator('.red-ui-editableList-addButton').click();
  expect(await headers.locator('.twilio-header-name option').allTextContents()).toEqual(['Flex-Metadata']);
  await headers.locator('.twilio-header-value').fill('ui_version=2.8.0');
  await page.locator('#twilio-profile-tabs button', { hasText: 'Request profile' }).click();
  await page.locator('#twilio-profile', { hasText: '<xs:element name="UniqueName"' }).waitFor();
  await page.locator('#node-dialog-ok').click();
  await deploy(page);
  const twilio = (await nodeRed.api('GET', '/flows')).find((n) => n.type === 'twilio-operation');
  expect(twilio).toMatchObject({ objectType: 'FlexV1Plugin', action: 'create', options: { headers: { 'Flex-Metadata': 'ui_version=2.8.0' } } });
  expect(browser.errors).toEqual([]);
}, 60000);

test('a filter that takes several values says so in its value box; a text field gets no date example', async () => {
  const { page } = browser;
  await editDeployedNode(page, 'ChatV2Chan', 'ChatV2Channel');
  await page.locator('#node-input-action').selectOption('query');
  await page.locator('#twilio-option-fields input[value="FriendlyName"]').waitFor();
  await page.locator('#twilio-options [data-option="filters"] .red-ui-editableList-addButton').click();
  const filterRow = page.locator('#twilio-option-filters li').last();
  const value = filterRow.locator('.twilio-filter-value');
  await filterRow.locator('.twilio-filter-field').selectOption('Type');
  const type = catalog()
    .describe('ChatV2Channel')
    .filters.find((f) => f.name === 'Type');
  expect(type).toMatchObject({ repeated: true, values: ['public', 'private'] });
  expect(await value.getAttribute('placeholder')).toBe('one or more of public, private');
  await filterRow.locator('.twilio-filter-field').selectOption('FriendlyName');
  expect(await value.getAttribute('placeholder')).toBe('');
  await filterRow.locator('.twilio-filter-field').selectOption('DateCreated');
  expect(await value.getAttribute('placeholder')).toBe('2026-06-01 00:00:00');
  await page.locator('#node-dialog-cancel').click();
  await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
  expect(browser.errors).toEqual([]);
}, 60000);
