// Closing an operation cancels it: a request in flight ends, a backoff wait ends, and
// nothing is sent after (canvases close a running Query when their flow stops).
import { connect, type TwilioConnector } from '../connector';
import { resolveConnection } from '../connector/connection';
import { loadCatalog } from '../connector/catalog/load';
import { TwilioHttpClient } from '../connector/http/client';
import { Operation, type OperationEvent } from '../connector/operation';
import { sandboxSettings, startSandbox, type Sandbox } from '../sandbox';

let sb: Sandbox;
let twilio: TwilioConnector;

beforeAll(async () => {
  sb = await startSandbox();
  twilio = connect(sandboxSettings(sb));
});
afterAll(async () => {
  twilio.close();
  await sb.close();
});
beforeEach(() => sb.reset());

async function collectUntilClosed(events: AsyncGenerator<OperationEvent>, closeAfterDocuments: number, close: () => void) {
  const seen: OperationEvent[] = [];
  for await (const e of events) {
    seen.push(e);
    if (seen.length === closeAfterDocuments) close();
  }
  return seen;
}

describe('closing an operation', () => {
  it('ends a Query whose next page is in flight, and sends nothing after', async () => {
    // The second page answers only after 2 s: without the cancel the query would go on to SUCCESS.
    sb.faults.set([{ kind: 'slow', delayMs: 2000, nth: [2], pathIncludes: 'Messages' }]);
    const op = twilio.operation({ action: 'query', objectType: 'Message', pageSize: 10 });
    const seen = await collectUntilClosed(op.execute([{}]), 10, () => setImmediate(() => op.close()));
    const docs = seen.filter((e) => e.type === 'document');
    const results = seen.flatMap((e) => (e.type === 'result' ? [e.result] : []));
    expect(docs).toHaveLength(10);
    expect(results).toEqual([
      expect.objectContaining({ status: 'FAILURE', documents: 10, message: expect.stringMatching(/cancelled: the operation was closed/) }),
    ]);
    const pages = sb.requests.filter((r) => r.path.includes('Messages'));
    expect(pages).toHaveLength(2);
  });

  it('ends a backoff wait and does not retry', async () => {
    sb.faults.set([{ kind: 'status', status: 503 }]);
    const connection = resolveConnection(sandboxSettings(sb));
    let waiting: () => void = () => undefined;
    const sleeping = new Promise<void>((resolve) => (waiting = resolve));
    // A wait that never ends by itself: only close() can end it.
    const http = new TwilioHttpClient(connection, { sleep: () => (waiting(), new Promise(() => undefined)) });
    const op = new Operation(connection, { action: 'get', objectType: 'Message', returnApplicationErrors: true }, loadCatalog(), http);
    const run = (async () => {
      const out: OperationEvent[] = [];
      for await (const e of op.execute([{ id: 'SM' + '0'.repeat(32) }])) out.push(e);
      return out;
    })();
    await sleeping;
    op.close();
    const [result] = await run;
    expect(result).toMatchObject({ type: 'result', result: { status: 'FAILURE', message: expect.stringMatching(/cancelled: the operation was closed/) } });
    expect(sb.requests).toHaveLength(1);
  });
});
