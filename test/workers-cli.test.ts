// `schedule` and `status` as the CLI runs them, against a real redis-server (no worker):
// what the user typed wrong is one line naming the option and the rule, exit 2, and
// nothing of the sync is stored.
import { QUEUES } from '../workers/keys';
import { SyncRedis } from '../workers/redis';
import { RedisServer } from './helpers/redis-server';
import { runCli as cli } from './helpers/cli';

jest.setTimeout(30_000);

let redisServer: RedisServer;
let r: SyncRedis;

beforeAll(async () => {
  redisServer = await RedisServer.start();
  r = new SyncRedis({ url: redisServer.url });
});

afterAll(async () => {
  await r?.close();
  await redisServer?.stop();
  process.exitCode = undefined;
});

beforeEach(async () => {
  await r.redis.flushall();
  process.exitCode = undefined;
});

const schedule = (name: string, ...args: string[]) =>
  cli('schedule', name, '--redis', redisServer.url, '--object', 'Message', '--out', '/tmp/tc-cli-out', ...args);

/** Whether anything of the sync is in Redis: its spec or a job scheduler. */
async function stored(name: string): Promise<boolean> {
  const spec = await r.redis.hexists(r.keys.syncs, name);
  const schedulers = await r.queue(QUEUES.plan).getJobSchedulers();
  return spec === 1 || schedulers.some((s) => s.key === name);
}

describe('schedule refuses a cadence BullMQ could not use, before anything is stored', () => {
  it.each([
    [['--cron', 'bogus'], /^\S+ error: --cron 'bogus' is not a cron pattern \(minute hour day-of-month month day-of-week, .*\): .*alias "bog"\n$/],
    [['--cron', '61 * * * *'], /^\S+ error: --cron '61 \* \* \* \*' is not a cron pattern .*: .*got value 61 expected range 0-59\n$/],
    [['--cron', '0 * * * *', '--tz', 'Mars/Olympus'], /^\S+ error: --tz 'Mars\/Olympus' is not an IANA time zone \(such as UTC, Europe\/Paris/],
    [['--every', '15m', '--tz', 'Europe/Paris'], /^\S+ error: --tz is the time zone of --cron; give it with --cron\n$/],
  ])('%j', async (args, message) => {
    const { code, out, err } = await schedule('b1', ...args);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/internal error|\n\s+at /);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(await stored('b1')).toBe(false);
  });

  it('accepts a good cron pattern in a time zone, and BullMQ schedules it', async () => {
    const { code, out } = await schedule('b1', '--cron', '0 9 * * 1-5', '--tz', 'Europe/Paris');
    expect(code).toBe(0);
    expect(out).toContain('registered sync b1: Message → /tmp/tc-cli-out, on 0 9 * * 1-5 (Europe/Paris)');
    const [scheduler] = await r.queue(QUEUES.plan).getJobSchedulers();
    expect(scheduler).toMatchObject({ key: 'b1', pattern: '0 9 * * 1-5', tz: 'Europe/Paris' });
  });

  it('registered again without a cadence, a scheduled sync runs on demand: its schedule ends, its spec stays', async () => {
    expect((await schedule('b2', '--every', '5s')).code).toBe(0);
    expect((await r.queue(QUEUES.plan).getJobSchedulers()).map((s) => s.key)).toEqual(['b2']);
    const again = await schedule('b2');
    expect([again.code, again.out]).toEqual([0, expect.stringContaining('registered sync b2: Message → /tmp/tc-cli-out, on demand')]);
    expect(await r.queue(QUEUES.plan).getJobSchedulers()).toEqual([]);
    expect(await r.redis.hexists(r.keys.syncs, 'b2')).toBe(1);
  });
});

it('schedule refuses a window that splits the first run into more than 10000 jobs, before anything is stored or planned', async () => {
  const since = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
  const { code, out, err } = await schedule('w3', '--window', '90s', '--since', since, '--now');
  expect(err).toMatch(
    new RegExp(`^\\S+ error: window 90 seconds splits ${since}T00:00:00.000Z\\.\\.\\S+ into more than 10000 jobs; choose a larger --window\n$`),
  );
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(await stored('w3')).toBe(false);
  expect(await r.queue(QUEUES.plan).getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });
});

it('status --sync with a name no sync has says so and lists the registered ones, exit 2', async () => {
  const status = (...args: string[]) => cli('status', '--redis', redisServer.url, ...args);
  expect(await status('--sync', 'nosuch')).toEqual({
    code: 2,
    out: '',
    err: expect.stringMatching(/^\S+ error: --sync 'nosuch' is not a registered sync \(none is: twilio-connector schedule <name> …\)\n$/),
  });
  for (const name of ['b2', 'a1']) expect((await schedule(name)).code).toBe(0);
  expect(await status('--sync', 'nosuch')).toEqual({
    code: 2,
    out: '',
    err: expect.stringMatching(/^\S+ error: --sync 'nosuch' is not a registered sync \(registered: a1, b2\)\n$/),
  });
  expect(await status('--sync', 'b2')).toMatchObject({ code: 0, out: expect.stringMatching(/^b2: Message → \/tmp\/tc-cli-out \(no schedule\)\n/) });
});

it('status --runs N lists at most N runs of each sync; 0 lists none', async () => {
  expect((await schedule('c1')).code).toBe(0);
  await r.redis.rpush(r.keys.runs('c1'), 'c1-n3', 'c1-n2', 'c1-n1');
  const { syncStatus } = await import('../workers/status');
  expect((await syncStatus(r, { sync: 'c1', runs: 2 }))[0].runs.map((x) => x.run)).toEqual(['c1-n3', 'c1-n2']);
  expect((await syncStatus(r, { sync: 'c1', runs: 0 }))[0].runs).toEqual([]);
});

it('a --redis URL naming a database the server lacks, or no database number, is refused: exit 2, nothing stored anywhere', async () => {
  const out = await cli('schedule', 'd1', '--redis', `${redisServer.url}/99`, '--object', 'Message', '--out', '/tmp/tc-cli-out');
  expect([out.code, out.err]).toEqual([2, expect.stringMatching(/error: --redis '\S+\/99': database 99: ERR DB index is out of range/)]);
  expect(await stored('d1')).toBe(false);
  const named = await cli('status', '--redis', `${redisServer.url}/main`);
  expect([named.code, named.err]).toEqual([
    2,
    expect.stringMatching(/--redis '\S+\/main': the path names a database by its number \(redis:\/\/host:port\/2\), not 'main'/),
  ]);
  // A database it has is used, and only that one.
  expect((await cli('schedule', 'd2', '--redis', `${redisServer.url}/3`, '--object', 'Message', '--out', '/tmp/tc-cli-out')).code).toBe(0);
  expect(await stored('d2')).toBe(false);
  const three = new SyncRedis({ url: `${redisServer.url}/3` });
  try {
    expect(await three.redis.hexists(three.keys.syncs, 'd2')).toBe(1);
  } finally {
    await three.close();
  }
});
