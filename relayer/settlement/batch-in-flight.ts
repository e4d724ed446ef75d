// The continuous settler's batches in flight: submitted → included (a success receipt among its transactions) →
// final at N confirmations, with fills-settled (fills-reverted for the fills the contract skipped) through the
// sequencer; back to matched when its transaction reverted, its nonce went to another, or a reorg dropped its block
// (it is simulated and sent again: same batch id, so the contract can never settle it twice).
import type { Hex } from "viem";
import type { SettlementAlert } from "./events.js";
import { recordFinal } from "./fill-records.js";
import type { BatchIn, StoredBatch } from "./settlement-store.js";
import type { SettlerTrading } from "./settler-options.js";
import type { TransactionLifecycle } from "./transaction-lifecycle.js";

export interface BatchInFlightOptions {
  readonly lifecycle: TransactionLifecycle;
  readonly trading: SettlerTrading;
  /** Stores a batch's new value (and tells the listeners); returns it as stored. */
  readonly save: <B extends StoredBatch>(b: B, txHash: Hex | null) => Promise<B>;
  readonly alert: (alert: SettlementAlert) => void;
  readonly onReorg?: () => void;
  /** A batch became final (the match-to-final histogram). */
  readonly onFinal?: (b: BatchIn<"final">) => void;
}

export class BatchInFlight {
  constructor(private readonly options: BatchInFlightOptions) {}

  /** Follows a submitted batch (transaction-lifecycle.ts); `restarted`: the first step since the process started. Returns it as it stands. */
  async follow(b: BatchIn<"submitted">, head: bigint, restarted: boolean): Promise<StoredBatch> {
    const { lifecycle, save, alert } = this.options;
    let now: StoredBatch = b;
    const replaced = async (txs: BatchIn<"submitted">["txs"]) => {
      now = await save({ ...b, txs }, txs[txs.length - 1].hash);
    };
    const followed = await lifecycle.follow(BigInt(b.id), b.txs, b.calldata, head, restarted, replaced);
    const { txs } = followed;
    if (followed.kind === "pending") return now;
    if (followed.kind === "included") {
      const { inclusion, skippedIndices } = followed;
      const included = await save(
        { ...b, txs, state: "included", inclusion, skipped: skippedIndices.map((i) => b.fills[i].fillId) },
        inclusion.txHash,
      );
      return this.track(included, head);
    }
    // Simulated fine, reverted in its block: the state changed in between. Simulate (and isolate) again.
    if (followed.kind === "reverted") alert({ kind: "batch-reverted", batchId: b.id, txHash: followed.txHash });
    return save({ ...b, txs, state: "matched", inclusion: null, skipped: [] }, null);
  }

  /** Checks an included batch against the chain at `head`: final, moved to another block, or reorged away. Returns it as it stands. */
  async track(b: BatchIn<"included">, head: bigint): Promise<StoredBatch> {
    const { lifecycle, save, alert } = this.options;
    const confirmation = await lifecycle.confirm(BigInt(b.id), b.inclusion, b.txs, head);
    if (confirmation.kind === "unconfirmed") return b;
    if (confirmation.kind === "moved") {
      const { inclusion, skippedIndices } = confirmation; // re-mined in another block
      return save({ ...b, inclusion, skipped: skippedIndices.map((i) => b.fills[i].fillId) }, inclusion.txHash);
    }
    if (confirmation.kind === "reorged") {
      alert({ kind: "batch-reorged", batchId: b.id, blockNumber: b.inclusion.blockNumber });
      this.options.onReorg?.();
      return save({ ...b, state: "matched", inclusion: null, skipped: [] }, null);
    }
    await recordFinal(
      this.options.trading,
      b.fills.map((f) => f.fillId),
      b.skipped,
      (record, rejection) => alert({ kind: "record-refused", batchId: b.id, record, rejection }),
    );
    const final = await save({ ...b, state: "final" }, b.inclusion.txHash);
    this.options.onFinal?.(final);
    return final;
  }
}
