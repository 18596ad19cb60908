// XML Schema profiles: the files under profiles/ match what the catalog generates, every
// one compiles in libxml2, and hand-written documents validate or fail as they should.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, objectType, PROJECT_ROOT } from '../connector/catalog/load';
import type { ObjectTypeDef } from '../connector/catalog/types';
import {
  ERROR_PROFILE_PATH,
  PROFILES_DIR,
  errorXsd,
  profileFiles,
  requestProfilePath,
  requestXsd,
  responseProfilePath,
  responseXsd,
  xsdPattern,
} from '../connector/profiles/xsd';
import { validateXml } from './helpers/xmllint';

const catalog = loadCatalog();
const generated = profileFiles(catalog);
const profile = (path: string): string => {
  const content = generated.get(path);
  if (content === undefined) throw new Error(`no generated profile ${path}`);
  return content;
};

const hex32 = '0123456789abcdef0123456789ABCDEF';
const SM = `SM${hex32}`;
const AC = `AC${hex32}`;
const MG = `MG${hex32}`;
const CF = `CF${hex32}`;
const CA = `CA${hex32}`;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** <Root><A>1</A><B/>…</Root> from name/value pairs, in the order given. */
function doc(root: string, children: Array<[string, string]>): string {
  const body = children.map(([n, v]) => (v === '' ? `<${n}/>` : `<${n}>${escapeText(v)}</${n}>`)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${body}</${root}>\n`;
}

/** A Message record in the order of Message.get.response.xsd; `overrides` replace values by name. */
function messageRecord(overrides: Record<string, string> = {}): string {
  const fields: Array<[string, string]> = [
    ['Body', 'Hello & welcome <3'],
    ['NumSegments', '1'],
    ['Direction', 'outbound-api'],
    ['From', '+13115556789'],
    ['To', 'whatsapp:+13115556789'],
    ['DateUpdated', 'Mon, 17 Sep 2012 01:13:43 +0000'],
    ['Price', '-0.00790'],
    ['ErrorMessage', ''],
    ['Uri', `/2010-04-01/Accounts/${AC}/Messages/${SM}.json`],
    ['AccountSid', AC],
    ['NumMedia', '0'],
    ['Status', 'sent'],
    ['MessagingServiceSid', MG],
    ['Sid', SM],
    ['DateSent', ''],
    ['DateCreated', 'Mon, 17 Sep 2012 01:13:42 +0000'],
    ['ErrorCode', ''],
    ['PriceUnit', 'USD'],
    ['ApiVersion', '2010-04-01'],
    ['SubresourceUris', '{"media":"/2010-04-01/Accounts/AC…/Media.json"}'],
  ];
  return doc(
    'Message',
    fields.map(([n, v]) => [n, overrides[n] ?? v]),
  );
}

describe('profiles on disk', () => {
  it('match what the catalog generates (run `npm run generate:profiles` after changing operations/)', () => {
    const stale: string[] = [];
    for (const [name, content] of generated) {
      let onDisk: string | undefined;
      try {
        onDisk = readFileSync(join(PROJECT_ROOT, name), 'utf8');
      } catch {
        onDisk = undefined;
      }
      if (onDisk !== content) stale.push(onDisk === undefined ? `${name} (missing)` : name);
    }
    expect({ stale, hint: 'run `npm run generate:profiles`' }).toEqual({ stale: [], hint: expect.any(String) });
  });

  it('holds no .xsd file the catalog does not generate (run `npm run generate:profiles`)', () => {
    const extra = readdirSync(join(PROJECT_ROOT, PROFILES_DIR))
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => `${PROFILES_DIR}/${f}`)
      .filter((f) => !generated.has(f));
    expect(extra).toEqual([]);
  });

  it('cover every object type and action of the catalog', () => {
    for (const def of catalog.objectTypes.values()) {
      const actions = new Set(def.routes.flatMap((r) => r.actions));
      for (const a of ['get', 'query', 'create', 'update'] as const) {
        expect(generated.has(responseProfilePath(def.name, a))).toBe(actions.has(a));
      }
      for (const a of ['create', 'update', 'delete'] as const) {
        expect(generated.has(requestProfilePath(def.name, a))).toBe(actions.has(a));
      }
    }
    expect(generated.get(ERROR_PROFILE_PATH)).toBe(errorXsd());
  });
});

describe('generator', () => {
  it('is deterministic and uses no annotations', () => {
    expect(profileFiles(catalog)).toEqual(generated);
    for (const [name, content] of generated) {
      expect({ name, endsWithNewline: content.endsWith('\n') }).toEqual({ name, endsWithNewline: true });
      expect(content).not.toMatch(/xs:annotation|xs:documentation|targetNamespace/);
    }
  });

  it('turns JavaScript patterns into anchored-by-default XSD patterns', () => {
    expect(xsdPattern('^(SM|MM)[0-9a-fA-F]{32}$')).toBe('(SM|MM)[0-9a-fA-F]{32}');
    expect(xsdPattern('^(?:a|b)\\/c$')).toBe('(a|b)/c');
    expect(xsdPattern('[^:/]+')).toBe('[^:/]+');
    expect(() => xsdPattern('^a(?=b)$')).toThrow(/lack/);
    expect(() => xsdPattern('^a+?$')).toThrow(/lack/);
    expect(() => xsdPattern('^a|^b$')).toThrow(/lack/);
  });

  const synthetic: ObjectTypeDef = {
    name: 'Widget',
    label: 'Widget',
    api: 'test',
    baseUrl: 'https://api.twilio.com',
    listKey: 'widgets',
    fields: [
      { name: 'Sid', key: 'sid', type: 'sid', pattern: '^WI[a-z&<"]{2}$' },
      { name: 'Tags', key: 'tags', type: 'string', repeated: true },
    ],
    routes: [
      {
        accountParam: 'AccountSid',
        listPath: '/x/Accounts/{AccountSid}/Parents/{ParentSid}/Widgets.json',
        id: [
          { name: 'ParentSid', pattern: '^PA[0-9]{2}$' },
          { name: 'Sid', pattern: '^WI[0-9]{2}$' },
        ],
        actions: ['create', 'get'],
        create: {
          params: [
            { name: 'Name', type: 'string', required: true },
            { name: 'Size', type: 'integer', required: true },
            { name: 'Kind', type: 'string', enum: ['a&b', 'c"d'] },
          ],
          responseFields: [{ name: 'Token', key: 'token', type: 'string' }],
        },
      },
      {
        listPath: '/x/Others/{OtherSid}/Widgets.json',
        id: [
          { name: 'OtherSid', pattern: '^OT[0-9]{2}$' },
          { name: 'Sid', pattern: '^WI[0-9]{2}$' },
        ],
        actions: ['create'],
        create: {
          params: [
            { name: 'Name', type: 'string', required: true },
            { name: 'Size', type: 'integer' },
            { name: 'When', type: 'datetime' },
          ],
        },
      },
    ],
  };

  it('builds create requests from the union of create-capable routes', () => {
    const xsd = requestXsd(synthetic, 'create');
    const names = [...xsd.matchAll(/<xs:element name="(\w+)"(?: type="[^"]*")? minOccurs="(\d)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(names).toEqual(['AccountSid:0', 'ParentSid:0', 'OtherSid:0', 'Name:1', 'Size:0', 'Kind:0', 'When:0']);
    expect(xsd).toContain('<xs:enumeration value="a&amp;b"/>');
    expect(xsd).toContain('<xs:enumeration value="c&quot;d"/>');
    expect(xsd).toContain('type="requestTimestamp"');
  });

  it('escapes patterns and uses create.responseFields for create responses', () => {
    expect(responseXsd(synthetic, 'get')).toContain('<xs:pattern value="WI[a-z&amp;&lt;&quot;]{2}"/>');
    expect(responseXsd(synthetic, 'get')).toContain('<xs:element name="Tags" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>');
    expect(responseXsd(synthetic, 'create')).toMatch(/<xs:sequence>\s*<xs:element name="Token" type="xs:string" minOccurs="0"\/>\s*<\/xs:sequence>/);
  });
});

describe('XML-special characters in catalog values', () => {
  // A pattern and an enumeration holding & < > " must come out as attribute escapes
  // and mean, to libxml2, exactly the characters the catalog holds, also where a value
  // is shaped like an entity reference (the last three modes).
  const MODES = ['a&b', '<c>', '"d"', '&lt;', '&#38;', 'x&foo;'];
  const gadget: ObjectTypeDef = {
    name: 'Gadget',
    label: 'Gadget',
    api: 'test',
    baseUrl: 'https://api.twilio.com',
    listKey: 'gadgets',
    fields: [{ name: 'Sid', key: 'sid', type: 'sid', pattern: '^GA[&<>"]{2}$' }],
    routes: [
      {
        listPath: '/x/Gadgets.json',
        id: [{ name: 'Sid', pattern: '^GA[0-9]{2}$' }],
        actions: ['create', 'get'],
        create: { params: [{ name: 'Mode', type: 'string', required: true, enum: MODES }] },
      },
    ],
  };
  const get = responseXsd(gadget, 'get');
  const create = requestXsd(gadget, 'create');

  it('are escaped in the schema text', () => {
    expect(get).toContain('<xs:pattern value="GA[&amp;&lt;&gt;&quot;]{2}"/>');
    const escaped = ['a&amp;b', '&lt;c&gt;', '&quot;d&quot;', '&amp;lt;', '&amp;#38;', 'x&amp;foo;'];
    expect([...create.matchAll(/<xs:enumeration value="([^"]*)"\/>/g)].map((m) => m[1])).toEqual(escaped);
  });

  it('parse back in libxml2 as the catalog values', async () => {
    expect(await validateXml(doc('Gadget', [['Sid', 'GA&>']]), get, 'gadget-get')).toEqual({ valid: true, errors: [] });
    // Doubly escaped, the class would also hold a, m, p, q, u, o, t, l, g and ;.
    expect((await validateXml(doc('Gadget', [['Sid', 'GAam']]), get, 'gadget-get')).valid).toBe(false);
    for (const mode of MODES) {
      expect({ mode, ...(await validateXml(doc('Gadget', [['Mode', mode]]), create, 'gadget-create')) }).toEqual({ mode, valid: true, errors: [] });
    }
    for (const mode of ['a&amp;b', '<', '&']) {
      expect({ mode, valid: (await validateXml(doc('Gadget', [['Mode', mode]]), create, 'gadget-create')).valid }).toEqual({ mode, valid: false });
    }
  });

  it('a character XML cannot hold fails generation instead of writing a malformed schema', () => {
    const bad: ObjectTypeDef = { ...gadget, fields: [{ name: 'Sid', key: 'sid', type: 'sid', pattern: '^GA\u0001$' }] };
    expect(() => responseXsd(bad, 'get')).toThrow(/Invalid characters/);
  });
});

describe('profiles compile in libxml2', () => {
  // Every profile of the operation guide's and the seeds' object types; of the ~1,700
  // generated from the other definitions (same generator), every 12th, so the suite
  // stays fast on two cores (xmllint-wasm takes ~60 ms a schema).
  const classic = new Set<string>(
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'scripts/catalog-selection.json'), 'utf8')).objects.map((o: { name: string }) => o.name),
  );
  const seeds = /^(IntelligenceV2CustomOperator|IntelligenceV2OperatorAttachment|FlexV1Plugin)\./;
  const entries = [...generated]
    .map(([name, xsd]) => ({ name, xsd }))
    .filter(
      ({ name }, i) =>
        classic.has(name.replace(/^profiles\//, '').split('.')[0]) ||
        seeds.test(name.replace(/^profiles\//, '')) ||
        i % 12 === 0 ||
        name === ERROR_PROFILE_PATH,
    );

  it.concurrent.each(entries)('$name', async ({ name, xsd }) => {
    const root = /<xs:schema[^>]*>\s*<xs:element name="(\w+)"/.exec(xsd)?.[1];
    expect(root).toBeDefined();
    // An empty root element is valid exactly when the profile requires no child.
    const result = await validateXml(`<${root}/>`, xsd, name);
    expect(result.valid).toBe(!xsd.includes('minOccurs="1"'));
  });
});

describe('sample documents', () => {
  const getMessage = profile(responseProfilePath('Message', 'get'));
  const createMessage = profile(requestProfilePath('Message', 'create'));

  it('a Message record with RFC 2822 timestamps validates', async () => {
    expect(await validateXml(messageRecord(), getMessage)).toEqual({ valid: true, errors: [] });
  });

  it('a Message record with ISO 8601 timestamps validates', async () => {
    const xml = messageRecord({ DateCreated: '2012-09-17T01:13:42Z', DateUpdated: '2012-09-17T03:13:42.123+02:00', DateSent: '17 Sep 2012 01:13:42 +0000' });
    expect(await validateXml(xml, getMessage)).toEqual({ valid: true, errors: [] });
  });

  it('a Message record validates against the query profile too', async () => {
    expect((await validateXml(messageRecord(), profile(responseProfilePath('Message', 'query')))).valid).toBe(true);
  });

  it.each([
    ['a bad SID', { Sid: `XX${hex32}` }, /Sid/],
    ['a short SID', { Sid: 'SM123' }, /Sid/],
    ['a bad date', { DateCreated: '2012-13-45T01:13:42Z' }, /DateCreated/],
    ['a date in no known format', { DateCreated: 'yesterday' }, /DateCreated/],
    ['a non-integer error code', { ErrorCode: 'abc' }, /ErrorCode/],
  ])('a Message record with %s fails', async (_label, overrides, element) => {
    const result = await validateXml(messageRecord(overrides), getMessage);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(element);
  });

  it('a Message record with a status the definition does not list validates: responses are never refused for a value Twilio adds', async () => {
    expect(objectType(catalog, 'Message').fields.find((f) => f.name === 'Status')!.enum).toContain('sent');
    expect(getMessage).toContain('<xs:element name="Status" type="xs:string" minOccurs="0"/>');
    expect(await validateXml(messageRecord({ Status: 'some_status_twilio_adds' }), getMessage)).toEqual({ valid: true, errors: [] });
  });

  it('a Message record with elements out of profile order fails', async () => {
    const xml = doc('Message', [
      ['Sid', SM],
      ['Body', 'hi'],
    ]);
    expect((await validateXml(xml, getMessage)).valid).toBe(false);
  });

  it('a Message create request with To, From, Body and two MediaUrl validates', async () => {
    const xml = doc('Message', [
      ['To', '+13115556789'],
      ['From', '+13115550000'],
      ['Body', 'Look at these'],
      ['MediaUrl', 'https://example.com/a.png'],
      ['MediaUrl', 'https://example.com/b.png'],
    ]);
    expect(await validateXml(xml, createMessage)).toEqual({ valid: true, errors: [] });
  });

  it('a Message create request with a SendAt in any accepted format validates', async () => {
    for (const sendAt of ['2030-01-02 03:04:05', '2030-01-02T03:04:05Z', 'Wed, 02 Jan 2030 03:04:05 +0000']) {
      const xml = doc('Message', [
        ['To', '+13115556789'],
        ['SendAt', sendAt],
        ['MessagingServiceSid', MG],
        ['Body', 'later'],
      ]);
      expect({ sendAt, ...(await validateXml(xml, createMessage)) }).toEqual({ sendAt, valid: true, errors: [] });
    }
  });

  it('a Message create request without To fails', async () => {
    const xml = doc('Message', [
      ['From', '+13115550000'],
      ['Body', 'hi'],
    ]);
    const result = await validateXml(xml, createMessage);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/To/);
  });

  it('a Message create request with a value outside an enumeration fails', async () => {
    const xml = doc('Message', [
      ['To', '+13115556789'],
      ['ContentRetention', 'keep'],
      ['Body', 'hi'],
    ]);
    expect((await validateXml(xml, createMessage)).valid).toBe(false);
  });

  it('a Recording create request needs the CallSid', async () => {
    const xsd = profile(requestProfilePath('Recording', 'create'));
    expect(
      (
        await validateXml(
          doc('Recording', [
            ['CallSid', CA],
            ['Trim', 'trim-silence'],
          ]),
          xsd,
        )
      ).valid,
    ).toBe(true);
    expect((await validateXml(doc('Recording', [['Trim', 'trim-silence']]), xsd)).valid).toBe(false);
  });

  it('a ConferenceParticipant update request with a compound Sid validates', async () => {
    const xml = doc('ConferenceParticipant', [
      ['Sid', `${CF}:${CA}`],
      ['Muted', 'true'],
    ]);
    const xsd = profile(requestProfilePath('ConferenceParticipant', 'update'));
    expect(await validateXml(xml, xsd)).toEqual({ valid: true, errors: [] });
  });

  it('an update request with a malformed compound Sid fails', async () => {
    const xml = doc('ConferenceParticipant', [['Sid', `${CF}::${CA}`]]);
    const xsd = profile(requestProfilePath('ConferenceParticipant', 'update'));
    expect((await validateXml(xml, xsd)).valid).toBe(false);
  });

  it('a delete request validates with a Sid and fails without one', async () => {
    const xsd = profile(requestProfilePath('Message', 'delete'));
    expect((await validateXml(doc('Message', [['Sid', SM]]), xsd)).valid).toBe(true);
    const result = await validateXml(doc('Message', []), xsd);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Sid/);
  });

  it('a TwilioError document validates', async () => {
    const xml = doc('TwilioError', [
      ['Status', '404'],
      ['Code', '20404'],
      ['Message', 'The requested resource was not found'],
      ['MoreInfo', 'https://www.twilio.com/docs/errors/20404'],
      ['ObjectType', 'Message'],
      ['Action', 'get'],
      ['Id', SM],
    ]);
    expect(await validateXml(xml, profile(ERROR_PROFILE_PATH))).toEqual({ valid: true, errors: [] });
  });

  it('a TwilioError without a Message fails', async () => {
    const result = await validateXml(
      doc('TwilioError', [
        ['Status', '500'],
        ['Code', ''],
      ]),
      profile(ERROR_PROFILE_PATH),
    );
    expect(result.valid).toBe(false);
  });

  it('a malformed document fails instead of throwing', async () => {
    const result = await validateXml('<Message><Sid>', getMessage, 'broken');
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('a schema that does not compile rejects', async () => {
    await expect(validateXml('<A/>', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="A" type="nope"/></xs:schema>')).rejects.toThrow(
      /does not compile/,
    );
  });
});
