// `test-connection`: fetches the account to check the credentials.
import type { Command } from 'commander';
import { TwilioHttpClient } from '../../connector/http/client';
import { withConnection, type ConnectFlags } from '../connect';
import { connectionOptions, contextOf } from '../options';

export function testConnectionCommand(program: Command): void {
  connectionOptions(program.command('test-connection').description('check the credentials by fetching the account')).action(
    async (opts: ConnectFlags, cmd: Command) => {
      const { log, stdout } = contextOf(cmd);
      await withConnection(opts, log, async ({ connection }) => {
        const client = new TwilioHttpClient(connection);
        try {
          const res = await client.request<{ friendly_name?: string; status?: string }>({
            method: 'GET',
            url: `/2010-04-01/Accounts/${encodeURIComponent(connection.accountSid)}.json`,
            context: { action: 'test-connection', objectType: 'Account', id: connection.accountSid },
            idempotent: true,
          });
          stdout.write(`connection OK: account ${connection.accountSid} (${res.data.friendly_name ?? '?'}, ${res.data.status ?? '?'})\n`);
        } finally {
          client.close();
        }
      });
    },
  );
}
