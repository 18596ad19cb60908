// Object type names as the user types them: an unknown one is answered in one line
// with the closest known names.
import { distance } from 'fastest-levenshtein';
import type { Catalog } from '../connector/catalog/load';
import type { ObjectTypeDef } from '../connector/catalog/types';
import { UsageError } from './errors';

const SUGGESTED = 3;

/**
 * Known names nearest to `name`: the same letters in another case; then a typo or a
 * plural away; then names containing it, the classic API's (no version in the name)
 * and shorter ones first; then a few edits away.
 */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const wanted = name.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const k of known) {
    const lower = k.toLowerCase();
    if (lower === wanted) return [k];
    const d = distance(wanted, lower);
    if (d <= 1) scored.push({ name: k, score: d });
    else if (wanted.length >= 3 && lower.includes(wanted)) scored.push({ name: k, score: 2 + (/V\d/.test(k) ? 0.5 : 0) + k.length / 1000 });
    else if (d <= Math.max(2, Math.floor(wanted.length / 3))) scored.push({ name: k, score: 3 + d });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, SUGGESTED)
    .map((s) => s.name);
}

export function findObjectType(catalog: Catalog, name: string): ObjectTypeDef {
  const def = catalog.objectTypes.get(name);
  if (def) return def;
  const close = closestNames(name, catalog.objectTypes.keys());
  const hint = close.length ? `did you mean ${close.join(', ')}?` : 'no known name is close';
  throw new UsageError(`unknown object type '${name}': ${hint} (\`twilio-connector objects\` lists all ${catalog.objectTypes.size})`);
}
