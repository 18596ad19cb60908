// The product: Operation query Message, PageSize 1000, every output document's XML consumed.
// With `filters` and `concurrency` (the windowed benchmark) the Query is windowed; with
// `checkIds` every SID goes into a flat fingerprint set (bench/lib/ids.ts, ~16 MB at 1M,
// inside the measured RSS) to count distinct ids and duplicates; with `boundHeap` the heap
// grows as the CLI lets it for a windowed Query (cli/heap.ts).
import { resolveConnection } from '../../connector/connection';
import { Operation } from '../../connector/operation';
import { boundHeapGrowth, ownTheProcess } from '../../cli/heap';
import { IdSet } from '../lib/ids';
import { runClient } from './common';

void runClient(
  'connector',
  (cfg) => {
    // The same call the CLI makes for a windowed Query, in this process of its own.
    if (cfg.boundHeap) {
      ownTheProcess();
      boundHeapGrowth();
    }
    return new Operation(resolveConnection({ accountSid: cfg.accountSid, authToken: cfg.authToken, baseUrl: cfg.url }), {
      action: 'query',
      objectType: 'Message',
      pageSize: cfg.pageSize ?? 1000,
      filters: cfg.filters,
      concurrency: cfg.concurrency,
    });
  },
  async (op, cfg) => {
    let records = 0;
    let bytes = 0;
    const ids = cfg.checkIds ? new IdSet(cfg.records) : undefined;
    for await (const ev of op.execute([{}])) {
      if (ev.type === 'document') {
        records++;
        bytes += ev.document.xml.length;
        ids?.add(ev.document.properties.id);
      } else if (ev.result.status !== 'SUCCESS') {
        throw new Error(`query ${ev.result.status}: ${ev.result.message ?? ''}`);
      }
    }
    op.close();
    return { records, bytes, ids: ids?.summary() };
  },
);
