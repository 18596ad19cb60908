// Per-record cost, in process: building a Message record's XML and parsing a Message
// request document, the connector's way against the libraries and JSON.
//
// Records are 1000 real sandbox Message records (fetched once from an in-process
// sandbox) used round robin, so the renderer sees varied bodies, nulls and unicode.
// Each case is calibrated to ~200 ms a round; 5 rounds; the median round is reported.
import { create } from 'xmlbuilder2';
import { XMLParser } from 'fast-xml-parser';
import { loadCatalog, objectType } from '../../connector/catalog/load';
import type { FieldDef } from '../../connector/catalog/types';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, startSandbox } from '../../sandbox';
import { resolveConnection } from '../../connector/connection';
import type { TwilioHttpClient, TwilioRequest, TwilioResponse } from '../../connector/http/client';
import { Operation } from '../../connector/operation';
import { parseRequestDocument } from '../../connector/xml/document';
import { compileRenderer } from '../../connector/xml/record';

export interface MicroCase {
  group: 'build' | 'parse' | 'pipeline';
  name: string;
  usPerRecord: number;
  /** Median of rounds; spread is (max - min) / median of the rounds. */
  spread: number;
  iterations: number;
  note?: string;
}

type Rec = Record<string, unknown>;

let sink = 0;

function measure(fn: (i: number) => number): { us: number; spread: number; iterations: number } {
  // Warm up, then calibrate to ~200 ms a round.
  let n = 1000;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += fn(i);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > 50) {
      n = Math.max(1000, Math.round((n * 200) / ms));
      break;
    }
    n *= 4;
  }
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[2];
  return { us: median, spread: (rounds[4] - rounds[0]) / median, iterations: n * 5 };
}

/**
 * Operation query over `pages` pages of the given records with HTTP faked out (the
 * parsed pages are handed over directly): what the connector spends per record
 * besides fetching and JSON.parse: rendering plus the Operation's own plumbing.
 */
async function measurePipeline(records: Rec[], pages: number): Promise<{ us: number; spread: number; iterations: number }> {
  const connection = resolveConnection({ accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' });
  // Each page its own SIDs: a chain ends at a page that repeats an earlier one (paging.ts).
  const pageRecords = Array.from({ length: pages }, (_, p) =>
    records.map((r) => ({ ...r, sid: String(r.sid).slice(0, -4) + p.toString(16).padStart(4, '0') })),
  );
  let served = 0;
  const fake = {
    request: async <T>(_req: TwilioRequest): Promise<TwilioResponse<T>> => {
      const messages = pageRecords[served % pages];
      served++;
      const page = {
        messages,
        next_page_uri: served % pages === 0 ? null : `/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages.json?Page=${served}`,
      };
      return { status: 200, data: page as T, headers: {}, attempts: 1 };
    },
    close: () => undefined,
  } as unknown as TwilioHttpClient;
  const op = new Operation(connection, { action: 'query', objectType: 'Message', pageSize: 1000 }, undefined, fake);
  const once = async (): Promise<number> => {
    const t0 = process.hrtime.bigint();
    let n = 0;
    for await (const ev of op.execute([{}])) {
      if (ev.type !== 'document') continue;
      sink += ev.document.xml.length;
      n++;
    }
    if (n !== records.length * pages) throw new Error(`pipeline produced ${n} documents`);
    return Number(process.hrtime.bigint() - t0) / 1e3 / n;
  };
  await once(); // warm-up
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) rounds.push(await once());
  rounds.sort((a, b) => a - b);
  return { us: rounds[2], spread: (rounds[4] - rounds[0]) / rounds[2], iterations: records.length * pages * 5 };
}

/** The same element tree the connector writes, as an object for xmlbuilder2. */
function xmlbuilderObject(root: string, fields: FieldDef[], rec: Rec): Rec {
  const body: Rec = {};
  for (const f of fields) {
    const v = rec[f.key];
    const text = (x: unknown): string => (x === null || x === undefined ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x));
    body[f.name] = f.repeated && Array.isArray(v) ? v.map(text) : text(v);
  }
  return { [root]: body };
}

const REQUEST_XML =
  '<Message><To>(415) 555-0100</To><From>+14155550199</From><Body>Hello &amp; welcome to the &lt;bench&gt; 👋</Body>' +
  '<MediaUrl>https://example.com/a.png</MediaUrl><MediaUrl>https://example.com/b.png</MediaUrl>' +
  '<StatusCallback>https://example.com/status?x=1&amp;y=2</StatusCallback><ValidityPeriod>600</ValidityPeriod></Message>';
const REQUEST_JSON = JSON.stringify({
  To: '(415) 555-0100',
  From: '+14155550199',
  Body: 'Hello & welcome to the <bench> 👋',
  MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
  StatusCallback: 'https://example.com/status?x=1&y=2',
  ValidityPeriod: '600',
});

export async function runMicro(): Promise<MicroCase[]> {
  const sandbox = await startSandbox({ port: 0, seed: { messages: 1000 } });
  const auth = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;
  const res = await fetch(`${sandbox.url}/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages.json?PageSize=1000`, { headers: { authorization: auth } });
  const records = ((await res.json()) as { messages: Rec[] }).messages;
  await sandbox.close();
  const N = records.length;

  const def = objectType(loadCatalog(), 'Message');
  const render = compileRenderer(def.name, def.fields, { timestamps: 'twilio' });
  const renderIso = compileRenderer(def.name, def.fields, { timestamps: 'iso8601' });
  const viaXmlbuilder = (rec: Rec): string => create(xmlbuilderObject(def.name, def.fields, rec)).end({ headless: true });

  // The two XML builders must write the same document, or the comparison is moot.
  const mismatches = records.filter((r) => render(r) !== viaXmlbuilder(r)).length;
  const xbNote = mismatches ? `differs from the connector's XML on ${mismatches}/${N} records` : 'same bytes as the connector';

  const rawParser = new XMLParser();
  const ctx = { action: 'create' as const, objectType: 'Message' };
  const parsed = parseRequestDocument(REQUEST_XML, 'Message', ctx);
  if (parsed.elements.get('MediaUrl')?.length !== 2) throw new Error('parseRequestDocument read the wrong thing');

  const cases: Array<Omit<MicroCase, 'usPerRecord' | 'spread' | 'iterations'> & { fn: (i: number) => number }> = [
    { group: 'build', name: 'connector compileRenderer', fn: (i) => render(records[i % N]).length },
    { group: 'build', name: 'connector compileRenderer, --timestamps iso8601', fn: (i) => renderIso(records[i % N]).length },
    { group: 'build', name: 'xmlbuilder2 create(obj).end()', fn: (i) => viaXmlbuilder(records[i % N]).length, note: `object mapping included; ${xbNote}` },
    { group: 'build', name: 'JSON.stringify', fn: (i) => JSON.stringify(records[i % N]).length },
    {
      group: 'parse',
      name: 'connector parseRequestDocument',
      fn: () => parseRequestDocument(REQUEST_XML, 'Message', ctx).order.length,
      note: 'size check, DOCTYPE check, XMLValidator, parse',
    },
    { group: 'parse', name: 'fast-xml-parser XMLParser.parse (defaults)', fn: () => Object.keys(rawParser.parse(REQUEST_XML) as object).length },
    { group: 'parse', name: 'JSON.parse', fn: () => Object.keys(JSON.parse(REQUEST_JSON) as object).length },
  ];
  const out: MicroCase[] = [];
  for (const c of cases) {
    const m = measure(c.fn);
    out.push({ group: c.group, name: c.name, usPerRecord: m.us, spread: m.spread, iterations: m.iterations, note: c.note });
  }
  const p = await measurePipeline(records, 100);
  out.push({
    group: 'pipeline',
    name: 'connector Operation query, HTTP faked',
    usPerRecord: p.us,
    spread: p.spread,
    iterations: p.iterations,
    note: 'pre-parsed pages handed to Operation; render + plumbing per record',
  });
  const render1 = out.find((c) => c.name === 'connector compileRenderer')!;
  out.push({
    group: 'pipeline',
    name: '  of which Operation plumbing (difference)',
    usPerRecord: Math.max(0, p.us - render1.usPerRecord),
    spread: 0,
    iterations: 0,
    note: 'async generators, recordId, document objects, GC',
  });
  if (sink === -1) console.log(sink); // keeps the results observable
  return out;
}

if (require.main === module) {
  runMicro()
    .then(
      (cases) =>
        new Promise<void>((resolve) => {
          if (process.send) process.send({ cases }, () => resolve());
          else {
            process.stdout.write(JSON.stringify({ cases }, null, 2) + '\n');
            resolve();
          }
        }),
    )
    .then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
}
