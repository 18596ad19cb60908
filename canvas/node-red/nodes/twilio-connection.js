// twilio-connection: the config node. Account SID, Auth Token or API Key + Secret live in
// Node-RED's credentials store; the base URL override, default country and timeout in the
// flow. With no credentials it connects to the runtime's shared embedded sandbox.
module.exports = function (RED) {
  'use strict';
  const { connectorFor, credentialTypes, settingsOf } = require('../lib/connection');
  const { connectionEndpoints } = require('../lib/admin');

  function TwilioConnectionNode(config) {
    RED.nodes.createNode(this, config);
    this.name = config.name;
    provide(this, config);
  }

  /** A connection node's connector, made on first use and closed with the node. */
  function provide(node, config) {
    let connecting;

    /** The library connector (and the sandbox URL when it serves), made on first use. */
    node.connector = () => {
      if (!connecting) {
        connecting = connectorFor(
          settingsOf(config, node.credentials),
          (line) => node.log(line),
          (line) => node.warn(line),
        );
        connecting.catch(() => (connecting = undefined)); // settings may be fixed by a redeploy; each use reports the error
      }
      return connecting;
    };

    node.on('close', (done) => {
      const closing = connecting;
      connecting = undefined;
      if (!closing) return done();
      closing
        .then(
          ({ connector }) => connector.close(),
          () => undefined,
        )
        .then(() => done());
    });
  }

  RED.nodes.registerType('twilio-connection', TwilioConnectionNode, { credentials: credentialTypes() });
  connectionEndpoints(RED);
};
