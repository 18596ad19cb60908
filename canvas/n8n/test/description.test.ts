// What three of n8n's community-node lint rules check, on the node and credential as n8n
// loads them: the rules read literals in the source and cannot see these (the credential's
// name is a constant, its fields and the operations are built from the connector's
// manifest and catalog), so lint.test.ts passing says nothing about them.
import { NodeHelpers } from 'n8n-workflow';
import { catalog, manifest } from 'twilio-connector';
import { dialog, loadPackage, shutdownEngine } from './helpers/engine';

afterAll(() => shutdownEngine());

// credential-password-field's test of a field name (its SENSITIVE_PATTERNS, NON_SENSITIVE_PATTERNS).
const SENSITIVE = ['password', 'secret', 'token', 'cert', 'passphrase', 'apikey', 'secretkey', 'privatekey', 'authkey'];
const NOT_SENSITIVE = ['url', 'pub', 'id'];
const soundsSecret = (name: string) => !NOT_SENSITIVE.some((p) => name.toLowerCase().includes(p)) && SENSITIVE.some((p) => name.toLowerCase().includes(p));
// Its name says key, but it is the API key's SID (SK…), an identifier Twilio's console shows
// next to the key; n8n's own Twilio credential keeps it (apiKeySid) in plain text too.
const NOT_A_SECRET = ['apiKey'];

async function loaded() {
  const loader = await loadPackage();
  const node = NodeHelpers.getVersionedNodeType(loader.getNode('twilioConnector').type, 1);
  return { node, credential: loader.getCredential('twilioConnectorApi').type };
}

it('credential-test-required: the credential is tested, by a node method that exists or by its own test', async () => {
  const { node, credential } = await loaded();
  const uses = (node.description.credentials ?? []).filter((c) => c.name === credential.name);
  expect(uses.length).toBeGreaterThan(0);
  for (const use of uses) {
    if (credential.test) continue;
    expect(use.testedBy).toEqual(expect.any(String));
    expect(typeof node.methods?.credentialTest?.[use.testedBy as string]).toBe('function');
  }
});

it('credential-password-field: every secret the manifest declares, and every field named like one, is a password field', async () => {
  const { credential } = await loaded();
  const declaredSecrets = manifest()
    .connection.fields.filter((f) => f.type === 'password')
    .map((f) => f.name);
  const secrets = credential.properties.filter((p) => declaredSecrets.includes(p.name) || (soundsSecret(p.name) && !NOT_A_SECRET.includes(p.name)));
  expect(secrets.map((p) => p.name)).toEqual(['authToken', 'apiSecret']);
  for (const p of secrets) expect([p.name, p.typeOptions?.password]).toEqual([p.name, true]);
  for (const name of NOT_A_SECRET) expect(credential.properties.find((p) => p.name === name)?.typeOptions?.password).toBeUndefined();
});

it('resource-operation-pattern: operations sit under a resource, at most five per type, each with an action', async () => {
  const { node } = await loaded();
  const byName = new Map(node.description.properties.map((p) => [p.name, p]));
  expect(byName.get('resource')).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'objectTypes' } });
  expect(byName.get('operation')).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'actions', loadOptionsDependsOn: ['resource'] } });
  const types = catalog().objectTypes();
  expect(types.length).toBeGreaterThan(500);
  for (const type of types) {
    const operations = await (await dialog({ resource: type.name })).loadOptions('actions');
    expect([type.name, operations.length > 0 && operations.length <= 5]).toEqual([type.name, true]);
    for (const o of operations) expect([type.name, o.value, o.action]).toEqual([type.name, o.value, expect.stringMatching(/^\S.* \S/)]);
  }
});
