// One socket's private session: its login challenges, the address it logged in as, the orders placed through it,
// and its cancel-on-disconnect option. The gateway (private-gateway.ts) maps events to these methods; `end()` runs
// when the socket goes away.
//
// Cancel-on-disconnect: when the socket disconnects, or no `heartbeat` came for `heartbeatMs` (the gateway then
// disconnects it), `end()` waits for the places in flight on this session to be acknowledged (so none slips in
// after), then submits one engine cancel per order placed through this session that is still open, concurrently
// (they share a group commit). So within heartbeatMs of the last heartbeat (at once on a disconnect the server
// sees) plus one sequencer round trip, those orders are off the book.
import { z } from "zod";
import type { Address, Hex } from "viem";
import { ApiError } from "../errors/index.js";
import type { CancelledAll, CancelledOrder } from "../services/cancel-service.js";
import type { PlacedOrder } from "../services/order-service.js";
import type { Challenge, SessionService } from "../services/session-service.js";
import { HeartbeatWatchdog, type Timers } from "./heartbeat-watchdog.js";
import { errorAnswer, parsePayload, type FaultLog } from "./payload.js";
import type { PrivateFeed } from "./private-feed.js";
import {
  DEFAULT_HEARTBEAT_MS,
  MAX_BATCH_ORDERS,
  MAX_HEARTBEAT_MS,
  MIN_HEARTBEAT_MS,
  type LoginAccepted,
  type LoginChallenge,
  type PlaceAck,
  type SessionOptionsAck,
} from "../wire/private-messages.js";

/** Challenges one socket may hold at once; asking for more forgets the oldest. */
const MAX_CHALLENGES = 4;
/** Above this many remembered hashes, those no longer open are forgotten. */
const PRUNE_PLACED_AT = 1024;

const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `must be 0x and ${bytes} bytes of hex`);
const loginRequest = z.strictObject({
  address: hex(20),
  nonce: hex(32),
  signature: z
    .string()
    .max(2 + 2 * 2048)
    .regex(/^0x([0-9a-fA-F]{2})*$/, "must be 0x-prefixed hex bytes"),
});
const cancelRequest = z.strictObject({ orderHash: hex(32) });
const cancelAllRequest = z.strictObject({ market: z.string().min(1).max(64).optional() });
const batchRequest = z.strictObject({ orders: z.array(z.unknown()).min(1).max(MAX_BATCH_ORDERS) });
const optionsRequest = z.strictObject({
  cancelOnDisconnect: z.boolean(),
  heartbeatMs: z.number().int().min(MIN_HEARTBEAT_MS).max(MAX_HEARTBEAT_MS).optional(),
});

export interface SessionDeps {
  sessions: SessionService;
  feed: Pick<PrivateFeed, "watch" | "unwatch">;
  timers: Timers;
  /** Joins the socket to its account's room (the same tick as `feed.watch`, so no message falls between). */
  join(address: Address): void;
  /** No heartbeat in time: the gateway disconnects the socket (which calls `end`). */
  onHeartbeatMissed(): void;
  /** Where a server fault of one order of a batch goes (the gateway's logs it with the socket's id). */
  logFault?: FaultLog;
}

export class Session {
  private address: Address | null = null;
  private loggingIn = false;
  private ended = false;
  private readonly challenges = new Map<Hex, Challenge>();
  private readonly placed = new Set<Hex>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private cancelOnDisconnect = false;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private readonly watchdog: HeartbeatWatchdog;

  constructor(private readonly deps: SessionDeps) {
    this.watchdog = new HeartbeatWatchdog(deps.timers, deps.onHeartbeatMissed);
  }

  get account(): Address | null {
    return this.address;
  }

  challenge(): LoginChallenge {
    const challenge = this.deps.sessions.challenge();
    this.challenges.set(challenge.nonce, challenge);
    while (this.challenges.size > MAX_CHALLENGES) this.challenges.delete(this.challenges.keys().next().value!);
    return { ...challenge, message: this.deps.sessions.loginTypedData(challenge) };
  }

  /** Consumes the challenge whatever the outcome (single use), verifies, then watches and joins in one tick. */
  async login(payload: unknown): Promise<LoginAccepted> {
    if (this.address !== null || this.loggingIn)
      throw new ApiError("ALREADY_AUTHENTICATED", "This session is already logged in.");
    const request = parsePayload(loginRequest, payload);
    const nonce = request.nonce.toLowerCase() as Hex;
    const challenge = this.challenges.get(nonce);
    if (challenge === undefined)
      throw new ApiError(
        "CHALLENGE_NOT_FOUND",
        "No such challenge: ask auth.challenge; each one is good for one login.",
        { field: "nonce" },
      );
    this.challenges.delete(nonce);
    if (this.deps.sessions.expired(challenge))
      throw new ApiError("CHALLENGE_EXPIRED", "The challenge expired: ask auth.challenge again.", { field: "nonce" });
    const address = request.address.toLowerCase() as Address;
    this.loggingIn = true;
    try {
      await this.deps.sessions.verifyLogin(address, challenge, request.signature as Hex);
    } finally {
      this.loggingIn = false;
    }
    if (this.ended) throw new ApiError("NOT_AUTHENTICATED", "The session ended.");
    this.address = address;
    this.challenges.clear();
    const balances = this.deps.feed.watch(address);
    this.deps.join(address);
    return { address, seq: this.deps.sessions.lastSeq(), balances };
  }

  place(payload: unknown): Promise<PlacedOrder> {
    const account = this.requireLogin();
    // Remembered inside the tracked promise: `end()` waiting for it then sees the hash.
    return this.track(
      this.deps.sessions.place(account, payload).then((placed) => {
        this.remember(placed.orderHash);
        return placed;
      }),
    );
  }

  /** Every order placed at once, so they share the sequencer's group commit; results in request order. */
  async placeBatch(payload: unknown): Promise<{ results: PlaceAck[] }> {
    this.requireLogin();
    const { orders } = parsePayload(batchRequest, payload);
    const results = await Promise.all(
      orders.map((body) => this.place(body).catch((error: unknown) => errorAnswer(error, this.deps.logFault))),
    );
    return { results };
  }

  cancel(payload: unknown): Promise<CancelledOrder> {
    const account = this.requireLogin();
    const { orderHash } = parsePayload(cancelRequest, payload);
    return this.deps.sessions.cancel(account, orderHash as Hex);
  }

  cancelAll(payload: unknown): Promise<CancelledAll> {
    const account = this.requireLogin();
    const { market } = parsePayload(cancelAllRequest, payload);
    return this.deps.sessions.cancelAll(account, market);
  }

  options(payload: unknown): SessionOptionsAck {
    this.requireLogin();
    const { cancelOnDisconnect, heartbeatMs } = parsePayload(optionsRequest, payload);
    this.cancelOnDisconnect = cancelOnDisconnect;
    this.heartbeatMs = heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (cancelOnDisconnect) this.watchdog.start(this.heartbeatMs);
    else this.watchdog.stop();
    return { cancelOnDisconnect, heartbeatMs: this.heartbeatMs };
  }

  heartbeat(): void {
    this.watchdog.beat();
  }

  /** The socket is gone: stop, and with cancel-on-disconnect cancel this session's open orders. Returns them. */
  async end(): Promise<Hex[]> {
    if (this.ended) return [];
    this.ended = true;
    this.watchdog.stop();
    this.challenges.clear();
    const account = this.address;
    if (account === null) return [];
    this.deps.feed.unwatch(account);
    await Promise.allSettled([...this.inFlight]);
    if (!this.cancelOnDisconnect) return [];
    return this.deps.sessions.cancelOpen(account, this.placed);
  }

  private requireLogin(): Address {
    if (this.address === null || this.ended)
      throw new ApiError("NOT_AUTHENTICATED", "Log in first (auth.challenge, auth.login).");
    return this.address;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const settled = () => void this.inFlight.delete(promise);
    promise.then(settled, settled);
    return promise;
  }

  private remember(hash: Hex): void {
    this.placed.add(hash);
    if (this.placed.size <= PRUNE_PLACED_AT) return;
    for (const h of this.placed) if (!this.deps.sessions.isOpen(h)) this.placed.delete(h);
  }
}
