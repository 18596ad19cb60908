// `objects`: the object types and the actions Twilio offers on each; `objects <type>`: one
// type as a Query and the other actions see it (ids, filters, fields and their values).
import type { Command } from 'commander';
import type { ObjectTypeDescription } from '../../connector';
import { contextOf } from '../options';

/** Rows of name, kind and the values the catalog lists, in aligned columns. */
function table(rows: Array<{ name: string; kind: string; values?: string[] }>): string {
  const name = Math.max(...rows.map((r) => r.name.length));
  const kind = Math.max(...rows.map((r) => r.kind.length));
  return rows.map((r) => `    ${r.name.padEnd(name)}  ${r.values ? r.kind.padEnd(kind) + '  ' + r.values.join(' | ') : r.kind}\n`).join('');
}

/** One object type as the run command's options name it: actions, ids, filters, fields. */
export function describeText(d: ObjectTypeDescription): string {
  let out = `${d.name}: ${d.label}\n  actions: ${d.actions.join(', ')}\n`;
  out += `  ids: ${d.ids.length ? d.ids.join(', ') + (d.accountScoped ? ' (led by AccountSid: for a subaccount\u2019s record)' : '') : 'none'}\n`;
  if (d.named.length)
    out += `  by name: ${d.named.join(', ')} also take${d.named.length === 1 ? 's' : ''} a name in place of the SID (a unique name, identity or label)\n`;
  if (d.parents.length) out += `  parents: ${d.parents.join(', ')} (a Query's --filter ${d.parents[0]}=\u2026 picks the list)\n`;
  const checked = 'Field=value, or before|on|after a timestamp, checked on the fetched records';
  out += d.filters.length ? `  filters Twilio offers (other fields take ${checked}):\n` : `  filters Twilio offers: none (every field takes ${checked})\n`;
  if (d.filters.length)
    out += table(
      d.filters.map((f) => ({ name: f.name, kind: f.range ? 'before|on|after' : f.repeated ? `${f.type} (a,b,\u2026)` : f.type, values: f.values })),
    );
  out += '  fields:\n' + table(d.fields.map((f) => ({ name: f.name, kind: f.type, values: f.values })));
  for (const [action, names] of Object.entries(d.headers)) out += `  ${action} headers: ${names!.join(', ')}\n`;
  return out;
}

export function objectsCommand(program: Command): void {
  program
    .command('objects [type]')
    .description('list the object types and the actions Twilio offers on each; with a type: its ids, filters and fields')
    .option('--json', 'print the manifest entries (with a type: its description) as JSON')
    .action(async (type: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      const { stdout } = contextOf(cmd);
      const { catalog, manifest } = await import('../../connector'); // loaded when this command runs
      if (type !== undefined) {
        const d = catalog().describe(type);
        return void stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : describeText(d));
      }
      if (opts.json) return void stdout.write(JSON.stringify(manifest().objectTypes, null, 2) + '\n');
      const objectTypes = catalog().objectTypes();
      const width = Math.max(...objectTypes.map((o) => o.name.length));
      // One write: a reader that stops early (`| head -1`) closes the pipe once.
      stdout.write(objectTypes.map((o) => `${o.name.padEnd(width)}  ${o.actions.join(', ').padEnd(36)}  ${o.label}\n`).join(''));
    });
}
