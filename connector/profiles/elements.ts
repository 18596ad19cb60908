// The elements of a profile, as one tree: what a document of an object type, action
// and kind (request or response) may hold, in profile order. The XSD writer and the
// object form of documents both read it, so a document object has exactly the
// elements its XML profile declares.
import { createSegments, takesAccountElement } from '../catalog/routes';
import type { Action, FieldDef, ObjectTypeDef, ParamDef, RouteDef, ValueType } from '../catalog/types';

export type ProfileKind = 'request' | 'response';

export interface ProfileElement {
  name: string;
  type: ValueType;
  repeated?: boolean;
  required?: boolean;
  /** Children of an `object` element. */
  children?: ProfileElement[];
}

function routesFor(def: ObjectTypeDef, action: Action): RouteDef[] {
  return def.routes.filter((r) => r.actions.includes(action));
}

/** The record fields a response of this action carries, first-seen order, no duplicates. */
export function responseFields(def: ObjectTypeDef, action: Action): FieldDef[] {
  let fields = def.fields;
  if (action === 'create') {
    const special = routesFor(def, 'create').flatMap((r) => r.create?.responseFields ?? []);
    if (special.length > 0) fields = special;
  }
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(f.name) && (seen.add(f.name), true));
}

function fromField(f: FieldDef): ProfileElement {
  return { name: f.name, type: f.type, repeated: f.repeated, children: f.type === 'object' && f.fields ? f.fields.map(fromField) : undefined };
}

function fromParam(p: ParamDef, required: boolean): ProfileElement {
  return {
    name: p.name,
    type: p.type,
    repeated: p.repeated,
    required,
    children: p.type === 'object' && p.params ? p.params.map((c) => fromParam(c, Boolean(c.required))) : undefined,
  };
}

/** Elements of a request document: the account and parent ids a create names, the account and Sid an update or delete names, then the parameters. */
export function requestElements(def: ObjectTypeDef, action: 'create' | 'update' | 'delete'): ProfileElement[] {
  const out: ProfileElement[] = [];
  const seen = new Set<string>();
  const emit = (e: ProfileElement) => {
    if (seen.has(e.name)) return;
    seen.add(e.name);
    out.push(e);
  };
  const routes = routesFor(def, action);
  if (action === 'create') {
    if (routes.some((r) => r.accountParam)) emit({ name: 'AccountSid', type: 'sid' });
    for (const route of routes) {
      for (const segment of createSegments(route)) {
        const everywhere = routes.every((r) => createSegments(r).some((s) => s.name === segment.name));
        emit({ name: segment.name, type: 'sid', required: everywhere });
      }
    }
  } else {
    // The account of a subaccount's record, as a Query's document carries it beside its bare Sid.
    if (takesAccountElement(routes, action)) emit({ name: 'AccountSid', type: 'sid' });
    emit({ name: 'Sid', type: 'string', required: true });
  }
  if (action === 'delete') return out;
  for (const route of routes) {
    for (const param of route[action]?.params ?? []) {
      // Required where Twilio (or the connector, for If-Match) requires it on every route.
      const required = routes.every((r) => r[action]?.params.some((p) => p.name === param.name && p.required));
      emit(fromParam(param, required));
    }
  }
  return out;
}

export function responseElements(def: ObjectTypeDef, action: Action): ProfileElement[] {
  return responseFields(def, action).map(fromField);
}

/** The elements of the error document (profiles/TwilioError.xsd). */
export const ERROR_ELEMENTS: ProfileElement[] = [
  { name: 'Status', type: 'integer' },
  { name: 'Code', type: 'integer' },
  { name: 'Message', type: 'string', required: true },
  { name: 'MoreInfo', type: 'string' },
  { name: 'ObjectType', type: 'string' },
  { name: 'Action', type: 'string' },
  { name: 'Id', type: 'string' },
];
