// The seed resources of the newer APIs, every action against a local server:
// Intelligence v2 Custom Operators (If-Match updates, meta paging, 202 creates),
// Service-Operator attach/detach, and Flex Plugins (Flex-Metadata, archive as delete).
import { loadCatalog } from '../connector/catalog/load';
import { resolveConnection } from '../connector/connection';
import { Operation } from '../connector/operation';
import { basicAuth, type Recorder } from './helpers/recorder';
import { recordingSuite, TEST_ACCOUNT } from './helpers/run';

const ACCOUNT = TEST_ACCOUNT;
const LY = 'LY' + 'a'.repeat(32);
const LY2 = 'LY' + 'b'.repeat(32);
const GA = 'GA' + 'c'.repeat(32);
const FP = 'FP' + 'd'.repeat(32);
const catalog = loadCatalog();

const suite = recordingSuite();
const run = suite.run;
let server: Recorder;
beforeEach(() => (server = suite.server()));

const config = { configuration: { field: 'value', list: [1, 2.5, 'x'], nested: { ok: true, none: null } } };
const operator = (sid: string, version: number) => ({
  account_sid: ACCOUNT,
  sid,
  friendly_name: 'Redactor',
  description: 'New Operator',
  author: ACCOUNT,
  operator_type: 'GenerativeJSON',
  version,
  availability: 'public',
  config,
  date_created: '2010-08-31T20:36:28Z',
  date_updated: '2010-08-31T20:36:28Z',
  url: `https://intelligence.twilio.com/v2/Operators/Custom/${sid}`,
});

describe('IntelligenceV2CustomOperator', () => {
  it('Get fetches by LY sid and carries Config as JSON text', async () => {
    server.reply(() => ({ status: 200, body: operator(LY, 3) }));
    const { docs } = await run('IntelligenceV2CustomOperator', { action: 'get' }, [{ id: LY }]);
    expect(server.requests[0].path).toBe(`/v2/Operators/Custom/${LY}`);
    expect(server.requests[0].headers.authorization).toBe(basicAuth(ACCOUNT, 'tok'));
    expect(docs[0].xml).toContain('<Version>3</Version>');
    const text = /<Config>(.*)<\/Config>/.exec(docs[0].xml)![1];
    expect(JSON.parse(text.replace(/&quot;/g, '"'))).toEqual(config);
  });

  it('Query filters on Availability and follows meta.next_page_url', async () => {
    server.reply((req) =>
      req.query.get('PageToken')
        ? { status: 200, body: { operators: [operator(LY2, 1)], meta: { next_page_url: null, key: 'operators' } } }
        : {
            status: 200,
            body: {
              operators: [operator(LY, 1)],
              meta: { next_page_url: `${server.url}/v2/Operators/Custom?Availability=public&PageSize=1&PageToken=PT1`, key: 'operators' },
            },
          },
    );
    const { docs } = await run('IntelligenceV2CustomOperator', { action: 'query', filters: [{ field: 'Availability', op: 'eq', value: 'public' }] }, [{}]);
    expect(docs.map((d) => d.properties.id)).toEqual([LY, LY2]);
    expect(server.requests[0].path).toBe('/v2/Operators/Custom');
    expect(server.requests[0].query.get('Availability')).toBe('public');
    expect(server.requests[1].query.get('PageToken')).toBe('PT1');
  });

  it('Create posts the form with Config as JSON text and takes the 202', async () => {
    server.reply(() => ({ status: 202, body: operator(LY, 1) }));
    const xml = `<IntelligenceV2CustomOperator><FriendlyName>Redactor</FriendlyName><OperatorType>GenerativeJSON</OperatorType><Config>${JSON.stringify(config)}</Config></IntelligenceV2CustomOperator>`;
    const { results, docs } = await run('IntelligenceV2CustomOperator', { action: 'create' }, [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests[0].method).toBe('POST');
    expect(server.requests[0].path).toBe('/v2/Operators/Custom');
    expect(JSON.parse(server.requests[0].form.get('Config')!)).toEqual(config);
    expect(docs[0].properties.id).toBe(LY);
  });

  it('Create refuses a Config that is not JSON before any request', async () => {
    const xml =
      '<IntelligenceV2CustomOperator><FriendlyName>x</FriendlyName><OperatorType>t</OperatorType><Config>{oops</Config></IntelligenceV2CustomOperator>';
    const { results } = await run('IntelligenceV2CustomOperator', { action: 'create' }, [{ xml }]);
    expect(results[0].message).toMatch(/Config: '\{oops' is not JSON text/);
    expect(server.requests).toHaveLength(0);
  });

  it('Update sends the record Version as If-Match; a conflict is an application error', async () => {
    server.reply((req) =>
      req.headers['if-match'] === '3'
        ? { status: 202, body: operator(LY, 4) }
        : { status: 412, body: { code: 20412, message: 'Precondition Failed: version mismatch', status: 412 } },
    );
    const update = (version: string) =>
      `<IntelligenceV2CustomOperator><Sid>${LY}</Sid><IfMatch>${version}</IfMatch><FriendlyName>Redactor 2</FriendlyName><Config>{}</Config></IntelligenceV2CustomOperator>`;
    const { results, docs } = await run('IntelligenceV2CustomOperator', { action: 'update' }, [{ xml: update('3') }, { xml: update('2') }]);
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'APPLICATION_ERROR']);
    expect(docs[0].xml).toContain('<Version>4</Version>');
    expect(results[1].properties['twilio.status']).toBe('412');
    expect(server.requests.map((r) => [r.method, r.path, r.headers['if-match'], r.form.get('IfMatch')])).toEqual([
      ['POST', `/v2/Operators/Custom/${LY}`, '3', null],
      ['POST', `/v2/Operators/Custom/${LY}`, '2', null],
    ]);
  });

  it('Update without If-Match is refused: never a silent overwrite', async () => {
    const xml = `<IntelligenceV2CustomOperator><Sid>${LY}</Sid><FriendlyName>x</FriendlyName><Config>{}</Config></IntelligenceV2CustomOperator>`;
    const { results } = await run('IntelligenceV2CustomOperator', { action: 'update' }, [{ xml }]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', message: expect.stringMatching(/IfMatch: is required/) });
    expect(server.requests).toHaveLength(0);
  });

  it('Delete removes by sid', async () => {
    server.reply(() => ({ status: 204 }));
    const { results } = await run('IntelligenceV2CustomOperator', { action: 'delete' }, [{ xml: LY }]);
    expect(results[0].status).toBe('SUCCESS');
    expect([server.requests[0].method, server.requests[0].path]).toEqual(['DELETE', `/v2/Operators/Custom/${LY}`]);
  });
});

describe('IntelligenceV2OperatorAttachment (Service Operators)', () => {
  it('attach is a Create on /v2/Services/{GA}/Operators/{LY} answering 202', async () => {
    server.reply(() => ({
      status: 202,
      body: { service_sid: GA, operator_sid: LY, url: `https://intelligence.twilio.com/v2/Services/${GA}/Operators/${LY}` },
    }));
    const xml = `<IntelligenceV2OperatorAttachment><ServiceSid>${GA}</ServiceSid><OperatorSid>${LY}</OperatorSid></IntelligenceV2OperatorAttachment>`;
    const { results, docs } = await run('IntelligenceV2OperatorAttachment', { action: 'create' }, [{ xml }]);
    expect(results[0].status).toBe('SUCCESS');
    expect([server.requests[0].method, server.requests[0].path, server.requests[0].body]).toEqual(['POST', `/v2/Services/${GA}/Operators/${LY}`, '']);
    expect(docs[0].properties.id).toBe(`${GA}:${LY}`);
  });

  it('attach checks both SIDs before any request', async () => {
    const xml = `<IntelligenceV2OperatorAttachment><ServiceSid>${LY}</ServiceSid><OperatorSid>${LY}</OperatorSid></IntelligenceV2OperatorAttachment>`;
    const { results } = await run('IntelligenceV2OperatorAttachment', { action: 'create' }, [{ xml }]);
    expect(results[0].message).toMatch(/ServiceSid: 'LY.*' does not match \^GA/);
    expect(server.requests).toHaveLength(0);
  });

  it('detach is a Delete by ServiceSid:OperatorSid', async () => {
    server.reply(() => ({ status: 204 }));
    const { results } = await run('IntelligenceV2OperatorAttachment', { action: 'delete' }, [{ xml: `${GA}:${LY}` }]);
    expect(results[0].status).toBe('SUCCESS');
    expect([server.requests[0].method, server.requests[0].path]).toEqual(['DELETE', `/v2/Services/${GA}/Operators/${LY}`]);
  });
});

describe('FlexV1Plugin', () => {
  const plugin = (sid: string) => ({
    sid,
    account_sid: ACCOUNT,
    unique_name: 'crm',
    friendly_name: 'CRM',
    archived: false,
    date_created: '2020-01-10T20:00:00Z',
    links: { plugin_versions: '/v' },
  });

  it('Get, Query, Create and Update send the Flex-Metadata header given as an operation option', async () => {
    server.reply((req) =>
      req.method === 'GET' && req.path.endsWith('/Plugins')
        ? { status: 200, body: { plugins: [plugin(FP)], meta: { next_page_url: null, key: 'plugins' } } }
        : { status: req.method === 'POST' && req.path.endsWith('/Plugins') ? 201 : 200, body: plugin(FP) },
    );
    const headers = { 'Flex-Metadata': 'ui_version=2.8.0' };
    const get = await run('FlexV1Plugin', { action: 'get', headers }, [{ id: FP }]);
    const query = await run('FlexV1Plugin', { action: 'query', headers }, [{}]);
    const create = await run('FlexV1Plugin', { action: 'create', headers }, [
      { xml: '<FlexV1Plugin><UniqueName>crm</UniqueName><FriendlyName>CRM</FriendlyName></FlexV1Plugin>' },
    ]);
    const update = await run('FlexV1Plugin', { action: 'update', headers }, [
      { xml: `<FlexV1Plugin><Sid>${FP}</Sid><Description>new</Description></FlexV1Plugin>` },
    ]);
    for (const r of [get, query, create, update]) expect(r.results[0].status).toBe('SUCCESS');
    expect(server.requests.map((r) => [r.method, r.path, r.headers['flex-metadata']])).toEqual([
      ['GET', `/v1/PluginService/Plugins/${FP}`, 'ui_version=2.8.0'],
      ['GET', '/v1/PluginService/Plugins', 'ui_version=2.8.0'],
      ['POST', '/v1/PluginService/Plugins', 'ui_version=2.8.0'],
      ['POST', `/v1/PluginService/Plugins/${FP}`, 'ui_version=2.8.0'],
    ]);
    expect(server.requests[2].body).toBe('UniqueName=crm&FriendlyName=CRM');
    expect(get.docs[0].xml).toContain('<Links>{"plugin_versions":"/v"}</Links>');
  });

  it('Delete archives the plugin: Twilio offers no delete', async () => {
    server.reply(() => ({ status: 200, body: { ...plugin(FP), archived: true } }));
    const { results } = await run('FlexV1Plugin', { action: 'delete' }, [{ id: FP }]);
    expect(results[0].status).toBe('SUCCESS');
    expect([server.requests[0].method, server.requests[0].path]).toEqual(['POST', `/v1/PluginService/Plugins/${FP}/Archive`]);
  });

  it('refuses a header the object type does not declare', () => {
    const connection = resolveConnection({ accountSid: ACCOUNT, authToken: 'tok', baseUrl: server.url });
    expect(() => new Operation(connection, { objectType: 'FlexV1Plugin', action: 'get', headers: { 'X-Evil': '1' } }, catalog)).toThrow(
      /header X-Evil is not one FlexV1Plugin get accepts \(Flex-Metadata\)/,
    );
  });
});
