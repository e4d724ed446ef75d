/**
 * Events: what the engine tells the world. The engine calls an `EventSink`
 * method per event with scalar arguments, so emitting builds no garbage;
 * `RecordingSink` turns the calls into plain event objects for tests, logs and
 * the relayer's publisher.
 */
import type { CancelReason, MarketId, OrderId, OwnerId, Lots, RejectReason, Side, Ticks } from "./types.js";

export interface EventSink {
  accepted(market: MarketId, id: OrderId, owner: OwnerId): void;
  rejected(market: MarketId, id: OrderId, reason: RejectReason): void;
  /** Price is the maker's price (continuous) or the clearing price (auction). */
  fill(
    market: MarketId,
    makerId: OrderId,
    takerId: OrderId,
    makerOwner: OwnerId,
    takerOwner: OwnerId,
    takerSide: Side,
    price: Ticks,
    qty: Lots,
    makerFeeBps: number,
    takerFeeBps: number,
  ): void;
  /** `qty` lots of the order left without trading; `remaining` lots are still live (0 = order gone). */
  cancelled(market: MarketId, id: OrderId, reason: CancelReason, qty: Lots, remaining: Lots): void;
  expired(market: MarketId, id: OrderId, qty: Lots): void;
  /** A stop order's trigger was reached; it now enters the book like a new order. */
  triggered(market: MarketId, id: OrderId): void;
  /** The total resting quantity at (side, price) is now `total`. */
  level(market: MarketId, side: Side, price: Ticks, total: Lots): void;
  /** An auction batch cleared at `price` with `volume` lots matched (price 0: nothing crossed). */
  cleared(market: MarketId, price: Ticks, volume: Lots): void;
  /**
   * An auction batch closes: its clearing takes `orders` orders (the `batchOrder` events that follow) and the
   * reference price `reference` (the last clearing price, 0 before the first). Emitted before `cleared`.
   */
  batch(market: MarketId, reference: Ticks, orders: number): void;
  /** Order `slot` (0-based) of the closing batch's ordered list: the clearing's input, as the circuit commits to it. */
  batchOrder(market: MarketId, slot: number, id: OrderId, owner: OwnerId, side: Side, price: Ticks, size: Lots): void;
}

export type EngineEvent =
  | { type: "accepted"; market: MarketId; id: OrderId; owner: OwnerId }
  | { type: "rejected"; market: MarketId; id: OrderId; reason: RejectReason }
  | {
      type: "fill";
      market: MarketId;
      makerId: OrderId;
      takerId: OrderId;
      makerOwner: OwnerId;
      takerOwner: OwnerId;
      takerSide: Side;
      price: Ticks;
      qty: Lots;
      makerFeeBps: number;
      takerFeeBps: number;
    }
  | { type: "cancelled"; market: MarketId; id: OrderId; reason: CancelReason; qty: Lots; remaining: Lots }
  | { type: "expired"; market: MarketId; id: OrderId; qty: Lots }
  | { type: "triggered"; market: MarketId; id: OrderId }
  | { type: "level"; market: MarketId; side: Side; price: Ticks; total: Lots }
  | { type: "cleared"; market: MarketId; price: Ticks; volume: Lots }
  | { type: "batch"; market: MarketId; reference: Ticks; orders: number }
  | {
      type: "batch-order";
      market: MarketId;
      slot: number;
      id: OrderId;
      owner: OwnerId;
      side: Side;
      price: Ticks;
      size: Lots;
    };

export type FillEvent = Extract<EngineEvent, { type: "fill" }>;
export type BatchEvent = Extract<EngineEvent, { type: "batch" }>;
export type BatchOrderEvent = Extract<EngineEvent, { type: "batch-order" }>;

/** Builds plain event objects. Not for the hot path of a benchmark. */
export class RecordingSink implements EventSink {
  events: EngineEvent[] = [];

  /** Returns the events recorded so far and starts a new list. */
  take(): EngineEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
  accepted(market: MarketId, id: OrderId, owner: OwnerId): void {
    this.events.push({ type: "accepted", market, id, owner });
  }
  rejected(market: MarketId, id: OrderId, reason: RejectReason): void {
    this.events.push({ type: "rejected", market, id, reason });
  }
  fill(
    market: MarketId,
    makerId: OrderId,
    takerId: OrderId,
    makerOwner: OwnerId,
    takerOwner: OwnerId,
    takerSide: Side,
    price: Ticks,
    qty: Lots,
    makerFeeBps: number,
    takerFeeBps: number,
  ): void {
    this.events.push({
      type: "fill",
      market,
      makerId,
      takerId,
      makerOwner,
      takerOwner,
      takerSide,
      price,
      qty,
      makerFeeBps,
      takerFeeBps,
    });
  }
  cancelled(market: MarketId, id: OrderId, reason: CancelReason, qty: Lots, remaining: Lots): void {
    this.events.push({ type: "cancelled", market, id, reason, qty, remaining });
  }
  expired(market: MarketId, id: OrderId, qty: Lots): void {
    this.events.push({ type: "expired", market, id, qty });
  }
  triggered(market: MarketId, id: OrderId): void {
    this.events.push({ type: "triggered", market, id });
  }
  level(market: MarketId, side: Side, price: Ticks, total: Lots): void {
    this.events.push({ type: "level", market, side, price, total });
  }
  cleared(market: MarketId, price: Ticks, volume: Lots): void {
    this.events.push({ type: "cleared", market, price, volume });
  }
  batch(market: MarketId, reference: Ticks, orders: number): void {
    this.events.push({ type: "batch", market, reference, orders });
  }
  batchOrder(market: MarketId, slot: number, id: OrderId, owner: OwnerId, side: Side, price: Ticks, size: Lots): void {
    this.events.push({ type: "batch-order", market, slot, id, owner, side, price, size });
  }
}

/** Discards everything; counts fills so that the work cannot be optimised away. */
export class CountingSink implements EventSink {
  fills = 0;
  other = 0;
  accepted(): void {
    this.other++;
  }
  rejected(): void {
    this.other++;
  }
  fill(): void {
    this.fills++;
  }
  cancelled(): void {
    this.other++;
  }
  expired(): void {
    this.other++;
  }
  triggered(): void {
    this.other++;
  }
  level(): void {
    this.other++;
  }
  cleared(): void {
    this.other++;
  }
  batch(): void {
    this.other++;
  }
  batchOrder(): void {
    this.other++;
  }
}
