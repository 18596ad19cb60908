// The twilio-connector command line: global options and one module per command.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../connector/catalog/load';
import { objectsCommand } from './commands/objects';
import { profileCommand } from './commands/profile';
import { runCommand } from './commands/run';
import { sandboxCommand } from './commands/sandbox';
import { syncCommand } from './commands/sync';
import { testConnectionCommand } from './commands/test-connection';
import { globalOptions } from './options';
import { registerWorkerCommands } from '../workers/commands';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `usageError`: where commander's own error lines go (JSON logs); by default stderr, followed by the help. */
export function buildProgram(usageError?: (message: string) => void): Command {
  const program = globalOptions(new Command('twilio-connector'))
    .description('Twilio connector: Get, Query, Create, Update, Delete on Twilio object types through XML profiles')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride();
  // Set before the commands are added: they copy these settings.
  if (usageError) program.configureOutput({ outputError: (text) => usageError(text.trim()), writeErr: () => undefined });
  else program.showHelpAfterError();
  for (const add of [objectsCommand, profileCommand, runCommand, testConnectionCommand, syncCommand, sandboxCommand, registerWorkerCommands]) add(program);
  return program;
}
