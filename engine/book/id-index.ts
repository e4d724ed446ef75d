/**
 * A hash map from a non-negative safe integer key to a positive int32 value,
 * in typed arrays: open addressing, linear probing, backward-shift deletion
 * (no tombstones). Lookups, inserts and deletes allocate nothing; the table
 * only allocates when it grows.
 */
export class IdIndex {
  private keys: Float64Array;
  private vals: Int32Array; // 0 = empty slot
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private home(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The value stored for `key`, or 0. */
  get(key: number): number {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      const v = vals[i];
      if (v === 0) return 0;
      if (keys[i] === key) return v;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` (> 0) for `key`, replacing any previous value. */
  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      if (vals[i] === 0) {
        keys[i] = key;
        vals[i] = value;
        this.size++;
        return;
      }
      if (keys[i] === key) {
        vals[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes `key`; returns its value or 0. */
  delete(key: number): number {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.home(key);
    for (;;) {
      const v = vals[i];
      if (v === 0) return 0;
      if (keys[i] === key) break;
      i = (i + 1) & mask;
    }
    const found = vals[i];
    // Backward-shift: pull later entries of the probe run into the hole.
    let hole = i;
    let j = (i + 1) & mask;
    while (vals[j] !== 0) {
      const h = this.home(keys[j]);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const inRange = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!inRange) {
        keys[hole] = keys[j];
        vals[hole] = vals[j];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    vals[hole] = 0;
    keys[hole] = 0;
    this.size--;
    return found;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldVals.length * 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldVals.length; i++) if (oldVals[i] !== 0) this.set(oldKeys[i], oldVals[i]);
  }
}
