// Plans a Query: picks the list route from the filters (a parent id filter such as
// ConferenceSid=CF… selects the nested list), maps each filter to Twilio's list
// parameters where Twilio offers them, and keeps an exact test applied to every
// fetched record so Before/On/After mean the same whatever Twilio's granularity.
// A date range Twilio offers on a record field, bounded below, may be fetched as
// date windows (windows.ts): the plan says which, and gives each window's parameters.
import type { FieldDef, FilterDef, ObjectTypeDef, RouteDef } from './catalog/types';
import { InvalidInputError, type ErrorContext } from './errors';
import type { Pairs } from './http/client';
import { accountOf, parentValue, routesFor, sameAccount } from './ids';
import { actionRequest, listSegments } from './catalog/routes';
import { toWire } from './values/convert';
import { ACCOUNT_SID, ACCOUNT_SID_PATTERN } from './values/sids';
import { formatDate, formatIso, isDateOnly, parseTimestamp, timestampProblem } from './values/dates';

export type FilterOp = 'eq' | 'before' | 'on' | 'after';

export interface Filter {
  field: string;
  op: FilterOp;
  value: string;
}

type RecordTest = (record: Record<string, unknown>) => boolean;

export interface QueryPlan {
  route: RouteDef;
  pathValues: Record<string, string>;
  query: Pairs;
  /** Exact test on a fetched record; undefined when Twilio's own filtering is exact. */
  accept?: RecordTest;
  /** The range a windowed Query splits, where the filters give one. */
  windowable?: WindowableRange;
}

/** Half-open instants in ms: from inclusive, to exclusive; either may be open. */
export interface Bound {
  from?: number;
  to?: number;
}

/**
 * A date range Twilio filters on (so each window is its own list request), backed by a
 * record field (so each window's result is exact) and bounded below (so it can be split).
 */
export interface WindowableRange {
  filter: FilterDef;
  /** Record key of the field, e.g. date_sent. */
  key: string;
  bound: Bound & { from: number };
  /** Twilio's granularity for the filter: windows are cut on whole seconds or whole UTC days. */
  grain: 'second' | 'day';
  /** The query and record test of everything but this range. */
  rest: { query: Pairs; tests: RecordTest[] };
}

const OPERATORS: Record<string, FilterOp> = {
  '=': 'eq',
  '<': 'before',
  '>': 'after',
  eq: 'eq',
  equals: 'eq',
  before: 'before',
  on: 'on',
  after: 'after',
};

const SPELLINGS = Object.keys(OPERATORS).join(' ');

/**
 * A filter given as an object (an option, an input document, a canvas field) in the form the
 * plan reads: its operator in any spelling the text form takes (After, >, equals) and a
 * number or boolean value as its text. @throws InvalidInputError naming the field and the rule
 */
export function normalFilter(f: { field: string; op: string; value: unknown }, ctx: ErrorContext = {}): Filter {
  const op = typeof f.op === 'string' ? OPERATORS[f.op.trim().toLowerCase()] : undefined;
  if (!op) throw new InvalidInputError(f.field, `operator '${String(f.op)}' is not one of ${SPELLINGS}`, ctx);
  const { value } = f;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidInputError(f.field, `value must be text (or a number or boolean), not ${value === null ? 'null' : typeof value}`, ctx);
  }
  return { field: f.field, op, value: String(value) };
}

/** Parses `DateSent>2024-01-01`, `DateSent after 2024-01-01 10:00:00`, `To=+13115556789`. */
export function parseFilter(text: string): Filter {
  const compound = /^\s*[A-Za-z][A-Za-z0-9_]*\s*([<>]=)/.exec(text);
  if (compound) {
    // Read as Field>'=value' it would fail as no timestamp; say what the operators are.
    throw new InvalidInputError(
      'filter',
      `'${text}': ${compound[1]} is not an operator; use > (after), < (before) or = (equals, or on a day), or before|on|after`,
    );
  }
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:([=<>])|\s(eq|equals|before|on|after)\s)\s*(.*?)\s*$/i.exec(text);
  if (!m) {
    throw new InvalidInputError('filter', `'${text}' is not Field=value, Field<value, Field>value or Field before|on|after value`);
  }
  return { field: m[1], op: OPERATORS[(m[2] ?? m[3]).toLowerCase()], value: m[4] };
}

const DAY_MS = 86_400_000;

function boundOf(f: Filter, ctx: ErrorContext): Bound {
  let at: Date;
  try {
    at = parseTimestamp(f.value);
  } catch (err) {
    throw new InvalidInputError(f.field, `'${f.value}' is not a timestamp${timestampProblem(err)} (YYYY-MM-DD HH:MM:SS in UTC, or ISO 8601)`, ctx);
  }
  const t = at.getTime();
  switch (f.op) {
    case 'after':
      return { from: t + 1 };
    case 'before':
      return { to: t };
    default:
      // On a day means that whole UTC day; on a timestamp means that second.
      return isDateOnly(f.value) ? { from: t, to: t + DAY_MS } : { from: t, to: t + 1000 };
  }
}

/** A record field's instant in ms, undefined where it holds none. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const quick = canonicalTime(value);
  if (quick !== undefined) return quick;
  try {
    return parseTimestamp(value).getTime();
  } catch {
    return undefined;
  }
}

const TWILIO_RFC2822 =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const TWILIO_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const MONTH = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const WEEKDAY = 'SunMonTueWedThuFriSat';

/**
 * The instant of a timestamp in the exact form Twilio writes ('Mon, 17 Sep 2012 01:13:42 +0000',
 * '2012-09-17T01:13:42Z'), read without the general parser: every record of a Query is tested,
 * and that parser's tolerance costs ~3 µs a record. Undefined for anything it is not sure of
 * (the general parser then decides), so both always agree.
 */
function canonicalTime(text: string): number | undefined {
  let y: number,
    mo: number,
    d: number,
    h: number,
    mi: number,
    se: number,
    offset = 0,
    weekday = -1;
  const rfc = text.length === 31 ? TWILIO_RFC2822.exec(text) : null;
  if (rfc) {
    weekday = WEEKDAY.indexOf(rfc[1]) / 3;
    [d, mo, y, h, mi, se] = [Number(rfc[2]), MONTH.indexOf(rfc[3]) / 3, Number(rfc[4]), Number(rfc[5]), Number(rfc[6]), Number(rfc[7])];
    offset = (rfc[8] === '-' ? -1 : 1) * (Number(rfc[9]) * 60 + Number(rfc[10]));
    if (Number(rfc[9]) > 23 || Number(rfc[10]) > 59) return undefined;
  } else {
    const iso = text.length === 20 ? TWILIO_ISO.exec(text) : null;
    if (!iso) return undefined;
    [y, mo, d, h, mi, se] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6])];
  }
  if (h > 23 || mi > 59 || se > 59 || y < 1000) return undefined;
  const local = Date.UTC(y, mo, d, h, mi, se);
  const check = new Date(local);
  // A day that does not exist (31 Feb) rolls over; the weekday must name the date as written.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo || (weekday >= 0 && check.getUTCDay() !== weekday)) return undefined;
  return local - offset * 60_000;
}

/** Twilio's inclusive range parameters for a bound, coarse enough never to drop a match. */
function wireRange(def: FilterDef, bound: Bound): Pairs {
  const fmt = (ms: number) => (def.range === 'date' ? formatDate(new Date(ms)) : formatIso(new Date(ms)));
  const out: Pairs = [];
  if (def.after || def.before) {
    // Named bounds (start_date, end_date) may be exclusive: widen by a second, the record test is exact.
    if (bound.from !== undefined && def.after) out.push([def.after, fmt(Math.floor(bound.from / 1000) * 1000 - 1000)]);
    if (bound.to !== undefined && def.before) out.push([def.before, fmt(Math.ceil(bound.to / 1000) * 1000 + 1000)]);
    return out;
  }
  if (bound.from !== undefined && bound.to !== undefined && def.range === 'date' && formatDate(new Date(bound.from)) === formatDate(new Date(bound.to - 1))) {
    return [[def.name, fmt(bound.from)]];
  }
  if (bound.from !== undefined) out.push([`${def.name}>`, fmt(def.range === 'date' ? bound.from : Math.floor(bound.from / 1000) * 1000)]);
  if (bound.to !== undefined) out.push([`${def.name}<`, fmt(def.range === 'date' ? bound.to - 1 : Math.ceil(bound.to / 1000) * 1000)]);
  return out;
}

/** The list route whose parent ids the equality filters all give, the most specific first. */
function chooseRoute(def: ObjectTypeDef, filters: Filter[], ctx: ErrorContext): RouteDef {
  const routes = routesFor(def, 'query').filter((r) => actionRequest(r, 'query'));
  const equalities = new Set(filters.filter((f) => f.op === 'eq').map((f) => f.field));
  const candidates = routes
    .filter((r) => listSegments(r).every((seg) => equalities.has(seg.name)))
    .sort((a, b) => listSegments(b).length - listSegments(a).length);
  if (!candidates[0]) {
    const needed = routes
      .map((r) =>
        listSegments(r)
          .map((s) => `${s.name}=…`)
          .join(' and '),
      )
      .join(' or ');
    throw new InvalidInputError('filter', `Twilio lists ${def.name} records per parent: give ${needed}`, ctx);
  }
  return candidates[0];
}

/** Path values of the route (account, parents) and the filters they used up. */
function pathValuesOf(
  route: RouteDef,
  filters: Filter[],
  accountSid: string,
  ctx: ErrorContext,
): { pathValues: Record<string, string>; consumed: Set<Filter> } {
  const pathValues: Record<string, string> = {};
  const consumed = new Set<Filter>();
  /** The account an AccountSid filter or a parent's prefix named. */
  let named: string | undefined;
  if (route.accountParam) {
    const given = filters.find((f) => f.field === 'AccountSid' && f.op === 'eq' && !route.filters?.some((x) => x.name === 'AccountSid'));
    named = given?.value;
    const account = given?.value ?? accountSid;
    if (!ACCOUNT_SID.test(account)) throw new InvalidInputError('AccountSid', `'${account}' does not match ${ACCOUNT_SID_PATTERN}`, ctx);
    pathValues[route.accountParam] = account;
    if (given) consumed.add(given);
  }
  for (const seg of listSegments(route)) {
    const f = filters.find((x) => x.field === seg.name && x.op === 'eq')!;
    const { account, value } = route.accountParam ? accountOf(f.value) : { value: f.value };
    if (account) named = pathValues[route.accountParam!] = sameAccount(seg.name, f.value, account, named, ctx);
    // A typed id (comms_audience_01h…) as records carry it: the path takes the bare identifier.
    pathValues[seg.name] = parentValue(seg, value, ctx);
    consumed.add(f);
  }
  return { pathValues, consumed };
}

interface Range {
  filter?: FilterDef;
  field?: FieldDef;
  bound: Bound;
}

/**
 * A record test for equality on a field Twilio does not filter on. A flag or a number is
 * checked as one and compared by value (Muted=True is true; NumSegments=02 is 2), so a
 * value of the wrong kind is refused instead of matching nothing; text compares as written.
 */
function equalityTest(field: FieldDef, f: Filter, ctx: ErrorContext): RecordTest {
  const key = field.key;
  if (field.type === 'boolean' || field.type === 'integer' || field.type === 'number') {
    const wire = toWire({ name: f.field, type: field.type }, f.value, '', ctx);
    if (field.type === 'boolean') return (r) => r[key] !== null && r[key] !== undefined && String(r[key]).toLowerCase() === wire;
    const expected = Number(wire);
    return (r) => r[key] !== null && r[key] !== undefined && r[key] !== '' && Number(r[key]) === expected;
  }
  const expected = f.value;
  return (r) => {
    const v = r[key];
    return v !== null && v !== undefined && String(v) === expected;
  };
}

/** Refuses an equality value the definition does not list, pointing to the one it names in another case. */
function checkEnum(name: string, values: string[], allowed: string[], ctx: ErrorContext): void {
  for (const value of values) {
    if (allowed.includes(value)) continue;
    const near = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    const hint = near === undefined ? '' : `; did you mean '${near}'?`;
    throw new InvalidInputError(name, `'${value.length > 80 ? value.slice(0, 80) + '…' : value}' is not one of ${allowed.join(', ')}${hint}`, ctx);
  }
}

/** The values of a filter Twilio takes several of: `a,b` (spaces around each allowed), none empty. */
function listItems(name: string, value: string, ctx: ErrorContext): string[] {
  const items = value.split(',').map((v) => v.trim());
  if (items.some((v) => v === '')) throw new InvalidInputError(name, `'${value}' has an empty value; name one or more separated by commas`, ctx);
  return items;
}

/** A record test that the field's instant lies in the bound. */
function inRange(key: string, bound: Bound): RecordTest {
  return (r) => {
    const t = timeOf(r[key]);
    return t !== undefined && (bound.from === undefined || t >= bound.from) && (bound.to === undefined || t < bound.to);
  };
}

export function planQuery(def: ObjectTypeDef, filters: Filter[], accountSid: string, defaultCountry: string): QueryPlan {
  const ctx: ErrorContext = { action: 'query', objectType: def.name };
  // A field may be named by its JSON key as --fields takes it (date_sent for DateSent), where no filter or field has that name.
  const names = new Set([...def.fields.map((x) => x.name), ...def.routes.flatMap((r) => (r.filters ?? []).map((x) => x.name))]);
  const byKey = new Map(def.fields.map((x) => [x.key, x.name]));
  filters = filters.map((f) => {
    const normal = normalFilter(f, ctx);
    return names.has(normal.field) ? normal : { ...normal, field: byKey.get(normal.field) ?? normal.field };
  });
  const route = chooseRoute(def, filters, ctx);
  const { pathValues, consumed } = pathValuesOf(route, filters, accountSid, ctx);

  const query: Pairs = [];
  const tests: RecordTest[] = [];
  const ranges = new Map<string, Range>();
  /** The value of each equality filter on a parameter or field that takes one. */
  const equalities = new Map<string, string>();
  const offered = (route.filters ?? []).map((f) => f.name);

  for (const f of filters) {
    if (consumed.has(f)) continue;
    const filterDef = route.filters?.find((x) => x.name === f.field);
    const field = def.fields.find((x) => x.name === (filterDef?.field ?? f.field));
    if (!filterDef && !field) {
      throw new InvalidInputError(f.field, `is neither a filter Twilio offers here (${offered.join(', ') || 'none'}) nor a field of ${def.name}`, ctx);
    }
    const isTime = filterDef?.range !== undefined || (!filterDef && (field!.type === 'datetime' || field!.type === 'date'));
    if (isTime) {
      const key = filterDef?.name ?? field!.name;
      const entry = ranges.get(key) ?? { filter: filterDef?.range ? filterDef : undefined, field, bound: {} };
      const b = boundOf(f, ctx);
      // Several bounds on one field intersect.
      if (b.from !== undefined) entry.bound.from = Math.max(entry.bound.from ?? -Infinity, b.from);
      if (b.to !== undefined) entry.bound.to = Math.min(entry.bound.to ?? Infinity, b.to);
      ranges.set(key, entry);
      continue;
    }
    if (f.op !== 'eq') {
      throw new InvalidInputError(f.field, `'${f.op}' applies to timestamps only; use ${f.field}=value`, ctx);
    }
    // Twilio takes one value of a parameter that is no list (a second To= would be the one it reads, or
    // not), and a record holds one value of a field: a second, other value would match nothing.
    if (!(filterDef ? filterDef.repeated : field!.repeated)) {
      const name = filterDef?.name ?? field!.name;
      const earlier = equalities.get(name);
      if (earlier !== undefined && earlier !== f.value.trim()) {
        throw new InvalidInputError(f.field, `is given twice ('${earlier}' and '${f.value.trim()}'); it takes one value, and a record has one`, ctx);
      }
      equalities.set(name, f.value.trim());
      if (earlier !== undefined) continue; // the same value again
    }
    // A value the definition does not list matches nothing: refused, not silently empty.
    // Twilio's parameter says what it takes where there is one; else the record field does.
    // Each value as it is sent, or compared (a repeated field as its items joined by commas).
    const allowed = filterDef ? filterDef.enum : field!.enum;
    if (filterDef) {
      // An array parameter goes once per value, as Twilio's own clients send it.
      const values = filterDef.repeated ? listItems(f.field, f.value, ctx) : [f.value.trim()];
      if (allowed) checkEnum(f.field, values, allowed, ctx);
      for (const value of values) query.push([filterDef.name, toWire({ ...filterDef, type: filterDef.type }, value, defaultCountry, ctx)]);
    } else {
      if (allowed) checkEnum(f.field, field!.repeated ? f.value.split(',') : [f.value], allowed, ctx);
      // Twilio cannot filter on this field: compare every fetched record.
      tests.push(equalityTest(field!, f, ctx));
    }
  }

  // The first range Twilio filters on, backed by a record field and bounded below, may be windowed;
  // each window then carries the other filters (rest) and its own part of that range.
  const split = [...ranges.values()].find((r) => r.filter && r.field && r.bound.from !== undefined);
  const rest = { query: [...query], tests: [...tests] };
  for (const range of ranges.values()) {
    const pairs = range.filter ? wireRange(range.filter, range.bound) : [];
    // Without a record field to check against, Twilio's own filter stands.
    const test = range.field ? [inRange(range.field.key, range.bound)] : [];
    query.push(...pairs);
    tests.push(...test);
    if (range !== split) {
      rest.query.push(...pairs);
      rest.tests.push(...test);
    }
  }
  const windowable: WindowableRange | undefined = split && {
    filter: split.filter!,
    key: split.field!.key,
    bound: split.bound as Bound & { from: number },
    grain: split.filter!.range === 'date' ? 'day' : 'second',
    rest,
  };
  const accept = tests.length ? (r: Record<string, unknown>) => tests.every((t) => t(r)) : undefined;
  return { route, pathValues, query, accept, windowable };
}

/** One date window of a windowable range: its list parameters and its exact record test. */
export function windowPlan(range: WindowableRange, window: Bound): { query: Pairs; accept: RecordTest } {
  const bound = { from: Math.max(window.from ?? -Infinity, range.bound.from), to: Math.min(window.to ?? Infinity, range.bound.to ?? Infinity) };
  const within: Bound = { from: bound.from, to: Number.isFinite(bound.to) ? bound.to : undefined };
  const tests = [...range.rest.tests, inRange(range.key, within)];
  return { query: [...range.rest.query, ...wireRange(range.filter, within)], accept: (r) => tests.every((t) => t(r)) };
}
