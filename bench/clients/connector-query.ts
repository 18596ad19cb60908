// The product: Operation query Message, PageSize 1000, every output document's XML consumed.
import { resolveConnection } from '../../connector/connection';
import { Operation } from '../../connector/operation';
import { runClient } from './common';

void runClient(
  'connector',
  (cfg) =>
    new Operation(resolveConnection({ accountSid: cfg.accountSid, authToken: cfg.authToken, baseUrl: cfg.url }), {
      action: 'query',
      objectType: 'Message',
      pageSize: cfg.pageSize ?? 1000,
    }),
  async (op) => {
    let records = 0;
    let bytes = 0;
    for await (const ev of op.execute([{}])) {
      if (ev.type === 'document') {
        records++;
        bytes += ev.document.xml.length;
      } else if (ev.result.status !== 'SUCCESS') {
        throw new Error(`query ${ev.result.status}: ${ev.result.message ?? ''}`);
      }
    }
    op.close();
    return { records, bytes };
  },
);
