// The five catalog actions against the store: a request already authenticated comes in,
// is matched to a catalog path (host, specificity, SID patterns and existing records
// decide between APIs that share a path), and a status and a Twilio JSON body go out.
import type { BodyDef, RouteDef } from '../connector/catalog/types';
import { ACCOUNT_TYPE, canAccess, type Principal } from './auth';
import { ACTION_STATUS, COUNTED, CREATE_DEFAULTS, NAME_KEYS, RESPONSE_DEFAULTS, SOFT_DELETES, UNIONS, VIEWS, type ViewDef } from './defaults';
import { TwilioError } from './errors';
import { compileQuery } from './filters';
import { bareId, snake, type Model, type TypeModel } from './model';
import { listPage } from './paging';
import type { Prng } from './prng';
import { applyDefaults, applyParams, blank, jsonParams, protectedKeys, render, setPath, setTimestamps, type FormParams, type JsonBody } from './records';
import { compareSpecificity, type RouteMatch } from './routes';
import { identifier, newSid } from './sids';
import { Collection, type Store, type TwilioRecord } from './store';
import { validateAddresses, validateBody, validateNested } from './validate';

export interface ApiContext {
  model: Model;
  store: Store;
  clock: () => Date;
  prng: Prng;
}

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  form: FormParams;
  /** A JSON body as parsed, whose structured values (nested objects, arrays of them) are stored as sent. */
  json?: JsonBody;
  /** A *.twilio.com host (X-Twilio-Host or Host) narrows routing to that API's object types. */
  twilioHost?: string;
  principal: Principal;
  /** Request headers by lower-case name, for header parameters such as If-Match. */
  headers?: Record<string, string | string[] | undefined>;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

/** What a matched path says about scope: the account partition and the parent ids. */
interface Scope {
  tm: TypeModel;
  route: RouteDef;
  /** The matched path template. */
  template: string;
  accountSid: string;
  /** Parent path parameters (CallSid, ConferenceSid…) with their values. */
  parents: Record<string, string>;
  /** Name of the record's own id parameter in this route. */
  ownParam: string;
  /** The instance's own id, for paths that name it. */
  ownId?: string;
  params: Record<string, string>;
}

export function handleApi(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const notFound = TwilioError.notFound(req.pathname);
  // Twilio answers 404 to a method a path does not offer.
  const picked = choose(ctx, req, ctx.model.routes.match(req.pathname, req.twilioHost, req.method));
  if (!picked) throw notFound;
  const { hit, scope } = picked;
  const view = VIEWS[scope.tm.name];
  switch (hit.path.action) {
    case 'get':
      if (view) return { status: 200, body: viewRecord(ctx, req, scope, view) };
      return { status: 200, body: presenter(ctx, scope)(find(ctx, req, scope)) };
    case 'query':
      return query(ctx, req, scope);
    case 'create':
      return scope.tm.verbOf ? verb(ctx, req, scope, scope.tm.verbOf) : create(ctx, req, scope);
    case 'update':
      return update(ctx, req, scope);
    case 'delete':
      return hit.path.method === 'DELETE' ? remove(ctx, req, scope) : softDelete(ctx, req, scope, hit.path.template);
    default:
      throw notFound;
  }
}

const patterns = new Map<string, RegExp>();

/** Whether every path value the route gives an id pattern (a SID prefix) fits it. */
function fitsPatterns(hit: RouteMatch): boolean {
  for (const seg of hit.path.route.id) {
    const value = hit.params[seg.name];
    if (value === undefined) continue;
    if (!patternOf(seg.pattern).test(value) && !seg.orName) return false;
  }
  return true;
}

function patternOf(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
}

/** A create or update body that gives every required parameter and no undeclared one. */
function bodyFits(req: ApiRequest, hit: RouteMatch): boolean {
  const action = hit.path.action;
  if (action !== 'create' && action !== 'update') return true;
  const params = hit.path.route[action]?.params ?? [];
  const declared = new Set(params.map((p) => p.name));
  return [...req.form.keys()].every((k) => declared.has(k)) && params.every((p) => !p.required || p.header || req.form.has(p.name));
}

/** Instance paths: the record exists; list paths: the caller has records of the type. */
function holdsRecords(ctx: ApiContext, hit: RouteMatch, scope: Scope): boolean {
  if (hit.path.action === 'create') return false;
  if (scope.ownId !== undefined) return ctx.store.get(scope.tm.name, scope.accountSid, keyOf(ctx, scope)) !== undefined;
  return ctx.store.count(scope.tm.name, scope.accountSid) > 0;
}

/**
 * The path to serve when several fit (APIs sharing /v1/Services/{Sid}, say, and no
 * Twilio host given), decided in this order: the most specific (literal segments
 * first); the one whose SID patterns the path values fit; whose parent records exist;
 * whose create/update parameters the body fits (required ones given, none unknown);
 * whose record exists (instance paths) or that holds records (lists); then catalog order.
 */
function choose(ctx: ApiContext, req: ApiRequest, matches: RouteMatch[]): { hit: RouteMatch; scope: Scope } | undefined {
  if (matches.length <= 1) {
    const scope = matches[0] && scopeOf(ctx, req, matches[0]);
    return scope ? { hit: matches[0], scope } : undefined;
  }
  let best: { hit: RouteMatch; scope: Scope; score: number } | undefined;
  for (const hit of matches) {
    if (compareSpecificity(hit.path, matches[0].path) !== 0) break;
    const scope = scopeOf(ctx, req, hit);
    if (!scope) continue;
    let score = fitsPatterns(hit) ? 8 : 0;
    if (parentsExist(ctx, scope)) score += 4;
    if (bodyFits(req, hit)) score += 2;
    if (holdsRecords(ctx, hit, scope)) score += 1;
    if (!best || score > best.score) best = { hit, scope, score };
  }
  return best;
}

function scopeOf(ctx: ApiContext, req: ApiRequest, hit: RouteMatch): Scope | undefined {
  const { def, route, kind, template } = hit.path;
  const tm = ctx.model.type(def.name);
  const params = { ...hit.params };
  let accountSid = req.principal.accountSid;
  if (route.accountParam) {
    accountSid = params[route.accountParam];
    if (!canAccess(ctx.store, req.principal, accountSid)) return undefined;
    delete params[route.accountParam];
  }
  const ownSegment = route.id[route.id.length - 1];
  const ownParam = ownSegment.name;
  const own = kind === 'instance' ? ownParam : undefined;
  // A parent named so (a chat channel's unique name in …/Channels/{ChannelSid}/Members) stands for the record it names.
  for (const seg of route.id) {
    const value = params[seg.name];
    if (seg.name === own || !seg.orName || value === undefined || patternOf(seg.pattern).test(value)) continue;
    for (const ref of ctx.model.references(tm, route, template, seg.name)) {
      const refOwn = ref.route.id[ref.route.id.length - 1].name;
      const under = Object.entries(ref.rename).filter(([name]) => name !== refOwn);
      const named = byName(ctx, ref.tm, accountSid, Object.fromEntries(under.map(([name, from]) => [name, params[from]])), value);
      if (named === undefined) continue;
      params[seg.name] = named;
      break;
    }
  }
  const parents = Object.fromEntries(Object.entries(params).filter(([name]) => name !== own));
  if (own && ownSegment.orName && !patternOf(ownSegment.pattern).test(params[own])) {
    const named = byName(ctx, tm, accountSid, parents, params[own]);
    if (named !== undefined) params[own] = named;
  }
  return { tm, route, template, accountSid, parents, ownParam, ownId: own ? params[own] : undefined, params };
}

/**
 * The own id of the record a path names by name where Twilio takes one in place of the SID
 * (`orName`: a conversation's unique name): the record under the same parents whose
 * NAME_KEYS field holds it; undefined when none does (the path then names no record).
 */
function byName(ctx: ApiContext, tm: TypeModel, accountSid: string, parents: Record<string, string>, name: string): string | undefined {
  const key = NAME_KEYS.find((k) => tm.fieldsByKey.has(k));
  if (!key) return undefined;
  const under = Object.entries(parents).map(([param, value]) => [snake(param), value] as const);
  const rec = ctx.store.records(tm.name, accountSid).find((r) => r[key] === name && under.every(([k, v]) => r[k] === v));
  return rec ? String(rec[tm.keyField]) : undefined;
}

function keyOf(ctx: ApiContext, scope: Scope): string {
  return ctx.store.keyFromPath(scope.tm, scope.params, scope.ownParam);
}

/** Accounts are visible to their owner; everything else by its path. */
function visible(ctx: ApiContext, req: ApiRequest, tm: TypeModel, rec: TwilioRecord): boolean {
  return tm.name !== ACCOUNT_TYPE || canAccess(ctx.store, req.principal, String(rec.sid));
}

/** The records a path serves: the type's own, or for a union (UNIONS) its member types' merged in one order. */
function collectionOf(ctx: ApiContext, scope: Scope): Collection {
  const members = UNIONS[scope.tm.name];
  if (!members) return ctx.store.collection(scope.tm.name, scope.accountSid);
  const union = new Collection();
  for (const name of members) {
    if (!ctx.model.types.has(name)) continue;
    for (const e of ctx.store.collection(name, scope.accountSid).entries()) if (!e.removed) union.put(e.key, e.t, e.rec);
  }
  return union;
}

function find(ctx: ApiContext, req: ApiRequest, scope: Scope): TwilioRecord {
  const rec = collectionOf(ctx, scope).get(keyOf(ctx, scope));
  const underParents = rec && Object.entries(scope.parents).every(([name, value]) => rec[snake(name)] === value);
  if (!rec || !underParents || !visible(ctx, req, scope.tm, rec)) throw TwilioError.notFound(req.pathname);
  return rec;
}

function query(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const pairs = [...req.query];
  const { predicate, carried } = compileQuery(scope.tm, scope.route, pairs, scope.parents);
  const body = listPage({
    tm: scope.tm,
    collection: collectionOf(ctx, scope),
    predicate: (rec) => predicate(rec) && visible(ctx, req, scope.tm, rec),
    carried,
    pathname: req.pathname,
    query: req.query,
    present: COUNTED[scope.tm.name] ? presenter(ctx, scope) : undefined,
  });
  return { status: 200, body };
}

/** How a record of the scope's type is served: rendered, with its COUNTED fields counted now. */
function presenter(ctx: ApiContext, scope: Scope): (rec: TwilioRecord) => TwilioRecord {
  const { tm, accountSid } = scope;
  const counted = Object.entries(COUNTED[tm.name] ?? {});
  if (!counted.length) return (rec) => render(tm, rec);
  return (rec) => {
    const out = { ...rec };
    for (const [field, child] of counted) out[field] = ctx.store.records(child, accountSid).filter((c) => c[tm.keyField] === rec[tm.keyField]).length;
    return render(tm, out);
  };
}

/**
 * The record a path parameter refers to: found, undefined when there is none, null when
 * the catalog says nothing about what the parameter refers to.
 */
function referenced(ctx: ApiContext, scope: Scope, param: string): TwilioRecord | null | undefined {
  const refs = ctx.model.references(scope.tm, scope.route, scope.template, param);
  if (!refs.length) return null;
  for (const ref of refs) {
    const values: Record<string, string> = {};
    for (const [name, from] of Object.entries(ref.rename)) values[name] = scope.params[from];
    const own = ref.route.id[ref.route.id.length - 1].name;
    const rec = ctx.store.get(ref.tm.name, scope.accountSid, ctx.store.keyFromPath(ref.tm, values, own));
    if (rec) return rec;
  }
  return undefined;
}

/** Whether the record a path parameter refers to exists (true when the catalog says nothing about it). */
function referenceExists(ctx: ApiContext, scope: Scope, param: string): boolean {
  return referenced(ctx, scope, param) !== undefined;
}

function parentsExist(ctx: ApiContext, scope: Scope): boolean {
  return Object.keys(scope.parents).every((name) => referenceExists(ctx, scope, name));
}

/** The parent of a nested create (the Call of Calls/{CallSid}/Recordings) must exist, and so must what an attach names. */
function checkReferences(ctx: ApiContext, req: ApiRequest, scope: Scope): void {
  const names = Object.keys(scope.parents);
  if (scope.ownId !== undefined) names.push(scope.ownParam);
  for (const name of names) if (!referenceExists(ctx, scope, name)) throw TwilioError.notFound(req.pathname);
}

/** The body parameters, plus those the route takes as headers (If-Match) under their parameter names. */
function withHeaders(req: ApiRequest, body: BodyDef | undefined, params: FormParams = req.form): FormParams {
  const headerParams = (body?.params ?? []).filter((p) => p.header);
  if (!headerParams.length) return params;
  const form: FormParams = new Map(params);
  for (const p of headerParams) {
    const raw = req.headers?.[p.header!.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) form.set(p.name, [value]);
  }
  return form;
}

function statusOf(tm: TypeModel, action: 'create' | 'update', usual: number): number {
  return ACTION_STATUS[tm.name]?.[action] ?? usual;
}

/** One record's worth of a create body: its parameters, and the JSON it came from (JSON bodies). */
interface BodyItem {
  form: FormParams;
  json?: JsonBody;
}

/** The records a create asks for: each item of a batch body ({"contacts": [ … ]}, create.wrap), else the one body. */
function bodyItems(req: ApiRequest, body: BodyDef | undefined): BodyItem[] {
  const wrap = body?.wrap;
  if (!wrap) return [{ form: withHeaders(req, body), json: req.json }];
  const items = req.json?.[wrap];
  if (!Array.isArray(items) || !items.length) throw TwilioError.of(20001, `Missing required parameter ${wrap} (a non-empty array) in the post body`);
  return items.map((item: unknown) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw TwilioError.of(20001, `Invalid value for parameter ${wrap}: each item must be an object`);
    return { form: withHeaders(req, body, jsonParams(item as JsonBody)), json: item as JsonBody };
  });
}

/** A record a create is about to store: the scope its own id is resolved in, and the record it copies (an attach by body). */
interface Planned {
  item: BodyItem;
  at: Scope;
  ownId?: string;
  source?: TwilioRecord;
}

/**
 * Where a create names the record it makes: in the path (attach), or as a body parameter
 * of the own id's name (a contact added to an audience, which copies that contact).
 */
function plan(ctx: ApiContext, req: ApiRequest, scope: Scope, item: BodyItem): Planned {
  if (scope.ownId !== undefined) return { item, at: scope, ownId: scope.ownId };
  const named = scope.route.create?.params.some((p) => p.name === scope.ownParam) ? item.form.get(scope.ownParam)?.[0] : undefined;
  if (!named) return { item, at: scope };
  const ownId = bareId(scope.tm, named);
  const at: Scope = { ...scope, ownId, params: { ...scope.params, [scope.ownParam]: ownId } };
  const source = referenced(ctx, at, scope.ownParam);
  if (source === undefined) throw TwilioError.notFound(req.pathname);
  return { item, at, ownId, source: source ?? undefined };
}

function create(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const { tm, route } = scope;
  const items = bodyItems(req, route.create);
  // A batch is all or nothing: every item is checked before any is stored.
  for (const { form, json } of items) {
    validateBody(tm.name, route.create, form);
    if (json) validateNested(route.create, json);
    validateAddresses(tm.name, form);
  }
  checkReferences(ctx, req, scope);
  const planned = items.map((item) => plan(ctx, req, scope, item));
  const now = ctx.clock();
  const recs = planned.map((p) => createOne(ctx, req, p, now));
  return createAnswer(ctx, scope, recs, items[0].form);
}

function createOne(ctx: ApiContext, req: ApiRequest, { item, at: scope, ownId, source }: Planned, now: Date): TwilioRecord {
  const { tm, route, accountSid } = scope;
  const collection = ctx.store.collection(tm.name, accountSid);
  // A create that names its record (attach): naming it twice changes nothing.
  const existing = ownId !== undefined ? collection.get(keyOf(ctx, scope)) : undefined;
  if (existing) return existing;
  const rec = blank(tm);
  if (source) for (const key of tm.renderOrder) if (key in source) rec[key] = structuredClone(source[key]);
  applyParams(tm, rec, item.form, route.create, protectedKeys(tm, scope.params), item.json);
  // Newer APIs keep parent ids even where the record has no field for them (not rendered).
  for (const [name, value] of Object.entries(scope.parents)) if (snake(name) in rec || !tm.classic) rec[snake(name)] = value;
  assignId(ctx, scope, rec, ownId, now);
  if (tm.accountScoped) {
    if ('account_sid' in rec) rec.account_sid = accountSid;
  } else if ('owner_account_sid' in rec) {
    rec.owner_account_sid = req.principal.accountSid; // a new Account is a subaccount of the caller
  }
  if (tm.versionField && rec[tm.versionField] === null) rec[tm.versionField] = tm.fieldsByKey.get(tm.versionField)?.type === 'integer' ? 1 : '0';
  // A copied record keeps its own times.
  setTimestamps(
    tm,
    rec,
    now,
    [tm.createdKey, tm.updatedKey].filter((key) => rec[key] === null),
  );
  applyDefaults(rec, CREATE_DEFAULTS[tm.name], item.form, ctx.prng);
  ctx.store.insert(tm.name, accountSid, rec);
  return rec;
}

/** The record's own id: the one the create names, else a fresh SID or typed id (comms_contact_01h…) not yet taken. */
function assignId(ctx: ApiContext, { tm, accountSid }: Scope, rec: TwilioRecord, ownId: string | undefined, now: Date): void {
  if (ownId !== undefined) rec[tm.keyField] = ownId;
  else {
    const collection = ctx.store.collection(tm.name, accountSid);
    do rec[tm.keyField] = tm.typedId ? identifier(ctx.prng, now.getTime()) : newSid(ctx.prng, tm.idPrefix);
    while (collection.get(ctx.store.keyOf(tm, rec)));
  }
  if (tm.typedId) rec[tm.typedId.field] = tm.typedId.prefix + String(rec[tm.keyField]);
}

function createAnswer(ctx: ApiContext, scope: Scope, recs: TwilioRecord[], form: FormParams): ApiResponse {
  const { tm, route } = scope;
  const status = statusOf(tm, 'create', 201);
  const present = presenter(ctx, scope);
  // The array a create's answer wraps its records in (a batch's, or Messages' {"messages": [ … ]}).
  const wrapper = route.create?.unwrap;
  if (wrapper) return { status, body: { [wrapper]: recs.map(present) } };
  const responseFields = route.create?.responseFields;
  // The Communications API's responseFields restate the record they answer with.
  if (!responseFields || tm.tokenApi) return { status, body: present(recs[0]) };
  // e.g. OutgoingCallerId: Twilio answers with a validation request, not the caller id.
  const out: TwilioRecord = {};
  for (const f of [...responseFields].sort((a, b) => (a.key < b.key ? -1 : 1))) out[f.key] = recs[0][f.key] ?? null;
  applyDefaults(out, RESPONSE_DEFAULTS[tm.name], form, ctx.prng);
  return { status: 200, body: out };
}

/** If-Match against the record's version (or revision): '3', '"3"' and W/"3" all name version 3. */
function checkVersion(tm: TypeModel, rec: TwilioRecord, form: FormParams): void {
  const param = tm.headerParams.get('If-Match');
  const wanted = param ? form.get(param)?.[0] : undefined;
  if (!tm.versionField || wanted === undefined || wanted === '') return;
  const tag = wanted.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  const current = rec[tm.versionField];
  if (tag !== '*' && tag !== String(current)) {
    throw TwilioError.of(20412, `The If-Match header ${wanted} does not match the current ${tm.versionField} ${String(current)}`);
  }
}

function bump(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string' && /^\d+$/.test(value)) return String(Number(value) + 1);
  return value;
}

function update(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const { tm, route } = scope;
  if (tm.verbOf) return verb(ctx, req, scope, tm.verbOf);
  const current = find(ctx, req, scope);
  const form = withHeaders(req, route.update);
  validateBody(tm.name, route.update, form);
  if (req.json) validateNested(route.update, req.json);
  checkVersion(tm, current, form);
  const rec = { ...current };
  applyParams(tm, rec, form, route.update, protectedKeys(tm, scope.params), req.json);
  if (tm.versionField) rec[tm.versionField] = bump(rec[tm.versionField]);
  setTimestamps(tm, rec, ctx.clock(), [tm.updatedKey]);
  ctx.store.insert(tm.name, scope.accountSid, rec);
  return { status: statusOf(tm, 'update', 200), body: presenter(ctx, scope)(rec) };
}

function remove(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  find(ctx, req, scope);
  ctx.store.remove(scope.tm.name, scope.accountSid, keyOf(ctx, scope));
  return { status: 204 };
}

/** The record with a verb's effects (VERB_EFFECTS, SOFT_DELETES) applied and its update time set; nested objects are copied, not shared. */
function affected(tm: TypeModel, current: TwilioRecord, effects: Record<string, unknown>, now: Date): TwilioRecord {
  const rec = structuredClone(current);
  for (const [path, value] of Object.entries(effects)) setPath(rec, path, value);
  setTimestamps(tm, rec, now, [tm.updatedKey]);
  return rec;
}

/** A delete sent as POST <instance>/Archive: the record stays, marked (SOFT_DELETES), and comes back with 200. */
function softDelete(ctx: ApiContext, req: ApiRequest, scope: Scope, template: string): ApiResponse {
  const { tm } = scope;
  const current = find(ctx, req, scope);
  const effects = SOFT_DELETES[template.split('/').pop() ?? ''];
  if (!effects) {
    ctx.store.remove(tm.name, scope.accountSid, keyOf(ctx, scope));
    return { status: 200, body: render(tm, current) };
  }
  const rec = affected(tm, current, effects, ctx.clock());
  ctx.store.insert(tm.name, scope.accountSid, rec);
  return { status: 200, body: render(tm, rec) };
}

/**
 * A verb type's create or update (POST …/Versions/{Sid}/Archive, …/Verifications/{id}/Approve,
 * /Factors/Approve naming the factor in its body): marks the record of the type it acts on.
 */
function verb(ctx: ApiContext, req: ApiRequest, scope: Scope, verbOf: NonNullable<TypeModel['verbOf']>): ApiResponse {
  const { base, effects, bodyParam } = verbOf;
  const body = scope.route.create ?? scope.route.update;
  const form = withHeaders(req, body);
  validateBody(scope.tm.name, body, form);
  const own = base.route.id[base.route.id.length - 1];
  const values: Record<string, string> = {};
  for (const [name, from] of Object.entries(base.rename)) values[name] = scope.params[from];
  if (bodyParam) {
    const named = form.get(bodyParam)?.[0];
    if (!named) throw TwilioError.missing(bodyParam);
    values[own.name] = bareId(base.tm, named);
  }
  const key = ctx.store.keyFromPath(base.tm, values, own.name);
  const current = ctx.store.get(base.tm.name, scope.accountSid, key);
  if (!current) throw TwilioError.notFound(req.pathname);
  const rec = affected(base.tm, current, effects, ctx.clock());
  ctx.store.insert(base.tm.name, scope.accountSid, rec);
  // Rendered as the verb type, whose url is the base record's.
  const out = render(scope.tm, rec);
  if ('url' in out) out.url = render(base.tm, rec).url ?? null;
  return { status: 200, body: out };
}

/** A derived record (VIEWS): the path's ids, and the source records under them gathered into arrays. */
function viewRecord(ctx: ApiContext, req: ApiRequest, scope: Scope, view: ViewDef): TwilioRecord {
  checkReferences(ctx, req, scope);
  const rec = blank(scope.tm);
  const tests = Object.entries(scope.params).map(([name, value]) => [snake(name), value] as const);
  for (const [key, value] of tests) if (key in rec) rec[key] = value;
  const sources = ctx.store.records(view.of, scope.accountSid).filter((src) => tests.every(([key, value]) => src[key] === value));
  sources.reverse(); // oldest first: the order things were attached in
  for (const [field, from] of Object.entries(view.collect)) rec[field] = sources.map((src) => src[from]);
  return render(scope.tm, rec);
}
