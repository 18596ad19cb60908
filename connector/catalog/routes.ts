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

/** A path parameter the route's id does not describe: any one path segment. */
const ANY_SEGMENT = '^[^./\\\\?#][^/\\\\?#]{0,255}$';

/** Segments by route and action: asked for at every Create and Query, and the catalog's routes never change. */
const segmentsOf = new WeakMap<RouteDef, Partial<Record<'create' | 'query', readonly IdSegment[]>>>();

function pathSegments(route: RouteDef, action: 'create' | 'query'): readonly IdSegment[] {
  let known = segmentsOf.get(route);
  if (!known) segmentsOf.set(route, (known = {}));
  return (known[action] ??= segmentsFor(route, action));
}

function segmentsFor(route: RouteDef, action: 'create' | 'query'): IdSegment[] {
  const path = actionRequest(route, action)?.path;
  if (!path) return [];
  const names = pathParamNames(path).filter((n) => n !== route.accountParam);
  return names.map((name) => route.id.find((s) => s.name === name) ?? { name, pattern: ANY_SEGMENT });
}

/** Id segments a request document must name to reach the route's create path. */
export function createSegments(route: RouteDef): readonly IdSegment[] {
  return pathSegments(route, 'create');
}

/** Id segments a Query must be given to reach the route's list path (its parents). */
export function listSegments(route: RouteDef): readonly IdSegment[] {
  return pathSegments(route, 'query');
}

/**
 * Whether an Update or Delete document may name its record's account in an <AccountSid>
 * element (a subaccount's record as a Query wrote it): on account-scoped routes, unless the
 * update itself takes an AccountSid parameter (an incoming number moved to another account).
 */
export function takesAccountElement(routes: RouteDef[], action: 'update' | 'delete'): boolean {
  return routes.some((r) => r.accountParam) && !(action === 'update' && routes.some((r) => r.update?.params.some((p) => p.name === 'AccountSid')));
}
