// `objects`: the object types and the actions Twilio offers on each.
import type { Command } from 'commander';
import { contextOf } from '../options';

export function objectsCommand(program: Command): void {
  program
    .command('objects')
    .description('list the object types and the actions Twilio offers on each')
    .option('--json', 'print the manifest entries as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { stdout } = contextOf(cmd);
      const { catalog, manifest } = await import('../../connector'); // loaded when this command runs
      if (opts.json) return void stdout.write(JSON.stringify(manifest().objectTypes, null, 2) + '\n');
      const objectTypes = catalog().objectTypes();
      const width = Math.max(...objectTypes.map((o) => o.name.length));
      // One write: a reader that stops early (`| head -1`) closes the pipe once.
      stdout.write(objectTypes.map((o) => `${o.name.padEnd(width)}  ${o.actions.join(', ').padEnd(36)}  ${o.label}\n`).join(''));
    });
}
