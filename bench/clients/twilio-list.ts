// Official client: messages.list({ pageSize: 1000 }): every instance held in one array.
import { runClient } from './common';
import { officialClient } from './twilio-client';

void runClient(
  'twilio .list',
  (cfg) => officialClient(cfg).messages,
  async (messages, cfg) => {
    const all = await messages.list({ pageSize: cfg.pageSize ?? 1000 });
    let bytes = 0;
    for (const m of all) bytes += m.sid.length;
    return { records: all.length, bytes };
  },
);
