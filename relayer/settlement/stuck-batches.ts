// Matched batches that cannot go out (docs/settlement.md, `batch-stuck`): since when each has been tried, and those
// tried for `stuckBatchMs` or longer, which no longer hold back the batches and withdrawals after them (they are still
// tried on every step). Each raises its alert once.
import type { StoredBatch } from "./settlement-store.js";

export class StuckBatches {
  private readonly tryingSince = new Map<string, number>();
  private readonly stuck = new Set<string>();

  constructor(
    private readonly stuckBatchMs: number,
    private readonly now: () => number,
    private readonly onStuck: (b: StoredBatch, waitedMs: number, reason: string) => void,
  ) {}

  /** Batches past the bound (relayer_settlement_stuck_batches). */
  get size(): number {
    return this.stuck.size;
  }

  has(batchId: string): boolean {
    return this.stuck.has(batchId);
  }

  /** `batchId` is about to be tried: its wait starts now, unless it started before. */
  trying(batchId: string): void {
    if (!this.tryingSince.has(batchId)) this.tryingSince.set(batchId, this.now());
  }

  /** It left the matched state (sent, or nothing left to send). */
  left(batchId: string): void {
    this.tryingSince.delete(batchId);
    this.stuck.delete(batchId);
  }

  /** It was tried and is still matched (`reason`: the last failure): past the bound, it is stuck. */
  notSent(b: StoredBatch, reason: string): void {
    const waited = this.now() - (this.tryingSince.get(b.id) ?? this.now());
    if (this.stuck.has(b.id) || waited < this.stuckBatchMs) return;
    this.stuck.add(b.id);
    this.onStuck(b, waited, reason);
  }
}
