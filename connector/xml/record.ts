// Renders Twilio JSON records as profile XML. Hot path of every Query: tags are
// precomputed once per operation and values escaped by hand (xmlbuilder2 costs
// tens of microseconds a record, see bench/).
import type { FieldDef } from '../catalog/types';
import { toIsoIfTimestamp } from '../values/dates';

export type TimestampStyle = 'twilio' | 'iso8601';

export interface RenderOptions {
  /** Fields to return; the others come back as empty elements. Undefined: all. */
  fields?: ReadonlySet<string>;
  timestamps: TimestampStyle;
}

// XML 1.0 forbids most C0 controls even when escaped; Twilio bodies can contain them.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Escapes text content; a CR becomes &#13; because parsers turn a literal CR into LF. */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function textOf(field: FieldDef, value: unknown, timestamps: TimestampStyle): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    if (field.type === 'datetime' && timestamps === 'iso8601' && value) {
      // Responses are never rejected: a timestamp we cannot read stays as Twilio wrote it.
      try {
        return toIsoIfTimestamp(value);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface CompiledField {
  field: FieldDef;
  key: string;
  open: string;
  close: string;
  empty: string;
  /** Values that need more than escaping: unselected, repeated, or timestamps to convert. */
  plain: boolean;
  selected: boolean;
}

export type RecordRenderer = (record: Record<string, unknown>) => string;

export function compileRenderer(rootName: string, fields: FieldDef[], options: RenderOptions): RecordRenderer {
  const compiled: CompiledField[] = fields.map((field) => {
    const selected = !options.fields || options.fields.has(field.name);
    const converts = field.type === 'datetime' && options.timestamps === 'iso8601';
    return {
      field,
      key: field.key,
      open: `<${field.name}>`,
      close: `</${field.name}>`,
      empty: `<${field.name}/>`,
      plain: selected && !field.repeated && !converts,
      selected,
    };
  });
  const open = `<${rootName}>`;
  const close = `</${rootName}>`;
  const count = compiled.length;
  // The hot loop of every Query: the common case (a selected, plain string or null)
  // is handled inline; everything else goes through textOf.
  return (record) => {
    let out = open;
    for (let i = 0; i < count; i++) {
      const c = compiled[i];
      if (c.plain) {
        const value = record[c.key];
        if (value === null || value === undefined || value === '') out += c.empty;
        else if (typeof value === 'string') out += c.open + (NEEDS_ESCAPE.test(value) ? escapeXml(value) : value) + c.close;
        else out += c.open + escapeXml(textOf(c.field, value, options.timestamps)) + c.close;
        continue;
      }
      const value = c.selected ? record[c.key] : undefined;
      if (c.field.repeated && Array.isArray(value)) {
        for (const item of value) out += c.open + escapeXml(textOf(c.field, item, options.timestamps)) + c.close;
        continue;
      }
      const text = textOf(c.field, value, options.timestamps);
      out += text === '' ? c.empty : c.open + escapeXml(text) + c.close;
    }
    return out + close;
  };
}
