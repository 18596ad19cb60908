// The connection's own secret is never written into a document, though Twilio's Account
// record repeats its Auth Token. Only a value equal to the connection's secret is left
// out: other tokens (a new subaccount's, a secondary or promoted one) are data the caller
// asked Twilio for, and stay.
import type { FieldDef } from '../catalog/types';

/** Record keys where Twilio writes an account's Auth Token. */
const TOKEN_KEYS = new Set(['auth_token', 'secondary_auth_token']);

type Record_ = Record<string, unknown>;

/** The record without the connection's secret, where the type's fields can hold it; undefined where they cannot. */
export function secretHider(fields: readonly FieldDef[], secret: string): ((record: Record_) => Record_) | undefined {
  const keys = fields.filter((f) => TOKEN_KEYS.has(f.key)).map((f) => f.key);
  if (!keys.length) return undefined;
  return (record) => {
    if (!keys.some((k) => record[k] === secret)) return record;
    const kept = { ...record };
    for (const k of keys) if (kept[k] === secret) delete kept[k];
    return kept;
  };
}
