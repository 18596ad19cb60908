// The twilio-connector command line: global options and one module per command
// (commands/ say what each takes; what runs is loaded only when that command runs,
// so --help, --version and a usage error answer without loading the library).
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { objectsCommand } from './commands/objects';
import { profileCommand } from './commands/profile';
import { runCommand } from './commands/run';
import { sandboxCommand } from './commands/sandbox';
import { syncCommand } from './commands/sync';
import { testConnectionCommand } from './commands/test-connection';
import { contextOf, globalOptions } from './options';
import { registerWorkerCommands } from '../workers/commands';

/** From the package.json above this file, whether it runs from cli/ or dist/cli/ (without loading the catalog). */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

/**
 * `usageError`: where commander's own error lines go (the run's log, so they carry its
 * timestamp or JSON form); `quiet`: nothing else on stderr (JSON logs: no help text).
 * Without them, stderr, followed by a hint.
 */
export function buildProgram(usageError?: (message: string) => void, quiet = false): Command {
  const program = globalOptions(new Command('twilio-connector'))
    .description('Twilio connector: Get, Query, Create, Update, Delete on Twilio object types through XML profiles')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride();
  // Set before the commands are added: they copy these settings.
  if (usageError) program.configureOutput({ outputError: (text) => usageError(text.trim()), ...(quiet ? { writeErr: () => undefined } : {}) });
  // One line, not the whole help: the error stays on the screen where a script's log shows it.
  else program.showHelpAfterError('(--help lists the options)');
  for (const add of [objectsCommand, profileCommand, runCommand, testConnectionCommand, syncCommand, sandboxCommand]) add(program);
  registerWorkerCommands(program, (cmd) => contextOf(cmd).log);
  return program;
}
