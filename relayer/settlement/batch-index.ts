// The continuous settler's batches in memory, as last stored: every batch (the read endpoints), the open ones (what
// each step walks), and the batch that names each fill (settled, pending or isolated).
import type { Hex } from "viem";
import type { StoredBatch } from "./settlement-store.js";
import { isOpenState, type SettlementState } from "./states.js";

/** Where one fill stands in settlement (GET /v1/fills): its batch's state and, once in a block, the transaction. */
export interface FillSettlement {
  state: SettlementState | "queued" | "skipped";
  batchId: string | null;
  txHash: Hex | null;
}

const byId = (a: StoredBatch, b: StoredBatch) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

export class BatchIndex {
  private readonly batches = new Map<string, StoredBatch>();
  private readonly openBatches = new Map<string, StoredBatch>();
  private readonly batchOf = new Map<number, string>();

  /** Takes `b` as the batch's latest stored value. */
  remember(b: StoredBatch): void {
    this.batches.set(b.id, b);
    if (isOpenState(b.state)) this.openBatches.set(b.id, b);
    else this.openBatches.delete(b.id);
    for (const f of b.fills) this.batchOf.set(f.fillId, b.id);
    for (const f of b.isolated) this.batchOf.set(f.fillId, b.id);
  }

  get(id: string): StoredBatch | undefined {
    return this.batches.get(id);
  }

  /** The latest stored value of `b`. */
  latest(b: StoredBatch): StoredBatch {
    return this.batches.get(b.id) ?? b;
  }

  /** Every batch, by ascending id. */
  list(): StoredBatch[] {
    return [...this.batches.values()].sort(byId);
  }

  /** The batches not yet final or isolated, by ascending id. */
  open(): StoredBatch[] {
    return [...this.openBatches.values()].sort(byId);
  }

  /** The open batches, in no order (cheaper than `open()` where order does not matter). */
  eachOpen(): IterableIterator<StoredBatch> {
    return this.openBatches.values();
  }

  get openCount(): number {
    return this.openBatches.size;
  }

  names(fillId: number): boolean {
    return this.batchOf.has(fillId);
  }

  countIn(state: SettlementState): number {
    let n = 0;
    for (const b of this.batches.values()) if (b.state === state) n++;
    return n;
  }

  /**
   * The settlement state of a fill a batch names: its batch's state; "skipped" when the contract skipped it
   * (FillSkipped) in a final batch; "isolated" when it was taken out before sending. Undefined if none names it.
   */
  fillState(fillId: number): FillSettlement | undefined {
    const batchId = this.batchOf.get(fillId);
    const b = batchId === undefined ? undefined : this.batches.get(batchId);
    if (b === undefined) return undefined;
    if (b.isolated.some((f) => f.fillId === fillId)) return { state: "isolated", batchId: b.id, txHash: null };
    return {
      state: b.state === "final" && b.skipped.includes(fillId) ? "skipped" : b.state,
      batchId: b.id,
      txHash: b.inclusion?.txHash ?? null,
    };
  }
}
