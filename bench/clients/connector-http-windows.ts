// The windowed Query's memory floor: the connector's own HTTP client (connector/http:
// body bytes, Latin-1 text, JSON.parse) in `concurrency` plain loops over equal slices of
// the DateSent range, following next_page_uri, SIDs into the same fingerprint set. No
// Operation, no XML, no order, nothing held: what fetching pages at that rate costs alone.
import { resolveConnection } from '../../connector/connection';
import { TwilioHttpClient } from '../../connector/http/client';
import { IdSet } from '../lib/ids';
import { dateSlices } from '../lib/slices';
import { runClient } from './common';

interface MessagePage {
  messages: Array<{ sid: string }>;
  next_page_uri: string | null;
}

void runClient(
  'connector http windows',
  (cfg) =>
    new TwilioHttpClient(resolveConnection({ accountSid: cfg.accountSid, authToken: cfg.authToken, baseUrl: cfg.url }), {
      concurrency: cfg.concurrency ?? 16,
    }),
  async (client, cfg) => {
    const ids = new IdSet(cfg.records);
    let records = 0;
    await Promise.all(
      dateSlices(cfg.filters!, cfg.concurrency ?? 16).map(async ({ from, to }) => {
        let url: string | undefined = `https://api.twilio.com/2010-04-01/Accounts/${cfg.accountSid}/Messages.json`;
        let query: Array<[string, string]> | undefined = [
          ['DateSent>', from],
          ['DateSent<', to],
          ['PageSize', String(cfg.pageSize ?? 1000)],
        ];
        while (url) {
          const { data }: { data: MessagePage } = await client.request<MessagePage>({ method: 'GET', url, query, idempotent: true });
          for (const m of data.messages) ids.add(m.sid);
          records += data.messages.length;
          url = data.next_page_uri ? `https://api.twilio.com${data.next_page_uri}` : undefined;
          query = undefined;
        }
      }),
    );
    client.close();
    return { records, ids: ids.summary() };
  },
);
