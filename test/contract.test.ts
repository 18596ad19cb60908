// Every object type, route and action of the catalog against a recording server:
// the method, path, auth and form body the connector sends, and that every output
// document validates against its XSD profile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import type { Action, ObjectTypeDef, RouteDef } from '../connector/catalog/types';
import { resolveConnection } from '../connector/connection';
import { Operation, type InputDocument } from '../connector/operation';
import { fillPath } from '../connector/ids';
import { actionRequest, createSegments, listSegments } from '../connector/catalog/routes';
import { basicAuth, type Recorder } from './helpers/recorder';
import { sampleId, sampleRecord, sampleSid, sampleValue } from './helpers/samples';
import { validateXml } from './helpers/xmllint';
import { drain, recordingSuite } from './helpers/run';
import { checkRequest, specsAvailable, SPEC_DIR, type SentRequest } from './helpers/openapi';

const ACCOUNT = 'AC' + '1'.repeat(32);
const SUBACCOUNT = 'AC' + '2'.repeat(32);
const TOKEN = 'token-under-test';
const catalog = loadCatalog();

const suite = recordingSuite();
let server: Recorder;
beforeEach(() => (server = suite.server()));

/** Every request the cases below made, checked against Twilio's definitions at the end. */
const sent: Array<{ api: string; name: string; request: SentRequest }> = [];
function collect(def: ObjectTypeDef, name: string) {
  // Follow-up pages go where the server's next-page link says; only the connector's own requests count.
  for (const r of server.requests.filter((x) => !x.query.has('PageToken') && !x.query.has('page_token'))) {
    const bodyKeys = r.headers['content-type'] === 'application/json' ? Object.keys(JSON.parse(r.body || '{}')) : [...new Set(r.form.keys())];
    sent.push({
      api: def.api,
      name,
      request: { method: r.method, path: r.path, queryKeys: [...new Set(r.query.keys())], bodyKeys, headerNames: Object.keys(r.headers) },
    });
  }
}

function connection() {
  return resolveConnection({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: server.url });
}

async function run(def: ObjectTypeDef, action: Action, inputs: InputDocument[], extra: object = {}) {
  const op = new Operation(connection(), { action, objectType: def.name, returnApplicationErrors: true, ...extra }, catalog);
  return drain(op, inputs);
}

function profile(def: ObjectTypeDef, action: Action): string {
  return readFileSync(join(PROJECT_ROOT, 'profiles', `${def.name}.${action}.response.xsd`), 'utf8');
}

async function expectValid(xml: string, xsd: string) {
  const { valid, errors } = await validateXml(xml, xsd);
  expect(errors).toEqual([]);
  expect(valid).toBe(true);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function pathOf(route: RouteDef, action: Action, segments: string[], account = ACCOUNT): string {
  const values: Record<string, string> = route.accountParam ? { [route.accountParam]: account } : {};
  route.id.forEach((seg, i) => (values[seg.name] = segments[i]));
  return new URL(fillPath(actionRequest(route, action)!.path, values), 'https://x').pathname;
}

// Output documents are validated with libxml2 for the operation guide's and the seeds'
// object types; for the ~460 generated ones the requests are checked, and profiles.test.ts
// compiles a sample of their schemas.
const classic = new Set<string>(
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'scripts/catalog-selection.json'), 'utf8')).objects.map((o: { name: string }) => o.name),
);
const validated = (name: string) => classic.has(name) || /^(IntelligenceV2CustomOperator|IntelligenceV2OperatorAttachment|FlexV1Plugin)$/.test(name);

const cases = [...catalog.objectTypes.values()].flatMap((def) =>
  def.routes.flatMap((route, r) => route.actions.map((action) => ({ name: `${def.name} route ${r + 1} ${action}`, def, route, action }))),
);

describe.each(cases)('$name', ({ def, route, action }) => {
  const { id, segments } = sampleId(route);
  const record = sampleRecord(def.fields);

  it('sends the request Twilio documents and returns valid documents', async () => {
    server.reply((req) => {
      if (req.method === 'DELETE') return { status: 204 };
      if (action === 'query') {
        // Two pages in the list's own paging dialect (catalog `pages`), where it has one.
        const pages = def.pages ?? {};
        const second = pages.nextIs === 'token' ? req.query.get(pages.tokenParam!) === 'PT1' : req.query.get('Page') === '1';
        const link = `${req.path}?PageSize=2&Page=1&PageToken=PA123`;
        const next = second ? null : pages.nextIs === 'token' ? 'PT1' : pages.nextIs === 'absolute-url' ? server.url + link : link;
        const records = second ? [record] : [record, record];
        const envelope: Record<string, unknown> = {};
        if (pages.next) {
          const keys = pages.next.split('.');
          let at = envelope;
          for (const k of keys.slice(0, -1)) at = (at[k] = {}) as Record<string, unknown>;
          at[keys[keys.length - 1]] = next;
        }
        return { status: 200, body: { [def.listKey]: records, ...envelope } };
      }
      const fields = action === 'create' && route.create?.responseFields ? route.create.responseFields : def.fields;
      return { status: action === 'create' ? 201 : 200, body: sampleRecord(fields) };
    });

    let input: InputDocument = {};
    const expectedForm: Array<[string, string]> = [];
    const expectedHeaders: Record<string, string> = {};
    const segmentOf = (name: string) => segments[route.id.findIndex((s) => s.name === name)];
    if (action === 'get') input = { id };
    if (action === 'delete') input = { xml: `<${def.name}><Sid>${id}</Sid></${def.name}>` };
    const body = action === 'create' ? route.create : action === 'update' ? route.update : undefined;
    if (action === 'create' || action === 'update') {
      let xml = '';
      if (action === 'update') xml += `<Sid>${id}</Sid>`;
      else for (const seg of createSegments(route)) xml += `<${seg.name}>${segmentOf(seg.name)}</${seg.name}>`;
      for (const p of body?.params ?? []) {
        const { given, wire, xml: nested } = sampleValue(p);
        const esc = nested ? given : escapeText(given);
        const times = p.repeated ? 2 : 1;
        for (let i = 0; i < times; i++) {
          xml += `<${p.name}>${esc}</${p.name}>`;
          if (p.header) expectedHeaders[p.header.toLowerCase()] = wire;
          else expectedForm.push([p.name, wire]);
        }
      }
      input = { xml: `<${def.name}>${xml}</${def.name}>` };
    }
    const filters = action === 'query' ? listSegments(route).map((seg) => ({ field: seg.name, op: 'eq' as const, value: segmentOf(seg.name) })) : [];

    const { docs, results } = await run(def, action, [input], { filters });

    expect(results).toHaveLength(1);
    expect([results[0].status, results[0].message]).toEqual(['SUCCESS', undefined]);
    collect(def, `${def.name} ${action}`);
    const reqs = server.requests;
    for (const req of reqs) expect(req.headers.authorization).toBe(basicAuth(ACCOUNT, TOKEN));
    expect(reqs[0].method).toBe(actionRequest(route, action)!.method);
    expect(reqs[0].path).toBe(pathOf(route, action, segments));

    if (action === 'create' || action === 'update') {
      expect(reqs[0].headers).toMatchObject(expectedHeaders);
      if (body?.encoding === 'json') {
        expect(reqs[0].headers['content-type']).toBe('application/json');
        const whole = JSON.parse(reqs[0].body || '{}') as Record<string, unknown>;
        const sent = (body.wrap ? (whole[body.wrap] as unknown[])[0] : whole) as Record<string, unknown>;
        expect(
          Object.entries(sent).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, typeof x === 'object' ? JSON.stringify(x) : String(x)])),
        ).toEqual(expectedForm);
      } else {
        if (expectedForm.length) expect(reqs[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect([...reqs[0].form.entries()]).toEqual(expectedForm);
      }
    }
    if (action === 'query') {
      const pages = def.pages ?? {};
      const size = pages.sizeParam && route.pageSize !== false ? String(Math.min(1000, pages.maxSize ?? 1000)) : null;
      expect(pages.sizeParam ? reqs[0].query.get(pages.sizeParam) : null).toBe(size);
      if (!pages.next) {
        expect(reqs).toHaveLength(1); // the list is one page
        expect(docs).toHaveLength(2);
      } else {
        expect(reqs).toHaveLength(2);
        if (pages.nextIs === 'token') expect([reqs[1].path, reqs[1].query.get(pages.tokenParam!)]).toEqual([reqs[0].path, 'PT1']);
        else expect(reqs[1].query.get('PageToken')).toBe('PA123');
        expect(docs).toHaveLength(3);
      }
    }
    if (action === 'delete') {
      expect(docs).toHaveLength(0);
    } else {
      expect(docs.length).toBeGreaterThan(0);
      if (validated(def.name)) for (const doc of docs) await expectValid(doc.xml, profile(def, action));
    }
  });

  if (route.accountParam && action !== 'query' && action !== 'create') {
    it('reaches a subaccount through a leading AccountSid:', async () => {
      server.reply((req) => (req.method === 'DELETE' ? { status: 204 } : { status: 200, body: record }));
      const sub = id ? `${SUBACCOUNT}:${id}` : SUBACCOUNT; // a singleton takes the account alone
      const required = (action === 'update' ? (route.update?.params ?? []) : []).filter((p) => p.required);
      const body = required
        .map((p) => {
          const v = sampleValue(p);
          return `<${p.name}>${v.xml ? v.given : escapeText(v.given)}</${p.name}>`;
        })
        .join('');
      const input = action === 'get' ? { id: sub } : { xml: `<${def.name}><Sid>${sub}</Sid>${body}</${def.name}>` };
      const { results } = await run(def, action, [input]);
      expect([results[0].status, results[0].message]).toEqual(['SUCCESS', undefined]);
      collect(def, `${def.name} ${action} (subaccount)`);
      expect(server.requests[0].path).toBe(pathOf(route, action, segments, SUBACCOUNT));
    });
  }
});

describe("conformance with Twilio's OpenAPI definitions", () => {
  // CI clones the repository with shared/ beside it; elsewhere the check says why it cannot run.
  it(`every request above matches its definition in ${SPEC_DIR}`, () => {
    if (!specsAvailable()) throw new Error(`Twilio's OpenAPI definitions are not at ${SPEC_DIR}`);
    expect(sent.length).toBeGreaterThan(1500);
    const problems = sent.flatMap(({ api, name, request }) => checkRequest(api, request).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });
});

describe('actions Twilio does not offer', () => {
  const missing = [...catalog.objectTypes.values()].flatMap((def) => {
    const offered = new Set(def.routes.flatMap((r) => r.actions));
    return (['get', 'query', 'create', 'update', 'delete'] as Action[]).filter((a) => !offered.has(a)).map((action) => ({ def, action }));
  });

  it('include Notification Delete, which the operation guide lists', () => {
    expect(missing.some(({ def, action }) => def.name === 'Notification' && action === 'delete')).toBe(true);
  });

  it.each(missing.map(({ def, action }) => [def.name, action] as const))('%s %s is refused naming the object and action', (name, action) => {
    expect(() => new Operation(connection(), { action, objectType: name }, catalog)).toThrow(
      new RegExp(`Twilio does not offer ${action} on ${name}; it offers`),
    );
  });
});

describe('sample helpers', () => {
  it('make SIDs that match their pattern', () => {
    expect(sampleSid('^(SM|MM)[0-9a-fA-F]{32}$')).toBe('SM' + 'a'.repeat(32));
  });
});
