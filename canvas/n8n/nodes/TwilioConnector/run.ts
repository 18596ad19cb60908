// One execution of the node: the input items become the input documents of one
// connector operation, and its events become output items. Every document is an
// item paired to the item it came from; every result that is not SUCCESS becomes an
// error item (Continue On Fail) or the node's error (NodeApiError when Twilio said no,
// NodeOperationError when the connector could not do it).
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import {
  connect,
  type Action,
  type DocumentResult,
  type Filter,
  type FilterOp,
  type InputDocument,
  type Operation,
  type OperationOptions,
  type OutputDocument,
  type TwilioConnector,
} from 'twilio-connector';
import { CREDENTIAL_TYPE, settingsOf } from './connection';

interface NodeOptions {
  concurrency?: number;
  headers?: { header?: Array<{ name: string; value: string }> };
  pageSize?: number;
  timestamps?: 'twilio' | 'iso8601';
  xmlOutput?: 'none' | 'field' | 'binary';
  xmlProperty?: string;
}

/** What was sent to the operation, by its input index: the item it came from and the id it named. */
interface Sent {
  item: number;
  id?: string;
}

function operationOptions(ctx: IExecuteFunctions, objectType: string, action: Action, options: NodeOptions): OperationOptions {
  const headers = Object.fromEntries((options.headers?.header ?? []).filter((h) => h.name).map((h) => [h.name, h.value]));
  const reads = action === 'get' || action === 'query';
  const fields = reads ? (ctx.getNodeParameter('fields', 0, []) as string[]) : [];
  const returnAll = action === 'query' && (ctx.getNodeParameter('returnAll', 0, false) as boolean);
  return {
    action,
    objectType,
    // Every input gets its result; what a failed one does is the node's decision below.
    returnApplicationErrors: true,
    documents: (options.xmlOutput ?? 'none') === 'none' ? 'object' : 'both',
    fields: fields.length ? fields : undefined,
    limit: action === 'query' && !returnAll ? (ctx.getNodeParameter('limit', 0, 50) as number) : undefined,
    pageSize: action === 'query' ? options.pageSize : undefined,
    timestamps: options.timestamps,
    headers: Object.keys(headers).length ? headers : undefined,
    concurrency: action === 'query' ? undefined : options.concurrency,
  };
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
  const options = ctx.getNodeParameter('options', 0, {}) as NodeOptions;
  const xmlOutput = options.xmlOutput ?? 'none';
  const xmlProperty = options.xmlProperty || 'xml';
  const continueOnFail = ctx.continueOnFail();
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);

  let twilio: TwilioConnector | undefined;
  let op: Operation;
  try {
    twilio = connect(settingsOf(credentials));
    op = twilio.operation(operationOptions(ctx, objectType, action, options));
  } catch (err) {
    // The connection or the operation's options are unusable: no item can run.
    twilio?.close();
    throw new NodeOperationError(node, (err as Error).message, { description: `${action} ${objectType}: ${(err as { code?: string }).code ?? 'error'}` });
  }

  const out: INodeExecutionData[][] = items.map(() => []);
  const sent: Sent[] = [];
  // An error item holds one field, `error`, as n8n's nodes put out failed items: the engine
  // then routes it to the error output (with the input item's fields) when that is chosen.
  const errorItem = (i: number, error: IDataObject): INodeExecutionData => ({ json: { error }, pairedItem: { item: i } });

  async function* inputs(): AsyncGenerator<InputDocument> {
    for (let i = 0; i < items.length; i++) {
      let input: InputDocument;
      try {
        input = inputOf(ctx, action, i);
      } catch (err) {
        // A parameter of this item does not resolve (an expression, a mapped value of the wrong type).
        const error = new NodeOperationError(node, (err as Error).message, { itemIndex: i, description: (err as { description?: string }).description });
        if (!continueOnFail) throw error;
        out[i].push(errorItem(i, { message: error.message, status: 'FAILURE', objectType, action }));
        continue;
      }
      // An update names its record in the document's Sid element.
      const sid = input.data?.Sid;
      sent.push({ item: i, id: input.id ?? (typeof sid === 'string' ? sid : undefined) });
      yield input;
    }
  }

  const itemOf = async (doc: OutputDocument, i: number): Promise<INodeExecutionData> => {
    const item: INodeExecutionData = { json: (doc.data ?? {}) as IDataObject, pairedItem: { item: i } };
    if (xmlOutput === 'field') item.json[xmlProperty] = doc.xml;
    if (xmlOutput === 'binary') {
      const fileName = `${objectType}-${(doc.properties.id || String(i)).replace(/[^A-Za-z0-9_.-]/g, '_')}.xml`;
      item.binary = { [xmlProperty]: await ctx.helpers.prepareBinaryData(Buffer.from(doc.xml, 'utf8'), fileName, 'application/xml') };
    }
    return item;
  };

  const failed = (result: DocumentResult, { item: i, id }: Sent): INodeExecutionData => {
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

  // The last document of the current input is held back until the next one (or the
  // result) arrives: when the result is APPLICATION_ERROR it is the TwilioError
  // document, which the error item carries instead.
  let held: OutputDocument | undefined;
  const signal = ctx.getExecutionCancelSignal?.();
  try {
    for await (const event of op.execute(inputs())) {
      if (signal?.aborted) break;
      if (event.type === 'document') {
        if (held) out[sent[held.input].item].push(await itemOf(held, sent[held.input].item));
        held = event.document;
        continue;
      }
      const { result } = event;
      const origin = sent[result.input];
      if (held && result.status !== 'APPLICATION_ERROR') out[origin.item].push(await itemOf(held, origin.item));
      held = undefined;
      if (result.status !== 'SUCCESS') out[origin.item].push(failed(result, origin));
      else if (action === 'delete') out[origin.item].push({ json: { objectType, id: origin.id ?? '', deleted: true }, pairedItem: { item: origin.item } });
    }
  } catch (err) {
    if (err instanceof NodeApiError || err instanceof NodeOperationError) throw err;
    // Not a per-document failure: the operation itself broke off.
    throw new NodeOperationError(node, `${action} ${objectType}: ${(err as Error).message}`);
  } finally {
    op.close();
    twilio.close();
  }
  return [out.flat()];
}
