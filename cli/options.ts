// Options several commands share, and what every action gets from the global ones.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Logger, type LogFormat } from './log';
import { guardedOutput, type Output } from './stdout';

export function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** `run` or a number of documents per file. */
export function batchSize(v: string): number {
  const n = v === 'run' ? 0 : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (v !== 'run' && !(Number.isSafeInteger(n) && n > 0)) throw new InvalidArgumentError("expected 'run' or a positive number of documents per file");
  return n;
}

export function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--connection <file>', 'JSON connection file (accountSid, authToken | apiKey + apiSecret, baseUrl, defaultCountry)')
    .option('--base-url <url>', 'send every Twilio domain to this origin (sandbox, proxy, mock); env TWILIO_BASE_URL')
    .option('--default-country <CC>', 'country for phone numbers written without +; env TWILIO_DEFAULT_COUNTRY (default US)')
    .addOption(
      new Option('--sandbox [when]', 'use the embedded sandbox: always (the default of the bare flag), or auto: when no credentials are set')
        .choices(['always', 'auto'])
        .preset('always'),
    );
}

export function outputOptions(cmd: Command, outHelp: string, defaultOut?: string): Command {
  return cmd
    .option('--out <dir>', outHelp, defaultOut)
    .addOption(
      new Option('--format <format>', 'output documents as XML (the profile) or JSON lines (RECORD/RESULT messages)').choices(['xml', 'jsonl']).default('xml'),
    )
    .option('--batch <run|n>', "with --out: documents back to back in one file per run ('run') or per n documents, instead of one file per record", batchSize)
    .addOption(new Option('--timestamps <style>', 'timestamps in output documents').choices(['twilio', 'iso8601']).default('twilio'))
    .option('--lock-wait <seconds>', 'seconds to wait for another run holding the state file or output folder (0: refuse at once)', nonNegativeInt, 0);
}

export function globalOptions(program: Command): Command {
  return program
    .option('-q, --quiet', 'no progress and no summary on stderr; warnings, errors and failed inputs only')
    .addOption(new Option('--log-format <format>', 'stderr lines as timestamped text or JSON objects').choices(['text', 'json']).default('text'));
}

export interface CliContext {
  log: Logger;
  stdout: Output;
}

/** The logger and stdout an action writes to, from the global options wherever they were given. */
export function contextOf(cmd: Command): CliContext {
  const opts = cmd.optsWithGlobals<{ quiet?: boolean; logFormat?: LogFormat }>();
  return { log: new Logger({ quiet: opts.quiet, format: opts.logFormat }), stdout: guardedOutput(process.stdout) };
}
