// Second raw loop: Node's built-in fetch (undici), keep-alive by default. With `echo`, each
// page's text also goes to stdout, as much output as the CLI prints (bench/cli.ts).
import { runClient } from './common';

void runClient(
  'raw fetch',
  (cfg) => ({ authorization: `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64')}` }),
  async (headers, cfg) => {
    let records = 0;
    let bytes = 0;
    let next: string | null = `/2010-04-01/Accounts/${cfg.accountSid}/Messages.json?PageSize=${cfg.pageSize ?? 1000}`;
    while (next) {
      const res = await fetch(cfg.url + next, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      bytes += text.length;
      const page = JSON.parse(text) as { messages: unknown[]; next_page_uri: string | null };
      records += page.messages.length;
      next = page.next_page_uri;
      if (cfg.echo && !process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    return { records, bytes };
  },
);
