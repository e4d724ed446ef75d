/**
 * A hash map from a non-negative safe integer key to a positive int32 value,
 * in one typed array: open addressing with linear probing, key and value side
 * by side (one cache line per probe), Fibonacci hashing, backward-shift
 * deletion (no tombstones). Lookups, inserts and deletes allocate nothing; the
 * table only allocates when it grows past half full.
 */
export class IdIndex {
  /** entries[2i] = key, entries[2i + 1] = value (0 = empty slot). */
  private entries: Float64Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.entries = new Float64Array(cap * 2);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  /** Home slot of a key: the high bits of a multiplicative hash of its two 32-bit halves. */
  private home(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  /** The value stored for `key`, or 0. */
  get(key: number): number {
    const entries = this.entries;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      const v = entries[2 * i + 1];
      if (v === 0 || entries[2 * i] === key) return v;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` (> 0) for `key`, replacing any previous value. */
  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const entries = this.entries;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      if (entries[2 * i + 1] === 0) {
        entries[2 * i] = key;
        entries[2 * i + 1] = value;
        this.size++;
        return;
      }
      if (entries[2 * i] === key) {
        entries[2 * i + 1] = value;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes `key`; returns its value or 0. */
  delete(key: number): number {
    const entries = this.entries;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      const v = entries[2 * i + 1];
      if (v === 0) return 0;
      if (entries[2 * i] === key) break;
      i = (i + 1) & mask;
    }
    const found = entries[2 * i + 1];
    // Backward shift: pull later entries of the probe run into the hole.
    let hole = i;
    let j = (i + 1) & mask;
    while (entries[2 * j + 1] !== 0) {
      const h = this.home(entries[2 * j]);
      // Entry j may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        entries[2 * hole] = entries[2 * j];
        entries[2 * hole + 1] = entries[2 * j + 1];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    entries[2 * hole] = 0;
    entries[2 * hole + 1] = 0;
    this.size--;
    return found;
  }

  private grow(): void {
    const old = this.entries;
    const cap = (this.mask + 1) * 2;
    this.entries = new Float64Array(cap * 2);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.set(old[i], old[i + 1]);
  }
}
