// Applies scripts/spec-errata.json to a Twilio OpenAPI definition as it is read, so the
// generator and the conformance test see the same corrected definition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are walked dynamically
type Json = any;

interface PatternErratum {
  spec: string;
  path: string;
  method: string;
  parameter: string;
  pattern: string;
}

const errata: { pathParameterPatterns: PatternErratum[] } = JSON.parse(readFileSync(join(__dirname, 'spec-errata.json'), 'utf8'));

/** `doc` (from definition file `file`) with its errata applied; throws when one no longer fits, so a fixed definition is noticed. */
export function applyErrata(file: string, doc: Json): Json {
  for (const e of errata.pathParameterPatterns) {
    if (e.spec !== file) continue;
    const op = doc.paths?.[e.path]?.[e.method];
    const index = (op?.parameters ?? []).findIndex((p: Json) => p.in === 'path' && p.name === e.parameter);
    if (index < 0) throw new Error(`spec-errata: ${file} ${e.method.toUpperCase()} ${e.path} has no path parameter ${e.parameter}`);
    const param = op.parameters[index];
    op.parameters[index] = { ...param, schema: { ...param.schema, pattern: e.pattern } };
  }
  return doc;
}
