// A reference for the windowed Query's memory: `concurrency` plain axios loops (keep-alive,
// GET, JSON.parse, follow next_page_uri), each over an equal slice of the DateSent range,
// SIDs into the same fingerprint set. No XML, no order, no bound on what is held.
import http from 'node:http';
import axios from 'axios';
import { IdSet } from '../lib/ids';
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
    const loops = cfg.concurrency ?? 16;
    const after = Date.parse(`${cfg.filters!.find((f) => f.op === 'after')!.value.replace(' ', 'T')}Z`) + 1000;
    const before = Date.parse(`${cfg.filters!.find((f) => f.op === 'before')!.value.replace(' ', 'T')}Z`);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
    const ids = new IdSet(cfg.records);
    let records = 0;
    let bytes = 0;
    await Promise.all(
      Array.from({ length: loops }, async (_, i) => {
        // Whole seconds, inclusive on the wire: [from, to - 1 s] for each slice.
        const from = after + Math.floor(((before - after) * i) / loops / 1000) * 1000;
        const to = after + Math.floor(((before - after) * (i + 1)) / loops / 1000) * 1000 - (i + 1 < loops ? 1000 : 0);
        const range = new URLSearchParams([
          ['DateSent>', iso(from)],
          ['DateSent<', iso(to)],
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
