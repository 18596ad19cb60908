// Ceiling for creates: axios, keep-alive agent with maxSockets 16, form posts, 16 in flight.
import http from 'node:http';
import axios from 'axios';
import { benchMessage, runClient, workerPool } from './common';

void runClient(
  'raw axios',
  (cfg) =>
    axios.create({
      baseURL: cfg.url,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency ?? 16 }),
      auth: { username: cfg.accountSid, password: cfg.authToken },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
    }),
  async (ax, cfg) => {
    const path = `/2010-04-01/Accounts/${cfg.accountSid}/Messages.json`;
    const ok = await workerPool(cfg.records, cfg.concurrency ?? 16, async (i) => {
      const m = benchMessage(i);
      const form = new URLSearchParams({ To: m.to, From: m.from, Body: m.body }).toString();
      const res = await ax.post<{ sid?: string }>(path, form);
      return res.status === 201 && typeof res.data.sid === 'string';
    });
    if (ok !== cfg.records) throw new Error(`${cfg.records - ok} creates failed`);
    return { records: cfg.records, ok };
  },
);
