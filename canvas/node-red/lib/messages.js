// Node-RED messages ↔ the library's inputs and events. msg.payload carries request
// documents (XML text or objects) for Create/Update, ids for Get/Delete and filter
// overrides for Query; an array carries several. What comes out is one message per
// output document, or per input for results without one.
'use strict';

const { parseFilter } = require('twilio-connector');

/** A payload element that cannot be an input of the action: its FAILURE message. */
class Unfit {
  constructor(message) {
    this.message = message;
  }
}

function kind(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function text(v) {
  return Buffer.isBuffer(v) ? v.toString('utf8') : v;
}

/** A Query's filter overrides: text ("DateSent after 2026-09-01") or {field, op, value}. */
function queryInput(payload) {
  // Anything that is no filter (an inject's timestamp, an empty string) runs the node's query as set.
  if (payload === undefined || payload === null || payload === '' || typeof payload === 'number' || typeof payload === 'boolean') return {};
  const items = Array.isArray(payload) ? payload : [payload];
  try {
    const filters = items.map((f) => {
      f = text(f);
      if (typeof f === 'string') return parseFilter(f);
      if (isPlainObject(f) && typeof f.field === 'string' && typeof f.op === 'string') return { field: f.field, op: f.op, value: String(f.value ?? '') };
      throw new Error(`payload: a Query takes filters as text ("DateSent after 2026-09-01 00:00:00") or {field, op, value}, not ${kind(f)}`);
    });
    return { filters };
  } catch (err) {
    return new Unfit(err.message);
  }
}

function documentInput(action, v) {
  v = text(v);
  if (typeof v === 'string') return action === 'delete' && !v.trim().startsWith('<') ? { id: v.trim() } : { xml: v };
  if (isPlainObject(v)) return { data: v };
  return new Unfit(
    `payload: ${action} takes ${action === 'delete' ? 'an id, ' : ''}a document as XML text or an object of the request profile, not ${kind(v)}`,
  );
}

/**
 * The inputs msg.payload holds for an action, in order: each the library's InputDocument,
 * or an Unfit naming why that element cannot be one. A Query is one input.
 */
function inputsOf(action, payload) {
  if (action === 'query') return [queryInput(payload)];
  const items = Array.isArray(payload) ? payload : [payload];
  return items.map((v) => {
    if (action === 'get') {
      v = text(v);
      return typeof v === 'string' ? { id: v.trim() } : new Unfit(`payload: get takes an id (text, e.g. SM…; compound ids as CF…:CA…), not ${kind(v)}`);
    }
    return documentInput(action, v);
  });
}

/** What a result message carries as payload when no document does: the input as given. */
function inputPayload(payload, index) {
  return Array.isArray(payload) ? payload[index] : payload;
}

/**
 * An output message: a deep copy of the input message's other properties (topic, correlation
 * ids, …), made with Node-RED's `cloneMessage` as the split node does, so no two outputs share
 * an object; then the payload (not copied: a document belongs to its message) and msg.twilio.
 * The input's payload and msg.twilio are replaced, so they are left out of the copy; so is
 * `_msgid`: each output is a new message, and gets its own id when sent.
 */
function outputMessage(cloneMessage, msg, payload, twilio) {
  const rest = Object.assign({}, msg);
  delete rest.payload;
  delete rest.twilio;
  delete rest._msgid;
  const out = cloneMessage(rest);
  out.payload = payload;
  out.twilio = twilio;
  return out;
}

/**
 * Makes `out` the `index`-th message of a sequence, as the split node does for an array, so a
 * join node in automatic mode collects the sequence into one array: `count` on the last one;
 * the message's own parts (from an earlier split) nested as parts.parts, which join restores.
 */
function sequencePart(out, id, index, last) {
  const parts = { id, type: 'array', index };
  if (last) parts.count = index + 1;
  if (Object.hasOwn(out, 'parts')) parts.parts = out.parts;
  out.parts = parts;
  return out;
}

/** "1 failure", "3 failures": a count and its noun. */
function counted(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

module.exports = { Unfit, kind, inputsOf, inputPayload, outputMessage, sequencePart, counted };
