// Memory of a large Query through a real Node-RED (not a test; run on demand):
//   node canvas/node-red/bench/query-memory.js [--records 1000000] [--consumer file|count] [--window 1000]
// The sandbox (own process, seeded with N messages) serves the Query; Node-RED (own process,
// the `node-red` bin) runs inject → twilio Query Message → consumer, where the consumer is
// a file out appending every document to /dev/null (asynchronous writes, each message
// completed after its write; a function node after it counts) or just the counting
// function node (synchronous). The parent samples Node-RED's resident set from /proc
// every 50 ms and reports it at each tenth of the records. BENCH_NODE_ARGS passes node
// flags to Node-RED (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sandboxSettings } = require('twilio-connector/sandbox');
const { startNodeRed, eventually } = require('../test/helpers/node-red');

function args(argv) {
  const out = { records: 1_000_000, consumer: 'file', window: 1000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in out)) throw new Error(`unknown flag ${argv[i]} (flags: --records N, --consumer file|count, --window N)`);
    out[name] = name === 'consumer' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return out;
}

function startSandbox(records) {
  const main = path.join(path.dirname(require.resolve('twilio-connector/package.json')), 'dist/sandbox/main.js');
  const child = spawn(process.execPath, ['--max-old-space-size=4096', main, '--port', '0', '--messages', String(records)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${out}`)));
  });
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

function flow({ baseUrl, accountSid, authToken, consumer, window }) {
  const z = 'bench0000000001';
  const at = (n, i) => ({ x: 150 + i * 200, y: 100, ...n });
  const consumerNode =
    consumer === 'file'
      ? {
          id: 'bench-consumer',
          type: 'file',
          z,
          name: '',
          filename: '/dev/null',
          filenameType: 'str',
          appendNewline: true,
          createDir: false,
          overwriteFile: 'false',
          encoding: 'utf8',
          wires: [['bench-count']],
        }
      : undefined;
  return [
    { id: z, type: 'tab', label: 'bench' },
    { id: 'bench-conn', type: 'twilio-connection', name: '', baseUrl, credentials: { accountSid, authToken } },
    at(
      {
        id: 'bench-inject',
        type: 'inject',
        z,
        name: '',
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        payload: '',
        payloadType: 'date',
        wires: [['bench-query']],
      },
      0,
    ),
    at(
      {
        id: 'bench-query',
        type: 'twilio-operation',
        z,
        name: '',
        connection: 'bench-conn',
        objectType: 'Message',
        action: 'query',
        options: { documents: 'xml' },
        window,
        wires: [[consumerNode ? 'bench-consumer' : 'bench-count'], [], []],
      },
      1,
    ),
    ...(consumerNode ? [at(consumerNode, 2)] : []),
    at(
      { id: 'bench-count', type: 'function', z, name: '', func: "global.set('count', (global.get('count') || 0) + 1);\nreturn null;", outputs: 1, wires: [[]] },
      3,
    ),
    at({ id: 'bench-complete', type: 'complete', z, name: '', scope: ['bench-query'], uncaught: false, wires: [['bench-finished']] }, 4),
    at({ id: 'bench-finished', type: 'function', z, name: '', func: "global.set('finished', Date.now());\nreturn null;", outputs: 1, wires: [[]] }, 5),
    at({ id: 'bench-stats-in', type: 'http in', z, name: '', url: '/bench-stats', method: 'get', upload: false, wires: [['bench-stats']] }, 6),
    at(
      {
        id: 'bench-stats',
        type: 'function',
        z,
        name: '',
        func: "msg.payload = { count: global.get('count') || 0, finished: global.get('finished') };\nreturn msg;",
        outputs: 1,
        wires: [['bench-stats-out']],
      },
      7,
    ),
    at({ id: 'bench-stats-out', type: 'http response', z, name: '', statusCode: '', headers: {}, wires: [] }, 8),
  ];
}

async function main() {
  const opts = args(process.argv.slice(2));
  const t0 = Date.now();
  const [sandbox, nodeRed] = await Promise.all([
    startSandbox(opts.records),
    startNodeRed({ nodeArgs: process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [] }),
  ]);
  const readyMs = Date.now() - t0;
  try {
    const { accountSid, authToken } = sandboxSettings(sandbox);
    await nodeRed.api('POST', '/flows', flow({ baseUrl: sandbox.url, accountSid, authToken, consumer: opts.consumer, window: opts.window }), {
      'Node-RED-Deployment-Type': 'full',
    });
    await eventually(
      () =>
        nodeRed.api('GET', '/bench-stats').then(
          (s) => s,
          () => undefined,
        ),
      'the deployed flow',
    );
    const before = rssMb(nodeRed.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(nodeRed.pid))), 50);
    const started = Date.now();
    await nodeRed.api('POST', '/inject/bench-inject');
    // RSS when each tenth of the records has gone through (flat memory: about the same at each).
    const byTenth = [];
    await eventually(
      async () => {
        const s = await nodeRed.api('GET', '/bench-stats');
        while (byTenth.length < 10 && s.count >= ((byTenth.length + 1) * opts.records) / 10) byTenth.push(Math.round(rssMb(nodeRed.pid)));
        return s.finished && s.count === opts.records ? s : undefined;
      },
      `${opts.records} documents`,
      30 * 60_000,
    );
    clearInterval(sampler);
    const ms = Date.now() - started;
    const report = {
      records: opts.records,
      consumer: opts.consumer === 'file' ? 'file out (append to /dev/null)' : 'function (count)',
      window: opts.window,
      ms,
      recordsPerSecond: Math.round((opts.records / ms) * 1000),
      nodeRedRssBeforeMb: Math.round(before * 10) / 10,
      nodeRedPeakRssMb: Math.round(peak * 10) / 10,
      nodeRedRssMbAtEachTenth: byTenth,
      sandboxAndNodeRedReadyMs: readyMs,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await nodeRed.stop();
    sandbox.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
