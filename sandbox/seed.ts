// The generic seeder: stores the records the seed files (sandbox/seeds/*.json, read by
// seed-files.ts) describe, driven by the catalog: each set's object type gives the blank
// record, the fields a seed may set, how a timestamp (epoch ms in the data) is written
// (RFC 2822 or ISO 8601, per the field's format) and the default SID prefix. A set's
// rules become one JavaScript function that fills a record, so seeding a million
// messages costs about what hand-written code did. Every PRNG stream is seeded from its
// name and prngSeed, so scaling one count (--messages 100000) leaves the other sets'
// records unchanged, and the data set repeats exactly.
import type { FieldDef } from '../connector/catalog/types';
import type { TypeModel } from './model';
import { createPrng, type Prng } from './prng';
import { blank, stamp } from './records';
import { BUILTINS, cloneValue, CONSTANTS, safeKey, type EvalContext, type Scope } from './seed-expr';
import { loadSeedFiles, SeedFileError, type Code, type SeedFiles, type SeedSet } from './seed-files';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_SUBACCOUNT_AUTH_TOKEN, SANDBOX_SUBACCOUNT_SID } from './sids';
import type { Store, TwilioRecord } from './store';

/** How many records of each counted set (e.g. { messages: 100000 }; the options are the seed files' `count.option`s), and the PRNG seed. */
export interface SeedOptions {
  /** PRNG seed; the default gives the documented data set. */
  prngSeed?: number;
  [count: string]: number | undefined;
}

const DEFAULT_PRNG_SEED = 2026;

/** The shipped seed files, read once. */
export const SHIPPED_SEEDS: SeedFiles = loadSeedFiles();

/** Every seed option of the shipped files with its default (messages: 250, calls: 40, …). */
export const DEFAULT_SEED: Readonly<Record<string, number>> = Object.freeze({ ...SHIPPED_SEEDS.defaults, prngSeed: DEFAULT_PRNG_SEED });

/** What the seed files see as `sandbox`: the fixed credentials, so the seeded accounts are the ones authentication knows. */
const SANDBOX = Object.freeze({
  accountSid: SANDBOX_ACCOUNT_SID,
  authToken: SANDBOX_AUTH_TOKEN,
  subaccountSid: SANDBOX_SUBACCOUNT_SID,
  subaccountAuthToken: SANDBOX_SUBACCOUNT_AUTH_TOKEN,
});

/** Counts and PRNG seed in force: the files' defaults, the given ones over them; `false` seeds every counted set with none. */
export function resolveSeed(seed: boolean | SeedOptions | undefined, files: SeedFiles = SHIPPED_SEEDS): Record<string, number> {
  const defaults: Record<string, number> = { ...files.defaults, prngSeed: DEFAULT_PRNG_SEED };
  if (seed === false) return { ...Object.fromEntries(Object.keys(files.defaults).map((k) => [k, 0])), prngSeed: DEFAULT_PRNG_SEED };
  const out = { ...defaults };
  for (const [key, value] of Object.entries(seed === true || seed === undefined ? {} : seed)) {
    if (value === undefined) continue;
    if (!(key in defaults)) throw new SeedFileError(`unknown seed option ${key}; known: ${Object.keys(defaults).join(', ')}`);
    if (!Number.isInteger(value) || value < 0) throw new SeedFileError(`seed option ${key} must be a non-negative integer, not ${value}`);
    out[key] = value;
  }
  return out;
}

interface Run {
  store: Store;
  opts: Record<string, number>;
  /** The files' scope: lists, constants, each set's records and exports as they are made. */
  global: Scope;
  streams: Map<string, Prng>;
  /** Sets another set reads: their records' scopes are kept. */
  read: Set<string>;
}

export function seedStore(store: Store, seed: boolean | SeedOptions | undefined, files: SeedFiles = SHIPPED_SEEDS): void {
  const opts = resolveSeed(seed, files);
  const global: Scope = { ...CONSTANTS, ...files.lists, sandbox: SANDBOX };
  const read = new Set(files.sets.flatMap((s) => [...s.needs]));
  const run: Run = { store, opts, global, streams: new Map(), read };
  for (const set of files.sets) {
    const records = seedSet(run, set);
    global[set.name] = records;
    const ctx: EvalContext = { i: 0, n: records.length, prng: stream(run, set.stream), idPrefix: 'XX' };
    for (const [name, code] of set.exports) global[name] = evaluator(code)({ records }, {}, global, ctx);
  }
}

/** Own PRNG stream per name: the name hashed (FNV-1a) with the PRNG seed. */
function stream(run: Run, name: string): Prng {
  let prng = run.streams.get(name);
  if (!prng) {
    let h = run.opts.prngSeed >>> 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    run.streams.set(name, (prng = createPrng(h)));
  }
  return prng;
}

type Evaluator = (s: Scope, S: Scope, G: Scope, c: EvalContext) => unknown;

function wrap(err: unknown, where: string): SeedFileError {
  return err instanceof SeedFileError ? err : new SeedFileError(`${where}: ${(err as Error).message}`);
}

const evaluators = new WeakMap<Code, Evaluator>();

/** One rule as a function of the record's, set's and files' scopes (compiled once per rule). */
function evaluator(code: Code): Evaluator {
  let cached = evaluators.get(code);
  if (!cached) evaluators.set(code, (cached = compileEvaluator(code)));
  return cached;
}

function compileEvaluator(code: Code): Evaluator {
  const fn = new Function('s', 'S', 'G', 'c', 'B', 'C', 'K', `"use strict"; return (${code.source});`);
  return (s, S, G, c) => {
    try {
      return fn(s, S, G, c, BUILTINS, cloneValue, safeKey);
    } catch (err) {
      throw wrap(err, code.where);
    }
  };
}

/** Fills one record's scope and record; returns the creation time as the data gives it. */
type Maker = (s: Scope, S: Scope, G: Scope, c: EvalContext, rec: TwilioRecord, T: (k: number, v: unknown) => unknown) => unknown;

const makers = new WeakMap<SeedSet, Map<TypeModel, Maker>>();

/** The set's maker for the type, compiled once (a reset reseeds with it). */
function maker(set: SeedSet, tm: TypeModel, timestamps: FieldDef[]): Maker {
  let byType = makers.get(set);
  if (!byType) makers.set(set, (byType = new Map()));
  let made = byType.get(tm);
  if (!made) byType.set(tm, (made = compileMaker(set, tm, timestamps)));
  return made;
}

/**
 * The set's record-level rules as one function, in written order: the account, lets into
 * s, copy onto the record, fields into s and the record (timestamps through T), carries into S.
 */
function compileMaker(set: SeedSet, tm: TypeModel, timestamps: FieldDef[]): Maker {
  const key = JSON.stringify;
  const lines: string[] = [];
  const wheres: string[] = [];
  const step = (code: Code, line: string): void => {
    lines.push(`k = ${wheres.length}; ${line}`);
    wheres.push(code.where);
  };
  lines.push(`s["account"] = ${JSON.stringify(SANDBOX_ACCOUNT_SID)};`);
  if (set.account) step(set.account, `s["account"] = String(${set.account.source});`);
  for (const [name, code] of set.let) step(code, `s[${key(name)}] = ${code.source};`);
  if (set.copy) step(set.copy, `X(rec, ${set.copy.source});`);
  for (const [name, code] of set.fields) {
    const t = timestamps.findIndex((f) => f.key === name);
    step(code, `s[${key(name)}] = ${code.source}; rec[${key(name)}] = ${t < 0 ? `s[${key(name)}]` : `T(${t}, s[${key(name)}])`};`);
  }
  for (const [name, , next] of set.carry) step(next, `S[${key(name)}] = ${next.source};`);
  const created = set.fields.some(([name]) => name === tm.createdKey) ? `s[${key(tm.createdKey)}]` : 'undefined';
  const body = `"use strict"; let k = -1;\ntry {\n${lines.join('\n')}\n} catch (err) { throw W(err, k); }\nreturn ${created};`;
  const fn = new Function('s', 'S', 'G', 'c', 'rec', 'T', 'B', 'C', 'K', 'X', 'W', body);
  const template = blank(tm);
  const allowed = (k: string): boolean => k in template || k === tm.keyField || tm.keyParents.includes(k);
  const copyOnto = (rec: TwilioRecord, source: TwilioRecord): void => {
    for (const k in source) if (allowed(k)) rec[k] = structuredClone(source[k]);
  };
  const fail = (err: unknown, k: number): SeedFileError => wrap(err, wheres[k] ?? `${set.file} set ${set.name}`);
  return (s, S, G, c, rec, T) => fn(s, S, G, c, rec, T, BUILTINS, cloneValue, safeKey, copyOnto, fail);
}

/** The set's type, when the sandbox serves it (a set of another type makes no records). */
function servedType(run: Run, set: SeedSet): TypeModel | undefined {
  const model = run.store.model;
  if (!model.catalog.objectTypes.has(set.type)) throw new SeedFileError(`${set.file} set ${set.name}: unknown object type ${set.type}`);
  const tm = model.types.get(set.type);
  if (!tm) return undefined;
  for (const [key] of set.fields) {
    if (!tm.fieldsByKey.has(key) && key !== tm.keyField && !tm.keyParents.includes(key)) {
      throw new SeedFileError(`${set.file} set ${set.name}: ${tm.name} has no field ${key}`);
    }
  }
  return tm;
}

/** Stores the set's records; returns their scopes (lets, fields, `record`) where another set reads them. */
function seedSet(run: Run, set: SeedSet): Scope[] {
  const out: Scope[] = [];
  const tm = servedType(run, set);
  if (!tm) return out;
  const count = set.count === undefined ? 0 : typeof set.count === 'number' ? set.count : run.opts[set.count.option];
  const ctx: EvalContext = { i: 0, n: count, prng: stream(run, set.stream), idPrefix: tm.idPrefix, typedPrefix: tm.typedId?.prefix };
  const G = run.global;
  const S: Scope = { i: 0, n: count };
  if (set.when && !evaluator(set.when)(S, S, G, ctx)) return out;
  for (const [name, code] of set.once) S[name] = evaluator(code)(S, S, G, ctx);
  for (const [name, from] of set.carry) S[name] = evaluator(from)(S, S, G, ctx);
  const keep = run.read.has(set.name) || set.exports.length > 0;
  // Timestamps given as epoch ms are written as the catalog says the field is.
  const timestamps = set.fields.map(([key]) => tm.fieldsByKey.get(key)).filter((f): f is FieldDef => f?.type === 'datetime');
  const make = maker(set, tm, timestamps);
  // The last instant written and its text: a record's times often repeat (date_sent, date_updated) and then share one string.
  let lastMs = NaN;
  let lastFormat: string | undefined;
  let lastText = '';
  const T = (k: number, value: unknown): unknown => {
    if (typeof value !== 'number') return value;
    const field = timestamps[k];
    if (value !== lastMs || field.format !== lastFormat) {
      lastMs = value;
      lastFormat = field.format;
      lastText = stamp(field, new Date(value));
    }
    return lastText;
  };

  const record = (s: Scope): void => {
    const rec = blank(tm);
    const created = make(s, S, G, ctx, rec, T);
    if (rec[tm.keyField] === null || rec[tm.keyField] === undefined)
      throw new SeedFileError(`${set.file} set ${set.name}: record ${s.i} has no ${tm.keyField}`);
    // The store orders by the time as written (whole seconds), spared parsing it back.
    run.store.insert(tm.name, s.account as string, rec, typeof created === 'number' ? Math.floor(created / 1000) * 1000 : undefined);
    if (keep) {
      s.record = rec;
      out.push(s);
    }
  };

  if (set.parent) {
    const per = evaluator(set.per!);
    for (const parent of G[set.parent] as Scope[]) {
      const items = per({ parent }, S, G, ctx);
      if (!Array.isArray(items)) throw new SeedFileError(`${set.per!.where}: expected a list, got ${typeof items}`);
      items.forEach((item, k) => {
        ctx.i = k;
        ctx.n = items.length;
        record({ i: k, n: items.length, parent, item });
      });
    }
  } else {
    for (let i = 0; i < count; i++) {
      ctx.i = i;
      record({ i, n: count });
    }
  }
  return out;
}
