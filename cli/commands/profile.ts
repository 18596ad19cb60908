// `profile <object>`: the XSD of an object type's request or response documents.
import { Option, type Command } from 'commander';
import { ACTIONS, type Action } from '../../connector/catalog/types';
import { contextOf } from '../options';

export function profileCommand(program: Command): void {
  program
    .command('profile <object>')
    .description('print the XML profile (XSD) of an object type for an action')
    .addOption(new Option('--action <action>', 'action').choices([...ACTIONS]).makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'request or response profile (default: response, or request for delete)').choices(['request', 'response']))
    .action(async (name: string, opts: { action: Action; kind?: 'request' | 'response' }, cmd: Command) => {
      const { catalog } = await import('../../connector'); // loaded when this command runs
      contextOf(cmd).stdout.write(catalog().profile(name, opts.action, opts.kind));
    });
}
