// A market's aggregated levels as the feed has published them: price ticks → lots per side. It is the feed's own
// read model, changed only by the level events it publishes, so a snapshot taken from it is exactly the state after
// its seq (the engine itself may already be ahead: acknowledgements reach listeners a microtask after apply).
import type { BookSide } from "../wire/feed-messages.js";

export class LevelBook {
  private readonly sides: Record<BookSide, Map<number, number>> = { bid: new Map(), ask: new Map() };

  set(side: BookSide, priceTicks: number, lots: number): void {
    if (lots === 0) this.sides[side].delete(priceTicks);
    else this.sides[side].set(priceTicks, lots);
  }

  /** Levels best first: bids high to low, asks low to high. */
  levels(side: BookSide, depth = Infinity): [number, number][] {
    const sorted = [...this.sides[side]].sort(side === "bid" ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
    return sorted.slice(0, depth);
  }
}
