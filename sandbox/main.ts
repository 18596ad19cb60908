// Stand-alone sandbox: `node dist/sandbox/main.js --port 4010 [--no-seed] [--messages N]`;
// `twilio-connector sandbox` takes the same arguments (arguments.ts).
import { banner, parseArgs, usage } from './arguments';
import { startSandbox } from './index';

export { parseArgs, type MainArgs } from './arguments';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(usage());
  const args = parseArgs(argv);
  const sandbox = await startSandbox({ port: args.port, seed: args.seed });
  process.stdout.write(banner(sandbox));
  const stop = (): void => {
    sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
