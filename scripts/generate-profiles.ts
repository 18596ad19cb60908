// Writes the XML Schema profiles derived from the catalog to profiles/ and removes
// profiles/*.xsd files the catalog no longer produces. Run: npm run generate:profiles
// The output is committed; test/profiles.test.ts fails when it drifts from the catalog.
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';
import { PROFILES_DIR, profileFiles } from '../connector/profiles/xsd';

function main(): void {
  const files = profileFiles(loadCatalog());
  const dir = join(PROJECT_ROOT, PROFILES_DIR);
  mkdirSync(dir, { recursive: true });

  let written = 0;
  for (const [name, content] of files) {
    const file = join(PROJECT_ROOT, name);
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    writeFileSync(file, content);
    written++;
  }

  let removed = 0;
  for (const entry of readdirSync(dir)) {
    if (!entry.endsWith('.xsd')) continue;
    const name = `${PROFILES_DIR}/${entry}`;
    if (files.has(name)) continue;
    unlinkSync(join(dir, entry));
    console.log(`removed stale ${relative(PROJECT_ROOT, join(dir, entry))}`);
    removed++;
  }

  console.log(`${files.size} profiles in ${PROFILES_DIR}/ (${written} written, ${removed} removed)`);
}

main();
