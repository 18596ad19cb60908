// Replay server: the sandbox's own Message pages, precomputed and served as bytes.
//
// Starts the sandbox in this process seeded with --messages N, walks its list pages
// once (PageSize 1000, following next_page_uri), closes it, then serves exactly
// those response bodies on a new loopback port. Clients see the same Twilio-shaped
// pages, SIDs and next_page_uri values as from the sandbox, but serving one costs
// only a socket write, so client-side costs are not hidden behind the server's
// per-page rendering (~15 ms per 1000 records). Basic auth is still checked.
//
// --index: instead of the pages walked, keep the records (record-index.ts) and answer any
// list request, DateSent> / DateSent< windows included, as the sandbox would; a
// windowed Query needs that. GET /__bench/expect?DateSent>=…&DateSent<=… gives the
// count and checksum of the SIDs a range holds.
// --latency-ms N: every API answer waits N ms first (a network round trip to Twilio).
//
// Prints `replay server listening on http://127.0.0.1:PORT (N records, P pages)`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, startSandbox } from '../../sandbox';
import { RecordIndexBuilder, type RecordIndex } from './record-index';

/** Path plus its query pairs in sorted order, so clients may order parameters freely. */
export function pageKey(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  if (q < 0) return rawUrl;
  const pairs = [...new URLSearchParams(rawUrl.slice(q + 1))].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  return `${rawUrl.slice(0, q)}?${new URLSearchParams(pairs).toString()}`;
}

function get(url: string, agent: http.Agent, auth: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization: auth } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** Walks the sandbox's Message pages once: their bytes by request, or (index mode) the records packed. */
async function walk(
  messages: number,
  pageSize: number,
  auth: string,
  indexed: boolean,
): Promise<{ pages: Map<string, Buffer>; index?: RecordIndex; records: number }> {
  const pages = new Map<string, Buffer>();
  const building = indexed ? new RecordIndexBuilder() : undefined;
  const sandbox = await startSandbox({ port: 0, seed: { messages } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let next: string | null = `/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages.json?PageSize=${pageSize}`;
  let records = 0;
  while (next) {
    const text = await get(sandbox.url + next, agent, auth);
    const page = JSON.parse(text) as { messages: Array<Record<string, unknown>>; next_page_uri: string | null };
    if (building) building.add(page.messages);
    else pages.set(pageKey(next), Buffer.from(text, 'utf8'));
    records += page.messages.length;
    next = page.next_page_uri;
  }
  agent.destroy();
  await sandbox.close();
  return { pages, index: building?.build(), records };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const messages = Number(args[args.indexOf('--messages') + 1] ?? 100000);
  const pageSize = Number(args.includes('--page-size') ? args[args.indexOf('--page-size') + 1] : 1000);
  const latencyMs = Number(args.includes('--latency-ms') ? args[args.indexOf('--latency-ms') + 1] : 0);
  const auth = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;
  const { pages, index, records } = await walk(messages, pageSize, auth, args.includes('--index'));

  let connections = 0;
  let requests = 0;
  const send = (res: http.ServerResponse, status: number, body: Buffer): void => {
    const write = () => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    };
    if (latencyMs > 0) setTimeout(write, latencyMs);
    else write();
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/__bench/stats') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ connections, requests }));
      return;
    }
    if (index && req.url?.startsWith('/__bench/expect')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(index.expect(new URL(req.url, 'http://replay'))));
      return;
    }
    requests++;
    if (req.headers.authorization !== auth) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      res.end(JSON.stringify({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://replay');
    if (index && url.pathname === `/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages.json`) {
      const page = index.page(url);
      send(res, page.status, page.body);
      return;
    }
    const body = index ? undefined : pages.get(pageKey(req.url ?? '/'));
    if (!body) {
      send(res, 404, Buffer.from(JSON.stringify({ code: 20404, message: `replay server has no page ${req.url}`, status: 404 })));
      return;
    }
    send(res, 200, body);
  });
  server.on('connection', () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const held = index ? `${index.size} records indexed` : `${pages.size} pages`;
  process.stdout.write(`replay server listening on http://127.0.0.1:${port} (${records} records, ${held}${latencyMs ? `, ${latencyMs} ms per answer` : ''})\n`);
  const stop = (): void => process.exit(0);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
