// The settlement pipeline: acknowledged fills → batches → simulated, stored, sent → included → final, with the
// outcome submitted through the sequencer (fills-settled / fills-reverted), so the ledger learns it from the log.
// See docs/settlement.md. One `step` at a time (never overlapping):
//
//   1. close the batches the batcher says are due, and store them (state matched, a durable id);
//   2. walk the open batches by id: an included batch is checked against the canonical chain (a reorg takes it back
//      to matched) and finalised at N confirmations; a submitted one is looked up by its transaction hashes (and
//      replaced with higher fees when stuck); a matched one is simulated, its failing fills isolated, signed, stored,
//      and only then broadcast.
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
import { BaseError, type Address, type Hex, type LocalAccount, type PublicClient } from "viem";
import { getBlockNumber, readContract } from "viem/actions";
import type { FillEvent } from "../../engine/index.js";
import type { LedgerRejection } from "../ledger/index.js";
import { parseSignedOrder, type WireSignedOrder } from "../orders/index.js";
import { type MarketRegistry } from "../markets/index.js";
import type { TradingAck } from "../machine/trading.js";
import type { LedgerCommandInput, EngineCommandInput } from "../sequencer/index.js";
import type { LedgerView } from "../sequencer/sequencer.js";
import { batchCalldata } from "./batch-calldata.js";
import { Batcher, DEFAULT_BATCH_POLICY, type BatchPolicy } from "./batcher.js";
import { SETTLEMENT_ABI } from "./exchange-abi.js";
import { isolateFailing, type Failing, type Simulation } from "./isolate.js";
import { balanceDifferences, settledAt, type BalanceDifference } from "./reconciler.js";
import { SettlementMetrics } from "./metrics.js";
import { fromStoredFill, settlementFill, toStoredFill, type SettlementFill } from "./settlement-fill.js";
import { SettlementStore, type SentTransaction, type StoredBatch } from "./settlement-store.js";
import { isOpenState, type SettlementState } from "./states.js";
import { Submitter } from "./submitter.js";
import { isConfirmed, outcomeOf, stillIncluded } from "./tracker.js";
import { WithdrawalPipeline, type SignedWithdrawalSource } from "./withdrawals.js";
import type { SettlementAlert, SettlementStateEvent } from "./events.js";
import type { Registry as PromRegistry } from "prom-client";
import { PollLoop } from "./poll-loop.js";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_STUCK_BATCH_MS } from "./policy-defaults.js";
import { defaultLogger } from "../log/index.js";

/** Where one fill stands in settlement (GET /v1/fills): its batch's state and, once in a block, the transaction. */
export interface FillSettlement {
  state: SettlementState | "queued" | "skipped";
  batchId: string | null;
  txHash: Hex | null;
}

/** What the settler needs of the sequencer (relayer/services/trading.ts). */
export interface SettlerTrading {
  onAck(listener: (ack: TradingAck) => void): () => void;
  submit(command: EngineCommandInput): Promise<unknown>;
  submitLedger(record: LedgerCommandInput): Promise<{ readonly rejection: LedgerRejection | null }>;
  readonly ledgerView: LedgerView;
}

/** Where the settler finds an engine order's hash and signed wire form (the order index). */
export interface SettlerOrders {
  byOrderId(id: number): { hash: Hex; signed: WireSignedOrder } | undefined;
}

/** Fills of the replayed log, to requeue pending fills after a restart (relayer/services/history.ts). */
export interface SettlerHistory {
  fillsIn(market: number): readonly { seq: number; fillId: number | null; fill: FillEvent }[];
}

export interface SettlerOptions {
  readonly client: PublicClient;
  /** The operator key (OPERATOR_ROLE on the exchange). */
  readonly account: LocalAccount;
  readonly exchange: Address;
  readonly chainId: number;
  /** The relayer's data dir; the settler keeps its store in `settlement/` inside it. */
  readonly dataDir: string;
  readonly trading: SettlerTrading;
  readonly markets: MarketRegistry;
  readonly orders: SettlerOrders;
  readonly history?: SettlerHistory;
  /** The signed withdrawals of withdrawal-requested records: with it, the settler executes withdrawals too. */
  readonly withdrawals?: SignedWithdrawalSource;
  /** A batch is final once its block has this many confirmations (1: the block itself). Default 2. */
  readonly confirmations?: number;
  /** Every market's batch policy (DEFAULT_BATCH_POLICY where unset)… */
  readonly batchPolicy?: Partial<BatchPolicy>;
  /** …and per engine market id, over it. */
  readonly policies?: Readonly<Record<number, Partial<BatchPolicy>>>;
  /** A submitted transaction not in a block after this long is replaced with higher fees. Default 30,000 ms. */
  readonly stuckAfterMs?: number;
  /** …or once this many blocks were mined since it was sent without it. Default: time only. */
  readonly stuckAfterBlocks?: number;
  /** Settlement transactions that may wait for a block at once (batches and a withdrawal). Default 8; 1 = one at a time. */
  readonly maxInFlight?: number;
  /** Whether a market's queue waits (closing only when full) while its pipeline is full, so fills merge. Default true. */
  readonly mergeWhenBehind?: boolean;
  /** A matched batch that cannot go out for this long raises `batch-stuck` and stops holding back later ones. Default 60,000 ms. */
  readonly stuckBatchMs?: number;
  /** Delay between steps once started. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Delay between reconciliations of on-chain balances with the ledger once started. Default 60,000 ms; 0: never. */
  readonly reconcileIntervalMs?: number;
  /** Milliseconds clock. Default Date.now. */
  readonly now?: () => number;
  readonly metrics?: PromRegistry;
  readonly onSettlementState?: (event: SettlementStateEvent) => void;
  readonly onAlert?: (alert: SettlementAlert) => void;
  /** A step that threw (after `start()`); the next step still runs. Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}

const logError = (error: unknown) => defaultLogger().error({ component: "settler", err: error }, "settler: step failed; the next step retries");

export { DEFAULT_MAX_IN_FLIGHT, DEFAULT_STUCK_BATCH_MS };
const byId = (a: StoredBatch, b: StoredBatch) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

/** Errors naming the order (first argument) that makes a fill fail: that order is taken out of the book. */
const ORDER_ERRORS = new Set(["InvalidOrder", "InvalidSignature", "OrderExpired", "OrderCancelled", "OrderNonceUsed", "PostOnlyTaker", "LimitPriceViolated", "FeeAboveCap", "Overfill"]);

export class Settler {
  private readonly batcher: Batcher;
  private readonly submitter: Submitter;
  private readonly batches = new Map<string, StoredBatch>();
  /** The batches not yet final or isolated: what each step walks (`batches` keeps every batch ever stored). */
  private readonly open = new Map<string, StoredBatch>();
  /** The stored batch that names each fill id (settled, pending or isolated). */
  private readonly batchOf = new Map<number, string>();
  /** Signed orders of queued fills, by hash, captured at ack time (the index may forget a filled order). */
  private readonly signed = new Map<Hex, WireSignedOrder>();
  private readonly matchedAt = new Map<number, number>();
  /** Matched batches that were tried and did not go out: since when, and why (for `batch-stuck`). */
  private readonly tryingSince = new Map<string, number>();
  /** Batches past `stuckBatchMs`: they no longer hold back the ones after them. */
  private readonly stuck = new Set<string>();
  private readonly now: () => number;
  private readonly confirmations: number;
  private readonly maxInFlight: number;
  readonly metrics: SettlementMetrics | null;
  private stepping: Promise<unknown> = Promise.resolve();
  private reconcileTimer: NodeJS.Timeout | null = null;
  private readonly loop: PollLoop;
  private restarted = true;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly stateListeners = new Set<(event: SettlementStateEvent) => void>();
  readonly withdrawals: WithdrawalPipeline | null;

  private constructor(
    private readonly options: SettlerOptions,
    private readonly store: SettlementStore,
    stored: StoredBatch[],
    storedWithdrawals: Awaited<ReturnType<SettlementStore["withdrawals"]>>,
  ) {
    this.now = options.now ?? Date.now;
    this.loop = new PollLoop(() => this.step(), options.pollIntervalMs ?? 250, (error) => (options.onError ?? logError)(error));
    this.confirmations = options.confirmations ?? 2;
    if (!Number.isSafeInteger(this.confirmations) || this.confirmations < 1) throw new RangeError(`confirmations must be a positive integer, got ${this.confirmations}`);
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isSafeInteger(this.maxInFlight) || this.maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${this.maxInFlight}`);
    this.batcher = new Batcher((market) => ({ ...DEFAULT_BATCH_POLICY, ...options.batchPolicy, ...options.policies?.[market] }));
    this.submitter = new Submitter({ client: options.client, account: options.account, exchange: options.exchange, chainId: options.chainId, now: this.now });
    for (const b of stored) this.remember(b);
    this.metrics =
      options.metrics === undefined
        ? null
        : new SettlementMetrics(
            options.metrics,
            (state) => [...this.batches.values()].filter((b) => b.state === state).length,
            () => this.lagSeconds(),
            () => this.stuck.size,
          );
    this.withdrawals =
      options.withdrawals === undefined
        ? null
        : new WithdrawalPipeline(
            {
              client: options.client,
              exchange: options.exchange,
              submitter: this.submitter,
              store,
              trading: options.trading,
              source: options.withdrawals,
              confirmations: this.confirmations,
              now: this.now,
              onFailed: (withdrawalId, reason) => options.onAlert?.({ kind: "withdrawal-failed", withdrawalId, reason }),
            },
            storedWithdrawals,
          );
    this.unsubscribe = options.trading.onAck((ack) => this.onAck(ack));
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
    if (this.loop.running || this.closed) return;
    this.loop.start();
    const every = this.options.reconcileIntervalMs ?? 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => {
        this.reconcile().catch((error) => (this.options.onError ?? logError)(error));
      }, every);
      this.reconcileTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.loop.stop();
    if (this.reconcileTimer !== null) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    await this.stepping.catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    this.unsubscribe?.();
    await this.store.close();
  }

  /** One pass of the pipeline (see the top of this file). `flush` closes every queue now, whatever its age. Never overlaps another step. */
  step(options: { flush?: boolean } = {}): Promise<void> {
    const run = this.stepping.then(
      () => this.stepOnce(options.flush ?? false),
      () => this.stepOnce(options.flush ?? false),
    );
    this.stepping = run.catch(() => undefined);
    return run;
  }

  /** Registers `listener` for every later change of a batch's state (as `onSettlementState`); returns its remover. */
  onState(listener: (event: SettlementStateEvent) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  // ----- reads -----

  /** Every batch, by ascending id. */
  list(): StoredBatch[] {
    return [...this.batches.values()].sort(byId);
  }

  batch(id: string): StoredBatch | undefined {
    return this.batches.get(id);
  }

  /**
   * The settlement state of a fill (for GET /v1/fills): its batch's state; "skipped" when the contract skipped it
   * (FillSkipped) in a final batch; "isolated" when it was taken out before sending; "queued" while no batch holds
   * it; undefined if the settler does not know it.
   */
  fillState(fillId: number): FillSettlement | undefined {
    const batchId = this.batchOf.get(fillId);
    const b = batchId === undefined ? undefined : this.batches.get(batchId);
    if (b === undefined) return this.matchedAt.has(fillId) ? { state: "queued", batchId: null, txHash: null } : undefined;
    const txHash = b.inclusion?.txHash ?? null;
    if (b.isolated.some((f) => f.fillId === fillId)) return { state: "isolated", batchId: b.id, txHash: null };
    return { state: b.state === "final" && b.skipped.includes(fillId) ? "skipped" : b.state, batchId: b.id, txHash };
  }

  /** Fills acknowledged and not yet in a batch. */
  get queuedFills(): number {
    return this.batcher.size;
  }

  /** True when nothing is queued and no batch is open. */
  get idle(): boolean {
    // matchedAt, not only the batcher: a batch the batcher has closed is not in `batches` until it is stored.
    return this.matchedAt.size === 0 && this.batcher.size === 0 && this.open.size === 0 && (this.withdrawals?.idle ?? true);
  }

  get operator(): Address {
    return this.submitter.operator;
  }

  // ----- acknowledgements → batcher -----

  private onAck(ack: TradingAck): void {
    const fillIds = (ack as TradingAck & { fillIds?: readonly number[] }).fillIds ?? [];
    let n = 0;
    for (const event of ack.events) {
      if (event.type !== "fill") continue;
      const fillId = fillIds[n++];
      if (fillId !== undefined) this.enqueue(ack.seq, fillId, event);
    }
  }

  private enqueue(seq: number, fillId: number, event: FillEvent): void {
    if (this.batchOf.has(fillId) || this.matchedAt.has(fillId)) return;
    const market = this.options.markets.byEngineId(event.market);
    if (market?.proofs) return; // settled with a proof, by the auction settler (relayer/auction/auction-settler.ts)
    try {
      if (market === undefined) throw new Error(`unknown market ${event.market}`);
      const fill = settlementFill(market, seq, fillId, event, (id) => this.options.orders.byOrderId(id)?.hash);
      for (const id of [event.makerId, event.takerId]) {
        const order = this.options.orders.byOrderId(id)!;
        this.signed.set(order.hash, order.signed);
      }
      this.matchedAt.set(fillId, this.now());
      this.batcher.add(fill, this.now());
    } catch (error) {
      this.options.onAlert?.({ kind: "fill-unsettleable", fillId, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Pending fills of the ledger that no stored batch names, from the replayed history. */
  private requeuePending(): void {
    const pending = this.options.trading.ledgerView.ledger.pendingFillIds().filter((id) => !this.batchOf.has(id) && !this.matchedAt.has(id));
    if (pending.length === 0) return;
    const wanted = new Set(pending);
    for (const market of this.options.markets.engineMarkets()) {
      for (const record of this.options.history?.fillsIn(market.id) ?? []) {
        if (record.fillId === null || !wanted.has(record.fillId)) continue;
        wanted.delete(record.fillId);
        this.enqueue(record.seq, record.fillId, record.fill);
      }
    }
    for (const fillId of wanted) this.options.onAlert?.({ kind: "fill-unsettleable", fillId, reason: "pending in the ledger, but neither in a stored batch nor in the replayed log" });
  }

  // ----- one step -----

  private async stepOnce(flush: boolean): Promise<void> {
    if (this.closed) return;
    if (this.restarted) {
      await this.submitter.resync();
      await this.repairRecords();
      this.requeuePending();
    }
    await this.closeBatches(flush);
    const { client } = this.options;
    const head = await getBlockNumber(client, { cacheTime: 0 });
    // Batches go out in id order: once one is waiting (not sent, not stuck), the later ones wait behind it.
    let waiting = false;
    for (const b of [...this.open.values()].sort(byId)) {
      if (b.state === "included") await this.track(b, head);
      else if (b.state === "submitted") await this.follow(b, head);
      else if (!waiting && this.inFlight() < this.maxInFlight) await this.trySend(b);
      if (b.state === "matched" && !this.stuck.has(b.id)) waiting = true;
    }
    const room = !waiting && this.inFlight() < this.maxInFlight;
    await this.withdrawals?.step(await getBlockNumber(client, { cacheTime: 0 }), room, this.restarted);
    this.restarted = false;
  }

  /** Transactions sent and not yet in a block: submitted batches, and the withdrawal in flight. */
  private inFlight(): number {
    let n = this.withdrawals?.inFlight ? 1 : 0;
    for (const b of this.open.values()) if (b.state === "submitted") n++;
    return n;
  }

  /** Whether `market`'s queue may close by age now: nothing of it waits to go out, and a transaction may be added. */
  private pipelineHasRoom(market: number): boolean {
    if (this.options.mergeWhenBehind === false) return true;
    if (this.inFlight() >= this.maxInFlight) return false;
    for (const b of this.open.values()) if (b.market === market && b.state === "matched" && !this.stuck.has(b.id)) return false;
    return true;
  }

  /** send(), keeping the time a batch has been trying to go out: past `stuckBatchMs`, an alert, and it stops blocking. */
  private async trySend(b: StoredBatch): Promise<void> {
    const since = this.tryingSince.get(b.id) ?? this.now();
    this.tryingSince.set(b.id, since);
    let failure: string | null;
    try {
      failure = await this.send(b);
    } catch (error) {
      (this.options.onError ?? logError)(error);
      // viem's shortMessage and details, not its message: that one lists the RPC URL (docs/operations.md).
      failure = error instanceof BaseError ? [error.shortMessage, error.details].filter(Boolean).join(": ") : error instanceof Error ? error.message : String(error);
    }
    if ((b.state as SettlementState) !== "matched") {
      this.tryingSince.delete(b.id);
      this.stuck.delete(b.id);
      if ((b.state as SettlementState) === "submitted") await this.follow(b, await getBlockNumber(this.options.client, { cacheTime: 0 }));
      return;
    }
    const waited = this.now() - since;
    if (!this.stuck.has(b.id) && waited >= (this.options.stuckBatchMs ?? DEFAULT_STUCK_BATCH_MS)) {
      this.stuck.add(b.id);
      this.options.onAlert?.({ kind: "batch-stuck", batchId: b.id, market: b.market, waitedMs: waited, reason: failure ?? "not sent" });
    }
  }

  private async closeBatches(flush: boolean): Promise<void> {
    const now = this.now();
    const closed = this.batcher.take(now, flush, (market) => this.pipelineHasRoom(market));
    if (closed.length === 0) return;
    let id = await this.store.nextBatchId();
    const records: StoredBatch[] = closed.map(({ market, fills }) => {
      const orders: Record<Hex, WireSignedOrder> = {};
      for (const f of fills) for (const hash of [f.makerHash, f.takerHash]) orders[hash] = this.signed.get(hash)!;
      return {
        id: (id++).toString(),
        market,
        state: "matched",
        fills: fills.map(toStoredFill),
        isolated: [],
        skipped: [],
        orders,
        calldata: "0x",
        txs: [],
        inclusion: null,
        matchedAt: Math.min(...fills.map((f) => this.matchedAt.get(f.fillId) ?? now)),
        updatedAt: now,
      };
    });
    await this.store.addBatches(records);
    for (const r of records) {
      this.remember(r);
      for (const f of r.fills) this.matchedAt.delete(f.fillId);
      this.publish(r, null);
    }
    if (this.batcher.size === 0) this.signed.clear();
  }

  /** matched → simulate (isolating failing fills) → sign → store → broadcast: submitted. Returns why it did not go out, or null. */
  private async send(b: StoredBatch): Promise<string | null> {
    const id = BigInt(b.id);
    const signedOf = (hash: Hex) => (b.orders[hash] === undefined ? undefined : parseSignedOrder(b.orders[hash]));
    const simulate = (fills: readonly SettlementFill[]) => this.submitter.simulate(batchCalldata(id, fills, signedOf));
    let fills = b.fills.map(fromStoredFill);
    let result = await simulate(fills);
    if (!result.ok && result.revert?.name === "BatchAlreadySettled") {
      // A transaction stored for it earlier landed after all (a reorg re-included it): follow it.
      b.state = "submitted";
      await this.save(b, null);
      return null;
    }
    if (!result.ok) {
      const isolation = await isolateFailing<SettlementFill>(fills, (f) => simulate(f) as Promise<Simulation>);
      fills = isolation.passing;
      b.fills = fills.map(toStoredFill);
      b.isolated.push(...isolation.failing.map((f) => ({ fillId: f.item.fillId, reason: f.reason })));
      if (fills.length === 0) b.state = "isolated";
      await this.save(b, null);
      await this.reportIsolated(b, isolation.failing);
      if (fills.length === 0) return null;
      result = await simulate(fills);
      if (!result.ok) return result.reason; // the chain moved under us; the next step tries again
    }
    const calldata = this.submitter.settleCalldata(batchCalldata(id, fills, signedOf));
    const tx = await this.submitter.sign(calldata, result.gas);
    tx.sentAtBlock = (await getBlockNumber(this.options.client, { cacheTime: 0 })).toString();
    b.calldata = calldata;
    b.txs.push(tx);
    b.state = "submitted";
    await this.save(b, tx.hash); // durable before it can reach the chain
    await this.submitter.broadcast(tx);
    return null;
  }

  /** submitted → included (a success receipt among its transactions), back to matched (reverted, or its nonce taken), or replaced when stuck. */
  private async follow(b: StoredBatch, head: bigint): Promise<void> {
    const { client, exchange } = this.options;
    const outcome = await outcomeOf(client, exchange, BigInt(b.id), b.txs.map((t) => t.hash));
    if (outcome.kind === "included") {
      b.inclusion = outcome.inclusion;
      b.skipped = outcome.skippedIndices.map((i) => b.fills[i].fillId);
      b.state = "included";
      await this.save(b, outcome.inclusion.txHash);
      return this.track(b, head);
    }
    if (outcome.kind === "reverted") {
      // Simulated fine, reverted in its block: the state changed in between. Simulate (and isolate) again.
      this.options.onAlert?.({ kind: "batch-reverted", batchId: b.id, txHash: outcome.txHash });
      await this.backToMatched(b);
      return;
    }
    const latest = b.txs[b.txs.length - 1] as SentTransaction & { gas: string };
    if (latest === undefined) return this.backToMatched(b);
    if (this.restarted) {
      // After a crash the stored bytes may never have reached the node: send exactly them again.
      if ((await this.submitter.broadcast(latest)) === "nonce-used") await this.backToMatched(b);
      else this.submitter.noteUsed(latest.nonce);
      return;
    }
    const blocks = this.options.stuckAfterBlocks;
    const stuckByBlocks = blocks !== undefined && latest.sentAtBlock !== undefined && head - BigInt(latest.sentAtBlock) >= BigInt(blocks);
    if (stuckByBlocks || this.now() - latest.sentAt >= (this.options.stuckAfterMs ?? 30_000)) {
      const replacement = await this.submitter.replacement(latest, b.calldata as Hex);
      replacement.sentAtBlock = head.toString();
      b.txs.push(replacement);
      await this.save(b, replacement.hash);
      this.metrics?.replacements.inc();
      if ((await this.submitter.broadcast(replacement)) === "nonce-used") {
        // The nonce was mined meanwhile: by one of ours (the next step finds its receipt) or not (then we resend).
        const again = await outcomeOf(client, exchange, BigInt(b.id), b.txs.map((t) => t.hash));
        if (again.kind === "none") await this.backToMatched(b);
      }
    }
  }

  /** included → final at N confirmations; back to matched if a reorg dropped its block. */
  private async track(b: StoredBatch, head: bigint): Promise<void> {
    const inclusion = b.inclusion!;
    if (!(await stillIncluded(this.options.client, inclusion))) {
      const outcome = await outcomeOf(this.options.client, this.options.exchange, BigInt(b.id), b.txs.map((t) => t.hash));
      if (outcome.kind === "included") {
        b.inclusion = outcome.inclusion; // re-mined in another block
        b.skipped = outcome.skippedIndices.map((i) => b.fills[i].fillId);
        await this.save(b, outcome.inclusion.txHash);
        return;
      }
      this.options.onAlert?.({ kind: "batch-reorged", batchId: b.id, blockNumber: inclusion.blockNumber });
      this.metrics?.reorgs.inc();
      await this.backToMatched(b);
      return;
    }
    if (!isConfirmed(inclusion, head, this.confirmations)) return;
    const skipped = new Set(b.skipped);
    await this.record(b, "fills-reverted", [...skipped]);
    await this.record(b, "fills-settled", b.fills.map((f) => f.fillId).filter((id) => !skipped.has(id)));
    b.state = "final";
    await this.save(b, inclusion.txHash);
    this.metrics?.matchToFinalSeconds.observe(Math.max(0, this.now() - b.matchedAt) / 1000);
  }

  private async backToMatched(b: StoredBatch): Promise<void> {
    b.state = "matched";
    b.inclusion = null;
    b.skipped = [];
    await this.save(b, null);
    await this.submitter.resync();
  }

  /** Isolated fills: reverted in the ledger (through the log), their offending order cancelled in the engine, and an alert each. */
  private async reportIsolated(b: StoredBatch, failing: readonly Failing<SettlementFill>[]): Promise<void> {
    await this.record(b, "fills-reverted", failing.map((f) => f.item.fillId));
    const cancelled = new Set<Hex>();
    for (const { item, reason, revert } of failing) {
      this.metrics?.isolatedFills.inc();
      let order: Hex | null = null;
      if (revert !== null && ORDER_ERRORS.has(revert.name)) {
        const named = String(revert.args[0]).toLowerCase();
        if (named === item.makerHash.toLowerCase() || named === item.takerHash.toLowerCase()) order = named as Hex;
      }
      if (order !== null && !cancelled.has(order)) {
        cancelled.add(order);
        const id = order === item.makerHash.toLowerCase() ? item.makerOrderId : item.takerOrderId;
        await this.options.trading.submit({ type: "cancel", market: item.market, id } as EngineCommandInput);
      }
      this.options.onAlert?.({ kind: "fill-isolated", batchId: b.id, fillId: item.fillId, reason, cancelledOrder: order });
    }
  }

  /** Submits a settlement record for the fills the ledger still has pending (so a repeat after a crash is a no-op). */
  private async record(b: StoredBatch, type: "fills-settled" | "fills-reverted", fillIds: readonly number[]): Promise<void> {
    const ledger = this.options.trading.ledgerView.ledger;
    const pending = fillIds.filter((id) => ledger.pendingFill(id) !== undefined);
    if (pending.length === 0) return;
    const { rejection } = await this.options.trading.submitLedger({ type, fillIds: pending });
    if (rejection !== null) this.options.onAlert?.({ kind: "record-refused", batchId: b.id, record: type, rejection });
  }

  /** After a restart: isolated fills whose fills-reverted never reached the log are reverted now. */
  private async repairRecords(): Promise<void> {
    for (const b of this.list()) if (b.isolated.length > 0) await this.record(b, "fills-reverted", b.isolated.map((f) => f.fillId));
  }

  private async save(b: StoredBatch, txHash: Hex | null): Promise<void> {
    b.updatedAt = this.now();
    await this.store.put(b);
    this.remember(b);
    this.publish(b, txHash);
  }

  private remember(b: StoredBatch): void {
    this.batches.set(b.id, b);
    if (isOpenState(b.state)) this.open.set(b.id, b);
    else this.open.delete(b.id);
    for (const f of b.fills) this.batchOf.set(f.fillId, b.id);
    for (const f of b.isolated) this.batchOf.set(f.fillId, b.id);
  }

  private publish(b: StoredBatch, txHash: Hex | null): void {
    const event: SettlementStateEvent = { batchId: b.id, fillIds: b.fills.map((f) => f.fillId), state: b.state, txHash };
    for (const listener of [this.options.onSettlementState, ...this.stateListeners]) {
      try {
        listener?.(event);
      } catch (error) {
        (this.options.onError ?? logError)(error);
      }
    }
  }

  /** Age of the oldest matched fill that is not final yet, 0 when none (relayer_settlement_lag_seconds, /health). */
  lagSeconds(): number {
    const now = this.now();
    let oldest = now;
    for (const at of this.matchedAt.values()) oldest = Math.min(oldest, at);
    for (const b of this.open.values()) oldest = Math.min(oldest, b.matchedAt);
    return (now - oldest) / 1000;
  }

  /** The on-chain internal balance of `account` in `token` (for reconciliation), at `blockNumber` (default: the head). */
  balanceOnChain(account: Address, token: Address, blockNumber?: bigint): Promise<bigint> {
    return readContract(this.options.client, { address: this.options.exchange, abi: SETTLEMENT_ABI, functionName: "balanceOf", args: [account, token], blockNumber });
  }

  /**
   * Compares every non-zero ledger balance's settled amount with the account's on-chain internal balance at the
   * newest block with N confirmations (reconciler.ts); each difference is an alert, and their count the
   * reconciliation gauge. Returns null (and checks nothing) while a batch is submitted or included, or a withdrawal
   * submitted: where its transaction lands is not known yet.
   */
  async reconcile(): Promise<BalanceDifference[] | null> {
    if ([...this.open.values()].some((b) => b.state === "submitted" || b.state === "included")) return null;
    if (this.withdrawals?.inFlight) return null;
    // The ledger first, then the head: everything the ledger holds as final was final at a block at or below the one read.
    const ledger = this.options.trading.ledgerView.snapshot();
    const executed = ledger.withdrawals.flatMap((w) => {
      const inclusion = this.withdrawals?.get(w.withdrawalId)?.inclusion;
      return inclusion ? [{ ...w, blockNumber: BigInt(inclusion.blockNumber) }] : [];
    });
    const head = await getBlockNumber(this.options.client, { cacheTime: 0 });
    const final = head >= BigInt(this.confirmations - 1) ? head - BigInt(this.confirmations - 1) : 0n;
    const expected = settledAt(ledger.balances, executed, final);
    const differences = await balanceDifferences(expected, (a, t) => this.balanceOnChain(a, t, final));
    this.metrics?.reconciliationDifferences.set(differences.length);
    for (const d of differences) this.options.onAlert?.({ kind: "reconciliation-difference", ...d });
    return differences;
  }
}
