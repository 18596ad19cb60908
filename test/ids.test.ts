// Compound ids: route choice, account prefix, SID patterns, names, path encoding.
import { loadCatalog, objectType } from '../connector/catalog/load';
import { fillPath, resolveId } from '../connector/ids';

const catalog = loadCatalog();
const ACC = 'AC' + '0'.repeat(32);
const SUB = 'AC' + 'f'.repeat(32);
const CF = 'CF' + 'a'.repeat(32);
const CA = 'CA' + 'b'.repeat(32);
const RE = 'RE' + 'c'.repeat(32);
const NO = 'NO' + 'd'.repeat(32);
const SM = 'SM' + 'e'.repeat(32);
const MM = 'MM' + 'e'.repeat(32);
const TR = 'TR' + '1'.repeat(32);

describe('resolveId picks the route and fills path values', () => {
  it.each([
    ['Message', 'get', SM, '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', { AccountSid: ACC, Sid: SM }],
    ['Message', 'get', MM, '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', { AccountSid: ACC, Sid: MM }],
    ['Message', 'get', `${SUB}:${SM}`, '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', { AccountSid: SUB, Sid: SM }],
    [
      'ConferenceParticipant',
      'get',
      `${CF}:${CA}`,
      '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json',
      { AccountSid: ACC, ConferenceSid: CF, CallSid: CA },
    ],
    [
      'ConferenceParticipant',
      'delete',
      `${SUB}:${CF}:${CA}`,
      '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json',
      { AccountSid: SUB, ConferenceSid: CF, CallSid: CA },
    ],
    ['Recording', 'get', RE, '/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json', { AccountSid: ACC, Sid: RE }],
    [
      'Recording',
      'delete',
      `${CA}:${RE}`,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json',
      { AccountSid: ACC, CallSid: CA, Sid: RE },
    ],
    [
      'Recording',
      'get',
      `${CF}:${RE}`,
      '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings/{Sid}.json',
      { AccountSid: ACC, ConferenceSid: CF, Sid: RE },
    ],
    // Two segments: AccountSid:RecordingSid, not CallSid:RecordingSid — the prefixes tell them apart.
    ['Recording', 'get', `${SUB}:${RE}`, '/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json', { AccountSid: SUB, Sid: RE }],
    [
      'Recording',
      'get',
      `${SUB}:${CA}:${RE}`,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json',
      { AccountSid: SUB, CallSid: CA, Sid: RE },
    ],
    [
      'Recording',
      'update',
      `${CA}:${RE}`,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json',
      { AccountSid: ACC, CallSid: CA, Sid: RE },
    ],
    [
      'Notification',
      'get',
      `${CA}:${NO}`,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications/{Sid}.json',
      { AccountSid: ACC, CallSid: CA, Sid: NO },
    ],
    ['Notification', 'get', NO, '/2010-04-01/Accounts/{AccountSid}/Notifications/{Sid}.json', { AccountSid: ACC, Sid: NO }],
    [
      'Transcription',
      'get',
      `${RE}:${TR}`,
      '/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json',
      { AccountSid: ACC, RecordingSid: RE, Sid: TR },
    ],
    ['Account', 'get', SUB, '/2010-04-01/Accounts/{Sid}.json', { Sid: SUB }],
    ['Message', 'get', `  ${SM}  `, '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', { AccountSid: ACC, Sid: SM }],
  ] as const)('%s %s %s', (name, action, id, path, values) => {
    const r = resolveId(objectType(catalog, name), action, id, ACC);
    expect(r.route.instancePath).toBe(path);
    expect(r.pathValues).toEqual(values);
  });
});

describe('resolveId refuses bad ids before any request, naming the rule', () => {
  it.each([
    ['Message', 'get', '', /Sid: is required/],
    ['Message', 'get', 'SM123', /segment 1 'SM123' is not a MessageSid \(\^\(SM\|MM\)/],
    ['Message', 'get', CA, /segment 1 'CA.*' is not a MessageSid/],
    ['Message', 'get', `${CF}:${SM}`, /segment 1 'CF.*' is not an AccountSid/],
    ['Message', 'get', `${SM}:`, /has an empty segment/],
    ['Message', 'get', `:${SM}`, /has an empty segment/],
    ['Message', 'get', `${ACC}:${SUB}:${SM}`, /has 3 segment\(s\); expected MessageSid, optionally prefixed by AccountSid:/],
    ['ConferenceParticipant', 'get', CA, /has 1 segment\(s\); expected ConferenceSid:CallSid/],
    ['ConferenceParticipant', 'get', `${CA}:${CF}`, /segment 1 'CA.*' is not a ConferenceSid/],
    ['Recording', 'get', `${NO}:${RE}`, /expected RecordingSid or CallSid:RecordingSid or ConferenceSid:RecordingSid/],
    // The recording's own segment is what is wrong, not a first segment taken for an account.
    ['Recording', 'get', `${CA}:RExyz`, /segment 2 'RExyz' is not a RecordingSid/],
    ['Recording', 'get', `${CF}:${CA}`, /segment 2 'CA.*' is not a RecordingSid/],
    // A singleton's route is the form without an id.
    ['ConversationsV1Configuration', 'get', 'x', /expected no id or /],
    ['Message', 'get', '../../Calls/CA' + 'b'.repeat(32), /is not a MessageSid/],
    ['Message', 'get', 'SM' + 'e'.repeat(31) + '/', /is not a MessageSid/],
    ['Message', 'get', 'SM' + 'e'.repeat(31) + '%', /is not a MessageSid/],
    ['Message', 'get', 'sm' + 'e'.repeat(32), /is not a MessageSid/],
    ['Message', 'get', SM + 'e', /is not a MessageSid/],
    ['Notification', 'delete', NO, /Twilio does not offer delete on Notification; it offers get, query/],
  ] as const)('%s %s %j', (name, action, id, message) => {
    expect(() => resolveId(objectType(catalog, name), action, id, ACC)).toThrow(message);
  });

  it('names the operation, object and id in the message', () => {
    expect(() => resolveId(objectType(catalog, 'Call'), 'get', 'nope', ACC)).toThrow("get Call id 'nope': Sid: segment 1 'nope' is not a CallSid");
  });
});

describe('segments Twilio gives no pattern (orName) also take a name', () => {
  const conversation = () => objectType(catalog, 'ConversationsV1Conversation');

  it('take a name on an orName segment, and a SID there still picks the route by its form', () => {
    expect(resolveId(conversation(), 'get', 'my-unique-name', ACC).pathValues).toEqual({ Sid: 'my-unique-name' });
    const service = `IS${'a'.repeat(32)}`;
    const scoped = resolveId(conversation(), 'get', `${service}:support queue`, ACC);
    expect(scoped.route.instancePath).toBe('/v1/Services/{ChatServiceSid}/Conversations/{Sid}');
    expect(scoped.pathValues).toEqual({ ChatServiceSid: service, Sid: 'support queue' });
    expect(fillPath(scoped.route.instancePath!, scoped.pathValues)).toBe(`/v1/Services/${service}/Conversations/support%20queue`);
  });

  it("take a classic participant's label, led by AccountSid: or not", () => {
    const participant = objectType(catalog, 'ConferenceParticipant');
    expect(participant.routes[0].id.map((s) => s.orName === true)).toEqual([false, true]);
    expect(resolveId(participant, 'get', `${CF}:agent-1`, ACC).pathValues).toEqual({ AccountSid: ACC, ConferenceSid: CF, CallSid: 'agent-1' });
    expect(resolveId(participant, 'get', `${SUB}:${CF}:agent-1`, ACC).pathValues).toEqual({ AccountSid: SUB, ConferenceSid: CF, CallSid: 'agent-1' });
    expect(() => resolveId(participant, 'get', `agent-1:${CA}`, ACC)).toThrow("segment 1 'agent-1' is not a ConferenceSid (^CF[0-9a-fA-F]{32}$)");
  });

  it('refuse a name with a / or a bare . or .. on an orName segment', () => {
    expect(() => resolveId(conversation(), 'get', 'a/b', ACC)).toThrow(
      "segment 1 'a/b' is not a ConversationsV1ConversationSid (^CH[0-9a-fA-F]{32}$, or a name without '/')",
    );
    expect(() => resolveId(conversation(), 'get', '..', ACC)).toThrow(/is not a ConversationsV1ConversationSid/);
  });

  it('refuse a bad SID on a segment with a SID pattern, as before', () => {
    // ChatServiceSid has ^IS…$ in Twilio's definition: a name is no ChatServiceSid.
    expect(() => resolveId(conversation(), 'get', 'my-service:my-conversation', ACC)).toThrow(
      "Sid: segment 1 'my-service' is not a ChatServiceSid (^IS[0-9a-fA-F]{32}$)",
    );
    const message = objectType(catalog, 'Message');
    expect(() => resolveId(message, 'get', 'not-a-message', ACC)).toThrow("segment 1 'not-a-message' is not a MessageSid (^(SM|MM)[0-9a-fA-F]{32}$)");
  });
});

describe("typed ids: the catalog names each segment's prefix", () => {
  const bare = '01kbf16n00tdg9tsmt530r91da';
  const def = objectType(catalog, 'CommsAudienceContacts');

  it('takes a segment typed (comms_audience_…) or bare and puts the bare identifier in the path', () => {
    expect(def.routes[0].id.map((s) => s.typedPrefix)).toEqual(['comms_audience_', 'comms_contact_']);
    for (const id of [`comms_audience_${bare}:comms_contact_${bare}`, `${bare}:${bare}`]) {
      expect(resolveId(def, 'delete', id, ACC).pathValues).toEqual({ audience_id: bare, contact_id: bare });
    }
  });

  it('refuses an id typed for another segment, naming the typed form it takes', () => {
    expect(() => resolveId(def, 'delete', `comms_audience_${bare}:comms_audience_${bare}`, ACC)).toThrow(
      `segment 2 'comms_audience_${bare}' is not a contact_id (^[a-z0-9]{26,34}$, or typed comms_contact_…)`,
    );
  });

  it('is derived from the definitions, agent pools included (comms_agentpool_)', () => {
    expect(objectType(catalog, 'CommsAgentPoolAgents').routes[0].id.map((s) => s.typedPrefix)).toEqual(['comms_agentpool_', 'comms_agent_']);
    expect(objectType(catalog, 'Message').routes[0].id.some((s) => s.typedPrefix)).toBe(false);
  });
});

describe('fillPath', () => {
  it('percent-encodes every value as one segment', () => {
    expect(fillPath('/a/{X}/b/{Y}.json', { X: 'a/b', Y: 'c d?' })).toBe('/a/a%2Fb/b/c%20d%3F.json');
  });
  it('refuses a template with a value missing', () => {
    expect(() => fillPath('/a/{X}.json', {})).toThrow(/no value for X/);
  });
});
