// End to end on the Communications API: the connector's operations against the embedded
// sandbox (no recorded replies), so the connector's JSON bodies, batch wrapping, typed
// ids, page_token paging and start/end bounds have to agree with what the sandbox makes
// of them. Contacts (all five actions), verbs on verifications and message operations,
// and audiences with their contacts (seed 003); every output document is checked
// against the sandbox's state and validated against its XSD profile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import type { Action } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox, type TwilioRecord } from '../sandbox';
import { drain } from './helpers/run';
import { validateXml } from './helpers/xmllint';

const NOW = '2026-11-15T12:00:00Z';
const catalog = loadCatalog();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date(NOW) });
});
afterAll(() => sb.close());

function run(objectType: string, action: Action, inputs: InputDocument[], extra: Partial<OperationOptions> = {}) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
  return drain(new Operation(connection, { objectType, action, returnApplicationErrors: true, ...extra }, catalog), inputs);
}

/** The text of the first `element` (any depth), entities decoded. */
function value(xml: string, element: string): string | undefined {
  const raw = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
  return raw
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

async function expectProfileValid(xml: string, name: string, action: Action) {
  const xsd = readFileSync(join(PROJECT_ROOT, 'profiles', `${name}.${action}.response.xsd`), 'utf8');
  expect(await validateXml(xml, xsd, name)).toEqual({ valid: true, errors: [] });
}

const records = (type: string): TwilioRecord[] => sb.store.records(type, AC);
const byId = (type: string, id: string): TwilioRecord | undefined => records(type).find((r) => r.id === id);
const bareOf = (id: string): string => id.slice(id.lastIndexOf('_') + 1);
const lastRequests = (n: number) => sb.requests.slice(-n).map((r) => ({ method: r.method, path: r.path, query: new URLSearchParams(r.query), body: r.body }));

describe('CommsContact', () => {
  it('Create sends the document as one wrapped item; the output is the contact the sandbox stored, nested values included', async () => {
    const xml =
      '<CommsContact><addresses><channel>phone</channel><address>+37259000000</address></addresses>' +
      '<addresses><channel>email</channel><address>ip@example.com</address></addresses><first_name>Igor</first_name>' +
      '<display_name>Igor P</display_name><location><latitude>59.43</latitude><city>Tallinn</city></location><tags>{"shirt_size":"L"}</tags></CommsContact>';
    const { results, docs } = await run('CommsContact', 'create', [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    const [req] = lastRequests(1);
    expect([req.method, req.path, Object.keys(JSON.parse(req.body))]).toEqual(['POST', '/preview/Contacts', ['contacts']]);

    const id = docs[0].properties.id;
    expect(id).toMatch(/^comms_contact_[0-9a-z]{26}$/);
    const stored = byId('CommsContact', id)!;
    expect(stored).toMatchObject({
      first_name: 'Igor',
      display_name: 'Igor P',
      addresses: [
        { channel: 'phone', address: '+37259000000' },
        { channel: 'email', address: 'ip@example.com' },
      ],
      location: { latitude: 59.43, city: 'Tallinn' },
      tags: { shirt_size: 'L' },
      created_at: NOW,
    });
    expect(docs[0].xml).toContain('<Addresses><Address>+37259000000</Address><Channel>phone</Channel>');
    expect(docs[0].xml).toContain('<Location><Latitude>59.43</Latitude><Longitude/><AddressLine1/><AddressLine2/><City>Tallinn</City>');
    expect([value(docs[0].xml, 'Id'), value(docs[0].xml, 'CreatedAt'), value(docs[0].xml, 'Tags')]).toEqual([id, NOW, '{"shirt_size":"L"}']);
    await expectProfileValid(docs[0].xml, 'CommsContact', 'create');
  });

  it('Get takes the typed id and sends the bare identifier; the document is the stored contact', async () => {
    const seeded = records('CommsContact').find((c) => String(c.first_name) === 'Hedy')!;
    const { results, docs } = await run('CommsContact', 'get', [{ id: String(seeded.id) }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(lastRequests(1)[0].path).toBe(`/preview/Contacts/${bareOf(String(seeded.id))}`);
    const xml = docs[0].xml;
    expect([value(xml, 'Id'), value(xml, 'FirstName'), value(xml, 'LastName'), value(xml, 'CreatedAt'), value(xml, 'ExternalIdentifier')]).toEqual([
      seeded.id,
      seeded.first_name,
      seeded.last_name,
      seeded.created_at,
      seeded.external_identifier,
    ]);
    expect(xml).toContain(`<Address>${(seeded.addresses as TwilioRecord[])[1].address}</Address><Channel>email</Channel>`);
    await expectProfileValid(xml, 'CommsContact', 'get');
  });

  it('Query follows pagination.next by repeating the request with page_token, and gets every contact once', async () => {
    const { results, docs } = await run('CommsContact', 'query', [{}], { pageSize: 5 });
    expect(results[0]).toMatchObject({ status: 'SUCCESS', documents: records('CommsContact').length });
    expect(docs.map((d) => d.properties.id)).toEqual(records('CommsContact').map((c) => c.id));
    const pages = Math.ceil(records('CommsContact').length / 5);
    const reqs = lastRequests(pages);
    expect(reqs.map((r) => [r.path, r.query.get('page_size')])).toEqual(Array(pages).fill(['/preview/Contacts', '5']));
    expect(reqs[0].query.get('page_token')).toBeNull();
    expect(reqs.slice(1).every((r) => /^page_[0-9a-z]{26}$/.test(r.query.get('page_token') ?? ''))).toBe(true);
    await expectProfileValid(docs[0].xml, 'CommsContact', 'query');
  });

  it('CreatedAt after/before become start_date/end_date, and the result is exact at the bounds', async () => {
    const times = records('CommsContact')
      .map((c) => String(c.created_at))
      .sort();
    const [from, to] = [times[2], times[9]];
    const filters = [
      { field: 'CreatedAt', op: 'after' as const, value: from },
      { field: 'CreatedAt', op: 'before' as const, value: to },
    ];
    const { docs } = await run('CommsContact', 'query', [{}], { filters, pageSize: 3 });
    const expected = records('CommsContact').filter((c) => String(c.created_at) > from && String(c.created_at) < to);
    expect(expected).toHaveLength(6);
    expect(docs.map((d) => d.properties.id)).toEqual(expected.map((c) => c.id));
    const first = lastRequests(2)[0].query;
    // The connector widens the bounds by a second; the sandbox's strict bounds then return the records at them, which it drops.
    expect([first.get('start_date'), first.get('end_date')]).toEqual([
      new Date(Date.parse(from) - 1000).toISOString().replace('.000', ''),
      new Date(Date.parse(to) + 1000).toISOString().replace('.000', ''),
    ]);
  });

  it('JSON values are sent as written: an integer beyond 2^53 in tags keeps its digits', async () => {
    const xml = '<CommsContact><first_name>Big</first_name><tags>{"crm_id": 12345678901234567890, "score": 1.10}</tags></CommsContact>';
    const { results } = await run('CommsContact', 'create', [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    const [req] = lastRequests(1);
    // JSON.parse and JSON.stringify would send 12345678901234567000 and 1.1.
    expect(req.body).toContain('"tags":{"crm_id": 12345678901234567890, "score": 1.10}');
    expect(Object.keys(JSON.parse(req.body).contacts[0])).toEqual(['first_name', 'tags']);
  });

  it('Update is a PATCH of the named fields; Delete removes the contact, and a Get then is a 404 application error', async () => {
    const target = records('CommsContact')[4];
    const id = String(target.id);
    const xml = `<CommsContact><Sid>${id}</Sid><display_name>Renamed</display_name><addresses><channel>whatsapp</channel><address>whatsapp:+14155550123</address></addresses></CommsContact>`;
    const updated = await run('CommsContact', 'update', [{ xml }]);
    expect(updated.results[0].status).toBe('SUCCESS');
    const [patch] = lastRequests(1);
    expect([patch.method, patch.path]).toEqual(['PATCH', `/preview/Contacts/${bareOf(id)}`]);
    expect(byId('CommsContact', id)).toMatchObject({
      display_name: 'Renamed',
      first_name: target.first_name,
      addresses: [{ channel: 'whatsapp', address: 'whatsapp:+14155550123' }],
    });
    expect([value(updated.docs[0].xml, 'DisplayName'), value(updated.docs[0].xml, 'FirstName'), value(updated.docs[0].xml, 'UpdatedAt')]).toEqual([
      'Renamed',
      target.first_name,
      NOW,
    ]);
    await expectProfileValid(updated.docs[0].xml, 'CommsContact', 'update');

    // A JSON body has no empty value for an object: an empty element is left out, as before.
    const empty = await run('CommsContact', 'update', [{ xml: `<CommsContact><Sid>${id}</Sid><display_name>Again</display_name><tags/></CommsContact>` }]);
    expect(empty.results[0].status).toBe('SUCCESS');
    expect(JSON.parse(String(lastRequests(1)[0].body))).toEqual({ display_name: 'Again' });

    const deleted = await run('CommsContact', 'delete', [{ id }]);
    expect(deleted.results[0].status).toBe('SUCCESS');
    expect(byId('CommsContact', id)).toBeUndefined();
    const gone = await run('CommsContact', 'get', [{ id }]);
    expect(gone.results[0]).toMatchObject({
      status: 'APPLICATION_ERROR',
      message: expect.stringContaining(`/preview/Contacts/${bareOf(id)} was not found`),
      properties: { 'twilio.status': '404', 'twilio.code': '20404', 'twilio.moreInfo': 'https://www.twilio.com/docs/api/errors/20404' },
    });
  });
});

describe('verbs', () => {
  it('CommsVerificationApprove and CommsVerificationCancel change the verification they are posted to', async () => {
    const pending = records('CommsVerification').find((v) => v.status === 'pending')!;
    const id = String(pending.id);
    const approved = await run('CommsVerificationApprove', 'create', [
      { xml: `<CommsVerificationApprove><verification_id>${id}</verification_id></CommsVerificationApprove>` },
    ]);
    expect(approved.results[0].status).toBe('SUCCESS');
    expect(lastRequests(1)[0].path).toBe(`/preview/Verifications/${bareOf(id)}/Approve`);
    expect(byId('CommsVerification', id)).toMatchObject({ status: 'approved', updated_at: NOW, created_at: pending.created_at });
    expect([value(approved.docs[0].xml, 'Id'), value(approved.docs[0].xml, 'Status'), value(approved.docs[0].xml, 'UpdatedAt')]).toEqual([id, 'approved', NOW]);
    expect(approved.docs[0].properties.id).toBe(id); // the verification's own id, as a Get of it takes
    await expectProfileValid(approved.docs[0].xml, 'CommsVerificationApprove', 'create');

    const canceled = await run('CommsVerificationCancel', 'create', [
      { xml: `<CommsVerificationCancel><verification_id>${bareOf(id)}</verification_id></CommsVerificationCancel>` },
    ]);
    expect(value(canceled.docs[0].xml, 'Status')).toBe('canceled');
    expect(canceled.docs[0].properties.id).toBe(id);
    expect(byId('CommsVerification', id)?.status).toBe('canceled');

    const unknown = await run('CommsVerificationApprove', 'create', [
      { xml: `<CommsVerificationApprove><verification_id>${'0'.repeat(26)}</verification_id></CommsVerificationApprove>` },
    ]);
    expect(unknown.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });

  it('CommsMessageOperationsCancel drops the deliveries an operation still has queued', async () => {
    const op = records('CommsMessageOperations')[0] as { id: string; delivery: { queued: { count: number } } };
    expect(op.delivery.queued.count).toBeGreaterThan(0);
    const { results, docs } = await run('CommsMessageOperationsCancel', 'create', [
      { xml: `<CommsMessageOperationsCancel><operation_id>${op.id}</operation_id></CommsMessageOperationsCancel>` },
    ]);
    expect(results[0].status).toBe('SUCCESS');
    expect((byId('CommsMessageOperations', op.id) as typeof op).delivery.queued.count).toBe(0);
    expect(docs[0].xml).toContain('<Queued><Count>0</Count></Queued>');
    await expectProfileValid(docs[0].xml, 'CommsMessageOperationsCancel', 'create');
  });
});

describe('CommsAudience and CommsAudienceContacts (seed 003)', () => {
  it('Create, Get, Query; contacts added to it are listed and counted; Delete', async () => {
    const created = await run('CommsAudience', 'create', [{ xml: '<CommsAudience><name>launch-wave</name><tags>{"wave":"1"}</tags></CommsAudience>' }]);
    expect(created.results[0].status).toBe('SUCCESS');
    const id = created.docs[0].properties.id;
    expect(id).toMatch(/^comms_audience_[0-9a-z]{26}$/);
    expect(byId('CommsAudience', id)).toMatchObject({ name: 'launch-wave', tags: { wave: '1' }, created_at: NOW });
    expect([value(created.docs[0].xml, 'Name'), value(created.docs[0].xml, 'ContactCount')]).toEqual(['launch-wave', '0']);
    await expectProfileValid(created.docs[0].xml, 'CommsAudience', 'create');

    const [a, b] = records('CommsContact');
    const added = await run('CommsAudienceContacts', 'create', [
      { xml: `<CommsAudienceContacts><audience_id>${id}</audience_id><contact_id>${a.id}</contact_id></CommsAudienceContacts>` },
      { xml: `<CommsAudienceContacts><audience_id>${id}</audience_id><contact_id>${b.id}</contact_id></CommsAudienceContacts>` },
    ]);
    expect(added.results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(added.docs.map((d) => value(d.xml, 'FirstName'))).toEqual([a.first_name, b.first_name]);
    await expectProfileValid(added.docs[0].xml, 'CommsAudienceContacts', 'create');

    // The parent filter takes the typed id as records carry it; members do not repeat the
    // audience, so their document ids take it from the request, typed as every id of this
    // API (the path holds it bare), and Delete takes them back.
    const members = await run('CommsAudienceContacts', 'query', [{}], { filters: [{ field: 'audience_id', op: 'eq', value: id }] });
    expect(members.docs.map((d) => value(d.xml, 'Id')).sort()).toEqual([a.id, b.id].sort());
    expect(members.docs.map((d) => d.properties.id).sort()).toEqual([`${id}:${a.id}`, `${id}:${b.id}`].sort());
    expect(added.docs.map((d) => d.properties.id)).toEqual([`${id}:${a.id}`, `${id}:${b.id}`]);
    await expectProfileValid(members.docs[0].xml, 'CommsAudienceContacts', 'query');
    const removed = await run('CommsAudienceContacts', 'delete', [{ id: members.docs[0].properties.id }]);
    expect(removed.results[0]).toMatchObject({ status: 'SUCCESS' });
    const left = await run('CommsAudienceContacts', 'query', [{}], { filters: [{ field: 'audience_id', op: 'eq', value: id }] });
    expect(left.docs).toHaveLength(1);

    const got = await run('CommsAudience', 'get', [{ id }]);
    expect(value(got.docs[0].xml, 'ContactCount')).toBe('1');
    await expectProfileValid(got.docs[0].xml, 'CommsAudience', 'get');

    const listed = await run('CommsAudience', 'query', [{}]);
    expect(listed.docs.map((d) => d.properties.id)).toEqual(records('CommsAudience').map((r) => r.id));
    await expectProfileValid(listed.docs[0].xml, 'CommsAudience', 'query');

    expect((await run('CommsAudience', 'delete', [{ id }])).results[0].status).toBe('SUCCESS');
    expect(byId('CommsAudience', id)).toBeUndefined();
    const gone = await run('CommsAudience', 'get', [{ id }]);
    expect(gone.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404' } });
  });
});
