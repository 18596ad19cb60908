// The embedded Twilio sandbox over plain HTTP: auth, create validation, paging,
// filters, nested resources, subaccounts and fault injection.
import {
  SANDBOX_ACCOUNT_SID as AC,
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  SANDBOX_AUTH_TOKEN,
  SANDBOX_SUBACCOUNT_SID,
  startSandbox,
  type Sandbox,
} from '../sandbox';

const RFC2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const AUTH = basic(AC, SANDBOX_AUTH_TOKEN);
const base = `/2010-04-01/Accounts/${AC}`;

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date('2026-11-15T12:00:00Z') });
});
afterAll(() => sb.close());
afterEach(() => sb.faults.clear());

interface Reply {
  status: number;
  headers: Headers;
  json: any;
}

async function call(method: string, path: string, form?: Record<string, string | string[]>, auth: string | null = AUTH): Promise<Reply> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) for (const one of [v].flat()) body.append(k, one);
  const res = await fetch(sb.url + path, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: form ? body.toString() : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** Follows next_page_uri from a first page, returning every record visited. */
async function walk(path: string, key: string): Promise<any[]> {
  const out: any[] = [];
  let next: string | null = path;
  while (next) {
    const page = await call('GET', next);
    expect(page.status).toBe(200);
    out.push(...page.json[key]);
    next = page.json.next_page_uri;
  }
  return out;
}

describe('authentication', () => {
  it('answers 401 with 20003 and a Basic challenge for bad or missing credentials', async () => {
    for (const auth of [null, basic(AC, 'wrong'), basic('ACffffffffffffffffffffffffffffffff', SANDBOX_AUTH_TOKEN)]) {
      const r = await call('GET', `${base}/Messages.json`, undefined, auth);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    }
  });

  it('accepts the API key and secret for the main account', async () => {
    const r = await call('GET', `${base}/Messages.json?PageSize=1`, undefined, basic(SANDBOX_API_KEY, SANDBOX_API_SECRET));
    expect(r.status).toBe(200);
  });

  it('hides other accounts behind 20404', async () => {
    const r = await call('GET', '/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json');
    expect(r.status).toBe(404);
    expect(r.json.code).toBe(20404);
    expect(r.json.message).toBe('The requested resource /2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json was not found');
  });

  it('answers 404 for unknown paths and methods a path does not offer', async () => {
    expect((await call('GET', '/2010-04-01/Nope.json')).json.code).toBe(20404);
    const conf = (await call('GET', `${base}/Conferences.json?PageSize=1`)).json.conferences[0];
    expect((await call('DELETE', `${base}/Conferences/${conf.sid}.json`)).status).toBe(404);
  });
});

describe('messages', () => {
  it('creates a message: 201, SM sid, RFC 2822 dates, defaults, every field present', async () => {
    const r = await call('POST', `${base}/Messages.json`, {
      To: '+15558675310',
      From: '+14155550100',
      Body: 'Hello',
      MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
      Unknown: 'ignored',
    });
    expect(r.status).toBe(201);
    const m = r.json;
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m.date_created).toBe('Sun, 15 Nov 2026 12:00:00 +0000');
    expect(m.date_updated).toMatch(RFC2822);
    expect(m).toMatchObject({
      account_sid: AC,
      to: '+15558675310',
      from: '+14155550100',
      body: 'Hello',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '2',
      price: null,
      date_sent: null,
      api_version: '2010-04-01',
      uri: `${base}/Messages/${m.sid}.json`,
    });
    expect(m).not.toHaveProperty('unknown');
    expect((await call('GET', `${base}/Messages/${m.sid}.json`)).json).toEqual(m);
  });

  it.each([
    [{ From: '+14155550100', Body: 'x' }, 21604, "A 'To' phone number is required."],
    [{ To: '+15558675310', From: '+14155550100' }, 21602, 'Message body is required.'],
    [{ To: '+15558675310', Body: 'x' }, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"],
    [{ To: 'not-a-number', From: '+14155550100', Body: 'x' }, 21211, "The 'To' number not-a-number is not a valid phone number."],
  ])('rejects %j with %i', async (form, code, message) => {
    const r = await call('POST', `${base}/Messages.json`, form);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
  });

  // Codes and messages as Twilio's error documentation gives them (21201, 21213, 21205, 21211).
  it.each([
    [{ From: '+14155550100', Url: 'https://example.com/twiml' }, 21201, "No 'To' number is specified"],
    [{ To: '+15558675310', Url: 'https://example.com/twiml' }, 21213, "No 'From' number is specified"],
    [{ To: '+15558675310', From: '+14155550100' }, 21205, 'Url parameter is required.'],
    [{ To: '12', From: '+14155550100', Twiml: '<Response/>' }, 21211, "The 'To' number 12 is not a valid phone number."],
  ])('rejects the call %j with %i', async (form, code, message) => {
    const r = await call('POST', `${base}/Calls.json`, form);
    expect(r.json).toEqual({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
  });

  it('accepts channel addresses and short codes as To', async () => {
    for (const To of ['whatsapp:+15558675310', 'client:alice', 'sip:bob@example.com', '55501']) {
      expect((await call('POST', `${base}/Messages.json`, { To, From: '+14155550100', Body: 'x' })).status).toBe(201);
    }
  });

  it('updates and deletes', async () => {
    const m = (await call('POST', `${base}/Messages.json`, { To: '+15558675310', From: '+14155550100', Body: 'secret' })).json;
    const u = await call('POST', `${base}/Messages/${m.sid}.json`, { Body: '' });
    expect(u.status).toBe(200);
    expect(u.json.body).toBe('');
    expect((await call('DELETE', `${base}/Messages/${m.sid}.json`)).status).toBe(204);
    const gone = await call('GET', `${base}/Messages/${m.sid}.json`);
    expect(gone.status).toBe(404);
    expect(gone.json.code).toBe(20404);
    expect((await call('POST', `${base}/Messages/${m.sid}.json`, { Body: 'x' })).status).toBe(404);
  });
});

describe('lists', () => {
  it('pages like the classic API and visits every record exactly once', async () => {
    const first = await call('GET', `${base}/Messages.json?PageSize=10`);
    expect(Object.keys(first.json)).toEqual(['end', 'first_page_uri', 'messages', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri']);
    expect(first.json).toMatchObject({ start: 0, end: 9, page: 0, page_size: 10, previous_page_uri: null });
    expect(first.json.uri).toBe(`${base}/Messages.json?PageSize=10&Page=0`);
    expect(first.json.next_page_uri).toMatch(new RegExp(`^${base}/Messages\\.json\\?PageSize=10&Page=1&PageToken=PASM[0-9a-f]{32}$`));

    const all = await walk(`${base}/Messages.json?PageSize=10`, 'messages');
    const sids = all.map((m) => m.sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.length).toBe(sb.store.count('Message', AC));
    // Newest first.
    const times = all.map((m) => Date.parse(m.date_created));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('keeps paging stable while records are added', async () => {
    const before = sb.store.count('Message', AC);
    const seen: string[] = [];
    let next: string | null = `${base}/Messages.json?PageSize=25`;
    while (next) {
      const page = await call('GET', next);
      seen.push(...page.json.messages.map((m: { sid: string }) => m.sid));
      await call('POST', `${base}/Messages.json`, { To: '+15558675310', From: '+14155550100', Body: 'during' });
      next = page.json.next_page_uri;
    }
    expect(seen.length).toBe(before);
    expect(new Set(seen).size).toBe(before);
  });

  it('goes back with previous_page_uri', async () => {
    const p0 = await call('GET', `${base}/Calls.json?PageSize=5`);
    const p1 = await call('GET', p0.json.next_page_uri);
    expect(p1.json.start).toBe(5);
    const back = await call('GET', p1.json.previous_page_uri);
    expect(back.json.calls.map((c: { sid: string }) => c.sid)).toEqual(p0.json.calls.map((c: { sid: string }) => c.sid));
  });

  it('clamps PageSize to 1000', async () => {
    expect((await call('GET', `${base}/Messages.json?PageSize=5000`)).json.page_size).toBe(1000);
  });

  it('filters by DateSent> and DateSent< (inclusive, whole days for plain dates) and carries filters into the URIs', async () => {
    const all = await walk(`${base}/Messages.json?PageSize=1000`, 'messages');
    const sent = (m: { date_sent: string | null }): number => (m.date_sent ? Date.parse(m.date_sent) : NaN);
    const after = Date.parse('2026-06-01T00:00:00Z');
    const until = Date.parse('2026-06-30T00:00:00Z') + 86_400_000;
    const expected = all.filter((m) => sent(m) >= after && sent(m) < until).map((m) => m.sid);
    expect(expected.length).toBeGreaterThan(5);

    const got = await walk(`${base}/Messages.json?PageSize=7&DateSent%3E=2026-06-01&DateSent<=2026-06-30`, 'messages');
    expect(got.map((m) => m.sid)).toEqual(expected);
    const first = await call('GET', `${base}/Messages.json?PageSize=7&DateSent>=2026-06-01&DateSent%3C=2026-06-30`);
    expect(first.json.next_page_uri).toContain('DateSent%3E=2026-06-01&DateSent%3C=2026-06-30&PageSize=7&Page=1&PageToken=PA');

    // An instant is compared as an instant.
    const pivot = all.find((m) => m.date_sent)!;
    const iso = new Date(sent(pivot)).toISOString().replace('.000', '');
    const onOrBefore = await walk(`${base}/Messages.json?PageSize=1000&DateSent%3C=${iso}`, 'messages');
    expect(onOrBefore.map((m) => m.sid)).toEqual(all.filter((m) => sent(m) <= sent(pivot)).map((m) => m.sid));
    const exact = await call('GET', `${base}/Messages.json?DateSent=${iso}`);
    expect(exact.json.messages.map((m: { sid: string }) => m.sid)).toContain(pivot.sid);
  });

  it('filters by equality and rejects bad date values', async () => {
    const r = await call('GET', `${base}/Messages.json?To=${encodeURIComponent('+14155550100')}&PageSize=1000`);
    expect(r.json.messages.length).toBeGreaterThan(0);
    expect(r.json.messages.every((m: { to: string }) => m.to === '+14155550100')).toBe(true);
    const bad = await call('GET', `${base}/Messages.json?DateSent%3E=yesterday`);
    expect(bad.status).toBe(400);
  });
});

describe('nested resources', () => {
  it('names each child list in subresource_uris by its path, children Twilio only creates included', async () => {
    const c = (await call('GET', `${base}/Calls.json?PageSize=1`)).json.calls[0];
    const uris = c.subresource_uris as Record<string, string>;
    for (const [key, uri] of Object.entries(uris)) {
      expect(key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(uri).toBe(`${base}/Calls/${c.sid}/${key.replace(/(^|_)([a-z])/g, (_, __, ch: string) => ch.toUpperCase())}.json`);
    }
    // Payments, Siprec and Streams are create/update-only: no list key of their own.
    expect(Object.keys(uris)).toEqual(expect.arrayContaining(['notifications', 'payments', 'recordings', 'siprec', 'streams']));
  });

  it('fetches a conference participant by ConferenceSid and CallSid', async () => {
    const conf = (await call('GET', `${base}/Conferences.json`)).json.conferences[0];
    const parts = (await call('GET', `${base}/Conferences/${conf.sid}/Participants.json`)).json.participants;
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const p = parts[0];
    const r = await call('GET', `${base}/Conferences/${conf.sid}/Participants/${p.call_sid}.json`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ conference_sid: conf.sid, call_sid: p.call_sid, uri: `${base}/Conferences/${conf.sid}/Participants/${p.call_sid}.json` });
    const muted = (await call('GET', `${base}/Conferences/${conf.sid}/Participants.json?Muted=false`)).json.participants;
    expect(muted.every((x: { muted: boolean }) => x.muted === false)).toBe(true);
    const other = (await call('GET', `${base}/Conferences.json`)).json.conferences[1];
    expect((await call('GET', `${base}/Conferences/${other.sid}/Participants/${p.call_sid}.json`)).status).toBe(404);
  });

  it('creates a participant keyed by a new call sid', async () => {
    const conf = (await call('GET', `${base}/Conferences.json`)).json.conferences[0];
    const r = await call('POST', `${base}/Conferences/${conf.sid}/Participants.json`, { From: '+14155550100', To: '+15558675310' });
    expect(r.status).toBe(201);
    expect(r.json.call_sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(r.json.conference_sid).toBe(conf.sid);
    expect((await call('POST', `${base}/Conferences/CF00000000000000000000000000000000/Participants.json`, { From: '+1', To: '+2' })).status).toBe(404);
  });

  it('deletes a recording, then answers 404 on every route', async () => {
    const calls = (await call('GET', `${base}/Recordings.json?PageSize=100`)).json.recordings as Array<{ sid: string; call_sid: string | null }>;
    const rec = calls.find((r) => r.call_sid)!;
    expect((await call('GET', `${base}/Calls/${rec.call_sid}/Recordings/${rec.sid}.json`)).status).toBe(200);
    expect((await call('DELETE', `${base}/Recordings/${rec.sid}.json`)).status).toBe(204);
    for (const path of [`${base}/Recordings/${rec.sid}.json`, `${base}/Calls/${rec.call_sid}/Recordings/${rec.sid}.json`]) {
      const r = await call('GET', path);
      expect(r.status).toBe(404);
      expect(r.json.code).toBe(20404);
    }
  });

  it('lists call-level and conference-level recordings and recording transcriptions', async () => {
    const all = (await call('GET', `${base}/Recordings.json?PageSize=100`)).json.recordings as Array<{
      sid: string;
      call_sid: string | null;
      conference_sid: string | null;
    }>;
    const onConf = all.find((r) => r.conference_sid)!;
    const confList = (await call('GET', `${base}/Conferences/${onConf.conference_sid}/Recordings.json`)).json.recordings;
    expect(confList.map((r: { sid: string }) => r.sid)).toContain(onConf.sid);
    const byCall = (await call('GET', `${base}/Recordings.json?CallSid=${all.find((r) => r.call_sid)!.call_sid}`)).json.recordings;
    expect(byCall.length).toBeGreaterThan(0);
    const tr = (await call('GET', `${base}/Transcriptions.json`)).json.transcriptions[0];
    const nested = await call('GET', `${base}/Recordings/${tr.recording_sid}/Transcriptions/${tr.sid}.json`);
    expect(nested.status).toBe(200);
  });

  it('creates an outgoing caller id validation request (200, its own shape)', async () => {
    const r = await call('POST', `${base}/OutgoingCallerIds.json`, { PhoneNumber: '+15558675399', FriendlyName: 'Desk' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['account_sid', 'call_sid', 'friendly_name', 'phone_number', 'validation_code']);
    expect(r.json).toMatchObject({ account_sid: AC, friendly_name: 'Desk', phone_number: '+15558675399' });
    expect(r.json.validation_code).toMatch(/^\d{6}$/);
  });

  it('validates required update parameters (Recording Status)', async () => {
    const rec = (await call('GET', `${base}/Recordings.json?PageSize=100`)).json.recordings.find((r: { call_sid: string | null }) => r.call_sid);
    const r = await call('POST', `${base}/Calls/${rec.call_sid}/Recordings/${rec.sid}.json`, {});
    expect(r.json).toMatchObject({ code: 20001, message: 'Missing required parameter Status in the post body', status: 400 });
  });
});

describe('accounts', () => {
  it('lists the main account and its seeded subaccount', async () => {
    const r = await call('GET', '/2010-04-01/Accounts.json');
    const sids = r.json.accounts.map((a: { sid: string }) => a.sid);
    expect(sids).toEqual(expect.arrayContaining([AC, SANDBOX_SUBACCOUNT_SID]));
  });

  it('creates a subaccount that the parent can address and that authenticates on its own', async () => {
    const created = await call('POST', '/2010-04-01/Accounts.json', { FriendlyName: 'Tenant 7' });
    expect(created.status).toBe(201);
    const sub = created.json;
    expect(sub).toMatchObject({ friendly_name: 'Tenant 7', owner_account_sid: AC, status: 'active', type: 'Full' });
    const path = `/2010-04-01/Accounts/${sub.sid}/Messages.json`;
    const m = await call('POST', path, { To: '+15558675310', From: '+14155550100', Body: 'sub' });
    expect(m.json.account_sid).toBe(sub.sid);
    expect((await call('GET', path)).json.messages.map((x: { sid: string }) => x.sid)).toEqual([m.json.sid]);
    // The subaccount's own token works for itself but not for its parent.
    const own = basic(sub.sid, sub.auth_token);
    expect((await call('GET', path, undefined, own)).status).toBe(200);
    expect((await call('GET', `${base}/Messages.json`, undefined, own)).status).toBe(404);
    // The parent's messages are not the subaccount's.
    expect((await call('GET', `${base}/Messages.json?PageSize=1000`)).json.messages.map((x: { sid: string }) => x.sid)).not.toContain(m.json.sid);
  });

  it('serves the seeded subaccount data to the parent', async () => {
    const r = await call('GET', `/2010-04-01/Accounts/${SANDBOX_SUBACCOUNT_SID}/Messages.json`);
    expect(r.status).toBe(200);
    expect(r.json.messages.length).toBe(3);
    expect(r.json.messages.every((m: { account_sid: string }) => m.account_sid === SANDBOX_SUBACCOUNT_SID)).toBe(true);
  });
});

describe('host routing', () => {
  it('narrows to the API of a *.twilio.com Host header', async () => {
    // Node's fetch will not set Host; use node:http directly.
    const http = await import('node:http');
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = http.request(`${sb.url}${base}/Messages.json?PageSize=1`, { headers: { host, authorization: AUTH } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('api.twilio.com')).toBe(200);
    expect(await status('messaging.twilio.com')).toBe(404);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After on the nth matching request', async () => {
    sb.faults.set([{ kind: 'status', status: 429, retryAfter: 2, nth: [2], pathIncludes: '/Calls.json' }]);
    expect((await call('GET', `${base}/Calls.json`)).status).toBe(200);
    const r = await call('GET', `${base}/Calls.json`);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.json).toEqual({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 });
    expect((await call('GET', `${base}/Calls.json`)).status).toBe(200);
    expect(sb.faults.hits).toBe(1);
  });

  it('answers 500 with 20500 and honours times and methods', async () => {
    sb.faults.set([{ kind: 'status', status: 500, times: 1, methods: ['post'] }]);
    expect((await call('GET', `${base}/Calls.json`)).status).toBe(200);
    const r = await call('POST', `${base}/Messages.json`, { To: '+15558675310', From: '+14155550100', Body: 'x' });
    expect(r.json).toMatchObject({ code: 20500, message: 'Internal Server Error', status: 500 });
    expect((await call('POST', `${base}/Messages.json`, { To: '+15558675310', From: '+14155550100', Body: 'x' })).status).toBe(201);
  });

  it('drops the connection', async () => {
    sb.faults.set([{ kind: 'drop', nth: [1] }]);
    await expect(call('GET', `${base}/Calls.json`)).rejects.toThrow();
    expect((await call('GET', `${base}/Calls.json`)).status).toBe(200);
  });

  it('delays a slow response', async () => {
    sb.faults.set([{ kind: 'slow', delayMs: 300 }]);
    const started = Date.now();
    expect((await call('GET', `${base}/Calls.json?PageSize=1`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('applies a seeded rate deterministically', async () => {
    const run = async (): Promise<number[]> => {
      sb.faults.set([{ kind: 'status', status: 503, rate: 0.5 }]);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call('GET', `${base}/Queues.json`)).status);
      return statuses;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  it('is controllable over HTTP without credentials', async () => {
    const set = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify([{ kind: 'status', status: 503 }]) });
    expect(set.status).toBe(200);
    expect((await call('GET', `${base}/Calls.json`)).json).toMatchObject({ code: 20503, status: 503 });
    expect((await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await call('GET', `${base}/Calls.json`)).status).toBe(200);
  });
});

describe('recorded requests and reset', () => {
  it('records method, path, query, lowercased headers and the raw body', async () => {
    await call('POST', `${base}/Messages.json?x=1`, { To: '+15558675310', From: '+14155550100', Body: 'rec' });
    const last = sb.requests[sb.requests.length - 1];
    expect(last).toMatchObject({ method: 'POST', path: `${base}/Messages.json`, query: 'x=1', body: 'To=%2B15558675310&From=%2B14155550100&Body=rec' });
    expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('restores the seed on POST /__sandbox/reset', async () => {
    const own = await startSandbox({ seed: { messages: 5, calls: 0 } });
    try {
      const auth = { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' };
      await fetch(`${own.url}${base}/Messages.json`, { method: 'POST', headers: auth, body: 'To=%2B15558675310&From=%2B14155550100&Body=x' });
      expect(own.store.count('Message', AC)).toBe(6);
      expect((await fetch(`${own.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
      expect(own.store.count('Message', AC)).toBe(5);
      expect(own.store.count('Call', AC)).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('produces the same seed data every time, with the documented counts', async () => {
    const [a, b] = await Promise.all([startSandbox(), startSandbox()]);
    try {
      const types = [
        'Account',
        'Message',
        'Call',
        'Conference',
        'ConferenceParticipant',
        'Recording',
        'Transcription',
        'Notification',
        'IncomingPhoneNumber',
        'OutgoingCallerId',
        'Application',
        'Queue',
        'ShortCode',
      ];
      for (const t of types) expect(b.store.records(t, AC)).toEqual(a.store.records(t, AC));
      const counts = Object.fromEntries(types.map((t) => [t, a.store.count(t, AC)]));
      expect(counts).toMatchObject({
        Account: 2,
        Message: 250,
        Call: 40,
        Conference: 3,
        Recording: 20,
        Transcription: 10,
        Notification: 10,
        IncomingPhoneNumber: 5,
        OutgoingCallerId: 3,
        Application: 3,
        Queue: 2,
        ShortCode: 2,
      });
      expect(counts.ConferenceParticipant).toBeGreaterThanOrEqual(6);
      const msgs = a.store.records('Message', AC);
      expect(msgs.some((m) => m.from === 'Anonymous' && m.direction === 'inbound')).toBe(true);
      expect(msgs.some((m) => String(m.to).startsWith('whatsapp:'))).toBe(true);
      expect(new Set(msgs.map((m) => m.status))).toEqual(new Set(['delivered', 'received', 'failed', 'undelivered']));
      expect(msgs.every((m) => String(m.date_created) >= '' && Date.parse(String(m.date_created)) >= Date.UTC(2026, 0, 1))).toBe(true);
      const recs = a.store.records('Recording', AC);
      expect(recs.some((r) => r.call_sid && !r.conference_sid)).toBe(true);
      expect(recs.some((r) => r.conference_sid && !r.call_sid)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  // How fast is for bench/ (the sandbox server there seeds 100,000 and 1,000,000); this checks that it pages them.
  it('seeds 100k messages and pages them', async () => {
    const big = await startSandbox({ seed: { messages: 100_000 } });
    try {
      expect(big.store.count('Message', AC)).toBe(100_000);
      const res = await fetch(`${big.url}${base}/Messages.json?PageSize=1000`, { headers: { authorization: AUTH } });
      const page = (await res.json()) as { messages: unknown[]; next_page_uri: string };
      expect(page.messages.length).toBe(1000);
    } finally {
      await big.close();
    }
  });
});
