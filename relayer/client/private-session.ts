// The client side of the private channel (for the SDK): log in over an open socket.io connection by signing the
// relayer's challenge, then place and cancel with acks, and listen to the account's `order`, `fill`, `balance`,
// `settlement` and (auction markets) `receipt` messages. Socket-only; the REST SDK is separate.
//
//   const session = await PrivateSession.login(socket, account);
//   session.on("fill", (fill) => …);
//   const placed = await session.place(signedOrderBody);     // the POST /v1/orders 201 body
//   await session.setOptions({ cancelOnDisconnect: true });   // sends heartbeats itself
//
// An error ack becomes a thrown PrivateSessionError with the API's code (docs/api-errors.md); batch results keep
// their per-order errors in place.
import type { Socket } from "socket.io-client";
import type { WireInclusionReceipt } from "../wire/published-batch.js";
import type { Hex } from "viem";
import { loginTypedData } from "../../protocol/index.js";
import type { CancelledAll, CancelledOrder, PlacedOrder } from "../wire/orders.js";
import { isFeedError } from "../wire/feed-messages.js";
import type { ApiErrorCode } from "../wire/error-codes.js";
import type { TypedDataSigner } from "./signer.js";
import type {
  BalanceEntry,
  BalanceUpdate,
  FillNotice,
  LoginAccepted,
  LoginChallenge,
  OrderUpdate,
  PlaceAck,
  SessionOptionsAck,
  SessionOptionsRequest,
  SettlementNotice,
} from "../wire/private-messages.js";

export interface PrivateEvents {
  order: OrderUpdate;
  fill: FillNotice;
  balance: BalanceUpdate;
  settlement: SettlementNotice;
  /** An auction batch closed with one of the account's orders: the operator's signed inclusion receipt
   *  (check it with verifyInclusionReceipt against the batch's published list). */
  receipt: WireInclusionReceipt;
}

export interface PrivateSessionOptions {
  /** Ack timeout, ms (default 10000). */
  timeoutMs?: number;
}

export interface SessionSettings extends SessionOptionsRequest {
  /** Send `heartbeat` every heartbeatMs / 3 while cancel-on-disconnect is on (default true). */
  autoHeartbeat?: boolean;
}

export class PrivateSessionError extends Error {
  override readonly name = "PrivateSessionError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Who signs the login: a viem local account, or anything that signs typed data for an address. */
/** Whatever signs the login challenge: a viem local account, or a wallet client through walletClientSigner. */
export type LoginSigner = TypedDataSigner;

export class PrivateSession {
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  private constructor(
    readonly socket: Socket,
    readonly address: Hex,
    /** The account's balances when it logged in (then follow `balance`). */
    readonly balances: BalanceEntry[],
    /** The sequencer's seq at login. */
    readonly seq: number,
    private readonly timeoutMs: number,
  ) {
    socket.on("disconnect", () => this.stopHeartbeat());
  }

  /**
   * Asks for a challenge, signs the Login with `account` and logs in. The typed data is built here from the
   * relayer's domain and nonce, with the Login type this client knows, so a relayer cannot have another type signed.
   */
  static async login(
    socket: Socket,
    account: LoginSigner,
    options: PrivateSessionOptions = {},
  ): Promise<PrivateSession> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const challenge = await request<LoginChallenge>(socket, timeoutMs, "auth.challenge", {});
    const login = { address: account.address, nonce: challenge.nonce, expiresAt: BigInt(challenge.expiresAt) };
    const typed = loginTypedData(challenge.message.domain, login);
    // An object literal for the message: an interface has no index signature, and viem's type wants one (signer.ts).
    const signature = await account.signTypedData({ ...typed, message: { ...typed.message } });
    const accepted = await request<LoginAccepted>(socket, timeoutMs, "auth.login", {
      address: account.address,
      nonce: challenge.nonce,
      signature,
    });
    return new PrivateSession(socket, accepted.address, accepted.balances, accepted.seq, timeoutMs);
  }

  on<E extends keyof PrivateEvents>(event: E, listener: (message: PrivateEvents[E]) => void): () => void {
    const handler = listener as (...args: unknown[]) => void;
    this.socket.on(event as string, handler);
    return () => void this.socket.off(event as string, handler);
  }

  /** One signed order (the POST /v1/orders body); resolves with the 201 body. Its maker must be this session's address. */
  place(order: unknown): Promise<PlacedOrder> {
    return request(this.socket, this.timeoutMs, "orders.place", order);
  }

  /** Up to 100 signed orders at once; each result is a 201 body or `{ error }`, in order. */
  async placeBatch(orders: unknown[]): Promise<PlaceAck[]> {
    return (await request<{ results: PlaceAck[] }>(this.socket, this.timeoutMs, "orders.placeBatch", { orders }))
      .results;
  }

  cancel(orderHash: Hex): Promise<CancelledOrder> {
    return request(this.socket, this.timeoutMs, "orders.cancel", { orderHash });
  }

  /** Every open order of this address, in `market` (e.g. "WETH-USDC") or in all. */
  cancelAll(market?: string): Promise<CancelledAll> {
    return request(this.socket, this.timeoutMs, "orders.cancelAll", market === undefined ? {} : { market });
  }

  /** Cancel-on-disconnect on or off; while on, heartbeats go out every heartbeatMs / 3 unless `autoHeartbeat: false`. */
  async setOptions(settings: SessionSettings): Promise<SessionOptionsAck> {
    const { autoHeartbeat = true, ...options } = settings;
    const ack = await request<SessionOptionsAck>(this.socket, this.timeoutMs, "session.options", options);
    this.stopHeartbeat();
    if (ack.cancelOnDisconnect && autoHeartbeat) {
      this.heartbeat = setInterval(() => this.socket.emit("heartbeat"), Math.max(1, Math.floor(ack.heartbeatMs / 3)));
    }
    return ack;
  }

  /** Stops the heartbeats and disconnects (with cancel-on-disconnect, the relayer cancels this session's orders). */
  close(): void {
    this.stopHeartbeat();
    this.socket.disconnect();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

async function request<T>(socket: Socket, timeoutMs: number, event: string, payload: unknown): Promise<T> {
  const ack: unknown = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  if (isFeedError(ack)) throw new PrivateSessionError(ack.error.code, ack.error.message, ack.error.field);
  return ack as T;
}
