// An Operation is one action on one object type with its options, run over input
// documents. It yields output documents as they are produced and exactly one
// result per input: SUCCESS, APPLICATION_ERROR (Twilio said no) or FAILURE.
import { actionRequest } from './catalog/routes';
import type { Action, ObjectTypeDef, RouteDef } from './catalog/types';
import { loadCatalog, objectType, type Catalog } from './catalog/load';
import type { Connection } from './connection';
import {
  ConfigurationError,
  OptionError,
  ConnectorError,
  InvalidInputError,
  OperationStoppedError,
  TransportError,
  TwilioApiError,
  UnexpectedResponseError,
  type ErrorContext,
} from './errors';
import { isJsonObject, shapeOf, TwilioHttpClient, type Pairs, type TwilioRequest } from './http/client';
import { fillPath, resolveId, routesFor } from './ids';
import { IncrementalSync, type IncrementalOptions } from './incremental';
import { resolveOptions } from './options';
import { pageChain, sizeQuery, type Page, type Sender } from './paging';
import { normalFilter, planQuery, timeOf, windowPlan, type Filter, type QueryPlan, type WindowableRange } from './query';
import { windowedPages, type Delivered } from './windowed';
import { SPLIT_ABOVE } from './windows';
import { deleteIdOf, prepareCreate, prepareUpdate, requestBody } from './request';
import { snakeCase } from './catalog/names';
import { ACCOUNT_SID } from './values/sids';
import { parseRequestDocument } from './xml/document';
import { errorProperties, errorXml } from './xml/error';
import { compileRenderer, type RecordRenderer, type TimestampStyle } from './xml/record';
import { compileObjectMapper, type ObjectMapper } from './objects/record';
import { secretHider } from './objects/credentials';
import { requestDocumentOf } from './objects/request';
import type { DocumentObject } from './objects/values';
import { errorObject } from './objects/error';
import { requestElements, type ProfileElement } from './profiles/elements';
import type { RequestDocument } from './xml/document';

export type ResultStatus = 'SUCCESS' | 'APPLICATION_ERROR' | 'FAILURE';

export interface OperationOptions {
  action: Action;
  objectType: string;
  /** On: a Twilio error becomes an output document and the batch goes on. Off: it stops the operation. */
  returnApplicationErrors?: boolean;
  /** Fields to return (Get/Query); unselected fields come back empty. */
  fields?: string[];
  filters?: Filter[];
  limit?: number;
  pageSize?: number;
  timestamps?: TimestampStyle;
  /**
   * For the host, not the operation (the manifest's scope "host"): what the host's tracking
   * names per input, its source documents or the documents it put out (the CLI's
   * results.jsonl). The operation itself yields the same events either way.
   */
  trackingDirection?: 'input' | 'output';
  /**
   * Get/Create/Update/Delete: documents in flight at once; output keeps input order.
   * Query: date windows fetched at once where a date filter Twilio offers bounds it below
   * (windowed.ts: newest window first, each in Twilio's order); otherwise one chain of pages.
   */
  concurrency?: number;
  /** Query: fetch only what is new since the last successful run (state file, lookback window). */
  incremental?: IncrementalOptions;
  /** Optional request headers the object type declares (e.g. Flex-Metadata). */
  headers?: Record<string, string>;
  /** Output documents as XML text (default), as objects typed by the profile, or both. */
  documents?: DocumentForm;
  /** The longest wait a 429's Retry-After may ask for; past it the document fails at once, saying what Twilio asked. */
  maxRetryWaitMs?: number;
}

export type DocumentForm = 'xml' | 'object' | 'both';

/**
 * Get: `id`. Query: nothing, or `filters` for this input (added to the operation's; one on the
 * same field and operator replaces the operation's). Create/Update/Delete: `xml` or `data`, the
 * document as an object typed by the request profile (Delete also takes the bare id).
 */
export interface InputDocument {
  id?: string;
  xml?: string;
  data?: DocumentObject;
  filters?: Filter[];
  /** Where the document came from (file and position), for result logs. */
  source?: string;
  /** Why the input could not be read as a document (connector/xml/split.ts): it becomes this input's FAILURE. */
  problem?: string;
}

export interface OutputDocument {
  input: number;
  /** The document as XML text; empty when the operation's `documents` option is 'object'. */
  xml: string;
  /** The document as an object typed by the response profile (documents: 'object' or 'both'). */
  data?: DocumentObject;
  properties: Record<string, string>;
}

export interface DocumentResult {
  input: number;
  status: ResultStatus;
  documents: number;
  message?: string;
  properties: Record<string, string>;
}

export type OperationEvent = { type: 'document'; document: OutputDocument } | { type: 'result'; result: DocumentResult };

type Record_ = Record<string, unknown>;

/** Said of a Create whose answer leaves open whether Twilio did it. */
const MAYBE_PROCESSED = '; not retried: Twilio may have processed it, check before sending it again';

export class Operation {
  readonly def: ObjectTypeDef;
  private readonly render: Renderer;
  private readonly renderCreated: Renderer;
  private readonly http: TwilioHttpClient;
  private incrementalField?: string;
  /** The request profile's elements, for documents given as objects (an operation has one action). */
  private requestProfile?: ProfileElement[];
  /** Per route, its id segments and the record keys holding them (CallSid → call_sid). */
  private readonly idKeys: Array<Array<{ name: string; key: string; typedPrefix?: string }>>;

  /** The options as given, with the manifest's defaults filled in. */
  readonly options: OperationOptions;
  /** Records a list request asks for: as given; else the default page, or the limit where that is smaller. */
  private readonly pageSize: number;
  private readonly testedPageSize: number;

  constructor(
    readonly connection: Connection,
    given: OperationOptions,
    catalog: Catalog = loadCatalog(),
    http?: TwilioHttpClient,
    /** Where this operation's own client says what Twilio asked of it (a long Retry-After); default: process.emitWarning. */
    onWarning?: (message: string) => void,
  ) {
    this.def = objectType(catalog, given.objectType);
    const options = (this.options = resolveOptions(catalog.manifest.operationOptions, given, { action: given.action, objectType: this.def.name }));
    this.pageSize = given.pageSize ?? Math.min(options.pageSize ?? 1000, options.limit || Infinity);
    // Records tested after fetching may mostly fail the test: a limit says nothing of how many to ask for.
    this.testedPageSize = given.pageSize ?? options.pageSize ?? 1000;
    this.idKeys = this.def.routes.map((r) => r.id.map((seg) => ({ name: seg.name, key: snakeCase(seg.name), typedPrefix: seg.typedPrefix })));
    routesFor(this.def, options.action); // refuses an action Twilio does not offer, before any document
    // Fields to return by profile element name (FirstName) or by Twilio's JSON key (first_name).
    const fieldNames = new Map(
      this.def.fields.flatMap(
        (f) =>
          [
            [f.name, f.name],
            [f.key, f.name],
          ] as const,
      ),
    );
    const unknown = (options.fields ?? []).filter((f) => !fieldNames.has(f));
    if (unknown.length) {
      const names = this.def.fields.map((f) => f.name).join(', ');
      throw new ConfigurationError(`fields ${unknown.join(', ')} are not fields of ${this.def.name} (its fields: ${names})`, { objectType: this.def.name });
    }
    const renderOptions = {
      fields: options.fields?.length ? new Set(options.fields.map((f) => fieldNames.get(f)!)) : undefined,
      timestamps: options.timestamps!,
    };
    const form = options.documents!;
    const renderer = (fields: typeof this.def.fields): Renderer => {
      const xml = form === 'object' ? undefined : compileRenderer(this.def.name, fields, renderOptions);
      const object = form === 'xml' ? undefined : compileObjectMapper(fields, renderOptions);
      const hide = secretHider(fields, connection.password);
      if (!hide) return { xml, object };
      return { xml: xml && ((record, controlFree) => xml(hide(record), controlFree)), object: object && ((record) => object(hide(record))) };
    };
    this.render = renderer(this.def.fields);
    const createdFields = this.def.routes.find((r) => r.create?.responseFields)?.create?.responseFields;
    this.renderCreated = createdFields ? renderer(createdFields) : this.render;
    if (options.incremental) {
      const field = this.def.fields.find((f) => f.name === options.incremental!.field || f.key === options.incremental!.field);
      if (options.action !== 'query') throw new ConfigurationError('incremental applies to query only');
      if (!field || field.type !== 'datetime') {
        throw new ConfigurationError(`incremental field ${options.incremental.field} is not a timestamp field of ${this.def.name}`);
      }
      // A limit would cut off older records below a mark that still moves past them.
      if (options.limit !== undefined)
        throw new OptionError('limit', 'cannot be combined with incremental', 'incremental and limit cannot be combined', {}, 'incremental');
      this.incrementalField = field.key;
      // Named by its JSON key (date_sent), it is the profile's name (DateSent) in the state file all the same.
      options.incremental = { ...options.incremental, field: field.name };
    }
    const allowed = new Set(this.def.routes.flatMap((r) => r.headers?.[options.action] ?? []));
    for (const name of Object.keys(options.headers ?? {})) {
      if (!allowed.has(name)) {
        throw new ConfigurationError(`header ${name} is not one ${this.def.name} ${options.action} accepts (${[...allowed].join(', ') || 'none'})`);
      }
    }
    this.http = http ?? new TwilioHttpClient(connection, { concurrency: options.concurrency, maxRetryWaitMs: options.maxRetryWaitMs, onWarning });
  }

  close(): void {
    this.http.close();
  }

  /** Runs every input; yields documents then the input's result, in input order. */
  async *execute(inputs: Iterable<InputDocument> | AsyncIterable<InputDocument>): AsyncGenerator<OperationEvent> {
    const concurrency = this.options.concurrency!;
    let index = 0;
    if (this.options.action === 'query' || concurrency === 1) {
      // Streams: a Query's documents go out as its pages arrive.
      for await (const input of inputs) yield* this.executeOne(input, index++);
      return;
    }
    // A window of documents in flight; results are released in input order. Once one stops
    // the operation no further input starts, but those already sent still get their results
    // (a Create sent is an SMS sent): the stop is thrown after the last of them.
    const window: Array<Promise<Settled>> = [];
    let stop: unknown;
    const settle = (events: AsyncGenerator<OperationEvent>) =>
      settled(events).then((s) => {
        stop ??= s.error;
        return s;
      });
    let first: unknown; // the first in input order: the one whose stop is thrown
    const release = async function* () {
      const s = await window.shift()!;
      yield* s.events;
      first ??= s.error;
    };
    for await (const input of inputs) {
      // Checked before the input starts: one that arrives after the stop is known is not sent.
      if (stop !== undefined) break;
      window.push(settle(this.executeOne(input, index++)));
      if (window.length >= concurrency) yield* release();
    }
    while (window.length) yield* release();
    if (first !== undefined) throw first;
  }

  private async *executeOne(input: InputDocument, index: number): AsyncGenerator<OperationEvent> {
    const ctx: ErrorContext = { action: this.options.action, objectType: this.def.name, id: input.id };
    const stats = { requests: 0, attempts: 0 };
    const retried = (): Record<string, string> => (stats.attempts > stats.requests ? { 'connector.retries': String(stats.attempts - stats.requests) } : {});
    const send = async <T>(req: TwilioRequest) => {
      const res = await this.http.request<T>(req);
      stats.requests++;
      stats.attempts += res.attempts;
      return res;
    };
    let documents = 0;
    try {
      if (input.problem !== undefined) throw new InvalidInputError('document', input.problem, ctx);
      if (this.options.action === 'query') {
        // Inlined rather than through produce(): one generator hop less per record.
        for await (const { records, pathValues, controlFree } of this.queryPages(send, input)) {
          // paging.ts has checked every record is an object, before the exact test read it.
          for (const record of records) {
            documents++;
            yield { type: 'document', document: this.output(index, record, pathValues, this.render, controlFree) };
          }
        }
      } else {
        for await (const doc of this.produce(input, index, send)) {
          documents++;
          yield { type: 'document', document: doc };
        }
      }
      yield { type: 'result', result: { input: index, status: 'SUCCESS', documents, properties: retried() } };
    } catch (err) {
      if (err instanceof TwilioApiError || err instanceof TransportError) {
        stats.requests++;
        stats.attempts += err.attempts;
      }
      if (err instanceof TwilioApiError) {
        const properties = { ...errorProperties(err), ...retried() };
        // A Create Twilio answered with a 5xx is not retried (README, Retries): it may have been done.
        const unsure = this.options.action === 'create' && err.status >= 500 ? MAYBE_PROCESSED : '';
        if (!this.options.returnApplicationErrors) {
          const stop = new OperationStoppedError(err, index);
          yield { type: 'result', result: { input: index, status: 'APPLICATION_ERROR', documents, message: stop.message + unsure, properties } };
          throw stop;
        }
        const form = this.options.documents;
        // An Update or Delete by document names its id in the document: the error knows it.
        const about = { ...ctx, id: ctx.id ?? err.context.id };
        const document: OutputDocument = { input: index, xml: form === 'object' ? '' : errorXml(err, about), properties };
        if (form !== 'xml') document.data = errorObject(err, about);
        yield { type: 'document', document };
        yield {
          type: 'result',
          result: { input: index, status: 'APPLICATION_ERROR', documents: documents + 1, message: err.message + unsure, properties },
        };
        return;
      }
      if (err instanceof ConnectorError) {
        let message = err.message;
        if (((err instanceof TransportError && err.sent) || err instanceof UnexpectedResponseError) && this.options.action === 'create') {
          message += MAYBE_PROCESSED;
        }
        yield { type: 'result', result: { input: index, status: 'FAILURE', documents, message, properties: retried() } };
        return;
      }
      // A bug of ours still accounts for the document instead of losing it.
      const message = `${ctx.action} ${ctx.objectType}: internal error: ${(err as Error)?.message ?? String(err)}`;
      yield { type: 'result', result: { input: index, status: 'FAILURE', documents, message, properties: {} } };
    }
  }

  /** A record that is not a JSON object, as the failure naming what was expected. */
  private notARecord(value: unknown, where: string, ctx: ErrorContext): UnexpectedResponseError {
    return new UnexpectedResponseError(`${where} holds ${shapeOf(value)} where a ${this.def.name} record (a JSON object) was expected`, 200, ctx);
  }

  private url(path: string): string {
    return this.def.baseUrl + path;
  }

  /**
   * `pathValues`: the ids the request named, for records that do not repeat their parent's;
   * `controlFree`: what the HTTP client read off the page (TwilioResponse.controlFree), for the renderer.
   */
  private output(input: number, record: Record_, pathValues: Record<string, string> = {}, render = this.render, controlFree = false): OutputDocument {
    const doc: OutputDocument = {
      input,
      xml: render.xml ? render.xml(record, controlFree) : '',
      properties: { objectType: this.def.name, id: this.recordId(record, pathValues) },
    };
    if (render.object) doc.data = render.object(record);
    return doc;
  }

  /** The request document of an input, from its XML text or its object form. */
  private requestDocument(input: InputDocument, action: 'create' | 'update' | 'delete'): RequestDocument {
    const ctx = { action, objectType: this.def.name };
    if (input.data !== undefined) {
      // The profile's tree is the same for every document of this operation: built once.
      this.requestProfile ??= requestElements(this.def, action);
      return requestDocumentOf(this.def.name, this.requestProfile, input.data, ctx);
    }
    if (!input.xml?.trim()) {
      const given = input.id !== undefined ? `an id only` : input.xml === undefined ? 'nothing' : 'an empty document';
      throw new InvalidInputError('document', `is missing: ${action} takes a <${this.def.name}> document (xml) or its object (data), not ${given}`, ctx);
    }
    return parseRequestDocument(input.xml, this.def.name, ctx);
  }

  /**
   * The id an input names, as this operation reads it and sends it (Get, Update, Delete; compound,
   * CF…:CA…, where the type's ids are): the id given, or the Sid element of the request document,
   * XML text or object. Undefined for Create and Query, and for an input that names none or cannot
   * be read (its result says why). For a canvas to say which record a result is about, without
   * reading documents itself; the document is read again, so call it where the id is wanted.
   */
  inputId(input: InputDocument): string | undefined {
    try {
      switch (this.options.action) {
        case 'get':
          return input.id?.trim() || undefined;
        case 'update':
          return updateIdOf(this.requestDocument(input, 'update')) || undefined;
        case 'delete':
          return this.deleteId(input) || undefined;
        default:
          return undefined;
      }
    } catch (err) {
      if (err instanceof ConnectorError) return undefined;
      throw err;
    }
  }

  /** A Delete's id: the bare id, or the Sid of its request document (XML text or object). */
  private deleteId(input: InputDocument): string {
    if (input.data !== undefined) return deleteIdOf(this.def, this.requestDocument(input, 'delete'));
    const text = (input.xml ?? input.id ?? '').trim();
    return text.startsWith('<') ? deleteIdOf(this.def, this.requestDocument({ xml: text }, 'delete')) : text;
  }

  /**
   * The compound id of a record as Get/Update/Delete take it back (e.g. CF…:CA…): each
   * segment from the record, else from the request's path (the contacts of an audience do
   * not name the audience); the record's own id may be under its own name (contact_id) or
   * just sid / id.
   */
  private recordId(record: Record_, pathValues: Record<string, string>): string {
    const segmentValue = (seg: { name: string; key: string }, own: boolean) =>
      record[seg.key] ?? (own ? (record.sid ?? record.id) : undefined) ?? pathValues[seg.name];
    const complete = (segs: Array<{ name: string; key: string }>) => segs.every((seg, i) => segmentValue(seg, i === segs.length - 1) != null);
    const found = this.idKeys.findIndex(complete);
    const segs = this.idKeys[found] ?? this.idKeys[0] ?? [];
    const parts = segs.map((seg, i) => typedSegment(seg.typedPrefix, String(segmentValue(seg, i === segs.length - 1) ?? '')));
    // A verb's answer (a verification's Approve, a factor's Cancel) is the record it acted on: its own id, not parent:itself.
    if (parts.length > 1 && parts[parts.length - 1] === parts[parts.length - 2]) parts.pop();
    const id = parts.join(':');
    // A subaccount's record is led by its AccountSid, so that Get, Update and Delete find it there:
    // the account the request named (a Query's or Create's), else the record's.
    const route = this.def.routes[Math.max(found, 0)];
    const account = route?.accountParam ? (pathValues[route.accountParam] ?? record.account_sid) : undefined;
    if (typeof account === 'string' && account !== this.connection.accountSid && ACCOUNT_SID.test(account)) return `${account}:${id}`;
    return id;
  }

  private async *produce(input: InputDocument, index: number, send: Sender): AsyncGenerator<OutputDocument> {
    const { action } = this.options;
    const { accountSid, defaultCountry } = this.connection;
    const def = this.def;
    switch (action) {
      case 'get': {
        const { route, pathValues } = resolveId(def, 'get', input.id ?? '', accountSid);
        const res = await send<Record_>({
          ...this.target(route, 'get', pathValues),
          context: { action, objectType: def.name, id: input.id },
          idempotent: true,
        });
        yield this.output(index, res.data, pathValues);
        return;
      }
      case 'query':
        return; // handled in executeOne
      case 'create': {
        const doc = this.requestDocument(input, 'create');
        const { route, pathValues, form, headers } = prepareCreate(def, doc, accountSid, defaultCountry);
        const res = await send<Record_>({
          ...this.target(route, 'create', pathValues, headers),
          ...requestBody(route.create, form),
          context: { action, objectType: def.name },
          idempotent: false,
        });
        // An answer that wraps the created records in an array gives a document for each
        // (a batch of one, or a message sent to several recipients).
        const unwrap = route.create?.unwrap;
        const created = unwrap && Array.isArray(res.data?.[unwrap]) ? (res.data[unwrap] as Record_[]) : [res.data ?? {}];
        const bad = created.find((record) => !isJsonObject(record));
        if (bad !== undefined) throw this.notARecord(bad, `the answer's '${unwrap}' list`, { action, objectType: def.name });
        for (const record of created) yield this.output(index, record, pathValues, route.create?.responseFields ? this.renderCreated : this.render);
        return;
      }
      case 'update': {
        const doc = this.requestDocument(input, 'update');
        const { route, pathValues, form, headers } = prepareUpdate(def, doc, accountSid, defaultCountry);
        const id = updateIdOf(doc);
        const res = await send<Record_>({
          ...this.target(route, 'update', pathValues, headers),
          ...requestBody(route.update, form),
          context: { action, objectType: def.name, id },
          idempotent: true,
        });
        yield this.output(index, res.data ?? {}, pathValues);
        return;
      }
      case 'delete': {
        const id = this.deleteId(input);
        const { route, pathValues } = resolveId(def, 'delete', id, accountSid);
        await send({ ...this.target(route, 'delete', pathValues), context: { action, objectType: def.name, id }, idempotent: true });
        return;
      }
    }
  }

  /** Method, URL and headers of an action on a route: the catalog decides, options add headers. */
  private target(route: RouteDef, action: Action, pathValues: Record<string, string>, headers: Record<string, string> = {}) {
    const request = actionRequest(route, action)!;
    return {
      method: request.method,
      url: this.url(fillPath(request.path, pathValues)),
      headers: { ...this.options.headers, ...headers },
    };
  }

  /**
   * Streams the records page by page (one await per page, not per record: this is
   * the hot path of a sync); the next page is requested before this one is handed on.
   * With concurrency above 1 and a date range bounded below, date windows are fetched at once.
   */
  private async *queryPages(
    send: Sender,
    input: InputDocument,
  ): AsyncGenerator<{ records: Record_[]; pathValues: Record<string, string>; controlFree: boolean }> {
    const def = this.def;
    // Read per run, so one Operation can run again on schedule with the state it committed.
    const sync = this.options.incremental ? new IncrementalSync(this.options.incremental, def.name) : undefined;
    const since = sync?.filter();
    const filters = [...withInputFilters(this.options.filters ?? [], input.filters, { action: 'query', objectType: def.name }), ...(since ? [since] : [])];
    const plan = planQuery(def, filters, this.connection.accountSid, this.connection.defaultCountry);
    const limit = this.options.limit ?? Infinity;
    if (limit === 0) return;
    const concurrency = this.options.concurrency ?? 1;
    const pages =
      concurrency > 1 && plan.windowable ? this.windowedPages(send, plan, plan.windowable, concurrency) : this.singlePages(send, plan, plan.query, plan.accept);
    let count = 0;
    for await (const page of pages) {
      const out: Record_[] = [];
      for (const record of page.records) {
        if (sync && !sync.admit(this.recordId(record, plan.pathValues), record[this.incrementalField!])) continue;
        out.push(record);
        if (++count >= limit) break;
      }
      yield { records: out, pathValues: plan.pathValues, controlFree: page.controlFree };
      if (count >= limit) return;
    }
    sync?.commit();
  }

  /** One list request and the pages it links to, in Twilio's order, filtered by the exact test. */
  private async *singlePages(send: Sender, plan: QueryPlan, query: Pairs, accept: QueryPlan['accept']): AsyncGenerator<Page> {
    // A limit the first page holds needs no second one in flight.
    const prefetch = accept !== undefined || (this.options.limit ?? Infinity) > this.pageSize;
    for await (const page of this.chain(send, plan, query, prefetch, accept ? this.testedPageSize : this.pageSize)) {
      yield accept ? { ...page, records: page.records.filter(accept) } : page;
    }
  }

  private chain(send: Sender, plan: QueryPlan, query: Pairs, prefetch: boolean, pageSize = this.pageSize): AsyncGenerator<Page> {
    const first: TwilioRequest = {
      ...this.target(plan.route, 'query', plan.pathValues),
      query: [...query, ...sizeQuery(this.def, plan.route, pageSize)],
      context: { action: 'query', objectType: this.def.name },
      idempotent: true,
    };
    return pageChain({ def: this.def, send, first, baseUrl: this.connection.baseUrl, prefetch });
  }

  /** The windowable range as date windows, `concurrency` of them in flight, delivered newest first. */
  private windowedPages(send: Sender, plan: QueryPlan, range: WindowableRange, concurrency: number): AsyncGenerator<Page | Delivered> {
    return windowedPages(range.bound, {
      concurrency,
      grain: range.grain,
      horizon: Date.now(),
      // A window chains up to about SPLIT_ABOVE + 1 pages, one round trip each: that much held
      // ahead per chain lets the next head have its pages when its turn comes (at 2 per
      // chain, 1 run in 4 of bench/ stalled on heads fetching their last pages).
      maxHeldPages: (SPLIT_ABOVE + 1) * concurrency,
      timeOf: (record) => timeOf(record[range.key]),
      open: (window) => {
        const { query, accept } = windowPlan(range, window);
        return { pages: this.chain(send, plan, query, false), accept };
      },
    });
  }
}

/** A typed id stays typed where the path gave it bare (the audience of a contact: comms_audience_01h…). */
function typedSegment(prefix: string | undefined, value: string): string {
  return prefix && value && !value.startsWith(prefix) ? prefix + value : value;
}

/** The record an Update document names: its Sid element. */
function updateIdOf(doc: RequestDocument): string | undefined {
  return doc.elements.get('Sid')?.[0]?.trim();
}

/** The operation's filters with an input's: one on the same field and operator replaces the operation's. */
function withInputFilters(filters: Filter[], given: Filter[] | undefined, ctx: ErrorContext): Filter[] {
  if (!given?.length) return filters;
  // Compared as the plan reads them: After replaces after, > replaces after.
  const normal = (list: Filter[]) => list.map((f) => normalFilter(f, ctx));
  const inputs = normal(given);
  const replaced = new Set(inputs.map((f) => `${f.field} ${f.op}`));
  return [...normal(filters).filter((f) => !replaced.has(`${f.field} ${f.op}`)), ...inputs];
}

/** What an output document is made of: XML text, the object form, or both. */
interface Renderer {
  xml?: RecordRenderer;
  object?: ObjectMapper;
}

/** An input's events, and what ended them if not their end (an operation stopped). */
interface Settled {
  events: OperationEvent[];
  error?: unknown;
}

async function settled(events: AsyncGenerator<OperationEvent>): Promise<Settled> {
  const out: OperationEvent[] = [];
  try {
    for await (const e of events) out.push(e);
    return { events: out };
  } catch (error) {
    return { events: out, error };
  }
}
