// The sandbox serving Twilio's newer APIs (v1/v2 on other hosts): meta paging with
// absolute URLs, ISO dates, absolute record urls and links, routing of shared paths by
// host, attach/detach, archive-as-delete, If-Match versions, JSON bodies; over plain
// HTTP and through Twilio's own Node client.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConnection } from '../connector/connection';
import { Operation } from '../connector/operation';
import { httpCall, type Reply } from './helpers/http';
import { drain } from './helpers/run';
import { SPEC_DIR } from './helpers/openapi';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, SANDBOX_SUBACCOUNT_AUTH_TOKEN, SANDBOX_SUBACCOUNT_SID, startSandbox, type Sandbox } from '../sandbox';

const NOW = '2026-11-15T12:00:00Z';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const AUTH = basic(AC, SANDBOX_AUTH_TOKEN);
const INTELLIGENCE = 'https://intelligence.twilio.com';
const FLEX = 'https://flex-api.twilio.com';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock: () => new Date(NOW) });
});
afterAll(() => sb.close());

interface CallOptions {
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
  auth?: string;
}

/** An absolute Twilio URL is sent to the sandbox. */
function call(method: string, pathOrUrl: string, opts: CallOptions = {}): Promise<Reply> {
  const path = pathOrUrl.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, '');
  return httpCall(sb.url, method, path, { ...opts, headers: { authorization: opts.auth ?? AUTH, ...opts.headers } });
}

const operatorConfig = (prompt: string): string => JSON.stringify({ prompt, json_result_schema: { type: 'object' } });

async function newOperator(name: string): Promise<any> {
  const r = await call('POST', '/v2/Operators/Custom', { form: { FriendlyName: name, OperatorType: 'GenerativeJSON', Config: operatorConfig(name) } });
  expect(r.status).toBe(202);
  return r.json;
}

describe('served types', () => {
  it('covers the newer APIs, classic ones unchanged', () => {
    const types = sb.store.model.types;
    expect(types.size).toBeGreaterThan(300);
    for (const name of [
      'Message',
      'Call',
      'IntelligenceV2CustomOperator',
      'IntelligenceV2OperatorAttachment',
      'IntelligenceV2Service',
      'FlexV1Plugin',
      'SyncV1Service',
      'ChatV2Service',
    ]) {
      expect(types.has(name)).toBe(true);
    }
    // Singletons are not served (the Communications API's settings neither); every token-paged type of it is.
    expect(types.has('FlexV1Configuration')).toBe(false);
    expect(types.has('CommsContactSettings')).toBe(false);
    const tokenPaged = [...sb.store.model.catalog.objectTypes.values()].filter((d) => d.pages?.next === 'pagination.next');
    expect(tokenPaged.length).toBeGreaterThan(20);
    expect(tokenPaged.filter((d) => !types.has(d.name)).map((d) => d.name)).toEqual([]);
  });

  it('seeds a few records of the newer APIs deterministically', async () => {
    const other = await startSandbox();
    try {
      for (const t of ['IntelligenceV2Service', 'IntelligenceV2CustomOperator', 'FlexV1Plugin']) {
        expect(other.store.records(t, AC)).toEqual(sb.store.records(t, AC).filter((r) => String(r.date_created) < '2026-11'));
      }
      expect(other.store.count('IntelligenceV2Service', AC)).toBe(2);
      expect(other.store.count('IntelligenceV2CustomOperator', AC)).toBe(3);
      expect(other.store.count('FlexV1Plugin', AC)).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe('meta paging', () => {
  it('visits every record exactly once by following meta.next_page_url', async () => {
    for (let i = 0; i < 8; i++) await newOperator(`Paged operator ${i}`);
    const total = sb.store.count('IntelligenceV2CustomOperator', AC);
    expect(total).toBeGreaterThanOrEqual(11);

    const seen: string[] = [];
    const pages: any[] = [];
    let next: string | null = '/v2/Operators/Custom?PageSize=3';
    while (next) {
      const page: Reply = await call('GET', next);
      expect(page.status).toBe(200);
      pages.push(page.json.meta);
      seen.push(...page.json.operators.map((o: any) => o.sid));
      next = page.json.meta.next_page_url;
      if (next) expect(next.startsWith(`${INTELLIGENCE}/v2/Operators/Custom?PageSize=3&Page=${pages.length}&PageToken=PA`)).toBe(true);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toHaveLength(Math.ceil(total / 3));
    expect(pages[0]).toEqual({
      page: 0,
      page_size: 3,
      first_page_url: `${INTELLIGENCE}/v2/Operators/Custom?PageSize=3&Page=0`,
      previous_page_url: null,
      url: `${INTELLIGENCE}/v2/Operators/Custom?PageSize=3&Page=0`,
      next_page_url: expect.stringMatching(/^https:\/\/intelligence\.twilio\.com\/v2\/Operators\/Custom\?PageSize=3&Page=1&PageToken=PALY[0-9a-f]{32}$/),
      key: 'operators',
    });
    expect(pages[1].previous_page_url).toMatch(/^https:\/\/intelligence\.twilio\.com\/v2\/Operators\/Custom\?PageSize=3&Page=0&PageToken=PBLY/);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i));
  });

  it('writes newer-API records: ISO dates, absolute url and links, the caller account', async () => {
    const page = await call('GET', '/v1/PluginService/Plugins');
    expect(page.status).toBe(200);
    expect(Object.keys(page.json)).toEqual(['plugins', 'meta']);
    const plugin = page.json.plugins[0];
    expect(plugin.date_created).toMatch(ISO);
    expect(plugin.account_sid).toBe(AC);
    expect(plugin.url).toBe(`${FLEX}/v1/PluginService/Plugins/${plugin.sid}`);
    expect(plugin.links).toEqual({ plugin_versions: `${FLEX}/v1/PluginService/Plugins/${plugin.sid}/Versions` });
    expect(page.json).not.toHaveProperty('next_page_uri');
  });

  it('keeps the classic envelope for the 2010 API', async () => {
    const page = await call('GET', `/2010-04-01/Accounts/${AC}/Queues.json`);
    expect(page.json).toHaveProperty('next_page_uri');
    expect(page.json).not.toHaveProperty('meta');
  });

  it('scopes newer-API records to the caller account', async () => {
    const sub = await call('GET', '/v2/Operators/Custom', { auth: basic(SANDBOX_SUBACCOUNT_SID, SANDBOX_SUBACCOUNT_AUTH_TOKEN) });
    expect(sub.status).toBe(200);
    expect(sub.json.operators).toEqual([]);
  });
});

describe('custom operators: create 202, If-Match updates', () => {
  it('creates with 202 and version 1', async () => {
    const op = await newOperator('Sentiment');
    expect(op).toMatchObject({
      sid: expect.stringMatching(/^LY[0-9a-f]{32}$/),
      account_sid: AC,
      friendly_name: 'Sentiment',
      operator_type: 'GenerativeJSON',
      version: 1,
      config: { prompt: 'Sentiment', json_result_schema: { type: 'object' } },
      date_created: NOW,
      date_updated: NOW,
    });
    expect(op.url).toBe(`${INTELLIGENCE}/v2/Operators/Custom/${op.sid}`);
    expect((await call('GET', `/v2/Operators/Custom/${op.sid}`)).json).toEqual(op);
  });

  it('answers 400 for a missing required parameter', async () => {
    const r = await call('POST', '/v2/Operators/Custom', { form: { FriendlyName: 'x', OperatorType: 'GenerativeJSON' } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(20001);
  });

  it('bumps the version when If-Match names the current one, answers 412 otherwise', async () => {
    const op = await newOperator('Versioned');
    const path = `/v2/Operators/Custom/${op.sid}`;
    const first = await call('POST', path, { form: { FriendlyName: 'Versioned v2', Config: operatorConfig('v2') }, headers: { 'If-Match': '1' } });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ version: 2, friendly_name: 'Versioned v2', config: { prompt: 'v2' } });

    const stale = await call('POST', path, { form: { FriendlyName: 'stale', Config: operatorConfig('stale') }, headers: { 'If-Match': '1' } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({
      code: 20412,
      message: expect.stringContaining('If-Match'),
      more_info: 'https://www.twilio.com/docs/errors/20412',
      status: 412,
    });
    expect((await call('GET', path)).json).toMatchObject({ version: 2, friendly_name: 'Versioned v2' });

    // An ETag-style quoted value names the same version.
    const quoted = await call('POST', path, { form: { FriendlyName: 'Versioned v3', Config: operatorConfig('v3') }, headers: { 'If-Match': '"2"' } });
    expect(quoted.json.version).toBe(3);
  });

  it('deletes with 204, after which the operator is gone', async () => {
    const op = await newOperator('Doomed');
    expect((await call('DELETE', `/v2/Operators/Custom/${op.sid}`)).status).toBe(204);
    expect((await call('GET', `/v2/Operators/Custom/${op.sid}`)).json).toMatchObject({ code: 20404, status: 404 });
  });
});

describe('operators: custom and pre-built (seed 000)', () => {
  /** The availability values Twilio's definition allows for a schema of the Intelligence API. */
  const availabilities = (schema: string): string[] => {
    const spec = JSON.parse(readFileSync(join(SPEC_DIR, 'twilio_intelligence_v2.json'), 'utf8'));
    return spec.components.schemas[schema].enum;
  };

  /** Every operator a list path pages through (meta.next_page_url), by SID. */
  async function listAll(path: string, auth?: string): Promise<any[]> {
    const out: any[] = [];
    for (let next: string | null = path; next;) {
      const page: Reply = await call('GET', next, { auth });
      expect(page.status).toBe(200);
      out.push(...page.json.operators);
      next = page.json.meta.next_page_url;
    }
    return out;
  }

  it('a created custom operator answers its author and an availability of the definition, so an Availability filter finds it', async () => {
    const op = await newOperator('Availability probe');
    expect(op.author).toBe(AC);
    expect(availabilities('custom_operator_enum_availability')).toContain(op.availability);
    const found = await listAll(`/v2/Operators/Custom?Availability=${op.availability}&PageSize=1000`);
    expect(found.map((o) => o.sid)).toContain(op.sid);
  });

  it('seeds pre-built operators for every account, authored by Twilio', async () => {
    const main = await listAll('/v2/Operators/PreBuilt');
    expect(main.length).toBeGreaterThanOrEqual(3);
    const allowed = availabilities('prebuilt_operator_enum_availability');
    for (const op of main) {
      expect(op).toMatchObject({ account_sid: AC, author: 'Twilio', config: null, url: `${INTELLIGENCE}/v2/Operators/PreBuilt/${op.sid}` });
      expect(allowed).toContain(op.availability);
    }
    expect((await call('GET', `/v2/Operators/PreBuilt/${main[0].sid}`)).json).toEqual(main[0]);
    const sub = await listAll('/v2/Operators/PreBuilt', basic(SANDBOX_SUBACCOUNT_SID, SANDBOX_SUBACCOUNT_AUTH_TOKEN));
    expect(sub.map((o) => [o.sid, o.friendly_name, o.account_sid])).toEqual(main.map((o) => [o.sid, o.friendly_name, SANDBOX_SUBACCOUNT_SID]));
  });

  it('GET /v2/Operators lists custom and pre-built operators; GET /v2/Operators/{LY…} fetches either', async () => {
    const custom = await listAll('/v2/Operators/Custom');
    const prebuilt = await listAll('/v2/Operators/PreBuilt');
    const all = await listAll('/v2/Operators?PageSize=2');
    expect(all.map((o) => o.sid).sort()).toEqual([...custom, ...prebuilt].map((o) => o.sid).sort());
    for (const op of [custom[0], prebuilt[0]]) {
      const got = await call('GET', `/v2/Operators/${op.sid}`);
      expect(got.status).toBe(200);
      expect(got.json).toEqual({ ...op, url: `${INTELLIGENCE}/v2/Operators/${op.sid}` });
      expect(all.find((o) => o.sid === op.sid)).toEqual(got.json);
    }
    expect((await call('GET', `/v2/Operators/LY${'f'.repeat(32)}`)).status).toBe(404);
    const beta = await listAll('/v2/Operators?Availability=beta');
    expect(beta.length).toBeGreaterThan(0);
    expect(beta.every((o) => o.availability === 'beta')).toBe(true);
  });
});

describe('operator attachments: create on the instance path', () => {
  it('attaches and detaches an operator, visible in the service operator list', async () => {
    const [service] = sb.store.records('IntelligenceV2Service', AC);
    const op = await newOperator('Attachable');
    const path = `/v2/Services/${service.sid}/Operators/${op.sid}`;
    const list = `/v2/Services/${service.sid}/Operators`;

    const attached = await call('POST', path);
    expect(attached.status).toBe(202);
    expect(attached.json).toEqual({ operator_sid: op.sid, service_sid: service.sid, url: `${INTELLIGENCE}${path}` });
    expect((await call('POST', path)).status).toBe(202); // attaching twice changes nothing
    expect((await call('GET', list)).json).toEqual({ operator_sids: [op.sid], service_sid: service.sid, url: `${INTELLIGENCE}${list}` });

    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', list)).json.operator_sids).toEqual([]);
    expect((await call('DELETE', path)).status).toBe(404);
  });

  it('answers 404 for an unknown service or operator', async () => {
    const [service] = sb.store.records('IntelligenceV2Service', AC);
    const op = await newOperator('Orphan');
    expect((await call('POST', `/v2/Services/GA${'0'.repeat(32)}/Operators/${op.sid}`)).status).toBe(404);
    expect((await call('POST', `/v2/Services/${service.sid}/Operators/LY${'0'.repeat(32)}`)).status).toBe(404);
    expect((await call('GET', `/v2/Services/GA${'0'.repeat(32)}/Operators`)).status).toBe(404);
  });
});

describe('flex plugins: archive instead of delete', () => {
  it('creates, updates and archives a plugin', async () => {
    const created = await call('POST', '/v1/PluginService/Plugins', { form: { UniqueName: 'plugin-http', FriendlyName: 'HTTP plugin' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ sid: expect.stringMatching(/^FP[0-9a-f]{32}$/), unique_name: 'plugin-http', archived: false, date_created: NOW });
    const path = `/v1/PluginService/Plugins/${created.json.sid}`;

    const updated = await call('POST', path, { form: { Description: 'now described' } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ description: 'now described', friendly_name: 'HTTP plugin' });

    const archived = await call('POST', `${path}/Archive`);
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ sid: created.json.sid, archived: true });
    expect((await call('GET', path)).json.archived).toBe(true);
    expect((await call('DELETE', path)).status).toBe(404); // Twilio offers no DELETE here
    expect((await call('POST', `/v1/PluginService/Plugins/FP${'0'.repeat(32)}/Archive`)).status).toBe(404);
  });
});

describe('verbs catalogued as their own type', () => {
  it('archives a plugin version through POST …/Versions/{Sid}/Archive', async () => {
    const plugin = await call('POST', '/v1/PluginService/Plugins', { form: { UniqueName: 'plugin-versioned' } });
    const versions = `/v1/PluginService/Plugins/${plugin.json.sid}/Versions`;
    const v = await call('POST', versions, { form: { Version: '1.0.0', PluginUrl: 'https://example.com/plugin-1.0.0.js' } });
    expect(v.status).toBe(201);
    expect(v.json).toMatchObject({ sid: expect.stringMatching(/^FV[0-9a-f]{32}$/), plugin_sid: plugin.json.sid, version: '1.0.0', archived: false });
    const archived = await call('POST', `${versions}/${v.json.sid}/Archive`);
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ sid: v.json.sid, plugin_sid: plugin.json.sid, archived: true, url: `${FLEX}${versions}/${v.json.sid}` });
    expect((await call('GET', `${versions}/${v.json.sid}`)).json.archived).toBe(true);
    expect((await call('POST', `${versions}/FV${'0'.repeat(32)}/Archive`)).status).toBe(404);
  });
});

describe('routing shared paths', () => {
  it('routes by X-Twilio-Host or a *.twilio.com Host header', async () => {
    const sync = await call('POST', '/v1/Services', { form: { FriendlyName: 'sync svc' }, headers: { 'X-Twilio-Host': 'sync.twilio.com' } });
    expect(sync.status).toBe(201);
    expect(sync.json.url).toBe(`https://sync.twilio.com/v1/Services/${sync.json.sid}`);
    const chat = await call('POST', '/v1/Services', { form: { FriendlyName: 'chat svc' }, headers: { Host: 'chat.twilio.com' } });
    expect(chat.status).toBe(201);
    expect(chat.json.url).toBe(`https://chat.twilio.com/v1/Services/${chat.json.sid}`);

    const listed = await call('GET', '/v1/Services', { headers: { 'X-Twilio-Host': 'sync.twilio.com' } });
    expect(listed.json.services.map((s: any) => s.sid)).toEqual([sync.json.sid]);
    expect(listed.json.meta.url).toBe('https://sync.twilio.com/v1/Services?PageSize=50&Page=0');

    // Another API's host does not see the record; an unknown host serves nothing.
    expect((await call('GET', `/v1/Services/${sync.json.sid}`, { headers: { Host: 'chat.twilio.com' } })).status).toBe(404);
    expect((await call('GET', '/v2/Operators/Custom', { headers: { Host: 'api.twilio.com' } })).status).toBe(404);
  });

  it('without a Twilio host, finds the API that holds the record', async () => {
    const sync = await call('POST', '/v1/Services', { form: { FriendlyName: 'by existence' }, headers: { 'X-Twilio-Host': 'sync.twilio.com' } });
    const got = await call('GET', `/v1/Services/${sync.json.sid}`);
    expect(got.status).toBe(200);
    expect(got.json.url).toBe(`https://sync.twilio.com/v1/Services/${sync.json.sid}`);
    // A SID prefix picks the API whose pattern it fits (MG: Messaging services).
    const mg = await call('POST', '/v1/Services', { form: { FriendlyName: 'msg' }, headers: { 'X-Twilio-Host': 'messaging.twilio.com' } });
    expect(mg.json.sid).toMatch(/^MG/);
    expect((await call('GET', `/v1/Services/${mg.json.sid}`)).json.url).toBe(`https://messaging.twilio.com/v1/Services/${mg.json.sid}`);
  });

  it('without a Twilio host, a create goes where its parameters fit', async () => {
    // /v2/Services is Chat's and Intelligence's; UniqueName is required by (and LanguageCode only declared by) Intelligence.
    const r = await call('POST', '/v2/Services', { form: { UniqueName: 'fits-intelligence', LanguageCode: 'en-US' } });
    expect(r.status).toBe(201);
    expect(r.json.url).toMatch(/^https:\/\/intelligence\.twilio\.com\/v2\/Services\/GA[0-9a-f]{32}$/);
    expect(r.json.version).toBe(1);
  });

  it('prefers literal segments to parameters (/v2/Operators/Custom is not operator "Custom")', async () => {
    const r = await call('GET', '/v2/Operators/Custom?PageSize=1');
    expect(r.json.meta.key).toBe('operators');
    expect(r.json.meta.url).toBe(`${INTELLIGENCE}/v2/Operators/Custom?PageSize=1&Page=0`);
  });
});

describe('JSON bodies', () => {
  it('creates and replaces (PUT) content from JSON', async () => {
    const types = { 'twilio/text': { body: 'Hi {{1}}' } };
    const created = await call('POST', '/v1/Content', { json: { friendly_name: 'greeting', language: 'en', variables: { 1: 'name' }, types } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      sid: expect.stringMatching(/^HX[0-9a-f]{32}$/),
      friendly_name: 'greeting',
      language: 'en',
      variables: { 1: 'name' },
      types,
    });
    const put = await call('PUT', `/v1/Content/${created.json.sid}`, { json: { friendly_name: 'greeting v2', language: 'en', types } });
    expect(put.status).toBe(200);
    expect(put.json.friendly_name).toBe('greeting v2');
    expect((await call('POST', `/v1/Content/${created.json.sid}`, { json: {} })).status).toBe(404); // the update is a PUT
    expect((await call('POST', '/v1/Content', { json: { friendly_name: 'no types' } })).json.code).toBe(20001);
  });
});

describe("Twilio's Node client", () => {
  /** Sends every https://*.twilio.com request to the sandbox, naming the original host in X-Twilio-Host. */
  class SandboxRequestClient extends RequestClient {
    constructor(private readonly target: string) {
      super();
    }

    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const m = /^https:\/\/([a-z0-9.-]+\.twilio\.com)/.exec(opts.uri);
      const headers = m ? { ...opts.headers, 'X-Twilio-Host': m[1] } : opts.headers;
      return super.request<TData>({ ...opts, headers, uri: m ? this.target + opts.uri.slice(m[0].length) : opts.uri });
    }
  }

  let client: twilio.Twilio;
  beforeAll(() => {
    client = twilio(AC, SANDBOX_AUTH_TOKEN, { httpClient: new SandboxRequestClient(sb.url) });
  });

  it('lists custom operators', async () => {
    const ops = await client.intelligence.v2.customOperators.list({ limit: 5 });
    expect(ops).toHaveLength(5);
    for (const op of ops) {
      expect(op.sid).toMatch(/^LY/);
      expect(op.dateCreated).toBeInstanceOf(Date);
      expect(Number.isNaN(op.dateCreated.getTime())).toBe(false);
      expect(typeof op.version).toBe('number');
    }
    const all = await client.intelligence.v2.customOperators.list({ pageSize: 4 });
    expect(all).toHaveLength(sb.store.count('IntelligenceV2CustomOperator', AC));
    expect(new Set(all.map((o) => o.sid)).size).toBe(all.length);
  });

  it('creates and updates a custom operator with If-Match', async () => {
    const config = { prompt: 'Rate the agent from 1 to 5.', json_result_schema: { type: 'object' } };
    const op = await client.intelligence.v2.customOperators.create({ friendlyName: 'Agent rating', operatorType: 'GenerativeJSON', config });
    expect(op.sid).toMatch(/^LY[0-9a-f]{32}$/);
    expect(op.version).toBe(1);
    expect(op.config).toEqual(config);
    expect(op.dateCreated).toEqual(new Date(NOW));
    expect(op.url).toBe(`${INTELLIGENCE}/v2/Operators/Custom/${op.sid}`);

    const updated = await client.intelligence.v2.customOperators(op.sid).update({ friendlyName: 'Agent rating v2', config, ifMatch: '1' });
    expect(updated.version).toBe(2);
    expect(updated.friendlyName).toBe('Agent rating v2');
    await expect(client.intelligence.v2.customOperators(op.sid).update({ friendlyName: 'stale', config, ifMatch: '1' })).rejects.toMatchObject({
      status: 412,
      code: 20412,
    });

    const [service] = await client.intelligence.v2.services.list({ limit: 1 });
    const attachment = await client.intelligence.v2.operatorAttachment(service.sid, op.sid).create();
    expect(attachment).toMatchObject({ serviceSid: service.sid, operatorSid: op.sid });
    const attachments = await client.intelligence.v2.operatorAttachments(service.sid).fetch();
    expect(attachments.operatorSids).toContain(op.sid);
    expect(await client.intelligence.v2.operatorAttachment(service.sid, op.sid).remove()).toBe(true);
  });

  it('creates, fetches and archives a Flex plugin', async () => {
    const plugin = await client.flexApi.v1.plugins.create({ uniqueName: 'plugin-from-client', friendlyName: 'From client' });
    expect(plugin.sid).toMatch(/^FP[0-9a-f]{32}$/);
    const fetched = await client.flexApi.v1.plugins(plugin.sid).fetch();
    expect(fetched).toMatchObject({ sid: plugin.sid, uniqueName: 'plugin-from-client', friendlyName: 'From client', accountSid: AC });
    expect(fetched.dateCreated).toEqual(new Date(NOW));
    expect(fetched.links).toEqual({ plugin_versions: `${FLEX}/v1/PluginService/Plugins/${plugin.sid}/Versions` });

    const archived = await client.flexApi.v1.pluginArchive(plugin.sid).update();
    expect(archived.sid).toBe(plugin.sid);
    expect(archived.archived).toBe(true);
    expect((await client.flexApi.v1.plugins(plugin.sid).fetch()).archived).toBe(true);

    const version = await client.flexApi.v1.plugins(plugin.sid).pluginVersions.create({ versionParam: '0.1.0', pluginUrl: 'https://example.com/p.js' });
    expect(version.archived).toBe(false);
    const versionArchived = await client.flexApi.v1.pluginVersionArchive(plugin.sid, version.sid).update();
    expect(versionArchived).toMatchObject({ sid: version.sid, pluginSid: plugin.sid, archived: true });
  });
});

describe('port-in requests page as their definition says: Size, Token, meta.next_token', () => {
  const LIST = '/v1/Porting/PortIn/PortInRequests';
  let created: string[] = [];
  beforeAll(async () => {
    created = [];
    // More than the sandbox's default page of 50, so a list that ignored Size and next_token would show it.
    for (let i = 0; i < 55; i++) {
      const r = await call('POST', '/v1/Porting/PortIn', {
        json: {
          account_sid: AC,
          target_port_in_date: '2026-12-20',
          losing_carrier_information: {},
          phone_numbers: [{ phone_number: `+1415555${1000 + i}` }],
          documents: ['RD' + '0'.repeat(32)],
        },
      });
      expect(r.status).toBe(202);
      created.push(r.json.port_in_request_sid);
    }
  });

  it('Size sets the page, next_token continues it with Token, previous_token goes back', async () => {
    const first = await call('GET', `${LIST}?Size=2`);
    expect(first.status).toBe(200);
    expect(first.json.port_in_requests).toHaveLength(2);
    expect(first.json.meta.previous_token).toBeNull();
    const seen = first.json.port_in_requests.map((r: any) => r.port_in_request_sid);
    let next = first.json.meta.next_token;
    let last: Reply | undefined;
    while (next) {
      last = await call('GET', `${LIST}?Size=2&Token=${encodeURIComponent(next)}`);
      expect(last.json.meta.previous_token).toEqual(expect.any(String));
      seen.push(...last.json.port_in_requests.map((r: any) => r.port_in_request_sid));
      next = last.json.meta.next_token;
    }
    expect(seen.sort()).toEqual([...created].sort());
    const back = await call('GET', `${LIST}?Size=2&Token=${encodeURIComponent(last!.json.meta.previous_token)}`);
    expect(back.json.port_in_requests).toHaveLength(2);
  });

  it("a Size beyond the definition's 100, or a token not its own, is refused as Twilio does", async () => {
    const big = await call('GET', `${LIST}?Size=101`);
    expect(big.status).toBe(400);
    expect(big.json.message).toMatch(/Size \(at most 100\)/);
    expect((await call('GET', `${LIST}?Token=nonsense`)).json.message).toMatch(/Invalid value nonsense for parameter Token/);
  });

  it("the connector's Query at page size 2 gets every one of them", async () => {
    const connection = resolveConnection({ accountSid: AC, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sb.url });
    const { docs, results } = await drain(new Operation(connection, { action: 'query', objectType: 'NumbersV1PortingPortIn', pageSize: 2 }), [{}]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(docs.map((d) => d.properties.id).sort()).toEqual([...created].sort());
  });
});
