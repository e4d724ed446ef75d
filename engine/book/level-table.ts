/**
 * One side of the book: price levels in dense arrays indexed by tick, each an
 * intrusive FIFO of order slots (links live in the pool), with its total
 * resting quantity, and a bitset index to step to the next non-empty level.
 */
import type { OrderPool } from "./order-pool.js";
import { PriceIndex } from "./price-index.js";

export class LevelTable {
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly total: Float64Array;
  readonly index: PriceIndex;
  /** Best price on this side (highest bid / lowest ask); 0 when the side is empty. */
  best = 0;

  constructor(
    maxPrice: number,
    private readonly isBid: boolean,
  ) {
    this.head = new Int32Array(maxPrice + 1);
    this.tail = new Int32Array(maxPrice + 1);
    this.total = new Float64Array(maxPrice + 1);
    this.index = new PriceIndex(maxPrice + 1);
  }

  /** Appends `slot` (its price and remaining already set) at the back of its level. */
  append(pool: OrderPool, slot: number): void {
    const price = pool.price[slot];
    const tail = this.tail[price];
    pool.prev[slot] = tail;
    pool.next[slot] = 0;
    if (tail === 0) {
      this.head[price] = slot;
      this.index.set(price);
      if (this.best === 0 || (this.isBid ? price > this.best : price < this.best)) this.best = price;
    } else {
      pool.next[tail] = slot;
    }
    this.tail[price] = slot;
    this.total[price] += pool.remaining[slot];
  }

  /** Unlinks `slot` from its level and takes its remaining quantity off the level's total. */
  remove(pool: OrderPool, slot: number): void {
    const price = pool.price[slot];
    const prev = pool.prev[slot];
    const next = pool.next[slot];
    if (prev === 0) this.head[price] = next;
    else pool.next[prev] = next;
    if (next === 0) this.tail[price] = prev;
    else pool.prev[next] = prev;
    this.total[price] -= pool.remaining[slot];
    if (this.head[price] === 0) {
      this.total[price] = 0;
      this.index.clear(price);
      if (price === this.best) this.best = this.nextBest(price);
    }
  }

  /** The next non-empty price after `price`, moving away from the spread; 0 if none. */
  nextBest(price: number): number {
    const p = this.isBid ? this.index.prev(price - 1) : this.index.next(price + 1);
    return Math.max(p, 0);
  }
}
