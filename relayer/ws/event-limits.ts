// Rate limits of the socket.io events anyone may send without logging in: `subscribe` and `unsubscribe` (public
// feed) and `auth.challenge` and `auth.login` (private sessions). Each costs one token of the socket's bucket and one
// of its IP's (all the IP's sockets share it), so neither many events on one socket nor many sockets from one host
// outrun them. A refused event is answered through its ack with RATE_LIMITED, as HTTP answers 429 (the message says
// when to retry), and does nothing. Signed operations after login pay the per-address bucket instead
// (relayer/http/rate-limit.ts).
import type { Socket } from "socket.io";
import { RateLimitedError } from "../errors/index.js";
import {
  checkBucketConfig,
  retryAfter,
  TokenBucket,
  TokenBuckets,
  type BucketConfig,
  type RateLimitConfig,
} from "../http/rate-limit.js";

export interface SocketEventLimitConfig {
  perSocket: BucketConfig;
  perIp: BucketConfig;
}

/**
 * A client subscribing to every channel of a few dozen markets at once stays within the burst; a loop sending
 * challenges or resubscribing does not. (A book snapshot per subscribe is the costly part.)
 */
export const DEFAULT_SOCKET_EVENT_LIMITS: SocketEventLimitConfig = {
  perSocket: { capacity: 100, refillPerSecond: 10 },
  perIp: { capacity: 500, refillPerSecond: 100 },
};

/** Throws RateLimitedError when the socket may not send one more unauthenticated event now. */
export type SocketEventGate = (socket: Socket) => void;

export class SocketEventLimits {
  private readonly config: SocketEventLimitConfig;
  private readonly clock: () => number;
  private readonly ips: TokenBuckets;
  /** Each socket's bucket lives as long as the socket does. */
  private readonly sockets = new WeakMap<Socket, TokenBucket>();

  constructor(config: Pick<RateLimitConfig, "socketEvents" | "clock" | "maxBuckets">) {
    this.config = config.socketEvents ?? DEFAULT_SOCKET_EVENT_LIMITS;
    this.clock = config.clock ?? (() => performance.now());
    this.ips = new TokenBuckets(this.config.perIp, this.clock, config.maxBuckets);
    checkBucketConfig(this.config.perSocket); // now, not at the first event
  }

  readonly gate: SocketEventGate = (socket) => {
    let bucket = this.sockets.get(socket);
    if (bucket === undefined) this.sockets.set(socket, (bucket = new TokenBucket(this.config.perSocket, this.clock)));
    const wait = bucket.take();
    if (wait > 0) throw new RateLimitedError("socket", retryAfter(wait));
    const ipWait = this.ips.take(socket.handshake.address);
    if (ipWait > 0) throw new RateLimitedError("client", retryAfter(ipWait));
  };
}
