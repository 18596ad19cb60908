// The sandbox is its own part: it may read the catalog's data and types from the
// connector, nothing else (not its route, id or date logic), so the end-to-end tests
// check the connector against an independent reading of Twilio; and the connector
// never reaches into the sandbox.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const ALLOWED = new Set(['connector/catalog/types', 'connector/catalog/load']);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [...code.matchAll(/\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return found;
}

/** Repository-relative module path of a relative specifier, without extension. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, dirname(file), spec))
    .replace(/\.(ts|js|json)$/, '')
    .replace(/\/index$/, '');
}

describe('sandbox layout', () => {
  const sandboxFiles = sources('sandbox');

  it('finds the sandbox sources and reads their imports', () => {
    expect(sandboxFiles).toContain('sandbox/server.ts');
    expect(specifiers("import type { A } from '../x';\nexport { b } from './y';\nconst z = await import('../z');\nrequire('w');")).toEqual([
      '../x',
      './y',
      '../z',
      'w',
    ]);
  });

  it('imports from connector/ only the catalog data and types', () => {
    const offending: string[] = [];
    for (const file of sandboxFiles) {
      for (const spec of specifiers(readFileSync(join(ROOT, file), 'utf8'))) {
        const to = target(file, spec);
        if (to?.startsWith('connector/') && !ALLOWED.has(to)) offending.push(`${file} imports ${to}`);
        if (to && !to.startsWith('connector/') && to !== 'sandbox' && !to.startsWith('sandbox/')) offending.push(`${file} imports ${to}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('is never imported by the connector runtime', () => {
    const offending = sources('connector').flatMap((file) =>
      specifiers(readFileSync(join(ROOT, file), 'utf8'))
        .map((spec) => target(file, spec))
        .filter((to) => to === 'sandbox' || to?.startsWith('sandbox/'))
        .map((to) => `${file} imports ${to}`),
    );
    expect(offending).toEqual([]);
  });
});
