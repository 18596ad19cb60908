// What the sandbox derives once from each catalog object type: whether it is served,
// how a record is keyed, which route writes its `uri` (classic) or absolute `url`
// (newer APIs), which child lists become its `subresource_uris` / `links`, which
// records a path parameter refers to, and which verb types act on another type's records.
import type { Catalog } from '../connector/catalog/load';
import type { FieldDef, ObjectTypeDef, RouteDef } from '../connector/catalog/types';
import { EXTRA_SUBRESOURCES, ID_PREFIXES, TIMESTAMP_KEYS, VERB_EFFECTS } from './defaults';
import type { ErrorLayout } from './errors';
import { actionRoute, RouteTable, templateParams } from './routes';
import { sidPrefix } from './sids';

/** CallSid → call_sid, Sid → sid: the record key holding a path parameter's value. */
export function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export interface Subresource {
  key: string;
  /** Appended to the parent's instance uri without its '.json'. */
  suffix: string;
}

export interface TypeModel {
  def: ObjectTypeDef;
  name: string;
  /** The classic 2010-04-01 API (relative `uri`, subresource_uris); else a newer one (absolute `url`, `links`). */
  classic: boolean;
  /** Host of def.baseUrl. */
  host: string;
  /** Record key holding the record's own id: 'sid', or 'call_sid' for participants. */
  keyField: string;
  /** Parent keys present in every route, part of the identity (participants: conference_sid). */
  keyParents: string[];
  /** SID prefix for new records' own id ('SM', 'CA'). */
  idPrefix: string;
  /** False for Account, whose routes carry no account path parameter; newer APIs' records belong to the caller's account. */
  accountScoped: boolean;
  /**
   * The Communications API (an API whose lists page by token): `pagination` envelope,
   * typed ids, JSON bodies whose structures are kept, its own error body layout.
   */
  tokenApi: boolean;
  /** Record keys of the creation and last-update timestamps (date_created/date_updated or created_at/updated_at). */
  createdKey: string;
  updatedKey: string;
  /**
   * Typed ids (comms_contact_01h…): the field that carries it and its prefix. Paths take
   * the bare identifier, which the record keeps (unrendered) under keyField.
   */
  typedId?: { field: string; prefix: string };
  fieldsByName: Map<string, FieldDef>;
  fieldsByKey: Map<string, FieldDef>;
  /** Field keys in alphabetical order, as Twilio writes its JSON. */
  renderOrder: string[];
  /** Route whose instance path makes the record's `uri` (classic) or `url` (newer APIs). */
  uriRoute?: RouteDef;
  /** Child lists: subresource_uris (classic) or links (newer APIs). */
  subresources: Subresource[];
  /** Update parameters sent as headers (If-Match), by header name. */
  headerParams: Map<string, string>;
  /** Field compared with If-Match and bumped by updates that declare it: 'version' or 'revision'. */
  versionField?: string;
  /**
   * A verb posted to another type's record (POST …/Versions/{Sid}/Archive, …/Verifications/{id}/Approve,
   * catalogued as its own update- or create-only type): the record it acts on, the fields
   * it sets (VERB_EFFECTS), and the body parameter naming the record where the path does
   * not (POST /Factors/Approve with a factor_id).
   */
  verbOf?: { base: Reference; effects: Record<string, unknown>; bodyParam?: string };
}

/** The bare identifier a path takes, from the type's typed id (comms_contact_01h… → 01h…); other values as given. */
export function bareId(tm: TypeModel, value: string): string {
  const prefix = tm.typedId?.prefix;
  return prefix && value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

/**
 * The envelope a list's pages come in, read off its paging dialect (`pages`): the newer
 * APIs' `meta` object, the Communications API's `pagination` object with a bare token, or
 * the classic API's links beside the list.
 */
export function envelopeOf(def: ObjectTypeDef): 'classic' | 'meta' | 'meta-token' | 'token' {
  if (def.pages?.next?.startsWith('meta.')) return def.pages.nextIs === 'token' ? 'meta-token' : 'meta';
  return def.pages?.nextIs === 'token' ? 'token' : 'classic';
}

export class Model {
  readonly types = new Map<string, TypeModel>();
  readonly routes: RouteTable;

  constructor(readonly catalog: Catalog) {
    const all = [...catalog.objectTypes.values()];
    const tokenApis = new Set(all.filter((d) => envelopeOf(d) === 'token').map((d) => d.api));
    const served = all.filter(servable);
    // Verb types have no instance path of their own; they are served when the record they act on is.
    const candidates = all.filter((d) => servable(d) || verbPath(d) !== undefined);
    for (const def of candidates) this.types.set(def.name, compileType(def, served, tokenApis.has(def.api)));
    for (const tm of this.types.values()) tm.verbOf = this.verbTarget(tm);
    for (const tm of [...this.types.values()]) if (!servable(tm.def) && !tm.verbOf) this.types.delete(tm.name);
    this.routes = new RouteTable([...this.types.values()].map((tm) => tm.def));
  }

  /**
   * The record a verb type acts on: <that type's instance path>/<Verb> (the id in the
   * path), or <that type's list path>/<Verb> with its id parameter in the body.
   */
  private verbTarget(tm: TypeModel): TypeModel['verbOf'] {
    const verb = verbPath(tm.def);
    if (!verb) return undefined;
    const { route, path, effects } = verb;
    const parts = path.split('/').slice(0, -1);
    const param = /^\{([A-Za-z0-9_]+)\}$/.exec(parts[parts.length - 1])?.[1];
    if (param) {
      const base = this.references(tm, route, path, param).find((ref) => ref.tm.keyField === snake(param));
      return base ? { base, effects } : undefined;
    }
    const list = parts.join('/');
    const body = new Set((route.create?.params ?? []).map((p) => p.name));
    for (const other of this.types.values()) {
      if (other === tm || other.host !== tm.host || other.keyParents.length) continue;
      const r = other.def.routes.find((x) => x.listPath === list && x.instancePath);
      const own = r?.id[r.id.length - 1].name;
      if (r && own && body.has(own)) return { base: { tm: other, route: r, rename: {} }, effects, bodyParam: own };
    }
    return undefined;
  }

  /** How errors on a path are written: the Communications API's layout on its paths, else Twilio's usual one. */
  errorLayout(pathname: string, host?: string): ErrorLayout {
    const hit = this.routes.match(pathname, host)[0];
    return hit && this.types.get(hit.path.def.name)?.tokenApi ? 'comms' : 'twilio';
  }

  type(name: string): TypeModel {
    const tm = this.types.get(name);
    if (!tm) throw new Error(`sandbox: unknown object type ${name}`);
    return tm;
  }

  private readonly refCache = new Map<string, Reference[]>();

  /**
   * Where the path parameter `param` of `template` (a path of `tm`) points: the type
   * whose instance path is the template up to that parameter (Calls/{CallSid} → Call),
   * else the same API's top-level types whose SIDs have the parameter's prefix (an
   * attached operator LY… may be custom or prebuilt). Empty when nothing is known.
   */
  references(tm: TypeModel, route: RouteDef, template: string, param: string): Reference[] {
    const cacheKey = `${tm.name}\n${template}\n${param}`;
    let refs = this.refCache.get(cacheKey);
    if (refs) return refs;
    refs = [];
    const parts = template.split('/');
    const index = parts.findIndex((p) => p.startsWith(`{${param}}`));
    if (index > 0) {
      const prefix = normalizePath(parts.slice(0, index + 1).join('/'));
      const positions = templateParams(parts.slice(0, index + 1).join('/'));
      for (const other of this.types.values()) {
        if (other === tm || other.host !== tm.host) continue;
        for (const r of other.def.routes) {
          if (!r.instancePath || normalizePath(r.instancePath) !== prefix) continue;
          const names = templateParams(r.instancePath);
          refs.push({ tm: other, route: r, rename: Object.fromEntries(names.map((n, i) => [n, positions[i]])) });
        }
      }
    }
    if (!refs.length) {
      const prefix = sidPrefix(route.id.find((s) => s.name === param)?.pattern);
      for (const other of this.types.values()) {
        if (other === tm || other.host !== tm.host || !prefix) continue;
        if (other.keyField === 'sid' && other.keyParents.length === 0 && other.idPrefix === prefix) {
          const r = other.def.routes[0];
          refs.push({ tm: other, route: r, rename: { [r.id[r.id.length - 1].name]: param } });
        }
      }
    }
    if (!refs.length) {
      // Typed ids say what they point to by name: contact_id is a Contact's.
      for (const other of this.types.values()) {
        if (other === tm || other.host !== tm.host || !other.typedId || other.keyParents.length || other.keyField !== param) continue;
        const r = other.def.routes.find((x) => x.instancePath) ?? other.def.routes[0];
        refs.push({ tm: other, route: r, rename: { [param]: param } });
      }
    }
    this.refCache.set(cacheKey, refs);
    return refs;
  }
}

/** A type a path parameter refers to, and how to read its path parameters from the referring path's. */
export interface Reference {
  tm: TypeModel;
  route: RouteDef;
  /** The referenced route's parameter name → the referring path's parameter name. */
  rename: Record<string, string>;
}

export const CLASSIC_API = 'twilio_api_v2010';

/**
 * What the sandbox serves: object types whose records have an address (an instance path
 * with the record's own id, in every route an id), with the classic envelope
 * (next_page_uri), the newer APIs' meta envelope or the Communications API's pagination
 * token. Not served: singletons (routes without an id: settings, configurations) and
 * types with no instance path (list-only reports, create-only actions), except verbs on
 * a served type's records (verbPath).
 */
export function servable(def: ObjectTypeDef): boolean {
  if (def.api === CLASSIC_API && envelopeOf(def) !== 'meta') {
    // The classic API as before: the usual REST shape only.
    return def.routes.every((r) => r.id.length > 0 && !r.overrides && r.instancePath !== undefined);
  }
  return def.routes.some((r) => r.instancePath) && def.routes.every((r) => r.id.length > 0 && (r.instancePath || r.listPath));
}

/** A verb type's one route, the path it posts to and what the verb does: one create- or update-only route ending in a VERB_EFFECTS verb. */
export function verbPath(def: ObjectTypeDef): { route: RouteDef; path: string; effects: Record<string, unknown> } | undefined {
  const [route, ...more] = def.routes;
  const action = route?.actions.join();
  if (more.length || (action !== 'create' && action !== 'update')) return undefined;
  const path = actionRoute(route, action)?.path;
  const effects = path ? VERB_EFFECTS[path.slice(path.lastIndexOf('/') + 1)] : undefined;
  return path && effects ? { route, path, effects } : undefined;
}

/** comms.twilio.com + contact_id → 'comms_contact_' (PR108 writes agent pools' as comms_agentpool_). */
function typedPrefix(def: ObjectTypeDef, ownParam: string): string {
  return `${new URL(def.baseUrl).host.split('.')[0]}_${ownParam.replace(/_id$/, '').replace(/_/g, '')}_`;
}

function compileType(def: ObjectTypeDef, all: ObjectTypeDef[], tokenApi: boolean): TypeModel {
  const ids = def.routes[0].id;
  const own = ids[ids.length - 1];
  const keyField = snake(own.name);
  const keyParents = ids
    .slice(0, -1)
    .map((s) => s.name)
    .filter((name) => def.routes.every((r) => r.id.some((s) => s.name === name)))
    .map(snake);
  const fieldsByName = new Map(def.fields.map((f) => [f.name, f]));
  const fieldsByKey = new Map(def.fields.map((f) => [f.key, f]));
  const uriRoute = def.routes.find((r) => r.instancePath);
  const classic = def.api === CLASSIC_API;
  const headerParams = new Map<string, string>();
  for (const r of def.routes) for (const p of r.update?.params ?? []) if (p.header) headerParams.set(p.header, p.name);
  const versioned = headerParams.has('If-Match') ? ['version', 'revision'].find((k) => fieldsByKey.has(k)) : undefined;
  const timestamps = TIMESTAMP_KEYS.find((t) => fieldsByKey.has(t.created)) ?? TIMESTAMP_KEYS[0];
  const typed = tokenApi && fieldsByKey.has('id') && own.name.endsWith('_id');
  return {
    def,
    name: def.name,
    classic,
    host: new URL(def.baseUrl).host,
    keyField,
    keyParents,
    idPrefix: ID_PREFIXES[def.name] ?? sidPrefix(own.pattern) ?? sidPrefix(fieldsByKey.get(keyField)?.pattern) ?? 'XX',
    accountScoped: def.routes.some((r) => r.accountParam) || !classic,
    tokenApi,
    createdKey: timestamps.created,
    updatedKey: timestamps.updated,
    typedId: typed ? { field: 'id', prefix: typedPrefix(def, own.name) } : undefined,
    fieldsByName,
    fieldsByKey,
    renderOrder: def.fields.map((f) => f.key).sort(),
    uriRoute,
    subresources: uriRoute?.instancePath ? subresourcesOf(def, uriRoute.instancePath, all) : [],
    headerParams,
    versionField: versioned,
  };
}

/** Child lists of the catalog nested right under this type's instance path. */
function subresourcesOf(def: ObjectTypeDef, instancePath: string, all: ObjectTypeDef[]): Subresource[] {
  const base = normalizePath(instancePath) + '/';
  const out = new Map<string, string>();
  for (const child of all) {
    if (child.baseUrl !== def.baseUrl) continue; // another API that shares the path shape
    for (const route of child.routes) {
      if (!route.listPath) continue;
      const list = normalizePath(route.listPath, false);
      if (!list.startsWith(base)) continue;
      const suffix = list.slice(base.length - 1);
      if (suffix.includes('{')) continue;
      // A child Twilio only creates (a call's payments) has no list key: its key is the path's.
      const key = child.listKey || snake(suffix.slice(1).replace(/\.json$/, ''));
      if (!out.has(key)) out.set(key, suffix);
    }
  }
  for (const [key, suffix] of Object.entries(EXTRA_SUBRESOURCES[def.name] ?? {})) out.set(key, suffix);
  return [...out].map(([key, suffix]) => ({ key, suffix })).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** '/v1/Services/{ServiceSid}/Documents/{Sid}.json' → '/v1/Services/{}/Documents/{}' (keeps '.json' unless asked). */
export function normalizePath(template: string, dropJson = true): string {
  const out = template.replace(/\{[A-Za-z0-9_]+\}/g, '{}');
  return dropJson ? out.replace(/\.json$/, '') : out;
}
