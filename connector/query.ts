// Plans a Query: picks the list route from the filters (a parent id filter such as
// ConferenceSid=CF… selects the nested list), maps each filter to Twilio's list
// parameters where Twilio offers them, and keeps an exact test applied to every
// fetched record so Before/On/After mean the same whatever Twilio's granularity.
import type { FieldDef, FilterDef, ObjectTypeDef, RouteDef } from './catalog/types';
import { InvalidInputError, type ErrorContext } from './errors';
import type { Pairs } from './http/client';
import { routesFor, untyped } from './ids';
import { actionRequest, listSegments } from './catalog/routes';
import { toWire } from './values/convert';
import { formatDate, formatIso, isDateOnly, parseTimestamp } from './values/dates';

export type FilterOp = 'eq' | 'before' | 'on' | 'after';

export interface Filter {
  field: string;
  op: FilterOp;
  value: string;
}

export interface QueryPlan {
  route: RouteDef;
  pathValues: Record<string, string>;
  query: Pairs;
  /** Exact test on a fetched record; undefined when Twilio's own filtering is exact. */
  accept?: (record: Record<string, unknown>) => boolean;
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

/** Parses `DateSent>2024-01-01`, `DateSent after 2024-01-01 10:00:00`, `To=+13115556789`. */
export function parseFilter(text: string): Filter {
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:([=<>])|\s(eq|equals|before|on|after)\s)\s*(.*?)\s*$/i.exec(text);
  if (!m) {
    throw new InvalidInputError('filter', `'${text}' is not Field=value, Field<value, Field>value or Field before|on|after value`);
  }
  return { field: m[1], op: OPERATORS[(m[2] ?? m[3]).toLowerCase()], value: m[4] };
}

const DAY_MS = 86_400_000;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

interface Bound {
  from?: number; // inclusive, ms
  to?: number; // exclusive, ms
}

function boundOf(f: Filter, ctx: ErrorContext): Bound {
  let at: Date;
  try {
    at = parseTimestamp(f.value);
  } catch {
    throw new InvalidInputError(f.field, `'${f.value}' is not a timestamp (YYYY-MM-DD HH:MM:SS in UTC, or ISO 8601)`, ctx);
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

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return parseTimestamp(value).getTime();
  } catch {
    return undefined;
  }
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

export function planQuery(def: ObjectTypeDef, filters: Filter[], accountSid: string, defaultCountry: string): QueryPlan {
  const ctx: ErrorContext = { action: 'query', objectType: def.name };
  const routes = routesFor(def, 'query').filter((r) => actionRequest(r, 'query'));
  const equalities = new Map(filters.filter((f) => f.op === 'eq').map((f) => [f.field, f.value]));
  const parentsOf = listSegments;

  // The route whose parent ids are all given, preferring the most specific one.
  const candidates = routes
    .filter((r) => parentsOf(r).every((seg) => equalities.has(seg.name)))
    .sort((a, b) => parentsOf(b).length - parentsOf(a).length);
  const route = candidates[0];
  if (!route) {
    const needed = routes.map((r) => parentsOf(r).map((s) => `${s.name}=…`).join(' and ')).join(' or ');
    throw new InvalidInputError('filter', `Twilio lists ${def.name} records per parent: give ${needed}`, ctx);
  }

  const pathValues: Record<string, string> = {};
  const consumed = new Set<Filter>();
  if (route.accountParam) {
    const given = filters.find((f) => f.field === 'AccountSid' && f.op === 'eq' && !route.filters?.some((x) => x.name === 'AccountSid'));
    const account = given?.value ?? accountSid;
    if (!ACCOUNT_SID.test(account)) throw new InvalidInputError('AccountSid', `'${account}' does not match ^AC[0-9a-fA-F]{32}$`, ctx);
    pathValues[route.accountParam] = account;
    if (given) consumed.add(given);
  }
  for (const seg of parentsOf(route)) {
    const f = filters.find((x) => x.field === seg.name && x.op === 'eq')!;
    // A typed id (comms_audience_01h…) as records carry it: the path takes the bare identifier.
    const value = untyped(seg.pattern, f.value);
    if (!new RegExp(seg.pattern).test(value)) throw new InvalidInputError(seg.name, `'${f.value}' does not match ${seg.pattern}`, ctx);
    pathValues[seg.name] = value;
    consumed.add(f);
  }

  const query: Pairs = [];
  const tests: Array<(r: Record<string, unknown>) => boolean> = [];
  const bounds = new Map<string, { filter?: FilterDef; field?: FieldDef; bound: Bound }>();
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
      const entry = bounds.get(key) ?? { filter: filterDef?.range ? filterDef : undefined, field, bound: {} };
      const b = boundOf(f, ctx);
      // Several bounds on one field intersect.
      if (b.from !== undefined) entry.bound.from = Math.max(entry.bound.from ?? -Infinity, b.from);
      if (b.to !== undefined) entry.bound.to = Math.min(entry.bound.to ?? Infinity, b.to);
      bounds.set(key, entry);
      continue;
    }
    if (f.op !== 'eq') {
      throw new InvalidInputError(f.field, `'${f.op}' applies to timestamps only; use ${f.field}=value`, ctx);
    }
    if (filterDef) {
      query.push([filterDef.name, toWire({ ...filterDef, type: filterDef.type }, f.value, defaultCountry, ctx)]);
    } else {
      // Twilio cannot filter on this field: compare every fetched record.
      const key = field!.key;
      const expected = f.value;
      tests.push((r) => {
        const v = r[key];
        return v !== null && v !== undefined && String(v) === expected;
      });
    }
  }

  for (const { filter, field, bound } of bounds.values()) {
    if (filter) query.push(...wireRange(filter, bound));
    if (!field) continue; // no record field to check against: Twilio's own filter stands
    const key = field.key;
    tests.push((r) => {
      const t = timeOf(r[key]);
      if (t === undefined) return false;
      return (bound.from === undefined || t >= bound.from) && (bound.to === undefined || t < bound.to);
    });
  }

  const accept = tests.length ? (r: Record<string, unknown>) => tests.every((t) => t(r)) : undefined;
  return { route, pathValues, query, accept };
}

/** Classic API: relative next_page_uri; newer APIs: meta.next_page_url; Communications API: pagination.next (a token or a URL). */
export function nextPageUrl(page: Record<string, unknown>): string | undefined {
  const uri = page.next_page_uri;
  if (typeof uri === 'string' && uri) return uri;
  const meta = page.meta as Record<string, unknown> | undefined;
  const url = meta?.next_page_url ?? (page.pagination as Record<string, unknown> | undefined)?.next;
  return typeof url === 'string' && url ? url : undefined;
}
