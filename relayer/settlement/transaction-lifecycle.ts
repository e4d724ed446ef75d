// One settlement transaction's way to the chain, the same for a continuous batch, an auction batch's closeBatch and
// settle, and a withdrawal:
//
//   send      sign → store (the caller makes it durable) → broadcast: a crash after it leaves a hash to look for
//   follow    look for a receipt among every transaction stored for it; after a restart, broadcast the latest stored
//             bytes again (they may never have reached the node); replace it with higher fees when stuck
//   confirm   in a block: still there (a reorg may drop it, or re-mine it elsewhere) and deep enough to be final
//
// What is sent, how it is simulated, and what each outcome means to the caller's record stays with the caller. An
// outcome that sends the caller back (reverted, lost, reorged) resyncs the operator's nonce first.
import type { Address, Hex, PublicClient } from "viem";
import { getBlockNumber } from "viem/actions";
import { withLatest, type Inclusion, type SentTransaction, type SentTransactions } from "./settlement-store.js";
import type { Submitter } from "./submitter.js";
import { isConfirmed, outcomeOf, stillIncluded, type TxOutcome } from "./tracker.js";

export interface TransactionLifecycleOptions {
  readonly client: PublicClient;
  readonly submitter: Submitter;
  /** The Exchange: an included outcome names the fills its FillSkipped events skipped. */
  readonly exchange: Address;
  /** A transaction is final once its block has this many confirmations (1: the block itself). */
  readonly confirmations: number;
  readonly now: () => number;
  /** A transaction not in a block after this long is replaced with higher fees. Default 30,000 ms. */
  readonly stuckAfterMs?: number;
  /** …or once this many blocks were mined since it was sent without it. Default: time only. */
  readonly stuckAfterBlocks?: number;
  /** Heard after each replacement is stored (a metric). */
  readonly onReplaced?: () => void;
}

/** Where sent transactions stand. `txs`: every transaction now stored for it (a replacement may have been added). */
export type Followed =
  | {
      readonly kind: "included";
      readonly inclusion: Inclusion;
      readonly skippedIndices: number[];
      readonly txs: SentTransactions;
    }
  /** In a block, reverted: send again (simulated first). */
  | { readonly kind: "reverted"; readonly txHash: Hex; readonly txs: SentTransactions }
  /** None is in a block and none can be any more (its nonce went to another transaction): send again. */
  | { readonly kind: "lost"; readonly txs: SentTransactions }
  | { readonly kind: "pending"; readonly txs: SentTransactions };

/** Where an included transaction stands. */
export type Confirmation =
  | { readonly kind: "final" }
  | { readonly kind: "unconfirmed" }
  /** A reorg moved it into another block. */
  | { readonly kind: "moved"; readonly inclusion: Inclusion; readonly skippedIndices: number[] }
  /** A reorg dropped it: send again. */
  | { readonly kind: "reorged" };

export class TransactionLifecycle {
  constructor(private readonly options: TransactionLifecycleOptions) {}

  get submitter(): Submitter {
    return this.options.submitter;
  }

  /** The chain's head now (no cache). */
  head(): Promise<bigint> {
    return getBlockNumber(this.options.client, { cacheTime: 0 });
  }

  /**
   * Signs a transaction for `calldata` with `gas` (a simulation's estimate), has `store` make it durable, then
   * broadcasts it. Returns what `store` returned (the caller's record, as stored).
   */
  async send<R>(calldata: Hex, gas: bigint, store: (tx: SentTransaction) => Promise<R>): Promise<R> {
    const tx = { ...(await this.options.submitter.sign(calldata, gas)), sentAtBlock: (await this.head()).toString() };
    const stored = await store(tx); // durable before it can reach the chain
    await this.options.submitter.broadcast(tx);
    return stored;
  }

  /**
   * Looks for `txs` (sent for `id`) on the chain at `head`. Not in a block: right after a restart the latest is broadcast
   * again; otherwise, stuck, it is replaced (same nonce and calldata, higher fees), stored through `store` (given every
   * transaction) before it is broadcast.
   */
  async follow(
    id: bigint,
    txs: SentTransactions,
    calldata: Hex,
    head: bigint,
    restarted: boolean,
    store: (txs: SentTransactions) => Promise<unknown>,
  ): Promise<Followed> {
    const { submitter } = this.options;
    const outcome = await this.outcome(id, txs);
    if (outcome.kind === "included") return { ...outcome, txs };
    if (outcome.kind === "reverted") {
      await submitter.resync();
      return { ...outcome, txs };
    }
    const latest = txs[txs.length - 1];
    if (restarted) {
      if ((await submitter.broadcast(latest)) === "nonce-used") return this.lost(txs);
      submitter.noteUsed(latest.nonce);
      return { kind: "pending", txs };
    }
    if (!this.stuck(latest, head)) return { kind: "pending", txs };
    const replacement = { ...(await submitter.replacement(latest, calldata)), sentAtBlock: head.toString() };
    const all = withLatest(txs, replacement);
    await store(all);
    this.options.onReplaced?.();
    if ((await submitter.broadcast(replacement)) === "nonce-used") {
      // The nonce was mined meanwhile: by one of ours (the next look finds its receipt) or not (then it is lost).
      const again = await this.outcome(id, all);
      if (again.kind === "none") return this.lost(all);
    }
    return { kind: "pending", txs: all };
  }

  /** Whether `inclusion` (of `txs`, sent for `id`) is still on the canonical chain, and final at `head`. */
  async confirm(
    id: bigint,
    inclusion: Inclusion,
    txs: readonly SentTransaction[],
    head: bigint,
  ): Promise<Confirmation> {
    if (!(await stillIncluded(this.options.client, inclusion))) {
      const outcome = await this.outcome(id, txs);
      if (outcome.kind === "included")
        return { kind: "moved", inclusion: outcome.inclusion, skippedIndices: outcome.skippedIndices };
      await this.options.submitter.resync();
      return { kind: "reorged" };
    }
    return isConfirmed(inclusion, head, this.options.confirmations) ? { kind: "final" } : { kind: "unconfirmed" };
  }

  private stuck(latest: SentTransaction, head: bigint): boolean {
    const blocks = this.options.stuckAfterBlocks;
    if (blocks !== undefined && latest.sentAtBlock !== undefined && head - BigInt(latest.sentAtBlock) >= BigInt(blocks))
      return true;
    return this.options.now() - latest.sentAt >= (this.options.stuckAfterMs ?? 30_000);
  }

  /** Whether one of `txs` (sent for `id`) is in a block, reverted, or neither (tracker.ts). */
  outcome(id: bigint, txs: readonly SentTransaction[]): Promise<TxOutcome> {
    return outcomeOf(
      this.options.client,
      this.options.exchange,
      id,
      txs.map((t) => t.hash),
    );
  }

  private async lost(txs: SentTransactions): Promise<Followed> {
    await this.options.submitter.resync();
    return { kind: "lost", txs };
  }
}
