// Token-bucket rate limits, in memory: one bucket per client IP (every /v1 request, a batch costs one token per
// order) and one per signer address (order, cancel and withdrawal posts, taken once the signature is checked, so
// nobody can spend another address's tokens with messages they cannot sign). A refused request is
// 429 RATE_LIMITED with Retry-After. The clock is injected (milliseconds), so tests refill a bucket without sleeping.
// socket.io events anyone may send without logging in have their own pair of limits (relayer/ws/event-limits.ts).
import type { Request, RequestHandler } from "express";
import type { Address } from "viem";
import { RateLimitedError } from "../errors/index.js";
import type { SocketEventLimitConfig } from "../ws/event-limits.js";

export interface BucketConfig {
  /** Tokens a full bucket holds: the burst allowed. */
  capacity: number;
  /** Tokens added per second, up to `capacity`. */
  refillPerSecond: number;
}

export interface RateLimitConfig {
  perIp: BucketConfig;
  perAddress: BucketConfig;
  /** socket.io events before or without a login (relayer/ws/event-limits.ts); DEFAULT_SOCKET_EVENT_LIMITS if absent. */
  socketEvents?: SocketEventLimitConfig;
  /** Milliseconds; `performance.now` by default. */
  clock?: () => number;
  /** Buckets kept per kind before full ones are forgotten (a full bucket is the same as no bucket). */
  maxBuckets?: number;
}

/**
 * Generous: a market maker quoting hard from one host never meets them (the relayer admits ~1,000 orders/s on two
 * cores), a runaway client does. Benchmarks switch limits off (`false`).
 */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perIp: { capacity: 5_000, refillPerSecond: 2_000 },
  perAddress: { capacity: 1_000, refillPerSecond: 500 },
};

const DEFAULT_MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  /** Clock reading of the last refill. */
  at: number;
}

/** Throws RangeError for a bucket that could never admit anything. */
export function checkBucketConfig(config: BucketConfig): void {
  if (!(config.capacity >= 1) || !(config.refillPerSecond > 0)) {
    throw new RangeError(`a bucket needs capacity >= 1 and refillPerSecond > 0, got ${JSON.stringify(config)}`);
  }
}

/** Refills `bucket` up to `now`, then takes `cost` tokens: 0 when they were there, else the milliseconds until they will be. */
function takeFrom(bucket: Bucket, config: BucketConfig, now: number, cost: number): number {
  const { capacity, refillPerSecond } = config;
  const need = Math.min(cost, capacity);
  bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * refillPerSecond) / 1000);
  bucket.at = now;
  if (bucket.tokens >= need) {
    bucket.tokens -= need;
    return 0;
  }
  return ((need - bucket.tokens) * 1000) / refillPerSecond;
}

/** One bucket, owned by what it limits (a socket): it goes away with its owner, so nothing needs forgetting. */
export class TokenBucket {
  private readonly bucket: Bucket;

  constructor(
    private readonly config: BucketConfig,
    private readonly clock: () => number,
  ) {
    checkBucketConfig(config);
    this.bucket = { tokens: config.capacity, at: clock() };
  }

  /** As TokenBuckets.take, for this bucket. */
  take(cost = 1): number {
    return takeFrom(this.bucket, this.config, this.clock(), cost);
  }
}

/** Buckets of one kind, by key. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly config: BucketConfig,
    private readonly clock: () => number,
    private readonly maxBuckets = DEFAULT_MAX_BUCKETS,
  ) {
    checkBucketConfig(config);
  }

  /**
   * Takes `cost` tokens from `key`'s bucket: 0 when they were there, else the milliseconds until they will be
   * (nothing is taken then). A cost above the capacity is charged as the capacity (a full bucket admits it).
   */
  take(key: string, cost = 1): number {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxBuckets) this.forgetFull(now);
      bucket = { tokens: this.config.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    return takeFrom(bucket, this.config, now, cost);
  }

  get size(): number {
    return this.buckets.size;
  }

  private forgetFull(now: number): void {
    const { capacity, refillPerSecond } = this.config;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * refillPerSecond) / 1000 >= capacity) this.buckets.delete(key);
    }
  }
}

/** The relayer's two limits; `perIp` is express middleware, `gate` the per-address check the services call. */
export class RateLimits {
  private readonly ips: TokenBuckets;
  private readonly addresses: TokenBuckets;

  constructor(config: RateLimitConfig) {
    const clock = config.clock ?? (() => performance.now());
    this.ips = new TokenBuckets(config.perIp, clock, config.maxBuckets);
    this.addresses = new TokenBuckets(config.perAddress, clock, config.maxBuckets);
  }

  /** Middleware: one token of the client's IP per request. */
  readonly perIp: RequestHandler = (req, _res, next) => {
    this.takeIp(req, 1);
    next();
  };

  /** Takes `cost` tokens of the request's IP (express's `req.ip`, or a plain node request's socket address); throws RateLimitedError (429) when they are not there. */
  takeIp(req: Pick<Request, "socket"> & { ip?: string }, cost: number): void {
    const wait = this.ips.take(req.ip ?? req.socket.remoteAddress ?? "unknown", cost);
    if (wait > 0) throw new RateLimitedError("client", retryAfter(wait));
  }

  /** One token of `address`; throws RateLimitedError (429) when it is not there. */
  readonly gate = (address: Address): void => {
    const wait = this.addresses.take(address.toLowerCase());
    if (wait > 0) throw new RateLimitedError("address", retryAfter(wait));
  };
}

export function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
