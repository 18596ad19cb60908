// Reads request documents: one root element whose children hold text, or, for the
// object parameters of a profile, further elements. Entities are not expanded beyond
// XML's five and numeric references; DOCTYPEs are refused outright so no external
// entity or expansion bomb reaches the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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
const MAX_DEPTH = 16;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Twilio data must stay text: +15769887984 and -0.00790 are not numbers to us.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded below in one pass: the parser's own handling either leaves
  // numeric references (&#233;) literal or, with htmlEntities, costs 2.5x per document.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: () => true,
});

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|apos|quot));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** XML's five entities and numeric character references, decoded once each (&amp;#13; stays &#13;). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string, hex: string, name: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Size, no DOCTYPE or ENTITY declarations, well-formed: what any document text must pass before it is read. */
export function checkDocumentText(xml: string, ctx: ErrorContext): void {
  if (Buffer.byteLength(xml, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw new InvalidInputError('document', `is larger than ${MAX_DOCUMENT_BYTES} bytes`, ctx);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new InvalidInputError('document', 'DOCTYPE and ENTITY declarations are not allowed', ctx);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new InvalidInputError('document', `is not well-formed XML (line ${line}, column ${col}: ${msg})`, ctx);
  }
}

export function parseRequestDocument(xml: string, expectedRoot: string, ctx: ErrorContext): RequestDocument {
  checkDocumentText(xml, ctx);
  const parsed = parser.parse(xml) as Record<string, unknown[]>;
  const roots = Object.keys(parsed);
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
    if (child === '#text') throw new InvalidInputError(name, 'must hold elements or text, not both', ctx);
    node.order.push(child);
    for (const v of values) {
      if (typeof v === 'string') {
        push(node.elements, child, decodeEntities(v));
        continue;
      }
      const keys = Object.keys(v as object);
      if (keys.length === 0) push(node.elements, child, '');
      else if (keys.length === 1 && keys[0] === '#text') push(node.elements, child, decodeEntities(String((v as Record<string, unknown>)['#text'])));
      else push(node.nodes, child, nodeOf(child, v as Record<string, unknown[]>, ctx, depth + 1));
    }
  }
  return node;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
