// The five catalog actions against the store: a request already authenticated and
// matched to a catalog path comes in, a status and a Twilio JSON body go out.
import type { RouteDef } from '../catalog/types';
import { ACCOUNT_TYPE, canAccess, type Principal } from './auth';
import { CREATE_DEFAULTS, RESPONSE_DEFAULTS } from './defaults';
import { TwilioError } from './errors';
import { compileQuery } from './filters';
import { snake, type Model, type TypeModel } from './model';
import { listPage } from './paging';
import type { Prng } from './prng';
import { applyDefaults, applyParams, blank, protectedKeys, render, setTimestamps, type FormParams } from './records';
import { actionFor, type RouteMatch } from './routes';
import { newSid, sidPrefix } from './sids';
import type { Store, TwilioRecord } from './store';
import { validateAddresses, validateBody } from './validate';

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
  /** A *.twilio.com Host narrows routing to that API's object types. */
  twilioHost?: string;
  principal: Principal;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

/** What a matched path says about scope: the account partition and the parent ids. */
interface Scope {
  tm: TypeModel;
  route: RouteDef;
  accountSid: string;
  /** Parent path parameters (CallSid, ConferenceSid…) with their values. */
  parents: Record<string, string>;
  /** The instance's own id, for instance paths. */
  ownId?: string;
  params: Record<string, string>;
}

export function handleApi(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const notFound = TwilioError.notFound(req.pathname);
  const matches = ctx.model.routes.match(req.pathname, req.twilioHost);
  // Twilio's classic API answers 404 to a method a path does not offer.
  const hit = matches.find((m) => {
    const action = actionFor(m.path.kind, req.method);
    return action !== undefined && m.path.route.actions.includes(action);
  });
  if (!hit) throw notFound;
  const scope = scopeOf(ctx, req, hit);
  if (!scope) throw notFound;
  switch (actionFor(hit.path.kind, req.method)) {
    case 'get':
      return { status: 200, body: render(scope.tm, find(ctx, req, scope)) };
    case 'query':
      return query(ctx, req, scope);
    case 'create':
      return create(ctx, req, scope);
    case 'update':
      return update(ctx, req, scope);
    case 'delete':
      find(ctx, req, scope);
      ctx.store.remove(scope.tm.name, scope.accountSid, ctx.store.keyFromPath(scope.tm, scope.params));
      return { status: 204 };
    default:
      throw notFound;
  }
}

function scopeOf(ctx: ApiContext, req: ApiRequest, hit: RouteMatch): Scope | undefined {
  const { def, route, kind } = hit.path;
  const tm = ctx.model.type(def.name);
  const params = { ...hit.params };
  let accountSid = req.principal.accountSid;
  if (route.accountParam) {
    accountSid = params[route.accountParam];
    if (!canAccess(ctx.store, req.principal, accountSid)) return undefined;
    delete params[route.accountParam];
  }
  const own = kind === 'instance' ? route.id[route.id.length - 1].name : undefined;
  const parents = Object.fromEntries(Object.entries(params).filter(([name]) => name !== own));
  return { tm, route, accountSid, parents, ownId: own ? params[own] : undefined, params };
}

/** Accounts are visible to their owner; everything else by its path. */
function visible(ctx: ApiContext, req: ApiRequest, tm: TypeModel, rec: TwilioRecord): boolean {
  return tm.name !== ACCOUNT_TYPE || canAccess(ctx.store, req.principal, String(rec.sid));
}

function find(ctx: ApiContext, req: ApiRequest, scope: Scope): TwilioRecord {
  const rec = ctx.store.get(scope.tm.name, scope.accountSid, ctx.store.keyFromPath(scope.tm, scope.params));
  const underParents = rec && Object.entries(scope.parents).every(([name, value]) => rec[snake(name)] === value);
  if (!rec || !underParents || !visible(ctx, req, scope.tm, rec)) throw TwilioError.notFound(req.pathname);
  return rec;
}

function query(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const pairs = [...req.query];
  const { predicate, carried } = compileQuery(scope.tm, scope.route, pairs, scope.parents);
  const body = listPage({
    tm: scope.tm,
    collection: ctx.store.collection(scope.tm.name, scope.accountSid),
    predicate: (rec) => predicate(rec) && visible(ctx, req, scope.tm, rec),
    carried,
    pathname: req.pathname,
    query: req.query,
  });
  return { status: 200, body };
}

/** The parent of a nested create (the Call of Calls/{CallSid}/Recordings) must exist. */
function checkParents(ctx: ApiContext, req: ApiRequest, scope: Scope): void {
  for (const [name, value] of Object.entries(scope.parents)) {
    const prefix = sidPrefix(scope.route.id.find((s) => s.name === name)?.pattern);
    const parent = [...ctx.model.types.values()].find((t) => t.keyField === 'sid' && t.keyParents.length === 0 && t.idPrefix === prefix);
    if (parent && !ctx.store.get(parent.name, scope.accountSid, value)) throw TwilioError.notFound(req.pathname);
  }
}

function create(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const { tm, route, accountSid } = scope;
  validateBody(tm.name, route.create, req.form);
  validateAddresses(tm.name, req.form);
  checkParents(ctx, req, scope);
  const rec = blank(tm);
  applyParams(tm, rec, req.form, route.create, protectedKeys(tm, scope.params));
  for (const [name, value] of Object.entries(scope.parents)) if (snake(name) in rec) rec[snake(name)] = value;
  const collection = ctx.store.collection(tm.name, accountSid);
  do rec[tm.keyField] = newSid(ctx.prng, tm.idPrefix);
  while (collection.get(ctx.store.keyOf(tm, rec)));
  if (tm.accountScoped) {
    if ('account_sid' in rec) rec.account_sid = accountSid;
  } else if ('owner_account_sid' in rec) {
    rec.owner_account_sid = req.principal.accountSid; // a new Account is a subaccount of the caller
  }
  setTimestamps(tm, rec, ctx.clock(), ['date_created', 'date_updated']);
  applyDefaults(rec, CREATE_DEFAULTS[tm.name], req.form, ctx.prng);
  ctx.store.insert(tm.name, accountSid, rec);

  const responseFields = route.create?.responseFields;
  if (!responseFields) return { status: 201, body: render(tm, rec) };
  // e.g. OutgoingCallerId: Twilio answers with a validation request, not the caller id.
  const out: TwilioRecord = {};
  for (const f of [...responseFields].sort((a, b) => (a.key < b.key ? -1 : 1))) out[f.key] = rec[f.key] ?? null;
  applyDefaults(out, RESPONSE_DEFAULTS[tm.name], req.form, ctx.prng);
  return { status: 200, body: out };
}

function update(ctx: ApiContext, req: ApiRequest, scope: Scope): ApiResponse {
  const { tm, route } = scope;
  const rec = { ...find(ctx, req, scope) };
  validateBody(tm.name, route.update, req.form);
  applyParams(tm, rec, req.form, route.update, protectedKeys(tm, scope.params));
  setTimestamps(tm, rec, ctx.clock(), ['date_updated']);
  ctx.store.insert(tm.name, scope.accountSid, rec);
  return { status: 200, body: render(tm, rec) };
}
