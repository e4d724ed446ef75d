// Book deltas (and trades) of one market, gathered for a short window and sent as one message. Without it, 1,000
// updates/s to 1,000 subscribers is a million socket writes a second; with a 20 ms window it is at most 50 messages
// per subscriber per second, each carrying every change of its window.
//
// A coalesced book message carries `prevSeq` (the seq a client's book must be at, or past, to apply it) and `seq`
// (the feed seq it brings the book to). Its changes are level totals as of `seq` (the last change of each level), so
// applying it to any book at a seq in [prevSeq, seq] gives the book at `seq`: a snapshot taken in the middle of a
// window stays consistent with the message that closes it.
import type { BookDelta, LevelChange, TradesMessage } from "./messages.js";

interface Pending<T> {
  message: T;
  timer: NodeJS.Timeout;
}

export class Coalescer<T extends { market: string; seq: number; prevSeq?: number }> {
  private readonly pending = new Map<string, Pending<T>>();

  constructor(
    /** 0 sends every message at once. */
    private readonly windowMs: number,
    private readonly merge: (earlier: T, later: T) => T,
    private readonly emit: (message: T) => void,
  ) {}

  push(message: T): void {
    const withPrev = { ...message, prevSeq: message.prevSeq ?? message.seq - 1 };
    if (this.windowMs <= 0) return this.emit(withPrev);
    const pending = this.pending.get(message.market);
    if (pending !== undefined) {
      pending.message = this.merge(pending.message, withPrev);
      return;
    }
    const timer = setTimeout(() => this.flush(message.market), this.windowMs);
    this.pending.set(message.market, { message: withPrev, timer });
  }

  /** Sends what is pending for `market` now (or for every market). */
  flush(market?: string): void {
    for (const key of market === undefined ? [...this.pending.keys()] : [market]) {
      const pending = this.pending.get(key);
      if (pending === undefined) continue;
      clearTimeout(pending.timer);
      this.pending.delete(key);
      this.emit(pending.message);
    }
  }

  /** Drops what is pending, without sending it. */
  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

/** Two consecutive book deltas → one: the later total of each level wins, levels in first-change order. */
export function mergeBookDeltas(earlier: BookDelta, later: BookDelta): BookDelta {
  const levels = new Map<string, LevelChange>();
  for (const change of [...earlier.changes, ...later.changes]) {
    const key = `${change.side}:${change.priceTicks}`;
    levels.delete(key); // re-inserted last: a level's final total is applied after any earlier change of it
    levels.set(key, change);
  }
  return { market: earlier.market, prevSeq: earlier.prevSeq, seq: later.seq, changes: [...levels.values()] };
}

/** Two consecutive trades messages → one, trades in order. */
export function mergeTrades(earlier: TradesMessage, later: TradesMessage): TradesMessage {
  return { market: earlier.market, prevSeq: earlier.prevSeq, seq: later.seq, trades: [...earlier.trades, ...later.trades] };
}
