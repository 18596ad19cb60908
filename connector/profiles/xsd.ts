// XML Schema (XSD 1.0) profiles generated from the catalog: one response profile per
// object type and read/write action, one request profile per write action, and one
// profile for the error document. The catalog is the single source of truth; the
// files under profiles/ are written by scripts/generate-profiles.ts and checked for
// drift by test/profiles.test.ts.
//
// Profiles carry no namespace (no targetNamespace, elementFormDefault unqualified) and
// no annotations. Output is deterministic: catalog order, 2-space indentation, a
// trailing newline.

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { createSegments, takesAccountElement } from '../catalog/routes';
import type { Catalog } from '../catalog/load';
import { responseFields } from './elements';
import { ACCOUNT_SID_PATTERN } from '../values/sids';

export { responseFields };
import type { Action, FieldDef, IdSegment, ObjectTypeDef, ParamDef, RouteDef, ValueType } from '../catalog/types';

export type ResponseAction = 'get' | 'query' | 'create' | 'update';
export type RequestAction = 'create' | 'update' | 'delete';

export const RESPONSE_ACTIONS: readonly ResponseAction[] = ['get', 'query', 'create', 'update'];
export const REQUEST_ACTIONS: readonly RequestAction[] = ['create', 'update', 'delete'];

export const PROFILES_DIR = 'profiles';
export const ERROR_PROFILE_PATH = `${PROFILES_DIR}/TwilioError.xsd`;

/** profiles/Message.get.response.xsd */
export function responseProfilePath(objectType: string, action: ResponseAction): string {
  return `${PROFILES_DIR}/${objectType}.${action}.response.xsd`;
}

/** profiles/Message.create.request.xsd */
export function requestProfilePath(objectType: string, action: RequestAction): string {
  return `${PROFILES_DIR}/${objectType}.${action}.request.xsd`;
}

/** Record id as given to update and delete: a SID or a compound AccountSid:ParentSid:Sid. */
export const RECORD_ID_PATTERN = '[^:/]+(:[^:/]+)*';

/** What an id segment that also takes a name (`orName`) takes besides its SID form: any value without '/'. */
const NAME_SEGMENT_PATTERN = '[^/]+';


// ---------------------------------------------------------------------------
// Timestamp patterns (XSD regular expressions, implicitly anchored)

const D2 = '[0-9]{2}';
const YEAR = '[0-9]{4}';
const MONTH_NUM = '(0[1-9]|1[0-2])';
const DAY_NUM = '(0[1-9]|[12][0-9]|3[01])';
const HOUR = '([01][0-9]|2[0-3])';
const MIN_SEC = '[0-5][0-9]';
const SECOND = '([0-5][0-9]|60)';
const TIME = `${HOUR}:${MIN_SEC}:${SECOND}`;
const WEEKDAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH_NAME = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

/** RFC 2822: `Mon, 17 Sep 2012 01:13:42 +0000`, weekday optional, seconds optional. */
const RFC2822_PATTERN =
  `(${WEEKDAY}, )?(0?[1-9]|[12][0-9]|3[01]) ${MONTH_NAME} ${YEAR} ${HOUR}:${MIN_SEC}(:${SECOND})? ([+\\-][0-9]{4}|GMT|UTC?)`;
/** ISO 8601: `2012-09-17T01:13:42Z`, optional fraction, Z or ±hh:mm. */
const ISO8601_PATTERN = `${YEAR}-${MONTH_NUM}-${DAY_NUM}T${TIME}(\\.[0-9]+)?(Z|[+\\-]${D2}:${D2})`;
/** What Twilio also accepts in request parameters: `2012-09-17 01:13:42`. */
const SQL_DATETIME_PATTERN = `${YEAR}-${MONTH_NUM}-${DAY_NUM} ${TIME}`;

// ---------------------------------------------------------------------------
// Writing XML: xmlbuilder2 escapes attribute values and, with wellFormed, rejects
// names and characters XML cannot hold, so every schema is well-formed by
// construction. (Profiles are written off the hot path; the per-record renderer in
// connector/xml/record.ts stays hand-written for speed.)

/** Appends something (an element, a type definition) to a parent element. */
type Build = (parent: XMLBuilder) => void;

type Attrs = Record<string, string>;

/**
 * xmlbuilder2 escapes < > " but leaves an & that starts something shaped like an entity
 * reference (`&lt;`, `&foo;`, `&#38;`) as it is (oozcitak/xmlbuilder2#117), so a catalog
 * value holding `&lt;` would read back as `<`, and `&foo;` would not parse. Every & is
 * written as `&amp;` here, which it then leaves alone; test/profiles.test.ts pins both.
 */
function attrValue(value: string): string {
  return value.replace(/&/g, '&amp;');
}

/** One element with attributes (in the order given) and children built into it. */
function el(name: string, attrs: Attrs = {}, ...children: Build[]): Build {
  return (parent) => {
    const node = parent.ele(name);
    for (const [key, value] of Object.entries(attrs)) node.att(key, attrValue(value));
    for (const child of children) child(node);
  };
}

const SERIALISATION = { prettyPrint: true, indent: '  ', newline: '\n', wellFormed: true } as const;

// ---------------------------------------------------------------------------
// Named simple types, defined once per file and only where used

type NamedType =
  | 'empty'
  | 'integerOrEmpty'
  | 'decimalOrEmpty'
  | 'booleanOrEmpty'
  | 'dateOrEmpty'
  | 'timestamp'
  | 'timestampOrEmpty'
  | 'requestTimestamp';

/** Emission order of the named types at the end of a file. */
const NAMED_TYPE_ORDER: readonly NamedType[] = [
  'integerOrEmpty',
  'decimalOrEmpty',
  'booleanOrEmpty',
  'dateOrEmpty',
  'timestampOrEmpty',
  'timestamp',
  'requestTimestamp',
  'empty',
];

const NAMED_TYPE_DEPENDS: Record<NamedType, NamedType[]> = {
  empty: [],
  integerOrEmpty: ['empty'],
  decimalOrEmpty: ['empty'],
  booleanOrEmpty: ['empty'],
  dateOrEmpty: ['empty'],
  timestamp: [],
  timestampOrEmpty: ['timestamp', 'empty'],
  requestTimestamp: [],
};

function restriction(base: string, facets: Build[]): Build {
  return el('xs:restriction', { base }, ...facets);
}

function patterns(...values: string[]): Build[] {
  return values.map((value) => el('xs:pattern', { value }));
}

function union(memberTypes: string, ...members: Build[]): Build {
  return el('xs:union', { memberTypes }, ...members);
}

function namedTypeDef(name: NamedType): Build {
  const simple = (child: Build) => el('xs:simpleType', { name }, child);
  switch (name) {
    case 'empty':
      return simple(restriction('xs:string', [el('xs:length', { value: '0' })]));
    case 'integerOrEmpty':
      return simple(union('xs:integer empty'));
    case 'decimalOrEmpty':
      return simple(union('xs:decimal empty'));
    case 'booleanOrEmpty':
      return simple(union('xs:boolean empty'));
    case 'dateOrEmpty':
      return simple(union('xs:date empty'));
    case 'timestamp':
      return simple(restriction('xs:string', patterns(RFC2822_PATTERN, ISO8601_PATTERN)));
    case 'timestampOrEmpty':
      return simple(union('timestamp empty'));
    case 'requestTimestamp':
      return simple(restriction('xs:string', patterns(RFC2822_PATTERN, ISO8601_PATTERN, SQL_DATETIME_PATTERN)));
  }
}

/** Collects the named types a file uses, then renders the whole schema. */
class SchemaWriter {
  private readonly used = new Set<NamedType>();

  use(name: NamedType): string {
    const visit = (n: NamedType) => {
      if (this.used.has(n)) return;
      this.used.add(n);
      NAMED_TYPE_DEPENDS[n].forEach(visit);
    };
    visit(name);
    return name;
  }

  /** Takes the complete root: only then are the named types it uses known. */
  document(root: Build): string {
    const types = NAMED_TYPE_ORDER.filter((n) => this.used.has(n)).map(namedTypeDef);
    const doc = create({ version: '1.0', encoding: 'UTF-8' });
    el('xs:schema', { 'xmlns:xs': 'http://www.w3.org/2001/XMLSchema', elementFormDefault: 'unqualified' }, root, ...types)(doc);
    return doc.end(SERIALISATION) + '\n';
  }
}

// ---------------------------------------------------------------------------
// Building blocks

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(name: string, where: string): string {
  if (!NCNAME.test(name)) throw new Error(`${where}: '${name}' is not a valid XML element name`);
  return name;
}

/**
 * A JavaScript regular expression from the catalog as an XSD pattern. XSD patterns
 * are implicitly anchored and have no ^/$ anchors (they would be literal characters),
 * no non-capturing groups, no lookaround, no lazy quantifiers and no \/ escape.
 */
export function xsdPattern(jsPattern: string): string {
  let p = jsPattern;
  if (p.startsWith('^')) p = p.slice(1);
  if (p.endsWith('$') && !p.endsWith('\\$')) p = p.slice(0, -1);
  p = p.replace(/\(\?:/g, '(').replace(/\\\//g, '/');
  const unsupported = /\(\?|\\[bBkK]|[*+?}]\?|(^|[^\\])[$^]/;
  if (unsupported.test(p.replace(/\[\^/g, '['))) {
    throw new Error(`pattern ${jsPattern} uses a construct XML Schema regular expressions lack`);
  }
  return p;
}

interface ElementSpec {
  name: string;
  minOccurs: 0 | 1;
  repeated?: boolean;
  /** A type reference (xs:string, integerOrEmpty) or an anonymous type built as a child. */
  type: string | Build;
}

/** Attribute order: name, type, minOccurs, maxOccurs. */
function element(spec: ElementSpec): Build {
  const attrs: Attrs = { name: spec.name };
  if (typeof spec.type === 'string') attrs.type = spec.type;
  attrs.minOccurs = String(spec.minOccurs);
  if (spec.repeated) attrs.maxOccurs = 'unbounded';
  return typeof spec.type === 'string' ? el('xs:element', attrs) : el('xs:element', attrs, spec.type);
}

function rootElement(name: string, children: Build[]): Build {
  return el('xs:element', { name: checkName(name, 'object type') }, complex(children));
}

function anonymous(child: Build): Build {
  return el('xs:simpleType', {}, child);
}

function patternType(jsPattern: string): Build {
  return anonymous(restriction('xs:string', patterns(xsdPattern(jsPattern))));
}

/** An id segment's type: its pattern, and where it also takes a name (`orName`) any value without '/' (the SID form stays listed first, as the typical one). */
function segmentType(segment: IdSegment): Build {
  const forms = [xsdPattern(segment.pattern), ...(segment.orName ? [NAME_SEGMENT_PATTERN] : [])];
  return anonymous(restriction('xs:string', patterns(...forms)));
}

function patternOrEmptyType(w: SchemaWriter, jsPattern: string): Build {
  return anonymous(union(w.use('empty'), patternType(jsPattern)));
}

function responseType(w: SchemaWriter, field: FieldDef): string | Build {
  const t: ValueType = field.type;
  switch (t) {
    case 'string':
    case 'uri':
    case 'json':
    case 'phone':
      return 'xs:string';
    case 'integer':
      return w.use('integerOrEmpty');
    case 'number':
      return w.use('decimalOrEmpty');
    case 'boolean':
      return w.use('booleanOrEmpty');
    case 'sid':
      return field.pattern ? patternOrEmptyType(w, field.pattern) : 'xs:string';
    case 'datetime':
      return w.use('timestampOrEmpty');
    case 'date':
      return w.use('dateOrEmpty');
    case 'object':
      return complex(
        (field.fields ?? []).map((f) =>
          element({ name: checkName(f.name, 'nested field'), minOccurs: 0, repeated: f.repeated, type: responseType(w, f) }),
        ),
      );
  }
}

/** An anonymous complex type: the nested elements of an object, in profile order. */
function complex(children: Build[]): Build {
  return el('xs:complexType', {}, el('xs:sequence', {}, ...children));
}

function requestType(w: SchemaWriter, param: ParamDef): string | Build {
  if (param.enum && param.enum.length > 0) {
    return anonymous(restriction('xs:string', param.enum.map((value) => el('xs:enumeration', { value }))));
  }
  const t: ValueType = param.type;
  switch (t) {
    case 'string':
    case 'uri':
    case 'json':
    case 'phone':
      return 'xs:string';
    case 'integer':
      return 'xs:integer';
    case 'number':
      return 'xs:decimal';
    case 'boolean':
      return 'xs:boolean';
    case 'sid':
      return param.pattern ? patternType(param.pattern) : 'xs:string';
    case 'datetime':
      return w.use('requestTimestamp');
    case 'date':
      return 'xs:date';
    case 'object':
      return complex(
        (param.params ?? []).map((p) =>
          element({ name: checkName(p.name, 'nested parameter'), minOccurs: p.required ? 1 : 0, repeated: p.repeated, type: requestType(w, p) }),
        ),
      );
  }
}

function routesFor(def: ObjectTypeDef, action: Action): RouteDef[] {
  return def.routes.filter((r) => r.actions.includes(action));
}

/** The actions any route of the object type offers, in ACTIONS order. */
function offeredActions(def: ObjectTypeDef): Set<Action> {
  return new Set(def.routes.flatMap((r) => r.actions));
}

// ---------------------------------------------------------------------------
// Public API

export function responseXsd(def: ObjectTypeDef, action: ResponseAction): string {
  const w = new SchemaWriter();
  const children = responseFields(def, action).map((f) =>
    element({
      name: checkName(f.name, `${def.name} field`),
      minOccurs: 0,
      repeated: f.repeated,
      type: responseType(w, f),
    }),
  );
  return w.document(rootElement(def.name, children));
}

export function requestXsd(def: ObjectTypeDef, action: RequestAction): string {
  const w = new SchemaWriter();
  const children: Build[] = [];
  const emitted = new Set<string>();
  const emit = (spec: ElementSpec) => {
    if (emitted.has(spec.name)) return;
    emitted.add(checkName(spec.name, `${def.name} ${action} parameter`));
    children.push(element(spec));
  };

  if (action === 'create') {
    const routes = routesFor(def, 'create');
    if (routes.some((r) => r.accountParam)) {
      emit({ name: 'AccountSid', minOccurs: 0, type: patternType(ACCOUNT_SID_PATTERN) });
    }
    for (const route of routes) {
      for (const segment of createSegments(route)) {
        if (emitted.has(segment.name)) continue;
        const everywhere = routes.every((r) => createSegments(r).some((s) => s.name === segment.name));
        emit({ name: segment.name, minOccurs: everywhere ? 1 : 0, type: segmentType(segment) });
      }
    }
    for (const route of routes) {
      for (const param of route.create?.params ?? []) {
        if (emitted.has(param.name)) continue;
        const required = routes.every((r) => r.create?.params.some((p) => p.name === param.name && p.required));
        emit({ name: param.name, minOccurs: required ? 1 : 0, repeated: param.repeated, type: requestType(w, param) });
      }
    }
  } else {
    // The account of a subaccount's record, as a Query's document carries it beside its bare Sid.
    if (takesAccountElement(routesFor(def, action), action)) {
      emit({ name: 'AccountSid', minOccurs: 0, type: patternType(ACCOUNT_SID_PATTERN) });
    }
    emit({ name: 'Sid', minOccurs: 1, type: patternType(RECORD_ID_PATTERN) });
    if (action === 'update') {
      const routes = routesFor(def, 'update');
      for (const route of routes) {
        for (const param of route.update?.params ?? []) {
          // Required where Twilio (or the connector, for If-Match) requires it on every route.
          const required = routes.every((r) => r.update?.params.some((p) => p.name === param.name && p.required));
          emit({ name: param.name, minOccurs: required ? 1 : 0, repeated: param.repeated, type: requestType(w, param) });
        }
      }
    }
  }
  return w.document(rootElement(def.name, children));
}

export function errorXsd(): string {
  const w = new SchemaWriter();
  const children = [
    element({ name: 'Status', minOccurs: 0, type: 'xs:integer' }),
    element({ name: 'Code', minOccurs: 0, type: w.use('integerOrEmpty') }),
    element({ name: 'Message', minOccurs: 1, type: 'xs:string' }),
    element({ name: 'MoreInfo', minOccurs: 0, type: 'xs:string' }),
    element({ name: 'ObjectType', minOccurs: 0, type: 'xs:string' }),
    element({ name: 'Action', minOccurs: 0, type: 'xs:string' }),
    element({ name: 'Id', minOccurs: 0, type: 'xs:string' }),
  ];
  return w.document(rootElement('TwilioError', children));
}

/** Every profile of the catalog: relative file name → file content. */
export function profileFiles(catalog: Pick<Catalog, 'objectTypes'>): Map<string, string> {
  const files = new Map<string, string>();
  for (const def of catalog.objectTypes.values()) {
    const offered = offeredActions(def);
    for (const action of RESPONSE_ACTIONS) {
      if (offered.has(action)) files.set(responseProfilePath(def.name, action), responseXsd(def, action));
    }
    for (const action of REQUEST_ACTIONS) {
      if (offered.has(action)) files.set(requestProfilePath(def.name, action), requestXsd(def, action));
    }
  }
  files.set(ERROR_PROFILE_PATH, errorXsd());
  return files;
}
