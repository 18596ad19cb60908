// Fixed sandbox credentials, Twilio SID generation (prefix + 32 lowercase hex) and the
// Communications API's identifiers (26 characters of lowercase Crockford base32).
import type { Prng } from './prng';

export const SANDBOX_ACCOUNT_SID = 'AC5a4db0c5a4db0c5a4db0c5a4db0c0001';
export const SANDBOX_AUTH_TOKEN = '5a4db0cf00dfacef00dfacef00dface1';
export const SANDBOX_API_KEY = 'SK5a4db0c5a4db0c5a4db0c5a4db0c0001';
export const SANDBOX_API_SECRET = 'SandboxApiSecret0123456789abcdef';
/** The seeded subaccount, so tests can address it without listing accounts first. */
export const SANDBOX_SUBACCOUNT_SID = 'AC5a4db0c5a4db0c5a4db0c5a4db0c0002';
export const SANDBOX_SUBACCOUNT_AUTH_TOKEN = '5a4db0cf00dfacef00dfacef00dface2';

/** '^(SM|MM)[0-9a-fA-F]{32}$' → 'SM'; '^RE[0-9a-fA-F]{32}$' → 'RE'. */
export function sidPrefix(pattern: string | undefined): string | undefined {
  return pattern ? /^\^\(?([A-Z]{2})/.exec(pattern)?.[1] : undefined;
}

const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
const codes: number[] = [];

/** Random lowercase hex after a prefix, built from char codes: a flat string, not a
 * concatenation tree (which costs 3x the memory when a million SIDs are kept). */
function randomHex(prng: Prng, prefix: string, chars: number): string {
  codes.length = prefix.length + chars;
  for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
  let k = prefix.length;
  while (k < codes.length) {
    const x = prng.u32();
    for (let shift = 28; shift >= 0 && k < codes.length; shift -= 4) codes[k++] = HEX_CODES[(x >>> shift) & 15];
  }
  return String.fromCharCode.apply(null, codes);
}

export function hex(prng: Prng, chars: number): string {
  return randomHex(prng, '', chars);
}

export function newSid(prng: Prng, prefix: string): string {
  return randomHex(prng, prefix, 32);
}

export function digits(prng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(prng.int(10));
  return out;
}

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A Communications API identifier ('01h9krwprkeee8fzqspvwy6nq8'), laid out like a ULID:
 * 10 characters of the creation time in ms, so ids sort by time as Twilio's UUIDv7 do,
 * then 16 random ones from the PRNG.
 */
export function identifier(prng: Prng, ms: number): string {
  let out = '';
  for (let i = 9; i >= 0; i--) out += BASE32[Math.floor(ms / 32 ** i) % 32];
  for (let i = 0; i < 16; i++) out += BASE32[prng.int(32)];
  return out;
}
