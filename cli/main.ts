// twilio-connector: objects, profile, run, test-connection, sync, sandbox.
// Exit codes: 0 every input succeeded; 1 some input failed, the operation stopped (an
// application error, stdout closed) or another run held the lock; 2 usage or
// configuration error; 130/143 a run ended by SIGINT/SIGTERM (interrupt.ts).
import { CommanderError } from 'commander';
import { ConnectorError, OptionError } from '../connector/errors';
import { optionMessage } from './flags';
import { isSystemError, LockedError, UsageError } from './errors';
import { Logger } from './log';
import { ownTheProcess } from './heap';
import { buildProgram } from './program';

/** Commander's answers that are not errors. */
const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** --log-format json is known before parsing, so that even a usage error is logged as JSON. */
function logFormatIn(argv: string[]): 'text' | 'json' {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  const value = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return value === 'json' ? 'json' : 'text';
}

export async function main(argv = process.argv): Promise<void> {
  const log = new Logger({ format: logFormatIn(argv) });
  // A usage error is a line of the log like any other: timestamped, or JSON; as text it ends with the hint.
  const json = log.format === 'json';
  const usage = (message: string) => log.error(json ? message : `${message.replace(/^error: /, '')} (--help lists the options)`, { event: 'usage' });
  const program = buildProgram(usage, json);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeOf(err, log);
  }
}

function exitCodeOf(err: unknown, log: Logger): number {
  // Commander printed it. Help asked for is 0; help shown for want of a command is a usage error.
  if (err instanceof CommanderError) return CLEAN_EXITS.has(err.code) && err.exitCode === 0 ? 0 : 2;
  if (err instanceof LockedError) {
    log.error(err.message, { event: 'locked' });
    return 1;
  }
  if (err instanceof ConnectorError) {
    log.error(err instanceof OptionError ? optionMessage(err) : err.message, { event: err instanceof UsageError ? 'usage' : 'error' });
    return 2;
  }
  // A system call the environment refused (a file, a folder, a port) is no bug: its message, no stack.
  if (isSystemError(err)) {
    log.error(err.message, { event: 'error' });
    return 2;
  }
  log.error(`internal error: ${(err as Error)?.stack ?? String(err)}`, { event: 'error' });
  return 2;
}

/** The program itself (bin/twilio-connector, node dist/cli/main.js): main() in a process of the CLI's own. */
export function run(): Promise<void> {
  ownTheProcess();
  return main();
}

if (require.main === module) void run();
