// The HTTP exchange itself (connector/http/transport.ts), through the connector's client
// against a loopback server: compressed answers, what a request carries, answers cut
// short or stalled, and no listener left behind per request.
import { getEventListeners } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { resolveConnection } from '../connector/connection';
import { TransportError } from '../connector/errors';
import { BodyBuffers, BodyReader } from '../connector/http/bodies';
import { TwilioHttpClient } from '../connector/http/client';
import { TEST_ACCOUNT } from './helpers/run';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
let handler: Handler;
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(timeoutMs = 2000) {
  return new TwilioHttpClient(resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: origin, timeoutMs }), {
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
}
const path = `/2010-04-01/Accounts/${TEST_ACCOUNT}/Messages.json`;
const record = { sid: 'SM' + '0'.repeat(32), body: 'héllo ' + 'x'.repeat(5000) };

describe('compressed answers are decoded', () => {
  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
  ] as const)('%s', async (encoding, compress) => {
    let asked: string | undefined;
    handler = (req, _body, res) => {
      asked = req.headers['accept-encoding'];
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding }).end(compress(Buffer.from(JSON.stringify(record))));
    };
    const twilio = client();
    const res = await twilio.request({ method: 'GET', url: path, idempotent: true });
    twilio.close();
    expect(asked).toBe('gzip, deflate, br');
    expect(res.data).toEqual(record);
  });

  it('a body that does not decompress is a TransportError, not a crash', async () => {
    handler = (_req, _body, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all');
    const twilio = client();
    await expect(twilio.request({ method: 'GET', url: path, idempotent: true })).rejects.toThrow(TransportError);
    twilio.close();
  });
});

it('a request carries the credentials, its headers, the form and its length', async () => {
  let seen: { headers: http.IncomingHttpHeaders; body: string; method?: string; url?: string } | undefined;
  handler = (req, body, res) => {
    seen = { headers: req.headers, body, method: req.method, url: req.url };
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(record));
  };
  const twilio = client();
  const res = await twilio.request({
    method: 'POST',
    url: path,
    form: [
      ['To', '+13115556789'],
      ['Body', 'a&b é'],
    ],
    idempotent: false,
  });
  twilio.close();
  expect(res.status).toBe(201);
  expect(seen!.method).toBe('POST');
  expect(seen!.url).toBe(path);
  expect(seen!.body).toBe('To=%2B13115556789&Body=a%26b%20%C3%A9');
  expect(seen!.headers['content-length']).toBe(String(Buffer.byteLength(seen!.body)));
  expect(seen!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(seen!.headers.authorization).toBe('Basic ' + Buffer.from(`${TEST_ACCOUNT}:tok`).toString('base64'));
  expect(seen!.headers['user-agent']).toMatch(/^twilio-connector\//);
  expect(seen!.headers.accept).toBe('application/json');
});

it('an answer cut off mid-body is a TransportError naming the request', async () => {
  handler = (_req, _body, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
    res.write('{"sid":"SM');
    setTimeout(() => res.socket?.destroy(), 20);
  };
  const twilio = client();
  const err = await twilio.request({ method: 'GET', url: path, idempotent: true }).catch((e: unknown) => e);
  twilio.close();
  expect(err).toBeInstanceOf(TransportError);
  expect((err as TransportError).message).toMatch(new RegExp(`^GET ${origin}${path} failed: ECONNRESET`));
});

it('the timeout covers the body, not only the headers', async () => {
  handler = (_req, _body, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"sid":');
  };
  const twilio = client(300);
  const t0 = Date.now();
  const err = await twilio.request({ method: 'GET', url: path, idempotent: true }).catch((e: unknown) => e);
  twilio.close();
  expect(err).toBeInstanceOf(TransportError);
  expect((err as TransportError).message).toMatch(/ECONNABORTED timeout of 300ms exceeded/);
  expect(Date.now() - t0).toBeLessThan(2000);
});

it('requests leave no listener on the close signal behind', async () => {
  handler = (_req, _body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(record));
  const twilio = client();
  await Promise.all(Array.from({ length: 50 }, () => twilio.request({ method: 'GET', url: path, idempotent: true })));
  const signal = (twilio as unknown as { closing: AbortController }).closing.signal;
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  twilio.close();
});

describe('the proxy the environment names', () => {
  // A loopback proxy that only tunnels (CONNECT), recording what it was asked for.
  let proxy: http.Server;
  let proxyUrl: string;
  const tunnels: Array<{ target?: string; auth?: string }> = [];
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

  beforeAll(async () => {
    proxy = http.createServer((_req, res) => res.writeHead(405).end('tunnels only'));
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      tunnels.push({ target: req.url, auth: req.headers['proxy-authorization'] });
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://user:secret@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    tunnels.length = 0;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('requests go through a CONNECT tunnel, the proxy credentials on the CONNECT only', async () => {
    let sawAuth: string | undefined;
    handler = (req, _body, res) => {
      sawAuth = req.headers['proxy-authorization'];
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(record));
    };
    process.env.HTTP_PROXY = proxyUrl;
    process.env.HTTPS_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    const twilio = client();
    const res = await twilio.request({ method: 'GET', url: path, idempotent: true });
    await twilio.request({ method: 'GET', url: path, idempotent: true });
    twilio.close();
    expect(res.data).toEqual(record);
    expect(tunnels.length).toBeGreaterThanOrEqual(1);
    expect(tunnels[0].target).toBe(origin.replace('http://', ''));
    expect(tunnels[0].auth).toBe('Basic ' + Buffer.from('user:secret').toString('base64'));
    expect(sawAuth).toBeUndefined();
  });

  it('a proxy that cannot be reached is named in the failure, without its credentials', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    process.env.HTTP_PROXY = `http://user:secret@127.0.0.1:${port}`;
    delete process.env.NO_PROXY;
    const twilio = client();
    const failed = twilio.request({ method: 'GET', url: path, idempotent: true });
    await expect(failed).rejects.toThrow(new RegExp(`failed through proxy http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
    await expect(failed).rejects.not.toThrow(/secret/);
    twilio.close();
  });

  it('NO_PROXY names the hosts reached directly', async () => {
    handler = (_req, _body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(record));
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = '127.0.0.1,localhost';
    const twilio = client();
    await twilio.request({ method: 'GET', url: path, idempotent: true });
    twilio.close();
    expect(tunnels).toHaveLength(0);
  });
});

describe('idle keep-alive sockets', () => {
  it("are closed before the server's announced Keep-Alive timeout, so no Create goes out on a socket the server is closing", async () => {
    const srv = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ sid: 'SM' + '1'.repeat(32) })));
    });
    srv.keepAliveTimeout = 2000; // announced as Keep-Alive: timeout=2
    let connections = 0;
    let endedByClient = 0;
    srv.on('connection', (socket: net.Socket) => {
      connections++;
      socket.on('end', () => endedByClient++); // a FIN from the client; the server's own timeout destroys without one
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const twilio = new TwilioHttpClient(resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: base }), {
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    try {
      const create = () => twilio.request({ method: 'POST', url: path, form: [['To', '+14155550100']], idempotent: false });
      await create();
      await create(); // at once: the same socket
      expect(connections).toBe(1);
      await new Promise((r) => setTimeout(r, 1400)); // past the hint less a second, before the server's 2 s
      expect(endedByClient).toBe(1);
      expect((await create()).status).toBe(201);
      expect(connections).toBe(2);
    } finally {
      twilio.close();
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    }
  });
});

describe('bodies read into reused buffers', () => {
  // Pages of many sizes, some larger than any buffer taken so far, some without a length,
  // some compressed: every answer parses to its own page, and answers already returned
  // are not touched by the buffers' next uses.
  const page = (n: number) => ({
    messages: Array.from({ length: n }, (_, i) => ({ sid: `SM${n}-${i}`, body: `é ${'y'.repeat(i % 50)} ${n}` })),
    next_page_uri: null,
  });
  const sizes = [1, 400, 3, 2500, 10, 6000, 50, 1200, 2, 9000, 7, 300];

  it('every answer is its own page, whatever the order, size, framing or encoding', async () => {
    handler = (req, _body, res) => {
      const n = Number(new URL(req.url!, origin).searchParams.get('n'));
      const text = Buffer.from(JSON.stringify(page(n)));
      const framing = n % 3;
      if (framing === 0) res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': text.length }).end(text);
      else if (framing === 1) {
        // No Content-Length: chunked, in pieces.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        for (let at = 0; at < text.length; at += 7000) res.write(text.subarray(at, at + 7000));
        res.end();
      } else res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(text));
    };
    const twilio = new TwilioHttpClient(resolveConnection({ accountSid: TEST_ACCOUNT, authToken: 'tok', baseUrl: origin }), {
      concurrency: 4,
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const ask = (n: number) => twilio.request({ method: 'GET', url: path, query: [['n', String(n)]], idempotent: true });
    const first = await Promise.all(sizes.map(ask));
    const again = await Promise.all([...sizes].reverse().map(ask));
    twilio.close();
    first.forEach((res, i) => expect(res.data).toEqual(page(sizes[i])));
    again.forEach((res, i) => expect(res.data).toEqual(page([...sizes].reverse()[i])));
  });

  it('an error body is quoted from its bytes before the buffer goes back', async () => {
    handler = (_req, _body, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>bad gateway</html>');
    const twilio = client();
    await expect(twilio.request({ method: 'GET', url: path, idempotent: true })).rejects.toThrow(/<html>bad gateway<\/html>/);
    twilio.close();
  });

  it('keeps at most one buffer per request in flight, the larger ones, and hands them out again', () => {
    const buffers = new BodyBuffers(2);
    const taken = [1e6, 3e5, 2e6].map((n) => buffers.take(n));
    expect(taken.map((b) => b.length >= 256 * 1024)).toEqual([true, true, true]);
    taken.forEach((b) => buffers.give(b));
    // The 3e5 one was dropped for the larger ones; a page of 1.5 MB gets the 2 MB buffer back.
    const again = buffers.take(1.5e6);
    expect(again).toBe(taken[2]);
    expect(buffers.take(1e6)).toBe(taken[0]);
    expect(buffers.take(1e6)).not.toBe(taken[1]);
    const reader = new BodyReader(buffers, 0);
    for (let i = 0; i < 100; i++) reader.add(Buffer.alloc(10_000, i));
    expect(reader.bytes.length).toBe(1_000_000);
    expect(reader.bytes[999_999]).toBe(99);
    expect(reader.bytes[0]).toBe(0);
  });
});
