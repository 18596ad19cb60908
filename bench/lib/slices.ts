// The windowed benchmark's reference loops each take an equal slice of the Query's
// DateSent range: whole seconds, inclusive on the wire as Twilio's filters are.
import type { Filter } from '../../connector/query';

/** `loops` slices [from, to] (ISO, whole seconds) covering after < DateSent < before once each. */
export function dateSlices(filters: Filter[], loops: number): Array<{ from: string; to: string }> {
  const at = (op: 'after' | 'before') => Date.parse(`${filters.find((f) => f.op === op)!.value.replace(' ', 'T')}Z`);
  const after = at('after') + 1000;
  const before = at('before');
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
  return Array.from({ length: loops }, (_, i) => {
    const from = after + Math.floor(((before - after) * i) / loops / 1000) * 1000;
    const to = after + Math.floor(((before - after) * (i + 1)) / loops / 1000) * 1000 - (i + 1 < loops ? 1000 : 0);
    return { from: iso(from), to: iso(to) };
  });
}
