// Valid sample values derived from catalog definitions, so tests cover every
// object type and action the catalog holds without a hand-written case each.
import type { FieldDef, ParamDef, RouteDef } from '../../connector/catalog/types';

/** A SID matching a pattern such as ^(SM|MM)[0-9a-fA-F]{32}$ or ^CA[0-9a-fA-F]{32}$; a name for name-like segments. */
export function sampleSid(pattern: string, fill = 'a'): string {
  const prefix = /^\^\(?([A-Z]{2})/.exec(pattern)?.[1];
  if (!prefix) {
    // Names (unique names, ISO countries) or bare identifiers (the Communications API's ULIDs).
    const name = [`name-${fill}`, fill.repeat(26), fill.repeat(32)].find((c) => new RegExp(pattern).test(c));
    if (!name) throw new Error(`no sample for ${pattern}`);
    return name;
  }
  const sid = prefix + fill.repeat(32);
  if (!new RegExp(pattern).test(sid)) throw new Error(`sample ${sid} does not match ${pattern}`);
  return sid;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A value as the wire would carry it inside a JSON object. */
function jsonValue(p: ParamDef, wire: string): unknown {
  if (p.type === 'integer' || p.type === 'number') return Number(wire);
  if (p.type === 'boolean') return wire === 'true';
  if (p.type === 'json' || p.type === 'object') return JSON.parse(wire);
  return wire;
}

/**
 * `given` is what a request document holds: text (to be escaped), or for an object
 * parameter (`xml: true`) its child elements, ready to embed.
 */
export function sampleValue(p: ParamDef): { given: string; wire: string; xml?: boolean } {
  if (p.enum) return { given: p.enum[0], wire: p.enum[0] };
  switch (p.type) {
    case 'object': {
      let xml = '';
      const obj: Record<string, unknown> = {};
      for (const child of p.params ?? []) {
        const v = sampleValue(child);
        const times = child.repeated ? 2 : 1;
        const values: unknown[] = [];
        for (let i = 0; i < times; i++) {
          xml += `<${child.name}>${v.xml ? v.given : escapeText(v.given)}</${child.name}>`;
          values.push(jsonValue(child, v.wire));
        }
        obj[child.name] = child.repeated ? values : values[0];
      }
      return { given: xml, wire: JSON.stringify(obj), xml: true };
    }
    case 'sid':
      return p.pattern ? { given: sampleSid(p.pattern, 'b'), wire: sampleSid(p.pattern, 'b') } : { given: 'x', wire: 'x' };
    case 'phone':
      return { given: '(311) 555-6789', wire: '+13115556789' };
    case 'boolean':
      return { given: 'TRUE', wire: 'true' };
    case 'integer':
      return { given: '7', wire: '7' };
    case 'number':
      return { given: '0.5', wire: '0.5' };
    case 'datetime':
      return { given: '2026-01-02 03:04:05', wire: '2026-01-02T03:04:05Z' };
    case 'date':
      return { given: 'Fri, 02 Jan 2026 03:04:05 +0000', wire: '2026-01-02' };
    case 'uri':
      return { given: 'https://example.com/hook', wire: 'https://example.com/hook' };
    case 'json':
      return { given: '{"a":[1,"x"]}', wire: '{"a":[1,"x"]}' };
    default:
      return { given: 'some text & <more>', wire: 'some text & <more>' };
  }
}

export function sampleRecord(fields: FieldDef[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const f of fields) {
    switch (f.type) {
      case 'sid':
        record[f.key] = f.pattern ? sampleSid(f.pattern, 'c') : 'x';
        break;
      case 'datetime':
        record[f.key] = f.format === 'iso8601' ? '2012-09-17T01:13:42Z' : 'Mon, 17 Sep 2012 01:13:42 +0000';
        break;
      case 'integer':
        record[f.key] = 3;
        break;
      case 'boolean':
        record[f.key] = false;
        break;
      case 'json':
        record[f.key] = { media: '/x.json' };
        break;
      case 'object': {
        const one = sampleRecord(f.fields ?? []);
        record[f.key] = f.repeated ? [one, one] : one;
        break;
      }
      default:
        record[f.key] = f.repeated ? ['a', 'b'] : f.type === 'phone' ? '+15769887984' : null;
    }
  }
  return record;
}

/** The id a route takes, segment by segment, with distinct fills per segment. */
export function sampleId(route: RouteDef): { id: string; segments: string[] } {
  const segments = route.id.map((seg, i) => sampleSid(seg.pattern, 'abcdef'[i]));
  return { id: segments.join(':'), segments };
}
