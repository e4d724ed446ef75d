// Pure batching: matched fills queue per market, in the order they arrive (sequence order), and a market's queue
// closes into a batch when it holds `maxFills` fills or its oldest fill has waited `maxDelayMs` — the latter only
// while the caller says the market's pipeline has room (otherwise the queue keeps growing, so fills that arrive while
// settlement is behind merge into bigger batches). Time is an input
// (milliseconds), never read here; batch ids are given by the caller (a durable counter), so the same fills, times
// and ids always give the same batches.
import type { SettlementFill } from "./settlement-fill.js";

export interface BatchPolicy {
  /** A batch closes as soon as it holds this many fills (≤ 65,535: fills index orders with 16 bits). */
  readonly maxFills: number;
  /** A batch closes once its oldest fill has waited this long. */
  readonly maxDelayMs: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxFills: 100, maxDelayMs: 1_000 };

export interface ClosedBatch {
  readonly market: number;
  readonly fills: SettlementFill[];
}

interface Queued {
  readonly fill: SettlementFill;
  /** When it arrived. */
  readonly at: number;
}

export class Batcher {
  private readonly queues = new Map<number, Queued[]>();
  private readonly queued = new Set<number>();

  /** `policyOf(market)`: each market's own limits. */
  constructor(private readonly policyOf: (market: number) => BatchPolicy = () => DEFAULT_BATCH_POLICY) {}

  /** Queues a fill that arrived at `now`. A fill id already queued is ignored (an ack and a recovery may both name it). */
  add(fill: SettlementFill, now: number): void {
    if (this.queued.has(fill.fillId)) return;
    this.queued.add(fill.fillId);
    const queue = this.queues.get(fill.market);
    if (queue === undefined) this.queues.set(fill.market, [{ fill, at: now }]);
    else queue.push({ fill, at: now });
  }

  /** Fills queued and not yet taken, all markets. */
  get size(): number {
    return this.queued.size;
  }

  /**
   * Takes every batch due at `now`, markets in ascending id order, each market's full batches first; with `flush`,
   * every queue closes whatever it holds. A queue closes by age only if `hasRoom(market)`. A fill taken is
   * forgotten: the caller stores it with its batch.
   */
  take(now: number, flush = false, hasRoom: (market: number) => boolean = () => true): ClosedBatch[] {
    const out: ClosedBatch[] = [];
    for (const market of [...this.queues.keys()].sort((a, b) => a - b)) {
      const queue = this.queues.get(market)!;
      const { maxFills, maxDelayMs } = this.policyOf(market);
      while (queue.length >= maxFills) out.push(this.close(market, queue, maxFills));
      if (queue.length > 0 && (flush || (now - queue[0].at >= maxDelayMs && hasRoom(market))))
        out.push(this.close(market, queue, queue.length));
      if (queue.length === 0) this.queues.delete(market);
    }
    return out;
  }

  /** When the next batch becomes due by delay (the earliest queue's deadline), or null when nothing is queued. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const [market, queue] of this.queues) {
      const at = queue[0].at + this.policyOf(market).maxDelayMs;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  private close(market: number, queue: Queued[], count: number): ClosedBatch {
    const fills = queue.splice(0, count).map((q) => q.fill);
    for (const f of fills) this.queued.delete(f.fillId);
    return { market, fills };
  }
}
