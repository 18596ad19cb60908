// Fidelity check: Twilio's own Node client, pointed at the sandbox, must be able to
// create, page, filter, fetch nested resources, delete and create subaccounts.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, startSandbox, type Sandbox } from '../sandbox';

/** Sends every https://*.twilio.com request to the sandbox instead. */
class SandboxRequestClient extends RequestClient {
  // Default options, keep-alive included: the sandbox's close() must still let jest exit.
  constructor(private readonly target: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.target) });
  }
}

let sb: Sandbox;
let client: twilio.Twilio;

beforeAll(async () => {
  sb = await startSandbox();
  client = twilio(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, { httpClient: new SandboxRequestClient(sb.url) });
});
afterAll(() => sb.close());

it('creates a message', async () => {
  const m = await client.messages.create({ to: '+15558675310', from: '+14155550100', body: 'Hello from the official client' });
  expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
  expect(m.status).toBe('queued');
  expect(m.dateCreated).toBeInstanceOf(Date);
  expect(Number.isNaN(m.dateCreated.getTime())).toBe(false);
  expect(m.accountSid).toBe(SANDBOX_ACCOUNT_SID);
  expect(m.numMedia).toBe('0');
});

it('surfaces validation errors as RestException', async () => {
  await expect(client.messages.create({ to: 'nope', from: '+14155550100', body: 'x' })).rejects.toMatchObject({ status: 400, code: 21211 });
});

it('lists across pages by following next_page_uri', async () => {
  const messages = await client.messages.list({ pageSize: 20, limit: 75 });
  expect(messages).toHaveLength(75);
  expect(new Set(messages.map((m) => m.sid)).size).toBe(75);
  const pages = sb.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(pages.some((r) => r.query.includes('PageToken=PA'))).toBe(true);
});

it('iterates with each() and a dateSentAfter filter', async () => {
  const after = new Date('2026-09-15T00:00:00Z');
  const seen: Array<{ sid: string; dateSent: Date }> = [];
  await new Promise<void>((resolve, reject) => {
    client.messages.each({
      dateSentAfter: after,
      pageSize: 7,
      callback: (m) => void seen.push({ sid: m.sid, dateSent: m.dateSent }),
      done: (err?: Error) => (err ? reject(err) : resolve()),
    });
  });
  expect(seen.length).toBeGreaterThan(7);
  expect(new Set(seen.map((m) => m.sid)).size).toBe(seen.length);
  expect(seen.every((m) => m.dateSent.getTime() >= after.getTime())).toBe(true);
  const filtered = sb.requests.filter((r) => r.query.includes('DateSent%3E='));
  expect(filtered.length).toBeGreaterThan(1);
});

it('fetches a conference participant', async () => {
  const [conference] = await client.conferences.list({ limit: 1 });
  const participants = await client.conferences(conference.sid).participants.list();
  expect(participants.length).toBeGreaterThanOrEqual(2);
  const p = await client.conferences(conference.sid).participants(participants[0].callSid).fetch();
  expect(p.callSid).toBe(participants[0].callSid);
  expect(p.conferenceSid).toBe(conference.sid);
  expect(p.dateCreated).toBeInstanceOf(Date);
});

it('removes a recording, after which fetch rejects with 404 / 20404', async () => {
  const [recording] = await client.recordings.list({ limit: 1 });
  expect(await client.recordings(recording.sid).remove()).toBe(true);
  await expect(client.recordings(recording.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
});

it('creates a subaccount and works inside it', async () => {
  const account = await client.api.v2010.accounts.create({ friendlyName: 'Client-made subaccount' });
  expect(account.sid).toMatch(/^AC[0-9a-f]{32}$/);
  expect(account.ownerAccountSid).toBe(SANDBOX_ACCOUNT_SID);
  expect(account.friendlyName).toBe('Client-made subaccount');
  const sub = twilio(account.sid, account.authToken, { httpClient: new SandboxRequestClient(sb.url) });
  const m = await sub.messages.create({ to: '+15558675310', from: '+14155550100', body: 'in sub' });
  expect(m.accountSid).toBe(account.sid);
  const listed = await client.api.v2010.accounts(account.sid).messages.list();
  expect(listed.map((x) => x.sid)).toEqual([m.sid]);
});
