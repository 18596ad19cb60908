// An operation node's settings (its dialog's `options`, and msg.options on top) → the
// library's OperationOptions. Which options exist, their types and the actions they apply
// to come from the connector's manifest; this module only turns the forms the dialog and
// messages use into the library's (the library checks values and bounds). Options the
// host applies (scope "host": tracking direction) have no meaning in Node-RED.
'use strict';

const { ConfigurationError, manifest, parseFilter } = require('twilio-connector');

function declared() {
  return manifest().operationOptions.filter((o) => o.scope !== 'host');
}

function blank(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** A filter as the dialog stores it ({field, op, value}) or as text ("DateSent after 2026-06-01"). */
function filterOf(f) {
  if (typeof f === 'string') return parseFilter(f);
  if (f && typeof f === 'object' && typeof f.field === 'string' && typeof f.op === 'string') return { field: f.field, op: f.op, value: String(f.value ?? '') };
  throw new ConfigurationError(`filter ${JSON.stringify(f)} is not {field, op, value} or text such as "DateSent after 2026-06-01 00:00:00"`);
}

/** One manifest option's value in the library's form. */
function valueOf(option, v) {
  switch (option.type) {
    case 'boolean':
      return v === true || v === 'true';
    case 'integer': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isInteger(n)) throw new ConfigurationError(`option ${option.name} (${option.label}) must be an integer, not '${v}'`);
      return n;
    }
    case 'enum':
      return String(v);
    case 'string[]':
      return (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean);
    case 'filter[]':
      return (Array.isArray(v) ? v : [v]).map(filterOf);
    case 'headers':
      // The dialog keeps a list of {name, value} rows; messages may give the library's map.
      if (Array.isArray(v)) return Object.fromEntries(v.filter((h) => h && h.name).map((h) => [String(h.name), String(h.value ?? '')]));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
      throw new ConfigurationError(`option ${option.name} must map header names to values`);
    default:
      return v; // the library checks the rest (incremental: { stateFile, field, lookbackMs })
  }
}

/**
 * OperationOptions for an action on an object type: the declared options that apply to the
 * action, from `options` (the dialog's) with `overrides` (msg.options) on top. An override the
 * manifest does not declare, or one for another action, is refused by name.
 */
function operationOptions({ action, objectType, options = {} }, overrides = {}) {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))
    throw new ConfigurationError('msg.options must be an object of operation options');
  const all = declared();
  const names = all.map((o) => o.name);
  const unknown = Object.keys(overrides).filter((k) => !names.includes(k));
  if (unknown.length)
    throw new ConfigurationError(`msg.options: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not an option (options: ${names.join(', ')})`);
  const merged = { ...options, ...overrides };
  const out = { action, objectType };
  for (const option of all) {
    // The dialog keeps what was set for other actions; a message's override goes to the library, which refuses it.
    if (option.actions && !option.actions.includes(action) && !(option.name in overrides)) continue;
    if (blank(merged[option.name])) continue;
    const value = valueOf(option, merged[option.name]);
    if (option.type !== 'headers' || Object.keys(value).length) out[option.name] = value;
  }
  return out;
}

module.exports = { operationOptions };
