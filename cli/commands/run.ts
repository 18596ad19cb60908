// `run`: one operation over documents from --id, --input files or stdin, output to
// stdout or a folder, one result per input. What it takes; actions/run.ts does it.
import { Option, type Command } from 'commander';
import { ACTIONS } from '../../connector/catalog/types';
import { connectionOptions, nonNegativeInt, outputOptions } from '../options';
import type { RunFlags } from '../actions/run';

export function runCommand(program: Command): void {
  const cmd = program
    .command('run')
    .description('run one operation: documents from --input files or stdin, output to --out folder or stdout')
    .addOption(new Option('--action <action>', 'action').choices([...ACTIONS]).makeOptionMandatory())
    .requiredOption('--object <object>', 'object type, see `objects`')
    .option('--id <id...>', 'Get/Delete: record id(s), compound ids as ConferenceSid:CallSid, optional leading AccountSid:')
    .option('--filter <expr...>', 'Query: Field=value | Field<ts | Field>ts | "Field before|on|after ts" (ts: YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601)')
    .option('--fields <list>', 'Get/Query: comma-separated fields to return; the others come back empty')
    .option('--limit <n>', 'Query: at most n records', nonNegativeInt)
    .option('--page-size <n>', 'Query: records per page (1-1000, default 1000)', nonNegativeInt)
    .option('--input <file...>', 'Create/Update/Delete: request document files, - for stdin (default when no --id)')
    .option('--return-application-errors', 'Twilio errors become output documents and the batch goes on (default: stop)')
    .addOption(
      new Option('--tracking <direction>', 'with --out: what results.jsonl names per input, its source or its output ids')
        .choices(['input', 'output'])
        .default('output'),
    )
    .option('--header <header...>', 'optional request header the object type declares, as "Name: value" (e.g. "Flex-Metadata: …")')
    .option(
      '--concurrency <n>',
      'Get/Create/Update/Delete: documents in flight at once (output keeps input order); Query with a date filter bounded below: date windows fetched at once',
      nonNegativeInt,
      1,
    )
    .option('--state <file>', 'Query: incremental sync state file; fetch only what is new since the last successful run')
    .option('--state-field <field>', 'Query: timestamp field the incremental state follows', 'DateCreated')
    .option('--lookback <seconds>', 'Query: incremental lookback window for late records', nonNegativeInt, 300);
  outputOptions(cmd, 'write output documents to files in this folder, with results.jsonl (default: stdout, one per line)');
  connectionOptions(cmd).action(async (opts: RunFlags, self: Command) => (await import('../actions/run')).run(opts, self));
}
