// `test-connection`: checks the credentials with the manifest's connection check (a Get of the account).
import type { Command } from 'commander';
import type { ConnectFlags } from '../connect';
import { connectionOptions, contextOf } from '../options';

export function testConnectionCommand(program: Command): void {
  connectionOptions(program.command('test-connection').description('check the credentials by fetching the account')).action(
    async (opts: ConnectFlags, cmd: Command) => {
      const { log, stdout } = contextOf(cmd);
      // Loaded when this command runs.
      const [{ TwilioConnector }, { withConnection }] = await Promise.all([import('../../connector'), import('../connect')]);
      await withConnection(opts, log, async ({ connection }) => {
        // What Twilio asks for (a Retry-After) is a line of the log, as in run and sync.
        const connector = new TwilioConnector(connection, undefined, { onWarning: (message) => log.warn(message, { event: 'retry-after' }) });
        try {
          const account = await connector.testConnection();
          stdout.write(`connection OK: account ${account.accountSid} (${account.friendlyName ?? '?'}, ${account.status ?? '?'})\n`);
        } finally {
          connector.close();
        }
      });
    },
  );
}
