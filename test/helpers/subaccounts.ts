// Subaccounts and their messages in an in-process sandbox: subaccounts through its
// Accounts API, messages put into its store with the DateSent a test needs (a Create
// through the API leaves DateSent empty, as Twilio does for a queued message).
import { randomBytes } from 'node:crypto';
import { formatRfc2822 } from '../../connector/values/dates';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, type Sandbox } from '../../sandbox';
import { httpCall } from './http';

const AUTH = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;

export async function createSubaccounts(sb: Sandbox, n: number): Promise<string[]> {
  const sids: string[] = [];
  for (let i = 0; i < n; i++) {
    const reply = await httpCall(sb.url, 'POST', '/2010-04-01/Accounts.json', {
      form: { FriendlyName: `worker test ${i + 1}` },
      headers: { authorization: AUTH },
    });
    if (reply.status !== 201) throw new Error(`creating a subaccount: ${reply.status} ${JSON.stringify(reply.json)}`);
    sids.push(reply.json.sid);
  }
  return sids;
}

/** Messages of one account sent at the given times (ms); returns their SIDs. */
export function putMessages(sb: Sandbox, accountSid: string, times: number[]): string[] {
  const template = sb.store.records('Message', SANDBOX_ACCOUNT_SID)[0];
  if (!template) throw new Error('the sandbox has no seeded message to copy');
  return times.map((t) => {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const at = formatRfc2822(new Date(t));
    sb.store.insert('Message', accountSid, {
      ...template,
      sid,
      account_sid: accountSid,
      date_created: at,
      date_updated: at,
      date_sent: at,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
    return sid;
  });
}
