// Connection settings of a twilio-connection config node, in the library's shape. Which
// settings exist, their types and labels come from the connector's manifest; the ones
// that authenticate are kept in Node-RED's credentials store, never in the flow.
'use strict';

const { connect, hasCredentials, manifest } = require('twilio-connector');
const { sharedSandbox } = require('./sandbox');

/** Manifest fields kept as credentials (flows_cred.json, encrypted by Node-RED): those it marks `credential`. */
const CREDENTIALS = manifest()
  .connection.fields.filter((f) => f.credential)
  .map((f) => f.name);

function connectionFields() {
  return manifest().connection.fields;
}

/** registerType's credentials declaration: secrets as passwords (never sent back to the editor). */
function credentialTypes() {
  return Object.fromEntries(
    connectionFields()
      .filter((f) => CREDENTIALS.includes(f.name))
      .map((f) => [f.name, { type: f.type === 'password' ? 'password' : 'text' }]),
  );
}

/** The library's ConnectionSettings from a node's properties and credentials (blank = not set). */
function settingsOf(properties = {}, credentials = {}) {
  const settings = {};
  for (const field of connectionFields()) {
    const raw = CREDENTIALS.includes(field.name) ? credentials[field.name] : properties[field.name];
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    settings[field.name] = field.type === 'integer' ? Number(raw) : String(raw).trim();
  }
  return settings;
}

/**
 * A connector for these settings; with no credentials at all, one on the runtime's shared
 * sandbox (other settings, such as the default country, still apply). What Twilio asks of
 * it (a long Retry-After) goes to `warn`, the node's own warning, not a Node process warning.
 * Throws the library's ConfigurationError for settings it cannot use.
 */
async function connectorFor(settings, log, warn) {
  const events = warn ? { onWarning: warn } : {};
  if (hasCredentials(settings)) return { connector: connect(settings, events) };
  const { sandbox, settings: sandboxSettings } = await sharedSandbox(log);
  return { connector: connect({ ...settings, ...sandboxSettings }, events), sandbox: sandbox.url };
}

module.exports = { CREDENTIALS, connectionFields, credentialTypes, settingsOf, connectorFor };
