/**
 * The fast continuous book: price levels reached by index (no tree), intrusive
 * FIFO queues with O(1) cancel by id, pooled order records in typed arrays,
 * and no allocation per command once the pool and tables are sized.
 * Matching itself lives in `matching/continuous.ts`.
 */
import type { EventSink } from "../events.js";
import type { CancelReason, Lots, MarketId, OrderId, OwnerId, Ticks } from "../types.js";
import { Side, type SelfTrade } from "../types.js";
import { canFillTaker, matchTaker } from "../matching/continuous.js";
import type { CancelOutcome, ContinuousBook, RestingOrder } from "./continuous-book.js";
import { ExpiryHeap } from "./expiry-heap.js";
import { IdIndex } from "./id-index.js";
import { LevelTable } from "./level-table.js";
import { OrderPool } from "./order-pool.js";
import { OwnerLists } from "./owner-lists.js";

export interface OrderBookOptions {
  market: MarketId;
  maxPriceTicks: number;
  makerFeeBps: number;
  takerFeeBps: number;
  sink: EventSink;
  /** Pool and id-table size to reserve up front (avoids growth on the hot path). */
  expectedOrders?: number;
}

export class OrderBook implements ContinuousBook {
  readonly market: MarketId;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  readonly sink: EventSink;
  readonly pool: OrderPool;
  readonly ids: IdIndex;
  readonly owners = new OwnerLists();
  readonly bids: LevelTable;
  readonly asks: LevelTable;
  private readonly expiries = new ExpiryHeap();
  private liveWithExpiry = 0;

  nextSeq = 1;
  lastPrice = 0;
  tradeLow = 0;
  tradeHigh = 0;

  constructor(options: OrderBookOptions) {
    this.market = options.market;
    this.makerFeeBps = options.makerFeeBps;
    this.takerFeeBps = options.takerFeeBps;
    this.sink = options.sink;
    const expected = options.expectedOrders ?? 1024;
    this.pool = new OrderPool(expected);
    this.ids = new IdIndex(expected);
    this.bids = new LevelTable(options.maxPriceTicks, true);
    this.asks = new LevelTable(options.maxPriceTicks, false);
  }

  has(id: OrderId): boolean {
    return this.ids.get(id) !== 0;
  }

  orderCount(): number {
    return this.pool.liveCount;
  }

  ownerOf(id: OrderId): number {
    const slot = this.ids.get(id);
    return slot === 0 ? -1 : this.pool.owner[slot];
  }

  bestBid(): number {
    return this.bids.best;
  }

  bestAsk(): number {
    return this.asks.best;
  }

  canFill(side: Side, price: number, size: number, owner: OwnerId, stp: SelfTrade): boolean {
    return canFillTaker(this, side, price, size, owner, stp);
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
    const remaining = matchTaker(this, id, owner, side, price, size, stp);
    if (remaining === 0) return;
    if (rest) {
      this.insert(id, owner, side, price, size, remaining, expiry, this.nextSeq++, false);
      const levels = side === Side.Buy ? this.bids : this.asks;
      this.sink.level(this.market, side, price as Ticks, levels.total[price] as Lots);
    } else {
      this.sink.cancelled(this.market, id, "unfilled", remaining as Lots, 0 as Lots);
    }
  }

  cancel(id: OrderId, reason: CancelReason, owner: number): CancelOutcome {
    const slot = this.ids.get(id);
    if (slot === 0) return "unknown-order";
    if (owner >= 0 && this.pool.owner[slot] !== owner) return "not-owner";
    this.cancelSlot(slot, reason);
    return "cancelled";
  }

  cancelOwner(owner: OwnerId, reason: CancelReason): void {
    let slot = this.owners.first(owner);
    while (slot !== 0) {
      const next = this.pool.ownerNext[slot];
      this.cancelSlot(slot, reason);
      slot = next;
    }
  }

  expire(now: number): void {
    const heap = this.expiries;
    if (heap.topExpiry() > now) return;
    const pool = this.pool;
    while (heap.length > 0 && heap.topExpiry() <= now) {
      const slot = heap.topSlot();
      const seq = heap.topSeq();
      heap.pop();
      if (pool.live[slot] === 0 || pool.seq[slot] !== seq) continue;
      const id = pool.id[slot] as OrderId;
      const remaining = pool.remaining[slot];
      const side = pool.side[slot] as Side;
      const price = pool.price[slot];
      this.removeSlot(slot);
      this.sink.expired(this.market, id, remaining as Lots);
      this.emitLevel(side, price);
    }
  }

  orders(): RestingOrder[] {
    const pool = this.pool;
    const out: RestingOrder[] = [];
    for (let s = 1; s <= pool.highWater; s++) {
      if (pool.live[s] === 0) continue;
      out.push({
        id: pool.id[s],
        owner: pool.owner[s],
        side: pool.side[s] as Side,
        price: pool.price[s],
        size: pool.size[s],
        remaining: pool.remaining[s],
        expiry: pool.expiry[s],
        seq: pool.seq[s],
        ioc: pool.flags[s] !== 0,
      });
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  restore(orders: readonly RestingOrder[], nextSeq: number, lastPrice: number): void {
    for (const o of orders) {
      this.insert(o.id as OrderId, o.owner as OwnerId, o.side, o.price, o.size, o.remaining, o.expiry, o.seq, o.ioc);
    }
    this.nextSeq = nextSeq;
    this.lastPrice = lastPrice;
  }

  depth(side: Side, n: number): [number, number][] {
    const levels = side === Side.Buy ? this.bids : this.asks;
    const out: [number, number][] = [];
    for (let p = levels.best; p !== 0 && out.length < n; p = levels.nextBest(p)) out.push([p, levels.total[p]]);
    return out;
  }

  /** Puts an order at the back of its level (no matching, no event). */
  insert(
    id: OrderId,
    owner: OwnerId,
    side: Side,
    price: number,
    size: number,
    remaining: number,
    expiry: number,
    seq: number,
    ioc: boolean,
  ): number {
    const pool = this.pool;
    const slot = pool.alloc();
    pool.id[slot] = id;
    pool.owner[slot] = owner;
    pool.side[slot] = side;
    pool.price[slot] = price;
    pool.size[slot] = size;
    pool.remaining[slot] = remaining;
    pool.expiry[slot] = expiry;
    pool.seq[slot] = seq;
    pool.flags[slot] = ioc ? 1 : 0;
    (side === Side.Buy ? this.bids : this.asks).append(pool, slot);
    this.owners.append(pool, slot);
    this.ids.set(id, slot);
    if (expiry !== 0) {
      this.liveWithExpiry++;
      this.expiries.push(expiry, seq, slot);
    }
    return slot;
  }

  /** Takes an order out of the book and frees its slot (no event). */
  removeSlot(slot: number): void {
    const pool = this.pool;
    (pool.side[slot] === Side.Buy ? this.bids : this.asks).remove(pool, slot);
    this.owners.remove(pool, slot);
    this.ids.delete(pool.id[slot]);
    if (pool.expiry[slot] !== 0) {
      this.liveWithExpiry--;
      if (this.expiries.length > 2 * this.liveWithExpiry + 64) {
        pool.free(slot);
        this.expiries.compact((s, seq) => pool.live[s] !== 0 && pool.seq[s] === seq);
        return;
      }
    }
    pool.free(slot);
  }

  private cancelSlot(slot: number, reason: CancelReason): void {
    const pool = this.pool;
    const id = pool.id[slot] as OrderId;
    const remaining = pool.remaining[slot];
    const side = pool.side[slot] as Side;
    const price = pool.price[slot];
    this.removeSlot(slot);
    this.sink.cancelled(this.market, id, reason, remaining as Lots, 0 as Lots);
    this.emitLevel(side, price);
  }

  private emitLevel(side: Side, price: number): void {
    const levels = side === Side.Buy ? this.bids : this.asks;
    this.sink.level(this.market, side, price as Ticks, levels.total[price] as Lots);
  }

  checkInvariants(): string | null {
    const pool = this.pool;
    let counted = 0;
    for (const side of [Side.Buy, Side.Sell]) {
      const levels = side === Side.Buy ? this.bids : this.asks;
      const first = side === Side.Buy ? levels.index.prev(levels.head.length - 1) : levels.index.next(0);
      if (Math.max(first, 0) !== levels.best) return `side ${side}: best ${levels.best} but first level ${first}`;
      for (let p = levels.best; p !== 0; p = levels.nextBest(p)) {
        let total = 0;
        let lastSeq = -Infinity;
        let prev = 0;
        if (levels.head[p] === 0) return `side ${side} price ${p}: indexed but empty`;
        for (let s = levels.head[p]; s !== 0; s = pool.next[s]) {
          if (pool.live[s] !== 1) return `slot ${s} in a level but not live`;
          if (pool.prev[s] !== prev) return `slot ${s}: broken prev link`;
          if (pool.side[s] !== side || pool.price[s] !== p) return `slot ${s}: in the wrong level`;
          if (!(pool.seq[s] > lastSeq)) return `price ${p}: FIFO order broken at slot ${s}`;
          const rem = pool.remaining[s];
          if (!(rem > 0) || rem > pool.size[s] || !Number.isSafeInteger(rem))
            return `order ${pool.id[s]}: remaining ${rem}`;
          if (this.ids.get(pool.id[s]) !== s) return `order ${pool.id[s]}: id index points elsewhere`;
          lastSeq = pool.seq[s];
          total += rem;
          prev = s;
          counted++;
        }
        if (levels.tail[p] !== prev) return `price ${p}: tail is not the last order`;
        if (total !== levels.total[p]) return `price ${p}: total ${levels.total[p]} but orders sum to ${total}`;
      }
    }
    if (this.bids.best !== 0 && this.asks.best !== 0 && this.bids.best >= this.asks.best) {
      return `book crossed: bid ${this.bids.best} ≥ ask ${this.asks.best}`;
    }
    if (counted !== pool.liveCount || counted !== this.ids.size) {
      return `counted ${counted} orders, pool has ${pool.liveCount}, id index ${this.ids.size}`;
    }
    return null;
  }
}
