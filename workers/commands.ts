// The distributed mode's CLI commands, registered on the twilio-connector program:
//   worker --redis URL      run sync jobs until SIGTERM
//   schedule NAME --redis URL --object … --out DIR [--every 15m | --cron "…"] [--now]
//   status --redis URL      syncs, watermarks, runs and their progress
// Without --redis nothing of this runs: `sync` and `run` stay single-process.
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
// The library loads when a command runs (the catalog and its schemas are not free), so other commands start as fast.
import { ConfigurationError, TransportError } from '../connector/errors';
import { durationMs } from './duration';
import type { SyncRedis } from './redis';
import type { Cadence } from './schedule';
import type { SyncSpec } from './spec';

// BullMQ and ioredis load only when one of these commands runs: every other command
// (sync, run, …) starts as fast as without them.

/** Where the worker's lines go: the CLI's logger (timestamps, --log-format json, --quiet), handed in by its program. */
export interface LineLog {
  info(message: string, fields?: Record<string, unknown>): void;
}

/** Without the CLI's logger: plain lines on stderr. */
const PLAIN: LineLog = { info: (message) => void process.stderr.write(message + '\n') };

/** How long a line the worker logged again and again (Redis unreachable, ~4 a second) is held back. */
const REPEAT_MS = 30_000;

/**
 * The worker's log as the CLI's (timestamps, --log-format json, --quiet): a line already
 * logged in the last 30 s is held back, and the next one says how many were.
 */
function workerLog(log: LineLog): (line: string) => void {
  const seen = new Map<string, { at: number; held: number }>();
  return (line) => {
    const now = Date.now();
    const last = seen.get(line);
    if (last && now - last.at < REPEAT_MS) {
      last.held++;
      return;
    }
    if (seen.size > 1000) seen.clear();
    seen.set(line, { at: now, held: 0 });
    log.info(last?.held ? `${line} (and ${last.held} time(s) more in the last ${REPEAT_MS / 1000} s)` : line, { event: 'worker' });
  };
}

/** An integer option at least `least`: 0 (a count) or 1 (jobs at once, a lock's length, where 0 would stall the worker). */
const integerAtLeast =
  (least: 0 | 1) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < least) throw new InvalidArgumentError(least ? 'expected a positive integer' : 'expected a non-negative integer');
    return n;
  };
const count = integerAtLeast(0);
const positive = integerAtLeast(1);

function redisOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--redis <url>', 'Redis holding the queues and watermarks (redis://host:port)')
    .option('--prefix <prefix>', 'key prefix of the queues and state in Redis', 'tc');
}

async function withRedis<T>(opts: { redis: string; prefix: string }, fn: (r: SyncRedis) => Promise<T>): Promise<T> {
  const { SyncRedis } = await import('./redis');
  const r = new SyncRedis({ url: opts.redis, prefix: opts.prefix, waitForRedis: false });
  try {
    await r.redis.ping();
    await r.checkDatabase();
  } catch (err) {
    await r.close().catch(() => undefined);
    if (err instanceof ConfigurationError) throw err;
    throw new TransportError(`Redis at ${new URL(opts.redis).host} did not answer: ${(err as Error).message}`, false);
  }
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

export function registerWorkerCommands(program: Command, logOf: (cmd: Command) => LineLog = () => PLAIN): void {
  redisOptions(
    program
      .command('worker')
      .description('run distributed sync jobs from Redis until SIGTERM (credentials from the environment or --connection)')
      .option('--connection <file>', 'JSON connection file (accountSid, authToken | apiKey + apiSecret, baseUrl, defaultCountry)')
      .option('--base-url <url>', 'send every Twilio domain to this origin (a shared sandbox, proxy, mock); env TWILIO_BASE_URL')
      .option('--concurrency <n>', 'fetch jobs this worker runs at once', positive, 4)
      .option('--lock <ms>', "job lock and account lease: a dead worker's job is taken over after about this long", positive, 30_000)
      .option('--grace <seconds>', 'on SIGTERM: how long current jobs may finish before they are handed back', count, 30)
      .option('--name <name>', 'worker name stored on its jobs (default host:pid)'),
  ).action(async (opts, cmd: Command) => {
    const log = workerLog(logOf(cmd));
    const { hasCredentials, mergeSettings, settingsFromEnv, settingsFromFile } = await import('../connector/connection');
    const settings = mergeSettings(settingsFromEnv(), opts.connection ? settingsFromFile(opts.connection) : {}, { baseUrl: opts.baseUrl });
    if (!hasCredentials(settings)) {
      // Each worker's own embedded sandbox would hold different data: name one shared server.
      throw new ConfigurationError(
        'worker needs Twilio credentials (TWILIO_ACCOUNT_SID…); for a sandbox start `twilio-connector sandbox --port 4010` and point every worker at it',
      );
    }
    const { startWorker } = await import('./worker');
    const worker = await startWorker({
      redis: { url: opts.redis, prefix: opts.prefix },
      settings,
      concurrency: opts.concurrency,
      lockMs: opts.lock,
      name: opts.name,
      log,
    });
    const clean = await new Promise<boolean>((done) => {
      const stop = (signal: string) => {
        log(`worker ${worker.name}: ${signal}, finishing current jobs (grace ${opts.grace} s)`);
        void worker.close(opts.grace * 1000).then(done);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    log(`worker ${worker.name} stopped`);
    // Connections to a Redis that is gone would go on retrying and hold the process: its work is done.
    if (!clean) process.exit(0);
  });

  redisOptions(
    program
      .command('schedule <name>')
      .description('register a distributed sync and its schedule (cron or interval); --now runs it once at once')
      .option('--object <type...>', 'object type(s) to sync (default Message)')
      .option('--filter <expr...>', 'Field=value | Field<ts | Field>ts | "Field before|on|after ts"')
      .option('--fields <list>', 'comma-separated fields to return (the date field is always added)')
      .option('--out <dir>', 'folder for the record files, one per id; shared by all workers (see README)')
      .option('--every <duration>', 'run every 90s, 15m, 1h, …')
      .option('--cron <pattern>', 'run on a cron pattern (UTC unless --tz)')
      .option('--tz <zone>', 'time zone of --cron')
      .option('--now', 'also run once right away')
      .option('--remove', 'remove the sync and its schedule (its watermark stays)')
      .option('--all-subaccounts', "fan out over the account's active subaccounts")
      .option('--window <size>', 'date window per job: 1h, 6h, 1d, 1w, 1mo', '1d')
      .option('--since <timestamp>', 'first run: records after this (YYYY-MM-DD[ HH:MM:SS] UTC or ISO 8601); default: everything')
      .option('--date-field <field>', 'date filter for windows and the watermark (default DateSent, StartTime, DateCreated or CreatedAt)')
      .option('--lookback <seconds>', 'incremental lookback window for late records', count, 300)
      .option('--account-concurrency <n>', 'fetch jobs at once per Twilio account, across all workers', positive, 10)
      .option('--attempts <n>', 'tries per job (exponential backoff)', count, 5)
      .option('--backoff <ms>', 'first retry delay', count, 1000)
      .option('--page-size <n>', 'records per page (1-1000, default 1000)', count)
      .addOption(new Option('--timestamps <style>', 'timestamps in documents').choices(['twilio', 'iso8601']).default('twilio')),
  ).action(async (name: string, opts) => {
    const { parseFilter } = await import('../connector/query');
    const { registerSync, removeSync, runNow } = await import('./schedule');
    await withRedis(opts, async (r) => {
      if (opts.remove) {
        const removed = await removeSync(r, name);
        process.stdout.write(removed ? `removed sync ${name} (watermark kept)\n` : `no sync ${name}\n`);
        return;
      }
      if (!opts.out) throw new ConfigurationError('schedule needs --out <dir>');
      const spec: SyncSpec = {
        name,
        objectTypes: opts.object ?? ['Message'],
        filters: (opts.filter ?? []).map(parseFilter),
        fields: opts.fields
          ? String(opts.fields)
              .split(',')
              .map((s: string) => s.trim())
              .filter(Boolean)
          : undefined,
        out: resolve(opts.out),
        dateField: opts.dateField,
        window: opts.window,
        since: opts.since,
        lookbackSeconds: opts.lookback,
        allSubaccounts: Boolean(opts.allSubaccounts),
        accountConcurrency: opts.accountConcurrency,
        attempts: opts.attempts,
        backoffMs: opts.backoff,
        timestamps: opts.timestamps,
        pageSize: opts.pageSize,
      };
      const cadence: Cadence = { every: opts.every ? durationMs(opts.every, '--every') : undefined, cron: opts.cron, tz: opts.tz };
      await registerSync(r, spec, cadence);
      const when = cadence.cron ? `on ${cadence.cron} (${cadence.tz ?? 'UTC'})` : cadence.every ? `every ${opts.every}` : 'on demand';
      process.stdout.write(`registered sync ${name}: ${spec.objectTypes.join(', ')} → ${spec.out}, ${when}\n`);
      if (opts.now) {
        // A run still going makes a plan job now do nothing: say so rather than name a run that never comes.
        const { runInProgress } = await import('./plan');
        const going = await runInProgress(r, name);
        process.stdout.write(going ? `run ${going} of ${name} is still going; no run planned\n` : `planned run ${await runNow(r, name)}\n`);
      }
    });
  });

  redisOptions(
    program
      .command('status')
      .description('distributed syncs: schedules, watermarks, recent runs and their progress')
      .option('--sync <name>', 'only this sync')
      .option('--runs <n>', 'recent runs per sync', count, 5)
      .option('--json', 'print JSON'),
  ).action(async (opts) => {
    const { formatStatus, syncStatus } = await import('./status');
    await withRedis(opts, async (r) => {
      const syncs = await syncStatus(r, { sync: opts.sync, runs: opts.runs });
      process.stdout.write(opts.json ? JSON.stringify(syncs, null, 2) + '\n' : formatStatus(syncs));
    });
  });
}
