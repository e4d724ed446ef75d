/**
 * The book of an auction market: orders wait, possibly crossed, until the
 * batch closes; the clearing (`matching/auction.ts`) then trades them at one
 * price and what is left rests for the next batch. Auction books are small
 * (a batch is tens of orders), so this is a plain array in arrival order.
 */
import type { EventSink } from "../events.js";
import { clearAuction } from "../matching/auction.js";
import { Side, type CancelReason, type Lots, type MarketId, type OrderId, type OwnerId, type Ticks } from "../types.js";
import type { CancelOutcome, RestingOrder } from "./continuous-book.js";

export class AuctionBook {
  /** Open orders in arrival order: the ordered list the clearing is a function of. */
  private book: RestingOrder[] = [];
  nextSeq = 1;
  /** Last clearing price (0 = none yet): the reference price of the next clearing. */
  lastPrice = 0;

  constructor(
    readonly market: MarketId,
    private readonly makerFeeBps: number,
    private readonly takerFeeBps: number,
    private readonly sink: EventSink,
  ) {}

  has(id: number): boolean {
    return this.book.some((o) => o.id === id);
  }

  orderCount(): number {
    return this.book.length;
  }

  ownerOf(id: number): number {
    return this.book.find((o) => o.id === id)?.owner ?? -1;
  }

  add(id: OrderId, owner: OwnerId, side: Side, price: number, size: number, expiry: number, ioc: boolean): void {
    this.book.push({ id, owner, side, price, size, remaining: size, expiry, seq: this.nextSeq++, ioc });
    this.emitLevel(side, price);
  }

  cancel(id: number, reason: CancelReason, owner: number): CancelOutcome {
    const order = this.book.find((o) => o.id === id);
    if (order === undefined) return "unknown-order";
    if (owner >= 0 && order.owner !== owner) return "not-owner";
    this.drop([order], reason);
    return "cancelled";
  }

  cancelOwner(owner: number, reason: CancelReason): void {
    this.drop(
      this.book.filter((o) => o.owner === owner),
      reason,
    );
  }

  expire(now: number): void {
    const due = this.book
      .filter((o) => o.expiry !== 0 && o.expiry <= now)
      .sort((a, b) => a.expiry - b.expiry || a.seq - b.seq);
    for (const order of due) {
      this.book = this.book.filter((o) => o !== order);
      this.sink.expired(this.market, order.id as OrderId, order.remaining as Lots);
      this.emitLevel(order.side, order.price);
    }
  }

  /**
   * Clears the batch: a `batch` event and one `batchOrder` event per order of the list (the clearing's exact
   * input, in order: what a proof of the batch commits to), a `cleared` event, then the fills (and self-trade
   * decrements) in pairing order, then the cancellation of IOC remainders,
   * then one level event per changed level (bids then asks, ascending price).
   */
  close(): void {
    const orders = this.book;
    this.sink.batch(this.market, this.lastPrice as Ticks, orders.length);
    orders.forEach((o, slot) => {
      this.sink.batchOrder(
        this.market,
        slot,
        o.id as OrderId,
        o.owner as OwnerId,
        o.side,
        o.price as Ticks,
        o.remaining as Lots,
      );
    });
    const result = clearAuction(
      orders.map((o) => ({ side: o.side, price: o.price, size: o.remaining, owner: o.owner })),
      this.lastPrice,
    );
    this.sink.cleared(this.market, result.price as Ticks, result.volume as Lots);
    const touched = new Set<RestingOrder>();
    for (const m of result.matches) {
      const maker = orders[Math.min(m.buy, m.sell)];
      const taker = orders[Math.max(m.buy, m.sell)];
      maker.remaining -= m.qty;
      taker.remaining -= m.qty;
      touched.add(maker).add(taker);
      if (m.selfTrade) {
        this.sink.cancelled(this.market, maker.id as OrderId, "self-trade", m.qty as Lots, maker.remaining as Lots);
        this.sink.cancelled(this.market, taker.id as OrderId, "self-trade", m.qty as Lots, taker.remaining as Lots);
      } else {
        this.sink.fill(
          this.market,
          maker.id as OrderId,
          taker.id as OrderId,
          maker.owner as OwnerId,
          taker.owner as OwnerId,
          taker.side,
          result.price as Ticks,
          m.qty as Lots,
          this.makerFeeBps,
          this.takerFeeBps,
        );
      }
    }
    for (const o of orders) {
      if (o.ioc && o.remaining > 0) {
        this.sink.cancelled(this.market, o.id as OrderId, "unfilled", o.remaining as Lots, 0 as Lots);
        o.remaining = 0;
        touched.add(o);
      }
    }
    if (result.price > 0) this.lastPrice = result.price;
    this.book = orders.filter((o) => o.remaining > 0);
    const levels = [...new Set([...touched].map((o) => o.side * 2 ** 40 + o.price))].sort((a, b) => a - b);
    for (const key of levels) this.emitLevel(key >= 2 ** 40 ? Side.Sell : Side.Buy, key % 2 ** 40);
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

  private drop(gone: RestingOrder[], reason: CancelReason): void {
    for (const order of gone) {
      this.book = this.book.filter((o) => o !== order);
      this.sink.cancelled(this.market, order.id as OrderId, reason, order.remaining as Lots, 0 as Lots);
      this.emitLevel(order.side, order.price);
    }
  }

  private levelTotal(side: Side, price: number): number {
    return this.book.filter((o) => o.side === side && o.price === price).reduce((sum, o) => sum + o.remaining, 0);
  }

  private emitLevel(side: Side, price: number): void {
    this.sink.level(this.market, side, price as Ticks, this.levelTotal(side, price) as Lots);
  }
}
