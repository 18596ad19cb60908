// No dead dependency: every runtime dependency is imported by shipped code (the
// library, CLI, sandbox and workers), not only by tests or benchmarks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../connector/catalog/load';

const SHIPPED = ['connector', 'cli', 'sandbox', 'workers'];

function sources(dir: string): string[] {
  if (!existsSync(join(PROJECT_ROOT, dir))) return [];
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('every runtime dependency is imported by shipped code', () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const text = SHIPPED.flatMap(sources)
    .map((f) => readFileSync(join(PROJECT_ROOT, f), 'utf8'))
    .join('\n');
  const unused = Object.keys(pkg.dependencies).filter((dep) => !new RegExp(`(from |import\\(|require\\()'${dep}(/[^']*)?'`).test(text));
  expect(unused).toEqual([]);
});
