#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('twilio-connector is not built yet: run `npm run build` in its folder (`npm run sync` and `npm run cli` build first)\n');
  process.exit(2);
}
require(entry).run();
