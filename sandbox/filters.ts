// Turns a list request's query into a record predicate from the route's declared
// filters: equality as strings, Name / Name< / Name> for date ranges (inclusive), bounds
// the definition names (start_date / end_date: strictly after / before), and array
// parameters given once per value (any of them).
import type { FilterDef, RouteDef } from '../connector/catalog/types';
import { parseFilterDate, parseTimestamp, utcDay } from './dates';
import { TwilioError } from './errors';
import { snake, type TypeModel } from './model';
import type { TwilioRecord } from './store';

export type Predicate = (rec: TwilioRecord) => boolean;

export interface CompiledQuery {
  predicate: Predicate;
  /** The filter parameters recognised, in request order, for the page URIs. */
  carried: Array<[string, string]>;
}

/** Equal, inclusive bounds (Name<, Name>), strict named bounds (start_date, end_date). */
type Op = '=' | '<' | '>' | 'before' | 'after';

const COMPARE: Record<Op, (ms: number, target: number) => boolean> = {
  '=': (ms, target) => ms === target,
  '<': (ms, target) => ms <= target,
  '>': (ms, target) => ms >= target,
  before: (ms, target) => ms < target,
  after: (ms, target) => ms > target,
};

function fieldKey(tm: TypeModel, f: FilterDef): string | undefined {
  const key = tm.fieldsByName.get(f.field ?? f.name)?.key ?? snake(f.name);
  return tm.fieldsByKey.has(key) ? key : undefined; // e.g. IncludeSoftDeleted names no field
}

function rangeTest(f: FilterDef, key: string, op: Op, raw: string): Predicate {
  const value = parseFilterDate(raw);
  if (!value) throw TwilioError.of(20001, `Invalid value ${raw} for parameter ${paramName(f, op)}`);
  // A 'date' filter, or a plain day given to a 'date-time' one, compares whole UTC days.
  const byDay = f.range === 'date' || value.dayOnly;
  const target = byDay ? utcDay(value.ms) : value.ms;
  const compare = COMPARE[op];
  return (rec) => {
    const v = rec[key];
    if (typeof v !== 'string') return false;
    let ms = parseTimestamp(v);
    if (Number.isNaN(ms)) return false;
    if (byDay) ms = utcDay(ms);
    return compare(ms, target);
  };
}

/** The query parameter a filter and operator arrive as. */
function paramName(f: FilterDef, op: Op): string {
  if (op === 'after' || op === 'before') return f[op] ?? f.name;
  return op === '=' ? f.name : f.name + op;
}

function equalityTest(f: FilterDef, key: string, raw: string): Predicate {
  const want = f.type === 'boolean' ? raw.toLowerCase() : raw;
  return (rec) => {
    const v = rec[key];
    return v !== null && v !== undefined && String(v) === want;
  };
}

/** An array parameter given once per value: a record whose field is any of them. */
function listTest(key: string, values: string[]): Predicate {
  const wanted = new Set(values);
  return (rec) => {
    const v = rec[key];
    return v !== null && v !== undefined && wanted.has(String(v));
  };
}

export function compileQuery(tm: TypeModel, route: RouteDef, query: Array<[string, string]>, parents: Record<string, string>): CompiledQuery {
  const byParam = new Map<string, { f: FilterDef; op: Op }>();
  for (const f of route.filters ?? []) {
    if (f.after || f.before) {
      // A filter whose bounds the definition names takes only those parameters.
      if (f.after) byParam.set(f.after, { f, op: 'after' });
      if (f.before) byParam.set(f.before, { f, op: 'before' });
      continue;
    }
    byParam.set(f.name, { f, op: '=' });
    if (f.range) {
      byParam.set(`${f.name}<`, { f, op: '<' });
      byParam.set(`${f.name}>`, { f, op: '>' });
    }
  }
  const tests: Predicate[] = Object.entries(parents).map(([name, value]) => {
    const key = snake(name);
    return (rec: TwilioRecord) => rec[key] === value;
  });
  const carried: Array<[string, string]> = [];
  const lists = new Map<FilterDef, string[]>();
  for (const [name, raw] of query) {
    const hit = byParam.get(name);
    if (!hit) continue;
    carried.push([name, raw]);
    const key = fieldKey(tm, hit.f);
    if (!key) continue;
    if (hit.f.repeated) lists.set(hit.f, [...(lists.get(hit.f) ?? []), raw]);
    else tests.push(hit.f.range ? rangeTest(hit.f, key, hit.op, raw) : equalityTest(hit.f, key, raw));
  }
  for (const [f, values] of lists) tests.push(listTest(fieldKey(tm, f)!, values));
  return { predicate: (rec) => tests.every((t) => t(rec)), carried };
}
