// `sandbox`: serves the embedded Twilio sandbox on loopback until interrupted.
import type { Command } from 'commander';
import { contextOf, nonNegativeInt } from '../options';

export function sandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('serve the embedded Twilio sandbox on loopback until interrupted')
    .option('--port <port>', 'port (0: any free port)', nonNegativeInt, 4010)
    .option('--no-seed', 'start empty')
    .action(async (opts: { port: number; seed: boolean }, cmd: Command) => {
      const { stdout } = contextOf(cmd);
      const { startSandbox, SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } = await import('../../sandbox');
      const sandbox = await startSandbox({ port: opts.port, seed: opts.seed });
      stdout.write(
        `Twilio sandbox listening on ${sandbox.url}\n` +
          `  TWILIO_BASE_URL=${sandbox.url} TWILIO_ACCOUNT_SID=${SANDBOX_ACCOUNT_SID} TWILIO_AUTH_TOKEN=${SANDBOX_AUTH_TOKEN}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
