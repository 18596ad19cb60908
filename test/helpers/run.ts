// Runs an Operation to the end and splits what it yielded into documents and results;
// and a recording-server suite for the tests that send operations to one.
import { loadCatalog } from '../../connector/catalog/load';
import { resolveConnection, type ConnectionSettings } from '../../connector/connection';
import { Operation, type DocumentResult, type InputDocument, type OperationOptions, type OutputDocument } from '../../connector/operation';
import { startRecorder, type Recorder } from './recorder';

export interface Drained {
  docs: OutputDocument[];
  results: DocumentResult[];
}

export async function drain(op: Operation, inputs: InputDocument[]): Promise<Drained> {
  const docs: OutputDocument[] = [];
  const results: DocumentResult[] = [];
  try {
    for await (const e of op.execute(inputs)) {
      if (e.type === 'document') docs.push(e.document);
      else results.push(e.result);
    }
  } finally {
    op.close();
  }
  return { docs, results };
}

export const TEST_ACCOUNT = 'AC' + '1'.repeat(32);

/**
 * A recording loopback server for the suite (started before, closed after, emptied
 * before each test) and a runner that sends operations to it with returned errors on.
 */
export function recordingSuite() {
  let server: Recorder | undefined;
  beforeAll(async () => {
    server = await startRecorder();
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.requests.splice(0));
  const current = () => {
    if (!server) throw new Error('recorder not started');
    return server;
  };
  const run = (
    objectType: string,
    options: Partial<OperationOptions> & Pick<OperationOptions, 'action'>,
    inputs: InputDocument[],
    settings: ConnectionSettings = {},
  ) => {
    const connection = resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: current().url, ...settings });
    return drain(new Operation(connection, { objectType, returnApplicationErrors: true, ...options }, loadCatalog()), inputs);
  };
  return { server: current, run };
}
