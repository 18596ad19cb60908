// The sandbox serving the Communications API (comms.twilio.com/preview) over plain HTTP:
// JSON bodies with nested structures, batch creates, typed ids with bare identifiers in
// paths, page_size/page_token paging with the pagination envelope, start/end date
// bounds, PATCH, delete, verbs posted to records (approve, cancel), audiences that count
// their contacts, and the API's own error layout.
import { httpCall, type Reply } from './helpers/http';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';

const START = Date.parse('2026-11-15T12:00:00Z');
const AUTH = 'Basic ' + Buffer.from(`${AC}:${SANDBOX_AUTH_TOKEN}`).toString('base64');
const COMMS = 'https://comms.twilio.com';
/** A bare identifier: 26 characters of lowercase Crockford base32. */
const BARE = '[0-9abcdefghjkmnpqrstvwxyz]{26}';
const typedId = (type: string) => new RegExp(`^comms_${type}_${BARE}$`);
const bareOf = (id: string): string => id.slice(id.lastIndexOf('_') + 1);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let sb: Sandbox;
let now = START;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date(now) });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  now = START;
});

/** A JSON body (or raw text sent as JSON), the Communications API's host named as the connector names it. */
function call(method: string, path: string, body?: unknown, raw?: string): Promise<Reply> {
  return httpCall(sb.url, method, path, { json: body, raw, headers: { authorization: AUTH, 'x-twilio-host': 'comms.twilio.com' } });
}

const contacts = () => sb.store.records('CommsContact', AC);
const ada = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  addresses: [
    { channel: 'phone', address: '+447700900123' },
    { channel: 'email', address: 'ada@example.com' },
  ],
  location: { latitude: 51.5, city: 'London' },
  tags: { tier: 'gold' },
};

/** Every page of a list: the first request, then the same request with each pagination.next token. */
async function everyPage(path: string): Promise<Reply[]> {
  const pages: Reply[] = [];
  let token: string | null = null;
  do {
    const page: Reply = await call('GET', token ? `${path}&page_token=${encodeURIComponent(token)}` : path);
    expect(page.status).toBe(200);
    pages.push(page);
    token = page.json.pagination.next;
  } while (token);
  return pages;
}

describe('served types and seed', () => {
  it('seeds contacts, audiences, verifications, factors, messages and operations the same every time', async () => {
    const other = await startSandbox();
    try {
      for (const t of [
        'CommsContact',
        'CommsAudience',
        'CommsAudienceContacts',
        'CommsVerification',
        'CommsFactor',
        'CommsMessage',
        'CommsMessageOperations',
      ]) {
        expect(sb.store.count(t, AC)).toBeGreaterThan(0);
        expect(other.store.records(t, AC)).toEqual(sb.store.records(t, AC));
      }
      expect(sb.store.count('CommsContact', AC)).toBe(12);
      for (const c of contacts()) {
        expect(c.id).toMatch(typedId('contact'));
        expect(c.contact_id).toBe(bareOf(String(c.id))); // the store's key: the bare identifier paths take
        expect(c.created_at).toMatch(/^2026-(0\d|10)-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }
    } finally {
      await other.close();
    }
  });

  it('serves the verbs as their own types, acting on the type they are posted to', () => {
    const { types } = sb.store.model;
    expect(types.get('CommsVerificationApprove')?.verbOf?.base.tm.name).toBe('CommsVerification');
    expect(types.get('CommsFactorApprove')?.verbOf).toMatchObject({ bodyParam: 'factor_id', base: { tm: { name: 'CommsFactor' } } });
    expect(types.get('CommsMessageOperationsCancel')?.verbOf?.base.tm.name).toBe('CommsMessageOperations');
    expect(types.has('CommsVerificationSettings')).toBe(false); // a singleton
  });
});

describe('contacts', () => {
  it('a wrapped create makes one contact per item and answers them wrapped, nested structures kept', async () => {
    const before = contacts().length;
    const r = await call('POST', '/preview/Contacts', {
      contacts: [ada, { first_name: 'Grace', addresses: [{ channel: 'email', address: 'grace@example.com' }] }],
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['contacts']);
    const [a, g] = r.json.contacts;
    expect(a).toMatchObject({ ...ada, created_at: iso(START), updated_at: iso(START), deleted_at: null });
    expect(a.id).toMatch(typedId('contact'));
    expect(g.first_name).toBe('Grace');
    expect(g.id).not.toBe(a.id);
    expect(contacts()).toHaveLength(before + 2);
    const stored = contacts().find((c) => c.id === a.id)!;
    expect(stored.addresses).toEqual(ada.addresses); // an array of objects, not JSON text
    expect(stored.location).toEqual(ada.location);
  });

  it('ids are drawn from the PRNG: two sandboxes given the same requests give the same ids', async () => {
    const [one, other] = await Promise.all([startSandbox({ clock: () => new Date(START) }), startSandbox({ clock: () => new Date(START) })]);
    try {
      const create = async (url: string) => {
        const res = await fetch(`${url}/preview/Contacts`, {
          method: 'POST',
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          body: JSON.stringify({ contacts: [ada, ada] }),
        });
        return ((await res.json()) as any).contacts.map((c: any) => c.id);
      };
      const ids = await create(one.url);
      expect(await create(other.url)).toEqual(ids);
      expect(new Set(ids).size).toBe(2);
      // The creation time leads, as in a ULID: 2026-11-15T12:00:00Z.
      expect(ids.map((id: string) => bareOf(id).slice(0, 10))).toEqual(['01m7fh87g0', '01m7fh87g0']);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('an unwrapped contact is refused, one bad item fails the whole batch; unbatched types take the bare body', async () => {
    const before = contacts().length;
    const bare = await call('POST', '/preview/Contacts', ada);
    expect(bare.status).toBe(400);
    expect(bare.json.message).toMatch(/contacts/);
    const mixed = await call('POST', '/preview/Contacts', { contacts: [ada, { addresses: [{ channel: 'pager', address: '1' }] }] });
    expect([mixed.status, mixed.json.message]).toEqual([400, 'Invalid value pager for parameter addresses.channel']);
    expect(contacts()).toHaveLength(before);

    const audience = await call('POST', '/preview/Audiences', { name: 'launch', tags: { wave: '1' } });
    expect(audience.status).toBe(201);
    expect(audience.json).toMatchObject({ name: 'launch', tags: { wave: '1' }, contact_count: 0 });
    expect(audience.json.id).toMatch(typedId('audience'));
  });

  it('Get takes the bare identifier; the typed id in a path is not found', async () => {
    const seeded = contacts()[3];
    const got = await call('GET', `/preview/Contacts/${bareOf(String(seeded.id))}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(Object.fromEntries(Object.keys(got.json).map((k) => [k, seeded[k]])));
    expect(got.json).not.toHaveProperty('contact_id'); // the bare key is not a field
    const typed = await call('GET', `/preview/Contacts/${seeded.id}`);
    expect(typed.status).toBe(404);
  });

  it('PATCH changes only what it names, replaces arrays whole, null clears, and moves updated_at', async () => {
    const id = bareOf(String(contacts()[0].id));
    const before = contacts()[0];
    now = START + 60_000;
    const r = await call('PATCH', `/preview/Contacts/${id}`, {
      display_name: 'Countess',
      addresses: [{ channel: 'whatsapp', address: 'whatsapp:+447700900123' }],
      tags: null,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      display_name: 'Countess',
      first_name: before.first_name,
      addresses: [{ channel: 'whatsapp', address: 'whatsapp:+447700900123' }],
      tags: null,
    });
    expect([r.json.created_at, r.json.updated_at]).toEqual([before.created_at, iso(START + 60_000)]);
    expect((await call('GET', `/preview/Contacts/${id}`)).json.display_name).toBe('Countess');
    const bad = await call('PATCH', `/preview/Contacts/${id}`, { addresses: [{ channel: 'fax' }] });
    expect(bad.status).toBe(400);
  });

  it('DELETE answers 204; the contact is then not found and not listed', async () => {
    const id = bareOf(String(contacts()[5].id));
    expect((await call('DELETE', `/preview/Contacts/${id}`)).status).toBe(204);
    const gone = await call('GET', `/preview/Contacts/${id}`);
    expect(gone.status).toBe(404);
    expect((await call('DELETE', `/preview/Contacts/${id}`)).status).toBe(404);
    const listed = (await call('GET', '/preview/Contacts?page_size=1000')).json.contacts.map((c: any) => c.id);
    expect(listed).toHaveLength(11);
    expect(listed).not.toContain(`comms_contact_${id}`);
  });
});

describe('lists', () => {
  it('page_size and page_token visit every contact exactly once, newest first', async () => {
    await call('POST', '/preview/Contacts', { contacts: [ada, ada, ada] });
    const total = contacts().length;
    const pages = await everyPage('/preview/Contacts?page_size=4');
    const ids = pages.flatMap((p) => p.json.contacts.map((c: any) => c.id));
    expect(ids).toEqual(contacts().map((c) => c.id));
    expect(new Set(ids).size).toBe(total);
    expect(pages).toHaveLength(Math.ceil(total / 4));
    expect(pages[0].json.pagination).toEqual({ next: expect.stringMatching(new RegExp(`^page_${BARE}$`)), self: `${COMMS}/preview/Contacts?page_size=4` });
    expect(pages[1].json.pagination.self).toBe(`${COMMS}/preview/Contacts?page_size=4&page_token=${pages[0].json.pagination.next}`);
    expect(pages.at(-1)!.json.pagination.next).toBeNull();
    expect(Object.keys(pages[0].json)).toEqual(['contacts', 'pagination']);
  });

  it('a contact deleted between pages neither repeats nor hides the others', async () => {
    const first = await call('GET', '/preview/Contacts?page_size=5');
    await call('DELETE', `/preview/Contacts/${bareOf(first.json.contacts[4].id)}`); // the token's own record
    const second = await call('GET', `/preview/Contacts?page_size=5&page_token=${first.json.pagination.next}`);
    const third = await call('GET', `/preview/Contacts?page_size=5&page_token=${second.json.pagination.next}`);
    expect(third.json.pagination.next).toBeNull();
    const ids = [first, second, third].flatMap((p) => p.json.contacts.map((c: any) => c.id));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('refuses a page_size outside 1..1000 and an unknown page_token', async () => {
    for (const q of ['page_size=0', 'page_size=1001', 'page_size=ten', 'page_token=PAxyz', `page_token=page_${'0'.repeat(26)}`]) {
      const r = await call('GET', `/preview/Contacts?${q}`);
      expect([q, r.status, r.json.code]).toEqual([q, 400, 20001]);
    }
  });

  it('start_date and end_date bound created_at strictly; updated_date bounds updated_at', async () => {
    const sorted = contacts()
      .map((c) => String(c.created_at))
      .sort();
    const [from, to] = [sorted[3], sorted[8]];
    const between = async (q: string) =>
      (await everyPage(`/preview/Contacts?page_size=2&${q}`)).flatMap((p) => p.json.contacts.map((c: any) => c.created_at)).sort();
    expect(await between(`start_date=${from}&end_date=${to}`)).toEqual(sorted.slice(4, 8));
    expect(await between(`start_date=${iso(Date.parse(from) - 1000)}&end_date=${iso(Date.parse(to) + 1000)}`)).toEqual(sorted.slice(3, 9));
    expect(await between('start_date=2027-01-01T00:00:00Z')).toEqual([]);

    now = START + 3_600_000;
    const touched = contacts()[7];
    await call('PATCH', `/preview/Contacts/${bareOf(String(touched.id))}`, { last_name: 'Touched' });
    const updated = await call('GET', `/preview/Contacts?updated_date=${iso(START)}`);
    expect(updated.json.contacts.map((c: any) => c.id)).toEqual([touched.id]);
    expect((await call('GET', '/preview/Contacts?start_date=yesterday')).status).toBe(400);
  });

  it('a list with equality filters (status) compares the field', async () => {
    const r = await call('GET', '/preview/Verifications?status=pending');
    const expected = sb.store
      .records('CommsVerification', AC)
      .filter((v) => v.status === 'pending')
      .map((v) => v.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.json.verifications.map((v: any) => v.id)).toEqual(expected);
  });
});

describe('verbs on records', () => {
  const pendingVerification = () => sb.store.records('CommsVerification', AC).find((v) => v.status === 'pending')!;

  it('Approve and Cancel on a verification set its status and update time, and answer with it', async () => {
    const v = pendingVerification();
    now = START + 5_000;
    const approved = await call('POST', `/preview/Verifications/${bareOf(String(v.id))}/Approve`);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ id: v.id, status: 'approved', to: v.to, updated_at: iso(START + 5_000), created_at: v.created_at });
    expect(sb.store.records('CommsVerification', AC).find((x) => x.id === v.id)?.status).toBe('approved');
    const canceled = await call('POST', `/preview/Verifications/${bareOf(String(v.id))}/Cancel`);
    expect(canceled.json.status).toBe('canceled');
    expect((await call('GET', `/preview/Verifications/${bareOf(String(v.id))}`)).json.status).toBe('canceled');
    expect((await call('POST', `/preview/Verifications/${'0'.repeat(26)}/Approve`)).status).toBe(404);
  });

  it('Check and Factors/Approve name their record in the body, typed or bare', async () => {
    const v = pendingVerification();
    const checked = await call('POST', '/preview/Verifications/Check', { verification_id: v.id, content: { code: '482913' } });
    expect([checked.status, checked.json.status, checked.json.id]).toEqual([200, 'approved', v.id]);

    const factor = sb.store.records('CommsFactor', AC).find((f) => f.status === 'pending')!;
    const noContent = await call('POST', '/preview/Factors/Approve', { factor_id: factor.id });
    expect([noContent.status, noContent.json.message]).toEqual([400, 'Missing required parameter content in the post body']);
    const approved = await call('POST', '/preview/Factors/Approve', { factor_id: bareOf(String(factor.id)), content: { type: 'public-key' } });
    expect([approved.status, approved.json.status]).toEqual([200, 'approved']);
    expect((await call('POST', '/preview/Factors/Approve', { content: {} })).status).toBe(400);
    expect((await call('POST', '/preview/Factors/Approve', { factor_id: `comms_factor_${'0'.repeat(26)}`, content: {} })).status).toBe(404);
  });

  it('Cancel on a message operation drops the deliveries still queued', async () => {
    const op = sb.store.records('CommsMessageOperations', AC)[0] as any;
    expect(op.delivery.queued.count).toBeGreaterThan(0);
    const r = await call('POST', `/preview/Messages/Operations/${bareOf(op.id)}/Cancel`);
    expect(r.status).toBe(200);
    expect(r.json.delivery).toEqual({ ...op.delivery, queued: { count: 0 } });
    expect((sb.store.records('CommsMessageOperations', AC)[0] as any).delivery.queued.count).toBe(0);
  });
});

describe('audiences and messages', () => {
  it('adding a contact to an audience copies the contact under it, counts it, once; removing uncounts it', async () => {
    const audience = sb.store.records('CommsAudience', AC)[0];
    const path = `/preview/Audiences/${bareOf(String(audience.id))}`;
    const count = async () => (await call('GET', path)).json.contact_count;
    const members = async () => (await everyPage(`${path}/Contacts?page_size=3`)).flatMap((p) => p.json.contacts.map((c: any) => c.id));
    const before = await members();
    expect(await count()).toBe(before.length);
    const outsider = contacts().find((c) => !before.includes(c.id))!;

    const added = await call('POST', `${path}/Contacts`, { contact_id: outsider.id });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ id: outsider.id, first_name: outsider.first_name, addresses: outsider.addresses, created_at: outsider.created_at });
    await call('POST', `${path}/Contacts`, { contact_id: bareOf(String(outsider.id)) }); // again: no second copy
    expect(await count()).toBe(before.length + 1);
    expect(await members()).toContain(outsider.id);

    expect((await call('POST', `${path}/Contacts`, { contact_id: `comms_contact_${'0'.repeat(26)}` })).status).toBe(404);
    expect((await call('DELETE', `${path}/Contacts/${bareOf(String(outsider.id))}`)).status).toBe(204);
    expect(await count()).toBe(before.length);
  });

  it('a message create answers {"messages": [ … ]} and the message is listed', async () => {
    const r = await call('POST', '/preview/Messages', { from: { address: '+14155550100' }, to: [{ address: '+447700900123' }], content: { text: 'Hello' } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['messages']);
    const [message] = r.json.messages;
    expect(message).toMatchObject({ to: [{ address: '+447700900123' }], content: { text: 'Hello' }, created_at: iso(START) });
    expect(message.id).toMatch(typedId('message'));
    const listed = await call('GET', '/preview/Messages?page_size=1');
    expect(listed.json.messages[0]).toEqual(message);
  });
});

describe('errors', () => {
  it('are written in the Communications API layout: code, message, more_info under /docs/api/errors', async () => {
    const r = await call('POST', '/preview/Contacts', undefined, '{"contacts": [');
    expect(r).toEqual({
      status: 400,
      json: { code: 20001, message: 'Request body is not valid JSON', more_info: 'https://www.twilio.com/docs/api/errors/20001' },
    });
    const missing = await call('POST', '/preview/Factors', { friendly_name: 'no content' });
    expect(missing).toEqual({
      status: 400,
      json: { code: 20001, message: 'Missing required parameter content in the post body', more_info: 'https://www.twilio.com/docs/api/errors/20001' },
    });
    const notFound = await call('GET', `/preview/Audiences/${'0'.repeat(26)}`);
    expect(notFound.json).toEqual({ code: 20404, message: expect.stringMatching(/not found/), more_info: 'https://www.twilio.com/docs/api/errors/20404' });
  });

  it('other APIs keep Twilio’s usual layout with the status', async () => {
    const r = await httpCall(sb.url, 'GET', `/2010-04-01/Accounts/${AC}/Messages/SM${'0'.repeat(32)}.json`, { headers: { authorization: AUTH } });
    expect(r.json).toMatchObject({ code: 20404, status: 404, more_info: 'https://www.twilio.com/docs/errors/20404' });
  });
});
