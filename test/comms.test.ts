// The Communications API (comms.twilio.com/preview, its machine-readable part:
// Contacts, Verifications, Factors): JSON bodies with nested objects, batch creates,
// typed ids, pagination.next tokens and start/end date filters.
import type { Recorder } from './helpers/recorder';
import { recordingSuite } from './helpers/run';

const ULID = '01h9krwprkeee8fzqspvwy6nq8';

const suite = recordingSuite();
const run = suite.run;
let server: Recorder;
beforeEach(() => (server = suite.server()));

const contact = (n: number, createdAt: string) => ({
  id: `comms_contact_${ULID.slice(0, -1)}${n}`,
  first_name: 'Igor',
  display_name: 'Igor P',
  addresses: [
    { channel: 'phone', address: '+37259000000', is_validated_by_lookup: true },
    { channel: 'email', address: 'ip@example.com' },
  ],
  created_at: createdAt,
  updated_at: createdAt,
  deleted_at: null,
});

it('Create wraps the document as the one item of a batch and unwraps the created Contact', async () => {
  server.reply(() => ({ status: 201, body: { contacts: [contact(1, '2026-01-01T00:00:00Z')] } }));
  const xml =
    '<CommsContact><addresses><channel>phone</channel><address>+37259000000</address></addresses>' +
    '<addresses><channel>email</channel><address>ip@example.com</address></addresses><first_name>Igor</first_name>' +
    '<location><latitude>59.43</latitude><city>Tallinn</city></location></CommsContact>';
  const { results, docs } = await run('CommsContact', { action: 'create' }, [{ xml }]);
  expect(results[0].status).toBe('SUCCESS');
  expect([server.requests[0].method, server.requests[0].path]).toEqual(['POST', '/preview/Contacts']);
  expect(JSON.parse(server.requests[0].body)).toEqual({
    contacts: [
      {
        addresses: [
          { channel: 'phone', address: '+37259000000' },
          { channel: 'email', address: 'ip@example.com' },
        ],
        first_name: 'Igor',
        location: { latitude: 59.43, city: 'Tallinn' },
      },
    ],
  });
  expect(docs[0].properties.id).toBe(`comms_contact_${ULID.slice(0, -1)}1`);
  expect(docs[0].xml).toContain('<Addresses><Address>+37259000000</Address><Channel>phone</Channel><AppName/><IsValidatedByLookup>true</IsValidatedByLookup>');
});

it('Create of a message to several recipients gives one document per message the answer lists', async () => {
  const message = (n: number) => ({ id: `comms_message_${ULID.slice(0, -1)}${n}`, content: { text: 'Hi' }, created_at: '2026-01-01T00:00:00Z' });
  server.reply(() => ({ status: 201, body: { messages: [message(1), message(2)] } }));
  const xml =
    '<CommsMessage><from><address>+14155550100</address></from><to><address>+37259000000</address></to>' +
    '<to><address>+37259000001</address></to><content>{"text":"Hi"}</content></CommsMessage>';
  const { results, docs } = await run('CommsMessage', { action: 'create' }, [{ xml }]);
  expect(results[0]).toMatchObject({ status: 'SUCCESS', documents: 2 });
  expect(JSON.parse(server.requests[0].body)).toMatchObject({ to: [{ address: '+37259000000' }, { address: '+37259000001' }], content: { text: 'Hi' } });
  expect(docs.map((d) => d.properties.id)).toEqual([message(1).id, message(2).id]);
  expect(docs[0].xml).toMatch(/^<CommsMessage><Id>comms_message_\w+<\/Id><Content><Text>Hi<\/Text>/);
});

it('Create refuses an address channel outside the enumeration, naming the nested element', async () => {
  const xml = '<CommsContact><addresses><channel>pager</channel></addresses></CommsContact>';
  const { results } = await run('CommsContact', { action: 'create' }, [{ xml }]);
  expect(results[0].message).toMatch(/channel: 'pager' is not one of email, phone/);
  expect(server.requests).toHaveLength(0);
});

it('Query sends start/end date bounds and follows pagination.next tokens', async () => {
  server.reply((req) =>
    req.query.get('page_token') === 'page_2'
      ? { status: 200, body: { contacts: [contact(3, '2026-03-01T00:00:00Z')], pagination: { next: null } } }
      : { status: 200, body: { contacts: [contact(1, '2026-02-01T00:00:00Z'), contact(2, '2025-12-31T23:59:59Z')], pagination: { next: 'page_2' } } },
  );
  const { docs } = await run('CommsContact', { action: 'query', filters: [{ field: 'CreatedAt', op: 'after', value: '2026-01-01 00:00:00' }] }, [{}]);
  expect(docs.map((d) => d.properties.id.slice(-1))).toEqual(['1', '3']); // the late-dated 2 is filtered exactly
  expect(server.requests.map((r) => [r.path, r.query.get('start_date'), r.query.get('page_size'), r.query.get('page_token')])).toEqual([
    ['/preview/Contacts', '2025-12-31T23:59:59Z', '1000', null],
    ['/preview/Contacts', '2025-12-31T23:59:59Z', '1000', 'page_2'],
  ]);
});

it('Get and Delete take the typed id a record carries, and send its bare identifier in the path', async () => {
  server.reply((req) => (req.method === 'DELETE' ? { status: 204 } : { status: 200, body: contact(1, '2026-01-01T00:00:00Z') }));
  const typed = `comms_contact_${ULID}`;
  const got = await run('CommsContact', { action: 'get' }, [{ id: typed }]);
  const gone = await run('CommsContact', { action: 'delete' }, [{ id: ULID }]);
  expect([got.results[0].status, gone.results[0].status]).toEqual(['SUCCESS', 'SUCCESS']);
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /preview/Contacts/${ULID}`, `DELETE /preview/Contacts/${ULID}`]);
  const bad = await run('CommsContact', { action: 'get' }, [{ id: 'comms_contact_../x' }]);
  expect(bad.results[0].message).toMatch(/is not a contact_id/);
});

it('Update is a PATCH with a JSON body', async () => {
  server.reply(() => ({ status: 200, body: contact(1, '2026-01-01T00:00:00Z') }));
  const { results } = await run('CommsContact', { action: 'update' }, [
    { xml: `<CommsContact><Sid>${ULID}</Sid><display_name>Igor Pletnjov</display_name></CommsContact>` },
  ]);
  expect(results[0].status).toBe('SUCCESS');
  expect([server.requests[0].method, server.requests[0].path, JSON.parse(server.requests[0].body)]).toEqual([
    'PATCH',
    `/preview/Contacts/${ULID}`,
    { display_name: 'Igor Pletnjov' },
  ]);
});

it('Verification actions (approve) are their own object types, created on the verification', async () => {
  server.reply(() => ({ status: 200, body: { id: `comms_verification_${ULID}`, status: 'approved' } }));
  const xml = `<CommsVerificationApprove><verification_id>comms_verification_${ULID}</verification_id></CommsVerificationApprove>`;
  const { results, docs } = await run('CommsVerificationApprove', { action: 'create' }, [{ xml }]);
  expect(results[0].status).toBe('SUCCESS');
  expect([server.requests[0].method, server.requests[0].path]).toEqual(['POST', `/preview/Verifications/${ULID}/Approve`]);
  expect(docs[0].xml).toContain('<Status>approved</Status>');
});
