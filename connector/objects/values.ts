// Documents as plain objects typed by their profile, for canvases that pass JSON
// messages. One rule set, used both ways: a Twilio record becomes the same object
// whether it is mapped directly or rendered to XML and read back.
//   empty / null            → null (a repeated element: [])
//   integer, number         → a number where the text is one
//   boolean                 → true / false where the text is one
//   json (free-form)        → the parsed value where the text is JSON
//   object with children    → a nested object of its elements
//   anything else           → a string (timestamps as written, or ISO 8601 if asked)
import type { ValueType } from '../catalog/types';

/** A document as an object: element name → value. */
export interface DocumentObject {
  [element: string]: unknown;
}

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The typed value of an element's text (never of nested elements). */
export function typedText(type: ValueType, text: string): unknown {
  if (text === '') return null;
  switch (type) {
    case 'integer':
      return INTEGER.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
    case 'number':
      return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'json':
    case 'object':
      return parsedJson(text);
    default:
      return text;
  }
}

/** The text an element holds for a value that is not a nested object (what the XML renderer writes). */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
