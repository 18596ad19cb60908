// Copies what tsc does not emit into dist: the icons and the node's codex file
// (n8n reads the codex from <node>.node.json beside <node>.node.js).
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
cpSync(join(root, 'icons'), join(root, 'dist', 'icons'), { recursive: true });
cpSync(join(root, 'nodes/TwilioConnector/TwilioConnector.node.json'), join(root, 'dist/nodes/TwilioConnector/TwilioConnector.node.json'));
