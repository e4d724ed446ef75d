// The private channel's wire shapes (after `auth.login`), shared by the gateway (relayer/ws/) and the client
// (relayer/client/private-session.ts). Amounts are decimal strings in token units, as in the REST API; `seq` is the
// sequencer's seq of the command that caused the message, so one account's messages come in seq order.
import type { BalanceEntry } from "./balances.js";
import type { Hex } from "viem";
import type { EIP712_DOMAIN_TYPES, LOGIN_TYPES } from "../../protocol/index.js";
import type { CancelledAll, CancelledOrder, OrderStatus, PlacedOrder } from "./orders.js";
import type { FeedError } from "./feed-messages.js";

// ----- login -----

/** `auth.challenge` answers this: sign `typedData` with `message.address` set to the account (EIP-712 Login). */
export interface LoginChallenge {
  nonce: Hex;
  /** Unix seconds; a login after it is refused with CHALLENGE_EXPIRED. */
  expiresAt: number;
  message: {
    domain: { name: string; version: string; chainId: number; verifyingContract: Hex };
    /** Login and EIP712Domain (eth_signTypedData_v4 hashes the domain with the fields listed here). */
    types: typeof LOGIN_TYPES & typeof EIP712_DOMAIN_TYPES;
    primaryType: "Login";
    /** The Login to sign, without `address` (the signer's). */
    message: { nonce: Hex; expiresAt: number };
  };
}

export interface LoginRequest {
  address: Hex;
  nonce: Hex;
  signature: Hex;
}

/** `auth.login` answers this: the session's account, and its balances as of `seq` (or later). */
export interface LoginAccepted {
  address: Hex;
  seq: number;
  balances: BalanceEntry[];
}

// ----- server → client, to room account:<address> -----

/** One token's balance of the account: the shape of GET /v1/balances/:address's entries (one definition). */
export type { BalanceEntry };

/** `order`: an order of the account after one sequenced command (its whole state, not a delta). */
export interface OrderUpdate {
  orderHash: Hex;
  market: string;
  side: "buy" | "sell";
  status: Exclude<OrderStatus, "pending">;
  /** Base units filled so far and still on the book (0 once the order left it). */
  filled: string;
  remaining: string;
  seq: number;
  /** Why it left the book without trading (cancelled only): user, cancel-all, self-trade, unfilled, … */
  reason?: string;
  /** The API error code the engine's refusal maps to (rejected only). */
  code?: string;
}

/** `fill`: one fill as the account's own order saw it (a self-trade gives two, one per side). */
export interface FillNotice {
  fillId: number | null;
  seq: number;
  market: string;
  orderHash: Hex;
  side: "buy" | "sell";
  role: "maker" | "taker";
  priceTicks: number;
  lots: number;
  baseAmount: string;
  quoteAmount: string;
  /** The account's fee: in base when it bought, in quote when it sold. */
  fee: string;
  feeToken: string;
}

/** `balance`: the tokens whose balance one sequenced command changed, each in full. */
export interface BalanceUpdate {
  address: Hex;
  /** The balances are read when the command at `seq` is published: they include it (and may include the next few). */
  seq: number;
  balances: BalanceEntry[];
}

export type SettlementState = "submitted" | "included" | "final";

/** `settlement`: fills of the account reached a settlement state (published by the settlement pipeline). */
export interface SettlementNotice {
  fillIds: number[];
  state: SettlementState;
  txHash: Hex;
}

// ----- client → server operations (acks) -----

export type PlaceAck = PlacedOrder | FeedError;
export interface PlaceBatchRequest {
  orders: unknown[];
}
export type PlaceBatchAck = { results: PlaceAck[] } | FeedError;
export interface CancelRequest {
  orderHash: Hex;
}
export type CancelAck = CancelledOrder | FeedError;
export interface CancelAllRequest {
  /** A market id (e.g. "WETH-USDC"); every market when absent. */
  market?: string;
}
export type CancelAllAck = CancelledAll | FeedError;

export interface SessionOptionsRequest {
  cancelOnDisconnect: boolean;
  /** Milliseconds between heartbeats the server waits for (1000 … 60000; 10000 by default). */
  heartbeatMs?: number;
}
export interface SessionOptionsAck {
  cancelOnDisconnect: boolean;
  heartbeatMs: number;
}

/** The largest `orders.placeBatch`. */
export const MAX_BATCH_ORDERS = 100;
export const DEFAULT_HEARTBEAT_MS = 10_000;
export const MIN_HEARTBEAT_MS = 1_000;
export const MAX_HEARTBEAT_MS = 60_000;

export const accountRoom = (address: string) => `account:${address.toLowerCase()}`;
