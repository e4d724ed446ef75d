/**
 * Value types, enums, commands and reason codes of the matching engine.
 *
 * Everything inside the engine is a safe integer: prices are ticks, quantities
 * lots, times unix seconds. Token amounts (bigint) only appear in `units.ts`.
 */

declare const brand: unique symbol;
/** A number the compiler will not mix up with another kind of number. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Price in integer ticks: one lot trades for `price × market.tickSize` quote units. */
export type Ticks = Brand<number, "Ticks">;
/** Quantity in integer lots: one lot is `market.lotSize` base units. */
export type Lots = Brand<number, "Lots">;
/** Caller-assigned order id (a sequence number; the order hash stays outside the engine). */
export type OrderId = Brand<number, "OrderId">;
/** Caller-assigned account id. */
export type OwnerId = Brand<number, "OwnerId">;
/** Caller-assigned market id. */
export type MarketId = Brand<number, "MarketId">;
/** Unix time in seconds. */
export type Seconds = Brand<number, "Seconds">;

export const ticks = (n: number): Ticks => n as Ticks;
export const lots = (n: number): Lots => n as Lots;
export const orderId = (n: number): OrderId => n as OrderId;
export const ownerId = (n: number): OwnerId => n as OwnerId;
export const marketId = (n: number): MarketId => n as MarketId;
export const seconds = (n: number): Seconds => n as Seconds;

/** Same encoding as the signed order: buy = 0, sell = 1. */
export const Side = { Buy: 0, Sell: 1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderKind = { Limit: 0, Market: 1, StopLimit: 2, StopMarket: 3 } as const;
export type OrderKind = (typeof OrderKind)[keyof typeof OrderKind];

/**
 * GTD is GTC with a non-zero expiry. IOC and FOK never rest. GTC, IOC and FOK
 * have the signed order's encoding; GTD is the engine's name for GTC + expiry.
 */
export const TimeInForce = { GTC: 0, IOC: 1, FOK: 2, GTD: 3 } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** Self-trade prevention, chosen by the incoming (taker) order. */
export const SelfTrade = { CancelTaker: 0, CancelMaker: 1, CancelBoth: 2, Decrement: 3 } as const;
export type SelfTrade = (typeof SelfTrade)[keyof typeof SelfTrade];

export type MatchingMode = "continuous" | "auction";

/** Fields every command carries: the sequencer's number and the time it assigned. */
export interface CommandBase {
  readonly seq: number;
  readonly time: Seconds;
}

/** Place an order. Every order carries a limit: for market orders it is the protective worst price. */
export interface PlaceCommand extends CommandBase {
  readonly type: "place";
  readonly market: MarketId;
  readonly id: OrderId;
  readonly owner: OwnerId;
  readonly side: Side;
  readonly kind: OrderKind;
  /** Limit price; for market and stop-market orders the worst acceptable price. */
  readonly price: Ticks;
  readonly size: Lots;
  readonly tif: TimeInForce;
  /** Unix seconds, 0 = never. An order expires when a command's time reaches it. */
  readonly expiry: Seconds;
  readonly postOnly: boolean;
  /** Trigger price for stop orders, 0 otherwise. */
  readonly stopPrice: Ticks;
  readonly stp: SelfTrade;
  /** Highest fee rate the signer accepts, in basis points. */
  readonly maxFeeBps: number;
}

export interface CancelCommand extends CommandBase {
  readonly type: "cancel";
  readonly market: MarketId;
  readonly id: OrderId;
  /** When given, the cancel is rejected unless the order belongs to this owner. */
  readonly owner?: OwnerId;
}

export interface CancelAllCommand extends CommandBase {
  readonly type: "cancel-all";
  readonly owner: OwnerId;
  /** Only this market; all markets when absent. */
  readonly market?: MarketId;
}

/** Time advances: every order whose expiry is ≤ `time` expires, in every market. */
export interface ExpireCommand extends CommandBase {
  readonly type: "expire";
}

/** Close the current batch of an auction market: clear it at one uniform price. */
export interface CloseBatchCommand extends CommandBase {
  readonly type: "close-batch";
  readonly market: MarketId;
}

export type Command = PlaceCommand | CancelCommand | CancelAllCommand | ExpireCommand | CloseBatchCommand;

/** Why a command was refused. Grouped by the subsystem that refuses it. */
export type RejectReason =
  // validation
  | "unknown-market"
  | "invalid-id"
  | "invalid-owner"
  | "invalid-side"
  | "invalid-kind"
  | "invalid-price"
  | "invalid-size"
  | "below-min-size"
  | "invalid-time-in-force"
  | "invalid-expiry"
  | "invalid-stop-price"
  | "invalid-self-trade-mode"
  | "invalid-fee-cap"
  | "post-only-not-allowed"
  | "not-supported-in-auction"
  | "not-an-auction-market"
  | "duplicate-id"
  | "already-expired"
  // fees
  | "fee-cap-exceeded"
  // risk
  | "risk-rejected"
  // matching
  | "post-only-would-take"
  | "stop-would-trigger"
  // cancels
  | "unknown-order"
  | "not-owner";

/** Why (part of) an accepted order left the book without trading. */
export type CancelReason =
  | "user"
  | "cancel-all"
  | "self-trade"
  | "unfilled" // IOC / market remainder
  | "fok-unfilled"
  | "post-only-would-take"; // a triggered post-only stop-limit that would take
