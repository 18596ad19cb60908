// Where each action of a route goes. Most follow the usual REST shape (GET/POST/
// DELETE on the instance path, GET/POST on the list path); the catalog's overrides
// cover the rest: attach-style creates, archive-as-delete, PUT updates.
import type { Action, HttpMethod, IdSegment, RouteDef } from './types';

export interface ActionRequest {
  method: HttpMethod;
  path: string;
}

const USUAL: Record<Action, { method: HttpMethod; on: 'instancePath' | 'listPath' }> = {
  get: { method: 'GET', on: 'instancePath' },
  query: { method: 'GET', on: 'listPath' },
  create: { method: 'POST', on: 'listPath' },
  update: { method: 'POST', on: 'instancePath' },
  delete: { method: 'DELETE', on: 'instancePath' },
};

export function actionRequest(route: RouteDef, action: Action): ActionRequest | undefined {
  const override = route.overrides?.[action];
  if (override) return override;
  const usual = USUAL[action];
  const path = route[usual.on];
  return path ? { method: usual.method, path } : undefined;
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]);
}

/** Id segments a request document must name to reach the route's create path. */
export function createSegments(route: RouteDef): IdSegment[] {
  const path = actionRequest(route, 'create')?.path;
  if (!path) return [];
  const names = pathParamNames(path).filter((n) => n !== route.accountParam);
  return names.map((name) => route.id.find((s) => s.name === name) ?? { name, pattern: '^[^./\\\\?#][^/\\\\?#]{0,255}$' });
}

/** Id segments a Query must be given to reach the route's list path (its parents). */
export function listSegments(route: RouteDef): IdSegment[] {
  const path = actionRequest(route, 'query')?.path;
  if (!path) return [];
  const names = pathParamNames(path).filter((n) => n !== route.accountParam);
  return names.map((name) => route.id.find((s) => s.name === name) ?? { name, pattern: '^[^./\\\\?#][^/\\\\?#]{0,255}$' });
}
