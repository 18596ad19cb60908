// Property-based round trips (fast-check): compound ids through resolveId and
// fillPath, and text through the XML renderer and the request document parser.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { loadCatalog } from '../connector/catalog/load';
import { InvalidInputError } from '../connector/errors';
import { fillPath, resolveId } from '../connector/ids';
import { parseRequestDocument } from '../connector/xml/document';
import { compileRenderer, escapeXml } from '../connector/xml/record';

const catalog = loadCatalog();
const ACC = 'AC' + '0'.repeat(32);
// Routes whose every id segment is a typed SID (others take names, e.g. unique names of Sync documents).
const routes = [...catalog.objectTypes.values()].flatMap((def) =>
  def.routes
    .filter((r) => r.actions.includes('get') && r.id.length > 0 && r.id.every((s) => !s.orName && /^\^\(?[A-Z]{2}/.test(s.pattern)))
    .map((route) => ({ def, route })),
);
// Routes with a segment that takes a name besides its SID form (Twilio's definition gives it no pattern).
const namedRoutes = [...catalog.objectTypes.values()].flatMap((def) =>
  def.routes.filter((r) => r.actions.includes('get') && r.instancePath && r.id.some((s) => s.orName)).map((route) => ({ def, route })),
);
// Lower-case hex: some definitions (IAM) accept only that, and Twilio writes SIDs so.
const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

it('any valid compound id resolves to its own route values and back to the same path segments', () => {
  fc.assert(
    fc.property(fc.constantFrom(...routes), fc.array(hex32, { minLength: 4, maxLength: 4 }), fc.option(hex32), ({ def, route }, hexes, sub) => {
      const segments = route.id.map((seg, i) => /^\^\(?([A-Z]{2})/.exec(seg.pattern)![1] + hexes[i]);
      const account = sub && route.accountParam ? 'AC' + sub : undefined;
      const id = [...(account ? [account] : []), ...segments].join(':');
      const { route: chosen, pathValues } = resolveId(def, 'get', id, ACC);
      expect(chosen.id.map((s) => pathValues[s.name])).toEqual(segments);
      if (route.accountParam) expect(pathValues[route.accountParam]).toBe(account ?? ACC);
      const path = fillPath(chosen.instancePath!, pathValues);
      const parts = path
        .replace(/\.json$/, '')
        .split('/')
        .map(decodeURIComponent);
      for (const s of segments) expect(parts).toContain(s);
    }),
  );
});

it('any other text is refused as InvalidInputError, never turned into a path', () => {
  fc.assert(
    fc.property(fc.constantFrom(...routes), fc.string({ maxLength: 80 }), ({ def }, text) => {
      try {
        const { route, pathValues } = resolveId(def, 'get', text, ACC);
        for (const seg of route.id) expect(new RegExp(seg.pattern).test(pathValues[seg.name])).toBe(true);
        expect(fillPath(route.instancePath!, pathValues)).not.toMatch(/\.\.|\/\//);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError);
      }
    }),
  );
});

it('a name on a segment that takes one becomes exactly one path segment, never . or .., or is refused', () => {
  expect(namedRoutes.length).toBeGreaterThan(60);
  // An id is trimmed and split at ':' before its segments are read.
  const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes(':') && s.trim() === s);
  const sidLike = (pattern: string, i: number) => {
    const prefix = /^\^\(?([A-Z]{2})/.exec(pattern)?.[1];
    return prefix ? prefix + String(i).repeat(32) : 'x'; // a segment with no pattern anywhere takes any one segment
  };
  fc.assert(
    fc.property(fc.constantFrom(...namedRoutes), name, ({ def, route }, text) => {
      const segments = route.id.map((seg, i) => (seg.orName ? text : sidLike(seg.pattern, i)));
      try {
        const { route: chosen, pathValues } = resolveId(def, 'get', segments.join(':'), ACC);
        expect(chosen).toBe(route);
        const parts = fillPath(chosen.instancePath!, pathValues)
          .replace(/\.json$/, '')
          .split('/')
          .slice(1);
        expect(parts).toHaveLength(chosen.instancePath!.split('/').length - 1);
        for (const part of parts) expect(['', '.', '..']).not.toContain(part);
        expect(parts.map(decodeURIComponent)).toContain(text);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError);
        expect(text === '.' || text === '..' || text.includes('/')).toBe(true);
      }
    }),
  );
});

it('rendered records parse back to the same values, minus characters XML cannot hold', () => {
  const message = catalog.objectTypes.get('Message')!;
  const render = compileRenderer('Message', message.fields, { timestamps: 'twilio' });
  const parser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true });
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), (body, to) => {
      const xml = render({ body, to });
      const parsed = parser.parse(xml).Message;
      const expected = (s: string) => s.replace(INVALID_XML, '');
      expect(String(parsed.Body ?? '')).toBe(expected(body));
      expect(String(parsed.To ?? '')).toBe(expected(to));
    }),
  );
});

it('JSON-valued fields (subresource_uris, Config) parse back to the same JSON, minus characters XML cannot hold', () => {
  const message = catalog.objectTypes.get('Message')!;
  const render = compileRenderer('Message', message.fields, { timestamps: 'twilio' });
  const parser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true });
  const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 2 }).filter((v) => v !== null && typeof v === 'object');
  fc.assert(
    fc.property(json, (value) => {
      const xml = render({ subresource_uris: value });
      const text = String(parser.parse(xml).Message.SubresourceUris ?? '');
      // JSON.stringify writes controls and CR as escapes; only U+FFFE/U+FFFF are dropped.
      expect(text).toBe(JSON.stringify(value).replace(/[\uFFFE\uFFFF]/g, ''));
    }),
  );
  expect(render({ subresource_uris: { a: '<b>&\r\u0001' } })).toContain('<SubresourceUris>{"a":"&lt;b&gt;&amp;\\r\\u0001"}</SubresourceUris>');
});

it('request documents carry any text through escaping and parsing', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 3 }), (values) => {
      const xml = `<Message>${values.map((v) => `<MediaUrl>${escapeXml(v)}</MediaUrl>`).join('')}</Message>`;
      const doc = parseRequestDocument(xml, 'Message', {});
      // Literal edge whitespace is trimmed by the parser, escaped (&#13;) by the request layer's trim.
      expect(doc.elements.get('MediaUrl')!.map((v) => v.trim())).toEqual(values.map((v) => v.replace(INVALID_XML, '').trim()));
    }),
  );
});
