// The embedded sandbox for a test file, the credentials that reach it, and the library
// itself as the oracle: what a record looks like after a workflow touched it.
import { connect, type OutputDocument, type TwilioConnector } from 'twilio-connector';
import { sandboxSettings, startSandbox, type Sandbox } from 'twilio-connector/sandbox';
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { shutdownEngine, type Ran } from './engine';

export interface Suite {
  sb: Sandbox;
  /** The node's credential data for the sandbox (Auth Token). */
  credentials: Record<string, ICredentialDataDecryptedObject>;
  twilio: TwilioConnector;
  /** The record as the library reads it now, or the status it got. */
  fetch(objectType: string, id: string): Promise<{ status: string; data?: OutputDocument['data'] }>;
}

export function sandboxSuite(): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.sb = await startSandbox();
    const settings = sandboxSettings(suite.sb);
    suite.credentials = {
      twilioConnectorApi: { accountSid: settings.accountSid, authentication: 'authToken', authToken: settings.authToken, baseUrl: settings.baseUrl },
    };
    suite.twilio = connect(settings);
  });
  afterAll(async () => {
    suite.twilio.close();
    await suite.sb.close();
    shutdownEngine();
  });
  suite.fetch = async (objectType, id) => {
    const op = suite.twilio.operation({ action: 'get', objectType, documents: 'object', returnApplicationErrors: true });
    let data: OutputDocument['data'];
    let status = '';
    try {
      for await (const e of op.execute([{ id }])) {
        if (e.type === 'document') data = e.document.data;
        else status = e.result.status === 'SUCCESS' ? 'SUCCESS' : `${e.result.status} ${e.result.properties['twilio.status'] ?? ''}`.trim();
      }
    } finally {
      op.close();
    }
    return { status, data: status === 'SUCCESS' ? data : undefined };
  };
  return suite;
}

/** The json of each item. */
export const jsonOf = (items: INodeExecutionData[]) => items.map((i) => i.json);

/** Which input item each output item is paired with. */
export const pairs = (items: INodeExecutionData[]) => items.map((i) => (i.pairedItem as { item: number }).item);

/** Fails when a secret appears anywhere in what a run recorded: items, errors, run data. */
export function expectNoSecrets(ran: Ran, secrets: string[]): void {
  const recorded = JSON.stringify(ran.run, (_k, v) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
  for (const secret of secrets) expect(recorded.includes(secret)).toBe(false);
}
