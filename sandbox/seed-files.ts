// Reads the seed files (sandbox/seeds/*.json, one per object family): checks each
// against seeds/schema.json, translates its rules to JavaScript source (seed-expr.ts),
// failing on any name no file defines, and orders the record sets so each comes after
// the sets it reads (file order, then set order, where nothing says otherwise: sets
// sharing a PRNG stream draw in that order).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { CONSTANTS, ruleSource, SeedExpressionError, type Resolve } from './seed-expr';

/** A seed file or rule that cannot be used, named by file, set and key. */
export class SeedFileError extends Error {
  override name = 'SeedFileError';
}

/** Where the shipped seed files are, run from source (sandbox/) or from dist/sandbox/. */
export const SEEDS_DIR =
  [join(__dirname, 'seeds'), join(__dirname, '..', '..', 'sandbox', 'seeds')].find((dir) => existsSync(join(dir, 'schema.json'))) ?? join(__dirname, 'seeds');

/** A rule as JavaScript source, and where it stands in the seed files (for errors). */
export interface Code {
  source: string;
  where: string;
}

export interface SeedSet {
  name: string;
  /** 'messages.json' */
  file: string;
  type: string;
  /** Fixed count, or a seed option with its default; undefined with a parent. */
  count?: number | { option: string; default: number };
  parent?: string;
  stream: string;
  // Set-level rules, read with the set's scope S: when, once, carry's first values.
  when?: Code;
  once: Array<[string, Code]>;
  carry: Array<[name: string, from: Code, next: Code]>;
  /** Per parent record (s.parent): the list of items that each get a record. */
  per?: Code;
  // Record-level rules, read with the record's scope s.
  /** The record's account (default: the main one); read first, so it may use parent and item. */
  account?: Code;
  let: Array<[string, Code]>;
  copy?: Code;
  fields: Array<[string, Code]>;
  /** Read after the set with s.records, written to the files' scope. */
  exports: Array<[string, Code]>;
  /** Sets this one reads, by name. */
  needs: Set<string>;
}

export interface SeedFiles {
  dir: string;
  /** Named values of every file's `lists`. */
  lists: Record<string, unknown>;
  /** In seeding order. */
  sets: SeedSet[];
  /** Seed options (counts) with their defaults. */
  defaults: Record<string, number>;
}

interface RawSet {
  name: string;
  about?: string;
  type: string;
  extends?: string;
  count?: SeedSet['count'];
  parent?: string;
  per?: string;
  stream?: string;
  when?: string;
  account?: string;
  once?: Record<string, unknown>;
  carry?: Record<string, { from: unknown; next: unknown }>;
  let?: Record<string, unknown>;
  copy?: string;
  fields?: Record<string, unknown>;
  exports?: Record<string, unknown>;
}

interface RawFile {
  about: string;
  lists?: Record<string, unknown>;
  sets?: RawSet[];
}

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(SEEDS_DIR, 'schema.json'), 'utf8')) as object);

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

/** What every rule sees besides a set's own names: the sandbox's credentials and the time constants. */
const FIXED_GLOBALS = ['sandbox', ...Object.keys(CONSTANTS)];

/** Every seed file of a directory, read, checked and ordered. */
export function loadSeedFiles(dir = SEEDS_DIR): SeedFiles {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .sort();
  const lists: Record<string, unknown> = {};
  const raws: Array<{ file: string; set: RawSet }> = [];
  for (const file of files) {
    let doc: RawFile;
    try {
      doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RawFile;
    } catch (err) {
      throw new SeedFileError(`${file}: ${(err as Error).message}`);
    }
    if (!validate(doc)) throw new SeedFileError(`${file}: ${describe(validate.errors)}`);
    for (const [name, value] of Object.entries(doc.lists ?? {})) {
      if (name in lists) throw new SeedFileError(`${file}: list ${name} is already defined by another seed file`);
      lists[name] = value;
    }
    for (const set of doc.sets ?? []) raws.push({ file, set });
  }
  const byName = new Map<string, { file: string; set: RawSet }>();
  for (const raw of raws) {
    const seen = byName.get(raw.set.name);
    if (seen) throw new SeedFileError(`${raw.file}: set ${raw.set.name} is already defined in ${seen.file}`);
    byName.set(raw.set.name, raw);
  }
  const resolved = raws.map(({ file, set }) => ({ file, set: resolveExtends(file, set, byName) }));
  const globals = globalNames(resolved, lists);
  const sets = resolved.map(({ file, set }) => compileSet(file, set, globals));
  const defaults: Record<string, number> = {};
  for (const s of sets) if (typeof s.count === 'object') defaults[s.count.option] = s.count.default;
  return { dir, lists, sets: order(sets), defaults };
}

/** A set that extends another: the other's keys, this one's replacing them. */
function resolveExtends(file: string, set: RawSet, byName: Map<string, { file: string; set: RawSet }>): RawSet {
  if (!set.extends) return set;
  const base = byName.get(set.extends);
  if (!base) throw new SeedFileError(`${file}: set ${set.name} extends ${set.extends}, which no seed file defines`);
  return { ...resolveExtends(base.file, base.set, byName), ...set, extends: undefined };
}

/** The files' names (lists, sets, exports): each defined once; sets and exports name what they come from. */
function globalNames(sets: Array<{ file: string; set: RawSet }>, lists: Record<string, unknown>): Map<string, string | undefined> {
  const names = new Map<string, string | undefined>();
  for (const name of [...FIXED_GLOBALS, ...Object.keys(lists)]) names.set(name, undefined);
  const define = (name: string, by: string, file: string): void => {
    if (names.has(name)) throw new SeedFileError(`${file}: ${name} (set ${by}) is already a list, set, export or builtin name`);
    names.set(name, by);
  };
  for (const { file, set } of sets) {
    define(set.name, set.name, file);
    for (const name of Object.keys(set.exports ?? {})) define(name, set.name, file);
  }
  return names;
}

function compileSet(file: string, raw: RawSet, globals: Map<string, string | undefined>): SeedSet {
  const at = `${file} set ${raw.name}`;
  if (raw.parent && (raw.per === undefined || raw.count !== undefined)) throw new SeedFileError(`${at}: a set with a parent takes 'per' and no 'count'`);
  if (!raw.parent && raw.count === undefined) throw new SeedFileError(`${at}: needs a 'count' (or a 'parent' and 'per')`);
  if (raw.parent && !globals.has(raw.parent)) throw new SeedFileError(`${at}: parent ${raw.parent} is no seed set`);
  const needs = new Set<string>(raw.parent ? [raw.parent] : []);
  const setNames = new Set(['i', 'n', ...Object.keys(raw.once ?? {}), ...Object.keys(raw.carry ?? {})]);
  const recordNames = new Set([
    'i',
    'n',
    'account',
    ...(raw.parent ? ['parent', 'item'] : []),
    ...Object.keys(raw.let ?? {}),
    ...Object.keys(raw.fields ?? {}),
  ]);
  const fromGlobals = (name: string): 'G' | undefined => {
    if (!globals.has(name)) return undefined;
    const by = globals.get(name);
    if (by && by !== raw.name) needs.add(by);
    return 'G';
  };
  const atSet: Resolve = (name) => (setNames.has(name) ? 'S' : fromGlobals(name));
  const atRecord: Resolve = (name) => (recordNames.has(name) ? 's' : setNames.has(name) ? 'S' : fromGlobals(name));
  const atParent: Resolve = (name) => (name === 'parent' ? 's' : atSet(name));
  const atExport: Resolve = (name) => (name === 'records' ? 's' : fromGlobals(name));
  const code = (value: unknown, where: string, resolve: Resolve, clone = false): Code => {
    try {
      return { source: ruleSource(value, resolve, clone), where: `${at} ${where}` };
    } catch (err) {
      if (err instanceof SeedExpressionError) throw new SeedFileError(`${at} ${where}: ${err.message}`);
      throw err;
    }
  };
  const optional = (value: string | undefined, key: string, resolve: Resolve): Code | undefined =>
    value === undefined ? undefined : code(value, key, resolve);
  const group = (rules: Record<string, unknown> | undefined, key: string, resolve: Resolve, clone = false): Array<[string, Code]> =>
    Object.entries(rules ?? {}).map(([name, value]) => [name, code(value, `${key}.${name}`, resolve, clone)]);
  return {
    name: raw.name,
    file,
    type: raw.type,
    count: raw.count,
    parent: raw.parent,
    stream: raw.stream ?? raw.name,
    when: optional(raw.when, 'when', atSet),
    account: optional(raw.account, 'account', atRecord),
    once: group(raw.once, 'once', atSet),
    carry: Object.entries(raw.carry ?? {}).map(([name, c]) => [name, code(c.from, `carry.${name}.from`, atSet), code(c.next, `carry.${name}.next`, atRecord)]),
    per: optional(raw.per, 'per', atParent),
    let: group(raw.let, 'let', atRecord),
    copy: optional(raw.copy, 'copy', atRecord),
    fields: group(raw.fields, 'fields', atRecord, true),
    exports: group(raw.exports, 'exports', atExport),
    needs,
  };
}

/** Sets in file order, each moved after the sets it needs. */
function order(sets: SeedSet[]): SeedSet[] {
  const done = new Set<string>();
  const out: SeedSet[] = [];
  const pending = [...sets];
  while (pending.length) {
    const k = pending.findIndex((s) => [...s.needs].every((n) => done.has(n) || n === s.name));
    if (k < 0)
      throw new SeedFileError(`seed sets need each other in a cycle: ${pending.map((s) => `${s.name} (needs ${[...s.needs].join(', ')})`).join('; ')}`);
    const [next] = pending.splice(k, 1);
    done.add(next.name);
    out.push(next);
  }
  return out;
}
