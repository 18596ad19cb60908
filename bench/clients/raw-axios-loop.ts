// The ceiling: axios with a keep-alive agent, GET a page, JSON.parse, follow next_page_uri.
// Without `decode` axios decodes bodies itself (responseType 'text'), as a plain loop would.
import http from 'node:http';
import axios from 'axios';
import { runClient } from './common';

export function rawAxiosClient(name: string, decode?: (body: Buffer) => string): void {
  void runClient(
    name,
    (cfg) =>
      axios.create({
        baseURL: cfg.url,
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
        auth: { username: cfg.accountSid, password: cfg.authToken },
        responseType: decode ? 'arraybuffer' : 'text',
        transformResponse: (x) => x,
      }),
    async (ax, cfg) => {
      let records = 0;
      let bytes = 0;
      let next: string | null = `/2010-04-01/Accounts/${cfg.accountSid}/Messages.json?PageSize=${cfg.pageSize ?? 1000}`;
      while (next) {
        const res = await ax.get<string | Buffer>(next);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        bytes += res.data.length;
        const text = decode ? decode(res.data as Buffer) : (res.data as string);
        const page = JSON.parse(text) as { messages: unknown[]; next_page_uri: string | null };
        records += page.messages.length;
        next = page.next_page_uri;
      }
      return { records, bytes };
    },
  );
}
