// One Redis for the distributed mode: BullMQ's queues plus our keys (watermarks,
// leases, sync specs), addressed by a redis:// URL and a key prefix.
import { FlowProducer, Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigurationError } from '../connector';
import { DEFAULT_PREFIX, Keys, QUEUES } from './keys';
import { AccountLeases } from './leases';
import { WatermarkStore } from './state';

export interface RedisTarget {
  /** redis://[user:password@]host:port[/db] or rediss:// */
  url: string;
  prefix?: string;
  /**
   * Workers wait through a Redis restart (commands queue until it is back); the one-shot
   * commands (schedule, status) give up after a few tries instead of hanging.
   */
  waitForRedis?: boolean;
}

/** How the one-shot commands connect: a few quick tries, then the command fails. */
const ONE_SHOT = { maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: (times: number) => (times > 2 ? null : 200) };

export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`--redis '${url}' is not a URL (redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new ConfigurationError(`--redis '${url}': use redis:// or rediss://`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db))
    throw new ConfigurationError(`--redis '${url}': the path names a database by its number (redis://host:port/2), not '${db}'`);
  return url;
}

/** The database a redis:// URL names (its path), if it names one. */
function databaseOf(url: string): number | undefined {
  const db = new URL(url).pathname.replace(/^\//, '');
  return db === '' ? undefined : Number(db);
}

/**
 * Connections to one Redis: `redis` for our keys, `connection` for BullMQ (which opens its
 * own clients: a worker blocks on one). A worker's commands wait through a Redis restart
 * instead of failing (maxRetriesPerRequest: null, as BullMQ requires for workers).
 */
export class SyncRedis {
  readonly keys: Keys;
  readonly redis: Redis;
  readonly connection: ConnectionOptions;
  readonly watermarks: WatermarkStore;
  readonly leases: AccountLeases;
  private readonly queues = new Map<string, Queue>();
  private flows?: FlowProducer;

  constructor(
    readonly target: RedisTarget,
    leaseMs = 30_000,
  ) {
    checkRedisUrl(target.url);
    this.keys = new Keys(target.prefix ?? DEFAULT_PREFIX);
    const options = target.waitForRedis === false ? ONE_SHOT : { maxRetriesPerRequest: null };
    this.connection = { url: target.url, ...options };
    this.redis = new Redis(target.url, options);
    this.redis.on('error', () => undefined); // reconnects by itself; commands wait meanwhile
    this.watermarks = new WatermarkStore(this.redis, this.keys);
    this.leases = new AccountLeases(this.redis, this.keys, leaseMs);
  }

  get prefix(): string {
    return this.keys.prefix;
  }

  /**
   * Refuses a database the server does not have (redis://…/99 where it has 16): ioredis
   * reports the failed SELECT as an error event and goes on in database 0, so a sync would
   * be stored where the URL did not say. @throws ConfigurationError
   */
  async checkDatabase(): Promise<void> {
    const db = databaseOf(this.target.url);
    if (db === undefined) return;
    try {
      await this.redis.select(db);
    } catch (err) {
      throw new ConfigurationError(`--redis '${this.target.url}': database ${db}: ${(err as Error).message}`);
    }
  }

  queue(name: (typeof QUEUES)[keyof typeof QUEUES]): Queue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new Queue(name, { connection: this.connection, prefix: this.prefix })));
    return q;
  }

  get flowProducer(): FlowProducer {
    return (this.flows ??= new FlowProducer({ connection: this.connection, prefix: this.prefix }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.flows?.close();
    this.redis.disconnect();
  }
}
