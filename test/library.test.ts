// The library face (connector/index.ts) against the embedded sandbox: object types,
// profiles, operations with documents as XML or as objects typed by the profile.
import {
  catalog,
  connect,
  InvalidInputError,
  manifest,
  UnknownObjectTypeError,
  type InputDocument,
  type OutputDocument,
  type TwilioConnector,
} from '../connector';
import { sandboxSettings, startSandbox, type Sandbox } from '../sandbox';
import { drain } from './helpers/run';

let sb: Sandbox;
let twilio: TwilioConnector;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date('2026-11-15T12:00:00Z') });
  twilio = connect(sandboxSettings(sb));
});
afterAll(async () => {
  twilio.close();
  await sb.close();
});

describe('catalog', () => {
  it('lists every object type with its actions', () => {
    const types = twilio.objectTypes();
    expect(types.length).toBeGreaterThan(500);
    expect(types.find((t) => t.name === 'Notification')?.actions).toEqual(['get', 'query']);
  });

  it('describes ids, filters and headers of a type', () => {
    const participant = twilio.describe('ConferenceParticipant');
    expect(participant.ids).toEqual(['ConferenceSid:CallSid']);
    expect(participant.accountScoped).toBe(true);
    // Twilio's definition gives the participant's CallSid no pattern: it also takes a label.
    expect(participant.named).toEqual(['CallSid']);
    expect(twilio.describe('Message').named).toEqual([]);
    expect(participant.filters.map((f) => f.name)).toEqual(expect.arrayContaining(['Muted', 'Hold']));
    expect(participant.parents).toEqual(['ConferenceSid']);
    expect(twilio.describe('Recording').parents).toEqual(['CallSid', 'ConferenceSid']);
    expect(twilio.describe('Message').parents).toEqual([]);
    expect(twilio.describe('Message').filters.find((f) => f.name === 'DateSent')).toEqual({ name: 'DateSent', type: 'datetime', range: true, repeated: false });
    expect(twilio.describe('FlexV1Plugin').headers.create).toEqual(['Flex-Metadata']);
    // Per action, as Twilio declares them: not on a conversation's Get or Query.
    expect(twilio.describe('ConversationsV1Conversation').headers).toEqual({
      create: ['X-Twilio-Webhook-Enabled'],
      update: ['X-Twilio-Webhook-Enabled'],
      delete: ['X-Twilio-Webhook-Enabled'],
    });
  });

  it('gives the values an enumerated filter or field takes, for a canvas to offer', () => {
    expect(twilio.describe('Call').filters.find((f) => f.name === 'Status')).toEqual({
      name: 'Status',
      type: 'string',
      range: false,
      repeated: false,
      values: ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'],
    });
    // Twilio does not filter messages by status: the field's values, checked on the fetched records
    const message = twilio.describe('Message');
    expect(message.filters.map((f) => f.name)).not.toContain('Status');
    expect(message.fields.find((f) => f.name === 'Status')?.values).toEqual(expect.arrayContaining(['delivered', 'undelivered', 'failed']));
    expect(message.fields.find((f) => f.name === 'To')).toEqual({ name: 'To', type: 'string' }); // no values key where none are listed
  });

  it('answers an unknown object type with the closest names', () => {
    expect(() => twilio.describe('Mesage')).toThrow(UnknownObjectTypeError);
    expect(() => twilio.describe('Mesage')).toThrow(/did you mean Message/);
    try {
      twilio.operation({ action: 'query', objectType: 'Nope' });
    } catch (err) {
      expect((err as UnknownObjectTypeError).code).toBe('E_UNKNOWN_OBJECT_TYPE');
      expect((err as Error).message.length).toBeLessThan(200);
    }
  });

  it('hands out profiles and refuses ones that do not exist', () => {
    expect(twilio.profile('Message', 'create', 'request')).toContain('<xs:element name="To"');
    expect(() => twilio.profile('Notification', 'create', 'request')).toThrow(/does not offer create on Notification/);
    expect(() => twilio.profile('Message', 'query', 'request')).toThrow(/query takes no request document/);
    expect(
      twilio
        .elements('IncomingPhoneNumber', 'get')
        .find((e) => e.name === 'Capabilities')
        ?.children?.map((c) => c.name),
    ).toEqual(expect.arrayContaining(['Voice', 'Sms']));
  });
});

describe('operations', () => {
  const since = { field: 'DateSent', op: 'after' as const, value: '2026-06-01 00:00:00' };

  it('queries messages as objects typed by the profile, equal to the XML read back', async () => {
    const { docs, results } = await drain(twilio.operation({ action: 'query', objectType: 'Message', filters: [since], documents: 'both' }), [{}]);
    expect(results).toMatchObject([{ status: 'SUCCESS', documents: docs.length }]);
    expect(docs.length).toBeGreaterThan(100);
    for (const doc of docs.slice(0, 20)) expect(doc.data).toEqual(twilio.fromXml('Message', 'query', 'response', doc.xml));
    const first = docs[0].data!;
    expect(first.Sid).toBe(docs[0].properties.id);
    expect(typeof first.DateSent).toBe('string');
    expect(typeof first.SubresourceUris).toBe('object');
    expect(first.ErrorCode === null || typeof first.ErrorCode === 'number').toBe(true);
  });

  it('object documents only: no XML is rendered; ISO timestamps when asked', async () => {
    const { docs } = await drain(
      twilio.operation({ action: 'query', objectType: 'Message', filters: [since], documents: 'object', timestamps: 'iso8601', limit: 3 }),
      [{}],
    );
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      expect(d.xml).toBe('');
      expect(d.data!.DateSent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it("an input's filters join the operation's and replace one on the same field and operator", async () => {
    const op = twilio.operation({ action: 'query', objectType: 'Message', filters: [since], documents: 'object' });
    const all = (await drain(op, [{}])).docs.length;
    const op2 = twilio.operation({ action: 'query', objectType: 'Message', filters: [since], documents: 'object' });
    const later = await drain(op2, [{ filters: [{ field: 'DateSent', op: 'after', value: '2026-09-01 00:00:00' }] }]);
    expect(later.docs.length).toBeGreaterThan(0);
    expect(later.docs.length).toBeLessThan(all);
    for (const d of later.docs) expect(Date.parse(d.data!.DateSent as string)).toBeGreaterThan(Date.parse('2026-09-01T00:00:00Z'));
  });

  it('creates from document objects: arrays repeat, numbers and booleans become text; bad ones fail by field', async () => {
    const op = twilio.operation({ action: 'create', objectType: 'Message', documents: 'object', returnApplicationErrors: true });
    const { docs, results } = await drain(op, [
      {
        data: {
          To: '(415) 555-0100',
          From: '+14155550199',
          Body: 'Hi',
          MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
          ProvideFeedback: true,
          Attempt: 2,
        },
      },
      { data: { To: '+14155550100', From: '+14155550199', Bogus: 'x' } },
      { data: { To: '+14155550100', From: '+14155550199', Body: { nested: true } } },
      { data: 'not an object' as never },
    ]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE', 'FAILURE', 'FAILURE']);
    expect(results[1].message).toMatch(/Bogus: is not an element of this request/);
    expect(results[2].message).toMatch(/Body: must hold text, not child elements/);
    expect(results[3].message).toMatch(/document: must be an object of Message elements/);
    const created = docs[0] as OutputDocument;
    expect(created.data).toMatchObject({ To: '+14155550100', Body: 'Hi', NumMedia: '2' });
    expect(sb.store.get('Message', sandboxSettings(sb).accountSid, created.properties.id)).toMatchObject({ to: '+14155550100', num_media: '2' });
  });

  it('updates and deletes from document objects', async () => {
    const [call] = (await drain(twilio.operation({ action: 'query', objectType: 'Call', limit: 1, documents: 'object' }), [{}])).docs;
    const sid = call.data!.Sid as string;
    const updated = await drain(twilio.operation({ action: 'update', objectType: 'Call', documents: 'object' }), [{ data: { Sid: sid, Status: 'completed' } }]);
    expect(updated.docs[0].data).toMatchObject({ Sid: sid, Status: 'completed' });
    const [rec] = (await drain(twilio.operation({ action: 'query', objectType: 'Recording', limit: 1 }), [{}])).docs;
    const deleted = await drain(twilio.operation({ action: 'delete', objectType: 'Recording', returnApplicationErrors: true }), [
      { data: { Sid: rec.properties.id } },
      { data: { Sid: rec.properties.id } },
    ]);
    expect(deleted.results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR']);
  });

  it('says which id an input names, as the operation sends it: given, or the Sid of an XML or object document', async () => {
    const participant = 'CF' + '1'.repeat(32) + ':CA' + '2'.repeat(32);
    const ids = (action: 'get' | 'create' | 'update' | 'delete' | 'query', objectType: string, inputs: InputDocument[]) => {
      const op = twilio.operation({ action, objectType });
      try {
        return inputs.map((input) => op.inputId(input));
      } finally {
        op.close();
      }
    };
    expect(ids('get', 'ConferenceParticipant', [{ id: ` ${participant} ` }, { id: '' }])).toEqual([participant, undefined]);
    expect(
      ids('update', 'Call', [
        { xml: `<Call><Sid> CA${'3'.repeat(32)} </Sid><Status>completed</Status></Call>` },
        { data: { Sid: 'CA' + '4'.repeat(32), Status: 'completed' } },
        { xml: '<Call><Status>completed</Status></Call>' },
        { xml: '<Call><Sid>' },
      ]),
    ).toEqual(['CA' + '3'.repeat(32), 'CA' + '4'.repeat(32), undefined, undefined]);
    expect(
      ids('delete', 'ConferenceParticipant', [
        { id: participant },
        { xml: `<ConferenceParticipant><Sid>${participant}</Sid></ConferenceParticipant>` },
        { id: `  <ConferenceParticipant><Sid>${participant}</Sid></ConferenceParticipant>` },
        { data: { Sid: participant } },
        { xml: `<ConferenceParticipant><Sid>${participant}</Sid><Muted>true</Muted></ConferenceParticipant>` },
      ]),
    ).toEqual([participant, participant, participant, participant, undefined]);
    expect(ids('create', 'Message', [{ data: { To: '+14155550100' } }])).toEqual([undefined]);
    expect(ids('query', 'Message', [{}])).toEqual([undefined]);

    // The id is the one the request went out with.
    const [rec] = (await drain(twilio.operation({ action: 'query', objectType: 'Recording', limit: 1 }), [{}])).docs;
    const input = { xml: `<Recording><Sid>${rec.properties.id}</Sid></Recording>` };
    const op = twilio.operation({ action: 'delete', objectType: 'Recording' });
    const before = sb.requests.length;
    expect((await drain(op, [input])).results.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(sb.requests.slice(before).map((r) => [r.method, r.path.endsWith(`/${op.inputId(input)}.json`)])).toEqual([['DELETE', true]]);
  });

  it('application errors come out as TwilioError objects', async () => {
    const op = twilio.operation({ action: 'get', objectType: 'Message', documents: 'object', returnApplicationErrors: true });
    const { docs, results } = await drain(op, [{ id: 'SM' + '0'.repeat(32) }]);
    expect(results[0].status).toBe('APPLICATION_ERROR');
    expect(docs[0].data).toEqual({
      Status: 404,
      Code: 20404,
      Message: expect.any(String),
      MoreInfo: expect.any(String),
      ObjectType: 'Message',
      Action: 'get',
      Id: 'SM' + '0'.repeat(32),
    });
  });

  it('checks the connection by fetching the account', async () => {
    await expect(twilio.testConnection()).resolves.toMatchObject({ accountSid: sandboxSettings(sb).accountSid, status: 'active' });
    const wrong = connect({ ...sandboxSettings(sb), authToken: 'f'.repeat(32) });
    await expect(wrong.testConnection()).rejects.toThrow(/401/);
    const unreachable = connect({ ...sandboxSettings(sb), baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(unreachable.testConnection()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('toXml / fromXml', () => {
  it('refuses unknown elements and values of the wrong shape by name', () => {
    expect(() => twilio.toXml('Message', 'create', 'request', { To: '+1', Nope: 1 })).toThrow(InvalidInputError);
    expect(() => twilio.toXml('Message', 'create', 'request', { To: ['+1', '+2'] })).toThrow(/To: may appear only once/);
    expect(() => twilio.fromXml('Message', 'create', 'request', '<Call/>')).toThrow(/root element is <Call>; expected <Message>/);
  });

  it('writes request documents the request reader takes back', () => {
    const doc = { To: '+14155550100', Body: 'a & b < c\r\nline', MediaUrl: ['https://e.com/1', 'https://e.com/2'], ProvideFeedback: false, MaxPrice: 0.5 };
    const xml = twilio.toXml('Message', 'create', 'request', doc);
    expect(xml).toContain('&amp; b &lt; c&#13;\nline');
    expect(twilio.fromXml('Message', 'create', 'request', xml)).toMatchObject(doc);
  });
});

describe('without a connection', () => {
  it('the catalog view and the manifest answer before any credentials exist', () => {
    expect(catalog().describe('Message').actions).toEqual(['get', 'query', 'create', 'update', 'delete']);
    expect(catalog().profile('Message', 'get')).toBe(twilio.profile('Message', 'get'));
    expect(manifest().connection.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['accountSid', 'authToken', 'apiKey', 'apiSecret', 'baseUrl']));
  });
});

it('connect(settings, { onWarning }) hears what Twilio asked for (a Retry-After waited), instead of process warnings', async () => {
  const warnings: string[] = [];
  const heard = connect(sandboxSettings(sb), { onWarning: (m) => warnings.push(m) });
  const emitWarning = jest.spyOn(process, 'emitWarning');
  sb.faults.set([{ kind: 'status', status: 429, retryAfter: 1, times: 1, pathIncludes: '/Messages.json' }]);
  try {
    const { results } = await drain(heard.operation({ action: 'query', objectType: 'Message', limit: 1 }), [{}]);
    expect(results[0].status).toBe('SUCCESS');
    expect(warnings).toEqual([expect.stringMatching(/^query Message: Twilio answered 429 and asked to retry after 1 s \(Retry-After\): waiting$/)]);
    expect(emitWarning).not.toHaveBeenCalled();
  } finally {
    sb.faults.clear();
    emitWarning.mockRestore();
    heard.close();
  }
});
