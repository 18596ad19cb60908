// Preloaded into a CLI process by test/cli-process.test.ts: at exit, writes the npm
// packages the process loaded (names, one per line) to $LOADED_PACKAGES_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) names.add(m[1]);
  }
  writeFileSync(process.env.LOADED_PACKAGES_FILE, [...names].sort().join('\n'));
});
