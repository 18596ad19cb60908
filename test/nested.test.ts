// Structured objects of Twilio's definitions as nested XML: response objects become
// nested elements (arrays: repeated ones), request objects are built from nested
// elements (or JSON text) into typed JSON, and both validate against their profiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../connector/catalog/load';
import { requestBody } from '../connector/request';
import { stringifyJson } from '../connector/values/raw-json';
import type { Recorder } from './helpers/recorder';
import { recordingSuite } from './helpers/run';
import { validateXml } from './helpers/xmllint';

const PN = 'PN' + 'a'.repeat(32);
const xsd = (file: string) => readFileSync(join(PROJECT_ROOT, 'profiles', file), 'utf8');

const suite = recordingSuite();
const run = suite.run;
let server: Recorder;
beforeEach(() => (server = suite.server()));

describe('response objects', () => {
  it('IncomingPhoneNumber capabilities render as nested elements that validate', async () => {
    server.reply(() => ({
      status: 200,
      body: { sid: PN, phone_number: '+14155550100', capabilities: { voice: true, sms: false, mms: true, fax: null, extra: 1 } },
    }));
    const { docs } = await run('IncomingPhoneNumber', { action: 'get' }, [{ id: PN }]);
    expect(docs[0].xml).toContain('<Capabilities><Mms>true</Mms><Sms>false</Sms><Voice>true</Voice><Fax/></Capabilities>');
    expect(await validateXml(docs[0].xml, xsd('IncomingPhoneNumber.get.response.xsd'))).toEqual({ valid: true, errors: [] });
  });

  it('an object Twilio sends in another shape is kept as JSON text, never dropped', async () => {
    server.reply(() => ({ status: 200, body: { sid: PN, capabilities: 'all' } }));
    const { docs } = await run('IncomingPhoneNumber', { action: 'get' }, [{ id: PN }]);
    expect(docs[0].xml).toContain('<Capabilities>all</Capabilities>');
  });
});

describe('request objects', () => {
  const report = (inner: string) => ({ xml: `<InsightsV1CreateAccountReport>${inner}</InsightsV1CreateAccountReport>` });

  it('nested and repeated elements become typed JSON', async () => {
    server.reply(() => ({ status: 202, body: { report_id: 'x' } }));
    const doc = report(
      '<time_range><start_datetime>2026-01-01 00:00:00</start_datetime><end_datetime>Thu, 01 Jan 2026 12:00:00 +0100</end_datetime></time_range>' +
        '<filters><key>direction</key><values>inbound</values><values>outbound</values></filters><filters><key>edge</key></filters>',
    );
    const { results } = await run('InsightsV1CreateAccountReport', { action: 'create' }, [doc]);
    expect(results[0].status).toBe('SUCCESS');
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0].body)).toEqual({
      time_range: { start_datetime: '2026-01-01T00:00:00Z', end_datetime: '2026-01-01T11:00:00Z' },
      filters: [{ key: 'direction', values: ['inbound', 'outbound'] }, { key: 'edge' }],
    });
    expect(await validateXml(doc.xml, xsd('InsightsV1CreateAccountReport.create.request.xsd'))).toEqual({ valid: true, errors: [] });
  });

  it('an object may also be given as JSON text', async () => {
    server.reply(() => ({ status: 202, body: {} }));
    await run('InsightsV1CreateAccountReport', { action: 'create' }, [report('<time_range>{"start_datetime":"2026-01-01T00:00:00Z"}</time_range>')]);
    expect(JSON.parse(server.requests[0].body)).toEqual({ time_range: { start_datetime: '2026-01-01T00:00:00Z' } });
  });

  it.each([
    ['<time_range><start>2026-01-01</start></time_range>', /time_range\.start: is not an element of time_range; accepted: start_datetime, end_datetime/],
    ['<time_range><start_datetime>soon</start_datetime></time_range>', /start_datetime: 'soon' is not a timestamp/],
    ['<time_range>{oops</time_range>', /time_range: '\{oops' is not JSON text/],
    ['<time_range/><time_range/><filters><key><a/></key></filters>', /filters\.key: must hold text, not child elements/],
  ])('%s is refused before any request', async (inner, message) => {
    const { results } = await run('InsightsV1CreateAccountReport', { action: 'create' }, [report(inner)]);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('a text parameter given child elements is refused', async () => {
    const { results } = await run('Message', { action: 'create' }, [{ xml: '<Message><To><Number>1</Number></To></Message>' }]);
    expect(results[0].message).toMatch(/To: must hold text, not child elements/);
  });
});

describe('JSON bodies', () => {
  it('carry JSON text and integers beyond 2^53 as written, in JSON form (no + or leading zeros)', () => {
    const body = {
      encoding: 'json' as const,
      params: [
        { name: 'n', type: 'integer' as const },
        { name: 'small', type: 'integer' as const },
        { name: 'j', type: 'json' as const },
      ],
    };
    const { json } = requestBody(body, [
      ['n', '+012345678901234567890'],
      ['small', '+42'],
      ['j', '{"id": 98765432109876543210, "ok": true}'],
    ]);
    expect(stringifyJson(json)).toBe('{"n":12345678901234567890,"small":42,"j":{"id": 98765432109876543210, "ok": true}}');
    expect(stringifyJson({ plain: 'text', list: [1, 2] })).toBe(JSON.stringify({ plain: 'text', list: [1, 2] }));
  });
});
