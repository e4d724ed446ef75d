/**
 * The naive reference book: one array of order objects in insertion order and
 * linear scans for everything. Slow on purpose and short enough to read as
 * the specification of continuous matching; property tests drive it and the
 * fast `OrderBook` with the same commands and require identical events.
 */
import type { CancelOutcome, ContinuousBook, RestingOrder } from "../book/continuous-book.js";
import type { EventSink } from "../events.js";
import {
  SelfTrade,
  Side,
  type CancelReason,
  type Lots,
  type MarketId,
  type OrderId,
  type OwnerId,
  type Ticks,
} from "../types.js";

export interface ReferenceBookOptions {
  market: MarketId;
  makerFeeBps: number;
  takerFeeBps: number;
  sink: EventSink;
}

export class ReferenceBook implements ContinuousBook {
  readonly market: MarketId;
  private readonly makerFeeBps: number;
  private readonly takerFeeBps: number;
  private readonly sink: EventSink;
  /** Every resting order, in insertion order. */
  private book: RestingOrder[] = [];
  nextSeq = 1;
  lastPrice = 0;
  tradeLow = 0;
  tradeHigh = 0;

  constructor(options: ReferenceBookOptions) {
    this.market = options.market;
    this.makerFeeBps = options.makerFeeBps;
    this.takerFeeBps = options.takerFeeBps;
    this.sink = options.sink;
  }

  has(id: OrderId): boolean {
    return this.book.some((o) => o.id === id);
  }

  orderCount(): number {
    return this.book.length;
  }

  ownerOf(id: OrderId): number {
    return this.book.find((o) => o.id === id)?.owner ?? -1;
  }

  bestBid(): number {
    return Math.max(0, ...this.book.filter((o) => o.side === Side.Buy).map((o) => o.price));
  }

  bestAsk(): number {
    const asks = this.book.filter((o) => o.side === Side.Sell).map((o) => o.price);
    return asks.length === 0 ? 0 : Math.min(...asks);
  }

  /** Opposite orders that cross `limit`, in priority order: better price first, then older. */
  private crossing(side: Side, limit: number): RestingOrder[] {
    const isBuy = side === Side.Buy;
    return this.book
      .filter((o) => o.side !== side && (isBuy ? o.price <= limit : o.price >= limit))
      .sort((a, b) => (a.price !== b.price ? (isBuy ? a.price - b.price : b.price - a.price) : a.seq - b.seq));
  }

  canFill(side: Side, price: number, size: number, owner: OwnerId, stp: SelfTrade): boolean {
    let need = size;
    for (const maker of this.crossing(side, price)) {
      if (maker.owner === owner) {
        if (stp !== SelfTrade.CancelMaker) return false;
        continue;
      }
      need -= maker.remaining;
      if (need <= 0) return true;
    }
    return false;
  }

  place(
    id: OrderId,
    owner: OwnerId,
    side: Side,
    price: number,
    size: number,
    stp: SelfTrade,
    expiry: number,
    rest: boolean,
  ): void {
    this.tradeLow = 0;
    this.tradeHigh = 0;
    const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
    let rem = size;
    while (rem > 0) {
      const makers = this.crossing(side, price);
      if (makers.length === 0) break;
      const p = makers[0].price;
      const before = this.levelTotal(makerSide, p);
      for (const maker of makers.filter((m) => m.price === p)) {
        if (rem === 0) break;
        if (maker.owner !== owner) {
          const q = Math.min(rem, maker.remaining);
          this.reduce(maker, q);
          rem -= q;
          this.sink.fill(
            this.market,
            maker.id as OrderId,
            id,
            maker.owner as OwnerId,
            owner,
            side,
            p as Ticks,
            q as Lots,
            this.makerFeeBps,
            this.takerFeeBps,
          );
          this.tradeLow = this.tradeLow === 0 ? p : Math.min(this.tradeLow, p);
          this.tradeHigh = Math.max(this.tradeHigh, p);
          this.lastPrice = p;
        } else if (stp === SelfTrade.CancelTaker) {
          this.sink.cancelled(this.market, id, "self-trade", rem as Lots, 0 as Lots);
          rem = 0;
        } else if (stp === SelfTrade.Decrement) {
          const d = Math.min(rem, maker.remaining);
          this.reduce(maker, d);
          rem -= d;
          this.sink.cancelled(this.market, maker.id as OrderId, "self-trade", d as Lots, maker.remaining as Lots);
          this.sink.cancelled(this.market, id, "self-trade", d as Lots, rem as Lots);
        } else {
          const q = maker.remaining;
          this.reduce(maker, q);
          this.sink.cancelled(this.market, maker.id as OrderId, "self-trade", q as Lots, 0 as Lots);
          if (stp === SelfTrade.CancelBoth) {
            this.sink.cancelled(this.market, id, "self-trade", rem as Lots, 0 as Lots);
            rem = 0;
          }
        }
      }
      const after = this.levelTotal(makerSide, p);
      if (after !== before) this.sink.level(this.market, makerSide, p as Ticks, after as Lots);
    }
    if (rem === 0) return;
    if (rest) {
      this.book.push({ id, owner, side, price, size, remaining: rem, expiry, seq: this.nextSeq++, ioc: false });
      this.sink.level(this.market, side, price as Ticks, this.levelTotal(side, price) as Lots);
    } else {
      this.sink.cancelled(this.market, id, "unfilled", rem as Lots, 0 as Lots);
    }
  }

  cancel(id: OrderId, reason: CancelReason, owner: number): CancelOutcome {
    const order = this.book.find((o) => o.id === id);
    if (order === undefined) return "unknown-order";
    if (owner >= 0 && order.owner !== owner) return "not-owner";
    this.removeWith(order, reason);
    return "cancelled";
  }

  cancelOwner(owner: OwnerId, reason: CancelReason): void {
    for (const order of this.book.filter((o) => o.owner === owner)) this.removeWith(order, reason);
  }

  expire(now: number): void {
    const due = this.book
      .filter((o) => o.expiry !== 0 && o.expiry <= now)
      .sort((a, b) => a.expiry - b.expiry || a.seq - b.seq);
    for (const order of due) {
      this.book = this.book.filter((o) => o !== order);
      this.sink.expired(this.market, order.id as OrderId, order.remaining as Lots);
      this.sink.level(this.market, order.side, order.price as Ticks, this.levelTotal(order.side, order.price) as Lots);
    }
  }

  orders(): RestingOrder[] {
    return this.book.map((o) => ({ ...o }));
  }

  restore(orders: readonly RestingOrder[], nextSeq: number, lastPrice: number): void {
    this.book = orders.map((o) => ({ ...o }));
    this.nextSeq = nextSeq;
    this.lastPrice = lastPrice;
  }

  depth(side: Side, n: number): [number, number][] {
    const prices = [...new Set(this.book.filter((o) => o.side === side).map((o) => o.price))];
    prices.sort((a, b) => (side === Side.Buy ? b - a : a - b));
    return prices.slice(0, n).map((p) => [p, this.levelTotal(side, p)]);
  }

  checkInvariants(): string | null {
    const bid = this.bestBid();
    const ask = this.bestAsk();
    if (bid !== 0 && ask !== 0 && bid >= ask) return `book crossed: bid ${bid} ≥ ask ${ask}`;
    for (const o of this.book) {
      if (!(o.remaining > 0) || o.remaining > o.size) return `order ${o.id}: remaining ${o.remaining} of ${o.size}`;
    }
    return null;
  }

  private levelTotal(side: Side, price: number): number {
    return this.book.filter((o) => o.side === side && o.price === price).reduce((sum, o) => sum + o.remaining, 0);
  }

  private reduce(order: RestingOrder, q: number): void {
    order.remaining -= q;
    if (order.remaining === 0) this.book = this.book.filter((o) => o !== order);
  }

  private removeWith(order: RestingOrder, reason: CancelReason): void {
    this.book = this.book.filter((o) => o !== order);
    this.sink.cancelled(this.market, order.id as OrderId, reason, order.remaining as Lots, 0 as Lots);
    this.sink.level(this.market, order.side, order.price as Ticks, this.levelTotal(order.side, order.price) as Lots);
  }
}
