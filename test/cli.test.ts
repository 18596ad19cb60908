// The twilio-connector CLI, in process: commands, exit codes, inputs and outputs,
// the sandbox fallback, and credentials kept out of everything it prints.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../connector';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';
import { runCli as cli } from './helpers/cli';

let sb: Sandbox;
const saved = { ...process.env };

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('TWILIO_')) delete process.env[k];
  process.exitCode = undefined;
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

function useSandbox() {
  process.env.TWILIO_ACCOUNT_SID = AC;
  process.env.TWILIO_AUTH_TOKEN = SANDBOX_AUTH_TOKEN;
  process.env.TWILIO_BASE_URL = sb.url;
}

it('objects lists every object type with its actions', async () => {
  const { code, out } = await cli('objects');
  expect(code).toBe(0);
  expect(out.trim().split('\n')).toHaveLength(loadCatalog().manifest.objectTypes.length);
  expect(out).toMatch(/^Notification\s+get, query\s+Notification/m);
  expect(out).toMatch(/^IntelligenceV2CustomOperator\s+get, query, create, update, delete\s+Intelligence v2 Custom Operator/m);
  expect(out).toMatch(/^FlexV1Plugin\s+get, query, create, update, delete\s/m);
});

it('objects <type> says which filters take several values', async () => {
  const { code, out } = await cli('objects', 'ChatV2Channel');
  expect(code).toBe(0);
  expect(out).toMatch(/^ {4}Type +string \(a,b,…\) +public \| private\n/m);
  expect(
    catalog()
      .describe('ChatV2Channel')
      .filters.find((f) => f.name === 'Type'),
  ).toMatchObject({ repeated: true, values: ['public', 'private'] });
});

it('objects <type> shows its ids, the filters Twilio offers and the fields, with the values Twilio lists', async () => {
  const { code, out } = await cli('objects', 'ConferenceParticipant');
  expect(code).toBe(0);
  const d = catalog().describe('ConferenceParticipant');
  expect(out).toMatch(/^ConferenceParticipant: Conference Participant\n {2}actions: get, query, create, update, delete\n/);
  expect(out).toContain('  ids: ConferenceSid:CallSid (led by AccountSid: for a subaccount\u2019s record)\n');
  expect(out).toContain('  by name: CallSid also takes a name in place of the SID (a unique name, identity or label)\n');
  expect(out).toContain("  parents: ConferenceSid (a Query's --filter ConferenceSid=… picks the list)\n");
  expect(out).toMatch(/^ {4}Muted +boolean\n/m);
  const status = d.fields.find((f) => f.name === 'Status')!;
  expect(out).toMatch(new RegExp(`^ {4}Status +string +${status.values!.join(' \\| ')}\n`, 'm'));
  // Every field, one row each, after the filters.
  expect(out.slice(out.indexOf('  fields:\n')).trim().split('\n')).toHaveLength(d.fields.length + 1);
  const json = await cli('objects', 'ConferenceParticipant', '--json');
  expect(JSON.parse(json.out)).toEqual(d);
  const unknown = await cli('objects', 'Conferencepartcipant');
  expect(unknown.code).toBe(2);
  expect(unknown.err).toMatch(/unknown object type 'Conferencepartcipant'; did you mean [A-Za-z0-9, ]*\bConferenceParticipant\b/);
});

it('profile prints the generated XSD; a missing action is a usage error', async () => {
  const { out } = await cli('profile', 'Message', '--action', 'create', '--kind', 'request');
  expect(out).toBe(readFileSync(join(PROJECT_ROOT, 'profiles/Message.create.request.xsd'), 'utf8'));
  const bad = await cli('profile', 'Notification', '--action', 'delete');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/Twilio does not offer delete on Notification; it offers get, query/);
});

it('--help answers on every command with exit 0', async () => {
  for (const args of [['--help'], ['run', '--help'], ['sync', '--help'], ['profile', '--help'], ['sandbox', '--help']]) {
    const { code, out } = await cli(...args);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: twilio-connector/);
  }
});

it('run query writes one file per record to --out', async () => {
  useSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '3', '--out', dir);
  expect(code).toBe(0);
  expect(err).toMatch(/query Message: 1 input\(s\), 3 document\(s\); SUCCESS 1/);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
  expect(files).toHaveLength(3);
  expect(readFileSync(join(dir, files[0]), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Message>/);
  const [line] = readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(line).toMatchObject({ input: 1, status: 'SUCCESS', documents: 3 });
  expect(line.ids.sort()).toEqual(files.map((f) => f.replace(/^Message-|\.xml$/g, '')).sort());
});

it('run query --out: a file that cannot be written stops the run with its name, exit 2, and no result line', async () => {
  useSandbox();
  const first = mkdtempSync(join(tmpdir(), 'cli-'));
  await cli('run', '--action', 'query', '--object', 'Message', '--limit', '3', '--out', first);
  const [taken] = readdirSync(first).filter((f) => f.endsWith('.xml'));
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  mkdirSync(join(dir, taken)); // a folder where that record's file goes
  const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '3', '--out', dir);
  expect(code).toBe(2);
  expect(err).toContain(`error: cannot write ${join(dir, taken)}: EISDIR`);
  expect(err).not.toMatch(/internal error|\n\s+at /);
  expect(readFileSync(join(dir, 'results.jsonl'), 'utf8')).toBe('');
});

it('results.jsonl accounts for every input document, by source when tracking inputs', async () => {
  useSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const file = join(dir, 'in.xml');
  writeFileSync(file, '<Message><To>+14155550142</To><From>+14155550100</From><Body>a</Body></Message><Message><To>x</To></Message>');
  await cli('run', '--action', 'create', '--object', 'Message', '--input', file, '--out', join(dir, 'out'), '--tracking', 'input');
  const lines = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.input, l.status, l.source])).toEqual([
    [1, 'SUCCESS', `${file}#1`],
    [2, 'FAILURE', `${file}#2`],
  ]);
});

it('run create takes documents back to back from a file; failures set exit code 1', async () => {
  useSandbox();
  const file = join(mkdtempSync(join(tmpdir(), 'cli-')), 'in.xml');
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<Message><To>+14155550142</To><From>+14155550100</From><Body>one</Body></Message>\n' +
      '<Message><To>+1 555</To><From>+14155550100</From><Body>two</Body></Message>\n',
  );
  const { code, out, err } = await cli('run', '--action', 'create', '--object', 'Message', '--input', file);
  expect(code).toBe(1);
  expect(out.trim().split('\n')).toHaveLength(1);
  expect(err).toMatch(/input 2 \(\S+in.xml#2\): FAILURE: create Message: To: '\+1 555' is not a phone number/);
  expect(err).toMatch(/SUCCESS 1, APPLICATION_ERROR 0, FAILURE 1/);
});

it('an application error stops the run unless returned, and credentials never show', async () => {
  useSandbox();
  const stopped = await cli('run', '--action', 'get', '--object', 'Message', '--id', 'SM' + '0'.repeat(32), 'SM' + '1'.repeat(32));
  expect(stopped.code).toBe(1);
  expect(stopped.err).toMatch(/input 1: APPLICATION_ERROR: get Message id 'SM0+': Twilio answered 404 \(code 20404\).*operation stopped/);
  expect(stopped.err).toMatch(/error: the run stopped at input 1: Twilio refused it \(--return-application-errors returns such answers/);
  const returned = await cli('run', '--action', 'get', '--object', 'Message', '--return-application-errors', '--id', 'SM' + '0'.repeat(32));
  expect(returned.out).toMatch(/^<TwilioError><Status>404<\/Status><Code>20404<\/Code>/);
  const b64 = Buffer.from(`${AC}:${SANDBOX_AUTH_TOKEN}`).toString('base64');
  for (const text of [stopped.out, stopped.err, returned.out, returned.err]) {
    expect(text).not.toContain(SANDBOX_AUTH_TOKEN);
    expect(text).not.toContain(b64);
  }
});

it("the connection's Auth Token, which Twilio's Account record repeats, is never written; a subaccount's stays", async () => {
  useSandbox();
  for (const format of ['xml', 'jsonl']) {
    const own = await cli('run', '--action', 'get', '--object', 'Account', '--id', AC, '--format', format);
    expect(own.code).toBe(0);
    expect(own.out).toContain(AC);
    expect(own.out).not.toContain(SANDBOX_AUTH_TOKEN);
    const all = await cli('run', '--action', 'query', '--object', 'Account', '--format', format, '--fields', 'Sid,AuthToken');
    expect(all.out).not.toContain(SANDBOX_AUTH_TOKEN);
    // Other accounts' tokens are the data asked for (a new subaccount's is how to use it).
    expect(all.out).toMatch(format === 'xml' ? /<AuthToken>[0-9a-f]{32}<\/AuthToken>/ : /"AuthToken":"[0-9a-f]{32}"/);
  }
});

it('a run that stops with documents in flight accounts for every input sent: results, summary and results.jsonl', async () => {
  useSandbox();
  const listed = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '6', '--fields', 'Sid');
  const ids = [...listed.out.matchAll(/<Sid>(SM\w+)<\/Sid>/g)].map((m) => m[1]);
  expect(ids).toHaveLength(6);
  const out = mkdtempSync(join(tmpdir(), 'cli-stop-'));
  const missing = 'SM' + '0'.repeat(32);
  const { code, err } = await cli(
    'run',
    '--action',
    'get',
    '--object',
    'Message',
    '--concurrency',
    '4',
    '--out',
    out,
    '--id',
    ids[0],
    missing,
    ...ids.slice(1),
  );
  expect(code).toBe(1);
  const lines = readFileSync(join(out, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // Inputs 1–4 were in flight together: all of them have their line, the refused one included.
  expect(lines.length).toBeGreaterThanOrEqual(4);
  expect(lines.map((l) => l.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR', ...lines.slice(2).map(() => 'SUCCESS')]);
  expect(readdirSync(out).filter((f) => f.endsWith('.xml'))).toHaveLength(lines.length - 1);
  expect(err).toMatch(
    new RegExp(`stopped: an application error at input 2; inputs 3–${lines.length} were already sent, inputs after ${lines.length} were not run`),
  );
});

it('a sync stopped by Twilio does not point to --return-application-errors, which sync does not take', async () => {
  useSandbox();
  sb.faults.set([{ kind: 'status', status: 400, times: 1, pathIncludes: '/Messages.json' }]);
  try {
    const { code, err } = await cli('sync', '--out', mkdtempSync(join(tmpdir(), 'cli-')));
    expect(code).toBe(1);
    expect(err).toMatch(/error: the run stopped at input 1: Twilio refused it\n/);
    expect(err).not.toMatch(/--return-application-errors/);
  } finally {
    sb.faults.clear();
  }
});

it('--header takes "Name: value" and only headers the object type declares', async () => {
  useSandbox();
  const malformed = await cli('run', '--action', 'get', '--object', 'FlexV1Plugin', '--id', 'FP' + '0'.repeat(32), '--header', 'Flex-Metadata');
  expect([malformed.code, malformed.err]).toEqual([2, expect.stringMatching(/--header 'Flex-Metadata' is not "Name: value"/)]);
  const undeclared = await cli('run', '--action', 'get', '--object', 'Message', '--id', 'SM' + '0'.repeat(32), '--header', 'Flex-Metadata: x');
  expect([undeclared.code, undeclared.err]).toEqual([2, expect.stringMatching(/header Flex-Metadata is not one Message get accepts \(none\)/)]);
  // A header Twilio declares for some methods of a path only: a conversation's webhooks switch on create, update, delete.
  const webhooks = await cli('run', '--action', 'query', '--object', 'ConversationsV1Conversation', '--header', 'X-Twilio-Webhook-Enabled: true');
  expect([webhooks.code, webhooks.err]).toEqual([
    2,
    expect.stringMatching(/header X-Twilio-Webhook-Enabled is not one ConversationsV1Conversation query accepts \(none\)/),
  ]);
});

it('refuses a non-loopback http:// base URL', async () => {
  useSandbox();
  process.env.TWILIO_BASE_URL = 'http://example.com';
  const { code, err } = await cli('test-connection');
  expect(code).toBe(2);
  expect(err).toMatch(/plain http:\/\/ is only allowed for loopback hosts/);
});

it('sync --concurrency 4 fetches date windows at once and writes the same files as one chain of pages', async () => {
  useSandbox();
  const read = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
  const messageLists = () => sb.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json')).length;
  const one = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
  const four = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
  sb.reset();
  expect((await cli('sync', '--out', one)).code).toBe(0);
  const sequential = messageLists();
  sb.reset();
  expect((await cli('sync', '--out', four, '--concurrency', '4')).code).toBe(0);
  expect(read(four)).toEqual(read(one));
  expect(read(one).length).toBeGreaterThan(50);
  // The range went out as date windows, each its own list request.
  expect(sequential).toBe(1);
  expect(messageLists()).toBeGreaterThanOrEqual(4);
});

it('test-connection fetches the account', async () => {
  useSandbox();
  const { code, out } = await cli('test-connection');
  expect(code).toBe(0);
  expect(out).toMatch(new RegExp(`connection OK: account ${AC}`));
});

it('with no credentials, sync --sandbox auto (npm run sync) runs against the embedded sandbox; a second run gives the same files', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
  const first = await cli('sync', '--out', dir, '--sandbox', 'auto');
  expect(first.code).toBe(0);
  expect(first.err).toMatch(/using the embedded sandbox/);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  expect(files.length).toBeGreaterThan(50);
  const contents = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  expect(contents[0]).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!-- from the embedded sandbox, not Twilio --><Message>/);
  // Before the second run: a record and a batch an earlier run wrote that this one will not, and files of the user's.
  const stale = ['Message-SM' + 'f'.repeat(32) + '.xml', 'Message-20260101T000000.000Z.xml.partial'];
  const users = ['Message-notes.xml', 'error-log.xml', 'README.txt'];
  for (const name of [...stale, ...users]) writeFileSync(join(dir, name), 'x');
  await cli('sync', '--out', dir, '--sandbox', 'auto');
  // The snapshot removes what runs wrote and this one did not, and nothing else.
  expect(
    readdirSync(dir)
      .filter((f) => f.endsWith('.xml') && !users.includes(f))
      .sort(),
  ).toEqual(files);
  for (const name of users) expect(readFileSync(join(dir, name), 'utf8')).toBe('x');
  for (const name of stale) expect(existsSync(join(dir, name))).toBe(false);
  expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(contents);
  // results.jsonl keeps both runs, each line saying where its documents came from.
  const results = readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(results).toHaveLength(2);
  expect(results[0].run).not.toBe(results[1].run);
  expect(results.map((r) => [r.status, r.documents, r.sandbox])).toEqual([
    ['SUCCESS', files.length, true],
    ['SUCCESS', files.length, true],
  ]);
});

it('an unattended run (stderr not a terminal) with no credentials refuses the sandbox unless asked: exit 2, nothing written', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
  const refused = await cli('sync', '--out', dir);
  expect(refused.code).toBe(2);
  expect(refused.err).toMatch(/no Twilio credentials set .* not on a terminal: an unattended run does not fall back to the embedded sandbox; .*--sandbox/);
  expect(readdirSync(dir)).toEqual([]);
  const asked = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '2', '--sandbox');
  expect(asked.code).toBe(0);
  expect(asked.out.trim().split('\n')).toEqual([expect.stringMatching(/^<!-- from the embedded sandbox, not Twilio --><Message>/), expect.any(String)]);
});

it('--sandbox uses the embedded sandbox even where credentials are set, and says so', async () => {
  process.env.TWILIO_ACCOUNT_SID = 'AC' + 'f'.repeat(32);
  process.env.TWILIO_AUTH_TOKEN = 'not-a-real-token';
  const { code, err } = await cli('test-connection', '--sandbox');
  expect(code).toBe(0);
  expect(err).toMatch(/--sandbox: Twilio credentials ignored: using the embedded sandbox/);
});

describe('exit codes, as the README says', () => {
  const SM0 = 'SM' + '0'.repeat(32);
  it.each([
    ['unknown command', ['nope'], /unknown command 'nope'/],
    ['unknown option', ['objects', '--nope'], /unknown option '--nope'/],
    ['choice not offered', ['run', '--action', 'fetch', '--object', 'Message'], /argument 'fetch' is invalid. Allowed choices are get, query/],
    ['mandatory option missing', ['run', '--object', 'Message'], /required option '--action <action>' not specified/],
    ['bad number', ['run', '--action', 'query', '--object', 'Message', '--limit', 'ten'], /expected a non-negative integer/],
    ['unknown object type', ['run', '--action', 'query', '--object', 'Mesage'], /^\S+ error: unknown object type 'Mesage'; did you mean Message[,?]/],
    ['--batch without --out', ['run', '--action', 'query', '--object', 'Message', '--batch', 'run'], /--batch writes files: give --out <dir>/],
    [
      '--tracking without --out',
      ['run', '--action', 'query', '--object', 'Message', '--tracking', 'input'],
      /--tracking says what results.jsonl names: give --out <dir>/,
    ],
    ['--fields naming none', ['run', '--action', 'query', '--object', 'Message', '--fields', ' , '], /--fields ' , ' names no field; leave it out/],
    [
      '--state-field without --state',
      ['run', '--action', 'query', '--object', 'Message', '--state-field', 'DateSent'],
      /--state-field applies to an incremental run: give --state <file>/,
    ],
    ['--lookback without --state', ['run', '--action', 'query', '--object', 'Message', '--lookback', '60'], /--lookback applies to an incremental run/],
    [
      'missing input file',
      ['run', '--action', 'create', '--object', 'Message', '--input', '/nonexistent/in.xml'],
      /error: --input \/nonexistent\/in.xml: no such file\n$/,
    ],
    ['no command', [], /^Usage: twilio-connector \[options\] \[command\]/],
    ['bad batch size', ['run', '--action', 'query', '--object', 'Message', '--batch', 'foo'], /argument 'foo' is invalid. expected 'run' or a positive number/],
    // The library's refusal, in the flag's name.
    [
      'an option out of bounds',
      ['run', '--action', 'query', '--object', 'Message', '--page-size', '5000'],
      /error: query Message: --page-size must be at most 1000\n$/,
    ],
    [
      'an option the action does not take',
      ['run', '--action', 'get', '--object', 'Message', '--id', SM0, '--limit', '2'],
      /error: get Message: --limit applies to query only, not get\n$/,
    ],
    [
      '--state with --limit',
      ['run', '--action', 'query', '--object', 'Message', '--state', '/tmp/never.json', '--limit', '2'],
      /error: --limit cannot be combined with --state\n$/,
    ],
  ])('%s: 2', async (_what, args, message) => {
    useSandbox();
    const { code, out, err } = await cli(...args);
    expect([code, out]).toEqual([2, '']);
    expect(err).toMatch(message);
  });

  it('sandbox takes the seed counts its --help lists; an unknown one is a usage error', async () => {
    const help = await cli('sandbox', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--messages <n> +default \d+\n/);
    const typo = await cli('sandbox', '--mesages', '5');
    expect([typo.code, typo.err]).toEqual([2, expect.stringMatching(/error: sandbox: unknown argument --mesages \(sandbox --help lists the seed counts\)\n$/)]);
  });

  it('options are checked before the embedded sandbox starts: the error comes alone', async () => {
    const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', '--page-size', '5000', '--sandbox');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual([expect.stringMatching(/error: query Message: --page-size must be at most 1000$/)]);
  });

  it('a usage error is followed by a hint, not the whole help', async () => {
    const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', '--nope');
    expect(code).toBe(2);
    // A line of the log as every other: led by its timestamp.
    expect(err).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z error: unknown option '--nope' \(--help lists the options\)\n$/);
  });

  it('all inputs SUCCESS: 0; some APPLICATION_ERROR returned or FAILURE: 1; stopped: 1', async () => {
    useSandbox();
    const [first] = (await cli('run', '--action', 'query', '--object', 'Message', '--limit', '1', '--fields', 'Sid')).out.match(/SM[0-9a-f]{32}/)!;
    expect((await cli('run', '--action', 'get', '--object', 'Message', '--id', first)).code).toBe(0);
    const returned = await cli('run', '--action', 'get', '--object', 'Message', '--return-application-errors', '--id', first, SM0);
    expect([returned.code, returned.err]).toEqual([1, expect.stringMatching(/SUCCESS 1, APPLICATION_ERROR 1, FAILURE 0\n$/)]);
    const failed = await cli('run', '--action', 'get', '--object', 'Message', '--id', first, 'SMnope');
    expect([failed.code, failed.err]).toEqual([1, expect.stringMatching(/SUCCESS 1, APPLICATION_ERROR 0, FAILURE 1\n$/)]);
    // The input that stopped the run is counted and has its line; the ones after it were not run.
    const dir = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
    const stopped = await cli('run', '--action', 'get', '--object', 'Message', '--out', dir, '--id', first, SM0, first);
    expect([stopped.code, stopped.err]).toEqual([
      1,
      expect.stringMatching(
        /2 input\(s\), 1 document\(s\); SUCCESS 1, APPLICATION_ERROR 1, FAILURE 0; stopped: an application error at input 2; inputs after it were not run\n$/,
      ),
    ]);
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.input, l.status, l.properties['twilio.status']])).toEqual([
      [1, 'SUCCESS', undefined],
      [2, 'APPLICATION_ERROR', '404'],
    ]);
  });

  it('credentials Twilio refuses (HTTP 401): 2, a line saying so', async () => {
    useSandbox();
    process.env.TWILIO_AUTH_TOKEN = 'f'.repeat(32);
    const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '1');
    expect(code).toBe(2);
    expect(err).toMatch(/input 1: APPLICATION_ERROR: query Message: Twilio answered 401 \(code 20003\)/);
    expect(err).toMatch(/error: Twilio refused the credentials \(HTTP 401\): check the Account SID and Auth Token or API key\n/);
    expect(err).not.toMatch(/--return-application-errors/);
  });

  it('files the command cannot use: 2, naming the option and the path, no stack', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'afile');
    writeFileSync(file, '');
    const out = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '1', '--out', file);
    expect([out.code, out.out]).toEqual([2, '']);
    expect(out.err).toMatch(new RegExp(`error: output folder ${file}: EEXIST: file already exists, mkdir '${file}'\n$`));
    // Under /proc a folder can be neither made nor found: refused at once (Node's recursive mkdir spins there).
    const proc = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '1', '--out', '/proc/no-such/out');
    expect([proc.code, proc.err]).toEqual([
      2,
      expect.stringMatching(/error: output folder \/proc\/no-such\/out: ENOENT: no such file or directory, mkdir '\/proc\/no-such'\n$/),
    ]);
    const input = await cli('run', '--action', 'create', '--object', 'Message', '--input', dir);
    expect(input.code).toBe(2);
    expect(input.err).toMatch(new RegExp(`error: --input ${dir}: EISDIR: illegal operation on a directory, read\n$`));
    for (const { err } of [out, input]) expect(err).not.toMatch(/internal error|\n\s+at /);
  });

  it('a Query takes no --id or --input: 2', async () => {
    useSandbox();
    const id = await cli('run', '--action', 'query', '--object', 'Message', '--id', SM0);
    expect([id.code, id.err]).toEqual([2, expect.stringMatching(/error: query takes no --id: use get --id, or --filter to narrow the query\n$/)]);
    const input = await cli('run', '--action', 'query', '--object', 'Message', '--input', 'in.xml');
    expect([input.code, input.err]).toEqual([2, expect.stringMatching(/error: query takes no --input/)]);
  });

  it('--id where documents are needed, or beside --input, is refused rather than ignored: 2', async () => {
    useSandbox();
    const create = await cli('run', '--action', 'create', '--object', 'Message', '--id', SM0);
    expect([create.code, create.err]).toEqual([2, expect.stringMatching(/error: create takes no --id: its documents come from --input or stdin\n$/)]);
    const update = await cli('run', '--action', 'update', '--object', 'Message', '--id', SM0);
    expect([update.code, update.err]).toEqual([2, expect.stringMatching(/error: update takes no --id: .*each naming its <Sid>/)]);
    const both = await cli('run', '--action', 'delete', '--object', 'Recording', '--id', 'RE' + '0'.repeat(32), '--input', 'ids.txt');
    expect([both.code, both.err]).toEqual([2, expect.stringMatching(/error: delete takes --id or --input, not both/)]);
  });

  it('a filter the Query would refuse is the run configuration: 2, before any request', async () => {
    useSandbox();
    for (const [args, rule] of [
      [['--filter', 'Status=bogus'], /Status: 'bogus' is not one of queued/],
      [['--filter', 'DateSent>yesterday'], /DateSent.*not a timestamp/],
    ] as const) {
      const { code, err } = await cli('run', '--action', 'query', '--object', 'Message', ...args);
      expect([code, err]).toEqual([2, expect.stringMatching(rule)]);
    }
    const parent = await cli('run', '--action', 'query', '--object', 'ConferenceParticipant');
    expect([parent.code, parent.err]).toEqual([2, expect.stringMatching(/give ConferenceSid=/)]);
    const since = await cli('sync', '--since', 'garbage', '--out', mkdtempSync(join(tmpdir(), 'cli-')));
    expect([since.code, since.err]).toEqual([2, expect.stringMatching(/error: --since 'garbage' is not a timestamp/)]);
    // Also where a state file says where to start: the bad --since is refused, not ignored.
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    expect((await cli('sync', '--out', join(dir, 'out'), '--state', join(dir, 'state.json'))).code).toBe(0);
    const later = await cli('sync', '--since', '2026-13-45', '--out', join(dir, 'out'), '--state', join(dir, 'state.json'));
    expect([later.code, later.err]).toEqual([2, expect.stringMatching(/error: --since '2026-13-45' is not a timestamp/)]);
  });

  it('a field named by its JSON key filters as its profile name; a page size the list cannot serve is said, not silently cut', async () => {
    useSandbox();
    const bySnake = await cli('run', '--action', 'query', '--object', 'Message', '--filter', 'date_sent>2026-10-01', '--fields', 'sid');
    const byName = await cli('run', '--action', 'query', '--object', 'Message', '--filter', 'DateSent>2026-10-01', '--fields', 'sid');
    expect(bySnake.code).toBe(0);
    expect(bySnake.out.split('\n').length).toBeGreaterThan(2);
    expect(bySnake.out).toBe(byName.out);
    const big = await cli('run', '--action', 'query', '--object', 'ConversationsV1Conversation', '--page-size', '500', '--limit', '1');
    expect(big.code).toBe(0);
    expect(big.err).toMatch(/warn: --page-size 500: Twilio serves ConversationsV1Conversation at most 100 a page, so each page asks for 100/);
  });

  it('--version prints the package version: 0', async () => {
    const { code, out } = await cli('--version');
    expect([code, out]).toEqual([0, JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version + '\n']);
  });
});

describe('did you mean', () => {
  it('answers an unknown object type in one line', async () => {
    const { code, err } = await cli('run', '--action', 'query', '--object', 'Nope');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/unknown object type 'Nope'(; did you mean [A-Za-z0-9, ]+\?)? \(twilio-connector objects lists them\)\n$/);
    const typo = await cli('run', '--action', 'query', '--object', 'Recordings');
    expect([typo.code, typo.err]).toEqual([2, expect.stringMatching(/did you mean Recording,/)]);
  });
});

describe('logs', () => {
  it('text lines carry a timestamp; --quiet keeps failures only', async () => {
    useSandbox();
    const loud = await cli('run', '--action', 'get', '--object', 'Message', '--id', 'SMnope');
    expect(loud.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z input 1: FAILURE: get Message/),
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\S+Z get Message: 1 input\(s\)/),
    ]);
    const quiet = await cli('--quiet', 'run', '--action', 'get', '--object', 'Message', '--id', 'SMnope');
    expect(quiet.err.trim().split('\n')).toEqual([expect.stringMatching(/input 1: FAILURE/)]);
  });

  it("a Retry-After Twilio asks for is said in the run's log, as JSON with --log-format json, not as a Node warning", async () => {
    useSandbox();
    const emitWarning = jest.spyOn(process, 'emitWarning');
    sb.faults.set([{ kind: 'status', status: 429, retryAfter: 1, times: 1, pathIncludes: '/Messages.json' }]);
    try {
      const { code, err } = await cli('run', '--log-format', 'json', '--action', 'query', '--object', 'Message', '--limit', '1');
      expect(code).toBe(0);
      const lines = err
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({
        level: 'warn',
        event: 'retry-after',
        message: expect.stringMatching(/Twilio answered 429 and asked to retry after 1 s \(Retry-After\): waiting/),
      });
      expect(lines.at(-1)).toMatchObject({ event: 'summary', SUCCESS: 1 });
      // The connection check too.
      sb.faults.set([{ kind: 'status', status: 429, retryAfter: 1, times: 1, pathIncludes: `/Accounts/${AC}.json` }]);
      const check = await cli('--log-format', 'json', 'test-connection');
      expect(check.code).toBe(0);
      expect(JSON.parse(check.err.trim().split('\n')[0])).toMatchObject({ level: 'warn', event: 'retry-after' });
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      sb.faults.clear();
      emitWarning.mockRestore();
    }
  });

  it('--log-format json: one object per result and for the summary, usage errors too', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const { err } = await cli('run', '--log-format', 'json', '--action', 'query', '--object', 'Message', '--limit', '2', '--out', dir);
    const lines = err
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', event: 'result', input: 1, status: 'SUCCESS', documents: 2, time: expect.stringMatching(/Z$/) }),
      expect.objectContaining({
        level: 'info',
        event: 'summary',
        command: 'run',
        action: 'query',
        objectType: 'Message',
        inputs: 1,
        documents: 2,
        SUCCESS: 1,
        FAILURE: 0,
        out: dir,
      }),
    ]);
    const usage = await cli('--log-format', 'json', 'objects', '--nope');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.err)).toMatchObject({ level: 'error', event: 'usage', message: expect.stringMatching(/unknown option '--nope'/) });
    useSandbox();
    const noId = await cli('--log-format', 'json', 'run', '--action', 'get', '--object', 'Message');
    expect(noId.code).toBe(2);
    expect(JSON.parse(noId.err)).toMatchObject({ level: 'error', event: 'usage', message: 'get needs --id' });
  });
});

describe('batch sink', () => {
  const xmlFiles = (dir: string) =>
    readdirSync(dir)
      .filter((f) => /\.xml(\.partial)?$/.test(f))
      .sort();
  // A batch file: the prolog, then one document a line.
  const documentsIn = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('<Message>'));

  it('--batch run: the documents back to back in one file, named in results.jsonl', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const { code } = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '25', '--out', dir, '--batch', 'run');
    expect(code).toBe(0);
    const [file, ...others] = xmlFiles(dir);
    expect(others).toEqual([]);
    expect(file).toMatch(/^Message-\d{8}T\d{6}\.\d{3}Z\.xml$/);
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Message>')).toBe(true);
    expect(documentsIn(join(dir, file))).toHaveLength(25);
    const [line] = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ status: 'SUCCESS', documents: 25, files: [file] });
    expect(line.ids).toHaveLength(25);
  });

  it('--batch N: files of up to N documents', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    await cli('run', '--action', 'query', '--object', 'Message', '--limit', '25', '--out', dir, '--batch', '10');
    const files = xmlFiles(dir);
    expect(files.map((f) => f.replace(/^Message-\S+Z-/, ''))).toEqual(['0001.xml', '0002.xml', '0003.xml']);
    expect(files.map((f) => documentsIn(join(dir, f)).length)).toEqual([10, 10, 5]);
  });

  it('a run that stops leaves its batch as .partial: nothing a consumer reads is fetched again', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const [sid] = (await cli('run', '--action', 'query', '--object', 'Message', '--limit', '1', '--fields', 'Sid')).out.match(/SM[0-9a-f]{32}/)!;
    const { code } = await cli('run', '--action', 'get', '--object', 'Message', '--id', sid, 'SM' + '0'.repeat(32), '--out', dir, '--batch', 'run');
    expect(code).toBe(1);
    const [partial, ...others] = xmlFiles(dir);
    expect([partial, others]).toEqual([expect.stringMatching(/^Message-\S+Z\.xml\.partial$/), []]);
    expect(documentsIn(join(dir, partial))).toHaveLength(1);
  });

  it('sync --batch run without --state replaces the documents of earlier runs and keeps their results', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
    await cli('sync', '--out', dir, '--sandbox', 'auto', '--batch', 'run');
    const [first] = xmlFiles(dir);
    await new Promise((r) => setTimeout(r, 5)); // a new run id
    await cli('sync', '--out', dir, '--sandbox', 'auto', '--batch', 'run');
    const files = xmlFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).not.toBe(first);
    expect(readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('sync without --state keeps the earlier documents when a run fails, and replaces them when one succeeds', async () => {
    useSandbox();
    const dir = join(mkdtempSync(join(tmpdir(), 'cli-')), 'out');
    const GONE = 'Message-SM' + '0'.repeat(32) + '.xml';
    expect((await cli('sync', '--out', dir)).code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files.length).toBeGreaterThan(50);
    writeFileSync(join(dir, GONE), '<Message/>'); // a record no longer in the window
    process.env.TWILIO_AUTH_TOKEN = 'f'.repeat(32);
    expect((await cli('sync', '--out', dir)).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([...files, GONE].sort());
    useSandbox();
    expect((await cli('sync', '--out', dir)).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(
      readFileSync(join(dir, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).status),
    ).toEqual(['SUCCESS', 'APPLICATION_ERROR', 'SUCCESS']);
  });
});

describe('--format jsonl', () => {
  it('one RECORD line per document, typed by the profile as the XML is, and a RESULT line per input', async () => {
    useSandbox();
    const args = ['run', '--action', 'query', '--object', 'Message', '--limit', '5'];
    const xml = (await cli(...args)).out.trim().split('\n');
    const { code, out } = await cli(...args, '--format', 'jsonl');
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['RECORD', 'RECORD', 'RECORD', 'RECORD', 'RECORD', 'RESULT']);
    expect(lines[5]).toMatchObject({ stream: 'Message', input: 1, status: 'SUCCESS', documents: 5 });
    const view = catalog();
    lines.slice(0, 5).forEach((line, i) => {
      expect(line).toMatchObject({ stream: 'Message', input: 1, id: expect.stringMatching(/^SM/), run: lines[5].run });
      expect(line.record).toEqual(view.fromXml('Message', 'query', 'response', xml[i]));
    });
  });

  it('JSON lines as input: an object per line, or the RECORD lines a Query wrote (RESULT lines are no documents); a bad line fails alone', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const query = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '3', '--format', 'jsonl');
    const [first, second, third, result] = query.out.trim().split('\n');
    const sidOf = (line: string) => JSON.parse(line).record.Sid as string;
    // An edit as jq would write it, the Query's own RECORD line (fields an Update does not take), and lines that are no document.
    const lines = [
      JSON.stringify({ Sid: sidOf(first), Body: 'redacted' }),
      result,
      '{"Sid": ',
      JSON.stringify({ type: 'RECORD', stream: 'Call', record: { Sid: sidOf(second) } }),
      JSON.stringify({ type: 'RECORD', stream: 'Message', record: { Sid: sidOf(third), Body: '' } }),
    ];
    writeFileSync(join(dir, 'edits.jsonl'), lines.join('\n') + '\n');
    const { code, out, err } = await cli('run', '--action', 'update', '--object', 'Message', '--input', join(dir, 'edits.jsonl'), '--format', 'jsonl');
    expect(code).toBe(1);
    const results = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === 'RESULT');
    expect(results.map((r) => [r.input, r.status])).toEqual([
      [1, 'SUCCESS'],
      [2, 'FAILURE'],
      [3, 'FAILURE'],
      [4, 'SUCCESS'],
    ]);
    expect(err).toMatch(/input 2 \(\S+edits.jsonl#2\): FAILURE: update Message: document: is not a JSON line: /);
    expect(err).toMatch(/input 3 \(\S+edits.jsonl#3\): FAILURE: update Message: document: is a RECORD of Call, not of Message/);
    const got = await cli('run', '--action', 'get', '--object', 'Message', '--id', sidOf(first), '--format', 'jsonl');
    expect(JSON.parse(got.out.split('\n')[0]).record.Body).toBe('redacted');
  });

  it('with --out: one JSON lines file per run, results in results.jsonl', async () => {
    useSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const { code } = await cli('run', '--action', 'query', '--object', 'Message', '--limit', '7', '--format', 'jsonl', '--out', dir);
    expect(code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toEqual([expect.stringMatching(/^Message-\S+Z\.jsonl$/), 'results.jsonl']);
    const records = readFileSync(join(dir, files[0]), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.type)).toEqual(Array(7).fill('RECORD'));
    expect(JSON.parse(readFileSync(join(dir, 'results.jsonl'), 'utf8'))).toMatchObject({ status: 'SUCCESS', documents: 7, files: [files[0]] });
  });
});
