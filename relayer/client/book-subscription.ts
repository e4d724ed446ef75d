// The client side of the book feed (for the SDK): subscribes to `book:<market>`, keeps a local book from the
// snapshot and the deltas, and when a delta starts after the local seq (`prevSeq` > seq: a message lost) resubscribes
// for a fresh snapshot. Deltas at or below the local seq are stale (sent before the snapshot) and skipped.
import type { Socket } from "socket.io-client";
import type { ApiErrorCode } from "../wire/error-codes.js";
import {
  isFeedError,
  type BookDelta,
  type BookSide,
  type BookSnapshot,
  type BookSubscribeAck,
  type WireLevel,
} from "../wire/feed-messages.js";

export interface BookSubscriptionOptions {
  /** Called after every snapshot and applied delta. */
  onUpdate?: (book: BookSubscription) => void;
  /** Called when a gap was seen, before the resync. */
  onGap?: (expected: number, got: number) => void;
  /** Test hook: a delta for which this returns true is treated as never received. */
  drop?: (delta: BookDelta) => boolean;
  /** Ack timeout for subscribe, ms (default 5000). */
  timeoutMs?: number;
}

export class BookSubscriptionError extends Error {
  override readonly name = "BookSubscriptionError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class BookSubscription {
  private readonly levels: Record<BookSide, Map<number, WireLevel>> = { bid: new Map(), ask: new Map() };
  private current = -1;
  private syncing: Promise<void> | null = null;
  private closed = false;
  /** How many snapshots were taken (1 + resyncs). */
  snapshots = 0;
  private readonly onDelta = (delta: BookDelta) => this.delta(delta);
  private readonly onReconnect = () => void this.resync().catch(() => {});

  private constructor(
    private readonly socket: Socket,
    readonly market: string,
    private readonly options: BookSubscriptionOptions,
  ) {}

  /** Subscribes and resolves once the first snapshot is in. */
  static async open(socket: Socket, market: string, options: BookSubscriptionOptions = {}): Promise<BookSubscription> {
    const sub = new BookSubscription(socket, market, options);
    socket.on("book", sub.onDelta);
    socket.io.on("reconnect", sub.onReconnect);
    try {
      await sub.resync();
    } catch (error) {
      sub.detach();
      throw error;
    }
    return sub;
  }

  /** The seq the local book reflects. */
  get seq(): number {
    return this.current;
  }

  /** The local book, best first, in the REST book's shape. */
  book(depth = Infinity): BookSnapshot {
    const sorted = (side: BookSide) =>
      [...this.levels[side].values()]
        .sort(side === "bid" ? (a, b) => b.priceTicks - a.priceTicks : (a, b) => a.priceTicks - b.priceTicks)
        .slice(0, depth);
    return { market: this.market, seq: this.current, bids: sorted("bid"), asks: sorted("ask") };
  }

  /** Resolves when no resync is in flight. */
  async synced(): Promise<void> {
    while (this.syncing !== null) await this.syncing;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.detach();
    if (this.socket.connected)
      await this.socket
        .timeout(this.options.timeoutMs ?? 5000)
        .emitWithAck("unsubscribe", { channel: "book", market: this.market })
        .catch(() => {});
  }

  private detach(): void {
    this.socket.off("book", this.onDelta);
    this.socket.io.off("reconnect", this.onReconnect);
  }

  /**
   * Takes a fresh snapshot; deltas that arrive meanwhile were sent before it and are skipped. The snapshot is
   * applied inside the ack callback (not a promise continuation), so a delta read right after it is not missed.
   */
  private resync(): Promise<void> {
    if (this.syncing !== null) return this.syncing;
    const run = new Promise<void>((resolve, reject) => {
      this.socket
        .timeout(this.options.timeoutMs ?? 5000)
        .emit("subscribe", { channel: "book", market: this.market }, (timeout: Error | null, ack: BookSubscribeAck) => {
          this.syncing = null;
          if (timeout) return reject(timeout);
          if (isFeedError(ack)) return reject(new BookSubscriptionError(ack.error.code, ack.error.message));
          this.levels.bid.clear();
          this.levels.ask.clear();
          for (const level of ack.bids) this.levels.bid.set(level.priceTicks, level);
          for (const level of ack.asks) this.levels.ask.set(level.priceTicks, level);
          this.current = ack.seq;
          this.snapshots++;
          this.options.onUpdate?.(this);
          resolve();
        });
    });
    this.syncing = run;
    return run;
  }

  private delta(delta: BookDelta): void {
    if (this.closed || delta.market !== this.market || this.syncing !== null) return;
    if (this.options.drop?.(delta)) return;
    if (delta.seq <= this.current) return;
    // A coalesced delta applies to any book at a seq in [prevSeq, seq] (its changes are level totals as of seq).
    const prevSeq = delta.prevSeq ?? delta.seq - 1;
    if (prevSeq > this.current) {
      this.options.onGap?.(this.current + 1, prevSeq + 1);
      void this.resync().catch(() => {});
      return;
    }
    for (const change of delta.changes) {
      const { side, ...level } = change;
      if (level.lots === 0) this.levels[side].delete(level.priceTicks);
      else this.levels[side].set(level.priceTicks, level);
    }
    this.current = delta.seq;
    this.options.onUpdate?.(this);
  }
}
