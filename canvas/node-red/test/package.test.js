// The package as a Node-RED user installs it: `npm pack` of canvas/node-red, unpacked into
// a user folder's node_modules (a copy, not the symlink the other tests use), the library
// beside it, and the real Node-RED started on it: the registry lists both nodes loaded,
// and the editor gets their definitions, so nothing the nodes need is missing from the
// tarball and nothing of the tests or benchmarks is in it.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startNodeRed, PACKAGE_DIR } = require('./helpers/node-red');

const NAME = require('../package.json').name;
let work;
let files;
let red;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'node-red-package-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PACKAGE_DIR, encoding: 'utf8' }));
  files = packed.files.map((f) => f.path).sort();
  const unpacked = path.join(work, 'package');
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', unpacked, '--strip-components=1']);
  red = await startNodeRed({ unpacked });
}, 30_000);

afterAll(async () => {
  await red?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

it('the tarball holds the nodes, their library code, the example flow and the README, and no tests or benchmarks', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'nodes/twilio-connection.js',
      'nodes/twilio-connection.html',
      'nodes/twilio-operation.js',
      'nodes/twilio-operation.html',
      'lib/connection.js',
      'examples/Query messages into files.json',
      'README.md',
      'LICENSE',
      'package.json',
    ]),
  );
  expect(files.filter((f) => /^(test|bench)\//.test(f))).toEqual([]);
});

it('Node-RED loads both nodes from the installed copy, without an error', async () => {
  const modules = await red.api('GET', '/nodes', undefined, { Accept: 'application/json' });
  const ours = modules.filter((set) => set.module === NAME);
  expect(ours.map((set) => [set.name, set.types, set.enabled, set.err])).toEqual([
    ['twilio-connection', ['twilio-connection'], true, undefined],
    ['twilio-operation', ['twilio-operation'], true, undefined],
  ]);
  expect(fs.realpathSync(path.join(red.userDir, 'node_modules', NAME))).toBe(path.join(red.userDir, 'node_modules', NAME));
});

it("the editor gets the nodes' definitions and the example flow is offered", async () => {
  const html = await red.api('GET', '/nodes', undefined, { Accept: 'text/html' });
  expect(html).toMatch(/RED\.nodes\.registerType\(\s*['"]twilio-operation['"]/);
  expect(html).toMatch(/RED\.nodes\.registerType\(\s*['"]twilio-connection['"]/);
  const examples = await red.api('GET', `/library/examples/flows/${NAME}`);
  expect(JSON.stringify(examples)).toContain('Query messages into files');
});
