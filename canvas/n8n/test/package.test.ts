// The built package as an n8n user installs it: `npm pack` of canvas/n8n, unpacked where
// n8n keeps community packages (<user folder>/.n8n/nodes/node_modules/<name>, its peers
// beside it), loaded by n8n-core's PackageDirectoryLoader in a separate Node process as
// n8n loads it in production (classes instantiated in a vm context, not by jest).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE_DIR } from './helpers/paths';

const REPO = join(PACKAGE_DIR, '..', '..');
const BUILT = ['dist/nodes/TwilioConnector/TwilioConnector.node.js', 'dist/credentials/TwilioConnectorApi.credentials.js'];

let home: string;
let installed: string;
let files: string[];

beforeAll(() => {
  for (const file of [...BUILT.map((f) => join(PACKAGE_DIR, f)), join(REPO, 'dist/connector/index.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` at the repository root first`);
  }
  home = mkdtempSync(join(tmpdir(), 'n8n-community-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', home], { cwd: PACKAGE_DIR, encoding: 'utf8' }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed.files.map((f) => f.path).sort();
  const modules = join(home, '.n8n', 'nodes', 'node_modules');
  installed = join(modules, 'n8n-nodes-twilio-connector');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(home, packed.filename), '-C', installed, '--strip-components=1']);
  // Its peer dependencies, which npm installs beside it: the library and n8n-workflow.
  symlinkSync(REPO, join(modules, 'twilio-connector'));
  symlinkSync(dirname(require.resolve('n8n-workflow/package.json')), join(modules, 'n8n-workflow'));
}, 30_000);

afterAll(() => rmSync(home, { recursive: true, force: true }));

it('the package holds the built node, credentials, icons and codex, and no sources', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      ...BUILT,
      'dist/nodes/TwilioConnector/TwilioConnector.node.json',
      'dist/icons/twilioConnector.svg',
      'dist/icons/twilioConnector.dark.svg',
      'package.json',
      'README.md',
      'LICENSE',
    ]),
  );
  expect(files.filter((f) => /\.ts$|\.map$|^test\/|^nodes\/|^credentials\//.test(f))).toEqual([]);
});

it("n8n's package loader resolves its n8n key to the node and credential classes", () => {
  const script = `
    const { PackageDirectoryLoader } = require(${JSON.stringify(require.resolve('n8n-core'))});
    (async () => {
      const loader = new PackageDirectoryLoader(process.argv[1]);
      await loader.loadAll();
      const node = loader.nodeTypes.twilioConnector.type;
      const credential = loader.credentialTypes.twilioConnectorApi.type;
      const objectTypes = await node.methods.loadOptions.objectTypes.call({});
      process.stdout.write(JSON.stringify({
        packageName: loader.packageName,
        known: loader.known,
        node: { className: node.constructor.name, ...node.description, properties: node.description.properties.map((p) => p.name) },
        credential: { className: credential.constructor.name, name: credential.name, documentationUrl: credential.documentationUrl, iconUrl: credential.iconUrl, supportedNodes: credential.supportedNodes, properties: credential.properties.map((p) => p.name), secrets: credential.properties.filter((p) => p.typeOptions?.password).map((p) => p.name) },
        objectTypes: objectTypes.length,
      }));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script, installed], {
    cwd: home,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production', N8N_USER_FOLDER: home },
  });
  const loaded = JSON.parse(out);
  expect(loaded.packageName).toBe('n8n-nodes-twilio-connector');
  expect(loaded.known).toEqual({
    nodes: { twilioConnector: { className: 'TwilioConnector', sourcePath: BUILT[0] } },
    credentials: { twilioConnectorApi: { className: 'TwilioConnectorApi', sourcePath: BUILT[1], supportedNodes: ['twilioConnector'] } },
  });
  expect(loaded.node).toMatchObject({
    className: 'TwilioConnector',
    name: 'twilioConnector',
    communityNodePackageVersion: '0.1.0',
    credentials: [{ name: 'twilioConnectorApi', required: true, testedBy: 'twilioConnectorApiTest' }],
    // The package is not published: no documentation page of its own, only the credential's (Twilio's).
    codex: { categories: ['Communication', 'Development'], resources: { credentialDocumentation: [{ url: loaded.credential.documentationUrl }] } },
    properties: expect.arrayContaining(['resource', 'operation', 'id', 'document', 'filters', 'returnAll', 'limit', 'fields', 'options']),
  });
  expect(loaded.credential).toMatchObject({ className: 'TwilioConnectorApi', name: 'twilioConnectorApi', supportedNodes: ['twilioConnector'] });
  expect(loaded.node.codex.resources.primaryDocumentation).toBeUndefined();
  expect(loaded.credential.documentationUrl).toBe('https://www.twilio.com/docs/iam/api-keys');
  expect(loaded.credential.properties).toEqual(['accountSid', 'authentication', 'authToken', 'apiKey', 'apiSecret', 'baseUrl', 'defaultCountry', 'timeoutMs']);
  expect(loaded.credential.secrets).toEqual(['authToken', 'apiSecret']);
  // Icons are served from the package folder by the path n8n puts in iconUrl.
  for (const url of [loaded.node.iconUrl.light, loaded.node.iconUrl.dark, loaded.credential.iconUrl.light]) {
    expect(url).toMatch(/^icons\/n8n-nodes-twilio-connector\//);
    expect(existsSync(join(installed, url.replace('icons/n8n-nodes-twilio-connector/', '')))).toBe(true);
  }
  expect(loaded.objectTypes).toBeGreaterThan(500);
});
