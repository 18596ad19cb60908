// Expressions of the seed files ("=" + a JavaScript-like expression): parsed by jsep and
// translated to JavaScript source, which seed.ts compiles once per set, so a million
// seeded records cost no interpretation. Only what seeds need is allowed: literals,
// names (each resolved when the file loads: unknown names fail there), member access
// (undefined on null, like ?.), calls of the builtins below, arithmetic, comparison
// (== is strict), && || ?? and ?: (short-circuit, so a draw in an untaken branch is not
// made), array and object literals. Nothing else reaches the generated source: names
// and keys are quoted, literals written by JSON.stringify. Random builtins draw from the
// set's PRNG stream in the order expressions are evaluated, which is the order they are written.
import jsep, { type Expression } from 'jsep';
import jsepObject from '@jsep-plugin/object';
import { formatIso, formatRfc2822, parseIso } from './dates';
import type { Prng } from './prng';
import { hex, identifier, newSid } from './sids';

jsep.plugins.register(jsepObject);
jsep.removeLiteral('this');

/** What a builtin may use besides its arguments: the record's index, the set's size, its PRNG and its type's SID and typed-id prefixes. */
export interface EvalContext {
  i: number;
  n: number;
  prng: Prng;
  idPrefix: string;
  /** The type's typed-id prefix (comms_contact_), where its ids are typed. */
  typedPrefix?: string;
}

/** Values by name: a record's (lets, fields), its set's (once, carry, account) or every file's (lists, sets, exports). */
export type Scope = Record<string, unknown>;

/** A seed expression that cannot be compiled or evaluated; the seeder adds where it stands. */
export class SeedExpressionError extends Error {
  override name = 'SeedExpressionError';
}

const SECOND = 1000;
const DAY = 86_400_000;

/** Builtins, called by name. Random ones draw from ctx.prng. */
export const BUILTINS: Record<string, (ctx: EvalContext, ...args: never[]) => unknown> = {
  /** Uniform in [0, 1). */
  random: (ctx) => ctx.prng.next(),
  chance: (ctx, p: number) => ctx.prng.chance(p),
  /** Integer in [0, n). */
  int: (ctx, n: number) => ctx.prng.int(n),
  pick: (ctx, list: unknown[]) => ctx.prng.pick(list),
  /** A fresh SID: prefix (default: the type's) + 32 hex digits. */
  sid: (ctx, prefix?: string) => newSid(ctx.prng, prefix ?? ctx.idPrefix),
  /** `count` fresh SIDs. */
  sids: (ctx, prefix: string, count: number) => Array.from({ length: count }, () => newSid(ctx.prng, prefix)),
  hex: (ctx, chars: number) => hex(ctx.prng, chars),
  /** A Communications API identifier (time-ordered, 26 base32 characters) for the instant. */
  identifier: (ctx, ms: number) => identifier(ctx.prng, ms),
  /** The type's typed id for a bare identifier (comms_contact_ + identifier). */
  typedId: (ctx, bare: string) => {
    if (!ctx.typedPrefix) throw new SeedExpressionError('typedId(): this object type has no typed ids');
    return ctx.typedPrefix + bare;
  },
  /** The i-th of n instants spread evenly (plus jitter) over [from, to), ascending, whole seconds. */
  spread: (ctx, from: string, to: string) => {
    const base = time(from);
    return base + Math.floor((((ctx.i + ctx.prng.next()) / ctx.n) * (time(to) - base)) / SECOND) * SECOND;
  },
  /** Epoch ms of an ISO 8601 text. */
  time: (_ctx, text: string) => time(text),
  iso: (_ctx, ms: number) => formatIso(new Date(ms)),
  rfc2822: (_ctx, ms: number) => formatRfc2822(new Date(ms)),
  floor: (_ctx, x: number) => Math.floor(x),
  ceil: (_ctx, x: number) => Math.ceil(x),
  max: (_ctx, ...xs: number[]) => Math.max(...xs),
  min: (_ctx, ...xs: number[]) => Math.min(...xs),
  string: (_ctx, x: unknown) => String(x),
  number: (_ctx, x: unknown) => Number(x),
  /** x with `digits` decimals, as text. */
  fixed: (_ctx, x: number, digits: number) => x.toFixed(digits),
  /** x as text, zero-padded to `width`. */
  pad: (_ctx, x: unknown, width: number) => String(x).padStart(width, '0'),
  /** Every match of the regular expression replaced. */
  replace: (_ctx, text: string, pattern: string, by: string) => text.replace(new RegExp(pattern, 'g'), by),
  encodeURIComponent: (_ctx, text: string) => encodeURIComponent(text),
  /** '+14155550100' → '(415) 555-0100', as Twilio formats North American numbers; anything else unchanged. */
  nanp: (_ctx, e164: string) => {
    const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
    return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
  },
  /** The items whose `key` equals `value`. */
  where: (_ctx, list: Scope[], key: string, value: unknown) => list.filter((x) => x[key] === value),
  /** Each item's `key`. */
  pluck: (_ctx, list: Scope[], key: string) => list.map((x) => x[key]),
  /** `count` items of the list from index `start` on, wrapping around. */
  cycle: (_ctx, list: unknown[], start: number, count: number) => Array.from({ length: count }, (_, k) => list[(start + k) % list.length]),
  /** The items from index start up to (not including) end. */
  slice: (_ctx, list: unknown[], start: number, end?: number) => list.slice(start, end),
  /** Every `step`-th item, from the first. */
  every: (_ctx, list: unknown[], step: number) => list.filter((_, k) => k % step === 0),
  /** A deep copy (a record keeps no object another record shares). */
  copy: (_ctx, value: unknown) => structuredClone(value),
};

/** Constants every expression sees. */
export const CONSTANTS: Scope = { SECOND, MINUTE: 60 * SECOND, HOUR: 3600 * SECOND, DAY };

/** Parsed times by text: seeds name a few fixed instants (spread's bounds) once per record. */
const times = new Map<string, number>();

function time(text: string): number {
  let ms = times.get(text);
  if (ms === undefined) {
    ms = parseIso(text);
    if (Number.isNaN(ms)) throw new SeedExpressionError(`'${text}' is not an ISO 8601 time`);
    times.set(text, ms);
  }
  return ms;
}

/** Keys a computed member access may not read (`K` in the generated source refuses them). */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export function safeKey(key: unknown): string | number {
  if (typeof key === 'number') return key;
  const text = String(key);
  if (UNSAFE_KEYS.has(text)) throw new SeedExpressionError(`member ${text} is not allowed`);
  return text;
}

/** A copy of an object an expression yields (a list entry), so records share nothing; other values as they are. */
export function cloneValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

const BINARY: Record<string, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  // == and != are strict: seed data has no use for JavaScript's coercions.
  '==': '===',
  '!=': '!==',
  '===': '===',
  '!==': '!==',
  '&&': '&&',
  '||': '||',
  '??': '??',
};

/** Where a name's value lives in the generated source: s (the record), S (its set) or G (the files'); undefined for an unknown name. */
export type Resolve = (name: string) => 's' | 'S' | 'G' | undefined;

/**
 * JavaScript source of an expression, reading names through `resolve` and calling
 * builtins as B[name](c, …); computed keys go through K (safeKey).
 */
export function expressionSource(node: Expression, resolve: Resolve): string {
  const js = (n: Expression): string => expressionSource(n, resolve);
  switch (node.type) {
    case 'Literal':
      if (node.value !== null && !['string', 'number', 'boolean'].includes(typeof node.value))
        throw new SeedExpressionError(`literal ${String(node.raw)} is not allowed`);
      return JSON.stringify(node.value);
    case 'Identifier': {
      const name = node.name as string;
      const where = resolve(name);
      if (!where) throw new SeedExpressionError(`unknown name ${name}`);
      return `${where}[${JSON.stringify(name)}]`;
    }
    case 'MemberExpression': {
      const object = js(node.object as Expression);
      const property = node.property as Expression;
      if (node.computed) return `(${object})?.[K(${js(property)})]`;
      return `(${object})?.[${JSON.stringify(safeKey(property.name))}]`;
    }
    case 'CallExpression': {
      const callee = node.callee as Expression;
      const name = callee.type === 'Identifier' ? (callee.name as string) : undefined;
      if (!name || !Object.hasOwn(BUILTINS, name)) {
        throw new SeedExpressionError(`unknown function ${name ?? '(expression)'}; known: ${Object.keys(BUILTINS).join(', ')}`);
      }
      return `B[${JSON.stringify(name)}](${['c', ...(node.arguments as Expression[]).map(js)].join(', ')})`;
    }
    case 'UnaryExpression':
      if (node.operator !== '!' && node.operator !== '-') throw new SeedExpressionError(`operator ${String(node.operator)} is not allowed`);
      return `(${String(node.operator)}(${js(node.argument as Expression)}))`;
    case 'BinaryExpression': {
      const op = BINARY[node.operator as string];
      if (!op) throw new SeedExpressionError(`operator ${String(node.operator)} is not allowed`);
      return `((${js(node.left as Expression)}) ${op} (${js(node.right as Expression)}))`;
    }
    case 'ConditionalExpression':
      return `((${js(node.test as Expression)}) ? (${js(node.consequent as Expression)}) : (${js(node.alternate as Expression)}))`;
    case 'ArrayExpression':
      return `[${(node.elements as Expression[]).map(js).join(', ')}]`;
    case 'ObjectExpression': {
      const props = (node.properties as Expression[]).map((p) => {
        if (p.computed || p.shorthand) throw new SeedExpressionError('object literals take plain keys with values');
        const key = p.key as Expression;
        return `${JSON.stringify(String(key.type === 'Identifier' ? key.name : key.value))}: ${js(p.value as Expression)}`;
      });
      return `({${props.join(', ')}})`;
    }
    default:
      throw new SeedExpressionError(`${node.type} is not allowed in a seed expression`);
  }
}

/** Whether an expression's value is made fresh by the expression itself (a literal, arithmetic), so needs no copy. */
function fresh(node: Expression): boolean {
  if (node.type === 'BinaryExpression') return !['&&', '||', '??'].includes(node.operator as string);
  return ['Literal', 'ArrayExpression', 'ObjectExpression', 'UnaryExpression'].includes(node.type);
}

/**
 * JavaScript source of a rule: '=' + an expression; an array or object of rules (a
 * template, evaluated member by member in written order); any other value as it is.
 * `clone` copies objects an expression yields (list entries), so stored records share nothing.
 */
export function ruleSource(raw: unknown, resolve: Resolve, clone = false): string {
  if (typeof raw === 'string' && raw.startsWith('=')) {
    let node: Expression;
    try {
      node = jsep(raw.slice(1));
    } catch (err) {
      throw new SeedExpressionError(`cannot parse '${raw}': ${(err as Error).message}`);
    }
    const source = expressionSource(node, resolve);
    return clone && !fresh(node) ? `C(${source})` : source;
  }
  if (Array.isArray(raw)) return `[${raw.map((item) => ruleSource(item, resolve, clone)).join(', ')}]`;
  if (raw !== null && typeof raw === 'object') {
    return `({${Object.entries(raw)
      .map(([key, value]) => `${JSON.stringify(key)}: ${ruleSource(value, resolve, clone)}`)
      .join(', ')}})`;
  }
  return JSON.stringify(raw) ?? 'undefined';
}
