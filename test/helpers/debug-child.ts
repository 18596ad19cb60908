// Run as a child process with NODE_DEBUG set (test/answers.test.ts): one Get through the
// connector's HTTP client against a loopback server it starts, so the parent can read
// everything Node's debug switches printed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveConnection } from '../../connector/connection';
import { TwilioHttpClient } from '../../connector/http/client';

const [accountSid, authToken] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({ sid: accountSid, authorized: req.headers.authorization === 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64') }),
  );
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  const client = new TwilioHttpClient(resolveConnection({ accountSid, authToken, baseUrl: `http://127.0.0.1:${port}` }));
  try {
    const res = await client.request<{ authorized: boolean }>({ method: 'GET', url: `/2010-04-01/Accounts/${accountSid}.json`, idempotent: true });
    process.stdout.write(JSON.stringify({ status: res.status, authorized: res.data.authorized }));
  } finally {
    client.close();
    server.close();
  }
});
