// Turns a request document into the route, path values and form parameters of a
// Create or Update: unknown elements, missing required ones and bad values are
// per-document errors raised before any request is made.
import { createSegments, takesAccountElement } from './catalog/routes';
import type { BodyDef, ObjectTypeDef, ParamDef } from './catalog/types';
import { InvalidInputError, type ErrorContext } from './errors';
import type { Pairs } from './http/client';
import { accountOf, parentValue, resolveId, routesFor, sameAccount, type ResolvedId } from './ids';
import { toWire } from './values/convert';
import { RawJson, stringifyJson } from './values/raw-json';
import { ACCOUNT_SID, ACCOUNT_SID_PATTERN } from './values/sids';
import type { RequestDocument, RequestNode } from './xml/document';

export interface PreparedWrite extends ResolvedId {
  /** Body parameters in Twilio's names, as the wire wants them (form or JSON is the sender's job). */
  form: Pairs;
  /** Parameters Twilio takes as request headers (If-Match). */
  headers: Record<string, string>;
}

function single(doc: RequestDocument, name: string, ctx: ErrorContext): string | undefined {
  if (doc.nodes.has(name)) throw new InvalidInputError(name, 'must hold text, not child elements', ctx);
  const values = doc.elements.get(name);
  if (!values) return undefined;
  if (values.length > 1) throw new InvalidInputError(name, 'may appear only once', ctx);
  return values[0].trim() === '' ? undefined : values[0].trim();
}

/** Parameters by name, per parameter list of the catalog (read once, not at every document). */
const byNameOf = new WeakMap<readonly ParamDef[], ReadonlyMap<string, ParamDef>>();
const NO_PARAMS: readonly ParamDef[] = [];

function paramsByName(params: readonly ParamDef[]): ReadonlyMap<string, ParamDef> {
  let map = byNameOf.get(params);
  if (!map) byNameOf.set(params, (map = new Map(params.map((p) => [p.name, p]))));
  return map;
}

function formOf(
  body: BodyDef | undefined,
  doc: RequestDocument,
  reserved: Set<string>,
  defaultCountry: string,
  ctx: ErrorContext,
  emptyClears = false,
): { form: Pairs; headers: Record<string, string> } {
  const params = paramsByName(body?.params ?? NO_PARAMS);
  for (const name of doc.order) {
    if (!params.has(name) && !reserved.has(name)) {
      const accepted = [...reserved, ...params.keys()].join(', ');
      throw new InvalidInputError(name, `is not an element of this request; accepted: ${accepted}`, ctx);
    }
  }
  const form: Pairs = [];
  const headers: Record<string, string> = {};
  const present = new Set<string>();
  for (const [name, param] of params) {
    let wires = valuesOf(param, doc, defaultCountry, ctx, name);
    // Update: a text element given empty (<Body/>) sets the value empty, as Twilio's form
    // API clears a field (and redacts a message); an element left out leaves it as it is.
    // A JSON body has no empty text for a number, a flag or an object: left out there.
    if (!wires.length && emptyClears && clearable(body, param) && isEmpty(doc, name)) wires = [''];
    if (!wires.length) continue;
    for (const wire of wires) {
      if (param.header) headers[param.header] = wire;
      else form.push([name, wire]);
    }
    present.add(name);
  }
  for (const param of params.values()) {
    if (param.required && !present.has(param.name)) throw new InvalidInputError(param.name, 'is required', ctx);
  }
  for (const group of body?.oneOf ?? []) {
    if (!group.some((name) => present.has(name))) {
      throw new InvalidInputError(group.join('|'), `one of ${group.join(', ')} is required`, ctx);
    }
  }
  return { form, headers };
}

/**
 * A parameter an empty value clears: free text (or a URL) sent in a form body, not a
 * header, and not one of listed values (an empty <Status/> is no status: it is left out).
 */
function clearable(body: BodyDef | undefined, param: ParamDef): boolean {
  return body?.encoding !== 'json' && !param.header && !param.enum && (param.type === 'string' || param.type === 'uri');
}

/** The element is there, with nothing but whitespace in it. */
function isEmpty(node: RequestNode, name: string): boolean {
  const texts = node.elements.get(name);
  return !!texts?.length && !node.nodes.has(name) && texts.every((v) => v.trim() === '');
}

/**
 * The wire values of one parameter in a document node: text converted per its
 * type, or for an object parameter its child elements (or JSON text) as JSON text.
 */
function valuesOf(param: ParamDef, node: RequestNode, defaultCountry: string, ctx: ErrorContext, path: string): string[] {
  // Text goes as written; a typed value (an id, a number, a phone number, a date) is read trimmed.
  const texts = (node.elements.get(param.name) ?? []).filter((v) => v.trim() !== '').map((v) => (param.type === 'string' ? v : v.trim()));
  const nodes = node.nodes.get(param.name) ?? [];
  if (nodes.length && param.type !== 'object') throw new InvalidInputError(path, 'must hold text, not child elements', ctx);
  if (texts.length + nodes.length > 1 && !param.repeated) throw new InvalidInputError(path, 'may appear only once', ctx);
  const wires = texts.map((v) => toWire(param.type === 'object' ? { ...param, type: 'json' } : param, v, defaultCountry, { ...ctx }));
  for (const child of nodes) wires.push(stringifyJson(objectOf(param.params ?? [], child, defaultCountry, ctx, path)));
  return wires;
}

/** One object parameter's child elements as the JSON object Twilio expects, typed from the catalog. */
function objectOf(params: ParamDef[], node: RequestNode, defaultCountry: string, ctx: ErrorContext, path: string): Record<string, unknown> {
  const byName = paramsByName(params);
  for (const name of node.order) {
    if (!byName.has(name)) {
      throw new InvalidInputError(`${path}.${name}`, `is not an element of ${path}; accepted: ${params.map((p) => p.name).join(', ')}`, ctx);
    }
  }
  const out: Record<string, unknown> = {};
  for (const param of params) {
    const at = `${path}.${param.name}`;
    const values = valuesOf(param, node, defaultCountry, ctx, at).map((wire) => typedValue(param.type, wire));
    if (!values.length) {
      if (param.required) throw new InvalidInputError(at, 'is required', ctx);
      continue;
    }
    out[param.name] = param.repeated ? values : values[0];
  }
  return out;
}

export function prepareCreate(def: ObjectTypeDef, doc: RequestDocument, accountSid: string, defaultCountry: string): PreparedWrite {
  const ctx: ErrorContext = { action: 'create', objectType: def.name };
  const routes = routesFor(def, 'create');
  const parentsOf = createSegments;
  // The route whose path ids the document names, the most specific one first.
  const route =
    routes.filter((r) => parentsOf(r).every((seg) => single(doc, seg.name, ctx) !== undefined)).sort((a, b) => parentsOf(b).length - parentsOf(a).length)[0] ??
    (() => {
      const needed = routes
        .map((r) =>
          parentsOf(r)
            .map((s) => s.name)
            .join(' and '),
        )
        .join(' or ');
      throw new InvalidInputError(needed, `is required to create a ${def.name}`, ctx);
    })();
  const pathValues: Record<string, string> = {};
  const reserved = new Set<string>();
  /** The account an AccountSid element or a parent's prefix named. */
  let named: string | undefined;
  if (route.accountParam) {
    reserved.add('AccountSid');
    named = single(doc, 'AccountSid', ctx);
    const account = named ?? accountSid;
    if (!ACCOUNT_SID.test(account)) throw new InvalidInputError('AccountSid', `'${account}' does not match ${ACCOUNT_SID_PATTERN}`, ctx);
    pathValues[route.accountParam] = account;
  }
  for (const seg of parentsOf(route)) {
    reserved.add(seg.name);
    const given = single(doc, seg.name, ctx)!;
    const { account, value } = route.accountParam ? accountOf(given) : { value: given };
    if (account) named = pathValues[route.accountParam!] = sameAccount(seg.name, given, account, named, ctx);
    pathValues[seg.name] = parentValue(seg, value, ctx);
  }
  return { route, pathValues, ...formOf(route.create, doc, reserved, defaultCountry, ctx) };
}

export function prepareUpdate(def: ObjectTypeDef, doc: RequestDocument, accountSid: string, defaultCountry: string): PreparedWrite {
  const ctx: ErrorContext = { action: 'update', objectType: def.name };
  const scoped = takesAccountElement(routesFor(def, 'update'), 'update');
  // Without a Sid, resolveId finds a singleton route or says the id is required.
  const id = documentId(doc, scoped, ctx);
  const resolved = resolveId(def, 'update', id, accountSid);
  return { ...resolved, ...formOf(resolved.route.update, doc, new Set(scoped ? ['Sid', 'AccountSid'] : ['Sid']), defaultCountry, { ...ctx, id }, true) };
}

/** A Delete document is either <Object><Sid>…</Sid></Object> (with its <AccountSid>, where it has one) or just the id as text. */
export function deleteIdOf(def: ObjectTypeDef, doc: RequestDocument): string {
  const ctx: ErrorContext = { action: 'delete', objectType: def.name };
  const scoped = takesAccountElement(routesFor(def, 'delete'), 'delete');
  const accepted = scoped ? ['AccountSid', 'Sid'] : ['Sid'];
  for (const name of doc.order) {
    if (!accepted.includes(name)) throw new InvalidInputError(name, `is not an element of a delete request; accepted: ${accepted.join(', ')}`, ctx);
  }
  return documentId(doc, scoped, ctx);
}

/**
 * The record id an Update or Delete document names: its Sid, led by its AccountSid where
 * the document has one (a subaccount's record as a Query wrote it: <AccountSid>AC2…</AccountSid>
 * beside a bare <Sid>), as Get takes it back. @throws InvalidInputError where the two disagree
 */
function documentId(doc: RequestDocument, scoped: boolean, ctx: ErrorContext): string {
  const sid = single(doc, 'Sid', ctx) ?? '';
  const account = scoped ? single(doc, 'AccountSid', ctx) : undefined;
  if (account === undefined || sid === '') return sid;
  if (!ACCOUNT_SID.test(account)) throw new InvalidInputError('AccountSid', `'${account}' does not match ${ACCOUNT_SID_PATTERN}`, ctx);
  const prefixed = accountOf(sid).account;
  if (prefixed === undefined) return `${account}:${sid}`;
  sameAccount('Sid', sid, prefixed, account, ctx);
  return sid;
}

/** The body as the API wants it: form pairs, or a JSON object typed from the catalog. */
export function requestBody(body: BodyDef | undefined, form: Pairs): { form?: Pairs; json?: unknown } {
  if (body?.encoding !== 'json') return { form };
  const json: Record<string, unknown> = {};
  for (const [name, wire] of form) {
    const param = body.params.find((p) => p.name === name);
    const value = typedValue(param?.type, wire);
    if (param?.repeated) ((json[name] ??= []) as unknown[]).push(value);
    else json[name] = value;
  }
  return { json: body.wrap ? { [body.wrap]: [json] } : json };
}

/** A wire value as the JSON body takes it; numbers and JSON text as written, so none is rounded. */
function typedValue(type: string | undefined, wire: string): unknown {
  switch (type) {
    case 'integer':
    case 'number':
      // An integer beyond 2^53 goes as its digits (JSON has no '+' or leading zeros).
      return Number.isSafeInteger(Number(wire)) || type === 'number' ? Number(wire) : new RawJson(wire.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1'));
    case 'boolean':
      return wire === 'true';
    case 'json':
    case 'object':
      return new RawJson(wire); // checked or built when the document was read
    default:
      return wire;
  }
}
