// Runs `sync`: loaded only when that command runs.
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadCatalog } from '../../connector/catalog/load';
import { Operation, type OperationOptions } from '../../connector/operation';
import { parseTimestamp } from '../../connector/values/dates';
import { withConnection, type ConnectFlags } from '../connect';
import { UsageError } from '../errors';
import { checkOperation, checkQuery, execute } from '../execute';
import { boundHeapGrowth, isWindowedQuery } from '../heap';
import { runClient } from '../http';
import { lockAll } from '../lock';
import { contextOf } from '../options';
import { documentsFor, openSink, RESULTS_FILE, runId, type OutputFormat } from '../outputs';

/** @throws UsageError naming --since and the forms it takes. */
function checkSince(since: string): void {
  try {
    parseTimestamp(since);
  } catch {
    throw new UsageError(`--since '${since}' is not a timestamp (YYYY-MM-DD HH:MM:SS in UTC, or ISO 8601)`);
  }
}

export interface SyncFlags extends ConnectFlags {
  since: string;
  out: string;
  state?: string;
  lookback: number;
  concurrency: number;
  format: OutputFormat;
  batch?: number;
  timestamps: 'twilio' | 'iso8601';
  lockWait: number;
}

export async function sync(opts: SyncFlags, self: Command): Promise<void> {
  const { log, stdout } = contextOf(self);
  const catalog = loadCatalog();
  const options: OperationOptions = {
    action: 'query',
    objectType: 'Message',
    filters: opts.state ? [] : [{ field: 'DateSent', op: 'after', value: opts.since }],
    incremental: opts.state ? { stateFile: opts.state, field: 'DateSent', lookbackMs: opts.lookback * 1000, since: opts.since } : undefined,
    timestamps: opts.timestamps,
    documents: documentsFor(opts.format),
    concurrency: opts.concurrency,
  };
  // Refused by its own name, on every run (a first run with a state starts there; one without filters by it).
  checkSince(opts.since);
  checkOperation(options, catalog);
  if (isWindowedQuery(options)) boundHeapGrowth();
  const locks = [...(opts.state ? [{ path: opts.state, what: 'state file' }] : []), { path: join(opts.out, RESULTS_FILE), what: 'output folder' }];
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
        tracking: 'output',
        objectType: 'Message',
        run: runId(),
        sandbox: Boolean(sandbox),
        incremental: Boolean(opts.state),
        // Without a state the folder is this window's snapshot; results.jsonl keeps every run's lines.
        snapshot: !opts.state,
        stdout,
      });
      const fields = { command: 'sync', objectType: 'Message', out: opts.out, ...(sandbox ? { sandbox: true } : {}) };
      // An incremental run starts where its state says, not at --since (which only the first run uses).
      const window = opts.state ? `incremental, state ${opts.state}` : `DateSent after ${opts.since}`;
      const { summary, exitCode } = await execute(op, { label: `sync Message (${window})`, inputs: [{}], sink, log, http, fields });
      log.info(`wrote ${summary.documents} document(s) to ${opts.out} in ${summary.elapsedMs} ms`, {
        event: 'written',
        documents: summary.documents,
        out: opts.out,
      });
      process.exitCode = exitCode;
    });
  } finally {
    await release();
  }
}
