// Each action on Message, Call, ConferenceParticipant (compound ids),
// IntelligenceV2CustomOperator (If-Match updates) and CommsContact, as workflows run in
// n8n's engine against the embedded sandbox; the library reads the records back.
import { readFixture, runWorkflow } from './helpers/engine';
import { expectNoSecrets, jsonOf, pairs, sandboxSuite } from './helpers/twilio';

const suite = sandboxSuite();
const secrets = () => [String(suite.credentials.twilioConnectorApi.authToken)];

it('Message: create → get → update → delete, and a query beside them', async () => {
  const ran = await runWorkflow(readFixture('message.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const [sent] = jsonOf(ran.output('Send SMS'));
  // The document object is typed by the response profile; the phone number normalised.
  expect(sent).toMatchObject({
    To: '+14155550100',
    From: '+14155550199',
    Body: 'Hello from n8n',
    NumMedia: '2',
    Sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
  });
  const [got] = ran.output('Get Message');
  expect(got.json).toMatchObject({ Sid: sent.Sid, Body: 'Hello from n8n' });
  expect(got.json.xml).toMatch(new RegExp(`^<Message>.*<Sid>${sent.Sid}</Sid>.*</Message>$`, 's'));
  expect(jsonOf(ran.output('Update Message'))).toEqual([expect.objectContaining({ Sid: sent.Sid, Body: 'Hello again' })]);
  expect(jsonOf(ran.output('Delete Message'))).toEqual([{ objectType: 'Message', id: sent.Sid, deleted: true }]);
  await expect(suite.fetch('Message', sent.Sid as string)).resolves.toEqual({ status: 'APPLICATION_ERROR 404' });

  const queried = jsonOf(ran.output('Query Messages'));
  expect(queried).toHaveLength(5);
  for (const m of queried) {
    expect(m.From).toBe('+14155550100');
    expect(m.DateSent).toMatch(/^2026-(0[6-9]|1[0-2])-\d\dT\d\d:\d\d:\d\dZ$/); // ISO 8601, after June 1st
    expect(m.Body).toBeNull(); // not among the fields to return
  }
  expectNoSecrets(ran, secrets());
});

it('Call: create → get → update → delete, and a query with Return All', async () => {
  const ran = await runWorkflow(readFixture('call.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const [placed] = jsonOf(ran.output('Place Call'));
  expect(placed).toMatchObject({ To: '+14155550100', Status: 'queued', Sid: expect.stringMatching(/^CA/) });
  expect(jsonOf(ran.output('Get Call'))).toEqual([expect.objectContaining({ Sid: placed.Sid })]);
  expect(jsonOf(ran.output('Hang Up'))).toEqual([expect.objectContaining({ Sid: placed.Sid, Status: 'completed' })]);
  expect(jsonOf(ran.output('Delete Call'))).toEqual([{ objectType: 'Call', id: placed.Sid, deleted: true }]);
  await expect(suite.fetch('Call', placed.Sid as string)).resolves.toEqual({ status: 'APPLICATION_ERROR 404' });
  const completed = jsonOf(ran.output('Query Calls'));
  expect(completed.length).toBeGreaterThan(1);
  expect(new Set(completed.map((c) => c.Status))).toEqual(new Set(['completed']));
});

it('ConferenceParticipant: compound ids ConferenceSid:CallSid, led by AccountSid: or not', async () => {
  const ran = await runWorkflow(readFixture('conference-participant.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const [conference] = jsonOf(ran.output('Find Conference'));
  const [added] = jsonOf(ran.output('Add Participant'));
  expect(added).toMatchObject({ ConferenceSid: conference.Sid, CallSid: expect.stringMatching(/^CA/), Muted: false });
  const id = `${added.ConferenceSid}:${added.CallSid}`;
  expect(jsonOf(ran.output('Get Participant'))).toEqual([expect.objectContaining({ CallSid: added.CallSid })]);
  expect(jsonOf(ran.output('Mute Participant'))).toEqual([expect.objectContaining({ CallSid: added.CallSid, Muted: true })]);
  expect(jsonOf(ran.output('Remove Participant'))).toEqual([{ objectType: 'ConferenceParticipant', id, deleted: true }]);
  const left = jsonOf(ran.output('Query Participants'));
  expect(left.length).toBeGreaterThan(0);
  expect(left.map((p) => p.CallSid)).not.toContain(added.CallSid);
  expect(new Set(left.map((p) => p.ConferenceSid))).toEqual(new Set([conference.Sid]));
  await expect(suite.fetch('ConferenceParticipant', id)).resolves.toEqual({ status: 'APPLICATION_ERROR 404' });
});

it('IntelligenceV2CustomOperator: an update carries If-Match; a stale version goes to the error output', async () => {
  const ran = await runWorkflow(readFixture('custom-operator.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const [created] = jsonOf(ran.output('Create Operator'));
  expect(created).toMatchObject({ FriendlyName: 'Action Items', OperatorType: 'GenerativeJSON', Config: { prompt: 'List the action items.' } });
  const [got] = jsonOf(ran.output('Get Operator'));
  const [renamed] = jsonOf(ran.output('Rename Operator'));
  expect(renamed).toMatchObject({ Sid: created.Sid, FriendlyName: 'Action Items v2' });
  expect(renamed.Version).toBeGreaterThan(got.Version as number);
  const ifMatch = suite.sb.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/Operators/Custom/${created.Sid}`)).map((r) => r.headers['if-match']);
  expect(ifMatch).toEqual([String(got.Version), String(got.Version)]);

  // The second rename names the version it read before the first: Twilio answers 412.
  expect(ran.output('Rename Again With Stale Version', 0)).toEqual([]);
  const [conflict] = ran.output('Rename Again With Stale Version', 1);
  expect(conflict.json.error).toEqual({
    message: expect.stringMatching(new RegExp(`^update IntelligenceV2CustomOperator id '${created.Sid}': Twilio answered 412 \\(code 20412\\)`)),
    status: 'APPLICATION_ERROR',
    objectType: 'IntelligenceV2CustomOperator',
    action: 'update',
    id: created.Sid,
    twilio: { status: 412, code: 20412, message: expect.stringContaining('If-Match'), moreInfo: expect.stringContaining('20412') },
  });
  expect(pairs([conflict])).toEqual([0]);
  expect(conflict.json.Sid).toBe(created.Sid); // the error output adds the input item's fields
  // From the error output: the item carries its input's fields, so the cleanup finds the Sid.
  expect(jsonOf(ran.output('Delete Operator'))).toEqual([{ objectType: 'IntelligenceV2CustomOperator', id: created.Sid, deleted: true }]);
  await expect(suite.fetch('IntelligenceV2CustomOperator', created.Sid as string)).resolves.toEqual({ status: 'APPLICATION_ERROR 404' });
  expect(jsonOf(ran.output('Query Operators')).map((o) => o.Availability)).toEqual(expect.arrayContaining(['general-availability']));
});

it('CommsContact: typed ids, batch create, token paging', async () => {
  const ran = await runWorkflow(readFixture('comms-contact.json'), suite.credentials);
  expect(ran.error).toBeUndefined();
  const [created] = jsonOf(ran.output('Create Contact'));
  expect(created).toMatchObject({ FirstName: 'Ada', LastName: 'Lovelace', Id: expect.stringMatching(/^comms_contact_[0-9a-z]{26}$/) });
  expect(jsonOf(ran.output('Get Contact'))).toEqual([expect.objectContaining({ Id: created.Id, Tags: { team: 'n8n' } })]);
  expect(jsonOf(ran.output('Rename Contact'))).toEqual([expect.objectContaining({ Id: created.Id, DisplayName: 'Countess of Lovelace' })]);
  expect(jsonOf(ran.output('Delete Contact'))).toEqual([{ objectType: 'CommsContact', id: created.Id, deleted: true }]);
  await expect(suite.fetch('CommsContact', created.Id as string)).resolves.toMatchObject({ status: expect.stringMatching(/^APPLICATION_ERROR 404/) });
  // Page size 5 over the seeded twelve (and the one created, while it lived): several pages.
  const all = jsonOf(ran.output('Query Contacts'));
  expect(all.length).toBeGreaterThanOrEqual(12);
  expect(new Set(all.map((c) => c.Id)).size).toBe(all.length);
  expect(suite.sb.requests.filter((r) => r.method === 'GET' && /\/Contacts$/.test(r.path)).length).toBeGreaterThanOrEqual(3);
});
