// What the sandbox derives once from each catalog object type: whether it is served,
// how a record is keyed, which route writes its `uri` (classic) or absolute `url`
// (newer APIs), which child lists become its `subresource_uris` / `links`, and which
// records a path parameter refers to.
import type { Catalog } from '../catalog/load';
import type { FieldDef, ObjectTypeDef, RouteDef } from '../catalog/types';
import { EXTRA_SUBRESOURCES, ID_PREFIXES, SOFT_DELETES } from './defaults';
import { RouteTable, templateParams } from './routes';
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
   * A verb posted to another type's record (POST …/Versions/{Sid}/Archive, catalogued
   * as its own update-only type): the record it acts on and the fields it sets.
   */
  verbOf?: { base: Reference; effects: Record<string, unknown> };
}

export class Model {
  readonly types = new Map<string, TypeModel>();
  readonly routes: RouteTable;

  constructor(readonly catalog: Catalog) {
    const all = [...catalog.objectTypes.values()];
    const tokenApis = new Set(all.filter((d) => d.paging === 'token').map((d) => d.api));
    const defs = all.filter((d) => servable(d, tokenApis));
    this.routes = new RouteTable(defs);
    for (const def of defs) this.types.set(def.name, compileType(def, defs));
    for (const tm of this.types.values()) tm.verbOf = this.verbTarget(tm);
  }

  /** An update-only type at <another type's instance path>/<Verb> with a SOFT_DELETES verb. */
  private verbTarget(tm: TypeModel): TypeModel['verbOf'] {
    const [route, ...more] = tm.def.routes;
    if (more.length || !route.instancePath || route.actions.join() !== 'update') return undefined;
    const parts = route.instancePath.split('/');
    const effects = SOFT_DELETES[parts[parts.length - 1]];
    const own = route.id[route.id.length - 1].name;
    if (!effects || parts[parts.length - 2] !== `{${own}}`) return undefined;
    const base = this.references(tm, route, route.instancePath, own).find((ref) => ref.tm.keyField === tm.keyField);
    return base ? { base, effects } : undefined;
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
 * (next_page_uri) or the newer APIs' meta envelope. Not served: singletons (routes
 * without an id: settings, configurations), types with no instance path (list-only
 * reports, create-only actions) and APIs that page by token (the Communications API,
 * with JSON bodies and its own envelope); `tokenApis` names those APIs.
 */
export function servable(def: ObjectTypeDef, tokenApis: ReadonlySet<string> = new Set()): boolean {
  if (def.paging === 'token' || tokenApis.has(def.api)) return false;
  if (def.api === CLASSIC_API && def.paging !== 'meta') {
    // The classic API as before: the usual REST shape only.
    return def.routes.every((r) => r.id.length > 0 && !r.overrides && r.instancePath !== undefined);
  }
  return def.routes.some((r) => r.instancePath) && def.routes.every((r) => r.id.length > 0 && (r.instancePath || r.listPath));
}

function compileType(def: ObjectTypeDef, all: ObjectTypeDef[]): TypeModel {
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
  return {
    def,
    name: def.name,
    classic,
    host: new URL(def.baseUrl).host,
    keyField,
    keyParents,
    idPrefix: ID_PREFIXES[def.name] ?? sidPrefix(own.pattern) ?? sidPrefix(fieldsByKey.get(keyField)?.pattern) ?? 'XX',
    accountScoped: def.routes.some((r) => r.accountParam) || !classic,
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
      if (!suffix.includes('{') && !out.has(child.listKey)) out.set(child.listKey, suffix);
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
