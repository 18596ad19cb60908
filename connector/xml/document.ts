// Reads request documents: one root element whose children are flat elements
// holding text. Entities are not expanded beyond XML's five; DOCTYPEs are refused
// outright so no external entity or expansion bomb reaches the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvalidInputError, type ErrorContext } from '../errors';

export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export interface RequestDocument {
  root: string;
  /** Element name → its values in document order (repeated elements keep every value). */
  elements: Map<string, string[]>;
  /** Element names in first-seen order, for error messages and round trips. */
  order: string[];
}

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
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string, hex: string, name: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function parseRequestDocument(xml: string, expectedRoot: string, ctx: ErrorContext): RequestDocument {
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
  const elements = new Map<string, string[]>();
  const order: string[] = [];
  if (body !== '' && typeof body === 'object' && body !== null) {
    for (const [name, values] of Object.entries(body as Record<string, unknown[]>)) {
      if (name === '#text') {
        throw new InvalidInputError(root, 'must hold elements, not text', ctx);
      }
      const texts = values.map((v) => {
        if (typeof v === 'string') return decodeEntities(v);
        if (v && typeof v === 'object') {
          const keys = Object.keys(v);
          if (keys.length === 0) return '';
          if (keys.length === 1 && keys[0] === '#text') return decodeEntities(String((v as Record<string, unknown>)['#text']));
        }
        throw new InvalidInputError(name, 'must hold text, not child elements', ctx);
      });
      elements.set(name, texts);
      order.push(name);
    }
  } else if (typeof body === 'string' && body.trim() !== '') {
    throw new InvalidInputError(root, 'must hold elements, not text', ctx);
  }
  return { root, elements, order };
}
