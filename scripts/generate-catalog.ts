// Derives operations/<Object>.json and the manifest's object type list from Twilio's
// OpenAPI definitions (shared/twilio-oai). Run: npm run generate [-- <spec dir>]
// The output is committed; the spec files are not. No description text is copied.
//
// Two passes: the classic object types of the operation guide, named and grouped
// by hand in scripts/catalog-selection.json; then every other resource of every
// definition, one object type per OpenAPI tag (e.g. IntelligenceV2CustomOperator).
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACTIONS } from '../connector/catalog/types';
import type {
  Action,
  BodyDef,
  FieldDef,
  FilterDef,
  HttpMethod,
  IdSegment,
  ObjectTypeDef,
  PagingDef,
  ParamDef,
  RouteDef,
  ValueType,
} from '../connector/catalog/types';
import { pascalCase } from '../connector/catalog/names';
import { load as loadYaml } from 'js-yaml';
import { applyErrata } from './errata';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are walked dynamically
type Json = any;

interface Selection {
  name: string;
  label: string;
  spec: string;
  instancePaths: string[];
}

const root = resolve(__dirname, '..');
const specDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'twilio-oai'));
const selection: { objects: Selection[] } = JSON.parse(readFileSync(join(root, 'scripts', 'catalog-selection.json'), 'utf8'));

/** Path segments that are neither SIDs nor safe names: refused for ids without a SID pattern. */
export const GENERIC_SEGMENT = '^[^./\\\\?#][^/\\\\?#]{0,255}$';
const DEFAULT_METHOD: Record<Action, HttpMethod> = { get: 'GET', query: 'GET', create: 'POST', update: 'POST', delete: 'DELETE' };
const VERBS: Record<string, Action> = {
  Fetch: 'get',
  List: 'query',
  Create: 'create',
  Update: 'update',
  Patch: 'update',
  Delete: 'delete',
  // The Communications API names its operations in kebab case and has action verbs.
  Start: 'create',
  Enroll: 'create',
  Approve: 'create',
  Cancel: 'create',
  Check: 'create',
};

/** create-contacts → Create, FetchCall → Fetch */
function verbOf(operationId: string): string {
  const kebab = /^([a-z]+)-/.exec(operationId);
  if (kebab) return kebab[1][0].toUpperCase() + kebab[1].slice(1);
  return /^[A-Z][a-z]+/.exec(operationId)?.[0] ?? '';
}
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Paging parameters a list takes, not filters: PageSize / page_size / Size, PageToken / page_token / Token, Page. */
const SIZE_PARAM = /^(page_?)?size$/i;
const TOKEN_PARAM = /^(page_?)?token$/i;
const isPagingParam = (name: string) => SIZE_PARAM.test(name) || TOKEN_PARAM.test(name) || name === 'Page';
/** Where a page names the next one: next_page_uri (a path), next_page_url (a URL), next / next_token (a token). */
const NEXT_KEY = /^next(_page)?(_uri|_url|_token)?$/;
const CONTROLLED_HEADERS = new Set(['Authorization']); // the connection sets these

// Definitions kept in this repo (scripts/definitions/*.yaml, e.g. the Communications API resources
// written from seed 003) are read alongside the spec dir's files; their file names must not clash with it.
const definitionsDir = join(root, 'scripts', 'definitions');
const definitionFiles = existsSync(definitionsDir) ? readdirSync(definitionsDir).filter((f) => f.endsWith('.yaml')) : [];

const specs = new Map<string, Json>();
function spec(file: string): Json {
  if (!specs.has(file)) {
    const text = readFileSync(join(definitionFiles.includes(file) ? definitionsDir : specDir, file), 'utf8');
    specs.set(file, applyErrata(file, file.endsWith('.yaml') ? loadYaml(text) : JSON.parse(text)));
  }
  return specs.get(file);
}

function deref(doc: Json, schema: Json): Json {
  while (schema && schema.$ref) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    schema = parts.reduce((o: Json, k: string) => o?.[k], doc);
  }
  // allOf (the Communications API composes its records so) merges into one object schema.
  if (schema?.allOf) {
    const merged: Json = { ...schema, type: 'object', properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
    delete merged.allOf;
    for (const part of schema.allOf.map((p: Json) => deref(doc, p))) {
      Object.assign(merged.properties, part?.properties ?? {});
      merged.required.push(...(part?.required ?? []));
    }
    return merged;
  }
  return schema;
}

interface TypeInfo {
  type: ValueType;
  pattern?: string;
  repeated?: boolean;
  enum?: string[];
  format?: 'rfc2822' | 'iso8601';
  /** The declared properties of an `object`. */
  properties?: Record<string, Json>;
  required?: string[];
}

/** Deeper structures stay JSON text: profiles remain readable and recursion ends. */
const MAX_DEPTH = 4;
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function valueType(doc: Json, raw: Json, depth = 0): TypeInfo {
  let s = deref(doc, raw) ?? {};
  // OpenAPI 3.1 writes nullable types as ['string', 'null'].
  if (Array.isArray(s.type)) s = { ...s, type: s.type.find((t: string) => t !== 'null') };
  if (s.type === 'array') {
    const item = deref(doc, s.items) ?? {};
    if (item.type === 'array') return { type: 'json' };
    const inner = valueType(doc, item, depth);
    return inner.type === 'json' ? inner : { ...inner, repeated: true };
  }
  if (s.enum) return { type: 'string', enum: s.enum.map(String) };
  // An object whose properties are declared (and named as XML can name them) becomes nested elements.
  const props = s.properties as Record<string, Json> | undefined;
  if (props && Object.keys(props).length && depth < MAX_DEPTH && Object.keys(props).every((k) => XML_NAME.test(k))) {
    return { type: 'object', properties: props, required: s.required };
  }
  switch (s.type) {
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return { type: 'json' };
  }
  // No type at all (Config, Sync Data, Studio Definition): a free-form JSON value.
  if (!s.type && !s.format && !s.pattern) return { type: 'json' };
  if (s.pattern && /^\^?\(?[A-Z]{2}/.test(s.pattern) && /\{\d+\}|\+/.test(s.pattern)) return { type: 'sid', pattern: anchored(s.pattern) };
  switch (s.format) {
    case 'date-time-rfc-2822':
      return { type: 'datetime', format: 'rfc2822' };
    case 'date-time':
      return { type: 'datetime', format: 'iso8601' };
    case 'date':
      return { type: 'date' };
    // A call's To and From ('endpoint'): a number, or a client:, sip: or other address; phone values take both.
    case 'phone-number':
    case 'endpoint':
      return { type: 'phone' };
    case 'uri':
      return { type: 'uri' };
  }
  return { type: 'string' };
}

function parameters(doc: Json, op: Json): Json[] {
  return (op?.parameters ?? []).map((p: Json) => deref(doc, p));
}

/** A list path is the instance path without its last `/{Param}` segment. */
function listPathOf(instancePath: string): string {
  return instancePath.replace(/\/\{[A-Za-z_]+\}(\.json)?$/, '$1');
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]);
}

function pathServer(doc: Json, path: string): string {
  return (doc.paths[path]?.servers?.[0]?.url ?? doc.servers[0].url).replace(/\/+$/, '');
}

/**
 * Pattern of a path parameter: from this path's operations, else the record's sid or the
 * same name elsewhere. Only the first says the path takes nothing else: where this path
 * gives the parameter no pattern, Twilio resolves other identifiers there too (a unique
 * name, an identity), so the borrowed pattern is only the typical form (`orName`).
 */
function paramPattern(doc: Json, path: string, name: string, recordSidPattern?: string): Pick<IdSegment, 'pattern' | 'orName'> {
  const find = (p: Json) => {
    // Path-level parameters (the Communications API declares them there) count too.
    for (const op of [...METHODS.map((m) => p?.[m]), { parameters: p?.parameters }]) {
      const hit = parameters(doc, op).find((x: Json) => x.in === 'path' && x.name === name && deref(doc, x.schema)?.pattern);
      if (hit) return anchored(deref(doc, hit.schema).pattern as string);
    }
    return undefined;
  };
  const own = find(doc.paths[path]);
  if (own) return { pattern: own };
  const borrowed =
    (name === 'Sid' ? recordSidPattern : undefined) ??
    Object.values(doc.paths)
      .map(find)
      .find((hit) => hit !== undefined);
  return borrowed ? { pattern: borrowed, orName: true } : { pattern: GENERIC_SEGMENT };
}

/** Some definitions (IAM) write SID patterns unanchored: OR[0-9a-f]{32}. */
function anchored(pattern: string): string {
  return pattern.startsWith('^') ? pattern : `^${pattern}${pattern.endsWith('$') ? '' : '$'}`;
}

function responseSchema(doc: Json, op: Json): Json | undefined {
  for (const code of ['200', '201', '202']) {
    const s = op?.responses?.[code]?.content?.['application/json']?.schema;
    if (s) return deref(doc, s);
  }
  return undefined;
}

/** The record schema of a list page: the items of its one array property. */
function listItems(doc: Json, op: Json): { key: string; record: Json; pages: PagingDef } | undefined {
  const page = responseSchema(doc, op);
  for (const [key, prop] of Object.entries<Json>(page?.properties ?? {})) {
    const p = deref(doc, prop);
    if (p?.type === 'array') return { key, record: deref(doc, p.items), pages: pagingOf(doc, op, page, key) };
  }
  return undefined;
}

/**
 * The paging dialect of a list, read off its definition: the size and token query
 * parameters it takes, and where its page schema names the next page (top level or one
 * object down) and as what (the key's suffix: _uri a path, _url a URL, else a token).
 */
function pagingOf(doc: Json, op: Json, page: Json, listKey: string): PagingDef {
  const query = parameters(doc, op).filter((p: Json) => p.in === 'query');
  const size = query.find((p: Json) => SIZE_PARAM.test(p.name));
  const token = query.find((p: Json) => TOKEN_PARAM.test(p.name));
  const out: PagingDef = {};
  if (size) {
    out.sizeParam = size.name;
    const max = deref(doc, size.schema)?.maximum;
    if (typeof max === 'number') out.maxSize = max;
  }
  const candidates: string[] = [];
  for (const [key, prop] of Object.entries<Json>(page?.properties ?? {})) {
    if (key === listKey) continue;
    if (NEXT_KEY.test(key)) candidates.push(key);
    for (const inner of Object.keys(deref(doc, prop)?.properties ?? {})) if (NEXT_KEY.test(inner)) candidates.push(`${key}.${inner}`);
  }
  const next = candidates[0];
  if (!next) return out;
  out.next = next;
  if (next.endsWith('_uri')) out.nextIs = 'relative-uri';
  else if (next.endsWith('_url') || !token) out.nextIs = 'absolute-url';
  else {
    out.nextIs = 'token';
    out.tokenParam = token.name;
  }
  return out;
}

/** A typed id schema (ContactId: ^comms_contact_[a-z0-9]{26,34}$): its prefix and the bare identifier's pattern. */
interface TypedId {
  prefix: string;
  bare: string;
}

/** Typed id schemas by API host and schema name, over every definition: a path on one host may take another definition's ids. */
function collectTypedIds(files: string[]): Map<string, Map<string, TypedId>> {
  const byHost = new Map<string, Map<string, TypedId>>();
  for (const file of files) {
    const doc = spec(file);
    const host = new URL(doc.servers?.[0]?.url ?? 'https://invalid').host;
    for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
      const m = typeof schema?.pattern === 'string' ? /^\^([a-z][a-z0-9]*_[a-z0-9]+_)(.+)$/.exec(schema.pattern) : null;
      if (!m) continue;
      if (!byHost.has(host)) byHost.set(host, new Map());
      byHost.get(host)!.set(name, { prefix: m[1], bare: `^${m[2]}` });
    }
  }
  // Ids the definitions do not declare follow the ones they do (comms_ + agent_pool_id → comms_agentpool_): check the rule holds.
  for (const [host, ids] of byHost) {
    for (const [name, id] of ids) {
      const ruled = conventionalPrefix(host, snakeName(name));
      if (ruled !== id.prefix) throw new Error(`typed id ${name} on ${host}: prefix ${id.prefix} does not follow the rule that gives ${ruled}`);
    }
  }
  return byHost;
}

/** ContactId → contact_id */
function snakeName(schemaName: string): string {
  return schemaName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** comms.twilio.com + agent_pool_id → comms_agentpool_ */
function conventionalPrefix(host: string, segment: string): string {
  return `${host.split('.')[0]}_${segment.replace(/_id$/, '').replace(/_/g, '')}_`;
}

let typedIds = new Map<string, Map<string, TypedId>>();

/**
 * The typed prefix of an id segment: from the definitions' typed id schema of that name,
 * else, on a host whose ids are typed and for a segment taking its bare identifier, by their rule.
 */
function typedPrefixOf(host: string, segment: string, pattern: string): string | undefined {
  const ids = typedIds.get(host);
  if (!ids || !/_id$/.test(segment)) return undefined;
  const declared = ids.get(pascalCase(segment));
  if (declared) return declared.bare === pattern ? declared.prefix : undefined;
  return [...ids.values()].some((id) => id.bare === pattern) ? conventionalPrefix(host, segment) : undefined;
}

function fieldsOf(doc: Json, schema: Json, depth = 0): FieldDef[] {
  return Object.entries<Json>(schema?.properties ?? {})
    .filter(([key]) => XML_NAME.test(key))
    .map(([key, raw]) => {
      const t = valueType(doc, raw, depth);
      const field: FieldDef = { name: pascalCase(key), key, type: t.type };
      if (t.repeated) field.repeated = true;
      if (t.pattern) field.pattern = t.pattern;
      if (t.format) field.format = t.format;
      if (t.enum?.length) field.enum = t.enum;
      if (t.properties) field.fields = fieldsOf(doc, { properties: t.properties }, depth + 1);
      return field;
    });
}

function bodyOf(doc: Json, op: Json, action: 'create' | 'update'): BodyDef {
  const content = op.requestBody?.content ?? {};
  const encoding = content['application/x-www-form-urlencoded'] ? 'form' : content['application/json'] ? 'json' : 'form';
  let schema = deref(doc, (content['application/x-www-form-urlencoded'] ?? content['application/json'])?.schema);
  // A batch body ({contacts: [ContactInput]}) takes one document as its one item.
  let wrap: string | undefined;
  const keys = Object.keys(schema?.properties ?? {});
  const only = keys.length === 1 ? deref(doc, schema.properties[keys[0]]) : undefined;
  if (encoding === 'json' && only?.type === 'array' && deref(doc, only.items)?.properties) {
    wrap = keys[0];
    schema = deref(doc, only.items);
  }
  const required = new Set<string>(schema?.required ?? []);
  const params = paramsOf(doc, schema?.properties ?? {}, required, 0);
  // If-Match makes an update conditional: carried in the document, required so nothing is overwritten blindly.
  for (const h of parameters(doc, op).filter((x: Json) => x.in === 'header' && x.name === 'If-Match')) {
    params.unshift({ name: pascalCase(h.name.replace(/-/g, '_')), header: h.name, type: 'string', ...(action === 'update' ? { required: true } : {}) });
  }
  const body: BodyDef = { params };
  const groups: string[][] | undefined = op['x-twilio']?.conditional;
  if (groups?.length) body.oneOf = groups.map((g) => g.map(pascalCase));
  if (encoding === 'json') body.encoding = 'json';
  if (wrap) body.wrap = wrap;
  return body;
}

/** A phone-number parameter whose definition says it takes an alphanumeric sender id (a message's From). */
const SENDER_ID = /alphanumeric sender id/i;

/** Request parameters, nested for objects with declared properties (names kept as Twilio's). */
function paramsOf(doc: Json, properties: Record<string, Json>, required: Set<string>, depth: number): ParamDef[] {
  return Object.entries<Json>(properties)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name))
    .map(([name, raw]) => {
      const t = valueType(doc, raw, depth);
      const p: ParamDef = { name, type: t.type };
      if (required.has(name)) p.required = true;
      if (t.repeated) p.repeated = true;
      if (t.pattern) p.pattern = t.pattern;
      if (t.enum) p.enum = t.enum;
      if (t.type === 'phone' && SENDER_ID.test(deref(doc, raw)?.description ?? '')) p.senderId = true;
      // A call's caller ('endpoint' From) may be a SIP username or a client identity, written bare.
      if (name === 'From' && deref(doc, raw)?.format === 'endpoint') p.identity = true;
      if (t.properties) p.params = paramsOf(doc, t.properties, new Set(t.required ?? []), depth + 1);
      return p;
    });
}

/** Date filters named as bounds rather than X< / X> (Communications API): after, before, record field. */
const BOUND_PARAMS = [
  { after: 'start_date', before: 'end_date', field: 'created_at' },
  { after: 'updated_date', field: 'updated_at' },
];

function filtersOf(doc: Json, op: Json, fields: FieldDef[]): FilterDef[] {
  const params: Json[] = parameters(doc, op).filter((p: Json) => p.in === 'query' && !isPagingParam(p.name));
  const names = new Set(params.map((p) => p.name));
  const filters: FilterDef[] = [];
  const bounded = new Set<string>();
  for (const b of BOUND_PARAMS) {
    if (!names.has(b.after)) continue;
    const field = fields.find((f) => f.key === b.field);
    const f: FilterDef = { name: pascalCase(b.field), type: 'datetime', range: 'date-time', after: b.after };
    if (b.before && names.has(b.before)) f.before = b.before;
    if (field) f.field = field.name;
    filters.push(f);
    bounded.add(b.after);
    if (b.before) bounded.add(b.before);
  }
  for (const p of params) {
    if (bounded.has(p.name)) continue;
    if (/[<>]$/.test(p.name) || !/^[A-Za-z][A-Za-z0-9]*$/.test(p.name)) continue;
    const t = valueType(doc, p.schema);
    const f: FilterDef = { name: p.name, type: t.type };
    if (names.has(`${p.name}<`) && names.has(`${p.name}>`)) {
      f.range = p.schema?.format === 'date' ? 'date' : 'date-time';
      f.type = 'datetime';
    } else if (t.enum?.length) {
      f.enum = t.enum;
    }
    // A day filter Twilio also reads as an offset from today (usage records' StartDate=-30days).
    if (f.type === 'date' && /-\d+days/.test(String(p.description ?? ''))) f.relative = true;
    // A number filter Twilio reads as a pattern (partial digits, '*' wildcards) is text, not a number to normalise.
    if (f.type === 'phone' && /wildcard/i.test(String(p.description ?? ''))) f.type = 'string';
    // An array parameter: Twilio takes each value as its own parameter of that name.
    if (t.repeated && !f.range) f.repeated = true;
    if (fields.some((x) => x.name === p.name)) f.field = p.name;
    filters.push(f);
  }
  return filters;
}

function optionHeaders(doc: Json, ops: Json[]): string[] {
  const names = new Set<string>();
  for (const op of ops) {
    for (const h of parameters(doc, op)) if (h.in === 'header' && h.name !== 'If-Match' && !CONTROLLED_HEADERS.has(h.name)) names.add(h.name);
  }
  return [...names].sort();
}

/** What an object type's list routes say about its pages. */
interface ListState {
  listKey: string;
  pages?: PagingDef;
}

/** The object type's list key and paging, in the order the catalog files show them. */
function listOf(state: ListState): Pick<ObjectTypeDef, 'listKey' | 'pages'> {
  return {
    listKey: state.listKey,
    ...(state.pages ? { pages: state.pages } : {}),
  };
}

interface Operation {
  action: Action;
  method: HttpMethod;
  path: string;
  op: Json;
}

function addFields(into: FieldDef[], more: FieldDef[]): void {
  for (const f of more) if (!into.some((x) => x.name === f.name)) into.push(f);
}

/** One route: the operations on an instance path and its list path. */
function buildRoute(
  doc: Json,
  api: string,
  instancePath: string | undefined,
  listPath: string | undefined,
  ops: Operation[],
  fields: FieldDef[],
  state: ListState,
): RouteDef {
  const by = (a: Action) => ops.find((o) => o.action === a);
  const recordSchema =
    responseSchema(doc, by('get')?.op) ??
    (by('query') ? listItems(doc, by('query')!.op)?.record : undefined) ??
    responseSchema(doc, by('update')?.op) ??
    responseSchema(doc, by('create')?.op);
  const recordFields = fieldsOf(doc, recordSchema);
  addFields(fields, recordFields);
  const sidPattern = recordFields.find((f) => f.key === 'sid')?.pattern;
  const idPath = instancePath ?? listPath!;
  const params = pathParams(idPath);
  // Only the classic API takes the AccountSid: prefix.
  const accountParam = api === 'twilio_api_v2010' && params[0] === 'AccountSid' ? 'AccountSid' : undefined;
  const host = new URL(pathServer(doc, idPath)).host;
  const id: IdSegment[] = params
    .filter((p) => p !== accountParam)
    .map((name) => {
      const { pattern, orName } = paramPattern(doc, idPath, name, sidPattern);
      const typedPrefix = typedPrefixOf(host, name, pattern);
      return { name, pattern, ...(orName ? { orName } : {}), ...(typedPrefix ? { typedPrefix } : {}) };
    });
  // List-only: the record's own id still ends the compound id a document carries.
  if (!instancePath && !id.some((s) => s.name === 'Sid')) id.push({ name: 'Sid', pattern: sidPattern ?? GENERIC_SEGMENT });
  const actions = ACTIONS.filter((a) => by(a));
  const route: RouteDef = { ...(instancePath ? { instancePath } : {}), ...(listPath ? { listPath } : {}), id, actions };
  if (accountParam) route.accountParam = accountParam;
  const overrides: RouteDef['overrides'] = {};
  for (const o of ops) {
    const usual = o.action === 'query' || o.action === 'create' ? listPath : instancePath;
    if (o.method !== DEFAULT_METHOD[o.action] || o.path !== usual) overrides[o.action] = { method: o.method, path: o.path };
  }
  if (Object.keys(overrides).length) route.overrides = overrides;
  // Per action: Twilio declares a header on some methods of a path only (webhooks on POST and DELETE, not GET).
  const headers: NonNullable<RouteDef['headers']> = {};
  for (const o of ops) {
    const declared = optionHeaders(doc, [o.op]);
    if (declared.length) headers[o.action] = declared;
  }
  if (Object.keys(headers).length) route.headers = headers;
  const query = by('query');
  if (query) {
    const items = listItems(doc, query.op);
    if (items) {
      state.listKey = items.key;
      state.pages = items.pages;
    }
    const filters = filtersOf(doc, query.op, recordFields);
    if (filters.length || api === 'twilio_api_v2010') route.filters = filters;
    if (!parameters(doc, query.op).some((p: Json) => p.in === 'query' && SIZE_PARAM.test(p.name))) route.pageSize = false;
  }
  const create = by('create');
  if (create) {
    route.create = bodyOf(doc, create.op, 'create');
    let created = responseSchema(doc, create.op);
    // Answers with the created records in an array: a batch body's one item, or every record
    // one document makes (a message to several recipients is one message each).
    const keys = Object.keys(created?.properties ?? {});
    const arrays = keys.filter((k) => deref(doc, created.properties[k])?.type === 'array');
    const itemsOf = (k: string) => deref(doc, deref(doc, created.properties[k]).items);
    const onlyRecordList = keys.length === 1 && arrays.length === 1 && itemsOf(arrays[0])?.properties !== undefined;
    const key = route.create.wrap || onlyRecordList ? arrays[0] : undefined;
    if (key) {
      route.create.unwrap = key;
      created = itemsOf(key);
    }
    if (created && recordSchema && created !== recordSchema && by('get')) route.create.responseFields = fieldsOf(doc, created);
  }
  const update = by('update');
  if (update) route.update = bodyOf(doc, update.op, 'update');
  // A filter on From finds what was sent from a sender id, or by a caller named as written
  // (client:alice's calls list From=alice), where the create's From takes one.
  for (const f of route.filters ?? []) {
    const created = route.create?.params.find((p) => p.name === f.name);
    if (f.type === 'phone' && created?.senderId) f.senderId = true;
    if (f.type === 'phone' && created?.identity) f.identity = true;
  }
  return route;
}

function operationsOf(doc: Json, paths: string[]): Operation[] {
  const out: Operation[] = [];
  for (const path of paths) {
    for (const m of METHODS) {
      const op = doc.paths[path]?.[m];
      if (!op) continue;
      const action = VERBS[verbOf(op.operationId ?? '')];
      if (!action) continue;
      const types = Object.keys(op.requestBody?.content ?? {});
      if (types.length && !types.some((t) => t === 'application/x-www-form-urlencoded' || t === 'application/json')) continue;
      out.push({ action, method: m.toUpperCase() as HttpMethod, path, op });
    }
  }
  return out;
}

/** Groups a resource's operations into routes: an instance path with the list path above it. */
function groupRoutes(ops: Operation[]): Array<{ instancePath?: string; listPath?: string; ops: Operation[] }> {
  const instancePaths = [...new Set(ops.filter((o) => o.action === 'get' || o.action === 'update' || o.action === 'delete').map((o) => o.path))];
  const groups = new Map<string, { instancePath?: string; listPath?: string; ops: Operation[] }>();
  const group = (key: string, init: { instancePath?: string; listPath?: string }) => {
    if (!groups.has(key)) groups.set(key, { ...init, ops: [] });
    return groups.get(key)!;
  };
  for (const path of instancePaths) group(path, { instancePath: path });
  for (const o of ops) {
    let g;
    if (o.action === 'query' || o.action === 'create') {
      const owner = instancePaths.find((i) => i !== o.path && listPathOf(i) === o.path);
      if (owner) {
        g = group(owner, {});
        g.listPath = o.path;
      } else if (o.action === 'create' && instancePaths.includes(o.path)) {
        g = group(o.path, {}); // attach: create on the instance path itself
      } else {
        g = group(`list:${o.path}`, { listPath: o.path });
      }
    } else {
      g = group(o.path, {});
    }
    if (!g.ops.some((x) => x.action === o.action)) g.ops.push(o);
  }
  for (const g of groups.values()) if (!g.listPath) delete g.listPath;
  return [...groups.values()].filter((g) => g.ops.length);
}

type RouteGroup = ReturnType<typeof groupRoutes>[number];

function prefixPaths(route: RouteDef, prefix: string): void {
  if (route.instancePath) route.instancePath = prefix + route.instancePath;
  if (route.listPath) route.listPath = prefix + route.listPath;
  for (const o of Object.values(route.overrides ?? {})) o.path = prefix + o.path;
}

/**
 * A tag whose routes an id cannot tell apart (PricingV1Country: Messaging, PhoneNumbers
 * and Voice countries, all keyed by IsoCountry) becomes one object type per route,
 * named after the path segment that differs.
 */
function splitAmbiguous(tag: string, groups: RouteGroup[]): Map<string, RouteGroup[]> {
  const shape = (g: RouteGroup) => pathParams(g.instancePath ?? g.listPath!).length + ':' + (g.instancePath ? 'i' : 'l');
  const byShape = new Map<string, RouteGroup[]>();
  for (const g of groups) byShape.set(shape(g), [...(byShape.get(shape(g)) ?? []), g]);
  const out = new Map<string, RouteGroup[]>([[tag, []]]);
  for (const same of byShape.values()) {
    if (same.length === 1) {
      out.get(tag)!.push(same[0]);
      continue;
    }
    const parts = same.map((g) => (g.instancePath ?? g.listPath!).split('/'));
    const at = parts[0].findIndex((p, i) => parts.some((q) => q[i] !== p));
    same.forEach((g, i) => out.set(tag + pascalCase((parts[i][at] ?? `Route${i + 1}`).replace(/[^A-Za-z0-9]+/g, '_')), [g]));
  }
  if (!out.get(tag)!.length) out.delete(tag);
  return out;
}

function labelOf(tag: string): string {
  return tag.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/V(\d)/g, 'v$1');
}

function buildSelected(sel: Selection): ObjectTypeDef {
  const doc = spec(sel.spec);
  const api = sel.spec.replace(/\.json$/, '');
  const fields: FieldDef[] = [];
  const state: ListState = { listKey: '' };
  const routes = sel.instancePaths.map((instancePath) => {
    if (!doc.paths[instancePath]) throw new Error(`${sel.name}: no path ${instancePath} in ${sel.spec}`);
    const listPath = listPathOf(instancePath);
    const ops = operationsOf(doc, [instancePath, ...(doc.paths[listPath] ? [listPath] : [])]);
    return buildRoute(doc, api, instancePath, doc.paths[listPath] ? listPath : undefined, ops, fields, state);
  });
  return { name: sel.name, label: sel.label, api, baseUrl: pathServer(doc, sel.instancePaths[0]), ...listOf(state), routes, fields };
}

/**
 * The Communications API's tags are whole product areas ("Contacts & Audiences"):
 * there an object type is a resource path's literal segments (/Contacts/{id} → Contact,
 * /Verifications/{id}/Approve → VerificationApprove), prefixed Comms.
 */
function resourceKey(path: string): string {
  const literal = path.split('/').filter((s) => s && !s.startsWith('{'));
  return (
    'Comms' +
    literal
      .map((s, i) => (i === 0 ? s.replace(/s$/, '') : s))
      .map((s) => s[0].toUpperCase() + s.slice(1))
      .join('')
  );
}

function buildTagged(file: string, covered: Set<string>): ObjectTypeDef[] {
  const doc = spec(file);
  const api = file.replace(/\.(json|yaml)$/, '');
  const byResource = file.endsWith('.yaml');
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    if (covered.has(`${api} ${path}`)) continue;
    for (const m of METHODS) {
      const tag = item[m] ? (byResource ? resourceKey(path) : item[m].tags?.[0]) : undefined;
      if (!tag) continue;
      if (!byTag.has(tag)) byTag.set(tag, []);
      if (!byTag.get(tag)!.includes(path)) byTag.get(tag)!.push(path);
    }
  }
  const defs = new Map<string, ObjectTypeDef>();
  for (const [tag, paths] of byTag) {
    const ops = operationsOf(doc, paths);
    if (!ops.length) continue;
    for (const [name, groups] of splitAmbiguous(tag, groupRoutes(ops))) {
      const fields: FieldDef[] = [];
      const state: ListState = { listKey: '' };
      const routes = groups.map((g) => buildRoute(doc, api, g.instancePath, g.listPath, g.ops, fields, state));
      // A server URL with a path (https://comms.twilio.com/preview) prefixes every route path.
      const server = new URL(pathServer(doc, paths[0]));
      const prefix = server.pathname.replace(/\/+$/, '');
      if (prefix) for (const r of routes) prefixPaths(r, prefix);
      defs.set(name, { name, label: labelOf(name), api, baseUrl: server.origin, ...listOf(state), routes, fields });
    }
  }
  // Archive where Twilio offers no delete: FlexV1PluginArchive (POST …/{Sid}/Archive) becomes FlexV1Plugin's delete.
  for (const [tag, def] of defs) {
    const owner = defs.get(tag.replace(/Archive$/, ''));
    if (!tag.endsWith('Archive') || !owner) continue;
    const archive = def.routes.find((r) => r.overrides?.update ?? r.actions.includes('update'));
    const path = archive?.overrides?.update?.path ?? archive?.instancePath;
    const target = owner.routes.find((r) => r.instancePath && path === `${r.instancePath}/Archive`);
    if (!target || target.actions.includes('delete')) continue;
    target.actions = ACTIONS.filter((a) => a === 'delete' || target.actions.includes(a));
    target.overrides = { ...target.overrides, delete: { method: 'POST', path: path! } };
    defs.delete(tag);
  }
  return [...defs.values()];
}

const specFiles = [...readdirSync(specDir).filter((f) => f.endsWith('.json') || f.endsWith('.yaml')), ...definitionFiles].sort(); // + scripts/definitions
typedIds = collectTypedIds(specFiles);
const selected = selection.objects.map(buildSelected);
const covered = new Set<string>();
for (const sel of selection.objects) {
  for (const p of sel.instancePaths) {
    covered.add(`${sel.spec.replace(/\.json$/, '')} ${p}`);
    covered.add(`${sel.spec.replace(/\.json$/, '')} ${listPathOf(p)}`);
  }
}
const generated = specFiles.flatMap((f) => buildTagged(f, covered));

const all = [...selected, ...generated];
const seen = new Set<string>();
for (const def of all) {
  // A tag two definitions share (e.g. OauthV1Token) is told apart by its definition's name.
  if (seen.has(def.name)) def.name = pascalCase(def.api.replace(/^twilio_/, '')) + def.name;
  if (seen.has(def.name)) throw new Error(`duplicate object type name ${def.name}`);
  seen.add(def.name);
}

const manifestPath = join(root, 'connector.manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
rmSync(join(root, 'operations'), { recursive: true, force: true });
mkdirSync(join(root, 'operations'), { recursive: true });
manifest.objectTypes = all.map((def) => {
  const file = `operations/${def.name}.json`;
  writeFileSync(join(root, file), JSON.stringify(def, null, 2) + '\n');
  const offered = new Set(def.routes.flatMap((r) => r.actions));
  return { name: def.name, label: def.label, definition: file, actions: ACTIONS.filter((a) => offered.has(a)) };
});
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote ${all.length} object types to operations/ (${selected.length} classic, ${generated.length} generated)`);
