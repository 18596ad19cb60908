// HTTP Basic authentication against the stored accounts (SID + auth token) and the
// sandbox API key, and which account SIDs a caller may address.
import { SANDBOX_ACCOUNT_SID, SANDBOX_API_KEY, SANDBOX_API_SECRET } from './sids';
import type { Store, TwilioRecord } from './store';

export const ACCOUNT_TYPE = 'Account';

export interface Principal {
  /** The account the credentials act for. */
  accountSid: string;
}

function account(store: Store, sid: string): TwilioRecord | undefined {
  return store.model.types.has(ACCOUNT_TYPE) ? store.get(ACCOUNT_TYPE, sid, sid) : undefined;
}

export function authenticate(store: Store, header: string | undefined): Principal | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (user === SANDBOX_API_KEY) return secret === SANDBOX_API_SECRET ? { accountSid: SANDBOX_ACCOUNT_SID } : undefined;
  const acct = account(store, user);
  if (!acct || acct.status === 'closed' || acct.auth_token !== secret) return undefined;
  return { accountSid: user };
}

/** The caller's own account or one of its subaccounts. */
export function canAccess(store: Store, principal: Principal, accountSid: string): boolean {
  if (accountSid === principal.accountSid) return true;
  return account(store, accountSid)?.owner_account_sid === principal.accountSid;
}
