// Opens everything the HTTP shell needs, in order, and closes it in reverse. Nothing here runs at import time:
// `openServices` is called by startRelayer (or a test) with a plain config object.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Address } from "viem";
import { marketId, orderId } from "../../engine/index.js";
import { secp256k1Implementation } from "../admission/ecdsa.js";
import type { WalletAnswerSource } from "../admission/order-verifier.js";
import { ChainHealth, ChainWatcher, type ChainHealthOptions, type ChainWatcherOptions } from "../chain/index.js";
import { MarketRegistry } from "../orders/index.js";
import { Settler, withdrawalStoreSource, type SettlerOptions } from "../settlement/index.js";
import { RelayerMetrics } from "./metrics.js";
import { CancelService } from "./cancel-service.js";
import { History } from "./history.js";
import { OrderIndex } from "./order-index.js";
import { OrderService } from "./order-service.js";
import { OrderStore } from "./order-store.js";
import { ReadModels } from "./read-models.js";
import { inThreadVerifier, PooledVerifier, type OrderSignatureVerifier } from "./pooled-verifier.js";
import { Trading } from "./trading.js";
import { WithdrawalService } from "./withdrawal-service.js";
import { WithdrawalStore } from "./withdrawal-store.js";
import type { LedgerCommandInput } from "../sequencer/index.js";
import { AuctionPipeline, type AuctionConfig } from "../auction/auction-pipeline.js";
import type { AckLike } from "../auction/closed-batch.js";
import { defaultLogger, type Logger } from "../log/index.js";

export interface ServicesConfig {
  /** Holds the sequencer's log and snapshots and the order index. */
  dataDir: string;
  chainId: number;
  exchange: Address;
  /** The market registry config (relayer/orders/markets.ts). */
  markets: unknown;
  /** Unix seconds; the wall clock by default. */
  clock?: () => number;
  wallets?: WalletAnswerSource;
  /** Who the ledger owes fees to until a fee-recipient-set record says otherwise. */
  feeRecipient?: Address;
  /** The chain watcher (relayer/chain/, docs/chain-watcher.md): credits deposits and applies on-chain cancels, nonce
   *  floors and exits; a watcher over the same data dir, opened after recovery and started by startRelayer. No
   *  watcher without it. (The name predates the order controls.) */
  depositWatcher?: Omit<ChainWatcherOptions, "exchange" | "submit" | "dataDir">;
  /** Worker threads verifying order signatures for HTTP admission (VerifierPool); 0 verifies in the main thread.
   *  Default: one per spare CPU, at most 2 (min(2, max(1, cpus − 1))). */
  verifierThreads?: number;
  /** Settles matched fills and executes requested withdrawals on-chain with the operator key (relayer/settlement/,
   *  docs/settlement.md): opened after recovery, started by startRelayer. No settlement without it. */
  settlement?: Omit<SettlerOptions, "exchange" | "chainId" | "dataDir" | "trading" | "markets" | "orders" | "history" | "metrics" | "withdrawals"> &
    Partial<Pick<SettlerOptions, "withdrawals">>;
  /** Auction markets (relayer/auction/, docs/fairness.md): receipts' signer (default: the settlement account) and the
   *  proved settlement of `proofs` markets. The batch clock runs for every auction market in any case. */
  auctions?: AuctionConfig;
  /** How often the chain is asked for its head for /health and /ready, and after how long without an answer it is
   *  unreachable (relayer/chain/chain-health.ts). Used with the settlement's client, else the watcher's. */
  chainHealth?: ChainHealthOptions;
  /** The runtime log (relayer/log/): the services' faults and the chain watcher's, settler's and auction pipeline's
   *  errors when their own onError is not given. defaultLogger() if absent. */
  logger?: Logger;
}

/** The default verifierThreads: the main thread keeps a core; two workers already outrun the sequencer. */
export function defaultVerifierThreads(): number {
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}

/** Which native crypto is loaded (admission refuses to load without both). */
export interface CryptoInfo {
  secp256k1: "native";
  keccak: "js-sha3";
}

export interface Services {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  clock: () => number;
  trading: Trading;
  index: OrderIndex;
  orders: OrderService;
  /** Signed cancels and cancel-alls (DELETE /v1/orders/:hash, POST /v1/orders/cancel-all). */
  cancels: CancelService;
  /** Signed withdrawals (POST/GET /v1/withdrawals), stored for the settlement pipeline (WithdrawalStore). */
  withdrawals: WithdrawalService;
  withdrawalStore: WithdrawalStore;
  /** Accepted orders and fills for the list endpoints, from the replay and then every acknowledgement. */
  history: History;
  /** The index and the history as one projection of the acknowledged stream; `onApplied` hears each ack once they show it. */
  readModels: ReadModels;
  metrics: RelayerMetrics;
  crypto: CryptoInfo;
  /** Worker threads verifying order signatures (0: the main thread), and the verifier itself. */
  verifierThreads: number;
  verifier: OrderSignatureVerifier;
  /** Present when the config asks for one; not polling until `start()` (startRelayer does it). */
  depositWatcher?: ChainWatcher;
  /** Present when the config has a `settlement` block; not stepping until `start()` (startRelayer does it). */
  settler?: Settler;
  /** Closed auction batches (commitments, receipts), the batch clock and the proved settlement; started by startRelayer. */
  auctions: AuctionPipeline;
  /** Whether the chain answers (for /health and /ready); present with a settlement or a watcher, started by startRelayer. */
  chainHealth?: ChainHealth;
  close(): Promise<void>;
}

const wallClock = () => Math.floor(Date.now() / 1000);

export async function openServices(config: ServicesConfig): Promise<Services> {
  const markets = MarketRegistry.fromConfig(config.markets);
  const clock = config.clock ?? wallClock;
  const logger = config.logger ?? defaultLogger();
  const logError = (component: string, what = "step failed; the next step retries") => (error: unknown) => logger.error({ component, err: error }, `${component}: ${what}`);
  const store = await OrderStore.open(join(config.dataDir, "orders"));
  let withdrawalStore: WithdrawalStore | undefined;
  let verifier: OrderSignatureVerifier = inThreadVerifier;
  let trading: Trading | undefined;
  let watcher: ChainWatcher | undefined;
  let settler: Settler | undefined;
  let auctions: AuctionPipeline | undefined;
  try {
    withdrawalStore = await WithdrawalStore.open(join(config.dataDir, "withdrawals"));
    const threads = config.verifierThreads ?? defaultVerifierThreads();
    if (threads > 0) verifier = await PooledVerifier.start(threads, logger);
    const index = new OrderIndex(store);
    await index.load((o) => Number(BigInt(o.signed.order.baseAmount) / markets.byEngineId(o.market)!.engine.lotSize));
    trading = await Trading.open({ directory: config.dataDir, engine: { markets: markets.engineMarkets(), feeRecipient: config.feeRecipient }, clock, logger });
    const history = new History();
    const replayedWithdrawals: { record: LedgerCommandInput; seq: number; refused: boolean }[] = [];
    const replayedCloses: AckLike[] = [];
    // The index and the history follow the replay, then every ack, before anything else listens (read-models.ts).
    const readModels = new ReadModels(index, history, logError("read models", "a listener failed; the others ran"));
    await readModels.follow(trading, (record, events, result) => {
      if (record.command.type === "place") index.notePlaced(record.command.id);
      if (record.command.type.startsWith("withdrawal-")) {
        replayedWithdrawals.push({ record: record.command as LedgerCommandInput, seq: record.seq, refused: result.rejection !== null });
      }
      if (record.command.type === "close-batch") replayedCloses.push({ seq: record.seq, time: record.time, events, fillIds: result.fillIds });
    });
    const view = trading.view;
    await index.reconcile((o) => view.hasOrder(marketId(o.market), orderId(o.id)));
    auctions = await AuctionPipeline.open({
      dataDir: config.dataDir,
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      orders: index,
      trading,
      config: {
        ...config.auctions,
        signer: config.auctions?.signer ?? config.settlement?.account,
        settlement: config.auctions?.settlement && { onError: logError("auction settler"), ...config.auctions.settlement },
      },
      onError: logError("auction", "a batch was not closed or recorded; the next close is still scheduled"),
    });
    for (const closed of replayedCloses) void auctions.apply(closed); // batches closed before a crash, not yet recorded
    await auctions.batches.settled();
    const openedAuctions = auctions;
    trading.onAck((ack) => void openedAuctions.apply(ack));
    const metrics = new RelayerMetrics(() => trading!.lastSeq);
    const orders = new OrderService({ chainId: config.chainId, exchange: config.exchange, markets, trading, index, metrics, clock, wallets: config.wallets, verifier });
    const cancels = await CancelService.open({ chainId: config.chainId, exchange: config.exchange, markets, trading, index, store, clock, wallets: config.wallets });
    const withdrawals = await WithdrawalService.open(
      { chainId: config.chainId, exchange: config.exchange, markets, trading, store: withdrawalStore, clock, wallets: config.wallets, logger },
      replayedWithdrawals,
    );
    const opened = trading;
    const openedWithdrawalStore = withdrawalStore;
    if (config.depositWatcher !== undefined) {
      // The watcher's records cancel orders (on-chain cancels, nonce floors, exits): like every ack, theirs reach the
      // read models through ReadModels.
      watcher = await ChainWatcher.open({ onError: logError("chain watcher"), ...config.depositWatcher, exchange: config.exchange, dataDir: config.dataDir, submit: (r) => opened.submitLedger(r) });
    }
    if (config.settlement !== undefined) {
      settler = await Settler.open({
        withdrawals: withdrawalStoreSource(withdrawalStore),
        onError: logError("settler"),
        ...config.settlement,
        exchange: config.exchange,
        chainId: config.chainId,
        dataDir: config.dataDir,
        trading,
        markets,
        orders: index,
        history,
        metrics: metrics.registry,
      });
    }
    const openedWatcher = watcher;
    const openedSettler = settler;
    const chainClient = config.settlement?.client ?? config.depositWatcher?.client;
    const chainHealth = chainClient === undefined ? undefined : new ChainHealth(chainClient, config.chainHealth);
    return {
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      clock,
      trading,
      index,
      orders,
      cancels,
      withdrawals,
      withdrawalStore,
      history,
      readModels,
      metrics,
      crypto: { secp256k1: secp256k1Implementation().kind, keccak: "js-sha3" },
      verifierThreads: threads,
      verifier,
      depositWatcher: openedWatcher,
      settler: openedSettler,
      auctions: openedAuctions,
      chainHealth,
      async close() {
        chainHealth?.stop();
        await openedAuctions.close();
        await openedSettler?.close();
        await openedWatcher?.close();
        await opened.close();
        await withdrawals.outcomesSaved();
        await openedWithdrawalStore.close();
        await store.close();
        await verifier.close();
      },
    };
  } catch (error) {
    await auctions?.close().catch(() => {});
    await settler?.close().catch(() => {});
    await watcher?.close().catch(() => {});
    await trading?.close().catch(() => {});
    await withdrawalStore?.close().catch(() => {});
    await store.close().catch(() => {});
    await verifier.close().catch(() => {});
    throw error;
  }
}
