// The ceiling with the connector's decoding: raw-axios.ts, but bodies read as bytes and
// decoded by connector/http/json-text.ts. Shows how much of the connector's lead over
// the plain raw loop's decoding comes from that alone.
import http from 'node:http';
import axios from 'axios';
import { jsonText } from '../../connector/http/json-text';
import { runClient } from './common';

void runClient(
  'raw axios, json-text',
  (cfg) =>
    axios.create({
      baseURL: cfg.url,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
      auth: { username: cfg.accountSid, password: cfg.authToken },
      responseType: 'arraybuffer',
      transformResponse: (x) => x,
    }),
  async (ax, cfg) => {
    let records = 0;
    let bytes = 0;
    let next: string | null = `/2010-04-01/Accounts/${cfg.accountSid}/Messages.json?PageSize=${cfg.pageSize ?? 1000}`;
    while (next) {
      const res = await ax.get<Buffer>(next);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      bytes += res.data.length;
      const page = JSON.parse(jsonText(res.data)) as { messages: unknown[]; next_page_uri: string | null };
      records += page.messages.length;
      next = page.next_page_uri;
    }
    return { records, bytes };
  },
);
