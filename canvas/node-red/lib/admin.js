// The admin HTTP endpoints the editor dialogs read (as Node-RED nodes do: RED.httpAdmin,
// guarded by RED.auth.needsPermission): the catalog for the pickers and profile views,
// the manifest the dialogs are built from, and the connection check.
'use strict';

const { ACTIONS, catalog, manifest } = require('twilio-connector');
const { CREDENTIALS, connectorFor, settingsOf } = require('./connection');

const PASSWORD_UNCHANGED = '__PWRD__'; // what the editor sends for a stored secret it never saw

function catalogEndpoints(RED) {
  const read = RED.auth.needsPermission('twilio-operation.read');
  RED.httpAdmin.get('/twilio-connector/manifest', read, (req, res) => {
    const m = manifest();
    res.json({ actions: m.actions, operationOptions: m.operationOptions, connection: m.connection, credentials: CREDENTIALS });
  });
  RED.httpAdmin.get('/twilio-connector/object-types', read, (req, res) => res.json(catalog().objectTypes()));
  RED.httpAdmin.get('/twilio-connector/object-types/:name', read, (req, res) => {
    try {
      res.json(catalog().describe(req.params.name));
    } catch (err) {
      res.status(404).json({ error: err.message, code: err.code });
    }
  });
  RED.httpAdmin.get('/twilio-connector/object-types/:name/profiles/:action/:kind', read, (req, res) => {
    const { name, action, kind } = req.params;
    try {
      if (!ACTIONS.includes(action)) throw Object.assign(new Error(`unknown action '${action}' (actions: ${ACTIONS.join(', ')})`), { code: 'E_CONFIGURATION' });
      const xsd = catalog().profile(name, action, kind);
      res.type('application/xml').send(xsd);
    } catch (err) {
      res.status(400).json({ error: err.message, code: err.code });
    }
  });
}

function connectionEndpoints(RED) {
  // Sends the credentials to Twilio: as guarded as editing the connection.
  RED.httpAdmin.post('/twilio-connection/test', RED.auth.needsPermission('twilio-connection.write'), async (req, res) => {
    const body = req.body || {};
    const stored = (body.id && RED.nodes.getCredentials(body.id)) || {};
    const credentials = {};
    for (const name of CREDENTIALS) {
      const given = body.credentials && body.credentials[name];
      credentials[name] = given === undefined || given === PASSWORD_UNCHANGED ? stored[name] : given;
    }
    try {
      const { connector, sandbox } = await connectorFor(settingsOf(body.properties, credentials), (line) => RED.log.info(line));
      try {
        res.json({ ...(await connector.testConnection()), sandbox });
      } finally {
        connector.close();
      }
    } catch (err) {
      res.status(400).json({ error: err.message, code: err.code });
    }
  });
}

module.exports = { catalogEndpoints, connectionEndpoints };
