/**
 * What the engine needs from a continuous-matching book. Two implementations
 * answer it and are tested against each other: the fast `OrderBook` and the
 * naive `ReferenceBook` (engine/reference/).
 */
import type { CancelReason, MarketId, OrderId, OwnerId, SelfTrade, Side } from "../types.js";

/** A resting order as the snapshot records it (implementation details left out). */
export interface RestingOrder {
  id: number;
  owner: number;
  side: Side;
  price: number;
  size: number;
  remaining: number;
  expiry: number;
  /** Insertion number in the book: FIFO order within a level. */
  seq: number;
  /** Auction books only: leaves after the next clearing instead of resting (IOC, market). */
  ioc: boolean;
}

export type CancelOutcome = "cancelled" | "unknown-order" | "not-owner";

export interface ContinuousBook {
  readonly market: MarketId;
  /** Next insertion number. */
  nextSeq: number;
  /** Last traded price (0 = none yet). */
  lastPrice: number;
  /** Lowest and highest price traded by the last `place` call (0 when it did not trade). */
  tradeLow: number;
  tradeHigh: number;

  has(id: OrderId): boolean;
  /** Number of resting orders. */
  orderCount(): number;
  /** Owner of a resting order, or -1. */
  ownerOf(id: OrderId): number;
  /** Highest bid / lowest ask, 0 when that side is empty. */
  bestBid(): number;
  bestAsk(): number;
  /** Would an order of this side and limit fill completely right now (self-trade rules included)? */
  canFill(side: Side, price: number, size: number, owner: OwnerId, stp: SelfTrade): boolean;
  /** Matches an incoming order, then rests its remainder (`rest`) or cancels it as unfilled. */
  place(
    id: OrderId,
    owner: OwnerId,
    side: Side,
    price: number,
    size: number,
    stp: SelfTrade,
    expiry: number,
    rest: boolean,
  ): void;
  /**
   * Cancels a resting order if it exists and, when `owner` ≥ 0, belongs to `owner`.
   * Emits nothing unless it cancels.
   */
  cancel(id: OrderId, reason: CancelReason, owner: number): CancelOutcome;
  /** Cancels all resting orders of `owner`, in insertion order. */
  cancelOwner(owner: OwnerId, reason: CancelReason): void;
  /** Expires every order with 0 < expiry ≤ now, in (expiry, insertion) order. */
  expire(now: number): void;
  /** Resting orders in insertion order. */
  orders(): RestingOrder[];
  /** Rebuilds the book from `orders` (insertion order). */
  restore(orders: readonly RestingOrder[], nextSeq: number, lastPrice: number): void;
  /** Best `n` levels of one side: [price, total] pairs, best first. */
  depth(side: Side, n: number): [number, number][];
  /** Describes the first broken internal invariant, or null. */
  checkInvariants(): string | null;
}
