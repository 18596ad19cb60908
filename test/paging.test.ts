// Paging as data: a dialect made up here is only a catalog entry; lists that repeat
// themselves, next-page links that leave Twilio and pages of the wrong shape each end
// the Query with a FAILURE that says so, against loopback servers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import type { ObjectTypeDef, PagingDef } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import type { TwilioHttpClient, TwilioRequest } from '../connector/http/client';
import { Operation, type OperationOptions } from '../connector/operation';
import type { Recorded, Recorder } from './helpers/recorder';
import { drain, recordingSuite, TEST_ACCOUNT } from './helpers/run';

const suite = recordingSuite();
const run = suite.run;
let server: Recorder;
beforeEach(() => (server = suite.server()));

const SM = (n: number) => 'SM' + n.toString(16).padStart(32, '0');
const GA = (n: number) => 'GA' + n.toString(16).padStart(32, '0');
const WG = (n: number) => 'WG' + n.toString(16).padStart(32, '0');
const MESSAGES = `/2010-04-01/Accounts/${TEST_ACCOUNT}/Messages.json`;

describe('a paging dialect is a catalog entry', () => {
  // Dialects no Twilio API speaks, each only a `pages` value in a test catalog.
  const dialects: Array<[string, PagingDef, (req: Recorded, end: number, more: boolean) => Record<string, unknown>]> = [
    [
      'a cursor token at links.after.cursor, sent back as ?after=, page size per_page capped at 3',
      { sizeParam: 'per_page', maxSize: 3, next: 'links.after.cursor', nextIs: 'token', tokenParam: 'after' },
      (_req, end, more) => ({ links: { after: { cursor: more ? `c${end}` : null } } }),
    ],
    [
      'an absolute URL at paging.next_href, no size parameter',
      { next: 'paging.next_href', nextIs: 'absolute-url' },
      (_req, end, more) => ({ paging: { next_href: more ? `https://widgets.twilio.com/v1/Widgets?after=c${end}` : null } }),
    ],
  ];
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function catalogWith(pages: PagingDef) {
    root = mkdtempSync(join(tmpdir(), 'paging-dialect-'));
    const widget: ObjectTypeDef = {
      name: 'Widget',
      label: 'Widget',
      api: 'made_up_v1',
      baseUrl: 'https://widgets.twilio.com',
      listKey: 'items',
      pages,
      routes: [{ instancePath: '/v1/Widgets/{Sid}', listPath: '/v1/Widgets', id: [{ name: 'Sid', pattern: '^WG[0-9a-f]{32}$' }], actions: ['get', 'query'] }],
      fields: [
        { name: 'Sid', key: 'sid', type: 'sid', pattern: '^WG[0-9a-f]{32}$' },
        { name: 'Colour', key: 'colour', type: 'string' },
      ],
    };
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'connector.manifest.json'), 'utf8'));
    manifest.objectTypes = [{ name: 'Widget', label: 'Widget', definition: 'operations/Widget.json', actions: ['get', 'query'] }];
    mkdirSync(join(root, 'operations'));
    writeFileSync(join(root, 'connector.manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(root, 'operations', 'Widget.json'), JSON.stringify(widget));
    return loadCatalog(root); // validated against the object type schema like the real catalog
  }

  it.each(dialects)('%s', async (_name, pages, envelope) => {
    const total = 8;
    server.reply((req) => {
      const start = Number((req.query.get('after') ?? 'c0').slice(1));
      const end = Math.min(total, start + Number(req.query.get('per_page') ?? 5));
      const items = Array.from({ length: end - start }, (_, i) => ({ sid: WG(start + i), colour: 'teal' }));
      return { status: 200, body: { items, ...envelope(req, end, end < total) } };
    });
    const connection = resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: server.url });
    const { docs, results } = await drain(new Operation(connection, { objectType: 'Widget', action: 'query', pageSize: 10 }, catalogWith(pages)), [{}]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', documents: total });
    expect(docs.map((d) => d.properties.id)).toEqual(Array.from({ length: total }, (_, i) => WG(i)));
    expect(server.requests.map((r) => r.path)).toEqual(server.requests.map(() => '/v1/Widgets'));
    const sent = server.requests.map((r) => [r.query.get('per_page'), r.query.get('after')]);
    if (pages.sizeParam)
      expect(sent).toEqual([
        ['3', null],
        ['3', 'c3'],
        ['3', 'c6'],
      ]);
    else
      expect(sent).toEqual([
        [null, null],
        [null, 'c5'],
      ]);
  });
});

describe('a list that repeats itself ends the Query with a FAILURE, no record delivered twice', () => {
  const page = (from: number, n: number, next: string | null) => ({
    status: 200,
    body: { messages: Array.from({ length: n }, (_, i) => ({ sid: SM(from + i) })), next_page_uri: next },
  });

  it('a next-page link that repeats the page it is on', async () => {
    const second = `${MESSAGES}?PageSize=1000&Page=1&PageToken=PA1`;
    server.reply((req) => (req.query.get('Page') === '1' ? page(2, 2, second) : page(0, 2, second)));
    const { docs, results } = await run('Message', { action: 'query' }, [{}]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', documents: 4 });
    expect(results[0].message).toMatch(/^query Message: list page 2's next-page link repeats page 2: the list goes round in a cycle/);
    expect(docs.map((d) => d.properties.id)).toEqual([SM(0), SM(1), SM(2), SM(3)]);
    expect(server.requests).toHaveLength(2);
  });

  it('a cycle back to the first page', async () => {
    server.reply((req) =>
      req.query.get('Page') === '1' ? page(2, 2, `${MESSAGES}?PageSize=1000`) : page(0, 2, `${MESSAGES}?PageSize=1000&Page=1&PageToken=PA1`),
    );
    const { docs, results } = await run('Message', { action: 'query' }, [{}]);
    expect(results[0].message).toMatch(/list page 2's next-page link repeats page 1/);
    expect(new Set(docs.map((d) => d.properties.id)).size).toBe(docs.length);
    expect(server.requests).toHaveLength(2);
  });

  it('the same page under ever new links', async () => {
    let n = 0;
    server.reply(() => page(0, 3, `${MESSAGES}?PageSize=1000&Page=${++n}&PageToken=PA0`));
    const { docs, results } = await run('Message', { action: 'query' }, [{}]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', documents: 3 });
    expect(results[0].message).toMatch(/list page 2 repeats page 1 \(the same 3 record\(s\), SM0+ to SM0+2\)/);
    expect(docs.map((d) => d.properties.id)).toEqual([SM(0), SM(1), SM(2)]);
    expect(server.requests).toHaveLength(2);
  });

  it('in a token dialect too (a token that comes back)', async () => {
    const contact = (n: number) => ({ id: `comms_contact_${String(n).padStart(26, '0')}`, created_at: '2026-01-01T00:00:00Z' });
    server.reply((req) => ({ status: 200, body: { contacts: [contact(req.query.get('page_token') ? 2 : 1)], pagination: { next: 'page_A' } } }));
    const { results } = await run('CommsContact', { action: 'query' }, [{}]);
    expect(results[0].message).toMatch(/list page 2's next-page link repeats page 2/);
    expect(server.requests.map((r) => r.query.get('page_token'))).toEqual([null, 'page_A']);
  });
});

describe('next-page links are followed only to Twilio, or behind an override to its origin', () => {
  const services = (next: string | null, from = 0) => ({ status: 200, body: { services: [{ sid: GA(from) }], meta: { next_page_url: next } } });

  it.each([
    [
      'https://evil.example.com/v2/Services?PageToken=PT2',
      /leads to https:\/\/evil\.example\.com, which is not a Twilio API host \(https, \*\.twilio\.com\) nor the base URL http:\/\/127\.0\.0\.1:\d+; nothing was sent there/,
    ],
    ['http://intelligence.twilio.com/v2/Services?PageToken=PT2', /leads to http:\/\/intelligence\.twilio\.com, which is not a Twilio API host/],
    ['https://intelligence.twilio.com.evil.example/v2/Services', /leads to https:\/\/intelligence\.twilio\.com\.evil\.example,/],
    ['https://eviltwilio.com/v2/Services', /leads to https:\/\/eviltwilio\.com,/],
    ['https://AC1:token@intelligence.twilio.com/v2/Services?PageToken=PT2', /carries credentials; nothing was sent there/],
    ['PT2', /next-page link 'PT2' is not a URL/],
  ])('refuses %s', async (link, message) => {
    server.reply(() => services(link));
    const { docs, results } = await run('IntelligenceV2Service', { action: 'query' }, [{}]);
    expect(results[0]).toMatchObject({ status: 'FAILURE', documents: 1 });
    expect(results[0].message).toMatch(message);
    expect(docs).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['a *.twilio.com URL', 'https://intelligence.twilio.com/v2/Services?PageSize=1&PageToken=PT2', 'intelligence.twilio.com'],
    ["the override's own origin", 'OVERRIDE/v2/Services?PageSize=1&PageToken=PT2', 'intelligence.twilio.com'],
  ])('follows %s', async (_name, link, host) => {
    server.reply((req) => (req.query.get('PageToken') ? services(null, 1) : services(link.replace('OVERRIDE', server.url))));
    const { docs, results } = await run('IntelligenceV2Service', { action: 'query' }, [{}]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', documents: 2 });
    expect(docs.map((d) => d.properties.id)).toEqual([GA(0), GA(1)]);
    expect(server.requests.map((r) => [r.path, r.query.get('PageToken'), r.headers['x-twilio-host']])).toEqual([
      ['/v2/Services', null, host],
      ['/v2/Services', 'PT2', host],
    ]);
  });

  it('without an override: a Twilio host is followed, any other is not, and nothing is sent there', async () => {
    const sent: string[] = [];
    const http = {
      request: async (req: TwilioRequest) => {
        sent.push(req.url);
        const next = sent.length === 1 ? 'https://api.twilio.com' + MESSAGES + '?Page=1&PageToken=PA1' : 'https://collector.example.net/steal?Page=2';
        const n = sent.length;
        return { status: 200, data: { messages: [{ sid: SM(n) }], next_page_uri: next }, headers: {}, attempts: 1 };
      },
      close: () => undefined,
    } as unknown as TwilioHttpClient;
    const connection = resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok' });
    const options: OperationOptions = { objectType: 'Message', action: 'query' };
    const { docs, results } = await drain(new Operation(connection, options, loadCatalog(), http), [{}]);
    expect(sent).toEqual([`https://api.twilio.com${MESSAGES}`, `https://api.twilio.com${MESSAGES}?Page=1&PageToken=PA1`]);
    expect(docs).toHaveLength(2);
    expect(results[0].message).toMatch(
      /next-page link 'https:\/\/collector\.example\.net\/steal\?Page=2' leads to https:\/\/collector\.example\.net, which is not a Twilio API host \(https, \*\.twilio\.com\); nothing was sent there/,
    );
  });
});

describe('a page of the wrong shape is a FAILURE naming what was expected', () => {
  it.each([
    // The HTTP client refuses a body that is no JSON object before the page is read.
    ['an empty body', undefined, /Twilio answered 200 with no body where a JSON object was expected/],
    ['null', null, /Twilio answered 200 with null where a JSON object was expected/],
    ['an array', [{ sid: SM(1) }], /Twilio answered 200 with an array where a JSON object was expected/],
    ['no list key', { message: [], next_page_uri: null }, /\(got an object with keys message, next_page_uri\)/],
    ['a null list', { messages: null }, /is not an object with a 'messages' array/],
    [
      'a null record',
      { messages: [{ sid: SM(1) }, null] },
      /a list page holds null where a Message record \(a JSON object\) was expected \(page 1, item 2 of 'messages'\)/,
    ],
    ['a number for a record', { messages: [7] }, /holds a number where a Message record .* \(page 1, item 1 of 'messages'\)/],
    [
      'a next link that is no string',
      { messages: [], next_page_uri: { href: '/x' } },
      /list page 1: 'next_page_uri' is an object with keys href, not a next-page link/,
    ],
  ])('%s', async (_name, body, message) => {
    server.reply(() => ({ status: 200, body }));
    const { results } = await run('Message', { action: 'query' }, [{}]);
    expect(results[0].status).toBe('FAILURE');
    expect(results[0].message).toMatch(message);
    expect(results[0].message).not.toMatch(/TypeError|internal error|Cannot read/);
  });
});
