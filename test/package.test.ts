// The package as a user gets it: `npm pack`, installed from the tarball into a
// temporary prefix, run from an empty folder. Slow by nature (the install unpacks the
// dependencies from npm's cache): done once, in beforeAll. The pack skips its prepack
// build (`npm test` has just built, and other suites load dist/ while this one runs).
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'connector.manifest.json'), 'utf8')) as { objectTypes: unknown[] };
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// No npm_* settings of an enclosing `npm test`, no Twilio credentials.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|TWILIO_)/i.test(k)));

let work: string;
let bin: string;
let empty: string;
let packed: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'package-'));
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const [tarball] = readdirSync(work).filter((f) => f.endsWith('.tgz'));
  packed = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((p) => p.replace(/^package\//, ''));
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  bin = join(prefix, 'bin', 'twilio-connector');
  empty = join(work, 'empty');
  mkdirSync(empty);
}, 300_000);

function run(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(bin, args, { cwd: empty, env, encoding: 'utf8' });
}

it('builds on pack, and ships what runs and nothing else', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.prepack).toBe('npm run build');
  for (const file of [
    'bin/twilio-connector.js',
    'dist/cli/main.js',
    'dist/workers/commands.js',
    'dist/connector/operation.js',
    'dist/sandbox/index.js',
    'dist/connector/catalog/manifest.schema.json',
    'dist/connector/catalog/object-type.schema.json',
    'connector.manifest.json',
    'operations/Message.json',
    'profiles/Message.get.response.xsd',
    'sandbox/seeds/schema.json',
    'package.json',
    'README.md',
    'LICENSE',
  ]) {
    expect(packed).toContain(file);
  }
  const strays = packed.filter(
    (p) =>
      (/^(test|bench|scripts|dist\/bench|dist\/scripts|connector|cli|sandbox|workers)\//.test(p) && !p.startsWith('sandbox/seeds/')) ||
      p.endsWith('.map') ||
      (p.endsWith('.ts') && !p.endsWith('.d.ts')) ||
      /^dist\/(cli|workers)\/.*\.d\.ts$/.test(p),
  );
  // The library's and the sandbox's declarations ship for the package's `types`.
  expect(packed).toContain('dist/connector/index.d.ts');
  expect(packed).toContain('dist/sandbox/index.d.ts');
  expect(strays).toEqual([]);
  expect(packed.filter((p) => p.startsWith('operations/'))).toHaveLength(manifest.objectTypes.length);
});

it('--version, objects and profile answer from an empty folder', () => {
  expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
  const objects = run('objects');
  expect(objects.status).toBe(0);
  expect(objects.stdout.trim().split('\n')).toHaveLength(manifest.objectTypes.length);
  const profile = run('profile', 'Message', '--action', 'get');
  expect(profile.status).toBe(0);
  expect(profile.stdout).toBe(readFileSync(join(ROOT, 'profiles/Message.get.response.xsd'), 'utf8'));
});

it('run … query against the embedded sandbox, and against a `sandbox` served by the installed package', async () => {
  const implicit = run('run', '--action', 'query', '--object', 'Message', '--limit', '2', '--sandbox');
  expect(implicit.status).toBe(0);
  expect(implicit.stdout.trim().split('\n')).toHaveLength(2);
  expect(implicit.stderr).toMatch(/using the embedded sandbox/);

  const server = spawn(bin, ['sandbox', '--port', '0'], { cwd: empty, env });
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (c) => (out += c) && /TWILIO_AUTH_TOKEN=\S+\n/.test(out) && resolve(out));
      server.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });
    const vars = Object.fromEntries([...banner.matchAll(/(TWILIO_\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    const served = spawnSync(bin, ['run', '--action', 'query', '--object', 'Message', '--limit', '3'], {
      cwd: empty,
      env: { ...env, ...vars },
      encoding: 'utf8',
    });
    expect(served.status).toBe(0);
    expect(served.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^<Message>/),
      expect.stringMatching(/^<Message>/),
      expect.stringMatching(/^<Message>/),
    ]);
    expect(served.stderr).not.toMatch(/embedded sandbox/);
  } finally {
    server.kill('SIGTERM');
  }
  const code = await new Promise((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.on('exit', resolve)));
  expect(code).toBe(0);
});

it('the installed package is also the library and its sandbox entry', () => {
  const script =
    "const c = require('twilio-connector'); const s = require('twilio-connector/sandbox'); console.log(c.catalog().objectTypes().length, typeof s.startSandbox)";
  const answer = spawnSync(process.execPath, ['-e', script], {
    cwd: empty,
    env: { ...env, NODE_PATH: join(work, 'prefix', 'lib', 'node_modules') },
    encoding: 'utf8',
  });
  expect(answer.stderr).toBe('');
  expect(answer.stdout).toBe(`${manifest.objectTypes.length} function\n`);
});

it('TypeScript finds the types of both entries, with the old module resolution (node10) as with node16', () => {
  const project = join(work, 'typed');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(join(work, 'prefix', 'lib', 'node_modules', 'twilio-connector'), join(project, 'node_modules', 'twilio-connector'));
  writeFileSync(
    join(project, 'check.ts'),
    "import { connect } from 'twilio-connector';\nimport { startSandbox, sandboxSettings } from 'twilio-connector/sandbox';\n" +
      'export async function main(): Promise<number> {\n  const sandbox = await startSandbox();\n  const twilio = connect(sandboxSettings(sandbox));\n' +
      '  await sandbox.close();\n  return twilio.objectTypes().length;\n}\n',
  );
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const common = ['--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'check.ts'];
  for (const resolution of [
    ['--module', 'commonjs'],
    ['--module', 'node16', '--moduleResolution', 'node16'],
  ]) {
    const checked = spawnSync(tsc, [...resolution, ...common], { cwd: project, env, encoding: 'utf8' });
    expect([resolution.join(' '), checked.stdout]).toEqual([resolution.join(' '), '']);
    expect(checked.status).toBe(0);
  }
}, 30_000);

it('unbuilt, the command says how to build it', () => {
  const copy = join(work, 'unbuilt', 'bin');
  mkdirSync(copy, { recursive: true });
  copyFileSync(join(ROOT, 'bin/twilio-connector.js'), join(copy, 'twilio-connector.js'));
  const answer = spawnSync(process.execPath, [join(copy, 'twilio-connector.js'), 'objects'], { encoding: 'utf8' });
  expect(answer.status).toBe(2);
  expect(answer.stderr).toMatch(/not built yet: run `npm run build`/);
});
