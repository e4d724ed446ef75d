/**
 * Resting order records as a structure of typed arrays, indexed by slot
 * (1-based: slot 0 means "none", so zero-filled arrays need no initialisation).
 * Freed slots are reused through a free list; the arrays only allocate when
 * the pool grows, which a caller can avoid by sizing it up front.
 */
export class OrderPool {
  capacity: number;
  /** Caller's order id. */
  id!: Float64Array;
  owner!: Float64Array;
  /** Index of the owner's entry in the book's owner table. */
  ownerIdx!: Int32Array;
  price!: Int32Array;
  side!: Uint8Array;
  /** 1 while the slot holds a live order. */
  live!: Uint8Array;
  /** 1 if the order never rests across a batch (IOC in an auction book). */
  flags!: Uint8Array;
  size!: Float64Array;
  remaining!: Float64Array;
  /** Unix seconds, 0 = never. */
  expiry!: Float64Array;
  /** Insertion number in the book: FIFO order within a level. */
  seq!: Float64Array;
  /** Doubly-linked FIFO within the price level (also the free list, through `next`). */
  prev!: Int32Array;
  next!: Int32Array;
  /** Doubly-linked list of the owner's orders, in insertion order. */
  ownerPrev!: Int32Array;
  ownerNext!: Int32Array;

  private freeHead = 0;
  /** Highest slot ever handed out. */
  highWater = 0;
  liveCount = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = 0;
    this.resize(Math.max(16, initialCapacity));
  }

  alloc(): number {
    let slot = this.freeHead;
    if (slot !== 0) {
      this.freeHead = this.next[slot];
    } else {
      if (this.highWater + 1 >= this.capacity) this.resize(this.capacity * 2);
      slot = ++this.highWater;
    }
    this.live[slot] = 1;
    this.liveCount++;
    return slot;
  }

  free(slot: number): void {
    this.live[slot] = 0;
    this.prev[slot] = 0;
    this.ownerPrev[slot] = 0;
    this.ownerNext[slot] = 0;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.liveCount--;
  }

  private resize(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(old: T | undefined, make: (n: number) => T): T => {
      const fresh = make(capacity);
      if (old !== undefined) fresh.set(old);
      return fresh;
    };
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    const u8 = (n: number) => new Uint8Array(n);
    this.id = grow(this.id, f64);
    this.owner = grow(this.owner, f64);
    this.ownerIdx = grow(this.ownerIdx, i32);
    this.price = grow(this.price, i32);
    this.side = grow(this.side, u8);
    this.live = grow(this.live, u8);
    this.flags = grow(this.flags, u8);
    this.size = grow(this.size, f64);
    this.remaining = grow(this.remaining, f64);
    this.expiry = grow(this.expiry, f64);
    this.seq = grow(this.seq, f64);
    this.prev = grow(this.prev, i32);
    this.next = grow(this.next, i32);
    this.ownerPrev = grow(this.ownerPrev, i32);
    this.ownerNext = grow(this.ownerNext, i32);
    this.capacity = capacity;
  }
}
