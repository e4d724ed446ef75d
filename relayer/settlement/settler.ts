// The continuous settlement pipeline: acknowledged fills → batches → simulated, stored, sent → included → final, with
// the outcome submitted through the sequencer (fills-settled / fills-reverted), so the ledger learns it from the log.
// See docs/settlement.md. One `step` at a time (never overlapping):
//
//   1. close the batches the batcher says are due, and store them (state matched, a durable id: fill-intake.ts);
//   2. walk the open batches by id: an included batch is checked against the canonical chain (a reorg takes it back
//      to matched) and finalised at N confirmations; a submitted one is looked up by its transaction hashes (and
//      replaced with higher fees when stuck: transaction-lifecycle.ts); a matched one is simulated, its failing fills
//      isolated, signed, stored, and only then broadcast (batch-sender.ts).
//
// Throughput follows the chain, not the batch clock (docs/settlement.md, "Keeping up with the chain"):
//   - up to `maxInFlight` transactions may wait for a block at once, sent in batch id order (one nonce sequence
//     orders them on-chain). A batch is simulated against the latest state, without the batches still in flight:
//     that is sound because no fill can depend on an unsettled one — the ledger never lets an account spend what a
//     fill will give it before that fill is final (available excludes pendingIn), and each withdrawal's funds were
//     reserved when it was requested;
//   - while a market's pipeline is full (a batch of it waiting to go out, or `maxInFlight` transactions in flight),
//     its queue does not close by age, only when full: the fills that arrive meanwhile merge into bigger batches.
// A matched batch that cannot go out for `stuckBatchMs` raises `batch-stuck` and stops holding back the batches and
// withdrawals after it (it is still tried on every step).
//
// Restart: the store says which batches are open and every transaction hash they may have on-chain; the first
// step rebroadcasts the stored bytes of a submitted batch that is not in a block, and fills the ledger still has
// pending that no stored batch names (acknowledged, then the process died before the batch closed) are queued again.
import { join } from "node:path";
import { BaseError, type Address, type Hex } from "viem";
import { defaultLogger } from "../log/index.js";
import { BatchIndex, type FillSettlement } from "./batch-index.js";
import { BatchInFlight } from "./batch-in-flight.js";
import { BatchSender } from "./batch-sender.js";
import { DEFAULT_BATCH_POLICY } from "./batcher.js";
import type { SettlementAlert, SettlementStateEvent } from "./events.js";
import { FillIntake } from "./fill-intake.js";
import { recordFills } from "./fill-records.js";
import { Listeners } from "./listeners.js";
import { SettlementMetrics } from "./metrics.js";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_STUCK_BATCH_MS } from "./policy-defaults.js";
import { SettlementReconciliation } from "./settlement-reconciliation.js";
import { SettlementStore, type BatchIn, type StoredBatch } from "./settlement-store.js";
import type { SettlerOptions } from "./settler-options.js";
import { SerialSteps } from "./serial-steps.js";
import { StuckBatches } from "./stuck-batches.js";
import { Submitter } from "./submitter.js";
import { TransactionLifecycle } from "./transaction-lifecycle.js";
import { WithdrawalPipeline } from "./withdrawals.js";
import type { BalanceDifference } from "./reconciler.js";

export type { FillSettlement } from "./batch-index.js";
export type { SettlerHistory, SettlerOptions, SettlerOrders, SettlerTrading } from "./settler-options.js";
export { DEFAULT_MAX_IN_FLIGHT, DEFAULT_STUCK_BATCH_MS };

const logError = (error: unknown) =>
  defaultLogger().error({ component: "settler", err: error }, "settler: step failed; the next step retries");

export class Settler {
  private readonly intake: FillIntake;
  private readonly index = new BatchIndex();
  private readonly lifecycle: TransactionLifecycle;
  private readonly sender: BatchSender;
  private readonly inFlightBatches: BatchInFlight;
  private readonly steps: SerialSteps;
  private readonly listeners: Listeners<SettlementStateEvent>;
  private readonly reconciliation: SettlementReconciliation;
  private readonly stuck: StuckBatches;
  private readonly now: () => number;
  private readonly maxInFlight: number;
  private readonly onError: (error: unknown) => void;
  readonly metrics: SettlementMetrics | null;
  readonly withdrawals: WithdrawalPipeline | null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private restarted = true;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly options: SettlerOptions,
    private readonly store: SettlementStore,
    stored: StoredBatch[],
    storedWithdrawals: Awaited<ReturnType<SettlementStore["withdrawals"]>>,
  ) {
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? logError;
    this.steps = new SerialSteps(() => this.stepOnce(false), options.pollIntervalMs ?? 250, this.onError);
    this.listeners = new Listeners(this.onError, options.onSettlementState);
    const confirmations = options.confirmations ?? 2;
    if (!Number.isSafeInteger(confirmations) || confirmations < 1)
      throw new RangeError(`confirmations must be a positive integer, got ${confirmations}`);
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isSafeInteger(this.maxInFlight) || this.maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a positive integer, got ${this.maxInFlight}`);
    for (const b of stored) this.index.remember(b);
    this.stuck = new StuckBatches(options.stuckBatchMs ?? DEFAULT_STUCK_BATCH_MS, this.now, (b, waitedMs, reason) =>
      this.alert({ kind: "batch-stuck", batchId: b.id, market: b.market, waitedMs, reason }),
    );
    this.metrics =
      options.metrics === undefined
        ? null
        : new SettlementMetrics(
            options.metrics,
            (state) => this.index.countIn(state),
            () => this.lagSeconds(),
            () => this.stuck.size,
          );
    const { client, exchange, account, chainId } = options;
    const submitter = new Submitter({ client, account, exchange, chainId, now: this.now });
    const { stuckAfterMs, stuckAfterBlocks } = options;
    this.lifecycle = new TransactionLifecycle({
      client,
      submitter,
      exchange,
      confirmations,
      now: this.now,
      stuckAfterMs,
      stuckAfterBlocks,
      onReplaced: () => this.metrics?.replacements.inc(),
    });
    const batches = {
      lifecycle: this.lifecycle,
      trading: options.trading,
      save: this.save.bind(this),
      alert: this.alert.bind(this),
    };
    this.sender = new BatchSender({ ...batches, onIsolatedFill: () => this.metrics?.isolatedFills.inc() });
    this.inFlightBatches = new BatchInFlight({
      ...batches,
      onReorg: () => this.metrics?.reorgs.inc(),
      onFinal: (b) => this.metrics?.matchToFinalSeconds.observe(Math.max(0, this.now() - b.matchedAt) / 1000),
    });
    this.intake = new FillIntake({
      markets: options.markets,
      orders: options.orders,
      policyOf: (market) => ({ ...DEFAULT_BATCH_POLICY, ...options.batchPolicy, ...options.policies?.[market] }),
      now: this.now,
      isStored: (fillId) => this.index.names(fillId),
      onUnsettleable: (fillId, reason) => this.alert({ kind: "fill-unsettleable", fillId, reason }),
    });
    const source = options.withdrawals;
    const onFailed = (withdrawalId: string, reason: string) =>
      this.alert({ kind: "withdrawal-failed", withdrawalId, reason });
    this.withdrawals =
      source === undefined
        ? null
        : new WithdrawalPipeline(
            { lifecycle: this.lifecycle, store, trading: options.trading, source, now: this.now, onFailed },
            storedWithdrawals,
          );
    this.reconciliation = new SettlementReconciliation({
      client,
      exchange,
      confirmations,
      trading: options.trading,
      withdrawals: this.withdrawals,
    });
    this.unsubscribe = options.trading.onAck((ack) => this.intake.onAck(ack));
  }

  /** Opens the store (`settlement/` under dataDir) and listens to acknowledgements; reads nothing from the chain yet. */
  static async open(options: SettlerOptions): Promise<Settler> {
    const store = await SettlementStore.open(join(options.dataDir, "settlement"));
    try {
      return new Settler(options, store, await store.all(), await store.withdrawals());
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** Steps every `pollIntervalMs` until `stop()`. */
  start(): void {
    if (this.steps.running || this.closed) return;
    this.steps.start();
    const every = this.options.reconcileIntervalMs ?? 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => {
        this.reconcile().catch(this.onError);
      }, every);
      this.reconcileTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.reconcileTimer !== null) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    await this.steps.stop();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    this.unsubscribe();
    await this.store.close();
  }

  /** One pass of the pipeline (see the top of this file). `flush` closes every queue now, whatever its age. Never overlaps another step. */
  step(options: { flush?: boolean } = {}): Promise<void> {
    return this.steps.run(() => this.stepOnce(options.flush ?? false));
  }

  /** Registers `listener` for every later change of a batch's state (as `onSettlementState`); returns its remover. */
  onState(listener: (event: SettlementStateEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  // ----- reads -----

  /** Every batch, by ascending id. */
  list(): StoredBatch[] {
    return this.index.list();
  }

  batch(id: string): StoredBatch | undefined {
    return this.index.get(id);
  }

  /** The settlement state of a fill (GET /v1/fills, batch-index.ts); "queued" while no batch holds it; undefined if the settler does not know it. */
  fillState(fillId: number): FillSettlement | undefined {
    return (
      this.index.fillState(fillId) ??
      (this.intake.has(fillId) ? { state: "queued", batchId: null, txHash: null } : undefined)
    );
  }

  /** Fills acknowledged and not yet in a batch. */
  get queuedFills(): number {
    return this.intake.queued;
  }

  /** True when nothing is queued and no batch is open. */
  get idle(): boolean {
    // Unstored fills, not only queued ones: a batch the batcher has closed is not in the index until it is stored.
    return (
      this.intake.unstored === 0 &&
      this.intake.queued === 0 &&
      this.index.openCount === 0 &&
      (this.withdrawals?.idle ?? true)
    );
  }

  get operator(): Address {
    return this.lifecycle.submitter.operator;
  }

  /** Age of the oldest matched fill that is not final yet, 0 when none (relayer_settlement_lag_seconds, /health). */
  lagSeconds(): number {
    const now = this.now();
    let oldest = this.intake.oldest(now);
    for (const b of this.index.eachOpen()) oldest = Math.min(oldest, b.matchedAt);
    return (now - oldest) / 1000;
  }

  /** The on-chain internal balance of `account` in `token` (for reconciliation), at `blockNumber` (default: the head). */
  balanceOnChain(account: Address, token: Address, blockNumber?: bigint): Promise<bigint> {
    return this.reconciliation.balanceOnChain(account, token, blockNumber);
  }

  /** Each difference between the ledger and the chain, an alert (settlement-reconciliation.ts); null while something is in flight. */
  async reconcile(): Promise<BalanceDifference[] | null> {
    const differences = await this.reconciliation.differences(this.index.open());
    if (differences === null) return null;
    this.metrics?.reconciliationDifferences.set(differences.length);
    for (const d of differences) this.alert({ kind: "reconciliation-difference", ...d });
    return differences;
  }

  // ----- one step -----

  private async stepOnce(flush: boolean): Promise<void> {
    if (this.closed) return;
    if (this.restarted) {
      await this.lifecycle.submitter.resync();
      await this.repairRecords();
      this.intake.requeue(this.options.trading.ledgerView.ledger.pendingFillIds(), this.options.history);
    }
    const closed = await this.intake.close(
      flush,
      (market) => this.pipelineHasRoom(market),
      () => this.store.nextBatchId(),
    );
    if (closed.length > 0) {
      await this.store.addBatches(closed);
      for (const b of closed) this.index.remember(b);
      this.intake.stored(closed);
      for (const b of closed) this.publish(b, null);
    }
    const head = await this.lifecycle.head();
    // Batches go out in id order: once one is waiting (not sent, not stuck), the later ones wait behind it.
    let waiting = false;
    for (const b of this.index.open()) {
      let now: StoredBatch = b;
      if (b.state === "included") now = await this.inFlightBatches.track(b, head);
      else if (b.state === "submitted") now = await this.inFlightBatches.follow(b, head, this.restarted);
      else if (b.state === "matched" && !waiting && this.inFlight() < this.maxInFlight) now = await this.trySend(b);
      if (now.state === "matched" && !this.stuck.has(b.id)) waiting = true;
    }
    const room = !waiting && this.inFlight() < this.maxInFlight;
    await this.withdrawals?.step(await this.lifecycle.head(), room, this.restarted);
    this.restarted = false;
  }

  /** Transactions sent and not yet in a block: submitted batches, and the withdrawal in flight. */
  private inFlight(): number {
    let n = this.withdrawals?.inFlight ? 1 : 0;
    for (const b of this.index.eachOpen()) if (b.state === "submitted") n++;
    return n;
  }

  /** Whether `market`'s queue may close by age now: nothing of it waits to go out, and a transaction may be added. */
  private pipelineHasRoom(market: number): boolean {
    if (this.options.mergeWhenBehind === false) return true;
    if (this.inFlight() >= this.maxInFlight) return false;
    for (const b of this.index.eachOpen())
      if (b.market === market && b.state === "matched" && !this.stuck.has(b.id)) return false;
    return true;
  }

  /** Sends `b` (batch-sender.ts), keeping the time it has been trying to go out: past `stuckBatchMs`, an alert, and it stops blocking. */
  private async trySend(b: BatchIn<"matched">): Promise<StoredBatch> {
    this.stuck.trying(b.id);
    let failure: string | null;
    try {
      failure = await this.sender.send(b);
    } catch (error) {
      this.onError(error);
      // viem's shortMessage and details, not its message: that one lists the RPC URL (docs/operations.md).
      failure =
        error instanceof BaseError
          ? [error.shortMessage, error.details].filter(Boolean).join(": ")
          : error instanceof Error
            ? error.message
            : String(error);
    }
    const now = this.index.latest(b);
    if (now.state === "matched") this.stuck.notSent(now, failure ?? "not sent");
    else this.stuck.left(b.id);
    return now.state === "submitted"
      ? this.inFlightBatches.follow(now, await this.lifecycle.head(), this.restarted)
      : now;
  }

  /** After a restart: isolated fills whose fills-reverted never reached the log are reverted now. */
  private async repairRecords(): Promise<void> {
    for (const b of this.index.list()) {
      if (b.isolated.length === 0) continue;
      const rejection = await recordFills(
        this.options.trading,
        "fills-reverted",
        b.isolated.map((f) => f.fillId),
      );
      if (rejection !== null)
        this.alert({ kind: "record-refused", batchId: b.id, record: "fills-reverted", rejection });
    }
  }

  /** Stores `b`'s new value (synced, before acting on it) and tells the listeners. */
  private async save<B extends StoredBatch>(b: B, txHash: Hex | null): Promise<B> {
    const saved = { ...b, updatedAt: this.now() };
    await this.store.put(saved);
    this.index.remember(saved);
    this.publish(saved, txHash);
    return saved;
  }

  private publish(b: StoredBatch, txHash: Hex | null): void {
    this.listeners.emit({ batchId: b.id, fillIds: b.fills.map((f) => f.fillId), state: b.state, txHash });
  }

  private alert(alert: SettlementAlert): void {
    this.options.onAlert?.(alert);
  }
}
