// The product: Operation create Message at concurrency 16, XML request documents in.
import { resolveConnection } from '../../connector/connection';
import { Operation, type InputDocument } from '../../connector/operation';
import { escapeXml } from '../../connector/xml/record';
import { benchMessage, runClient } from './common';

void runClient(
  'connector',
  (cfg) => {
    const op = new Operation(resolveConnection({ accountSid: cfg.accountSid, authToken: cfg.authToken, baseUrl: cfg.url }), {
      action: 'create',
      objectType: 'Message',
      concurrency: cfg.concurrency ?? 16,
      returnApplicationErrors: true,
    });
    const inputs: InputDocument[] = Array.from({ length: cfg.records }, (_, i) => {
      const m = benchMessage(i);
      return { xml: `<Message><To>${m.to}</To><From>${m.from}</From><Body>${escapeXml(m.body)}</Body></Message>` };
    });
    return { op, inputs };
  },
  async ({ op, inputs }) => {
    let records = 0;
    let ok = 0;
    let firstError: string | undefined;
    for await (const ev of op.execute(inputs)) {
      if (ev.type !== 'result') continue;
      records++;
      if (ev.result.status === 'SUCCESS') ok++;
      else firstError ??= ev.result.message;
    }
    op.close();
    if (ok !== records) throw new Error(`${records - ok} of ${records} creates failed, first: ${firstError}`);
    return { records, ok };
  },
);
