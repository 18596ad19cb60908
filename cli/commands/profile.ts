// `profile <object>`: the XSD of an object type's request or response documents.
import { Option, type Command } from 'commander';
import { loadCatalog } from '../../connector/catalog/load';
import { ACTIONS, type Action } from '../../connector/catalog/types';
import { requestXsd, responseXsd } from '../../connector/profiles/xsd';
import { UsageError } from '../errors';
import { findObjectType } from '../object-names';
import { contextOf } from '../options';

export function profileCommand(program: Command): void {
  program
    .command('profile <object>')
    .description('print the XML profile (XSD) of an object type for an action')
    .addOption(new Option('--action <action>', 'action').choices([...ACTIONS]).makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'request or response profile (default: response, or request for delete)').choices(['request', 'response']))
    .action((name: string, opts: { action: Action; kind?: 'request' | 'response' }, cmd: Command) => {
      const { stdout } = contextOf(cmd);
      const def = findObjectType(loadCatalog(), name);
      const offered = new Set(def.routes.flatMap((r) => r.actions));
      if (!offered.has(opts.action)) throw new UsageError(`${name} does not offer ${opts.action}; it offers ${[...offered].join(', ')}`);
      const kind = opts.kind ?? (opts.action === 'delete' ? 'request' : 'response');
      if (kind === 'request' && (opts.action === 'get' || opts.action === 'query')) throw new UsageError(`${opts.action} takes no request document`);
      if (kind === 'response' && opts.action === 'delete') throw new UsageError('delete returns no document');
      stdout.write(kind === 'request' ? requestXsd(def, opts.action as 'create' | 'update' | 'delete') : responseXsd(def, opts.action as 'get' | 'query' | 'create' | 'update'));
    });
}
