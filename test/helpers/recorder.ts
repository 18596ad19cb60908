// A loopback HTTP server that records every request and answers from a handler,
// for asserting exactly what the connector sends (method, path, auth, form body).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

/** `raw`: the body as it is (not JSON-encoded), for answers that are not JSON. */
export type Reply = { status: number; body?: unknown; raw?: string; headers?: Record<string, string>; delayMs?: number; drop?: boolean };

export interface Recorder {
  url: string;
  requests: Recorded[];
  reply: (handler: (req: Recorded) => Reply) => void;
  close: () => Promise<void>;
  /** Most requests seen in progress at once. */
  peakInFlight: () => number;
}

export async function startRecorder(): Promise<Recorder> {
  const requests: Recorded[] = [];
  let handler: (req: Recorded) => Reply = () => ({ status: 200, body: {} });
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const [path, rawQuery = ''] = (req.url ?? '').split('?');
      const rec: Recorded = {
        method: req.method ?? '',
        path,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        body,
        form: new URLSearchParams(body),
      };
      requests.push(rec);
      const reply = handler(rec);
      if (reply.drop) return void req.socket.destroy();
      const send = () => {
        res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
        res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (h) => (handler = h),
    peakInFlight: () => peak,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function basicAuth(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}
