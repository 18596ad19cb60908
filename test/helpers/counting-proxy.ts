// A loopback proxy in front of the sandbox that adds latency to each request and counts
// requests in flight per Twilio account (the AccountSid in the path), the quantity
// Twilio's concurrency limit is about.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  /** Most requests in flight at once, over all accounts. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string, delayMs: number): Promise<CountingProxy> {
  let inFlight = 0;
  let maxInFlight = 0;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    res.once('close', finish);
    setTimeout(() => {
      const up = http.request(target + req.url, { method: req.method, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.once('error', () => res.destroy());
      req.pipe(up);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
