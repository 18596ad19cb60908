// Matches request paths against the catalog's path templates. `{X}` stands for one
// whole path segment, or for the part of a segment before a literal suffix ('{Sid}.json').
import type { Action, ObjectTypeDef, RouteDef } from '../catalog/types';

export type PathKind = 'instance' | 'list';

interface Segment {
  literal?: string;
  param?: string;
  suffix?: string;
}

export interface CompiledPath {
  def: ObjectTypeDef;
  route: RouteDef;
  kind: PathKind;
  template: string;
  /** Host of def.baseUrl, for telling apart APIs that share paths. */
  host: string;
  segments: Segment[];
}

export interface RouteMatch {
  path: CompiledPath;
  /** Percent-decoded path parameter values by name. */
  params: Record<string, string>;
}

const ACTION_BY_METHOD: Record<PathKind, Record<string, Action>> = {
  instance: { GET: 'get', POST: 'update', DELETE: 'delete' },
  list: { GET: 'query', POST: 'create' },
};

export function actionFor(kind: PathKind, method: string): Action | undefined {
  return ACTION_BY_METHOD[kind][method];
}

function compileTemplate(template: string): Segment[] {
  return template
    .split('/')
    .slice(1)
    .map((part) => {
      const m = /^\{([A-Za-z0-9]+)\}(.*)$/.exec(part);
      return m ? { param: m[1], suffix: m[2] } : { literal: part };
    });
}

export class RouteTable {
  private readonly bySegmentCount = new Map<number, CompiledPath[]>();

  constructor(defs: Iterable<ObjectTypeDef>) {
    for (const def of defs) {
      const host = new URL(def.baseUrl).host;
      for (const route of def.routes) {
        for (const [kind, template] of [['instance', route.instancePath], ['list', route.listPath]] as const) {
          if (!template) continue;
          const segments = compileTemplate(template);
          const compiled: CompiledPath = { def, route, kind, template, host, segments };
          const bucket = this.bySegmentCount.get(segments.length) ?? [];
          bucket.push(compiled);
          this.bySegmentCount.set(segments.length, bucket);
        }
      }
    }
  }

  /** Every catalog path the request path fits, in catalog order; `host` narrows to one API. */
  match(pathname: string, host?: string): RouteMatch[] {
    const parts = pathname.split('/').slice(1);
    const out: RouteMatch[] = [];
    for (const path of this.bySegmentCount.get(parts.length) ?? []) {
      if (host && path.host !== host) continue;
      const params = matchSegments(path.segments, parts);
      if (params) out.push({ path, params });
    }
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

/** Fills a template's `{X}` from values, percent-encoding them. */
export function fillTemplate(template: string, values: Record<string, string | null | undefined>): string | undefined {
  let missing = false;
  const out = template.replace(/\{([A-Za-z0-9]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === null || value === undefined || value === '') missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? undefined : out;
}
