// Shapes of the declarative catalog: operations/*.json hold one ObjectTypeDef each.
// Everything here is data generated from Twilio's OpenAPI definitions; the runtime
// interprets it and holds no per-object code.

export const ACTIONS = ['get', 'query', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** How a value is typed, checked and rendered, in requests and in responses. */
export type ValueType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'sid' // checked against `pattern`
  | 'phone' // E.164 or a channel address
  | 'datetime' // a timestamp; `format` says how Twilio writes it
  | 'date' // a calendar day, YYYY-MM-DD
  | 'uri'
  | 'object' // a structured object: nested elements, described by `fields` / `params`
  | 'json'; // a free-form value (no declared properties), carried as JSON text

export type TimestampFormat = 'rfc2822' | 'iso8601';

export interface FieldDef {
  /** Element name in the XML profile (Twilio's PascalCase parameter vocabulary). */
  name: string;
  /** Key in Twilio's JSON record (snake_case). */
  key: string;
  type: ValueType;
  repeated?: boolean;
  pattern?: string;
  format?: TimestampFormat;
  /**
   * The values Twilio's definition lists: an equality filter on the field must name one.
   * Responses are not checked against it (the profiles leave it out), so a value Twilio adds still reads.
   */
  enum?: string[];
  /** Children of an `object` field (repeated: an array of such objects). */
  fields?: FieldDef[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where an action goes when it is not the usual method on the instance or list path. */
export interface RequestOverride {
  method: HttpMethod;
  path: string;
}

export interface ParamDef {
  /** Twilio's form parameter name, also the request profile's element name. */
  name: string;
  /** Sent as this HTTP request header instead of a body parameter (e.g. If-Match). */
  header?: string;
  type: ValueType;
  required?: boolean;
  repeated?: boolean;
  pattern?: string;
  enum?: string[];
  /** A `phone` parameter that also takes an alphanumeric sender id (its definition says so: a message's From). */
  senderId?: boolean;
  /** A `phone` parameter that also takes a caller's name as written: a call's From (a SIP username, a client identity). */
  identity?: boolean;
  /** Children of an `object` parameter (repeated: an array of such objects). */
  params?: ParamDef[];
}

export interface BodyDef {
  params: ParamDef[];
  /** Groups of parameters of which at least one must be present. */
  oneOf?: string[][];
  /** Record fields of the response where it is not the object's own record (e.g. a validation request). */
  responseFields?: FieldDef[];
  /** Body encoding; form unless Twilio's definition asks for JSON. */
  encoding?: 'form' | 'json';
  /** A batch body: the document is sent as the one item of this array ({contacts: [doc]}). */
  wrap?: string;
  /** The created record is the first item of this array in the response. */
  unwrap?: string;
}

export interface IdSegment {
  /** Path parameter name, e.g. ConferenceSid, CallSid, Sid. */
  name: string;
  /** The form the segment takes: a SID pattern, or any one path segment where nothing says more. */
  pattern: string;
  /**
   * Twilio's definition gives this path parameter no pattern: besides a value of `pattern`
   * (the typical form, the record's SID) it takes any other identifier Twilio resolves there,
   * e.g. a unique name or identity. Any non-empty value without '/' is accepted; `pattern`
   * still serves as a hint and to prefer one route over another.
   */
  orName?: true;
  /**
   * Typed ids: records carry the id with this prefix (comms_contact_01h…) while the path
   * takes the bare identifier after it; ids are accepted either way.
   */
  typedPrefix?: string;
}

export type FilterWireFormat = 'date' | 'date-time';

export interface FilterDef {
  /** Twilio's query parameter name (without the < or > suffix). */
  name: string;
  type: ValueType;
  /** Date filters: Twilio offers Name, Name< and Name> in this format. */
  range?: FilterWireFormat;
  /** Response field the filter is about, used to make results exact after fetching. */
  field?: string;
  /** Bound parameters where Twilio names them so (start_date) rather than Name> / Name<. */
  after?: string;
  before?: string;
  /** The values Twilio's definition lists for the parameter; a filter must name one. */
  enum?: string[];
  /** Twilio takes several values (an array parameter, sent once per value); a filter names them separated by commas. */
  repeated?: boolean;
  /** A `phone` filter on a field that may hold an alphanumeric sender id (the create parameter of its name takes one). */
  senderId?: boolean;
  /** A `phone` filter on a field that may hold a caller's name (the create parameter of its name takes one: a call's From). */
  identity?: boolean;
  /** A `date` filter that also takes a day counted from today, as Twilio writes it: -30days, +1days. */
  relative?: boolean;
}

export interface RouteDef {
  /** Instance path template, e.g. /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json */
  instancePath?: string;
  /** List path template, e.g. /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json */
  listPath?: string;
  /** Path parameter that takes the (sub)account SID; filled from the connection unless the id names one. */
  accountParam?: string;
  /** Segments of the compound id in order, without the account segment; the last one is the record's own. */
  id: IdSegment[];
  actions: Action[];
  /** Actions that use another method or path than the usual (e.g. attach, archive, PUT updates). */
  overrides?: Partial<Record<Action, RequestOverride>>;
  /** Optional request headers an operation may set, per action Twilio declares them for (e.g. Flex-Metadata on create). */
  headers?: Partial<Record<Action, string[]>>;
  /** false where Twilio's list takes no PageSize parameter. */
  pageSize?: false;
  filters?: FilterDef[];
  create?: BodyDef;
  update?: BodyDef;
}

/**
 * How a list's pages read (its paging dialect): Twilio's three are classic (`next_page_uri`,
 * a path), the newer APIs' `meta.next_page_url` (a URL) and the Communications API's
 * `pagination.next` (a token sent back as `page_token`). A new dialect is a new value here.
 */
export interface PagingDef {
  /** Query parameter that sets the page size (PageSize, page_size); absent where the list takes none. */
  sizeParam?: string;
  /** The largest page the list serves, where its definition says. */
  maxSize?: number;
  /** Where a page names the next one, as a dotted path into the page (meta.next_page_url); absent: the list is one page. */
  next?: string;
  /**
   * What `next` holds: a path on the API's origin, an absolute URL, or a token that repeats
   * the first request with `tokenParam` (an absolute URL there is followed as one).
   */
  nextIs?: 'relative-uri' | 'absolute-url' | 'token';
  tokenParam?: string;
}

export interface ObjectTypeDef {
  name: string;
  label: string;
  /** Which OpenAPI document this came from, e.g. twilio_api_v2010. */
  api: string;
  /** Twilio's origin for this API, e.g. https://api.twilio.com */
  baseUrl: string;
  /** Key of the records array in a list page. */
  listKey: string;
  /** How its list pages read; present where a route offers Query. */
  pages?: PagingDef;
  routes: RouteDef[];
  fields: FieldDef[];
}
