// Preloaded into a CLI process by test/cli-process.test.ts: at exit, writes the files it
// loaded from npm packages, as paths under node_modules (one per line), to $LOADED_PACKAGES_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const files = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules\/(.+)$/.exec(file);
    if (m) files.add(m[1]);
  }
  writeFileSync(process.env.LOADED_PACKAGES_FILE, [...files].sort().join('\n'));
});
