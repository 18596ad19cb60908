// What the sandbox derives once from each catalog object type: how a record is keyed,
// which route writes its `uri`, which child lists become its `subresource_uris`.
import type { Catalog } from '../catalog/load';
import type { FieldDef, ObjectTypeDef, RouteDef } from '../catalog/types';
import { EXTRA_SUBRESOURCES } from './defaults';
import { RouteTable } from './routes';
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
  /** Record key holding the record's own id: 'sid', or 'call_sid' for participants. */
  keyField: string;
  /** Parent keys present in every route, part of the identity (participants: conference_sid). */
  keyParents: string[];
  /** SID prefix for new records' own id ('SM', 'CA'). */
  idPrefix: string;
  /** False for Account, whose routes carry no account path parameter. */
  accountScoped: boolean;
  fieldsByName: Map<string, FieldDef>;
  fieldsByKey: Map<string, FieldDef>;
  /** Field keys in alphabetical order, as Twilio writes its JSON. */
  renderOrder: string[];
  /** Route whose instance path makes the record's `uri`. */
  uriRoute?: RouteDef;
  subresources: Subresource[];
}

export class Model {
  readonly types = new Map<string, TypeModel>();
  readonly routes: RouteTable;

  constructor(readonly catalog: Catalog) {
    const defs = [...catalog.objectTypes.values()].filter(servable);
    this.routes = new RouteTable(defs);
    for (const def of defs) this.types.set(def.name, compileType(def, defs));
  }

  type(name: string): TypeModel {
    const tm = this.types.get(name);
    if (!tm) throw new Error(`sandbox: unknown object type ${name}`);
    return tm;
  }
}

/**
 * What the sandbox serves so far: the classic API's records with the usual REST
 * shape (list envelopes with next_page_uri, RFC 2822 dates). The newer APIs' meta
 * envelopes, singletons and action overrides are not modelled yet.
 */
export function servable(def: ObjectTypeDef): boolean {
  return (
    def.api === 'twilio_api_v2010' &&
    def.paging !== 'meta' &&
    def.routes.every((r) => r.id.length > 0 && !r.overrides && r.instancePath !== undefined)
  );
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
  return {
    def,
    name: def.name,
    keyField,
    keyParents,
    idPrefix: sidPrefix(own.pattern) ?? sidPrefix(fieldsByKey.get(keyField)?.pattern) ?? 'XX',
    accountScoped: def.routes.some((r) => r.accountParam),
    fieldsByName,
    fieldsByKey,
    renderOrder: def.fields.map((f) => f.key).sort(),
    uriRoute,
    subresources: uriRoute?.instancePath ? subresourcesOf(def, uriRoute.instancePath, all) : [],
  };
}

/** Child lists of the catalog nested right under this type's instance path. */
function subresourcesOf(def: ObjectTypeDef, instancePath: string, all: ObjectTypeDef[]): Subresource[] {
  const normalize = (p: string): string => p.replace(/\{[A-Za-z0-9]+\}/g, '{}');
  const base = normalize(instancePath).replace(/\.json$/, '') + '/';
  const out = new Map<string, string>();
  for (const child of all) {
    for (const route of child.routes) {
      if (!route.listPath) continue;
      const list = normalize(route.listPath);
      if (!list.startsWith(base)) continue;
      const suffix = list.slice(base.length - 1);
      if (!suffix.includes('{') && !out.has(child.listKey)) out.set(child.listKey, suffix);
    }
  }
  for (const [key, suffix] of Object.entries(EXTRA_SUBRESOURCES[def.name] ?? {})) out.set(key, suffix);
  return [...out].map(([key, suffix]) => ({ key, suffix })).sort((a, b) => (a.key < b.key ? -1 : 1));
}
