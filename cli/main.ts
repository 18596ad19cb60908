// twilio-connector: objects, profile, run, test-connection, sync, sandbox.
// Exit codes: 0 every document succeeded; 1 some document failed or the operation
// stopped on an application error; 2 usage or configuration error.
import { Command, InvalidArgumentError, Option } from 'commander';
import { rmSync } from 'node:fs';
import { ACTIONS, type Action } from '../connector/catalog/types';
import { loadCatalog, objectType } from '../connector/catalog/load';
import { ConnectorError, OperationStoppedError } from '../connector/errors';
import { TwilioHttpClient } from '../connector/http/client';
import { Operation, type DocumentResult, type InputDocument, type OperationOptions } from '../connector/operation';
import { requestXsd, responseXsd } from '../connector/profiles/xsd';
import { parseFilter, type Filter } from '../connector/query';
import { connect, type ConnectFlags } from './connect';
import { readInputs } from './inputs';
import { folderSink, streamSink, type DocumentSink } from './outputs';
import { registerWorkerCommands } from '../workers/commands';

const log = (line: string) => process.stderr.write(line + '\n');

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--connection <file>', 'JSON connection file (accountSid, authToken | apiKey + apiSecret, baseUrl, defaultCountry)')
    .option('--base-url <url>', 'send every Twilio domain to this origin (sandbox, proxy, mock); env TWILIO_BASE_URL')
    .option('--default-country <CC>', 'country for phone numbers written without +; env TWILIO_DEFAULT_COUNTRY (default US)');
}

interface Summary {
  inputs: number;
  documents: number;
  byStatus: Record<string, number>;
  failures: DocumentResult[];
}

async function runOperation(op: Operation, inputs: InputDocument[], sink: DocumentSink): Promise<Summary> {
  const summary: Summary = { inputs: 0, documents: 0, byStatus: { SUCCESS: 0, APPLICATION_ERROR: 0, FAILURE: 0 }, failures: [] };
  for await (const event of op.execute(inputs)) {
    if (event.type === 'document') {
      summary.documents++;
      await sink.write(event.document);
    } else {
      summary.inputs++;
      sink.result(event.result, inputs[event.result.input]?.source);
      summary.byStatus[event.result.status]++;
      if (event.result.status !== 'SUCCESS') summary.failures.push(event.result);
    }
  }
  return summary;
}

function printSummary(label: string, s: Summary): void {
  for (const f of s.failures) log(`  input ${f.input + 1}: ${f.status}: ${f.message}`);
  log(
    `${label}: ${s.inputs} input(s), ${s.documents} document(s); ` +
      `SUCCESS ${s.byStatus.SUCCESS}, APPLICATION_ERROR ${s.byStatus.APPLICATION_ERROR}, FAILURE ${s.byStatus.FAILURE}`,
  );
}

async function withConnection<T>(flags: ConnectFlags, fn: (c: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const connected = await connect(flags, log);
  try {
    return await fn(connected);
  } finally {
    await connected.sandbox?.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('twilio-connector')
    .description('Twilio connector: Get, Query, Create, Update, Delete on Twilio object types through XML profiles')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('objects')
    .description('list the object types and the actions Twilio offers on each')
    .option('--json', 'print the manifest entries as JSON')
    .action((opts: { json?: boolean }) => {
      const { manifest } = loadCatalog();
      if (opts.json) return void process.stdout.write(JSON.stringify(manifest.objectTypes, null, 2) + '\n');
      const width = Math.max(...manifest.objectTypes.map((o) => o.name.length));
      for (const o of manifest.objectTypes) process.stdout.write(`${o.name.padEnd(width)}  ${o.actions.join(', ').padEnd(36)}  ${o.label}\n`);
    });

  program
    .command('profile <object>')
    .description('print the XML profile (XSD) of an object type for an action')
    .addOption(new Option('--action <action>', 'action').choices([...ACTIONS]).makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'request or response profile (default: response, or request for delete)').choices(['request', 'response']))
    .action((name: string, opts: { action: Action; kind?: 'request' | 'response' }) => {
      const def = objectType(loadCatalog(), name);
      const operation = new Set(def.routes.flatMap((r) => r.actions));
      if (!operation.has(opts.action)) throw new ConnectorErrorForCli(`${name} does not offer ${opts.action}; it offers ${[...operation].join(', ')}`);
      const kind = opts.kind ?? (opts.action === 'delete' ? 'request' : 'response');
      if (kind === 'request' && (opts.action === 'get' || opts.action === 'query')) throw new ConnectorErrorForCli(`${opts.action} takes no request document`);
      if (kind === 'response' && opts.action === 'delete') throw new ConnectorErrorForCli('delete returns no document');
      process.stdout.write(kind === 'request' ? requestXsd(def, opts.action as 'create' | 'update' | 'delete') : responseXsd(def, opts.action as 'get' | 'query' | 'create' | 'update'));
    });

  connectionOptions(
    program
      .command('run')
      .description('run one operation: documents from --input files or stdin, output to --out folder or stdout')
      .addOption(new Option('--action <action>', 'action').choices([...ACTIONS]).makeOptionMandatory())
      .requiredOption('--object <object>', 'object type, see `objects`')
      .option('--id <id...>', 'Get/Delete: record id(s), compound ids as ConferenceSid:CallSid, optional leading AccountSid:')
      .option('--filter <expr...>', 'Query: Field=value | Field<ts | Field>ts | "Field before|on|after ts" (ts: YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601)')
      .option('--fields <list>', 'Get/Query: comma-separated fields to return; the others come back empty')
      .option('--limit <n>', 'Query: at most n records', positiveInt)
      .option('--page-size <n>', 'Query: records per page (1-1000, default 1000)', positiveInt)
      .option('--input <file...>', 'Create/Update/Delete: request document files, - for stdin (default when no --id)')
      .option('--out <dir>', 'write each output document to a file in this folder (default: stdout, one per line)')
      .option('--return-application-errors', 'Twilio errors become output documents and the batch goes on (default: stop)')
      .addOption(new Option('--timestamps <style>', 'timestamps in output documents').choices(['twilio', 'iso8601']).default('twilio'))
      .addOption(new Option('--tracking <direction>', 'with --out: what results.jsonl names per input, its source or its output ids').choices(['input', 'output']).default('output'))
      .option('--header <header...>', 'optional request header the object type declares, as "Name: value" (e.g. "Flex-Metadata: …")')
      .option('--concurrency <n>', 'Get/Create/Update/Delete: documents in flight at once (output keeps input order)', positiveInt, 1)
      .option('--state <file>', 'Query: incremental sync state file; fetch only what is new since the last successful run')
      .option('--state-field <field>', 'Query: timestamp field the incremental state follows', 'DateCreated')
      .option('--lookback <seconds>', 'Query: incremental lookback window for late records', positiveInt, 300),
  ).action(async (opts) => {
    const filters: Filter[] = (opts.filter ?? []).map(parseFilter);
    const options: OperationOptions = {
      action: opts.action,
      objectType: opts.object,
      returnApplicationErrors: Boolean(opts.returnApplicationErrors),
      fields: opts.fields ? String(opts.fields).split(',').map((s: string) => s.trim()).filter(Boolean) : undefined,
      filters,
      limit: opts.limit,
      pageSize: opts.pageSize,
      timestamps: opts.timestamps,
      trackingDirection: opts.tracking,
      concurrency: opts.concurrency,
      headers: parseHeaders(opts.header ?? []),
      incremental: opts.state ? { stateFile: opts.state, field: opts.stateField, lookbackMs: opts.lookback * 1000 } : undefined,
    };
    const def = objectType(loadCatalog(), opts.object);
    let inputs: InputDocument[];
    if (opts.action === 'query') inputs = [{}];
    else if (opts.id) inputs = (opts.id as string[]).map((id) => ({ id }));
    else if (opts.action === 'get' && def.routes.some((r) => r.id.length === 0)) inputs = [{ id: '' }]; // a singleton
    else if (opts.action === 'get') throw new ConnectorErrorForCli('get needs --id');
    else inputs = await readInputs(opts.input ?? ['-'], def.name);
    await withConnection(opts, async ({ connection }) => {
      const op = new Operation(connection, options);
      const sink = opts.out ? folderSink(opts.out, def.name, opts.tracking) : streamSink(process.stdout);
      try {
        const summary = await runOperation(op, inputs, sink);
        printSummary(`${opts.action} ${def.name}`, summary);
        if (summary.byStatus.SUCCESS !== summary.inputs) process.exitCode = 1;
      } finally {
        op.close();
      }
    });
  });

  connectionOptions(program.command('test-connection').description('check the credentials by fetching the account')).action(
    async (opts: ConnectFlags) => {
      await withConnection(opts, async ({ connection }) => {
        const client = new TwilioHttpClient(connection);
        try {
          const res = await client.request<{ friendly_name?: string; status?: string }>({
            method: 'GET',
            url: `/2010-04-01/Accounts/${encodeURIComponent(connection.accountSid)}.json`,
            context: { action: 'test-connection', objectType: 'Account', id: connection.accountSid },
            idempotent: true,
          });
          process.stdout.write(`connection OK: account ${connection.accountSid} (${res.data.friendly_name ?? '?'}, ${res.data.status ?? '?'})\n`);
        } finally {
          client.close();
        }
      });
    },
  );

  connectionOptions(
    program
      .command('sync')
      .description('main job: query messages sent after a date into XML documents in a folder, then print a summary')
      .option('--since <timestamp>', 'messages sent after this time (YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601)', '2026-06-01 00:00:00')
      .option('--out <dir>', 'folder for the documents (emptied first unless --state is given)', 'out/messages')
      .option('--state <file>', 'incremental: remember the newest DateSent and fetch only newer messages next time')
      .option('--lookback <seconds>', 'incremental: lookback window for late messages', positiveInt, 300)
      .addOption(new Option('--timestamps <style>', 'timestamps in output documents').choices(['twilio', 'iso8601']).default('twilio')),
  ).action(async (opts) => {
    await withConnection(opts, async ({ connection }) => {
      const op = new Operation(connection, {
        action: 'query',
        objectType: 'Message',
        filters: opts.state ? [] : [{ field: 'DateSent', op: 'after', value: opts.since }],
        incremental: opts.state ? { stateFile: opts.state, field: 'DateSent', lookbackMs: opts.lookback * 1000, since: opts.since } : undefined,
        timestamps: opts.timestamps,
      });
      if (!opts.state) rmSync(opts.out, { recursive: true, force: true });
      const started = Date.now();
      try {
        const summary = await runOperation(op, [{}], folderSink(opts.out, 'Message'));
        printSummary(`sync Message (DateSent after ${opts.since})`, summary);
        log(`wrote ${summary.documents} document(s) to ${opts.out} in ${Date.now() - started} ms`);
        if (summary.byStatus.SUCCESS !== summary.inputs) process.exitCode = 1;
      } finally {
        op.close();
      }
    });
  });

  program
    .command('sandbox')
    .description('serve the embedded Twilio sandbox on loopback until interrupted')
    .option('--port <port>', 'port (0: any free port)', positiveInt, 4010)
    .option('--no-seed', 'start empty')
    .action(async (opts: { port: number; seed: boolean }) => {
      const { startSandbox, SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } = await import('../sandbox');
      const sandbox = await startSandbox({ port: opts.port, seed: opts.seed });
      process.stdout.write(
        `Twilio sandbox listening on ${sandbox.url}\n` +
          `  TWILIO_BASE_URL=${sandbox.url} TWILIO_ACCOUNT_SID=${SANDBOX_ACCOUNT_SID} TWILIO_AUTH_TOKEN=${SANDBOX_AUTH_TOKEN}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  registerWorkerCommands(program);
  return program;
}

function parseHeaders(list: string[]): Record<string, string> | undefined {
  if (!list.length) return undefined;
  const headers: Record<string, string> = {};
  for (const h of list) {
    const m = /^\s*([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(h);
    if (!m) throw new ConnectorErrorForCli(`--header '${h}' is not "Name: value"`);
    headers[m[1]] = m[2];
  }
  return headers;
}

/** A usage problem found after argument parsing. */
class ConnectorErrorForCli extends Error {}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode ?? 2;
      return;
    }
    if (err instanceof OperationStoppedError) {
      log(`error: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    if (err instanceof ConnectorError || err instanceof ConnectorErrorForCli) {
      log(`error: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    log(`error: ${(err as Error)?.stack ?? String(err)}`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
