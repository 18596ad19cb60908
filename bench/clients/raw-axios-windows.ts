// A reference for the windowed Query's memory: `concurrency` plain axios loops (keep-alive,
// GET, JSON.parse, follow next_page_uri), each over an equal slice of the DateSent range,
// SIDs into the same fingerprint set. No XML, no order, no bound on what is held.
import http from 'node:http';
import axios from 'axios';
import { IdSet } from '../lib/ids';
import { dateSlices } from '../lib/slices';
import { runClient } from './common';

void runClient(
  'raw axios windows',
  (cfg) =>
    axios.create({
      baseURL: cfg.url,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency ?? 16 }),
      auth: { username: cfg.accountSid, password: cfg.authToken },
      responseType: 'text',
      transformResponse: (x) => x,
    }),
  async (ax, cfg) => {
    const ids = new IdSet(cfg.records);
    let records = 0;
    let bytes = 0;
    await Promise.all(
      dateSlices(cfg.filters!, cfg.concurrency ?? 16).map(async ({ from, to }) => {
        const range = new URLSearchParams([
          ['DateSent>', from],
          ['DateSent<', to],
          ['PageSize', String(cfg.pageSize ?? 1000)],
        ]);
        let next: string | null = `/2010-04-01/Accounts/${cfg.accountSid}/Messages.json?${range}`;
        while (next) {
          const res = await ax.get<string>(next);
          if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
          bytes += res.data.length;
          const page = JSON.parse(res.data) as { messages: Array<{ sid: string }>; next_page_uri: string | null };
          for (const m of page.messages) ids.add(m.sid);
          records += page.messages.length;
          next = page.next_page_uri;
        }
      }),
    );
    return { records, bytes, ids: ids.summary() };
  },
);
