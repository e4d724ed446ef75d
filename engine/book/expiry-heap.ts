/**
 * Orders with an expiry, as a binary min-heap on (expiry, seq) in typed arrays.
 * Entries are not removed when their order leaves the book; the book checks an
 * entry is still current (same slot, same seq) when it surfaces, and the heap
 * is rebuilt from the live entries when stale ones outnumber them.
 * (expiry, seq) is a total order, so what pops first never depends on the
 * heap's layout: a restored book expires orders in the same order.
 */
export class ExpiryHeap {
  private expiry = new Float64Array(64);
  private seq = new Float64Array(64);
  private slot = new Int32Array(64);
  length = 0;

  push(expiry: number, seq: number, slot: number): void {
    if (this.length === this.slot.length) this.grow();
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(expiry, seq, this.expiry[parent], this.seq[parent])) break;
      this.move(parent, i);
      i = parent;
    }
    this.expiry[i] = expiry;
    this.seq[i] = seq;
    this.slot[i] = slot;
  }

  /** Expiry of the top entry (Infinity when empty). */
  topExpiry(): number {
    return this.length === 0 ? Infinity : this.expiry[0];
  }
  topSeq(): number {
    return this.seq[0];
  }
  topSlot(): number {
    return this.slot[0];
  }

  pop(): void {
    const n = --this.length;
    if (n === 0) return;
    const e = this.expiry[n];
    const s = this.seq[n];
    const sl = this.slot[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(this.expiry[c + 1], this.seq[c + 1], this.expiry[c], this.seq[c])) c++;
      if (!this.less(this.expiry[c], this.seq[c], e, s)) break;
      this.move(c, i);
      i = c;
    }
    this.expiry[i] = e;
    this.seq[i] = s;
    this.slot[i] = sl;
  }

  /** Keeps only the entries for which `keep(slot, seq)` holds. */
  compact(keep: (slot: number, seq: number) => boolean): void {
    const entries: [number, number, number][] = [];
    for (let i = 0; i < this.length; i++) {
      if (keep(this.slot[i], this.seq[i])) entries.push([this.expiry[i], this.seq[i], this.slot[i]]);
    }
    this.length = 0;
    for (const [e, s, sl] of entries) this.push(e, s, sl);
  }

  private less(e1: number, s1: number, e2: number, s2: number): boolean {
    return e1 < e2 || (e1 === e2 && s1 < s2);
  }

  private move(from: number, to: number): void {
    this.expiry[to] = this.expiry[from];
    this.seq[to] = this.seq[from];
    this.slot[to] = this.slot[from];
  }

  private grow(): void {
    const n = this.slot.length * 2;
    const e = new Float64Array(n);
    e.set(this.expiry);
    const s = new Float64Array(n);
    s.set(this.seq);
    const sl = new Int32Array(n);
    sl.set(this.slot);
    this.expiry = e;
    this.seq = s;
    this.slot = sl;
  }
}
