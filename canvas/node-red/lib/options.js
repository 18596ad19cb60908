// An operation node's settings (its dialog, and msg overrides) → the library's
// OperationOptions. Which options exist, their types and the actions they apply to come
// from the connector's manifest; the node adds what is Node-RED's own (output form,
// headers, concurrency).
'use strict';

const { ConfigurationError, manifest, parseFilter } = require('twilio-connector');

const DOCUMENT_FORMS = ['xml', 'object'];

function blank(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** A filter as the dialog stores it ({field, op, value}) or as text ("DateSent after 2026-06-01"). */
function filterOf(f) {
  if (typeof f === 'string') return parseFilter(f);
  if (f && typeof f === 'object' && typeof f.field === 'string' && typeof f.op === 'string') return { field: f.field, op: f.op, value: String(f.value ?? '') };
  throw new ConfigurationError(`filter ${JSON.stringify(f)} is not {field, op, value} or text such as "DateSent after 2026-06-01 00:00:00"`);
}

/** One manifest option's value as the library takes it. */
function valueOf(option, v) {
  switch (option.type) {
    case 'boolean':
      return v === true || v === 'true';
    case 'integer': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isInteger(n)) throw new ConfigurationError(`${option.name} must be an integer, not '${v}'`);
      return n;
    }
    case 'enum':
      if (!option.values.includes(String(v))) throw new ConfigurationError(`${option.name} must be one of ${option.values.join(', ')}, not '${v}'`);
      return String(v);
    case 'string[]':
      return (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean);
    case 'filter[]':
      return (Array.isArray(v) ? v : [v]).map(filterOf);
    default:
      throw new ConfigurationError(`option ${option.name} has a type this node does not know (${option.type})`);
  }
}

/** Request headers as the dialog stores them ([{name, value}]) or as an object. */
function headersOf(h) {
  if (Array.isArray(h)) return Object.fromEntries(h.filter((x) => x && x.name).map((x) => [String(x.name), String(x.value ?? '')]));
  if (h && typeof h === 'object') return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));
  throw new ConfigurationError('headers must be an object of header names and values');
}

/**
 * OperationOptions for an action on an object type: the manifest's options that apply to the
 * action, from `stored` (the dialog's `options`) with `overrides` (msg.options) on top.
 */
function operationOptions({ action, objectType, options = {}, documents = 'xml', headers, concurrency }, overrides = {}) {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) throw new ConfigurationError('msg.options must be an object of operation options');
  const declared = manifest().operationOptions;
  const known = new Set([...declared.map((o) => o.name), 'documents', 'headers', 'concurrency']);
  const unknown = Object.keys(overrides).filter((k) => !known.has(k));
  if (unknown.length) throw new ConfigurationError(`msg.options: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not an option (options: ${[...known].join(', ')})`);
  const merged = { ...options, ...overrides };
  const out = { action, objectType };
  for (const option of declared) {
    if (option.actions && !option.actions.includes(action)) continue;
    if (!blank(merged[option.name])) out[option.name] = valueOf(option, merged[option.name]);
  }
  const form = overrides.documents ?? documents;
  if (!DOCUMENT_FORMS.includes(form)) throw new ConfigurationError(`documents must be ${DOCUMENT_FORMS.join(' or ')}, not '${form}'`);
  out.documents = form;
  const hdrs = overrides.headers ?? headers;
  if (!blank(hdrs)) {
    const h = headersOf(hdrs);
    if (Object.keys(h).length) out.headers = h;
  }
  const conc = overrides.concurrency ?? concurrency;
  if (!blank(conc)) out.concurrency = valueOf({ name: 'concurrency', type: 'integer' }, conc);
  return out;
}

module.exports = { operationOptions, DOCUMENT_FORMS };
