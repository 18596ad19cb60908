// Creates on Node's own http, as the connector's transport does (connector/http/transport.ts):
// keep-alive agent with maxSockets 16, form posts written in one piece, 16 in flight. Beside
// raw-create.ts (the same with axios) it shows what axios's request pipeline costs.
import http from 'node:http';
import { benchMessage, runClient, workerPool } from './common';

function post(agent: http.Agent, url: string, authorization: string, form: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form), Authorization: authorization },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

void runClient(
  'raw node:http',
  (cfg) => ({
    agent: new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency ?? 16 }),
    url: `${cfg.url}/2010-04-01/Accounts/${cfg.accountSid}/Messages.json`,
    authorization: 'Basic ' + Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64'),
  }),
  async (s, cfg) => {
    const ok = await workerPool(cfg.records, cfg.concurrency ?? 16, async (i) => {
      const m = benchMessage(i);
      const res = await post(s.agent, s.url, s.authorization, new URLSearchParams({ To: m.to, From: m.from, Body: m.body }).toString());
      return res.status === 201 && typeof (JSON.parse(res.body) as { sid?: unknown }).sid === 'string';
    });
    if (ok !== cfg.records) throw new Error(`${cfg.records - ok} creates failed`);
    return { records: cfg.records, ok };
  },
);
