// A real Node-RED in its own process, as a user runs it: the `node-red` bin on a loopback
// port, a temporary user folder with this package installed into it (a symlink, as
// `npm install <folder>` makes), a settings file and an optional flow file.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const PACKAGE_DIR = path.resolve(__dirname, '../..');
const PACKAGE_NAME = require('../../package.json').name;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Node-RED; resolves once its flows have started. `flows`: the flow file's nodes;
 * `settings`: added to the settings file; `nodeArgs`: node's own flags; `unpacked`: a
 * folder holding the package as its tarball unpacks, copied into the user folder with the
 * library beside it (as `npm install <tarball>` lays them out) instead of the symlink to
 * this folder. stop() ends the process and removes the folder.
 */
async function startNodeRed({ flows = [], settings = {}, nodeArgs = [], unpacked } = {}) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-red-twilio-'));
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules);
  if (unpacked) {
    fs.cpSync(unpacked, path.join(modules, PACKAGE_NAME), { recursive: true });
    // The peer dependency: the library, resolved as this package's tests resolve it.
    fs.symlinkSync(path.dirname(require.resolve('twilio-connector/package.json')), path.join(modules, 'twilio-connector'), 'dir');
  } else fs.symlinkSync(PACKAGE_DIR, path.join(modules, PACKAGE_NAME), 'dir');
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', private: true, dependencies: { [PACKAGE_NAME]: `file:${PACKAGE_DIR}` } }, null, 2),
  );
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
  const port = await freePort();
  const settingsFile = path.join(userDir, 'settings.js');
  const all = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: 'a secret of this test',
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    ...settings,
  };
  fs.writeFileSync(settingsFile, `module.exports = ${JSON.stringify(all, null, 2)};\n`);

  const bin = require.resolve('node-red/red.js');
  const child = spawn(process.execPath, [...nodeArgs, bin, '--settings', settingsFile, '--userDir', userDir], {
    cwd: userDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (/Started flows/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`node-red exited (${code ?? signal}) before its flows started:\n${output}`)));
  });

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    userDir,
    pid: child.pid,
    log: () => output,
    /** An admin API call (no adminAuth here); JSON in, JSON (or text) out. */
    async api(method, route, body, headers = {}) {
      const res = await fetch(url + route, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value other than undefined (or throws after `ms`). */
async function eventually(probe, what, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

module.exports = { startNodeRed, eventually, PACKAGE_DIR };
