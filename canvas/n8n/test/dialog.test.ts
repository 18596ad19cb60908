// The node's dialog as n8n's editor loads it (load-options and resource-mapping methods
// through n8n-core's LoadOptionsContext), the credential test through its
// CredentialTestContext, and the fixtures' mapped elements checked against the dialog.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceMapperValue } from 'n8n-workflow';
import { catalog } from 'twilio-connector';
import { dialog, NODE_TYPE, readFixture } from './helpers/engine';
import { sandboxSuite } from './helpers/twilio';

const suite = sandboxSuite();

it('Resource lists every object type of the catalog, by label, searchable by name', async () => {
  const options = await (await dialog({})).loadOptions('objectTypes');
  expect(options).toHaveLength(catalog().objectTypes().length);
  expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
  expect(options.find((o) => o.value === 'Message')).toEqual({
    name: 'Message (SMS/MMS)',
    value: 'Message',
    description: 'Message: get, query, create, update, delete',
  });
  expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(['ConferenceParticipant', 'IntelligenceV2CustomOperator', 'CommsContact']));
});

it('Operation offers the actions of the chosen type, with its id forms', async () => {
  expect((await (await dialog({ resource: 'Notification' })).loadOptions('actions')).map((o) => o.value)).toEqual(['get', 'query']);
  const participant = await (await dialog({ resource: 'ConferenceParticipant' })).loadOptions('actions');
  expect(participant.map((o) => o.name)).toEqual(['Get', 'Query', 'Create', 'Update', 'Delete']);
  expect(participant.find((o) => o.value === 'get')!.description).toBe(
    'ID: ConferenceSid:CallSid, optionally led by AccountSid:; CallSid may be a name in place of the SID (a unique name, identity or label)',
  );
  const message = await (await dialog({ resource: 'Message' })).loadOptions('actions');
  expect(message.find((o) => o.value === 'get')!.description).toBe('ID: MessageSid, optionally led by AccountSid:');
  expect(participant.find((o) => o.value === 'query')!.description).toBe('Needs a parent filter: ConferenceSid');
  expect(await (await dialog({})).loadOptions('actions')).toEqual([]);
});

it('Filters, fields to return and headers come from the type', async () => {
  const participant = await dialog({ resource: 'ConferenceParticipant', operation: 'query' });
  const filters = await participant.loadOptions('filterFields', 'filters.filter.field');
  expect(filters.slice(0, 4).map((o) => o.value)).toEqual(['ConferenceSid', 'Muted', 'Hold', 'Coaching']);
  expect(filters.find((o) => o.value === 'Label')!.description).toBe('Checked on the fetched records');
  const messages = await (await dialog({ resource: 'Message', operation: 'query' })).loadOptions('filterFields', 'filters.filter.field');
  expect(messages.find((o) => o.value === 'DateSent')!.description).toBe('Twilio filters it; takes Before, On, After');
  expect((await participant.loadOptions('responseFields', 'fields')).map((o) => o.value)).toEqual(
    catalog()
      .describe('ConferenceParticipant')
      .fields.map((f) => f.name),
  );
  expect(await (await dialog({ resource: 'FlexV1Plugin', operation: 'create' })).loadOptions('headers', 'options.headers.header.name')).toEqual([
    { name: 'Flex-Metadata', value: 'Flex-Metadata' },
  ]);
  expect(await participant.loadOptions('headers', 'options.headers.header.name')).toEqual([]);
});

it('the elements of a create or update are the request profile, typed for the mapper', async () => {
  const { fields } = await (await dialog({ resource: 'IntelligenceV2CustomOperator', operation: 'update' })).resourceMapping('requestElements');
  expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
    ['Sid', 'string', true],
    ['IfMatch', 'string', true],
    ['FriendlyName', 'string', true],
    ['Config', 'object', true],
  ]);
  const message = await (await dialog({ resource: 'Message', operation: 'create' })).resourceMapping('requestElements');
  expect(message.fields.find((f) => f.id === 'MediaUrl')).toMatchObject({ type: 'array', required: false });
  expect(message.fields.find((f) => f.id === 'ProvideFeedback')).toMatchObject({ type: 'boolean' });
  expect((await (await dialog({ resource: 'Message', operation: 'get' })).resourceMapping('requestElements')).fields).toEqual([]);
});

it("every fixture's mapped elements are what the dialog offers for its type and operation", async () => {
  const dir = join(__dirname, 'workflows');
  let checked = 0;
  for (const file of readdirSync(dir)) {
    for (const node of readFixture(file).nodes.filter((n) => n.type === NODE_TYPE && n.parameters.document)) {
      const { fields } = await (await dialog(node.parameters)).resourceMapping('requestElements');
      const offered = new Map(fields.map((f) => [f.id, f]));
      const mapped = node.parameters.document as unknown as ResourceMapperValue;
      for (const entry of mapped.schema) expect([file, node.name, entry]).toEqual([file, node.name, offered.get(entry.id)]);
      for (const key of Object.keys(mapped.value ?? {})) expect([file, node.name, key, offered.has(key)]).toEqual([file, node.name, key, true]);
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(10);
});

it('the credential test fetches the account: OK with the right token, an error naming the status without any secret', async () => {
  const { credentialTest } = await dialog({});
  const good = suite.credentials.twilioConnectorApi;
  await expect(credentialTest(good)).resolves.toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to .+ \(active\)$/) });
  const wrong = 'e'.repeat(32);
  const failed = await credentialTest({ ...good, authToken: wrong });
  expect(failed).toMatchObject({ status: 'Error', message: expect.stringContaining('401') });
  expect(failed.message).not.toContain(wrong);
  const unusable = await credentialTest({ ...good, accountSid: 'not-an-account' });
  expect(unusable).toEqual({ status: 'Error', message: 'accountSid (TWILIO_ACCOUNT_SID) must match ^AC[0-9a-fA-F]{32}$' });
});

it("the node's parameters get n8n's defaults from the description", async () => {
  const { parameters } = await dialog({ resource: 'Message', operation: 'query' });
  expect(parameters).toMatchObject({ resource: 'Message', operation: 'query', returnAll: false, limit: 50, fields: [], options: {} });
});
