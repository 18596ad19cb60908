// Official client: messages.create, 16 in flight (a pool of 16 async loops).
import { benchMessage, runClient, workerPool } from './common';
import { officialClient } from './twilio-client';

void runClient(
  'twilio create',
  (cfg) => officialClient(cfg).messages,
  async (messages, cfg) => {
    const ok = await workerPool(cfg.records, cfg.concurrency ?? 16, async (i) => {
      const m = await messages.create(benchMessage(i));
      return m.sid.startsWith('SM');
    });
    if (ok !== cfg.records) throw new Error(`${cfg.records - ok} creates failed`);
    return { records: cfg.records, ok };
  },
);
