// A twilio-operation node under test in the real Node-RED runtime (node-red-node-test-helper):
// its three outputs wired to helper nodes, a Complete and a Catch node on it, and a runner
// that sends one message and collects what comes out until the node is done with it.
'use strict';

const helper = require('node-red-node-test-helper');

helper.init(require.resolve('node-red'));

const OUTPUTS = ['SUCCESS', 'APPLICATION_ERROR', 'FAILURE'];

/** The nodes of a flow around operation node `id` with these properties. */
function operationFlow(properties, { id = 'n1', connection = 'c1', connectionProperties = {} } = {}) {
  const flow = [
    { id, type: 'twilio-operation', name: 'op', connection: connection || '', ...properties, wires: [[`${id}-ok`], [`${id}-app`], [`${id}-fail`]] },
    { id: `${id}-ok`, type: 'helper' },
    { id: `${id}-app`, type: 'helper' },
    { id: `${id}-fail`, type: 'helper' },
    { id: `${id}-complete`, type: 'complete', scope: [id], uncaught: false, wires: [[`${id}-finished`]] },
    { id: `${id}-catch`, type: 'catch', scope: [id], uncaught: false, wires: [[`${id}-finished`]] },
    { id: `${id}-finished`, type: 'helper' },
  ];
  if (connection) flow.unshift({ id: connection, type: 'twilio-connection', name: 'conn', ...connectionProperties });
  return flow;
}

/**
 * Sends `msg` to operation node `id`; resolves when the node is done with it (Complete) or
 * reports an error for it (Catch), with every message of its outputs in arrival order.
 */
function send(msg, id = 'n1') {
  const node = helper.getNode(id);
  const got = [];
  const listeners = [];
  const listen = (nodeId, fn) => {
    const n = helper.getNode(nodeId);
    n.on('input', fn);
    listeners.push(() => n.removeListener('input', fn));
  };
  return new Promise((resolve) => {
    OUTPUTS.forEach((output, i) => listen(`${id}-${['ok', 'app', 'fail'][i]}`, (m) => got.push({ output, msg: m })));
    listen(`${id}-finished`, (m) => {
      listeners.forEach((off) => off());
      resolve({ got, finished: m, byOutput: (output) => got.filter((g) => g.output === output).map((g) => g.msg) });
    });
    node.receive(msg);
  });
}

module.exports = { helper, operationFlow, send, OUTPUTS };
