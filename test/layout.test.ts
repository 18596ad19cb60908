// The plan of the house, checked: which part may import which, and the runtime
// names no object type (object types are data in operations/).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../connector/catalog/load';

function sources(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(path);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file, as paths from the project root. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(PROJECT_ROOT, resolve(join(PROJECT_ROOT, dirname(file)), s)));
}

function partOf(path: string): string {
  return path.split('/')[0];
}

describe('imports between parts', () => {
  it('connector/ (the library) imports nothing outside itself', () => {
    const outside = sources('connector').flatMap((f) =>
      relativeImports(f)
        .filter((p) => partOf(p) !== 'connector')
        .map((p) => `${f} → ${p}`),
    );
    expect(outside).toEqual([]);
  });

  it('cli/ imports the library, the sandbox entry and the workers only', () => {
    const allowed = (p: string) => partOf(p) === 'cli' || partOf(p) === 'connector' || p === 'sandbox' || p === 'sandbox/index' || partOf(p) === 'workers';
    const outside = sources('cli').flatMap((f) =>
      relativeImports(f)
        .filter((p) => !allowed(p))
        .map((p) => `${f} → ${p}`),
    );
    expect(outside).toEqual([]);
  });

  it("workers/ imports the library and the CLI's output sinks only", () => {
    const allowed = (p: string) => partOf(p) === 'workers' || partOf(p) === 'connector' || p === 'cli/outputs' || p.startsWith('cli/outputs/');
    const outside = sources('workers').flatMap((f) =>
      relativeImports(f)
        .filter((p) => !allowed(p))
        .map((p) => `${f} → ${p}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('the runtime names no object type', () => {
  const names = new Set(loadCatalog().objectTypes.keys());
  // String literals that are also object type names, and why they are something else.
  const NOT_OBJECT_TYPES: Record<string, { why: string; files: string[] }> = {
    Message: {
      why: 'an element of the error document (profiles/TwilioError.xsd)',
      files: ['connector/profiles/elements.ts', 'connector/profiles/xsd.ts', 'connector/xml/error.ts'],
    },
  };

  it('connector/ holds no object type name as a string', () => {
    const found: string[] = [];
    for (const file of sources('connector')) {
      const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
      for (const m of text.matchAll(/['"`]([A-Z][A-Za-z0-9]+)['"`]/g)) {
        const name = m[1];
        if (!names.has(name)) continue;
        if (NOT_OBJECT_TYPES[name]?.files.includes(file)) continue;
        found.push(`${file}: '${name}'`);
      }
    }
    expect(found).toEqual([]);
  });
});
