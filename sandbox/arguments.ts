// The stand-alone sandbox's arguments and banner, shared by `sandbox/main.js` and
// `twilio-connector sandbox`: --port, --no-seed and --<set> <n> for any seed count.
import { DEFAULT_SEED, type SeedOptions } from './seed';
import type { Sandbox } from './server';
import { SANDBOX_ACCOUNT_SID, SANDBOX_API_KEY, SANDBOX_API_SECRET, SANDBOX_AUTH_TOKEN } from './sids';

export interface MainArgs {
  port: number;
  seed: boolean | SeedOptions;
}

/** --port N, --no-seed, and --<seed count> N for any SeedOptions key (e.g. --messages 100000). */
export function parseArgs(argv: string[]): MainArgs {
  const args: MainArgs = { port: 4010, seed: true };
  const counts: SeedOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, '');
    if (flag === '--no-seed') args.seed = false;
    else if (flag === '--port' || name in DEFAULT_SEED) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
      if (flag === '--port') args.port = value;
      else counts[name as keyof SeedOptions] = value;
    } else throw new Error(`unknown argument ${flag}`);
  }
  if (args.seed !== false && Object.keys(counts).length) args.seed = counts;
  return args;
}

/** The seed counts with their defaults, as --help lists them. */
export function seedCountsUsage(): string {
  const counts = Object.entries(DEFAULT_SEED).map(([name, n]) => `  --${name} <n>`.padEnd(32) + `default ${n}`);
  return ['Seed counts (records of each set the sandbox starts with):', ...counts, ''].join('\n');
}

/** What --help says: the flags, and the seed counts with their defaults. */
export function usage(command = 'node dist/sandbox/main.js'): string {
  return [
    `Usage: ${command} [--port <port>] [--no-seed] [--<set> <n> ...]`,
    '',
    'Serves the embedded Twilio sandbox on loopback until interrupted.',
    '',
    '  --port <port>                 port (0: any free port), default 4010',
    '  --no-seed                     start empty',
    seedCountsUsage(),
  ].join('\n');
}

/** The lines a started sandbox prints: where it listens and the credentials it takes. */
export function banner(sandbox: Sandbox): string {
  return [
    `Twilio sandbox listening on ${sandbox.url}`,
    `  TWILIO_BASE_URL=${sandbox.url}`,
    `  TWILIO_ACCOUNT_SID=${SANDBOX_ACCOUNT_SID}`,
    `  TWILIO_AUTH_TOKEN=${SANDBOX_AUTH_TOKEN}`,
    `  TWILIO_API_KEY=${SANDBOX_API_KEY}`,
    `  TWILIO_API_SECRET=${SANDBOX_API_SECRET}`,
    `  control: POST/DELETE ${sandbox.url}/__sandbox/faults, POST ${sandbox.url}/__sandbox/reset`,
    '',
  ].join('\n');
}
