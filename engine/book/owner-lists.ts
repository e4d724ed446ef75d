/**
 * Each owner's resting orders as an intrusive list in insertion order (links
 * live in the pool), so that cancel-all touches only that owner's orders.
 */
import { IdIndex } from "./id-index.js";
import type { OrderPool } from "./order-pool.js";

export class OwnerLists {
  private readonly index = new IdIndex(256);
  private head = new Int32Array(256);
  private tail = new Int32Array(256);
  private count = 0;

  /** First order slot of `owner` (0 if none). */
  first(owner: number): number {
    const idx = this.index.get(owner);
    return idx === 0 ? 0 : this.head[idx];
  }

  append(pool: OrderPool, slot: number): void {
    const owner = pool.owner[slot];
    let idx = this.index.get(owner);
    if (idx === 0) {
      idx = ++this.count;
      if (idx >= this.head.length) this.grow();
      this.index.set(owner, idx);
    }
    pool.ownerIdx[slot] = idx;
    const tail = this.tail[idx];
    pool.ownerPrev[slot] = tail;
    pool.ownerNext[slot] = 0;
    if (tail === 0) this.head[idx] = slot;
    else pool.ownerNext[tail] = slot;
    this.tail[idx] = slot;
  }

  remove(pool: OrderPool, slot: number): void {
    const idx = pool.ownerIdx[slot];
    const prev = pool.ownerPrev[slot];
    const next = pool.ownerNext[slot];
    if (prev === 0) this.head[idx] = next;
    else pool.ownerNext[prev] = next;
    if (next === 0) this.tail[idx] = prev;
    else pool.ownerPrev[next] = prev;
  }

  private grow(): void {
    const h = new Int32Array(this.head.length * 2);
    h.set(this.head);
    const t = new Int32Array(this.tail.length * 2);
    t.set(this.tail);
    this.head = h;
    this.tail = t;
  }
}
