// jsonText: UTF-8 JSON bytes read as Latin-1 with non-ASCII runs rewritten as JSON
// escapes must mean exactly what Buffer#toString('utf8') would, for any input; and
// parseJsonBody's controlFree must never claim a body free of control characters
// (and U+FFFE/U+FFFF) that holds one.
import fc from 'fast-check';
import { jsonText, parseJsonBody } from '../connector/http/json-text';
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
