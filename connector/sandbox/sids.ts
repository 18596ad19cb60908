// Fixed sandbox credentials and Twilio SID generation (prefix + 32 lowercase hex).
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

export function hex(prng: Prng, chars: number): string {
  let out = '';
  while (out.length < chars) out += prng.u32().toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

export function newSid(prng: Prng, prefix: string): string {
  return prefix + hex(prng, 32);
}

export function digits(prng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(prng.int(10));
  return out;
}
