// Subaccount server for the distributed-mode bench: an account with N subaccounts of M
// messages each, spread evenly over D days from --start, served as Twilio's classic API
// with an injected latency per request (default 150 ms, a Twilio round trip).
//
// Answers the Accounts list (the account and its subaccounts) and each account's Messages
// list with DateSent> / DateSent< (inclusive, as Twilio's) and PageSize, paging by
// next_page_uri, newest first. Records are the sandbox's own seeded messages used as
// templates (varied bodies, media counts, statuses), with their SID, account and dates
// replaced; a page is built by string concatenation from the template's JSON, so the
// server costs ~1 ms of CPU a page and holds nothing per record in memory. Every 1000th
// message sits exactly on a midnight: both day windows are served it, the connector keeps
// it in one. Basic auth is checked.
//
// Prints `subaccount server listening on http://127.0.0.1:PORT (N accounts × M messages)`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatRfc2822 } from '../../connector/values/dates';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, startSandbox } from '../../sandbox';

const DAY = 86_400_000;
const API = '/2010-04-01';

interface Options {
  accounts: number;
  messages: number;
  days: number;
  start: number;
  latencyMs: number;
}

function parse(argv: string[]): Options {
  const value = (flag: string, fallback: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
  return {
    accounts: Number(value('--accounts', '50')),
    messages: Number(value('--messages', '20000')),
    days: Number(value('--days', '20')),
    start: Date.parse(value('--start', '2026-01-01T00:00:00Z')),
    latencyMs: Number(value('--latency', '150')),
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
export const subaccountSid = (i: number) => `AC${hex(0xbe9c0000 + i, 8)}${'0'.repeat(24)}`;
const messageSid = (account: number, m: number) => `SM${hex(account, 8)}${hex(m, 24)}`;

/** A record's JSON split around its SID, account and dates, to fill in by concatenation. */
interface Template {
  parts: string[];
  slots: Array<'SID' | 'ACCOUNT' | 'DATE'>;
}

function template(record: Record<string, unknown>): Template {
  const marked: Record<string, unknown> = {
    ...record,
    sid: '@@SID@@',
    account_sid: '@@ACCOUNT@@',
    date_created: '@@DATE@@',
    date_updated: '@@DATE@@',
    date_sent: '@@DATE@@',
  };
  marked.uri = `${API}/Accounts/@@ACCOUNT@@/Messages/@@SID@@.json`;
  marked.subresource_uris = {
    media: `${API}/Accounts/@@ACCOUNT@@/Messages/@@SID@@/Media.json`,
    feedback: `${API}/Accounts/@@ACCOUNT@@/Messages/@@SID@@/Feedback.json`,
  };
  const pieces = JSON.stringify(marked).split(/@@(SID|ACCOUNT|DATE)@@/);
  return { parts: pieces.filter((_, i) => i % 2 === 0), slots: pieces.filter((_, i) => i % 2 === 1) as Template['slots'] };
}

async function templates(): Promise<Template[]> {
  const sb = await startSandbox({ port: 0, seed: { messages: 200 } });
  const records = sb.store.records('Message', SANDBOX_ACCOUNT_SID);
  await sb.close();
  return records.map(template);
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const auth = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;
  const shapes = await templates();
  const span = o.days * DAY;
  const timeOf = (m: number) => o.start + Math.floor((m * span) / o.messages);
  const accountIndex = new Map(Array.from({ length: o.accounts }, (_, i) => [subaccountSid(i), i]));

  const render = (account: number, m: number): string => {
    const t = shapes[m % shapes.length];
    const values = { SID: messageSid(account, m), ACCOUNT: subaccountSid(account), DATE: formatRfc2822(new Date(timeOf(m))) };
    let out = t.parts[0];
    for (let i = 0; i < t.slots.length; i++) out += values[t.slots[i]] + t.parts[i + 1];
    return out;
  };
  /** First message index with time ≥ t. */
  const lowerBound = (t: number) => {
    let lo = 0;
    let hi = o.messages;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timeOf(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const accountsPage = (): string => {
    const row = (sid: string, name: string) =>
      JSON.stringify({
        sid,
        owner_account_sid: SANDBOX_ACCOUNT_SID,
        friendly_name: name,
        status: 'active',
        type: 'Full',
        auth_token: '0'.repeat(32),
        date_created: formatRfc2822(new Date(o.start)),
        date_updated: formatRfc2822(new Date(o.start)),
        uri: `${API}/Accounts/${sid}.json`,
      });
    const rows = [row(SANDBOX_ACCOUNT_SID, 'Bench Account'), ...[...accountIndex.keys()].map((sid, i) => row(sid, `Bench Subaccount ${i + 1}`))];
    return `{"accounts":[${rows.join(',')}],"end":${rows.length - 1},"first_page_uri":"${API}/Accounts.json?PageSize=1000&Page=0","next_page_uri":null,"page":0,"page_size":1000,"previous_page_uri":null,"start":0,"uri":"${API}/Accounts.json"}`;
  };

  const messagesPage = (accountSid: string, query: URLSearchParams, path: string): string => {
    const index = accountIndex.get(accountSid);
    const size = Math.min(1000, Number(query.get('PageSize') ?? 50));
    const page = Number(query.get('Page') ?? 0);
    const from = query.has('DateSent>') ? Date.parse(query.get('DateSent>')!) : -Infinity;
    const to = query.has('DateSent<') ? Date.parse(query.get('DateSent<')!) : Infinity;
    // Inclusive bounds; newest first: indices hi-1 down to lo.
    const lo = index === undefined ? 0 : lowerBound(from);
    const hi = index === undefined ? 0 : lowerBound(to + 1);
    const first = hi - page * size;
    const last = Math.max(lo, first - size);
    const rows: string[] = [];
    for (let m = first - 1; m >= last; m--) rows.push(render(index!, m));
    const more = last > lo;
    const next = new URLSearchParams(query);
    next.set('Page', String(page + 1));
    const uri = `${path}?${query.toString()}`;
    return `{"messages":[${rows.join(',')}],"end":${page * size + rows.length - 1},"first_page_uri":${JSON.stringify(uri)},"next_page_uri":${more ? JSON.stringify(`${path}?${next.toString()}`) : 'null'},"page":${page},"page_size":${size},"previous_page_uri":null,"start":${page * size},"uri":${JSON.stringify(uri)}}`;
  };

  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    setTimeout(() => {
      if (req.headers.authorization !== auth) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
      let body: string | undefined;
      if (url.pathname === `${API}/Accounts.json`) body = accountsPage();
      else if (m) body = messagesPage(m[1], url.searchParams, url.pathname);
      if (body === undefined) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 20404, message: `no ${url.pathname}`, status: 404 }));
        return;
      }
      const bytes = Buffer.from(body, 'utf8');
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
      res.end(bytes);
    }, o.latencyMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `subaccount server listening on http://127.0.0.1:${port} (${o.accounts} accounts × ${o.messages} messages over ${o.days} days, ${o.latencyMs} ms a request)\n`,
  );
  const stop = (): void => {
    process.stderr.write(`subaccount server: ${requests} requests\n`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
