// Document objects ↔ XML text by profile, for callers that hold one form and need
// the other. Off the hot path (a Query in object form never renders XML), so XML is
// written with xmlbuilder2 and read with fast-xml-parser, values kept as text.
import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { InvalidInputError, type ErrorContext } from '../errors';
import type { ProfileElement, ProfileKind } from '../profiles/elements';
import { cdataAsText, checkDocumentText, decodeEntities, MAX_DEPTH, parseChecked } from '../xml/document';
import { isPlainObject, textOf, typedText, type DocumentObject } from './values';

function accepted(elements: ProfileElement[]): string {
  return elements.map((e) => e.name).join(', ');
}

function checkKeys(obj: Record<string, unknown>, elements: ProfileElement[], path: string, ctx: ErrorContext): void {
  const names = new Set(elements.map((e) => e.name));
  for (const key of Object.keys(obj)) {
    if (!names.has(key)) throw new InvalidInputError(path ? `${path}.${key}` : key, `is not an element of this profile; accepted: ${accepted(elements)}`, ctx);
  }
}

function writeValue(parent: XMLBuilder, e: ProfileElement, value: unknown, path: string, ctx: ErrorContext): void {
  if (e.children && isPlainObject(value)) {
    writeElements(parent.ele(e.name), e.children, value, path, ctx, 'response');
    return;
  }
  if (isPlainObject(value) || Array.isArray(value)) {
    if (e.type !== 'json' && e.type !== 'object')
      throw new InvalidInputError(path, `must be a ${e.type} value, not ${Array.isArray(value) ? 'an array' : 'an object'}`, ctx);
  }
  const text = value instanceof Date ? value.toISOString() : textOf(value);
  const el = parent.ele(e.name);
  // xmlbuilder2 leaves an entity-shaped run (&A;) unescaped: every & is escaped here first.
  if (text !== '') el.txt(text.replace(/&/g, '&amp;'));
}

/**
 * Writes the elements of a profile in profile order. A response document has every
 * element (a missing or null value is an empty one); a request document only the
 * ones given.
 */
function writeElements(node: XMLBuilder, elements: ProfileElement[], obj: Record<string, unknown>, path: string, ctx: ErrorContext, kind: ProfileKind): void {
  checkKeys(obj, elements, path, ctx);
  for (const e of elements) {
    const at = path ? `${path}.${e.name}` : e.name;
    const value = obj[e.name];
    if (value === undefined && kind === 'request') continue;
    if (e.repeated && Array.isArray(value)) {
      for (const item of value) writeValue(node, e, item, at, ctx);
      continue;
    }
    if (Array.isArray(value) && e.type !== 'json' && e.type !== 'object') throw new InvalidInputError(at, 'may appear only once (not an array)', ctx);
    if (value === null && kind === 'request') continue;
    writeValue(node, e, value, at, ctx);
  }
}

/** The XML text of a document object; unknown elements and values of the wrong shape are refused by name. */
export function objectToXml(root: string, elements: ProfileElement[], obj: DocumentObject, kind: ProfileKind, ctx: ErrorContext = {}): string {
  if (!isPlainObject(obj)) throw new InvalidInputError('document', 'must be an object of elements', ctx);
  const doc = create({ invalidCharReplacement: '' }).ele(root);
  writeElements(doc, elements, obj, '', ctx, kind);
  // A literal CR would come back as LF from any XML parser; only text can hold one here.
  return doc.end({ headless: true }).replace(/\r/g, '&#13;');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  // Twilio data must stay text: +15769887984 is not a number to us.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: () => true,
  maxNestedTags: MAX_DEPTH + 1,
});

type Parsed = Record<string, unknown[]>;

function textOfNode(v: unknown, at: string, ctx: ErrorContext): string | undefined {
  if (typeof v === 'string') return decodeEntities(v, at, ctx);
  const keys = Object.keys(v as object);
  if (keys.length === 0) return '';
  if (keys.length === 1 && keys[0] === '#text') return decodeEntities(String((v as Record<string, unknown>)['#text']), at, ctx);
  return undefined; // holds elements
}

function readElements(body: Parsed, elements: ProfileElement[], path: string, ctx: ErrorContext): DocumentObject {
  const known = new Set(elements.map((e) => e.name));
  for (const [key, values] of Object.entries(body)) {
    if (key === '#text') {
      if (values.some((t) => String(t).trim() !== '')) throw new InvalidInputError(path || 'document', 'must hold elements or text, not both', ctx);
      continue;
    }
    if (!known.has(key)) throw new InvalidInputError(path ? `${path}.${key}` : key, `is not an element of this profile; accepted: ${accepted(elements)}`, ctx);
  }
  const out: DocumentObject = {};
  for (const e of elements) {
    const at = path ? `${path}.${e.name}` : e.name;
    const values = (body[e.name] ?? []).map((v) => {
      const text = textOfNode(v, at, ctx);
      if (text !== undefined) return typedText(e.type, text);
      if (!e.children) throw new InvalidInputError(at, 'must hold text, not child elements', ctx);
      return readElements(v as Parsed, e.children, at, ctx);
    });
    if (e.repeated) out[e.name] = values.filter((v) => v !== null);
    else if (values.length > 1) throw new InvalidInputError(at, 'may appear only once', ctx);
    else out[e.name] = values.length ? values[0] : null;
  }
  return out;
}

/** The document object of an XML document of this profile: every element present, typed (see values.ts). */
export function xmlToObject(root: string, elements: ProfileElement[], xml: string, ctx: ErrorContext = {}): DocumentObject {
  checkDocumentText(xml, ctx);
  const parsed = parseChecked(parser, cdataAsText(xml), ctx) as Parsed;
  const roots = Object.keys(parsed).filter((k) => k !== '#text');
  if (roots.length !== 1 || parsed[roots[0]].length !== 1) throw new InvalidInputError('document', `must have exactly one root element <${root}>`, ctx);
  if (roots[0] !== root) throw new InvalidInputError('document', `root element is <${roots[0]}>; expected <${root}>`, ctx);
  const body = parsed[root][0];
  const text = textOfNode(body, root, ctx);
  if (text !== undefined && text.trim() !== '') throw new InvalidInputError(root, 'must hold elements, not text', ctx);
  return readElements(text !== undefined ? {} : (body as Parsed), elements, '', ctx);
}
