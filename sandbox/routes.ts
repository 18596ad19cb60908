// Matches requests against the catalog's path templates. Every action of every route
// is registered under the method and path it uses (actionRoute: Twilio's usual REST
// shape, or the route's declared override), so overrides (attach on the instance path,
// POST …/Archive, PUT/PATCH updates) route like the usual ones. The sandbox reads this
// from the catalog data itself rather than through the connector's request building, so
// its tests check the connector against an independent reading. `{X}` stands for one whole path segment, or for the part of a segment
// before a literal suffix ('{Sid}.json').
import type { Action, HttpMethod, ObjectTypeDef, RouteDef } from '../connector/catalog/types';
import { ACTIONS } from '../connector/catalog/types';

/** Twilio's usual REST shape: the method and which of the route's paths each action uses. */
const USUAL: Record<Action, { method: HttpMethod; on: 'instancePath' | 'listPath' }> = {
  get: { method: 'GET', on: 'instancePath' },
  query: { method: 'GET', on: 'listPath' },
  create: { method: 'POST', on: 'listPath' },
  update: { method: 'POST', on: 'instancePath' },
  delete: { method: 'DELETE', on: 'instancePath' },
};

/** The method and path template an action of a route is served on; undefined where the route has no such path. */
export function actionRoute(route: RouteDef, action: Action): { method: HttpMethod; path: string } | undefined {
  const override = route.overrides?.[action];
  if (override) return { method: override.method, path: override.path };
  const usual = USUAL[action];
  const path = route[usual.on];
  return path ? { method: usual.method, path } : undefined;
}

/** 'instance' when the path names the record's own id, else 'list' (a collection path). */
export type PathKind = 'instance' | 'list';

interface Segment {
  literal?: string;
  param?: string;
  suffix?: string;
}

export interface CompiledPath {
  def: ObjectTypeDef;
  route: RouteDef;
  action: Action;
  method: string;
  kind: PathKind;
  template: string;
  /** Host of def.baseUrl, for telling apart APIs that share paths. */
  host: string;
  segments: Segment[];
  /** Catalog order, the last tie-breaker between paths that fit equally well. */
  order: number;
}

export interface RouteMatch {
  path: CompiledPath;
  /** Percent-decoded path parameter values by name. */
  params: Record<string, string>;
}

const PARAM = /\{([A-Za-z0-9_]+)\}/g;

function compileTemplate(template: string): Segment[] {
  return template
    .split('/')
    .slice(1)
    .map((part) => {
      const m = /^\{([A-Za-z0-9_]+)\}(.*)$/.exec(part);
      return m ? { param: m[1], suffix: m[2] } : { literal: part };
    });
}

/** Negative when a fits more specifically: left to right, a literal segment beats a parameter. */
export function compareSpecificity(a: CompiledPath, b: CompiledPath): number {
  for (let i = 0; i < a.segments.length; i++) {
    const la = a.segments[i].literal !== undefined;
    const lb = b.segments[i]?.literal !== undefined;
    if (la !== lb) return la ? -1 : 1;
  }
  return 0;
}

export class RouteTable {
  private readonly bySegmentCount = new Map<number, CompiledPath[]>();
  readonly hosts = new Set<string>();

  constructor(defs: Iterable<ObjectTypeDef>) {
    let order = 0;
    for (const def of defs) {
      const host = new URL(def.baseUrl).host;
      this.hosts.add(host);
      for (const route of def.routes) {
        const own = route.id[route.id.length - 1]?.name;
        for (const action of ACTIONS) {
          if (!route.actions.includes(action)) continue;
          const request = actionRoute(route, action);
          if (!request) continue;
          const template = request.path;
          const names = [...template.matchAll(PARAM)].map((m) => m[1]);
          const kind: PathKind = own !== undefined && names.includes(own) ? 'instance' : 'list';
          const segments = compileTemplate(template);
          const compiled: CompiledPath = { def, route, action, method: request.method, kind, template, host, segments, order: order++ };
          const bucket = this.bySegmentCount.get(segments.length) ?? [];
          bucket.push(compiled);
          this.bySegmentCount.set(segments.length, bucket);
        }
      }
    }
  }

  /**
   * Catalog paths the request fits with its method, most specific first (then catalog
   * order); `host` narrows to one API. `method` undefined matches any method.
   */
  match(pathname: string, host?: string, method?: string): RouteMatch[] {
    const parts = pathname.split('/').slice(1);
    const out: RouteMatch[] = [];
    for (const path of this.bySegmentCount.get(parts.length) ?? []) {
      if (host && path.host !== host) continue;
      if (method && path.method !== method) continue;
      const params = matchSegments(path.segments, parts);
      if (params) out.push({ path, params });
    }
    if (out.length > 1) out.sort((a, b) => compareSpecificity(a.path, b.path) || a.path.order - b.path.order);
    return out;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const part = parts[i];
    if (seg.literal !== undefined) {
      if (part !== seg.literal) return undefined;
      continue;
    }
    const suffix = seg.suffix ?? '';
    if (part.length <= suffix.length || !part.endsWith(suffix)) return undefined;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(0, part.length - suffix.length));
    } catch {
      return undefined;
    }
    if (!value) return undefined;
    params[seg.param!] = value;
  }
  return params;
}

/** Path parameter names of a template, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(PARAM)].map((m) => m[1]);
}

/** Fills a template's `{X}` from values, percent-encoding them. */
export function fillTemplate(template: string, values: Record<string, string | null | undefined>): string | undefined {
  let missing = false;
  const out = template.replace(PARAM, (_, name: string) => {
    const value = values[name];
    if (value === null || value === undefined || value === '') missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? undefined : out;
}
