// Operation options as connector.manifest.json declares them: the manifest is the
// one list (iPaaS hosts and canvas dialogs read it too), so an option the manifest
// does not declare is refused, values are checked against their declared type and
// bounds, and defaults come from it.
import type { OperationOptionDef } from './catalog/load';
import type { Action } from './catalog/types';
import { ConfigurationError, OptionError, type ErrorContext } from './errors';
import { normalFilter } from './query';

/** Keys every operation has besides its options. */
const IDENTITY = new Set(['action', 'objectType']);

function fail(def: OperationOptionDef, rule: string, ctx: ErrorContext): never {
  throw new OptionError(def.name, rule, `option ${def.name} (${def.label}) ${rule}`, ctx);
}

function isStringMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function checkValue(def: OperationOptionDef, value: unknown, ctx: ErrorContext): void {
  switch (def.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail(def, 'must be true or false', ctx);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(def, 'must be an integer', ctx);
      if (def.minimum !== undefined && (value as number) < def.minimum) fail(def, `must be at least ${def.minimum}`, ctx);
      if (def.maximum !== undefined && (value as number) > def.maximum) fail(def, `must be at most ${def.maximum}`, ctx);
      return;
    case 'enum':
      if (!def.values?.includes(value as string)) fail(def, `must be one of ${def.values?.join(', ')}, not '${String(value)}'`, ctx);
      return;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(def, 'must be a list of names', ctx);
      return;
    case 'filter[]':
      if (!Array.isArray(value) || value.some((f) => typeof f?.field !== 'string' || typeof f?.op !== 'string' || typeof f?.value !== 'string')) {
        fail(def, 'must be a list of { field, op, value }', ctx);
      }
      // Refused here, with the operation, rather than at its first input.
      for (const f of value as Array<{ field: string; op: string; value: string }>) {
        try {
          normalFilter(f);
        } catch (err) {
          fail(def, (err as Error).message, ctx);
        }
      }
      return;
    case 'headers':
      if (!isStringMap(value)) fail(def, 'must map header names to text', ctx);
      return;
    case 'incremental':
      if (typeof value !== 'object' || value === null || typeof (value as { field?: unknown }).field !== 'string') {
        fail(def, 'must be { stateFile, field, lookbackMs }', ctx);
      }
      return;
  }
}

/**
 * Checks an operation's options against the manifest and returns them with the
 * manifest's defaults filled in. Options that do not apply to the action are refused
 * when given a value, so a setting never silently does nothing.
 */
export function resolveOptions<T extends { action: Action }>(declared: OperationOptionDef[], options: T, ctx: ErrorContext): T {
  const byName = new Map(declared.map((d) => [d.name, d]));
  const out: Record<string, unknown> = { ...options };
  for (const [name, value] of Object.entries(options)) {
    if (IDENTITY.has(name) || value === undefined) continue;
    const def = byName.get(name);
    if (!def) throw new ConfigurationError(`${name} is not an operation option (the manifest declares ${declared.map((d) => d.name).join(', ')})`, ctx);
    checkValue(def, value, ctx);
    const empty = Array.isArray(value) && value.length === 0;
    if (def.actions && !def.actions.includes(options.action) && !empty) fail(def, `applies to ${def.actions.join(', ')} only, not ${options.action}`, ctx);
  }
  for (const def of declared) if (out[def.name] === undefined && def.default !== undefined) out[def.name] = def.default;
  return out as T;
}
