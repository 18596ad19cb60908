// End to end: the connector against the embedded sandbox, every action, with the
// output documents checked against the sandbox's own state and the XSD profiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import type { Action } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import { Operation, type InputDocument, type OperationOptions } from '../connector/operation';
import { parseTimestamp } from '../connector/values/dates';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, SANDBOX_SUBACCOUNT_SID, startSandbox, type Sandbox } from '../sandbox';
import { validateXml } from './helpers/xmllint';
import { drain } from './helpers/run';

const catalog = loadCatalog();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date('2026-11-15T12:00:00Z') });
});
afterAll(() => sb.close());

async function run(objectType: string, action: Action, inputs: InputDocument[], extra: Partial<OperationOptions> = {}) {
  const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
  const op = new Operation(connection, { objectType, action, returnApplicationErrors: true, ...extra }, catalog);
  return drain(op, inputs);
}

function value(xml: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml);
  return m?.[1];
}

const xsdCache = new Map<string, string>();
async function expectProfileValid(xml: string, name: string, action: Action, kind: 'request' | 'response' = 'response') {
  const file = join(PROJECT_ROOT, 'profiles', `${name}.${action}.${kind}.xsd`);
  if (!xsdCache.has(file)) xsdCache.set(file, readFileSync(file, 'utf8'));
  const { valid, errors } = await validateXml(xml, xsdCache.get(file)!);
  expect(errors).toEqual([]);
  expect(valid).toBe(true);
}

describe('Query then Get, for every object type', () => {
  // The operation guide's object types, which the sandbox seeds.
  const classic: Array<{ name: string }> = JSON.parse(readFileSync(join(PROJECT_ROOT, 'scripts/catalog-selection.json'), 'utf8')).objects;
  const names = classic.map((o) => o.name).filter((n) => n !== 'ConferenceParticipant');

  it.each(names)('%s', async (name) => {
    const listed = await run(name, 'query', [{}], { limit: 3 });
    expect(listed.results[0].status).toBe('SUCCESS');
    expect(listed.docs.length).toBeGreaterThan(0);
    const ids = listed.docs.map((d) => d.properties.id);
    const fetched = await run(
      name,
      'get',
      ids.map((id) => ({ id })),
    );
    expect(fetched.results.map((r) => r.status)).toEqual(ids.map(() => 'SUCCESS'));
    expect(fetched.docs.map((d) => d.xml)).toEqual(listed.docs.map((d) => d.xml));
    for (const d of [...listed.docs.slice(0, 1), ...fetched.docs.slice(0, 1)]) await expectProfileValid(d.xml, name, 'get');
  });

  it('ConferenceParticipant through its conference, and Get by ConferenceSid:CallSid', async () => {
    const conference = (await run('Conference', 'query', [{}], { limit: 1 })).docs[0].properties.id;
    const { docs } = await run('ConferenceParticipant', 'query', [{}], { filters: [{ field: 'ConferenceSid', op: 'eq', value: conference }] });
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(docs[0].properties.id).toMatch(new RegExp(`^${conference}:CA[0-9a-f]{32}$`));
    const got = await run('ConferenceParticipant', 'get', [{ id: docs[0].properties.id }]);
    expect(got.docs[0].xml).toBe(docs[0].xml);
  });
});

describe('Query filters are exact against the sandbox state', () => {
  it('DateSent after/before a timestamp returns exactly the matching messages', async () => {
    const from = '2026-03-01 12:30:00';
    const to = '2026-04-15T08:00:00Z';
    const { docs } = await run('Message', 'query', [{}], {
      pageSize: 37,
      filters: [
        { field: 'DateSent', op: 'after', value: from },
        { field: 'DateSent', op: 'before', value: to },
      ],
    });
    const lo = parseTimestamp(from).getTime();
    const hi = parseTimestamp(to).getTime();
    const expected = sb.store
      .records('Message', AC)
      .filter((r) => typeof r.date_sent === 'string' && parseTimestamp(r.date_sent).getTime() > lo && parseTimestamp(r.date_sent).getTime() < hi)
      .map((r) => r.sid)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(docs.map((d) => d.properties.id).sort()).toEqual(expected);
  });

  it('DateCreated on a day for conferences (a date-only Twilio filter)', async () => {
    const conference = sb.store.records('Conference', AC)[0];
    const day = new Date(parseTimestamp(String(conference.date_created)).getTime()).toISOString().slice(0, 10);
    const { docs } = await run('Conference', 'query', [{}], { filters: [{ field: 'DateCreated', op: 'on', value: day }] });
    expect(docs.map((d) => d.properties.id)).toContain(conference.sid);
    for (const d of docs) expect(new Date(parseTimestamp(value(d.xml, 'DateCreated')!).getTime()).toISOString().slice(0, 10)).toBe(day);
  });

  it('Fields to return and ISO timestamps', async () => {
    const { docs } = await run('Message', 'query', [{}], { limit: 2, fields: ['Sid', 'DateSent'], timestamps: 'iso8601' });
    expect(value(docs[0].xml, 'DateSent')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(docs[0].xml).toContain('<Body/>');
    await expectProfileValid(docs[0].xml, 'Message', 'query');
  });
});

describe('Create, Update, Delete', () => {
  it('Message: create with media, update, delete, then Get is an application error', async () => {
    const created = await run('Message', 'create', [
      {
        xml:
          '<Message><To>(415) 555-0142</To><From>+14155550100</From><Body>Order 1234 shipped</Body>' +
          '<MediaUrl>https://example.com/a.png</MediaUrl><MediaUrl>https://example.com/b.png</MediaUrl></Message>',
      },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    const xml = created.docs[0].xml;
    await expectProfileValid(xml, 'Message', 'create');
    expect(value(xml, 'To')).toBe('+14155550142');
    expect(value(xml, 'NumMedia')).toBe('2');
    const sid = created.docs[0].properties.id;
    expect(sid).toMatch(/^(SM|MM)[0-9a-f]{32}$/);
    expect(sb.store.get('Message', AC, sid)?.body).toBe('Order 1234 shipped');

    const updated = await run('Message', 'update', [{ xml: `<Message><Sid>${sid}</Sid><Status>canceled</Status></Message>` }]);
    expect(updated.results[0].status).toBe('SUCCESS');
    expect(value(updated.docs[0].xml, 'Status')).toBe('canceled');

    const deleted = await run('Message', 'delete', [{ xml: sid }]);
    expect(deleted.results).toEqual([{ input: 0, status: 'SUCCESS', documents: 0, properties: {} }]);
    const gone = await run('Message', 'get', [{ id: sid }]);
    expect(gone.results[0]).toMatchObject({ status: 'APPLICATION_ERROR', properties: { 'twilio.status': '404', 'twilio.code': '20404' } });
  });

  it('Message: Twilio-side validation errors come back as application errors', async () => {
    const { results, docs } = await run('Message', 'create', [
      { xml: '<Message><To>+14155550142</To><From>+14155550100</From><Body>ok</Body></Message>' },
      { xml: '<Message><To>+14155550142</To><From>+14155550100</From><Body>ok</Body><AccountSid>ACffffffffffffffffffffffffffffffff</AccountSid></Message>' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR']);
    expect(docs[1].xml).toMatch(/^<TwilioError><Status>404<\/Status><Code>20404<\/Code>/);
  });

  it('Call: create, redirect with an update, delete', async () => {
    const created = await run('Call', 'create', [
      {
        xml:
          '<Call><To>client:alice</To><From>+14155550100</From><Url>https://example.com/twiml</Url>' +
          '<StatusCallbackEvent>initiated</StatusCallbackEvent><StatusCallbackEvent>completed</StatusCallbackEvent></Call>',
      },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    expect(value(created.docs[0].xml, 'To')).toBe('client:alice');
    const sid = created.docs[0].properties.id;
    const updated = await run('Call', 'update', [{ xml: `<Call><Sid>${sid}</Sid><Status>completed</Status></Call>` }]);
    expect(value(updated.docs[0].xml, 'Status')).toBe('completed');
    expect((await run('Call', 'delete', [{ id: sid }])).results[0].status).toBe('SUCCESS');
    expect(sb.store.get('Call', AC, sid)).toBeUndefined();
  });

  it('ConferenceParticipant: add to a conference, mute, drop', async () => {
    const conference = sb.store.records('Conference', AC)[0].sid as string;
    const created = await run('ConferenceParticipant', 'create', [
      { xml: `<ConferenceParticipant><ConferenceSid>${conference}</ConferenceSid><From>+14155550100</From><To>+14155550177</To></ConferenceParticipant>` },
    ]);
    expect(created.results[0].status).toBe('SUCCESS');
    const id = created.docs[0].properties.id;
    expect(id.startsWith(`${conference}:CA`)).toBe(true);
    const muted = await run('ConferenceParticipant', 'update', [{ xml: `<ConferenceParticipant><Sid>${id}</Sid><Muted>true</Muted></ConferenceParticipant>` }]);
    expect(value(muted.docs[0].xml, 'Muted')).toBe('true');
    expect((await run('ConferenceParticipant', 'delete', [{ xml: `<ConferenceParticipant><Sid>${id}</Sid></ConferenceParticipant>` }])).results[0].status).toBe(
      'SUCCESS',
    );
    expect((await run('ConferenceParticipant', 'get', [{ id }])).results[0].status).toBe('APPLICATION_ERROR');
  });

  it('Recording: start on a call, pause, delete by CallSid:RecordingSid', async () => {
    const call = sb.store.records('Call', AC)[0].sid as string;
    const created = await run('Recording', 'create', [{ xml: `<Recording><CallSid>${call}</CallSid></Recording>` }]);
    expect(created.results[0].status).toBe('SUCCESS');
    const sid = value(created.docs[0].xml, 'Sid')!;
    const paused = await run('Recording', 'update', [{ xml: `<Recording><Sid>${call}:${sid}</Sid><Status>paused</Status></Recording>` }]);
    expect(paused.results[0].status).toBe('SUCCESS');
    expect(value(paused.docs[0].xml, 'Status')).toBe('paused');
    expect((await run('Recording', 'delete', [{ id: `${call}:${sid}` }])).results[0].status).toBe('SUCCESS');
  });

  it.each([
    ['Queue', '<Queue><FriendlyName>support</FriendlyName><MaxSize>20</MaxSize></Queue>', '<MaxSize>30</MaxSize>'],
    [
      'Application',
      '<Application><FriendlyName>ivr</FriendlyName><VoiceUrl>https://example.com/v</VoiceUrl></Application>',
      '<FriendlyName>ivr2</FriendlyName>',
    ],
    ['IncomingPhoneNumber', '<IncomingPhoneNumber><PhoneNumber>+14155550188</PhoneNumber></IncomingPhoneNumber>', '<FriendlyName>main line</FriendlyName>'],
  ])('%s: create, update, delete', async (name, createXml, change) => {
    const created = await run(name, 'create', [{ xml: createXml }]);
    expect(created.results[0]).toMatchObject({ status: 'SUCCESS' });
    await expectProfileValid(created.docs[0].xml, name, 'create');
    const sid = created.docs[0].properties.id;
    const updated = await run(name, 'update', [{ xml: `<${name}><Sid>${sid}</Sid>${change}</${name}>` }]);
    expect(updated.results[0].status).toBe('SUCCESS');
    const [el, v] = /<(\w+)>([^<]*)</.exec(change)!.slice(1);
    expect(value(updated.docs[0].xml, el)).toBe(v);
    expect((await run(name, 'delete', [{ id: sid }])).results[0].status).toBe('SUCCESS');
  });

  it('OutgoingCallerId: create answers with the validation request profile', async () => {
    const { docs, results } = await run('OutgoingCallerId', 'create', [
      { xml: '<OutgoingCallerId><PhoneNumber>415 555 0199</PhoneNumber></OutgoingCallerId>' },
    ]);
    expect(results[0].status).toBe('SUCCESS');
    expect(value(docs[0].xml, 'PhoneNumber')).toBe('+14155550199');
    expect(value(docs[0].xml, 'ValidationCode')).toMatch(/^\d{6}$/);
    await expectProfileValid(docs[0].xml, 'OutgoingCallerId', 'create');
  });

  it('Account: create a subaccount, rename it, reach its messages with AccountSid:', async () => {
    const created = await run('Account', 'create', [{ xml: '<Account><FriendlyName>tenant-7</FriendlyName></Account>' }]);
    const sub = created.docs[0].properties.id;
    expect(sub).toMatch(/^AC[0-9a-f]{32}$/);
    const renamed = await run('Account', 'update', [{ xml: `<Account><Sid>${sub}</Sid><FriendlyName>tenant-8</FriendlyName></Account>` }]);
    expect(value(renamed.docs[0].xml, 'FriendlyName')).toBe('tenant-8');

    const inSub = await run('Message', 'query', [{}], { filters: [{ field: 'AccountSid', op: 'eq', value: SANDBOX_SUBACCOUNT_SID }] });
    expect(inSub.docs.length).toBeGreaterThan(0);
    // A subaccount's record id is led by its AccountSid: the id Get takes back.
    const id = inSub.docs[0].properties.id;
    expect(id).toMatch(new RegExp(`^${SANDBOX_SUBACCOUNT_SID}:SM[0-9a-f]{32}$`));
    const got = await run('Message', 'get', [{ id }]);
    expect(got.docs[0].xml).toBe(inSub.docs[0].xml);
    expect(got.docs[0].properties.id).toBe(id);
    // The account's own records keep their bare ids.
    const own = await run('Message', 'query', [{}], { limit: 1 });
    expect(own.docs[0].properties.id).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("a subaccount's record as a Query wrote it (AccountSid beside a bare Sid) is updated and deleted where it lives", async () => {
    const inSub = await run('Message', 'query', [{}], { filters: [{ field: 'AccountSid', op: 'eq', value: SANDBOX_SUBACCOUNT_SID }], limit: 2 });
    const [first, second] = inSub.docs.map((d) => ({ account: value(d.xml, 'AccountSid'), sid: value(d.xml, 'Sid'), id: d.properties.id }));
    expect(first.account).toBe(SANDBOX_SUBACCOUNT_SID);
    const updated = await run('Message', 'update', [{ xml: `<Message><AccountSid>${first.account}</AccountSid><Sid>${first.sid}</Sid><Body/></Message>` }]);
    expect(updated.results[0].status).toBe('SUCCESS');
    expect(updated.docs[0].properties.id).toBe(first.id);
    expect((await run('Message', 'get', [{ id: first.id }])).docs[0].xml).toContain('<Body/>');
    await expectProfileValid(`<Message><AccountSid>${first.account}</AccountSid><Sid>${first.sid}</Sid><Body/></Message>`, 'Message', 'update', 'request');

    const deleted = await run('Message', 'delete', [{ xml: `<Message><AccountSid>${second.account}</AccountSid><Sid>${second.sid}</Sid></Message>` }]);
    expect(deleted.results[0].status).toBe('SUCCESS');
    expect((await run('Message', 'get', [{ id: second.id }], { returnApplicationErrors: true })).results[0].properties['twilio.status']).toBe('404');

    // An AccountSid the Sid's own prefix contradicts is refused before any request.
    const other = 'AC' + 'f'.repeat(32);
    const conflicting = await run('Message', 'update', [{ xml: `<Message><AccountSid>${other}</AccountSid><Sid>${first.id}</Sid><Body/></Message>` }]);
    expect(conflicting.results[0]).toMatchObject({
      status: 'FAILURE',
      message: expect.stringMatching(`is a record of account ${SANDBOX_SUBACCOUNT_SID}, not of AccountSid ${other}`),
    });
  });

  it("a subaccount record's id names its children's parent: the AccountSid: prefix picks the account", async () => {
    const call = await run('Call', 'create', [
      { xml: `<Call><AccountSid>${SANDBOX_SUBACCOUNT_SID}</AccountSid><To>+14155550101</To><From>+14155550100</From><Url>https://example.com/t</Url></Call>` },
    ]);
    const callId = call.docs[0].properties.id;
    expect(callId).toMatch(new RegExp(`^${SANDBOX_SUBACCOUNT_SID}:CA`));
    const recording = await run('Recording', 'create', [{ xml: `<Recording><CallSid>${callId}</CallSid></Recording>` }]);
    expect(recording.results[0].status).toBe('SUCCESS');
    const listed = await run('Recording', 'query', [{}], { filters: [{ field: 'CallSid', op: 'eq', value: callId }] });
    expect(listed.docs.map((d) => d.properties.id)).toEqual([recording.docs[0].properties.id]);
    const other = 'AC' + 'f'.repeat(32);
    // Another account named as AccountSid conflicts, and so does the connection's own: it is not replaced.
    for (const named of [other, AC]) {
      const conflicting = await run('Recording', 'query', [{}], {
        filters: [
          { field: 'CallSid', op: 'eq', value: callId },
          { field: 'AccountSid', op: 'eq', value: named },
        ],
      });
      expect(conflicting.results[0]).toMatchObject({
        status: 'FAILURE',
        message: expect.stringMatching(`is a record of account ${SANDBOX_SUBACCOUNT_SID}, not of AccountSid ${named}`),
      });
    }
  });
});
