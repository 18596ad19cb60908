// Builds and renders Twilio JSON records from a type's field list: every field present
// (null when unknown), form parameters mapped by name, defaults from defaults.ts.
import type { BodyDef, FieldDef } from '../connector/catalog/types';
import type { DefaultRule } from './defaults';
import { formatIso, formatRfc2822 } from './dates';
import { snake, type TypeModel } from './model';
import type { Prng } from './prng';
import { fillTemplate } from './routes';
import { digits, hex, newSid } from './sids';
import type { TwilioRecord } from './store';

/** Decoded form body or query: parameter name → values in order. */
export type FormParams = Map<string, string[]>;

/** A JSON request body (or one item of a batch), as parsed. */
export type JsonBody = Record<string, unknown>;

/**
 * A JSON body as parameters, for the checks shared with form bodies: each top-level key
 * with its value as text (objects and arrays as JSON, arrays of scalars repeated).
 */
export function jsonParams(doc: JsonBody): FormParams {
  const form: FormParams = new Map();
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  for (const [k, v] of Object.entries(doc)) {
    if (v === null || v === undefined) continue;
    const scalars = Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');
    form.set(k, scalars ? (v as unknown[]).map(text) : [text(v)]);
  }
  return form;
}

export const API_VERSION = '2010-04-01';

const templates = new WeakMap<TypeModel, TwilioRecord>();

/** A record with every field null, plus api_version where a classic type has it. */
export function blank(tm: TypeModel): TwilioRecord {
  let template = templates.get(tm);
  if (!template) {
    const draft: TwilioRecord = {};
    for (const f of tm.def.fields) draft[f.key] = null;
    if ('api_version' in draft && tm.classic) draft.api_version = API_VERSION;
    // Built by JSON.parse the template has a fast shape, which makes the spread below ~10x cheaper.
    template = JSON.parse(JSON.stringify(draft)) as TwilioRecord;
    templates.set(tm, template);
  }
  return { ...template };
}

/** A timestamp as the field's format says Twilio writes it (RFC 2822 unless marked ISO). */
export function stamp(field: FieldDef | undefined, date: Date): string {
  return field?.format === 'iso8601' ? formatIso(date) : formatRfc2822(date);
}

export function setTimestamps(tm: TypeModel, rec: TwilioRecord, date: Date, keys: string[]): void {
  for (const key of keys) if (tm.fieldsByKey.has(key)) rec[key] = stamp(tm.fieldsByKey.get(key), date);
}

function convert(field: FieldDef, value: string): unknown {
  switch (field.type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number':
      return value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'json':
    case 'object':
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/** Keys a client never sets: identity, ownership and bookkeeping. */
export function protectedKeys(tm: TypeModel, pathParams: Record<string, string>): Set<string> {
  return new Set([
    'sid',
    'account_sid',
    'owner_account_sid',
    'date_created',
    'date_updated',
    'uri',
    'subresource_uris',
    tm.createdKey,
    tm.updatedKey,
    ...(tm.typedId ? [tm.typedId.field, 'deleted_at'] : []),
    tm.keyField,
    ...tm.keyParents,
    ...Object.keys(pathParams).map(snake),
  ]);
}

/** Structured fields (objects, arrays of them, free-form JSON), which a JSON body gives as they are to be stored. */
function structured(field: FieldDef): boolean {
  return field.type === 'object' || field.type === 'json';
}

/**
 * Declared body parameters onto the fields of the same name (JSON bodies: the same key);
 * unknown ones are ignored. Structured values come from the JSON body itself, so nested
 * arrays and objects stay as sent (null clears them).
 */
export function applyParams(tm: TypeModel, rec: TwilioRecord, params: FormParams, body: BodyDef | undefined, locked: Set<string>, json?: JsonBody): void {
  for (const p of body?.params ?? []) {
    if (p.header) continue;
    const field = tm.fieldsByName.get(p.name) ?? tm.fieldsByKey.get(p.name);
    if (!field && p.name.includes('.')) {
      dottedParam(tm, rec, p.name, params.get(p.name), locked);
      continue;
    }
    if (!field || locked.has(field.key)) continue;
    if (json && structured(field) && p.name in json) {
      rec[field.key] = structuredClone(json[p.name]) ?? null;
      continue;
    }
    const values = params.get(p.name);
    if (values) rec[field.key] = field.repeated ? values.map((v) => convert(field, v)) : convert(field, values[0]);
  }
}

/**
 * A form parameter Twilio writes as a path into an object field (MessagingBinding.Address,
 * Timers.Inactive): its value goes into that object (messaging_binding.address).
 */
function dottedParam(tm: TypeModel, rec: TwilioRecord, name: string, values: string[] | undefined, locked: Set<string>): void {
  const [head, ...rest] = name.split('.');
  const field = tm.fieldsByName.get(head);
  if (!values || !field || !structured(field) || locked.has(field.key)) return;
  let node = (rec[field.key] && typeof rec[field.key] === 'object' ? rec[field.key] : (rec[field.key] = {})) as Record<string, unknown>;
  for (const step of rest.slice(0, -1).map(snake))
    node = (node[step] && typeof node[step] === 'object' ? node[step] : (node[step] = {})) as Record<string, unknown>;
  node[snake(rest[rest.length - 1])] = values.length > 1 ? values : values[0];
}

/** Sets `value` at a dotted path ('delivery.queued.count') where the record has every step of it. */
export function setPath(rec: TwilioRecord, path: string, value: unknown): void {
  const steps = path.split('.');
  let node: unknown = rec;
  for (const step of steps.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
  }
  const last = steps[steps.length - 1];
  if (node && typeof node === 'object' && last in node) (node as Record<string, unknown>)[last] = structuredClone(value);
}

function applyRule(rule: DefaultRule, rec: TwilioRecord, params: FormParams, prng: Prng): unknown {
  if (rule === null || typeof rule !== 'object') return rule;
  if ('json' in rule) return structuredClone(rule.json);
  if ('countOf' in rule) return String(params.get(rule.countOf)?.length ?? 0);
  if ('copyOf' in rule) return rec[rule.copyOf] ?? null;
  if ('sid' in rule) return newSid(prng, rule.sid);
  if ('hex' in rule) return hex(prng, rule.hex);
  if ('digits' in rule) return digits(prng, rule.digits);
  const area = params.get(rule.phoneFromAreaCode)?.[0];
  return area ? `+1${area}${digits(prng, 7)}` : null;
}

/** Fills fields still null from the rules, in table order (so copyOf sees earlier ones). */
export function applyDefaults(rec: TwilioRecord, rules: Record<string, DefaultRule> | undefined, params: FormParams, prng: Prng): void {
  for (const [key, rule] of Object.entries(rules ?? {})) {
    if (key in rec && rec[key] === null) rec[key] = applyRule(rule, rec, params, prng);
  }
}

/** Path parameter values a record fills: AccountSid → account_sid, CallSid → call_sid. */
function pathValues(rec: TwilioRecord): (name: string) => string | undefined {
  return (name) => {
    const v = rec[snake(name)];
    return typeof v === 'string' ? v : undefined;
  };
}

export function recordUri(tm: TypeModel, rec: TwilioRecord): string | null {
  const template = tm.uriRoute?.instancePath;
  if (!template) return null;
  const values = pathValues(rec);
  const names = [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
  return fillTemplate(template, Object.fromEntries(names.map((n) => [n, values(n)]))) ?? null;
}

/** A newer API's absolute instance URL, on Twilio's host for the API. */
export function recordUrl(tm: TypeModel, rec: TwilioRecord): string | null {
  const path = recordUri(tm, rec);
  return path ? tm.def.baseUrl + path : null;
}

/**
 * The record as served: alphabetical keys, with uri and subresource_uris derived
 * (classic), or the absolute url and links (newer APIs).
 */
export function render(tm: TypeModel, rec: TwilioRecord): TwilioRecord {
  const out: TwilioRecord = {};
  let uri: string | null | undefined;
  for (const key of tm.renderOrder) {
    if (key === 'uri') out.uri = uri ??= recordUri(tm, rec);
    else if (key === 'subresource_uris') {
      uri ??= recordUri(tm, rec);
      const base = uri?.replace(/\.json$/, '');
      out.subresource_uris = base && tm.subresources.length ? Object.fromEntries(tm.subresources.map((s) => [s.key, base + s.suffix])) : null;
    } else if (key === 'url' && !tm.classic) out.url = recordUrl(tm, rec) ?? rec.url ?? null;
    else if (key === 'links' && !tm.classic && (rec.links === null || rec.links === undefined)) {
      const base = tm.subresources.length ? recordUrl(tm, rec) : null;
      out.links = base ? Object.fromEntries(tm.subresources.map((s) => [s.key, base + s.suffix])) : null;
    } else out[key] = rec[key] ?? null;
  }
  return out;
}
