// Twilio JSON records → document objects typed by the response profile, without
// going through XML: the object form of a Query costs a walk of the fields, not a
// render and a parse. Equal to rendering the record and reading the XML back
// (property-tested in test/objects.test.ts).
import type { FieldDef } from '../catalog/types';
import { toIsoIfTimestamp } from '../values/dates';
import type { RenderOptions } from '../xml/record';
import { isPlainObject, textOf, typedText, type DocumentObject } from './values';

export type ObjectMapper = (record: Record<string, unknown>) => DocumentObject;

type ValueMapper = (value: unknown) => unknown;

function scalar(field: FieldDef, options: RenderOptions): ValueMapper {
  const iso = field.type === 'datetime' && options.timestamps === 'iso8601';
  return (value) => {
    if (value === null || value === undefined || value === '') return null;
    if (field.type === 'object' || field.type === 'json') return typeof value === 'string' ? typedText(field.type, value) : value;
    if (typeof value === 'object') return typedText(field.type, JSON.stringify(value));
    let text = textOf(value);
    if (iso) {
      try {
        text = toIsoIfTimestamp(text);
      } catch {
        // Responses are never rejected: a timestamp we cannot read stays as Twilio wrote it.
      }
    }
    return typedText(field.type, text);
  };
}

function valueMapper(field: FieldDef, options: RenderOptions): ValueMapper {
  const nested = field.type === 'object' && field.fields ? compileFields(field.fields, options, undefined) : undefined;
  const one: ValueMapper = nested ? (value) => (isPlainObject(value) ? nested(value) : scalar(field, options)(value)) : scalar(field, options);
  if (!field.repeated) return one;
  return (value) => {
    const items = Array.isArray(value) ? value : [value];
    return items.map(one).filter((v) => v !== null);
  };
}

function compileFields(fields: FieldDef[], options: RenderOptions, selection: ReadonlySet<string> | undefined): ObjectMapper {
  const compiled = fields.map((field) => ({
    name: field.name,
    key: field.key,
    selected: !selection || selection.has(field.name),
    empty: field.repeated ? () => [] : () => null,
    map: valueMapper(field, options),
  }));
  return (record) => {
    const out: DocumentObject = {};
    for (const c of compiled) out[c.name] = c.selected ? c.map(record[c.key]) : c.empty();
    return out;
  };
}

/** The object form of records of these fields; unselected fields are null (or []), as they are empty in XML. */
export function compileObjectMapper(fields: FieldDef[], options: RenderOptions): ObjectMapper {
  return compileFields(fields, options, options.fields);
}
