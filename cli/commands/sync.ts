// `sync`, the main job: messages sent after a date into XML documents in a folder.
import type { Command } from 'commander';
import { connectionOptions, nonNegativeInt, outputOptions } from '../options';
import type { SyncFlags } from '../actions/sync';

export function syncCommand(program: Command): void {
  const cmd = program
    .command('sync')
    .description('main job: query messages sent after a date into XML documents in a folder, then print a summary')
    .option('--since <timestamp>', 'messages sent after this time (YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601)', '2026-06-01 00:00:00')
    .option('--state <file>', 'incremental: remember the newest DateSent and fetch only newer messages next time')
    .option('--lookback <seconds>', 'incremental: lookback window for late messages', nonNegativeInt, 300)
    .option('--concurrency <n>', 'date windows of DateSent fetched at once, each its own chain of pages (newest window first)', nonNegativeInt, 1);
  outputOptions(
    cmd,
    'folder for the documents and results.jsonl (without --state, a run that succeeds removes the documents of earlier runs it did not write again)',
    'out/messages',
  );
  connectionOptions(cmd).action(async (opts: SyncFlags, self: Command) => (await import('../actions/sync')).sync(opts, self));
}
