// End to end on the newer APIs: the connector's operations against the embedded
// sandbox (no recorded replies), so each action's request and the answer the sandbox
// derives from its state have to agree. Custom operators (202 creates, If-Match
// versions), Service-Operator attach/detach, Flex plugins (archive as delete) and
// APIs that share paths (/v1/Services on Sync and Conversations).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import type { Action } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';
import { drain } from './helpers/run';
import { validateXml } from './helpers/xmllint';

const catalog = loadCatalog();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date('2026-11-15T12:00:00Z') });
});
afterAll(() => sb.close());

function run(objectType: string, action: Action, inputs: InputDocument[], extra: Partial<OperationOptions> = {}) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
  return drain(new Operation(connection, { objectType, action, returnApplicationErrors: true, ...extra }, catalog), inputs);
}

function value(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

async function expectProfileValid(xml: string, name: string, action: Action) {
  const xsd = readFileSync(join(PROJECT_ROOT, 'profiles', `${name}.${action}.response.xsd`), 'utf8');
  expect(await validateXml(xml, xsd)).toEqual({ valid: true, errors: [] });
}

const config = (prompt: string) => JSON.stringify({ prompt, json_result_schema: { type: 'object' } });

describe('IntelligenceV2CustomOperator', () => {
  it('Create, Get, Update with the current Version, a stale one refused, Delete', async () => {
    const created = await run('IntelligenceV2CustomOperator', 'create', [
      {
        xml: `<IntelligenceV2CustomOperator><FriendlyName>Refund intent</FriendlyName><OperatorType>GenerativeJSON</OperatorType><Config>${config('Did the caller ask for a refund?')}</Config></IntelligenceV2CustomOperator>`,
      },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    const doc = created.docs[0];
    const sid = doc.properties.id;
    expect(sid).toMatch(/^LY[0-9a-f]{32}$/);
    expect(value(doc.xml, 'Version')).toBe('1');
    expect(value(doc.xml, 'DateCreated')).toBe('2026-11-15T12:00:00Z');
    await expectProfileValid(doc.xml, 'IntelligenceV2CustomOperator', 'create');

    const got = await run('IntelligenceV2CustomOperator', 'get', [{ id: sid }]);
    expect(JSON.parse(value(got.docs[0].xml, 'Config')!.replace(/&quot;/g, '"'))).toEqual(JSON.parse(config('Did the caller ask for a refund?')));

    const update = (version: string, name: string) => ({
      xml: `<IntelligenceV2CustomOperator><Sid>${sid}</Sid><IfMatch>${version}</IfMatch><FriendlyName>${name}</FriendlyName><Config>${config(name)}</Config></IntelligenceV2CustomOperator>`,
    });
    // Two writers read version 1; the first one wins, the second is told, not silently overwritten.
    const updated = await run('IntelligenceV2CustomOperator', 'update', [update('1', 'Refund intent v2'), update('1', 'Lost update')]);
    expect(updated.results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR']);
    expect(value(updated.docs[0].xml, 'Version')).toBe('2');
    expect(updated.results[1].properties['twilio.status']).toBe('412');
    expect(sb.store.records('IntelligenceV2CustomOperator', AC).find((r) => r.sid === sid)?.friendly_name).toBe('Refund intent v2');

    const deleted = await run('IntelligenceV2CustomOperator', 'delete', [{ id: sid }]);
    expect(deleted.results[0].status).toBe('SUCCESS');
    const gone = await run('IntelligenceV2CustomOperator', 'get', [{ id: sid }]);
    expect(gone.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });

  it('Query pages through meta.next_page_url and filters on Availability', async () => {
    const all = await run('IntelligenceV2CustomOperator', 'query', [{}], { pageSize: 2 });
    expect(all.docs.map((d) => d.properties.id).sort()).toEqual(
      sb.store
        .records('IntelligenceV2CustomOperator', AC)
        .map((r) => r.sid)
        .sort(),
    );
    expect(all.docs.length).toBeGreaterThan(2);
    const none = await run('IntelligenceV2CustomOperator', 'query', [{}], { filters: [{ field: 'Availability', op: 'eq', value: 'retired' }] });
    expect(none).toMatchObject({ docs: [], results: [{ status: 'SUCCESS' }] });
  });
});

describe('IntelligenceV2OperatorAttachment', () => {
  it('attaches an operator to a service (Create), lists it, detaches it (Delete)', async () => {
    const service = sb.store.records('IntelligenceV2Service', AC)[0].sid as string;
    const operator = sb.store.records('IntelligenceV2CustomOperator', AC)[0].sid as string;
    const attached = await run('IntelligenceV2OperatorAttachment', 'create', [
      { xml: `<IntelligenceV2OperatorAttachment><ServiceSid>${service}</ServiceSid><OperatorSid>${operator}</OperatorSid></IntelligenceV2OperatorAttachment>` },
    ]);
    expect(attached.results[0].status).toBe('SUCCESS');
    expect(attached.docs[0].properties.id).toBe(`${service}:${operator}`);

    const listed = async () => (await run('IntelligenceV2OperatorAttachments', 'get', [{ id: service }])).docs[0].xml;
    expect(await listed()).toContain(operator);
    const detached = await run('IntelligenceV2OperatorAttachment', 'delete', [{ id: `${service}:${operator}` }]);
    expect(detached.results[0].status).toBe('SUCCESS');
    expect(await listed()).not.toContain(operator);
  });

  it('attaching to a service that does not exist is an application error', async () => {
    const operator = sb.store.records('IntelligenceV2CustomOperator', AC)[0].sid as string;
    const { results } = await run('IntelligenceV2OperatorAttachment', 'create', [
      {
        xml: `<IntelligenceV2OperatorAttachment><ServiceSid>GA${'0'.repeat(32)}</ServiceSid><OperatorSid>${operator}</OperatorSid></IntelligenceV2OperatorAttachment>`,
      },
    ]);
    expect(results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });
});

describe('FlexV1Plugin', () => {
  it('Create, Update, then Delete archives it: the plugin stays, Archived true', async () => {
    const headers = { 'Flex-Metadata': 'ui_version=2.8.0' };
    const created = await run(
      'FlexV1Plugin',
      'create',
      [{ xml: '<FlexV1Plugin><UniqueName>plugin-e2e</UniqueName><FriendlyName>E2E</FriendlyName></FlexV1Plugin>' }],
      { headers },
    );
    const sid = created.docs[0].properties.id;
    expect(value(created.docs[0].xml, 'Archived')).toBe('false');
    expect(sb.requests.at(-1)?.headers['flex-metadata']).toBe('ui_version=2.8.0');

    const updated = await run('FlexV1Plugin', 'update', [{ xml: `<FlexV1Plugin><Sid>${sid}</Sid><Description>now with a panel</Description></FlexV1Plugin>` }]);
    expect(value(updated.docs[0].xml, 'Description')).toBe('now with a panel');

    const archived = await run('FlexV1Plugin', 'delete', [{ id: sid }]);
    expect(archived.results[0].status).toBe('SUCCESS');
    const got = await run('FlexV1Plugin', 'get', [{ id: sid }]);
    expect(value(got.docs[0].xml, 'Archived')).toBe('true');
    await expectProfileValid(got.docs[0].xml, 'FlexV1Plugin', 'get');
  });
});

describe('APIs that share a path', () => {
  it('a Sync service and a Conversations service, both at /v1/Services, stay apart', async () => {
    const sync = await run('SyncV1Service', 'create', [{ xml: '<SyncV1Service><FriendlyName>inventory</FriendlyName></SyncV1Service>' }]);
    const conv = await run('ConversationsV1Service', 'create', [
      { xml: '<ConversationsV1Service><FriendlyName>support</FriendlyName></ConversationsV1Service>' },
    ]);
    const [syncSid, convSid] = [sync.docs[0].properties.id, conv.docs[0].properties.id];
    expect(value(sync.docs[0].xml, 'Url')).toBe(`https://sync.twilio.com/v1/Services/${syncSid}`);
    expect(value(conv.docs[0].xml, 'Url')).toBe(`https://conversations.twilio.com/v1/Services/${convSid}`);

    const syncList = await run('SyncV1Service', 'query', [{}]);
    const convList = await run('ConversationsV1Service', 'query', [{}]);
    expect(syncList.docs.map((d) => d.properties.id)).toEqual([syncSid]);
    expect(convList.docs.map((d) => d.properties.id)).toEqual([convSid]);
    const crossed = await run('ConversationsV1Service', 'get', [{ id: syncSid }]);
    expect(crossed.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });
});

describe('a filter Twilio takes several values of (an array parameter)', () => {
  it('is sent once per value and answered with records of any of them', async () => {
    const service = await run('ChatV2Service', 'create', [{ xml: '<ChatV2Service><FriendlyName>Support</FriendlyName></ChatV2Service>' }]);
    const serviceSid = service.docs[0].properties.id;
    const channel = (name: string, type: string) => ({
      xml: `<ChatV2Channel><ServiceSid>${serviceSid}</ServiceSid><FriendlyName>${name}</FriendlyName><Type>${type}</Type></ChatV2Channel>`,
    });
    const created = await run('ChatV2Channel', 'create', [channel('lobby', 'public'), channel('escalations', 'private'), channel('faq', 'public')]);
    expect(created.results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);

    const names = async (...types: string[]) => {
      const filters = [{ field: 'ServiceSid', op: 'eq' as const, value: serviceSid }, ...types.map((value) => ({ field: 'Type', op: 'eq' as const, value }))];
      const out = await run('ChatV2Channel', 'query', [{}], { filters });
      expect(out.results[0].status).toBe('SUCCESS');
      return out.docs.map((d) => value(d.xml, 'FriendlyName')).sort();
    };
    expect(await names('private')).toEqual(['escalations']);
    expect(await names('public')).toEqual(['faq', 'lobby']);
    expect(await names('public,private')).toEqual(['escalations', 'faq', 'lobby']);
    expect(await names('public', 'private')).toEqual(['escalations', 'faq', 'lobby']);
  });
});

describe('TaskrouterV1Task', () => {
  it('a task created in a workspace waits for a worker: AssignmentStatus pending', async () => {
    const workspace = await run('TaskrouterV1Workspace', 'create', [
      { xml: '<TaskrouterV1Workspace><FriendlyName>Support</FriendlyName></TaskrouterV1Workspace>' },
    ]);
    const workspaceSid = workspace.docs[0].properties.id;
    const task = await run('TaskrouterV1Task', 'create', [
      { xml: `<TaskrouterV1Task><WorkspaceSid>${workspaceSid}</WorkspaceSid><Attributes>{"type":"support"}</Attributes></TaskrouterV1Task>` },
    ]);
    expect(task.results[0].status).toBe('SUCCESS');
    expect(value(task.docs[0].xml, 'AssignmentStatus')).toBe('pending');
  });
});

describe('parameters Twilio writes as a path into an object (MessagingBinding.Address)', () => {
  it("fill the object field they name, as Twilio's record then shows it", async () => {
    const conversation = await run('ConversationsV1Conversation', 'create', [
      { xml: '<ConversationsV1Conversation><FriendlyName>Support</FriendlyName><Timers.Inactive>PT5M</Timers.Inactive></ConversationsV1Conversation>' },
    ]);
    expect(conversation.results[0].status).toBe('SUCCESS');
    expect(value(conversation.docs[0].xml, 'Timers')).toBe('{"inactive":"PT5M"}');
    const conversationSid = conversation.docs[0].properties.id;
    const participant = await run('ConversationsV1Participant', 'create', [
      {
        xml:
          `<ConversationsV1Participant><ConversationSid>${conversationSid}</ConversationSid>` +
          '<MessagingBinding.Address>+14155550100</MessagingBinding.Address><MessagingBinding.ProxyAddress>+14155550199</MessagingBinding.ProxyAddress></ConversationsV1Participant>',
      },
    ]);
    expect(participant.results[0].status).toBe('SUCCESS');
    expect(JSON.parse(value(participant.docs[0].xml, 'MessagingBinding')!)).toEqual({ address: '+14155550100', proxy_address: '+14155550199' });
  });
});
