// The per-Twilio-account concurrency limit every worker shares: a counting semaphore in
// Redis whose slots are leases (a sorted set of holder → expiry, Redis's own clock). A
// fetch job holds one lease while it pages (a Query has one request in flight at a time,
// so leases bound the account's concurrent requests); it renews the lease as it goes and
// releases it at the end. A worker killed mid-job stops renewing, and its slot comes back
// when the lease expires.
//
// Why not BullMQ's own limits: worker `concurrency` is per process; a queue's global
// concurrency and rate limiter count every job of the queue, whatever account it is for;
// per-group limits are BullMQ Pro only.
import type { Redis } from 'ioredis';
import type { Keys } from './keys';

// KEYS: leases   ARGV: holder limit leaseMs  → 1 acquired (or renewed), 0 full
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`;

export interface Lease {
  /** False once a renewal found the lease gone (it expired while this process stalled). */
  readonly held: boolean;
  release(): Promise<void>;
}

export class AccountLeases {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    readonly leaseMs: number,
  ) {}

  /** A lease on one of `limit` slots of the account, or undefined when all are taken. */
  async acquire(accountSid: string, holder: string, limit: number): Promise<Lease | undefined> {
    const key = this.keys.leases(accountSid);
    const take = async () => (await this.redis.eval(ACQUIRE, 1, key, holder, String(limit), String(this.leaseMs))) === 1;
    if (!(await take())) return undefined;
    let held = true;
    const timer = setInterval(
      () => {
        take().then(
          (ok) => void (held = ok),
          () => undefined, // Redis away for a moment: the next renewal tries again
        );
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return {
      get held() {
        return held;
      },
      release: async () => {
        clearInterval(timer);
        await this.redis.zrem(key, holder);
      },
    };
  }

  /** Leases held now (status). */
  async holders(accountSid: string): Promise<number> {
    const key = this.keys.leases(accountSid);
    const replies = await this.redis.multi().zremrangebyscore(key, '-inf', Date.now()).zcard(key).exec();
    return Number(replies?.[1]?.[1] ?? 0);
  }
}
