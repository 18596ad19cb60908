// Twilio writes JSON keys in snake_case and form parameters in PascalCase; the XML
// profiles use the PascalCase vocabulary throughout.

/** date_created → DateCreated, sid → Sid, from → From */
export function pascalCase(snake: string): string {
  return snake
    .split('_')
    .map((part) => (part ? part[0].toUpperCase() + part.slice(1) : part))
    .join('');
}

/** CallSid → call_sid: the record key holding a path parameter's value. */
export function snakeCase(pascal: string): string {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Up to `max` names closest to a mistyped one: those containing it first, then by edit distance (case-insensitive). */
export function closestNames(name: string, names: string[], max = 3): string[] {
  const wanted = name.toLowerCase();
  if (!wanted) return [];
  const scored = names.map((n) => {
    const lower = n.toLowerCase();
    const contains = lower.includes(wanted) || wanted.includes(lower);
    return { n, score: (contains ? 0 : 1000) + distance(wanted, lower) };
  });
  const limit = Math.max(3, Math.floor(wanted.length / 2));
  return scored
    .filter((s) => s.score < 1000 || s.score - 1000 <= limit)
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((s) => s.n);
}
