// Official client: messages.each({ pageSize: 1000 }), counting instances.
import { runClient } from './common';
import { officialClient } from './twilio-client';

void runClient(
  'twilio .each',
  (cfg) => officialClient(cfg).messages, // resolve the lazy resource getters before the clock
  (messages, cfg) =>
    new Promise((resolve, reject) => {
      let records = 0;
      let bytes = 0;
      messages.each({
        pageSize: cfg.pageSize ?? 1000,
        callback: (m) => {
          records++;
          bytes += m.sid.length;
        },
        done: (err?: Error) => (err ? reject(err) : resolve({ records, bytes })),
      });
    }),
);
