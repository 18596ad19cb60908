// `sandbox`: serves the embedded Twilio sandbox on loopback until interrupted, seeded as
// `sandbox/main.js` is (--<set> <n> for any seed count the sandbox's seed files declare).
import type { Command } from 'commander';
import { UsageError } from '../errors';
import { contextOf, nonNegativeInt } from '../options';

export function sandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('serve the embedded Twilio sandbox on loopback until interrupted')
    .usage('[--port <port>] [--no-seed] [--<set> <n> ...]')
    .option('--port <port>', 'port (0: any free port)', nonNegativeInt, 4010)
    .option('--no-seed', 'start empty')
    // The seed counts come from the seed files, read only when the command runs or its help is shown.
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', () => `\n${seedCountsHelp()}`)
    .action(async (opts: { port: number; seed: boolean }, cmd: Command) => {
      const { stdout } = contextOf(cmd);
      const { banner, parseArgs, startSandbox } = await import('../../sandbox');
      let args;
      try {
        args = parseArgs(['--port', String(opts.port), ...(opts.seed ? [] : ['--no-seed']), ...cmd.args]);
      } catch (err) {
        throw new UsageError(`sandbox: ${(err as Error).message} (sandbox --help lists the seed counts)`);
      }
      const sandbox = await startSandbox({ port: args.port, seed: args.seed });
      stdout.write(banner(sandbox));
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function seedCountsHelp(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seedCountsUsage } = require('../../sandbox') as typeof import('../../sandbox');
  return seedCountsUsage();
}
