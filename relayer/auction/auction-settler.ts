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
// A batch's settle waits until every earlier batch of its market is in a block: the contract takes the market's last
// proved clearing price as the reference price of the next proof. A proof that cannot be made, or that the contract
// refuses, leaves the batch `failed` (an alert says why) and stops its market's later settlements: they need its
// clearing price on-chain. Every transaction is stored before it is sent; the contract refuses a batch id closed or
// settled twice, so a crash can repeat a step, never a settlement.
import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import { encodeFunctionData } from "viem";
import { estimateContractGas, getBlockNumber, readContract } from "viem/actions";
import type { LedgerRejection } from "../ledger/index.js";
import { parseSignedOrder } from "../orders/index.js";
import { type MarketRegistry } from "../markets/index.js";
import type { LedgerCommandInput } from "../sequencer/index.js";
import type { LedgerView } from "../sequencer/sequencer.js";
import type { SettlementStateEvent } from "../settlement/events.js";
import type { Revert } from "../settlement/isolate.js";
import { decodedRevert, describeRevert, Submitter } from "../settlement/submitter.js";
import { isConfirmed, outcomeOf, stillIncluded } from "../settlement/tracker.js";
import type { AuctionBatches } from "./auction-batches.js";
import { AUCTION_SETTLEMENT_ABI } from "./auction-settlement-abi.js";
import type { AuctionSettlementRecord, AuctionBatchStore, StoredAuctionBatch, StoredProof } from "./batch-store.js";
import type { AuctionBatch } from "./circuit-input.js";
import { ProverProcess } from "./prover-process.js";
import type { AuctionProof } from "./prover.js";
import { publishedSlots } from "../wire/published-batch.js";
import { auctionSettleArgs } from "./settlement-call.js";
import { PollLoop } from "../settlement/poll-loop.js";
import { defaultLogger } from "../log/index.js";

/** What the settler needs of the sequencer (relayer/services/trading.ts). */
export interface AuctionSettlerTrading {
  submitLedger(record: LedgerCommandInput): Promise<{ readonly rejection: LedgerRejection | null }>;
  readonly ledgerView: LedgerView;
}

/** Proves batches off the event loop (ProverProcess by default). */
export interface BatchProver {
  prove(batch: AuctionBatch, n?: number): Promise<AuctionProof>;
  close(): Promise<void>;
}

export type AuctionAlert =
  | { readonly kind: "proof-failed"; readonly batchId: string; readonly reason: string }
  | { readonly kind: "settlement-refused"; readonly batchId: string; readonly step: "closeBatch" | "settle"; readonly reason: string }
  | { readonly kind: "transaction-reverted"; readonly batchId: string; readonly step: "closeBatch" | "settle"; readonly txHash: Hex }
  | { readonly kind: "batch-reorged"; readonly batchId: string; readonly blockNumber: string }
  | { readonly kind: "record-refused"; readonly batchId: string; readonly record: string; readonly rejection: LedgerRejection };

export interface AuctionSettlerOptions {
  readonly client: PublicClient;
  /** Holds OPERATOR_ROLE on AuctionSettlement. Its own nonces: not the continuous settler's account. */
  readonly account: LocalAccount;
  /** The AuctionSettlement contract (which holds the Exchange's OPERATOR_ROLE). */
  readonly auctionSettlement: Address;
  readonly exchange: Address;
  readonly chainId: number;
  readonly batches: AuctionBatches;
  readonly store: AuctionBatchStore;
  readonly trading: AuctionSettlerTrading;
  readonly markets: MarketRegistry;
  /** Default: a ProverProcess (a child process), started on the first proof. */
  readonly prover?: BatchProver;
  /** A settlement is final once its block has this many confirmations (1: the block itself). Default 2. */
  readonly confirmations?: number;
  /** A sent transaction not in a block after this long is replaced with higher fees. Default 30,000 ms. */
  readonly stuckAfterMs?: number;
  /** Delay between steps once started. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Milliseconds clock. Default Date.now. */
  readonly now?: () => number;
  readonly onSettlementState?: (event: SettlementStateEvent) => void;
  readonly onAlert?: (alert: AuctionAlert) => void;
  /** A step that threw (after `start()`); the next step still runs. Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}

const OPEN = new Set<AuctionSettlementRecord["state"]>(["closed", "committing", "committed", "proved", "submitted", "included"]);
const logError = (error: unknown) => defaultLogger().error({ component: "auction settler", err: error }, "auction settler: step failed; the next step retries");

export class AuctionSettler {
  private readonly submitter: Submitter;
  /** Batches with an open settlement, by id. */
  private readonly open = new Map<string, StoredAuctionBatch>();
  private readonly proving = new Map<string, Promise<void>>();
  /** Markets with a failed batch: their later batches cannot settle (the failed clearing price is not on-chain). */
  private readonly blocked = new Set<number>();
  private readonly listeners = new Set<(event: SettlementStateEvent) => void>();
  private readonly now: () => number;
  private readonly confirmations: number;
  private prover: BatchProver | null;
  private stepping: Promise<unknown> = Promise.resolve();
  private readonly loop: PollLoop;
  private restarted = true;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly options: AuctionSettlerOptions,
    stored: StoredAuctionBatch[],
  ) {
    this.now = options.now ?? Date.now;
    this.loop = new PollLoop(() => this.step(), options.pollIntervalMs ?? 250, (error) => (options.onError ?? logError)(error));
    this.confirmations = options.confirmations ?? 2;
    this.prover = options.prover ?? null;
    // The Submitter signs to `exchange`: here, the AuctionSettlement contract.
    this.submitter = new Submitter({ client: options.client, account: options.account, exchange: options.auctionSettlement, chainId: options.chainId, now: this.now });
    for (const b of stored) this.track(b);
    this.unsubscribe = options.batches.onBatch((b) => this.track(b));
  }

  /** Loads the open settlements from the store; reads nothing from the chain yet. */
  static async open(options: AuctionSettlerOptions): Promise<AuctionSettler> {
    return new AuctionSettler(options, await options.store.all());
  }

  start(): void {
    if (this.loop.running || this.closed) return;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.loop.stop();
    await this.stepping.catch(() => undefined);
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes a failed batch back to the step that failed (after the operator fixed the cause: docs/operations.md): it is
   * proved again, or its transaction simulated again. Its market's later batches follow once it is in a block.
   */
  async retry(batchId: string): Promise<void> {
    const run = this.stepping.then(async () => {
      const b = await this.options.store.get(batchId);
      if (b?.settlement?.state !== "failed") throw new RangeError(`batch ${batchId} has no failed settlement`);
      const s = b.settlement;
      const committed = s.closeTxs.length > 0 && (await this.outcomeOf(b, s.closeTxs)).kind === "included";
      s.failure = null;
      await this.save(b, s.proof !== null ? "proved" : committed ? "committed" : "closed", null);
      const stillFailed = (await this.options.store.all()).some((o) => o.engineMarket === b.engineMarket && o.settlement?.state === "failed");
      if (!stillFailed) this.blocked.delete(b.engineMarket);
    });
    this.stepping = run.catch(() => undefined);
    return run;
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
    const run = this.stepping.then(
      () => this.stepOnce(),
      () => this.stepOnce(),
    );
    this.stepping = run.catch(() => undefined);
    return run;
  }

  private track(b: StoredAuctionBatch): void {
    if (b.settlement !== null && OPEN.has(b.settlement.state)) this.open.set(b.published.batchId, b);
    if (b.settlement?.state === "failed") this.blocked.add(b.engineMarket);
  }

  /** Engine ids of the markets whose settlement stopped at a failed batch (docs/operations.md). */
  get blockedMarkets(): number[] {
    return [...this.blocked];
  }

  private async stepOnce(): Promise<void> {
    if (this.closed) return;
    if (this.restarted) await this.submitter.resync();
    const waiting = new Set<number>(this.blocked); // markets with an earlier batch not yet in a block (or failed)
    const batches = [...this.open.values()].sort((x, y) => (BigInt(x.published.batchId) < BigInt(y.published.batchId) ? -1 : 1));
    for (const b of batches) {
      const s = b.settlement!;
      const earlierInBlock = !waiting.has(b.engineMarket);
      if (s.state === "closed") await this.commit(b);
      if (s.state === "committing") await this.followCommit(b);
      if (s.state === "committed") this.prove(b); // proving needs no chain state: it may run ahead
      if (s.state === "proved" && earlierInBlock) await this.send(b);
      if (s.state === "submitted") await this.followSettle(b);
      if (s.state === "included") await this.confirm(b);
      if (s.state !== "included" && s.state !== "final" && s.state !== "empty") waiting.add(b.engineMarket);
    }
    this.restarted = false;
  }

  // ----- the commitment -----

  private async commit(b: StoredAuctionBatch): Promise<void> {
    const args = this.closeArgs(b);
    const gas = await this.simulate(b, "closeBatch", args);
    if (gas === "already") {
      // Closed on-chain before (a transaction of ours that landed): take it if it posted this commitment.
      const [commitment] = await readContract(this.options.client, { address: this.options.auctionSettlement, abi: AUCTION_SETTLEMENT_ABI, functionName: "batches", args: [args[0]] });
      if (commitment === args[4]) return this.save(b, "committed", null);
      return this.fail(b, "closeBatch", `BatchAlreadyClosed with another commitment (${commitment})`);
    }
    if (gas === null) return;
    const tx = await this.submitter.sign(this.closeCalldata(b), gas);
    b.settlement!.closeTxs.push(tx);
    await this.save(b, "committing", null); // durable before it can reach the chain
    await this.submitter.broadcast(tx);
  }

  private async followCommit(b: StoredAuctionBatch): Promise<void> {
    const s = b.settlement!;
    const outcome = await this.outcomeOf(b, s.closeTxs);
    if (outcome.kind === "included") return this.save(b, "committed", null);
    if (outcome.kind === "reverted") {
      this.alert({ kind: "transaction-reverted", batchId: b.published.batchId, step: "closeBatch", txHash: outcome.txHash });
      await this.submitter.resync();
      return this.save(b, "closed", null);
    }
    if (this.restarted) await this.rebroadcast(b, s.closeTxs, "closed");
    else await this.replaceIfStuck(b, s.closeTxs, this.closeCalldata(b));
  }

  /** AuctionSettlement.closeBatch(batchId, baseToken, quoteToken, slots, commitment) for `b`. */
  private closeArgs(b: StoredAuctionBatch) {
    const market = this.options.markets.byEngineId(b.engineMarket)!;
    return [BigInt(b.published.batchId), market.base.address, market.quote.address, b.published.slots, BigInt(b.published.commitment)] as const;
  }

  private closeCalldata(b: StoredAuctionBatch): Hex {
    return encodeFunctionData({ abi: AUCTION_SETTLEMENT_ABI, functionName: "closeBatch", args: this.closeArgs(b) });
  }

  // ----- the proof -----

  private prove(b: StoredAuctionBatch): void {
    const id = b.published.batchId;
    if (this.proving.has(id)) return;
    this.prover ??= new ProverProcess();
    const proving = this.prover
      .prove(auctionBatch(b), b.published.slots)
      .then(async (proof) => {
        if (proof.statement.price !== b.published.price) throw new Error(`the circuit input clears at ${proof.statement.price}, the engine at ${b.published.price}`);
        b.settlement!.proof = storedProof(proof);
        if (!this.closed) await this.save(b, "proved", null);
      })
      .catch(async (error: unknown) => {
        if (this.closed) return; // the prover was stopped: prove again after the restart
        const reason = error instanceof Error ? error.message : String(error);
        b.settlement!.failure = reason;
        this.alert({ kind: "proof-failed", batchId: id, reason });
        await this.save(b, "failed", null);
      })
      .finally(() => this.proving.delete(id));
    this.proving.set(id, proving);
  }

  // ----- the settlement -----

  private settleArgs(b: StoredAuctionBatch) {
    const market = this.options.markets.byEngineId(b.engineMarket)!;
    const signed = b.published.orders.map((o) => parseSignedOrder(b.signed[o.orderHash]));
    const proof = b.settlement!.proof!;
    const args = auctionSettleArgs(auctionBatch(b), signed, market.engine, {
      n: b.published.slots,
      statement: { commitment: BigInt(b.published.commitment), price: b.published.price, reference: b.published.reference, fills: [] },
      publicSignals: [],
      proof: {
        a: [BigInt(proof.a[0]), BigInt(proof.a[1])],
        b: [
          [BigInt(proof.b[0][0]), BigInt(proof.b[0][1])],
          [BigInt(proof.b[1][0]), BigInt(proof.b[1][1])],
        ],
        c: [BigInt(proof.c[0]), BigInt(proof.c[1])],
      },
    });
    return [args.batch, args.slotOf, args.selfTrades, args.price, args.proof] as const;
  }

  private async send(b: StoredAuctionBatch): Promise<void> {
    const args = this.settleArgs(b);
    const gas = await this.simulate(b, "settle", args);
    if (gas === "already") return this.save(b, "submitted", null); // a stored transaction landed: follow it
    if (gas === null) return;
    const calldata = encodeFunctionData({ abi: AUCTION_SETTLEMENT_ABI, functionName: "settle", args });
    const tx = await this.submitter.sign(calldata, gas);
    b.settlement!.settleTxs.push(tx);
    b.settlement!.calldata = calldata;
    await this.save(b, "submitted", tx.hash); // durable before it can reach the chain
    await this.submitter.broadcast(tx);
  }

  private async followSettle(b: StoredAuctionBatch): Promise<void> {
    const s = b.settlement!;
    const outcome = await this.outcomeOf(b, s.settleTxs);
    if (outcome.kind === "included") {
      s.inclusion = outcome.inclusion;
      s.skipped = outcome.skippedIndices.map((i) => b.fillIds[i]);
      await this.save(b, "included", outcome.inclusion.txHash);
      return this.confirm(b);
    }
    if (outcome.kind === "reverted") {
      this.alert({ kind: "transaction-reverted", batchId: b.published.batchId, step: "settle", txHash: outcome.txHash });
      await this.submitter.resync();
      return this.save(b, "proved", null);
    }
    if (this.restarted) await this.rebroadcast(b, s.settleTxs, "proved");
    else await this.replaceIfStuck(b, s.settleTxs, s.calldata as Hex);
  }

  /** The latest transaction waited `stuckAfterMs` without a block: the same call, same nonce, fees +12.5 % (Submitter). */
  private async replaceIfStuck(b: StoredAuctionBatch, txs: AuctionSettlementRecord["closeTxs"], calldata: Hex): Promise<void> {
    const latest = txs[txs.length - 1];
    if (latest === undefined || this.now() - latest.sentAt < (this.options.stuckAfterMs ?? 30_000)) return;
    const replacement = await this.submitter.replacement(latest, calldata);
    txs.push(replacement);
    await this.save(b, b.settlement!.state, null); // durable before it can reach the chain
    await this.submitter.broadcast(replacement);
  }

  private async confirm(b: StoredAuctionBatch): Promise<void> {
    const s = b.settlement!;
    const inclusion = s.inclusion!;
    if (!(await stillIncluded(this.options.client, inclusion))) {
      this.alert({ kind: "batch-reorged", batchId: b.published.batchId, blockNumber: inclusion.blockNumber });
      s.inclusion = null;
      s.skipped = [];
      await this.submitter.resync();
      return this.save(b, "proved", null);
    }
    if (!isConfirmed(inclusion, await getBlockNumber(this.options.client, { cacheTime: 0 }), this.confirmations)) return;
    const skipped = new Set(s.skipped);
    await this.record(b, "fills-reverted", [...skipped]);
    await this.record(b, "fills-settled", b.fillIds.filter((id) => !skipped.has(id)));
    await this.save(b, "final", inclusion.txHash);
  }

  // ----- pieces -----

  /** The gas a call needs; "already" when the contract says this step was done; null (and the batch failed) on another refusal. */
  private async simulate(b: StoredAuctionBatch, step: "closeBatch" | "settle", args: readonly unknown[]): Promise<bigint | "already" | null> {
    try {
      return await estimateContractGas(this.options.client, {
        address: this.options.auctionSettlement,
        abi: AUCTION_SETTLEMENT_ABI,
        functionName: step,
        args: args as never,
        account: this.options.account.address,
      });
    } catch (error) {
      const revert: Revert | null | undefined = decodedRevert(error);
      if (revert === undefined) throw error;
      if (revert?.name === (step === "closeBatch" ? "BatchAlreadyClosed" : "AuctionAlreadySettled")) return "already";
      await this.fail(b, step, revert === null ? "reverted without a reason" : describeRevert(revert));
      return null;
    }
  }

  private async fail(b: StoredAuctionBatch, step: "closeBatch" | "settle", reason: string): Promise<void> {
    b.settlement!.failure = `${step}: ${reason}`;
    this.alert({ kind: "settlement-refused", batchId: b.published.batchId, step, reason });
    await this.save(b, "failed", null);
  }

  /** Where `b`'s transactions `txs` stand (settlement/tracker.ts; for a settle, with the fills the Exchange skipped). */
  private outcomeOf(b: StoredAuctionBatch, txs: AuctionSettlementRecord["closeTxs"]) {
    return outcomeOf(this.options.client, this.options.exchange, BigInt(b.published.batchId), txs.map((t) => t.hash));
  }

  /** After a restart, the stored bytes may never have reached the node: send exactly them again. */
  private async rebroadcast(b: StoredAuctionBatch, txs: AuctionSettlementRecord["closeTxs"], back: "closed" | "proved"): Promise<void> {
    const latest = txs[txs.length - 1];
    if (latest === undefined || (await this.submitter.broadcast(latest)) === "nonce-used") {
      await this.submitter.resync();
      return this.save(b, back, null);
    }
    this.submitter.noteUsed(latest.nonce);
  }

  /** Submits a settlement record for the fills the ledger still has pending (a repeat after a crash is a no-op). */
  private async record(b: StoredAuctionBatch, type: "fills-settled" | "fills-reverted", fillIds: readonly number[]): Promise<void> {
    const ledger = this.options.trading.ledgerView.ledger;
    const pending = fillIds.filter((id) => ledger.pendingFill(id) !== undefined);
    if (pending.length === 0) return;
    const { rejection } = await this.options.trading.submitLedger({ type, fillIds: pending });
    if (rejection !== null) this.alert({ kind: "record-refused", batchId: b.published.batchId, record: type, rejection });
  }

  private async save(b: StoredAuctionBatch, state: AuctionSettlementRecord["state"], txHash: Hex | null): Promise<void> {
    const s = b.settlement!;
    s.state = state;
    s.updatedAt = this.now();
    await this.options.store.put(b);
    if (OPEN.has(state)) this.open.set(b.published.batchId, b);
    else this.open.delete(b.published.batchId);
    if (state === "failed") this.blocked.add(b.engineMarket);
    if (state === "submitted" || state === "included" || state === "final") {
      const event: SettlementStateEvent = { batchId: b.published.batchId, fillIds: b.fillIds, state, txHash };
      for (const listener of [this.options.onSettlementState, ...this.listeners]) {
        try {
          listener?.(event);
        } catch (error) {
          (this.options.onError ?? logError)(error);
        }
      }
    }
  }

  private alert(alert: AuctionAlert): void {
    this.options.onAlert?.(alert);
  }
}

/** The circuit's view of a recorded batch: the published list, with the owners the engine paired self-trades by. */
function auctionBatch(b: StoredAuctionBatch): AuctionBatch {
  return {
    batchId: BigInt(b.published.batchId),
    slots: publishedSlots(b.published).map((slot, i) => ({ ...slot, owner: b.owners[i] })),
    reference: b.published.reference,
  };
}

function storedProof(proof: AuctionProof): StoredProof {
  const { a, b, c } = proof.proof;
  return {
    a: [a[0].toString(), a[1].toString()],
    b: [
      [b[0][0].toString(), b[0][1].toString()],
      [b[1][0].toString(), b[1][1].toString()],
    ],
    c: [c[0].toString(), c[1].toString()],
  };
}
