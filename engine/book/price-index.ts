/**
 * Which price levels are non-empty: a hierarchical bitset over 0 … size-1.
 * Each word of a level summarises 32 words of the level below, so finding the
 * next non-empty level above or below a price takes a few word operations,
 * never a scan of the empty levels in between, and never a tree.
 */
export class PriceIndex {
  /** layers[0] has one bit per price; layers[k+1] one bit per word of layers[k]. */
  private readonly layers: Int32Array[];

  constructor(size: number) {
    const layers: Int32Array[] = [];
    let n = size;
    do {
      const words = Math.ceil(n / 32);
      layers.push(new Int32Array(words));
      n = words;
    } while (n > 1);
    this.layers = layers;
  }

  has(i: number): boolean {
    return (this.layers[0][i >>> 5] & (1 << (i & 31))) !== 0;
  }

  set(i: number): void {
    const layers = this.layers;
    for (let k = 0; k < layers.length; k++) {
      const w = i >>> 5;
      const before = layers[k][w];
      layers[k][w] = before | (1 << (i & 31));
      if (before !== 0) return;
      i = w;
    }
  }

  clear(i: number): void {
    const layers = this.layers;
    for (let k = 0; k < layers.length; k++) {
      const w = i >>> 5;
      const after = layers[k][w] & ~(1 << (i & 31));
      layers[k][w] = after;
      if (after !== 0) return;
      i = w;
    }
  }

  /** Smallest set index ≥ i, or -1. */
  next(i: number): number {
    const layers = this.layers;
    let k = 0;
    for (;;) {
      const layer = layers[k];
      const w = i >>> 5;
      if (w >= layer.length) return -1;
      const bits = layer[w] & (-1 << (i & 31));
      if (bits !== 0) {
        let j = (w << 5) + ctz(bits);
        while (k > 0) {
          k--;
          j = (j << 5) + ctz(layers[k][j]);
        }
        return j;
      }
      if (k === layers.length - 1) return -1;
      k++;
      i = w + 1;
    }
  }

  /** Largest set index ≤ i, or -1. */
  prev(i: number): number {
    if (i < 0) return -1;
    const layers = this.layers;
    let k = 0;
    for (;;) {
      const layer = layers[k];
      let w = i >>> 5;
      let bits: number;
      if (w >= layer.length) {
        w = layer.length - 1;
        bits = layer[w];
      } else {
        bits = layer[w] & (-1 >>> (31 - (i & 31)));
      }
      if (bits !== 0) {
        let j = (w << 5) + 31 - Math.clz32(bits);
        while (k > 0) {
          k--;
          j = (j << 5) + 31 - Math.clz32(layers[k][j]);
        }
        return j;
      }
      if (k === layers.length - 1 || w === 0) return -1;
      k++;
      i = w - 1;
    }
  }
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}
