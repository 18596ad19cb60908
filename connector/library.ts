// The library face: one object per connection that lists object types, hands out
// their profiles and runs operations. Canvases (Node-RED, n8n), the CLI and the
// workers all go through it; none of them reads the catalog, XML or HTTP directly.
import { loadCatalog, objectType, type Catalog, type Manifest } from './catalog/load';
import type { Action, ObjectTypeDef } from './catalog/types';
import { PLACEHOLDER_ACCOUNT_SID, resolveConnection, type Connection, type ConnectionSettings } from './connection';
import { ConfigurationError, OperationStoppedError, TransportError } from './errors';
import { requestElements, responseElements, type ProfileElement, type ProfileKind } from './profiles/elements';
import { requestXsd, responseXsd } from './profiles/xsd';
import { objectToXml, xmlToObject } from './objects/xml';
import type { DocumentObject } from './objects/values';
import { Operation, type OperationOptions } from './operation';
import { routesFor, segmentLabel } from './ids';
import { listSegments } from './catalog/routes';
import { planQuery, type Filter } from './query';

export interface ObjectTypeSummary {
  name: string;
  label: string;
  actions: Action[];
}

export interface ObjectTypeDescription extends ObjectTypeSummary {
  /** Id forms Get/Update/Delete take, e.g. ['ConferenceSid:CallSid'] (optionally led by AccountSid: where accountScoped). */
  ids: string[];
  accountScoped: boolean;
  /**
   * Id segments that also take a name or other identifier Twilio resolves there (its definition
   * gives them no pattern): e.g. ['ConversationsV1ConversationSid'], whose id may be the unique name.
   */
  named: string[];
  /**
   * Response fields (element names and types), for "fields to return" pickers; `values`: the ones
   * Twilio's definition lists, which an equality filter on the field (applied to fetched records) must name.
   */
  fields: Array<{ name: string; type: string; values?: string[] }>;
  /**
   * Filters Twilio offers on the list (others apply to fetched records); `range`: takes Before/On/After;
   * `values`: the ones the filter takes, where Twilio's definition lists them (others are refused).
   */
  filters: FilterDescription[];
  /** Parent ids a Query names as equality filters to pick its list (ConferenceSid for participants), over all lists. */
  parents: string[];
  /** Optional request headers an operation may set, per action. */
  headers: Partial<Record<Action, string[]>>;
}

export interface FilterDescription {
  name: string;
  type: string;
  range: boolean;
  /** Takes several values, separated by commas (each sent to Twilio as its own parameter). */
  repeated: boolean;
  values?: string[];
}

export interface AccountCheck {
  accountSid: string;
  friendlyName?: string;
  status?: string;
}

function offered(def: ObjectTypeDef): Action[] {
  return [...new Set(def.routes.flatMap((r) => r.actions))];
}

/** `values` where the catalog lists them; no key at all where it does not. */
function valuesOf(values: string[] | undefined): { values?: string[] } {
  return values ? { values: [...values] } : {};
}

function checkProfile(def: ObjectTypeDef, action: Action, kind: ProfileKind): void {
  routesFor(def, action); // refuses an action Twilio does not offer
  if (kind === 'request' && (action === 'get' || action === 'query'))
    throw new ConfigurationError(`${action} takes no request document`, { action, objectType: def.name });
  if (kind === 'response' && action === 'delete') throw new ConfigurationError('delete returns no document', { action, objectType: def.name });
}

/** The catalog as a caller sees it, without a connection: what the dialogs of a canvas show. */
export class CatalogView {
  constructor(private readonly catalog: Catalog = loadCatalog()) {}

  objectTypes(): ObjectTypeSummary[] {
    return this.catalog.manifest.objectTypes.map(({ name, label, actions }) => ({ name, label, actions }));
  }

  /**
   * Checks a Query's filters as a run plans them, without a connection or a request:
   * throws the InvalidInputError the run would answer with (an unknown field, a value
   * Twilio does not list, a timestamp that does not read). For a configuration stored
   * now and run later (a scheduled sync). Phone numbers are read with `defaultCountry`.
   */
  checkFilters(name: string, filters: Filter[], defaultCountry = 'US'): void {
    planQuery(objectType(this.catalog, name), filters, PLACEHOLDER_ACCOUNT_SID, defaultCountry);
  }

  describe(name: string): ObjectTypeDescription {
    const def = objectType(this.catalog, name);
    const filters = new Map<string, FilterDescription>();
    for (const route of def.routes)
      for (const f of route.filters ?? [])
        filters.set(f.name, { name: f.name, type: f.type, range: f.range !== undefined, repeated: f.repeated === true, ...valuesOf(f.enum) });
    const headers: Partial<Record<Action, string[]>> = {};
    for (const route of def.routes) {
      for (const action of route.actions) if (route.headers?.[action]) headers[action] = [...new Set([...(headers[action] ?? []), ...route.headers[action]])];
    }
    return {
      name: def.name,
      label: def.label,
      actions: offered(def),
      ids: [...new Set(def.routes.filter((r) => r.id.length).map((r) => r.id.map((s) => segmentLabel(def, s.name)).join(':')))],
      accountScoped: def.routes.some((r) => r.accountParam),
      named: [...new Set(def.routes.flatMap((r) => r.id.filter((s) => s.orName).map((s) => segmentLabel(def, s.name))))],
      fields: def.fields.map((f) => ({ name: f.name, type: f.type, ...valuesOf(f.enum) })),
      filters: [...filters.values()],
      parents: [...new Set(def.routes.filter((r) => r.actions.includes('query')).flatMap((r) => listSegments(r).map((s) => s.name)))],
      headers,
    };
  }

  /** The XSD of a profile; kind defaults to response (request for delete). */
  profile(name: string, action: Action, kind: ProfileKind = action === 'delete' ? 'request' : 'response'): string {
    const def = objectType(this.catalog, name);
    checkProfile(def, action, kind);
    return kind === 'request' ? requestXsd(def, action as 'create' | 'update' | 'delete') : responseXsd(def, action as 'get' | 'query' | 'create' | 'update');
  }

  /** The elements of a profile as a tree (names, types, repetition, children). */
  elements(name: string, action: Action, kind: ProfileKind = action === 'delete' ? 'request' : 'response'): ProfileElement[] {
    const def = objectType(this.catalog, name);
    checkProfile(def, action, kind);
    return kind === 'request' ? requestElements(def, action as 'create' | 'update' | 'delete') : responseElements(def, action);
  }

  /** A document object as XML text of its profile. */
  toXml(name: string, action: Action, kind: ProfileKind, document: DocumentObject): string {
    return objectToXml(objectType(this.catalog, name).name, this.elements(name, action, kind), document, kind, { action, objectType: name });
  }

  /** An XML document of a profile as an object typed by it. */
  fromXml(name: string, action: Action, kind: ProfileKind, xml: string): DocumentObject {
    return xmlToObject(name, this.elements(name, action, kind), xml, { action, objectType: name });
  }
}

/** A connection's face: the catalog view plus operations and a connection check. */
export class TwilioConnector extends CatalogView {
  private readonly operations = new Set<Operation>();

  constructor(
    private readonly connection: Connection,
    private readonly catalogData: Catalog = loadCatalog(),
    private readonly events: ConnectorEvents = {},
  ) {
    super(catalogData);
  }

  /** The account this connection acts for (credentials are never exposed). */
  get accountSid(): string {
    return this.connection.accountSid;
  }

  /** An operation: one action on one object type with its options; `execute(inputs)` streams events. */
  operation(options: OperationOptions): Operation {
    const op = new Operation(this.connection, options, this.catalogData, undefined, this.events.onWarning);
    this.operations.add(op);
    const close = op.close.bind(op);
    op.close = () => {
      this.operations.delete(op);
      close();
    };
    return op;
  }

  /** Checks credentials and reachability with the request the manifest names (a Get of the account). */
  async testConnection(): Promise<AccountCheck> {
    const { objectType: name, action } = this.catalogData.manifest.connection.test;
    const op = this.operation({ action, objectType: name, documents: 'object' });
    try {
      let record: DocumentObject | undefined;
      for await (const event of op.execute([{ id: this.connection.accountSid }])) {
        if (event.type === 'document') record = event.document.data;
        // An APPLICATION_ERROR (401, 404) is followed by the stop, which carries Twilio's answer.
        else if (event.result.status === 'FAILURE') throw new TransportError(event.result.message ?? 'connection check failed', false);
      }
      return { accountSid: this.connection.accountSid, friendlyName: record?.FriendlyName as string | undefined, status: record?.Status as string | undefined };
    } catch (err) {
      // Return Application Error Responses is off: Twilio's answer (401, 404) comes as the stop.
      throw err instanceof OperationStoppedError ? err.error : err;
    } finally {
      op.close();
    }
  }

  /** Closes every operation still open (their keep-alive sockets). */
  close(): void {
    for (const op of [...this.operations]) op.close();
  }
}

/**
 * What the connector declares, from connector.manifest.json: connection fields, actions,
 * operation options and object types. Canvases build their dialogs from it.
 */
export function manifest(): Manifest {
  return loadCatalog().manifest;
}

/** The catalog without a connection (for pickers shown before credentials exist). */
export function catalog(): CatalogView {
  return (view ??= new CatalogView());
}
let view: CatalogView | undefined;

/** What a connector tells as it goes, for a host with its own log. */
export interface ConnectorEvents {
  /** What Twilio asked for and the connector does about it (a 429's Retry-After waited); default: process.emitWarning. */
  onWarning?: (message: string) => void;
}

/** A connector for these settings (see README: Connection); checked at once, nothing is sent. */
export function connect(settings: ConnectionSettings, events: ConnectorEvents = {}): TwilioConnector {
  return new TwilioConnector(resolveConnection(settings), loadCatalog(), events);
}
