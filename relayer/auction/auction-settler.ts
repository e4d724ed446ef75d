// The proved settlement of auction batches (markets with `proofs: true`). For each closed batch that crossed, in
// close order (see AuctionSettlementState in batch-store.ts):
//
//   closed → committing   post the commitment: AuctionSettlement.closeBatch (simulated, signed, stored, then sent)
//   committing → committed  closeBatch is in a block (the commitment is public and timestamped)
//   committed → proved    the prover process proves the batch (off the event loop); the proof is stored
//   proved → submitted    AuctionSettlement.settle with the proof (simulated, signed, stored, then sent)
//   submitted → included → final   N confirmations: fills-settled (fills-reverted for fills the Exchange skipped)
//                         through the sequencer, the same ledger records the continuous settler submits
//
// Each transaction goes to the chain as the continuous settler's do (relayer/settlement/transaction-lifecycle.ts:
// rebroadcast after a restart, replaced when stuck, followed through reorgs). A batch's settle waits until every
// earlier batch of its market is in a block: the contract takes the market's last proved clearing price as the
// reference price of the next proof. A proof that cannot be made, or that the contract refuses, leaves the batch
// `failed` (an alert says why) and stops its market's later settlements: they need its clearing price on-chain. The
// contract refuses a batch id closed or settled twice, so a crash can repeat a step, never a settlement.
//
// Longer than 400 lines because it is one state machine whose steps share the open batches, the proofs in flight and
// the serial steps; what is not that machine already lives beside it (auction-calls.ts, auction-settler-options.ts,
// relayer/settlement/transaction-lifecycle.ts).
import type { Address, Hex } from "viem";
import { encodeFunctionData } from "viem";
import { readContract } from "viem/actions";
import type { LedgerRejection } from "../ledger/index.js";
import { defaultLogger } from "../log/index.js";
import type { SettlementStateEvent } from "../settlement/events.js";
import { recordFinal } from "../settlement/fill-records.js";
import { Listeners } from "../settlement/listeners.js";
import { SerialSteps } from "../settlement/serial-steps.js";
import { sentTransactions, withLatest } from "../settlement/settlement-store.js";
import { Submitter } from "../settlement/submitter.js";
import { TransactionLifecycle } from "../settlement/transaction-lifecycle.js";
import {
  auctionBatch,
  closeArgs,
  closeCalldata,
  settleArgs,
  simulateCall,
  storedProof,
  type AuctionCall,
} from "./auction-calls.js";
import { AUCTION_SETTLEMENT_ABI } from "./auction-settlement-abi.js";
import {
  isSettling,
  type AuctionSettlementRecord,
  type SettlingAuctionBatch,
  type StoredAuctionBatch,
} from "./batch-store.js";
import type { AuctionAlert, AuctionSettlerOptions, AuctionStep, BatchProver } from "./auction-settler-options.js";
import { ProverProcess } from "./prover-process.js";

export type {
  AuctionAlert,
  AuctionSettlerOptions,
  AuctionSettlerTrading,
  BatchProver,
} from "./auction-settler-options.js";

/** A settlement in state S. */
type In<S extends AuctionSettlementRecord["state"]> = AuctionSettlementRecord & { readonly state: S };

const OPEN = new Set<AuctionSettlementRecord["state"]>([
  "closed",
  "committing",
  "committed",
  "proved",
  "submitted",
  "included",
]);
const logError = (error: unknown) =>
  defaultLogger().error(
    { component: "auction settler", err: error },
    "auction settler: step failed; the next step retries",
  );

export class AuctionSettler {
  private readonly lifecycle: TransactionLifecycle;
  private readonly steps: SerialSteps;
  private readonly listeners: Listeners<SettlementStateEvent>;
  /** Batches with an open settlement, by id. */
  private readonly open = new Map<string, SettlingAuctionBatch>();
  private readonly proving = new Map<string, Promise<void>>();
  /** Markets with a failed batch: their later batches cannot settle (the failed clearing price is not on-chain). */
  private readonly blocked = new Set<number>();
  private readonly now: () => number;
  private prover: BatchProver | null;
  private restarted = true;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly options: AuctionSettlerOptions,
    stored: StoredAuctionBatch[],
  ) {
    const { client, account, auctionSettlement, chainId, exchange, stuckAfterMs } = options;
    this.now = options.now ?? Date.now;
    const onError = options.onError ?? logError;
    this.steps = new SerialSteps(() => this.stepOnce(), options.pollIntervalMs ?? 250, onError);
    this.listeners = new Listeners(onError, options.onSettlementState);
    this.prover = options.prover ?? null;
    // The Submitter signs to `exchange`: here, the AuctionSettlement contract.
    const submitter = new Submitter({ client, account, exchange: auctionSettlement, chainId, now: this.now });
    this.lifecycle = new TransactionLifecycle({
      client,
      submitter,
      exchange,
      confirmations: options.confirmations ?? 2,
      now: this.now,
      stuckAfterMs,
    });
    for (const b of stored) this.track(b);
    this.unsubscribe = options.batches.onBatch((b) => this.track(b));
  }

  /** Loads the open settlements from the store; reads nothing from the chain yet. */
  static async open(options: AuctionSettlerOptions): Promise<AuctionSettler> {
    return new AuctionSettler(options, await options.store.all());
  }

  start(): void {
    if (this.steps.running || this.closed) return;
    this.steps.start();
  }

  stop(): Promise<void> {
    return this.steps.stop();
  }

  /** Stops stepping; proofs in flight are abandoned (their batches stay `committed` and are proved again after a restart). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    this.unsubscribe();
    await this.prover?.close();
    await Promise.allSettled([...this.proving.values()]);
  }

  /** Registers `listener` for every later change of a batch's settlement state; returns its remover. */
  onState(listener: (event: SettlementStateEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Takes a failed batch back to the step that failed (after the operator fixed the cause: docs/operations.md): it is
   * proved again, or its transaction simulated again. Its market's later batches follow once it is in a block.
   */
  retry(batchId: string): Promise<void> {
    return this.steps.run(async () => {
      const b = await this.options.store.get(batchId);
      if (b?.settlement?.state !== "failed") throw new RangeError(`batch ${batchId} has no failed settlement`);
      const s = b.settlement;
      const committed =
        s.closeTxs.length > 0 && (await this.lifecycle.outcome(BigInt(batchId), s.closeTxs)).kind === "included";
      const { proof } = s;
      if (proof !== null) await this.save(b, { ...s, state: "proved", proof, failure: null }, null);
      else await this.save(b, { ...s, state: committed ? "committed" : "closed", proof, failure: null }, null);
      const stillFailed = (await this.options.store.all()).some(
        (o) => o.engineMarket === b.engineMarket && o.settlement?.state === "failed",
      );
      if (!stillFailed) this.blocked.delete(b.engineMarket);
    });
  }

  /** The AuctionSettlement contract this settler posts commitments and proofs to. */
  get auctionSettlement(): Address {
    return this.options.auctionSettlement;
  }

  /** True when no batch has an open settlement. */
  get idle(): boolean {
    return this.open.size === 0;
  }

  /** Resolves once the proofs being made now are stored (or failed). */
  async proofsDone(): Promise<void> {
    await Promise.allSettled([...this.proving.values()]);
  }

  /** One pass over the open batches, in close order. Never overlaps another step. */
  step(): Promise<void> {
    return this.steps.run(() => this.stepOnce());
  }

  /** Engine ids of the markets whose settlement stopped at a failed batch (docs/operations.md). */
  get blockedMarkets(): number[] {
    return [...this.blocked];
  }

  private track(b: StoredAuctionBatch): void {
    if (!isSettling(b)) return;
    if (OPEN.has(b.settlement.state)) this.open.set(b.published.batchId, b);
    if (b.settlement.state === "failed") this.blocked.add(b.engineMarket);
  }

  private async stepOnce(): Promise<void> {
    if (this.closed) return;
    if (this.restarted) await this.lifecycle.submitter.resync();
    const head = await this.lifecycle.head();
    const waiting = new Set<number>(this.blocked); // markets with an earlier batch not yet in a block (or failed)
    const batches = [...this.open.values()].sort((x, y) =>
      BigInt(x.published.batchId) < BigInt(y.published.batchId) ? -1 : 1,
    );
    for (let b of batches) {
      const earlierInBlock = !waiting.has(b.engineMarket);
      if (b.settlement.state === "closed") b = await this.commit(b, b.settlement);
      if (b.settlement.state === "committing") b = await this.followCommit(b, b.settlement, head);
      if (b.settlement.state === "committed") this.prove(b); // proving needs no chain state: it may run ahead
      if (b.settlement.state === "proved" && earlierInBlock) b = await this.send(b, b.settlement);
      if (b.settlement.state === "submitted") b = await this.followSettle(b, b.settlement, head);
      if (b.settlement.state === "included") b = await this.confirm(b, b.settlement);
      const state = b.settlement.state;
      if (state !== "included" && state !== "final" && state !== "empty") waiting.add(b.engineMarket);
    }
    this.restarted = false;
  }

  // ----- the commitment -----

  private async commit(b: SettlingAuctionBatch, s: In<"closed">): Promise<SettlingAuctionBatch> {
    const market = this.marketOf(b);
    const args = closeArgs(market, b);
    const gas = await this.simulate({ step: "closeBatch", args });
    if (gas === "already") {
      // Closed on-chain before (a transaction of ours that landed): take it if it posted this commitment.
      const [commitment] = await readContract(this.options.client, {
        address: this.options.auctionSettlement,
        abi: AUCTION_SETTLEMENT_ABI,
        functionName: "batches",
        args: [args[0]],
      });
      if (commitment === args[4]) return this.save(b, { ...s, state: "committed" }, null);
      return this.fail(b, s, "closeBatch", `BatchAlreadyClosed with another commitment (${commitment})`);
    }
    if (typeof gas !== "bigint") return this.fail(b, s, "closeBatch", gas.refused);
    return this.lifecycle.send(closeCalldata(market, b), gas, (tx) =>
      this.save(b, { ...s, state: "committing", closeTxs: withLatest(s.closeTxs, tx) }, null),
    );
  }

  private async followCommit(
    b: SettlingAuctionBatch,
    s: In<"committing">,
    head: bigint,
  ): Promise<SettlingAuctionBatch> {
    let now = b;
    const replaced = async (closeTxs: In<"committing">["closeTxs"]) => {
      now = await this.save(b, { ...s, closeTxs }, null);
    };
    const followed = await this.lifecycle.follow(
      BigInt(b.published.batchId),
      s.closeTxs,
      closeCalldata(this.marketOf(b), b),
      head,
      this.restarted,
      replaced,
    );
    const closeTxs = followed.txs;
    if (followed.kind === "pending") return now;
    if (followed.kind === "included") return this.save(b, { ...s, closeTxs, state: "committed" }, null);
    if (followed.kind === "reverted")
      this.alert({
        kind: "transaction-reverted",
        batchId: b.published.batchId,
        step: "closeBatch",
        txHash: followed.txHash,
      });
    return this.save(b, { ...s, closeTxs, state: "closed" }, null);
  }

  // ----- the proof -----

  private prove(b: SettlingAuctionBatch): void {
    const id = b.published.batchId;
    if (this.proving.has(id)) return;
    this.prover ??= new ProverProcess();
    const proving = this.prover
      .prove(auctionBatch(b), b.published.slots)
      .then(async (proof) => {
        if (proof.statement.price !== b.published.price)
          throw new Error(`the circuit input clears at ${proof.statement.price}, the engine at ${b.published.price}`);
        const now = this.open.get(id);
        if (!this.closed && now?.settlement.state === "committed")
          await this.save(now, { ...now.settlement, state: "proved", proof: storedProof(proof) }, null);
      })
      .catch(async (error: unknown) => {
        if (this.closed) return; // the prover was stopped: prove again after the restart
        const reason = error instanceof Error ? error.message : String(error);
        this.alert({ kind: "proof-failed", batchId: id, reason });
        const now = this.open.get(id) ?? b;
        await this.save(now, { ...now.settlement, state: "failed", failure: reason, inclusion: null }, null);
      })
      .finally(() => this.proving.delete(id));
    this.proving.set(id, proving);
  }

  // ----- the settlement -----

  private async send(b: SettlingAuctionBatch, s: In<"proved">): Promise<SettlingAuctionBatch> {
    const args = settleArgs(this.marketOf(b), b, s.proof);
    const gas = await this.simulate({ step: "settle", args });
    if (gas === "already") {
      // A stored transaction landed: follow it.
      const settleTxs = sentTransactions(s.settleTxs);
      if (settleTxs === null)
        return this.fail(b, s, "settle", "AuctionAlreadySettled, but no transaction of it is stored");
      return this.save(b, { ...s, state: "submitted", settleTxs, calldata: s.calldata }, null);
    }
    if (typeof gas !== "bigint") return this.fail(b, s, "settle", gas.refused);
    const calldata = encodeFunctionData({ abi: AUCTION_SETTLEMENT_ABI, functionName: "settle", args });
    return this.lifecycle.send(calldata, gas, (tx) =>
      this.save(b, { ...s, state: "submitted", settleTxs: withLatest(s.settleTxs, tx), calldata }, tx.hash),
    );
  }

  private async followSettle(b: SettlingAuctionBatch, s: In<"submitted">, head: bigint): Promise<SettlingAuctionBatch> {
    let now = b;
    const replaced = async (settleTxs: In<"submitted">["settleTxs"]) => {
      now = await this.save(b, { ...s, settleTxs }, null);
    };
    const followed = await this.lifecycle.follow(
      BigInt(b.published.batchId),
      s.settleTxs,
      s.calldata,
      head,
      this.restarted,
      replaced,
    );
    const settleTxs = followed.txs;
    if (followed.kind === "pending") return now;
    if (followed.kind === "included") {
      const { inclusion, skippedIndices } = followed;
      const included = {
        ...s,
        settleTxs,
        state: "included",
        inclusion,
        skipped: skippedIndices.map((i) => b.fillIds[i]),
      } as const;
      return this.confirm(await this.save(b, included, inclusion.txHash), included);
    }
    if (followed.kind === "reverted")
      this.alert({
        kind: "transaction-reverted",
        batchId: b.published.batchId,
        step: "settle",
        txHash: followed.txHash,
      });
    return this.save(b, { ...s, settleTxs, state: "proved" }, null);
  }

  private async confirm(b: SettlingAuctionBatch, s: In<"included">): Promise<SettlingAuctionBatch> {
    const id = b.published.batchId;
    const confirmation = await this.lifecycle.confirm(
      BigInt(id),
      s.inclusion,
      s.settleTxs,
      await this.lifecycle.head(),
    );
    if (confirmation.kind === "unconfirmed") return b;
    if (confirmation.kind === "moved") {
      const { inclusion, skippedIndices } = confirmation; // re-mined in another block
      return this.save(b, { ...s, inclusion, skipped: skippedIndices.map((i) => b.fillIds[i]) }, inclusion.txHash);
    }
    if (confirmation.kind === "reorged") {
      this.alert({ kind: "batch-reorged", batchId: id, blockNumber: s.inclusion.blockNumber });
      return this.save(b, { ...s, state: "proved", inclusion: null, skipped: [] }, null);
    }
    const refused = (record: string, rejection: LedgerRejection) =>
      this.alert({ kind: "record-refused", batchId: id, record, rejection });
    await recordFinal(this.options.trading, b.fillIds, s.skipped, refused);
    return this.save(b, { ...s, state: "final" }, s.inclusion.txHash);
  }

  // ----- pieces -----

  private simulate(call: AuctionCall) {
    return simulateCall(this.options.client, this.options.auctionSettlement, this.options.account.address, call);
  }

  private fail(
    b: SettlingAuctionBatch,
    s: In<"closed" | "proved">,
    step: AuctionStep,
    reason: string,
  ): Promise<SettlingAuctionBatch> {
    this.alert({ kind: "settlement-refused", batchId: b.published.batchId, step, reason });
    return this.save(b, { ...s, state: "failed", failure: `${step}: ${reason}` }, null);
  }

  private marketOf(b: StoredAuctionBatch) {
    return this.options.markets.byEngineId(b.engineMarket)!;
  }

  /** Stores `b` with its new `settlement` (synced, before acting on it); a sent, included or final settle is published. */
  private async save(
    b: StoredAuctionBatch,
    settlement: AuctionSettlementRecord,
    txHash: Hex | null,
  ): Promise<SettlingAuctionBatch> {
    const saved: SettlingAuctionBatch = { ...b, settlement: { ...settlement, updatedAt: this.now() } };
    await this.options.store.put(saved);
    const { state } = settlement;
    if (OPEN.has(state)) this.open.set(b.published.batchId, saved);
    else this.open.delete(b.published.batchId);
    if (state === "failed") this.blocked.add(b.engineMarket);
    if (state === "submitted" || state === "included" || state === "final")
      this.listeners.emit({ batchId: b.published.batchId, fillIds: b.fillIds, state, txHash });
    return saved;
  }

  private alert(alert: AuctionAlert): void {
    this.options.onAlert?.(alert);
  }
}
