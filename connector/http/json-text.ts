// Turns a UTF-8 JSON body into text for JSON.parse. On Node 20, Buffer#toString('utf8')
// leaves its ASCII fast path at the first non-ASCII byte: one accented message body
// makes a 1000-record page decode at a third of the speed, into a two-byte string that
// every value sliced from it inherits. Twilio pages are almost all ASCII, so the body is
// read as Latin-1 (a byte per char) and each run of non-ASCII bytes is rewritten as the
// JSON escapes of the characters it encodes: JSON.parse then yields the same values, and
// only the strings that hold such characters are two-byte (bench/: ~1.3 ms less a page).
import { isAscii } from 'node:buffer';

const BACKSLASH = 0x5c;

/** JSON text with the same meaning as the UTF-8 bytes of `body`, in ASCII where the body allows. */
export function jsonText(body: Buffer): string {
  return decode(body).text;
}

export interface ParsedBody {
  value: unknown;
  /**
   * True when no string in the body holds a character XML cannot carry as it is (CR,
   * C0 controls but tab and newline, U+FFFE, U+FFFF), so rendering it need only look
   * for & < >. False when one may: always for a body that had to be decoded as UTF-8.
   */
  controlFree: boolean;
}

/** JSON.parse of a UTF-8 body, with what its text tells about control characters. @throws SyntaxError */
export function parseJsonBody(body: Buffer): ParsedBody {
  if (body.length >= 2 * PIECE_BYTES) {
    const parsed = parseListInPieces(body);
    if (parsed) return parsed;
  }
  const { text, ascii } = decode(body);
  return { value: JSON.parse(text), controlFree: ascii && !hasControlEscape(text) };
}

/**
 * A list page's records are parsed ~48 KiB at a time. Read whole, a 1000-record page is
 * one string of ~1 MB, which V8 allocates in its large-object space, freed only by a full
 * GC; pieces stay in the young generation (a 200,000-record windowed Query: ~4% faster,
 * peak RSS 221 against 230 MB; less system time for the large-object pages).
 */
const PIECE_BYTES = 48 * 1024;
/** `},` then optional whitespace and `{`: where one object of an array ends and the next begins. */
const CLOSE_COMMA = Buffer.from('},');
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/**
 * The body's first array of objects, cut between its elements about every `pieceBytes`
 * and each piece parsed on its own; undefined where that does not describe the body.
 * JSON.parse proves every cut: `head]}` parses only if the array is a member of the
 * top-level object, and `[piece]` only if the piece starts and ends outside strings at the
 * array's own depth. Anything else (a cut inside a string or a nested array, a body that
 * is no list page, invalid JSON) is left to one JSON.parse of the whole body, whose value
 * and errors are then the only ones.
 */
export function parseListInPieces(body: Buffer, pieceBytes = PIECE_BYTES): ParsedBody | undefined {
  const open = firstArrayOfObjects(body);
  if (open < 0) return undefined;
  try {
    const head = decode(body.subarray(0, open + 1));
    const members = Object.keys(JSON.parse(head.text + ']}') as object);
    const key = members[members.length - 1];
    const records: unknown[] = [];
    let controlFree = head.ascii && !hasControlEscape(head.text);
    let from = open + 1;
    for (let at = body.indexOf(CLOSE_COMMA, from + pieceBytes); at >= 0; at = body.indexOf(CLOSE_COMMA, at + 2)) {
      let next = at + 2;
      while (isJsonSpace(body[next])) next++;
      if (body[next] !== OPEN_BRACE) continue;
      const piece = decode(body.subarray(from, at + 1));
      for (const record of JSON.parse('[' + piece.text + ']') as unknown[]) records.push(record);
      controlFree &&= piece.ascii && !hasControlEscape(piece.text);
      from = next;
      at = from + pieceBytes - 2;
    }
    if (records.length === 0) return undefined;
    const rest = decode(body.subarray(from));
    const envelope = JSON.parse(head.text + rest.text) as Record<string, unknown>;
    const last = envelope[key];
    if (!Array.isArray(last)) return undefined;
    for (const record of last) records.push(record);
    envelope[key] = records;
    return { value: envelope, controlFree: controlFree && rest.ascii && !hasControlEscape(rest.text) };
  } catch {
    return undefined;
  }
}

/** Where the first `[` followed by a `{` (whitespace between allowed) is, or -1. */
function firstArrayOfObjects(body: Buffer): number {
  for (let at = body.indexOf(OPEN_BRACKET); at >= 0; at = body.indexOf(OPEN_BRACKET, at + 1)) {
    let next = at + 1;
    while (isJsonSpace(body[next])) next++;
    if (body[next] === OPEN_BRACE) return at;
  }
  return -1;
}

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function decode(body: Buffer): { text: string; ascii: boolean } {
  if (isAscii(body)) return { text: body.toString('latin1'), ascii: true };
  const runs: number[] = [];
  nonAsciiRuns(body, 0, body.length, runs);
  let text = '';
  let at = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const start = runs[i];
    // After a backslash an escape would change meaning (invalid JSON would become valid).
    if (start > 0 && body[start - 1] === BACKSLASH) return { text: body.toString('utf8'), ascii: false };
    text += body.toString('latin1', at, start) + jsonEscapes(body.toString('utf8', start, runs[i + 1]));
    at = runs[i + 1];
  }
  return { text: text + body.toString('latin1', at), ascii: true };
}

/** A range this short is scanned byte by byte; a longer one is first asked isAscii (SIMD), then halved. */
const SCAN_BYTES = 256;

/**
 * Appends [start, end) of every run of bytes ≥ 0x80 in body[from, to) to `runs`, in order,
 * a run across two scanned ranges as one. A UTF-8 sequence only ever continues with such
 * bytes, so a run holds whole sequences. A regex over the Latin-1 text found the same runs
 * at 0.5–1 ms more a 1000-record sandbox page (~600 runs; interleaved, 200 rounds each).
 */
function nonAsciiRuns(body: Buffer, from: number, to: number, runs: number[]): void {
  if (to - from > SCAN_BYTES) {
    if (isAscii(body.subarray(from, to))) return;
    const middle = (from + to) >>> 1;
    nonAsciiRuns(body, from, middle, runs);
    nonAsciiRuns(body, middle, to, runs);
    return;
  }
  for (let i = from; i < to; i++) {
    if (body[i] < 0x80) continue;
    let end = i + 1;
    while (end < to && body[end] >= 0x80) end++;
    if (runs.length && runs[runs.length - 1] === i) runs[runs.length - 1] = end;
    else runs.push(i, end);
    i = end;
  }
}

function jsonEscapes(chars: string): string {
  let out = '';
  for (let i = 0; i < chars.length; i++) out += '\\u' + (0x10000 + chars.charCodeAt(i)).toString(16).slice(1);
  return out;
}

const B = 0x62;
const F = 0x66;
const R = 0x72;
const U = 0x75;

/**
 * In ASCII JSON text, a string can hold a control character or U+FFFE/U+FFFF only as an
 * escape: \b \f \r or \u0000–\u001f, \ufffe, \uffff. A pass over the backslashes finds
 * them (~0.1 ms for a 1000-record page, where a regex over the text takes ~1 ms); each
 * escape is stepped over whole, so an escaped backslash before an 'r' is no CR.
 */
function hasControlEscape(text: string): boolean {
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 2)) {
    const next = text.charCodeAt(at + 1);
    if (next === B || next === F || next === R) return true;
    if (next === U) {
      const code = parseInt(text.slice(at + 2, at + 6), 16);
      if (code < 0x20 || code === 0xfffe || code === 0xffff) return true;
    }
  }
  return false;
}
