// Book deltas (and trades) of one market, gathered for a short window and sent as one message. Without it, 1,000
// updates/s to 1,000 subscribers is a million socket writes a second; with a 20 ms window it is at most 50 messages
// per subscriber per second, each carrying every change of its window.
//
// A coalesced book message carries `prevSeq` (the seq a client's book must be at, or past, to apply it) and `seq`
// (the feed seq it brings the book to). Its changes are level totals as of `seq` (the last change of each level), so
// applying it to any book at a seq in [prevSeq, seq] gives the book at `seq`: a snapshot taken in the middle of a
// window stays consistent with the message that closes it.
import type { BookDelta, LevelChange, TradesMessage } from "../wire/feed-messages.js";

interface Pending<T> {
  /** The window's messages, merged once when it closes: merging each into the last would cost O(n²). */
  messages: T[];
  timer: NodeJS.Timeout;
}

export class Coalescer<T extends { market: string; seq: number; prevSeq?: number }> {
  private readonly pending = new Map<string, Pending<T>>();

  constructor(
    /** 0 sends every message at once. */
    private readonly windowMs: number,
    /** Consecutive messages (at least two) → one. */
    private readonly merge: (messages: readonly T[]) => T,
    private readonly emit: (message: T) => void,
  ) {}

  push(message: T): void {
    const withPrev = { ...message, prevSeq: message.prevSeq ?? message.seq - 1 };
    if (this.windowMs <= 0) return this.emit(withPrev);
    const pending = this.pending.get(message.market);
    if (pending !== undefined) {
      pending.messages.push(withPrev);
      return;
    }
    const timer = setTimeout(() => this.flush(message.market), this.windowMs);
    this.pending.set(message.market, { messages: [withPrev], timer });
  }

  /** Sends what is pending for `market` now (or for every market). */
  flush(market?: string): void {
    for (const key of market === undefined ? [...this.pending.keys()] : [market]) {
      const pending = this.pending.get(key);
      if (pending === undefined) continue;
      clearTimeout(pending.timer);
      this.pending.delete(key);
      const { messages } = pending;
      this.emit(messages.length === 1 ? messages[0] : this.merge(messages));
    }
  }

  /** Drops what is pending, without sending it. */
  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

/** Consecutive book deltas → one: the last total of each level wins, levels in the order of their last change. */
export function mergeBookDeltas(deltas: readonly BookDelta[]): BookDelta {
  const levels = new Map<string, LevelChange>();
  for (const delta of deltas) {
    for (const change of delta.changes) {
      const key = `${change.side}:${change.priceTicks}`;
      levels.delete(key); // re-inserted last: a level's final total is applied after any earlier change of it
      levels.set(key, change);
    }
  }
  const first = deltas[0];
  return {
    market: first.market,
    prevSeq: first.prevSeq,
    seq: deltas[deltas.length - 1].seq,
    changes: [...levels.values()],
  };
}

/** Consecutive trades messages → one, trades in order. */
export function mergeTrades(messages: readonly TradesMessage[]): TradesMessage {
  const first = messages[0];
  return {
    market: first.market,
    prevSeq: first.prevSeq,
    seq: messages[messages.length - 1].seq,
    trades: messages.flatMap((m) => m.trades),
  };
}
