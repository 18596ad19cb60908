// Reads request documents: one root element whose children hold text, or, for the
// object parameters of a profile, further elements. Entities are not expanded beyond
// XML's five and numeric references; DOCTYPEs are refused outright so no external
// entity or expansion bomb reaches the parser. Characters XML 1.0 does not allow
// (NUL and other C0 controls, U+FFFE/U+FFFF, lone surrogates) are refused, written
// out or as references, so none reaches Twilio.
import type { XMLParser } from 'fast-xml-parser';
import { InvalidInputError, type ErrorContext } from '../errors';

export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export interface RequestNode {
  /** Element name → its text values in document order (repeated elements keep every value). */
  elements: Map<string, string[]>;
  /** Element name → its values that hold child elements (an object parameter). */
  nodes: Map<string, RequestNode[]>;
  /** Element names in first-seen order, for error messages and round trips. */
  order: string[];
}

export interface RequestDocument extends RequestNode {
  root: string;
}

/** Nesting deeper than any profile's, refused before walking it. */
export const MAX_DEPTH = 16;

type Xml = typeof import('fast-xml-parser');
let fxp: Xml | undefined;
/** fast-xml-parser, loaded with the first request document: a Query never reads one. */
function fastXmlParser(): Xml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, as in values/phone.ts
  return (fxp ??= require('fast-xml-parser') as Xml);
}

let requestParser: XMLParser | undefined;
const parser = () =>
  (requestParser ??= new (fastXmlParser().XMLParser)({
    ignoreAttributes: true,
    // Twilio data must stay text: +15769887984 and -0.00790 are not numbers to us.
    parseTagValue: false,
    parseAttributeValue: false,
    // A value is sent as written (a message body's spaces and line breaks are its own);
    // the whitespace between elements is dropped below, and typed values are trimmed.
    trimValues: false,
    // Entities are decoded below in one pass: the parser's own handling either leaves
    // numeric references (&#233;) literal or, with htmlEntities, costs 2.5x per document.
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: () => true,
    // Deeper than any profile: refused (below) before the parser builds it.
    maxNestedTags: MAX_DEPTH + 1,
  }));

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|([A-Za-z_][\w.-]*));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Characters outside XML 1.0's Char production (section 2.2), written out; lone surrogates too. */
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const hex = (code: number) => 'U+' + code.toString(16).toUpperCase().padStart(4, '0');

/** XML's five entities and numeric character references, decoded once each (&amp;#13; stays &#13;). */
export function decodeEntities(text: string, element: string, ctx: ErrorContext): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string, hexDigits: string, name: string) => {
    if (name) {
      // No DOCTYPE is allowed, so no entity is declared beyond XML's own five.
      if (!(name in NAMED)) throw new InvalidInputError(element, `${whole} is not an entity XML defines (lt, gt, amp, apos, quot); write & as &amp;`, ctx);
      return NAMED[name];
    }
    const code = dec ? Number(dec) : parseInt(hexDigits, 16);
    if (!isXmlChar(code)) {
      const what = code > 0x10ffff ? 'beyond U+10FFFF' : `a reference to ${hex(code)}`;
      throw new InvalidInputError(element, `${whole} is ${what}, a character XML 1.0 does not allow`, ctx);
    }
    return String.fromCodePoint(code);
  });
}

/** Refuses a character XML 1.0 does not allow, naming it and where it is. */
function checkCharacters(xml: string, ctx: ErrorContext): void {
  const m = FORBIDDEN_CHAR.exec(xml);
  if (!m) return;
  const before = xml.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  throw new InvalidInputError('document', `holds ${hex(m[0].charCodeAt(0))} (line ${line}, column ${column}), a character XML 1.0 does not allow`, ctx);
}

/** Size, no DOCTYPE or ENTITY declarations, only characters XML 1.0 allows, well-formed: what any document text must pass before it is read. */
export function checkDocumentText(xml: string, ctx: ErrorContext): void {
  if (Buffer.byteLength(xml, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw new InvalidInputError('document', `is larger than ${MAX_DOCUMENT_BYTES} bytes`, ctx);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new InvalidInputError('document', 'DOCTYPE and ENTITY declarations are not allowed', ctx);
  }
  checkCharacters(xml, ctx);
  const valid = fastXmlParser().XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new InvalidInputError('document', `is not well-formed XML (line ${line}, column ${col}: ${msg})`, ctx);
  }
}

/** Parses checked text; what the parser still refuses is the nesting limit (maxNestedTags: MAX_DEPTH + 1). */
export function parseChecked(xmlParser: XMLParser, xml: string, ctx: ErrorContext): Record<string, unknown[]> {
  try {
    return xmlParser.parse(xml) as Record<string, unknown[]>;
  } catch (err) {
    const message = String((err as Error)?.message);
    throw new InvalidInputError('document', /nested/i.test(message) ? `nests deeper than ${MAX_DEPTH} levels` : `cannot be read: ${message}`, ctx);
  }
}

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/**
 * CDATA sections written as the character data they hold (& < > escaped), so the one
 * entity pass leaves their text as written: <![CDATA[R&D;]]> is R&D;, not an entity.
 */
export function cdataAsText(xml: string): string {
  if (!xml.includes('<![CDATA[')) return xml;
  return xml.replace(CDATA, (_, text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A start tag with attributes, each value quoted (the text is well-formed by now); comments and CDATA are taken out first. */
const TAG_WITH_ATTRIBUTES = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))+)\s*\/?>/g;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=/g;
const COMMENT_OR_CDATA = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
/** Namespace declarations and schema hints say nothing a request takes. */
const METADATA = /^(?:xmlns(?::|$)|xsi:)/;

/**
 * Refuses an attribute a document carries a value in (<To type="e164">): no profile has
 * one, and the parser would drop it unsaid. @throws InvalidInputError naming the element
 */
function checkNoAttributes(xml: string, ctx: ErrorContext): void {
  if (!xml.includes('=')) return;
  for (const [, element, attributes] of xml.replace(COMMENT_OR_CDATA, '').matchAll(TAG_WITH_ATTRIBUTES)) {
    // Names only: a value's own '=' is inside its quotes, which the tag pattern has matched whole.
    const names = attributes.replace(/"[^"]*"|'[^']*'/g, '').matchAll(ATTRIBUTE);
    for (const [, attribute] of names) {
      if (!METADATA.test(attribute)) throw new InvalidInputError(element, `attribute ${attribute} is not read: a value goes in an element of its own`, ctx);
    }
  }
}

export function parseRequestDocument(xml: string, expectedRoot: string, ctx: ErrorContext): RequestDocument {
  checkDocumentText(xml, ctx);
  checkNoAttributes(xml, ctx);
  const parsed = parseChecked(parser(), cdataAsText(xml), ctx);
  const roots = Object.keys(parsed).filter((k) => k !== '#text');
  if (roots.length !== 1 || parsed[roots[0]].length !== 1) {
    throw new InvalidInputError('document', `must have exactly one root element <${expectedRoot}>`, ctx);
  }
  const root = roots[0];
  if (root !== expectedRoot) {
    throw new InvalidInputError('document', `root element is <${root}>; expected <${expectedRoot}>`, ctx);
  }
  const body = parsed[root][0];
  if (typeof body === 'string') {
    if (body.trim() !== '') throw new InvalidInputError(root, 'must hold elements, not text', ctx);
    return { root, elements: new Map(), nodes: new Map(), order: [] };
  }
  return { root, ...nodeOf(root, body as Record<string, unknown[]>, ctx, 1) };
}

function nodeOf(name: string, body: Record<string, unknown[]>, ctx: ErrorContext, depth: number): RequestNode {
  if (depth > MAX_DEPTH) throw new InvalidInputError(name, `nests deeper than ${MAX_DEPTH} levels`, ctx);
  const node: RequestNode = { elements: new Map(), nodes: new Map(), order: [] };
  for (const [child, values] of Object.entries(body)) {
    if (child === '#text') {
      if (isBlank(values)) continue; // the indentation between elements
      throw new InvalidInputError(name, 'must hold elements or text, not both', ctx);
    }
    node.order.push(child);
    for (const v of values) {
      if (typeof v === 'string') {
        push(node.elements, child, decodeEntities(v, child, ctx));
        continue;
      }
      const keys = Object.keys(v as object);
      if (keys.length === 0) push(node.elements, child, '');
      else if (keys.length === 1 && keys[0] === '#text')
        push(node.elements, child, decodeEntities(String((v as Record<string, unknown>)['#text']), child, ctx));
      else push(node.nodes, child, nodeOf(child, v as Record<string, unknown[]>, ctx, depth + 1));
    }
  }
  return node;
}

/** Whitespace-only text, as the parser gives it (a string, or a list of them). */
function isBlank(text: unknown): boolean {
  return (Array.isArray(text) ? text : [text]).every((t) => typeof t === 'string' && t.trim() === '');
}

export function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
