// Connection settings that reach a running sandbox, in the library's shape
// (accountSid, authToken, baseUrl), for callers that fall back to it.
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from './sids';

export interface SandboxSettings {
  accountSid: string;
  authToken: string;
  baseUrl: string;
}

export function sandboxSettings(sandbox: { url: string }): SandboxSettings {
  return { accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sandbox.url };
}
