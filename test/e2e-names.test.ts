// Records named where their SID goes, end to end: Twilio's definitions give some
// instance path parameters no pattern (a conversation's Sid, a Sync document's Sid),
// and Twilio resolves a unique name there too. The catalog marks such segments
// `orName`; the connector takes the name (percent-encoded into the path, see
// test/ids.test.ts) and the embedded sandbox finds the record by it.
import { loadCatalog } from '../connector/catalog/load';
import type { Action } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import { Operation, type InputDocument } from '../connector/operation';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';
import { drain } from './helpers/run';

const catalog = loadCatalog();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date('2026-11-15T12:00:00Z') });
});
afterAll(() => sb.close());

function run(objectType: string, action: Action, inputs: InputDocument[]) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
  return drain(new Operation(connection, { objectType, action, returnApplicationErrors: true }, catalog), inputs);
}

function value(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

describe('the catalog', () => {
  it('marks the segments Twilio gives no pattern, keeping the SID pattern as their typical form', () => {
    const conversation = catalog.objectTypes.get('ConversationsV1Conversation')!;
    expect(conversation.routes[0].id).toEqual([{ name: 'Sid', pattern: '^CH[0-9a-fA-F]{32}$', orName: true }]);
    const document = catalog.objectTypes.get('SyncV1Document')!;
    expect(document.routes[0].id.at(-1)).toEqual({ name: 'Sid', pattern: '^ET[0-9a-fA-F]{32}$', orName: true });
    // A path parameter Twilio's definition gives a pattern keeps it alone.
    const message = catalog.objectTypes.get('Message')!;
    expect(message.routes[0].id[0].orName).toBeUndefined();
  });
});

describe('against the embedded sandbox', () => {
  it('ConversationsV1Conversation: Get, Update and Delete by unique name', async () => {
    const name = 'order 1234-a'; // its space goes percent-encoded into the path
    const created = await run('ConversationsV1Conversation', 'create', [
      { xml: `<ConversationsV1Conversation><FriendlyName>Order 1234</FriendlyName><UniqueName>${name}</UniqueName></ConversationsV1Conversation>` },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    const sid = created.docs[0].properties.id;
    expect(sid).toMatch(/^CH[0-9a-f]{32}$/);

    const got = await run('ConversationsV1Conversation', 'get', [{ id: name }]);
    expect(got.results[0].status).toBe('SUCCESS');
    expect(value(got.docs[0].xml, 'Sid')).toBe(sid);
    expect(value(got.docs[0].xml, 'UniqueName')).toBe(name);
    expect(value(got.docs[0].xml, 'State')).toBe('active'); // created without a State, as Twilio starts one

    const updated = await run('ConversationsV1Conversation', 'update', [
      { xml: `<ConversationsV1Conversation><Sid>${name}</Sid><FriendlyName>Order 1234 (shipped)</FriendlyName></ConversationsV1Conversation>` },
    ]);
    expect(updated.results[0].status).toBe('SUCCESS');
    expect(value(updated.docs[0].xml, 'FriendlyName')).toBe('Order 1234 (shipped)');
    expect(sb.store.records('ConversationsV1Conversation', AC).find((r) => r.sid === sid)?.friendly_name).toBe('Order 1234 (shipped)');

    const unknown = await run('ConversationsV1Conversation', 'get', [{ id: 'no-such-name' }]);
    expect(unknown.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });

    const deleted = await run('ConversationsV1Conversation', 'delete', [{ id: name }]);
    expect(deleted.results[0].status).toBe('SUCCESS');
    const gone = await run('ConversationsV1Conversation', 'get', [{ id: sid }]);
    expect(gone.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });

  it("SyncV1Document: Get, Update and Delete by 'ServiceSid:unique name'", async () => {
    const service = await run('SyncV1Service', 'create', [{ xml: '<SyncV1Service><FriendlyName>settings</FriendlyName></SyncV1Service>' }]);
    const serviceSid = service.docs[0].properties.id;
    expect(serviceSid).toMatch(/^IS[0-9a-f]{32}$/);
    const created = await run('SyncV1Document', 'create', [
      { xml: `<SyncV1Document><ServiceSid>${serviceSid}</ServiceSid><UniqueName>cfg</UniqueName><Data>{"theme":"dark"}</Data></SyncV1Document>` },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    const sid = value(created.docs[0].xml, 'Sid');
    expect(sid).toMatch(/^ET[0-9a-f]{32}$/);

    const got = await run('SyncV1Document', 'get', [{ id: `${serviceSid}:cfg` }]);
    expect(got.results[0].status).toBe('SUCCESS');
    expect(value(got.docs[0].xml, 'Sid')).toBe(sid);
    expect(value(got.docs[0].xml, 'UniqueName')).toBe('cfg');
    // The SID still works, and the name is looked up under its service only.
    expect((await run('SyncV1Document', 'get', [{ id: `${serviceSid}:${sid}` }])).results[0].status).toBe('SUCCESS');
    const other = await run('SyncV1Service', 'create', [{ xml: '<SyncV1Service><FriendlyName>other</FriendlyName></SyncV1Service>' }]);
    const elsewhere = await run('SyncV1Document', 'get', [{ id: `${other.docs[0].properties.id}:cfg` }]);
    expect(elsewhere.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });

    const updated = await run('SyncV1Document', 'update', [
      {
        xml: `<SyncV1Document><Sid>${serviceSid}:cfg</Sid><IfMatch>${value(got.docs[0].xml, 'Revision')}</IfMatch><Data>{"theme":"light"}</Data></SyncV1Document>`,
      },
    ]);
    expect(updated.results[0].status).toBe('SUCCESS');
    expect(sb.store.records('SyncV1Document', AC).find((r) => r.sid === sid)?.data).toEqual({ theme: 'light' });

    const deleted = await run('SyncV1Document', 'delete', [{ id: `${serviceSid}:cfg` }]);
    expect(deleted.results[0].status).toBe('SUCCESS');
    const gone = await run('SyncV1Document', 'get', [{ id: `${serviceSid}:${sid}` }]);
    expect(gone.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });

  it("ChatV1Member: a parent channel named by its unique name stands for the channel, in a Create and in a Get's id", async () => {
    const service = await run('ChatV1Service', 'create', [{ xml: '<ChatV1Service><FriendlyName>support</FriendlyName></ChatV1Service>' }]);
    const serviceSid = service.docs[0].properties.id;
    const channel = await run('ChatV1Channel', 'create', [
      { xml: `<ChatV1Channel><ServiceSid>${serviceSid}</ServiceSid><UniqueName>general</UniqueName></ChatV1Channel>` },
    ]);
    const channelSid = value(channel.docs[0].xml, 'Sid');
    expect(channelSid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(value((await run('ChatV1Channel', 'get', [{ id: `${serviceSid}:general` }])).docs[0].xml, 'Sid')).toBe(channelSid);

    const member = await run('ChatV1Member', 'create', [
      { xml: `<ChatV1Member><ServiceSid>${serviceSid}</ServiceSid><ChannelSid>general</ChannelSid><Identity>alice</Identity></ChatV1Member>` },
    ]);
    expect(member.results[0].status).toBe('SUCCESS');
    expect(value(member.docs[0].xml, 'ChannelSid')).toBe(channelSid);
    const memberSid = value(member.docs[0].xml, 'Sid')!;
    const got = await run('ChatV1Member', 'get', [{ id: `${serviceSid}:general:${memberSid}` }]);
    expect(got.results[0].status).toBe('SUCCESS');
    expect(value(got.docs[0].xml, 'Identity')).toBe('alice');
  });
});
