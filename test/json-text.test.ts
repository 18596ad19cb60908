// jsonText: UTF-8 JSON bytes read as Latin-1 with non-ASCII runs rewritten as JSON
// escapes must mean exactly what Buffer#toString('utf8') would, for any input; and
// parseJsonBody's controlFree must never claim a body free of control characters
// (and U+FFFE/U+FFFF) that holds one.
import fc from 'fast-check';
import { jsonText, parseJsonBody, parseListInPieces } from '../connector/http/json-text';
import { compileRenderer } from '../connector/xml/record';
import { loadCatalog } from '../connector/catalog/load';

const viaUtf8 = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));
const viaJsonText = (bytes: Buffer) => JSON.parse(jsonText(bytes));

it('any JSON value, whatever its characters, parses to the same value', () => {
  // fullUnicode: astral characters (surrogate pairs), U+FFFE/U+FFFF, controls, escapes Twilio writes.
  const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 });
  fc.assert(
    fc.property(json, (value) => {
      const bytes = Buffer.from(JSON.stringify(value), 'utf8');
      expect(viaJsonText(bytes)).toEqual(viaUtf8(bytes));
    }),
    { numRuns: 500 },
  );
});

it('invalid UTF-8 inside strings becomes U+FFFD exactly as toString does', () => {
  const junk = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((a) => Buffer.from(a.map((b) => b | 0x80)));
  fc.assert(
    fc.property(fc.string(), junk, fc.string(), (before, bytes, after) => {
      const safe = (s: string) => JSON.stringify(s).slice(1, -1);
      const body = Buffer.concat([Buffer.from(`{"body":"${safe(before)}`), bytes, Buffer.from(`${safe(after)}","n":1}`)]);
      expect(viaJsonText(body)).toEqual(viaUtf8(body));
    }),
  );
});

it('keeps ASCII bodies as they are and writes non-ASCII as escapes', () => {
  expect(jsonText(Buffer.from('{"a":"b&c"}'))).toBe('{"a":"b&c"}');
  expect(jsonText(Buffer.from('{"body":"Ça 这 😀"}'))).toBe('{"body":"\\u00c7a \\u8fd9 \\ud83d\\ude00"}');
});

it('does not turn an invalid escape into a valid one', () => {
  const body = Buffer.from('{"a":"\\é"}');
  expect(() => viaUtf8(body)).toThrow(SyntaxError);
  expect(() => viaJsonText(body)).toThrow(SyntaxError);
  // An escaped backslash before a non-ASCII character is valid and keeps its meaning.
  const valid = Buffer.from('{"a":"\\\\é"}');
  expect(viaJsonText(valid)).toEqual({ a: '\\é' });
});

it('non-ASCII outside strings stays invalid JSON', () => {
  expect(() => viaJsonText(Buffer.from('{"a":1}\u00a0'))).toThrow(SyntaxError);
  expect(() => viaJsonText(Buffer.from('{"a":\u00e91}'))).toThrow(SyntaxError);
});

const XML_UNSAFE_CONTROLS = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Whether any string in a JSON value, keys included, holds a control character XML cannot carry or U+FFFE/U+FFFF. */
function holdsControls(value: unknown): boolean {
  if (typeof value === 'string') return XML_UNSAFE_CONTROLS.test(value);
  if (Array.isArray(value)) return value.some(holdsControls);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => XML_UNSAFE_CONTROLS.test(k) || holdsControls(v));
  return false;
}

describe('parseJsonBody', () => {
  it('never calls a body control-free that holds a control character, and parses it as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), (value) => {
        const bytes = Buffer.from(JSON.stringify(value), 'utf8');
        const parsed = parseJsonBody(bytes);
        expect(parsed.value).toEqual(viaUtf8(bytes));
        if (holdsControls(value)) expect(parsed.controlFree).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['{"a":"x\\ry"}', false],
    ['{"a":"\\u001F"}', false],
    ['{"a":"\\b\\f"}', false],
    ['{"a":"\\uFFFE"}', false],
    ['{"a":"\uFFFF"}', false], // raw, as UTF-8 bytes
    ['{"a":"\\\\r"}', true], // an escaped backslash, then a plain r
    ['{"a":"tab\\t, newline\\n, & < > \\" \\u00e9 \\u0020"}', true],
    ['{"a":"Ça va, 这是"}', true],
  ])('%s → controlFree %s', (text, expected) => {
    expect(parseJsonBody(Buffer.from(text, 'utf8')).controlFree).toBe(expected);
  });
});

it('a control-free record renders the same with the shortcut as without it', () => {
  const message = loadCatalog().objectTypes.get('Message')!;
  const render = compileRenderer('Message', message.fields, { timestamps: 'twilio' });
  const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(new RegExp(XML_UNSAFE_CONTROLS.source, 'g'), ''));
  fc.assert(
    fc.property(text, text, fc.dictionary(fc.string(), text), (body, to, uris) => {
      const record = { body, to, subresource_uris: uris, num_segments: 2 };
      expect(render(record, true)).toBe(render(record, false));
    }),
  );
});

describe('a list page parsed in pieces', () => {
  // Strings that look like the places a page is cut, and nested arrays of objects.
  const tricky = fc.constantFrom('}, {"', '},{', '[{', '}]', '\\', '"', 'é', '\r', '');
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), tricky);
  const record = fc.record({
    sid: text,
    body: fc.array(fc.oneof(text, tricky), { maxLength: 3 }).map((parts) => parts.join('')),
    tags: fc.array(fc.record({ name: text }), { maxLength: 2 }),
    subresource_uris: fc.dictionary(fc.string({ maxLength: 4 }), text, { maxKeys: 2 }),
  });
  const page = fc.record({
    meta: fc.option(fc.record({ key: fc.constant('messages'), list: fc.array(fc.record({ a: text }), { maxLength: 2 }) }), { nil: undefined }),
    messages: fc.array(record, { maxLength: 12 }),
    next_page_uri: fc.option(text, { nil: null }),
  });
  const layout = fc.constantFrom<[number | undefined]>([undefined], [1], [2]);

  it('gives what JSON.parse of the whole body gives, wherever it is cut, or leaves the body to it', () => {
    fc.assert(
      fc.property(page, layout, fc.integer({ min: 1, max: 200 }), (value, [indent], pieceBytes) => {
        const bytes = Buffer.from(JSON.stringify(value, null, indent), 'utf8');
        const parsed = parseListInPieces(bytes, pieceBytes);
        if (parsed === undefined) return;
        expect(parsed.value).toEqual(viaUtf8(bytes));
        if (holdsControls(value)) expect(parsed.controlFree).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('cuts a plain page, compact or spaced as Twilio writes it, between its records', () => {
    const messages = Array.from({ length: 300 }, (_, i) => ({ sid: `SM${i}`, body: `hello ${i}`, num_media: '0', subresource_uris: { media: `/m/${i}` } }));
    for (const indent of [undefined, 1]) {
      const bytes = Buffer.from(JSON.stringify({ end: 299, messages, next_page_uri: null, page: 0 }, null, indent), 'utf8');
      const parsed = parseListInPieces(bytes, 1000);
      expect(parsed).toBeDefined();
      expect(parsed!.value).toEqual(viaUtf8(bytes));
      expect(Object.keys(parsed!.value as object)).toEqual(['end', 'messages', 'next_page_uri', 'page']);
      expect(parsed!.controlFree).toBe(true);
    }
  });

  it('leaves to JSON.parse a body whose first array of objects is not a top-level member, and a body that is not JSON', () => {
    const big = 'x'.repeat(200_000);
    const nested = Buffer.from(JSON.stringify({ meta: { list: [{ a: 1 }, { a: 2 }] }, messages: [{ body: big }, { body: big }] }));
    expect(parseListInPieces(nested, 10)).toBeUndefined();
    expect(parseJsonBody(nested).value).toEqual(viaUtf8(nested));
    const broken = Buffer.from(`{"messages":[{"body":"${big}"},{"body":"${big}"}`);
    expect(() => parseJsonBody(broken)).toThrow(SyntaxError);
    const unclosedString = Buffer.from(`{"messages":[{"body":"${big}},{"body":"x"}]}`);
    expect(() => parseJsonBody(unclosedString)).toThrow(SyntaxError);
  });
});
