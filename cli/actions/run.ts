// Runs `run`: loaded only when that command runs, with the library behind it.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, objectType } from '../../connector/catalog/load';
import type { ObjectTypeDef } from '../../connector/catalog/types';
import { Operation, type InputDocument, type OperationOptions } from '../../connector/operation';
import { parseFilter } from '../../connector/query';
import { withConnection, type ConnectFlags } from '../connect';
import { UsageError } from '../errors';
import { checkOperation, checkQuery, execute } from '../execute';
import { boundHeapGrowth, isWindowedQuery } from '../heap';
import { runClient } from '../http';
import { streamInputs } from '../inputs';
import { lockAll } from '../lock';
import { contextOf } from '../options';
import { documentsFor, openSink, RESULTS_FILE, runId, type OutputFormat } from '../outputs';
import type { Tracking } from '../outputs/results-log';

export interface RunFlags extends ConnectFlags {
  action: OperationOptions['action'];
  object: string;
  id?: string[];
  filter?: string[];
  fields?: string;
  limit?: number;
  pageSize?: number;
  input?: string[];
  out?: string;
  format: OutputFormat;
  batch?: number;
  returnApplicationErrors?: boolean;
  timestamps: 'twilio' | 'iso8601';
  tracking: Tracking;
  header?: string[];
  concurrency: number;
  state?: string;
  stateField: string;
  lookback: number;
  lockWait: number;
}

export async function run(opts: RunFlags, self: Command): Promise<void> {
  const { log, stdout } = contextOf(self);
  const catalog = loadCatalog();
  const def = objectType(catalog, opts.object);
  refuseIdle(opts, self);
  const options = operationOptions(opts, def);
  checkOperation(options, catalog);
  if (isWindowedQuery(options)) boundHeapGrowth();
  const most = def.pages?.maxSize;
  if (opts.pageSize !== undefined && most !== undefined && opts.pageSize > most) {
    log.warn(`--page-size ${opts.pageSize}: Twilio serves ${def.name} at most ${most} a page, so each page asks for ${most}`, { event: 'pageSize' });
  }
  const inputs = inputsOf(opts, def);
  const locks = [
    ...(opts.state ? [{ path: opts.state, what: 'state file' }] : []),
    ...(opts.out ? [{ path: join(opts.out, RESULTS_FILE), what: 'output folder' }] : []),
  ];
  const release = await lockAll(locks, opts.lockWait, log);
  try {
    await withConnection(opts, log, async ({ connection, sandbox }) => {
      checkQuery(options, connection, catalog);
      const http = runClient(connection, options, log);
      const op = new Operation(connection, options, catalog, http);
      const sink = openSink({
        out: opts.out,
        format: opts.format,
        batch: opts.batch,
        tracking: opts.tracking,
        objectType: def.name,
        run: runId(),
        sandbox: Boolean(sandbox),
        incremental: Boolean(opts.state),
        stdout,
      });
      const fields = {
        command: 'run',
        action: opts.action,
        objectType: def.name,
        ...(opts.out ? { out: opts.out } : {}),
        ...(sandbox ? { sandbox: true } : {}),
      };
      const { exitCode, signal } = await execute(op, { label: `${opts.action} ${def.name}`, inputs, sink, log, http, fields, returnable: true });
      // Inputs still to come on stdin (read by default) would hold the process open after the stop.
      if (signal) process.stdin.destroy();
      process.exitCode = exitCode;
    });
  } finally {
    await release();
  }
}

function operationOptions(opts: RunFlags, def: ObjectTypeDef): OperationOptions {
  return {
    action: opts.action,
    objectType: def.name,
    returnApplicationErrors: Boolean(opts.returnApplicationErrors),
    fields: opts.fields
      ? opts.fields
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    filters: (opts.filter ?? []).map(parseFilter),
    limit: opts.limit,
    pageSize: opts.pageSize,
    timestamps: opts.timestamps,
    trackingDirection: opts.tracking,
    concurrency: opts.concurrency,
    headers: parseHeaders(opts.header ?? []),
    incremental: opts.state ? { stateFile: opts.state, field: opts.stateField, lookbackMs: opts.lookback * 1000 } : undefined,
    documents: documentsFor(opts.format),
  };
}

/** Options that would do nothing as given: refused rather than ignored. @throws UsageError */
function refuseIdle(opts: RunFlags, self: Command): void {
  const given = (name: string) => self.getOptionValueSource(name) === 'cli';
  if (opts.fields !== undefined && !opts.fields.split(',').some((f) => f.trim())) {
    throw new UsageError(`--fields '${opts.fields}' names no field; leave it out to return every field`);
  }
  if (given('tracking') && !opts.out) throw new UsageError('--tracking says what results.jsonl names: give --out <dir>');
  for (const [name, flag] of [
    ['stateField', '--state-field'],
    ['lookback', '--lookback'],
  ]) {
    if (given(name) && !opts.state) throw new UsageError(`${flag} applies to an incremental run: give --state <file>`);
  }
}

function inputsOf(opts: RunFlags, def: ObjectTypeDef): InputDocument[] | AsyncIterable<InputDocument> {
  if (opts.action === 'query') {
    // A Query's input is its filters: an id or a document would be silently ignored.
    if (opts.id) throw new UsageError('query takes no --id: use get --id, or --filter to narrow the query');
    if (opts.input) throw new UsageError('query takes no --input: its input is the --filter list');
    return [{}];
  }
  if (opts.id) {
    // An id names the record; a Create or Update needs the document itself.
    if (opts.action === 'create' || opts.action === 'update') {
      throw new UsageError(
        `${opts.action} takes no --id: its documents come from --input or stdin${opts.action === 'update' ? ', each naming its <Sid>' : ''}`,
      );
    }
    if (opts.input) throw new UsageError(`${opts.action} takes --id or --input, not both: the --input documents would be silently ignored`);
    return opts.id.map((id) => ({ id }));
  }
  if (opts.action === 'get' && def.routes.some((r) => r.id.length === 0)) return [{ id: '' }]; // a singleton
  if (opts.action === 'get') throw new UsageError('get needs --id');
  const files = opts.input ?? ['-'];
  const missing = files.filter((f) => f !== '-' && !existsSync(f));
  if (missing.length) throw new UsageError(`--input ${missing.join(', ')}: no such file`);
  return streamInputs(files, def.name);
}

function parseHeaders(list: string[]): Record<string, string> | undefined {
  if (!list.length) return undefined;
  const headers: Record<string, string> = {};
  for (const h of list) {
    const m = /^\s*([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(h);
    if (!m) throw new UsageError(`--header '${h}' is not "Name: value"`);
    headers[m[1]] = m[2];
  }
  return headers;
}
