// Splits request input into documents as it streams in: XML documents back to back
// (each with its own prolog), or, where allowed, one value per line. Every document
// the input holds becomes one piece, and a piece is either a decoded document or the
// rule it breaks, so a caller gives each exactly one result:
//   - documents are told apart by element depth, not by a pattern over the whole text;
//   - text or an end tag after a document's root element fails that document; text
//     before the first root fails the first;
//   - a start tag named like the expected root inside a document means that document
//     lacks its end tag: it fails, and the tag starts the next document;
//   - the root's end tag ends its document even where an element in it was left open
//     (<To> without </To>): the parser names that element, and what follows is not
//     taken for the document's content;
//   - a tail the input ends inside of (a document, tag or comment) is one broken document;
//     comments and whitespace alone are no document;
//   - a document over the size limit fails as soon as the limit is passed; the rest of
//     it is scanned for its end but not kept, so memory stays at one document;
//   - each document's bytes are decoded on their own with a fatal decoder, so invalid
//     UTF-8 fails that document only. UTF-16 needs a byte order mark (XML 1.0, 4.3.3);
//     it is transcoded to UTF-8 first, unpaired surrogates marked so they fail likewise.
// Hand-written because streaming XML parsers (sax, saxes) read one document of text,
// stop at a second root and know no byte offsets to decode a document by.
import { MAX_DOCUMENT_BYTES } from './document';

export interface SplitPiece {
  /** The document's text; absent when `problem` says why it cannot be read. */
  xml?: string;
  /** A value of line mode (input not starting with '<', `lines` on), trimmed. */
  text?: string;
  /** The rule the document breaks, worded to follow "document: ". */
  problem?: string;
  /** Line of the input the piece starts on (1-based). */
  line: number;
}

export interface SplitOptions {
  /** The root element documents should have; its start tag inside a document starts the next one. */
  root?: string;
  /** Largest document in UTF-8 bytes (default MAX_DOCUMENT_BYTES). */
  maxDocumentBytes?: number;
  /** Input whose first character is not '<' is one value per line (ids for Delete). */
  lines?: boolean;
}

// Scanner states.
const TOP = 0; // between documents, or in a document's prolog or after its root
const TEXT = 1; // inside the root element
const LT = 2; // after '<'
const START_NAME = 3;
const START_ATTRS = 4;
const START_SLASH = 5; // '/' in a start tag
const END_TAG = 6;
const BANG = 8; // after '<!'
const COMMENT = 9;
const CDATA = 10;
const DOCTYPE = 11;
const PI = 12;

/** What a '<' may turn out to be that decides where a document ends. */
const PLAIN = 0;
const AFTER_ROOT = 1; // after a root element: stray markup, or the next document
const NESTED = 2; // inside one: a start tag named like the expected root starts the next document

const LT_BYTE = 0x3c;
const GT_BYTE = 0x3e;
const NL = 0x0a;
/** Root names are kept to this many bytes, for messages. */
const MAX_NAME = 256;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const DECLARED_ENCODING = /^\s*<\?xml\s[^?]*?\bencoding\s*=\s*(["'])([^"']*)\1/;
const EMPTY = Buffer.alloc(0);

interface Doc {
  /** Its bytes from earlier chunks; the current chunk's start at `docFrom`. */
  chunks: Buffer[];
  size: number;
  line: number;
  /** Holds more than comments and whitespace. */
  content: boolean;
  root?: string;
  /** The root's name as bytes, to know its end tag by. */
  rootBytes?: Buffer;
  rootClosed: boolean;
  problem?: string;
  /** Its piece has gone out (over the size limit): the rest is only scanned. */
  emitted: boolean;
}

const newDoc = (line: number): Doc => ({ chunks: [], size: 0, line, content: false, rootClosed: false, emitted: false });

/**
 * Element depth is counted, names are not matched (the parser does that within a
 * document): only a start tag's name is compared with the expected root's, in place.
 * A document's bytes are cut out of the chunks by offset, so scanning allocates
 * nothing per tag.
 */
export class DocumentSplitter {
  private readonly max: number;
  private readonly rootBytes?: Buffer;
  private out: SplitPiece[] = [];
  private head: Buffer | undefined = EMPTY;
  private encoding: 'UTF-8' | 'UTF-16' = 'UTF-8';
  private utf16?: Utf16Transcoder;
  private mode: 'start' | 'xml' | 'lines' | 'refused' = 'start';
  /** Fatal: a byte sequence that is no character fails its document instead of becoming U+FFFD. */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  private state = TOP;
  private line = 1;
  private depth = 0;
  private doc?: Doc;
  /** Start of the current document's bytes in the chunk being scanned. */
  private docFrom = 0;
  private buf: Buffer = EMPTY;

  /** The last '<': its offset in this chunk (-1: an earlier chunk, its bytes in `tagCarry`), its line, what it may decide. */
  private tagAt = -1;
  private tagLine = 1;
  private tagCarry: Buffer = EMPTY;
  private deciding = PLAIN;
  private nameLen = 0;
  private nameIsRoot = false;
  private rootName: number[] = [];
  private strayEnd = false;
  /** An end tag's name so far still spells the document's root name; its length. */
  private endIsRoot = false;
  private endNaming = false;
  private endLen = 0;
  private quote = 0;
  private run = 0; // dashes, brackets or '?' seen before a possible terminator
  private brackets = 0;

  private lineBuf: Buffer[] = [];
  private lineSize = 0;
  private lineOver = false;

  constructor(private readonly options: SplitOptions = {}) {
    this.max = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
    if (options.root) this.rootBytes = Buffer.from(options.root, 'utf8');
  }

  /** Feeds bytes; returns the pieces completed by them. */
  push(chunk: Uint8Array): SplitPiece[] {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head) {
      buf = Buffer.concat([this.head, buf]);
      if (buf.length < 3) {
        this.head = buf;
        return [];
      }
      this.head = undefined;
      buf = this.detect(buf);
    }
    if (this.utf16) buf = this.utf16.push(buf);
    this.scan(buf);
    return this.take();
  }

  /** Ends the input; returns the last pieces, a broken tail among them. */
  end(): SplitPiece[] {
    if (this.head) {
      const buf = this.detect(this.head);
      this.head = undefined;
      this.scan(this.utf16 ? this.utf16.push(buf) : buf);
    }
    if (this.utf16) this.scan(this.utf16.end());
    if (this.mode === 'lines') this.endLine();
    if (this.mode === 'xml') this.endXml();
    return this.take();
  }

  private take(): SplitPiece[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Reads the byte order mark; returns the bytes after it. */
  private detect(buf: Buffer): Buffer {
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3);
    if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe)) {
      this.encoding = 'UTF-16';
      this.utf16 = new Utf16Transcoder(buf[0] === 0xfe);
      return buf.subarray(2);
    }
    if ((buf[0] === 0x3c && buf[1] === 0x00) || (buf[0] === 0x00 && buf[1] === 0x3c)) {
      this.mode = 'refused';
      this.out.push({ problem: 'is UTF-16 without a byte order mark, which XML 1.0 requires', line: 1 });
    }
    return buf;
  }

  private scan(buf: Buffer): void {
    if (this.mode === 'refused' || buf.length === 0) return;
    let i = 0;
    if (this.mode === 'start') {
      while (i < buf.length && isSpace(buf[i])) if (buf[i++] === NL) this.line++;
      if (i === buf.length) return;
      this.mode = buf[i] !== LT_BYTE && this.options.lines ? 'lines' : 'xml';
    }
    if (this.mode === 'lines') return this.scanLines(buf, i);
    this.buf = buf;
    this.docFrom = i;
    this.tagAt = -1;
    this.scanXml(buf, i);
    // The document goes on in the next chunk: keep what it has of this one.
    if (this.doc) this.keep(this.doc, this.docFrom, buf.length);
    if (this.deciding !== PLAIN) this.tagCarry = Buffer.concat([this.tagCarry, buf.subarray(this.tagAt < 0 ? 0 : this.tagAt)]);
    this.buf = EMPTY;
  }

  // ---- XML documents ----

  private scanXml(buf: Buffer, start: number): void {
    const n = buf.length;
    for (let i = start; i < n; i++) {
      const b = buf[i];
      switch (this.state) {
        case TEXT: {
          // Fast path: element text up to the next '<'.
          const j = buf.indexOf(LT_BYTE, i);
          const stop = j < 0 ? n : j;
          for (let k = buf.indexOf(NL, i); k >= 0 && k < stop; k = buf.indexOf(NL, k + 1)) this.line++;
          if (j < 0) {
            i = n;
            break;
          }
          i = j;
          this.lt(i, this.rootBytes ? NESTED : PLAIN);
          break;
        }
        case TOP:
          if (b === NL) this.line++;
          if (isSpace(b)) break;
          if (b === LT_BYTE) {
            if (!this.doc) this.startDoc(i);
            this.lt(i, this.doc!.rootClosed ? AFTER_ROOT : PLAIN);
            break;
          }
          if (!this.doc) this.startDoc(i);
          this.fail(this.doc!.rootClosed ? `has text after its root element </${this.doc!.root}>` : 'has text before its root element');
          break;
        case LT:
          this.afterLt(i, b);
          break;
        case BANG:
          if (this.deciding === AFTER_ROOT) {
            if (b === 0x5b) this.fail(`has text after its root element </${this.doc!.root}>`);
            else this.cut();
          }
          this.deciding = PLAIN;
          if (b === 0x2d) {
            this.state = COMMENT;
            this.run = 0;
          } else if (b === 0x5b) {
            this.state = CDATA;
            this.run = 0;
            if (this.depth === 0 && !this.doc!.rootClosed) this.fail('has text before its root element');
          } else {
            this.state = DOCTYPE;
            this.quote = 0;
            this.brackets = 0;
            this.doc!.content = true;
          }
          break;
        case COMMENT:
          if (b === NL) this.line++;
          if (b === 0x2d) this.run++;
          else if (b === GT_BYTE && this.run >= 2) this.state = this.inside();
          else this.run = 0;
          break;
        case CDATA:
          if (b === NL) this.line++;
          if (b === 0x5d) this.run++;
          else if (b === GT_BYTE && this.run >= 2) this.state = this.inside();
          else this.run = 0;
          break;
        case PI:
          if (b === NL) this.line++;
          if (b === GT_BYTE && this.run > 0) this.state = this.inside();
          else this.run = b === 0x3f ? 1 : 0;
          break;
        case DOCTYPE:
          if (b === NL) this.line++;
          if (this.quote) {
            if (b === this.quote) this.quote = 0;
          } else if (b === 0x22 || b === 0x27) this.quote = b;
          else if (b === 0x5b) this.brackets++;
          else if (b === 0x5d) this.brackets--;
          else if (b === GT_BYTE && this.brackets <= 0) this.state = this.inside();
          break;
        case START_NAME:
          if (isSpace(b) || b === 0x2f || b === GT_BYTE) {
            this.startTag();
            this.state = START_ATTRS;
            i--; // the terminator is read as part of the attributes
          } else this.nameByte(b);
          break;
        case START_ATTRS:
          if (b === NL) this.line++;
          if (this.quote) {
            if (b === this.quote) this.quote = 0;
          } else if (b === 0x22 || b === 0x27) this.quote = b;
          else if (b === 0x2f) this.state = START_SLASH;
          else if (b === GT_BYTE) {
            this.depth++;
            this.state = TEXT;
          }
          break;
        case START_SLASH:
          if (b === GT_BYTE) {
            if (this.depth === 0) this.doc!.rootClosed = true;
            this.state = this.inside();
          } else {
            this.state = START_ATTRS;
            i--;
          }
          break;
        case END_TAG:
          if (b === NL) this.line++;
          if (b !== GT_BYTE) {
            if (this.endNaming) this.endNameByte(b);
            break;
          }
          if (!this.strayEnd) {
            // The root's end tag ends the document even with elements in it left open
            // (<To> without </To>): the parser then names the one left open, and the
            // documents after it are not taken for its content.
            const root = this.doc!.rootBytes;
            if (this.depth > 1 && this.endIsRoot && root && this.endLen === root.length) this.depth = 1;
            if (--this.depth === 0) this.doc!.rootClosed = true;
          }
          this.state = this.inside();
          break;
      }
    }
  }

  private lt(i: number, deciding: number): void {
    this.tagAt = i;
    this.tagLine = this.line;
    this.tagCarry = EMPTY;
    this.deciding = deciding;
    this.state = LT;
  }

  private afterLt(i: number, b: number): void {
    const after = this.deciding === AFTER_ROOT;
    if (b === 0x2f) {
      this.deciding = PLAIN;
      this.strayEnd = this.depth === 0;
      this.endNaming = true;
      this.endIsRoot = this.doc!.rootBytes !== undefined;
      this.endLen = 0;
      if (after) this.fail(`has an end tag after its root element </${this.doc!.root}>`);
      else if (this.strayEnd) this.fail('has an end tag before its root element');
      this.state = END_TAG;
    } else if (b === 0x21) {
      if (!after) this.deciding = PLAIN;
      this.state = BANG;
    } else if (b === 0x3f) {
      if (after) this.cut();
      this.deciding = PLAIN;
      this.state = PI;
      this.run = 0;
      this.doc!.content = true;
    } else if (isSpace(b) || b === GT_BYTE || b === LT_BYTE) {
      this.deciding = PLAIN;
      this.fail("has a '<' that starts no tag");
      if (b === LT_BYTE) this.lt(i, this.depth ? (this.rootBytes ? NESTED : PLAIN) : this.doc!.rootClosed ? AFTER_ROOT : PLAIN);
      else {
        if (b === NL) this.line++;
        this.state = this.inside();
      }
    } else {
      if (after) {
        this.cut();
        this.deciding = PLAIN;
      }
      this.state = START_NAME;
      this.nameLen = 0;
      this.nameIsRoot = this.rootBytes !== undefined;
      this.rootName = [];
      this.nameByte(b);
    }
  }

  private nameByte(b: number): void {
    const root = this.rootBytes;
    if (this.nameIsRoot) this.nameIsRoot = this.nameLen < root!.length && root![this.nameLen] === b;
    this.nameLen++;
    if (this.depth === 0 && this.rootName.length < MAX_NAME) this.rootName.push(b);
    if (this.deciding === NESTED && !this.nameIsRoot) this.deciding = PLAIN;
  }

  private endNameByte(b: number): void {
    if (isSpace(b)) {
      this.endNaming = false;
      return;
    }
    const root = this.doc!.rootBytes!;
    if (this.endIsRoot) this.endIsRoot = this.endLen < root.length && root[this.endLen] === b;
    this.endLen++;
  }

  /** A start tag's name is complete. */
  private startTag(): void {
    if (this.deciding === NESTED && this.nameIsRoot && this.nameLen === this.rootBytes!.length) {
      this.fail(`has no end tag </${this.doc!.root}> before the next <${this.options.root}> (line ${this.tagLine})`);
      this.cut();
      this.depth = 0;
      this.doc!.root = this.options.root;
      this.doc!.rootBytes = this.rootBytes;
      this.doc!.content = true;
    } else if (this.depth === 0) {
      this.doc!.rootBytes = Buffer.from(this.rootName);
      this.doc!.root = this.doc!.rootBytes.toString('utf8');
      this.doc!.content = true;
    }
    this.deciding = PLAIN;
    this.quote = 0;
  }

  /** The state after markup: text inside the root, else between documents. */
  private inside(): number {
    return this.depth ? TEXT : TOP;
  }

  private startDoc(i: number): void {
    this.doc = newDoc(this.line);
    this.docFrom = i;
  }

  /** The last '<' starts the next document: the current one ends before it. */
  private cut(): void {
    const old = this.doc!;
    const next = newDoc(this.tagLine);
    if (this.tagAt >= 0) {
      this.keep(old, this.docFrom, this.tagAt);
      this.docFrom = this.tagAt;
    } else {
      // The tag began in an earlier chunk: those bytes end the old document's and begin the new one's.
      const carried = this.tagCarry;
      if (!old.emitted && old.chunks.length) {
        const all = Buffer.concat(old.chunks);
        old.chunks = [all.subarray(0, all.length - carried.length)];
      }
      old.size -= carried.length;
      next.chunks.push(carried);
      next.size = carried.length;
      this.docFrom = 0;
    }
    this.emit(old);
    this.doc = next;
  }

  private fail(rule: string): void {
    const doc = this.doc!;
    doc.content = true;
    doc.problem ??= rule;
  }

  /** Adds bytes of the chunk to a document, refusing it as soon as it passes the size limit. */
  private keep(doc: Doc, from: number, to: number): void {
    if (to <= from) return;
    doc.size += to - from;
    if (doc.emitted) return;
    if (doc.size > this.max) {
      // Refused now, not when its end is found: nothing more of it is kept.
      doc.chunks = [];
      doc.emitted = true;
      this.out.push({ problem: `is larger than ${this.max} bytes`, line: doc.line });
      return;
    }
    doc.chunks.push(this.buf.subarray(from, to));
  }

  /** A complete document (bytes up to `docFrom` kept) as its piece. */
  private emit(doc: Doc): void {
    if (doc.emitted || !doc.content) return;
    doc.emitted = true;
    if (doc.problem) return void this.out.push({ problem: doc.problem, line: doc.line });
    if (doc.root === undefined) return void this.out.push({ problem: 'has no root element', line: doc.line });
    const bytes = doc.chunks.length === 1 ? doc.chunks[0] : Buffer.concat(doc.chunks);
    doc.chunks = [];
    this.out.push({ ...this.decode(bytes), line: doc.line });
  }

  private decode(bytes: Buffer): { xml: string } | { problem: string } {
    let xml: string;
    try {
      // Whitespace after the root is the gap before the next document, not part of this one.
      xml = this.decoder.decode(bytes).replace(/[ \t\r\n]+$/, '');
    } catch {
      return { problem: `is not well-formed ${this.encoding}: it holds bytes that are no ${this.encoding} character` };
    }
    const declared = xml.startsWith('<?xml') || /^\s+<\?xml/.test(xml) ? DECLARED_ENCODING.exec(xml)?.[2] : undefined;
    if (declared !== undefined) {
      const fits = this.encoding === 'UTF-8' ? /^(utf-8|us-ascii)$/i.test(declared) : /^utf-16(le|be)?$/i.test(declared);
      if (!fits) {
        return {
          problem:
            /^utf-16/i.test(declared) && this.encoding === 'UTF-8'
              ? `declares encoding '${declared}' but has no UTF-16 byte order mark`
              : `declares encoding '${declared}'; documents are read as UTF-8 or UTF-16 (with a byte order mark) only`,
        };
      }
    }
    return { xml };
  }

  private endXml(): void {
    const doc = this.doc;
    if (!doc) return;
    if (this.deciding === AFTER_ROOT) this.fail(`ends in a tag after its root element </${doc.root}>`);
    const where: Record<number, string> = { [COMMENT]: 'a comment', [CDATA]: 'a CDATA section', [PI]: 'a processing instruction', [DOCTYPE]: 'a DOCTYPE' };
    if (where[this.state]) this.fail(`ends inside ${where[this.state]}`);
    else if (this.state !== TOP && this.state !== TEXT) this.fail('ends inside a tag');
    if (this.depth) this.fail(`ends without the end tag </${doc.root}>`);
    this.emit(doc);
    this.doc = undefined;
  }

  // ---- lines ----

  private scanLines(buf: Buffer, start: number): void {
    let i = start;
    for (let nl = buf.indexOf(NL, i); ; nl = buf.indexOf(NL, i)) {
      this.addLine(buf.subarray(i, nl < 0 ? buf.length : nl));
      if (nl < 0) return;
      this.endLine();
      this.line++;
      i = nl + 1;
    }
  }

  private addLine(part: Buffer): void {
    this.lineSize += part.length;
    if (this.lineSize > this.max) {
      if (!this.lineOver) this.out.push({ problem: `is a line longer than ${this.max} bytes`, line: this.line });
      this.lineOver = true;
      this.lineBuf = [];
    } else if (part.length) this.lineBuf.push(Buffer.from(part));
  }

  private endLine(): void {
    const bytes = Buffer.concat(this.lineBuf);
    const over = this.lineOver;
    this.lineBuf = [];
    this.lineSize = 0;
    this.lineOver = false;
    if (over) return;
    let text: string;
    try {
      text = this.decoder.decode(bytes).trim();
    } catch {
      return void this.out.push({ problem: `is not well-formed ${this.encoding}: it holds bytes that are no ${this.encoding} character`, line: this.line });
    }
    if (text) this.out.push({ text, line: this.line });
  }
}

/**
 * UTF-16 (either byte order) to UTF-8, chunk by chunk; an unpaired surrogate or odd
 * trailing byte becomes 0xFF, which no UTF-8 decoder accepts, so its document fails.
 */
class Utf16Transcoder {
  private odd?: Buffer;
  private high = '';
  constructor(private readonly bigEndian: boolean) {}

  push(chunk: Buffer): Buffer {
    const buf = this.odd ? Buffer.concat([this.odd, chunk]) : chunk;
    const even = buf.length & ~1;
    this.odd = even < buf.length ? Buffer.from(buf.subarray(even)) : undefined;
    const units = this.bigEndian ? Buffer.from(buf.subarray(0, even)).swap16() : buf.subarray(0, even);
    let text = this.high + units.toString('utf16le');
    this.high = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.high = text.slice(-1);
      text = text.slice(0, -1);
    }
    return utf8Marking(text);
  }

  end(): Buffer {
    const tail = utf8Marking(this.high);
    return this.odd ? Buffer.concat([tail, Buffer.from([0xff])]) : tail;
  }
}

function utf8Marking(text: string): Buffer {
  if (!text.match(LONE_SURROGATE)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (const m of text.matchAll(LONE_SURROGATE)) {
    parts.push(Buffer.from(text.slice(at, m.index), 'utf8'), Buffer.from([0xff]));
    at = m.index! + 1;
  }
  parts.push(Buffer.from(text.slice(at), 'utf8'));
  return Buffer.concat(parts);
}

/** Splits a stream of input bytes (a file, stdin, a canvas's document stream) into pieces as it arrives. */
export async function* splitDocuments(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: SplitOptions = {}): AsyncGenerator<SplitPiece> {
  const splitter = new DocumentSplitter(options);
  for await (const chunk of source) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** Splits input held whole (a string is taken as its UTF-8 bytes). */
export function splitText(input: string | Uint8Array, options: SplitOptions = {}): SplitPiece[] {
  const splitter = new DocumentSplitter(options);
  return [...splitter.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input), ...splitter.end()];
}
