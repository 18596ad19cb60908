// Documents as objects: a record mapped straight to its object equals the record
// rendered to XML and read back, and object → XML → object is lossless, for the
// response and request profiles of types with every kind of element.
import fc from 'fast-check';
import { loadCatalog, objectType } from '../connector/catalog/load';
import type { FieldDef, ValueType } from '../connector/catalog/types';
import { compileObjectMapper } from '../connector/objects/record';
import { objectToXml, xmlToObject } from '../connector/objects/xml';
import { requestElements, responseElements, type ProfileElement } from '../connector/profiles/elements';
import { compileRenderer } from '../connector/xml/record';

const catalog = loadCatalog();
// Strings, SIDs, timestamps, integers, JSON, nested objects, repeated objects and scalars between them.
const TYPES = ['Message', 'IncomingPhoneNumber', 'Call', 'IntelligenceV2CustomOperator', 'CommsContact', 'ConversationsV1Conversation'];

// Text XML 1.0 can carry (no C0 controls but TAB, LF, CR; no U+FFFE/U+FFFF), with markup characters.
const xmlChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', 'é', '😀', ']]>'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }).filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)),
);
const text = fc.array(xmlChar, { maxLength: 8 }).map((parts) => parts.join(''));
const json = fc.json({ maxDepth: 2 }).map((t) => JSON.parse(t) as unknown);
const timestamp = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toUTCString().replace('GMT', '+0000'));

function scalarFor(type: ValueType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'integer':
      return fc.oneof(fc.integer(), fc.integer().map(String), text);
    case 'number':
      return fc.oneof(
        fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 1000),
        text,
      );
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), text);
    case 'json':
    case 'object':
      return fc.oneof(json, text);
    case 'datetime':
      return fc.oneof(timestamp, text);
    default:
      return fc.oneof(text, fc.integer(), fc.boolean());
  }
}

/** A Twilio-like record value for a field: sometimes missing or null, repeated as arrays, nested objects by their fields. */
function valueFor(field: FieldDef, depth = 0): fc.Arbitrary<unknown> {
  const one: fc.Arbitrary<unknown> =
    field.type === 'object' && field.fields && depth < 3 ? fc.oneof(recordFor(field.fields, depth + 1), scalarFor('json')) : scalarFor(field.type);
  const value = field.repeated ? fc.oneof(fc.array(fc.oneof(one, fc.constant(null)), { maxLength: 3 }), one) : one;
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(null, undefined, '') }, { weight: 6, arbitrary: value });
}

function recordFor(fields: FieldDef[], depth = 0): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(fields.map((f) => [f.key, valueFor(f, depth)])), { requiredKeys: [] });
}

/** A document object as the object form has it: every element, typed, null where empty. */
function objectFor(elements: ProfileElement[], depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const typed = (e: ProfileElement): fc.Arbitrary<unknown> => {
    switch (e.type) {
      case 'integer':
        return fc.integer();
      case 'number':
        return fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 1000);
      case 'boolean':
        return fc.boolean();
      case 'json':
        return json.filter((v) => v !== null && typeof v !== 'string');
      case 'object':
        return e.children && depth < 3 ? objectFor(e.children, depth + 1) : json.filter((v) => v !== null && typeof v !== 'string');
      default:
        return text.filter((s) => s !== '');
    }
  };
  return fc.record(Object.fromEntries(elements.map((e) => [e.name, e.repeated ? fc.array(typed(e), { maxLength: 3 }) : fc.option(typed(e), { nil: null })])));
}

describe.each(TYPES)('%s', (name) => {
  const def = objectType(catalog, name);
  const fields = def.fields;

  it.each(['twilio', 'iso8601'] as const)('record → object equals record → XML → object (timestamps %s)', (timestamps) => {
    const render = compileRenderer(name, fields, { timestamps });
    const map = compileObjectMapper(fields, { timestamps });
    const elements = responseElements(def, 'get');
    fc.assert(
      fc.property(recordFor(fields), (record) => {
        expect(xmlToObject(name, elements, render(record))).toEqual(map(record));
      }),
      { numRuns: 150 },
    );
  });

  it('response object → XML → object is lossless', () => {
    const elements = responseElements(def, 'get');
    fc.assert(
      fc.property(objectFor(elements), (doc) => {
        expect(xmlToObject(name, elements, objectToXml(name, elements, doc, 'response'))).toEqual(doc);
      }),
      { numRuns: 150 },
    );
  });

  const writes = (['create', 'update'] as const).filter((a) => def.routes.some((r) => r.actions.includes(a)));
  it.each(writes)('%s request object → XML → object is lossless', (action) => {
    const elements = requestElements(def, action);
    fc.assert(
      fc.property(objectFor(elements), (doc) => {
        expect(xmlToObject(name, elements, objectToXml(name, elements, doc, 'request'))).toEqual(doc);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the object form keeps what XML cannot', () => {
  it('characters XML 1.0 forbids stay in the object and are dropped from XML', () => {
    const def = objectType(catalog, 'Message');
    const record = { sid: 'SM' + 'a'.repeat(32), body: 'bell\u0007' };
    expect(compileObjectMapper(def.fields, { timestamps: 'twilio' })(record).Body).toBe('bell\u0007');
    expect(compileRenderer('Message', def.fields, { timestamps: 'twilio' })(record)).toContain('<Body>bell</Body>');
  });

  it('unselected fields are null (repeated ones empty), as they are empty elements in XML', () => {
    const def = objectType(catalog, 'Message');
    const map = compileObjectMapper(def.fields, { timestamps: 'twilio', fields: new Set(['Sid']) });
    const obj = map({ sid: 'SM' + 'a'.repeat(32), body: 'x' });
    expect(obj).toMatchObject({ Sid: 'SM' + 'a'.repeat(32), Body: null });
  });
});
