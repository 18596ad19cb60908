// jsonText: UTF-8 JSON bytes read as Latin-1 with non-ASCII runs rewritten as JSON
// escapes must mean exactly what Buffer#toString('utf8') would, for any input.
import fc from 'fast-check';
import { jsonText } from '../connector/http/json-text';

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
