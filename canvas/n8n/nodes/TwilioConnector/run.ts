// One execution of the node: the input items become the input documents of connector
// operations, and their events become output items. Every document is an item paired
// to the item it came from; every result that is not SUCCESS becomes an error item
// (Continue On Fail) or the node's error (NodeApiError when Twilio said no,
// NodeOperationError when the connector could not do it).
//
// The operation's options (Fields to Return, Limit, Headers, Page Size, Timestamps, XML
// Output) are evaluated per item, so an expression in them gives each item its own.
// Consecutive items whose options come out the same run as one operation (a batch of
// 1,000 alike items is one operation, as before); where they differ a new one starts.
// Concurrency is how items run together, not what one item asks: the first item's.
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import {
  connect,
  type Action,
  type DocumentResult,
  type Filter,
  type FilterOp,
  type InputDocument,
  type OperationOptions,
  type OutputDocument,
  type TwilioConnector,
} from 'twilio-connector';
import { CREDENTIAL_TYPE, settingsOf } from './connection';

interface NodeOptions {
  headers?: { header?: Array<{ name: string; value: string }> };
  pageSize?: number;
  timestamps?: 'twilio' | 'iso8601';
  xmlOutput?: 'none' | 'field' | 'binary';
  xmlProperty?: string;
}

/** What every item of the execution shares. */
interface Target {
  objectType: string;
  action: Action;
  concurrency: number;
}

/** What one item asks of its operation and how its documents come out. */
interface ItemSettings {
  operation: OperationOptions;
  xmlOutput: 'none' | 'field' | 'binary';
  xmlProperty: string;
  /** Equal for items that can share one operation. */
  key: string;
}

/** An item whose settings resolved, the next one to send. */
interface Pending {
  item: number;
  settings: ItemSettings;
}

/** What was sent to an operation, by its input index: the item it came from and its input document. */
interface Sent {
  item: number;
  input: InputDocument;
}

function operationOptions(ctx: IExecuteFunctions, { objectType, action, concurrency }: Target, options: NodeOptions, i: number): OperationOptions {
  const headers = Object.fromEntries((options.headers?.header ?? []).filter((h) => h.name).map((h) => [h.name, h.value]));
  const reads = action === 'get' || action === 'query';
  const fields = reads ? (ctx.getNodeParameter('fields', i, []) as string[]) : [];
  const returnAll = action === 'query' && (ctx.getNodeParameter('returnAll', i, false) as boolean);
  return {
    action,
    objectType,
    // Every input gets its result; what a failed one does is the node's decision below.
    returnApplicationErrors: true,
    documents: (options.xmlOutput ?? 'none') === 'none' ? 'object' : 'both',
    fields: fields.length ? fields : undefined,
    limit: action === 'query' && !returnAll ? (ctx.getNodeParameter('limit', i, 50) as number) : undefined,
    pageSize: action === 'query' ? options.pageSize : undefined,
    timestamps: options.timestamps,
    headers: Object.keys(headers).length ? headers : undefined,
    // A Query fetches date windows at once (where a date filter bounds it); the others, items.
    concurrency,
  };
}

function itemSettings(ctx: IExecuteFunctions, target: Target, i: number): ItemSettings {
  const options = ctx.getNodeParameter('options', i, {}) as NodeOptions;
  const operation = operationOptions(ctx, target, options, i);
  const xmlOutput = options.xmlOutput || 'none';
  const xmlProperty = options.xmlProperty || 'xml';
  return { operation, xmlOutput, xmlProperty, key: JSON.stringify([operation, xmlOutput, xmlProperty]) };
}

/** The input document of item i, from its parameters (expressions are resolved per item). */
function inputOf(ctx: IExecuteFunctions, action: Action, i: number): InputDocument {
  switch (action) {
    case 'get':
    case 'delete':
      return { id: String(ctx.getNodeParameter('id', i, '')).trim() };
    case 'query': {
      const given = ctx.getNodeParameter('filters.filter', i, []) as Array<{ field: string; operator: FilterOp; value: unknown }>;
      const filters: Filter[] = given.map((f) => ({ field: f.field, op: f.operator, value: String(f.value ?? '') }));
      return { filters };
    }
    default: {
      if (ctx.getNodeParameter('inputDocument', i, 'fields') === 'xml') return { xml: String(ctx.getNodeParameter('xml', i, '')) };
      // Map Automatically: the item's fields are the document's elements, as they are.
      if (ctx.getNodeParameter('document.mappingMode', i, 'defineBelow') === 'autoMapInputData') return { data: ctx.getInputData()[i].json };
      return { data: (ctx.getNodeParameter('document.value', i, {}) ?? {}) as IDataObject };
    }
  }
}

function twilioDetails(result: DocumentResult): JsonObject | undefined {
  const p = result.properties;
  if (!p['twilio.status']) return undefined;
  const details: JsonObject = { status: Number(p['twilio.status']), message: p['twilio.message'] ?? '' };
  if (p['twilio.code']) details.code = Number(p['twilio.code']);
  if (p['twilio.moreInfo']) details.moreInfo = p['twilio.moreInfo'];
  return details;
}

export async function runOperation(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const node = ctx.getNode();
  const items = ctx.getInputData();
  const objectType = ctx.getNodeParameter('resource', 0) as string;
  const action = ctx.getNodeParameter('operation', 0) as Action;
  // Only this option, so that an item's failing expression in another fails that item alone.
  const concurrency = ctx.getNodeParameter('options.concurrency', 0, 1) as number;
  const target: Target = { objectType, action, concurrency };
  const continueOnFail = ctx.continueOnFail();
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const signal = ctx.getExecutionCancelSignal?.();

  // An error item holds one field, `error`, as n8n's nodes put out failed items: the engine
  // then routes it to the error output (with the input item's fields) when that is chosen.
  const errorItem = (i: number, error: IDataObject): INodeExecutionData => ({ json: { error }, pairedItem: { item: i } });

  let twilio: TwilioConnector;
  try {
    // What Twilio asks of the node (a long Retry-After) goes to n8n's log, not a Node process warning.
    twilio = connect(settingsOf(credentials), { onWarning: (message) => ctx.logger.warn(`${node.name}: ${message}`) });
  } catch (err) {
    // The connection is unusable: no item can run. With Continue On Fail each fails so, as
    // each does when the connection is refused at run time; otherwise the node stops.
    const message = (err as Error).message;
    if (continueOnFail) return [items.map((_item, i) => errorItem(i, { message, status: 'FAILURE', objectType, action }))];
    throw new NodeOperationError(node, message, { description: `${action} ${objectType}: ${(err as { code?: string }).code ?? 'error'}` });
  }

  const out: INodeExecutionData[][] = items.map(() => []);

  /** A parameter of item i does not resolve (an expression, a mapped value of the wrong type). */
  const parameterFailed = (i: number, err: unknown): void => {
    const error = new NodeOperationError(node, (err as Error).message, { itemIndex: i, description: (err as { description?: string }).description });
    if (!continueOnFail) throw error;
    out[i].push(errorItem(i, { message: error.message, status: 'FAILURE', objectType, action }));
  };

  /** The first item from i on whose settings resolve. */
  const pendingFrom = (i: number): Pending | undefined => {
    for (; i < items.length; i++) {
      try {
        return { item: i, settings: itemSettings(ctx, target, i) };
      } catch (err) {
        parameterFailed(i, err);
      }
    }
    return undefined;
  };

  /** The input documents of the items from `first` on that share its settings; `rest` gets the item that does not. */
  async function* inputs(first: Pending, sent: Sent[], rest: { next?: Pending }): AsyncGenerator<InputDocument> {
    let current: Pending | undefined = first;
    while (current && current.settings.key === first.settings.key) {
      const i = current.item;
      let input: InputDocument | undefined;
      try {
        input = inputOf(ctx, action, i);
      } catch (err) {
        parameterFailed(i, err);
      }
      if (input) {
        sent.push({ item: i, input });
        yield input;
      }
      current = pendingFrom(i + 1);
    }
    rest.next = current;
  }

  const itemOf = async (doc: OutputDocument, i: number, { xmlOutput, xmlProperty }: ItemSettings): Promise<INodeExecutionData> => {
    const item: INodeExecutionData = { json: (doc.data ?? {}) as IDataObject, pairedItem: { item: i } };
    if (xmlOutput === 'field') item.json[xmlProperty] = doc.xml;
    if (xmlOutput === 'binary') {
      const fileName = `${objectType}-${(doc.properties.id || String(i)).replace(/[^A-Za-z0-9_.-]/g, '_')}.xml`;
      item.binary = { [xmlProperty]: await ctx.helpers.prepareBinaryData(Buffer.from(doc.xml, 'utf8'), fileName, 'application/xml') };
    }
    return item;
  };

  /** `id`: the record the item's input names (an update's in its document's Sid), as the library read it. */
  const failed = (result: DocumentResult, i: number, id: string | undefined): INodeExecutionData => {
    const twilioError = twilioDetails(result);
    const message = result.message ?? `${action} ${objectType}: ${result.status}`;
    const error = twilioError
      ? new NodeApiError(node, twilioError, {
          message,
          description: twilioError.moreInfo ? `Twilio error ${twilioError.code}: ${twilioError.moreInfo}` : undefined,
          httpCode: String(twilioError.status),
          itemIndex: i,
        })
      : new NodeOperationError(node, message, { itemIndex: i });
    if (!continueOnFail) throw error;
    const details: IDataObject = { message, status: result.status, objectType, action };
    if (id) details.id = id;
    if (twilioError) details.twilio = twilioError;
    return errorItem(i, details);
  };

  /** The options of a batch are unusable (a header the type does not declare): each of its items fails so. */
  const batchRefused = async (first: Pending, batch: AsyncGenerator<InputDocument>, sent: Sent[], err: unknown): Promise<void> => {
    const message = (err as Error).message;
    const description = `${action} ${objectType}: ${(err as { code?: string }).code ?? 'error'}`;
    if (!continueOnFail) throw new NodeOperationError(node, message, { itemIndex: first.item, description });
    for await (const _input of batch) {
      const { item } = sent[sent.length - 1];
      out[item].push(errorItem(item, { message, status: 'FAILURE', objectType, action }));
    }
  };

  /** Runs the items from `first` on that share its settings as one operation; returns the next item to run. */
  const runBatch = async (first: Pending): Promise<Pending | undefined> => {
    const sent: Sent[] = [];
    const rest: { next?: Pending } = {};
    const batch = inputs(first, sent, rest);
    let op;
    try {
      op = twilio.operation(first.settings.operation);
    } catch (err) {
      await batchRefused(first, batch, sent, err);
      return rest.next;
    }
    // The last document of the current input is held back until the next one (or the
    // result) arrives: when the result is APPLICATION_ERROR it is the TwilioError
    // document, which the error item carries instead.
    let held: OutputDocument | undefined;
    const emit = async (doc: OutputDocument) => out[sent[doc.input].item].push(await itemOf(doc, sent[doc.input].item, first.settings));
    try {
      for await (const event of op.execute(batch)) {
        if (signal?.aborted) return undefined;
        if (event.type === 'document') {
          if (held) await emit(held);
          held = event.document;
          continue;
        }
        const { result } = event;
        const origin = sent[result.input];
        if (held && result.status !== 'APPLICATION_ERROR') await emit(held);
        held = undefined;
        if (result.status !== 'SUCCESS') out[origin.item].push(failed(result, origin.item, op.inputId(origin.input)));
        else if (action === 'delete')
          out[origin.item].push({ json: { objectType, id: op.inputId(origin.input) ?? '', deleted: true }, pairedItem: { item: origin.item } });
      }
    } catch (err) {
      if (err instanceof NodeApiError || err instanceof NodeOperationError) throw err;
      // Not a per-document failure: the operation itself broke off.
      throw new NodeOperationError(node, `${action} ${objectType}: ${(err as Error).message}`);
    } finally {
      op.close();
    }
    return rest.next;
  };

  // A cancelled execution ends the request in flight and sends nothing more, as Node-RED's close does.
  const cancel = () => twilio.close();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (let next = pendingFrom(0); next;) next = await runBatch(next);
  } finally {
    signal?.removeEventListener('abort', cancel);
    twilio.close();
  }
  return [out.flat()];
}
