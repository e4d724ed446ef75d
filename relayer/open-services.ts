// The wiring root: builds the relayer's whole graph once, in order — the stores, the sequenced machine, the read
// models and feeds registered on the acknowledged stream (relayer/read-models/ack-stream.ts), the application
// services, the chain watcher, the settlers and the auction pipeline — and closes it in reverse. `start()` sets the
// background parts going. Nothing here runs at import time: `openServices` is called by startRelayer (relayer/app.ts,
// which only serves the graph over HTTP and socket.io) or by a test, with a plain config object.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Address } from "viem";
import { marketId, orderId } from "../engine/index.js";
import { secp256k1Implementation } from "./admission/ecdsa.js";
import type { WalletAnswerSource } from "./admission/order-verifier.js";
import { ChainHealth, ChainWatcher, type ChainHealthOptions, type ChainWatcherOptions } from "./chain/index.js";
import { MarketRegistry } from "./markets/index.js";
import { Settler, withdrawalStoreSource, type SettlerOptions } from "./settlement/index.js";
import { RelayerMetrics } from "./metrics/metrics.js";
import { CancelService } from "./services/cancel-service.js";
import { History } from "./read-models/history.js";
import { OrderIndex } from "./read-models/order-index.js";
import { OrderService } from "./services/order-service.js";
import { OrderStore } from "./read-models/order-store.js";
import { ReadModels } from "./read-models/read-models.js";
import { ReplayCatchUp } from "./read-models/ack-stream.js";
import { inThreadVerifier, PooledVerifier, type OrderSignatureVerifier } from "./admission/pooled-verifier.js";
import { Trading } from "./machine/trading.js";
import { WithdrawalService } from "./services/withdrawal-service.js";
import { WithdrawalStore } from "./services/withdrawal-store.js";
import type { LedgerCommandInput } from "./sequencer/index.js";
import { AuctionPipeline, type AuctionConfig } from "./auction/auction-pipeline.js";
import type { AckLike } from "./auction/closed-batch.js";
import type { SettlementStateEvent } from "./settlement/events.js";
import type { AddressGate } from "./services/address-gate.js";
import { SessionService } from "./services/session-service.js";
import { BookFeed } from "./ws/book-feed.js";
import { PrivateFeed } from "./ws/private-feed.js";
import { defaultLogger, type Logger } from "./log/index.js";

export interface ServicesConfig {
  /** Holds the sequencer's log and snapshots and the order index. */
  dataDir: string;
  chainId: number;
  exchange: Address;
  /** The market registry config (relayer/markets/markets.ts). */
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
  settlement?: Omit<
    SettlerOptions,
    "exchange" | "chainId" | "dataDir" | "trading" | "markets" | "orders" | "history" | "metrics" | "withdrawals"
  > &
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
  /** The per-address rate limit the private sessions apply once a signature is checked (relayer/http/rate-limit.ts). */
  addressGate?: AddressGate;
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
  /** The acknowledged stream the read models and feeds are registered on; `onApplied` hears each ack once they show it. */
  readModels: ReadModels;
  /** The public market-data feed's books and trades (socket.io rooms, relayer/ws/). */
  feed: BookFeed;
  /** The private channel's publisher (relayer/ws/private-feed.ts). */
  privateFeed: PrivateFeed;
  /** The private sessions' logins, market-maker operations and cancel-on-disconnect (relayer/ws/private-gateway.ts serves it). */
  sessions: SessionService;
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
  /** Starts the chain watcher, the chain's health, the settlers (their state changes reach the makers' private
   *  channel) and the auction pipeline: after the HTTP server listens. */
  start(): void;
  close(): Promise<void>;
}

const wallClock = () => Math.floor(Date.now() / 1000);

export async function openServices(config: ServicesConfig): Promise<Services> {
  const markets = MarketRegistry.fromConfig(config.markets);
  const clock = config.clock ?? wallClock;
  const logger = config.logger ?? defaultLogger();
  const logError =
    (component: string, what = "step failed; the next step retries") =>
    (error: unknown) =>
      logger.error({ component, err: error }, `${component}: ${what}`);
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
    trading = await Trading.open({
      directory: config.dataDir,
      engine: { markets: markets.engineMarkets(), feeRecipient: config.feeRecipient },
      clock,
      logger,
    });
    const history = new History();
    // The index and the history follow the replay, then every ack, before anything else listens (read-models.ts);
    // the withdrawal service and the auction pipeline, opened after recovery, catch up on what the replay showed.
    const readModels = new ReadModels(logError("read models", "a listener failed; the others ran"));
    readModels.register(index);
    readModels.register(history);
    const replayedWithdrawals = new ReplayCatchUp((record, applied) =>
      record.command.type.startsWith("withdrawal-")
        ? { record: record.command as LedgerCommandInput, seq: record.seq, refused: applied.rejection !== null }
        : undefined,
    );
    const replayedCloses = new ReplayCatchUp((record, applied): AckLike | undefined =>
      record.command.type === "close-batch" ? applied : undefined,
    );
    readModels.register(replayedWithdrawals);
    readModels.register(replayedCloses);
    await readModels.follow(trading);
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
        settlement: config.auctions?.settlement && {
          onError: logError("auction settler"),
          ...config.auctions.settlement,
        },
      },
      onError: logError("auction", "a batch was not closed or recorded; the next close is still scheduled"),
    });
    for (const closed of replayedCloses.seen) void auctions.apply(closed); // batches closed before a crash, not yet recorded
    await auctions.batches.settled();
    const openedAuctions = auctions;
    readModels.register({ onAcknowledged: (ack) => void openedAuctions.apply(ack) });
    const metrics = new RelayerMetrics(() => trading!.lastSeq);
    const orders = new OrderService({
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      trading,
      index,
      metrics,
      clock,
      wallets: config.wallets,
      verifier,
    });
    const cancels = await CancelService.open({
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      trading,
      index,
      store,
      clock,
      wallets: config.wallets,
    });
    const withdrawals = await WithdrawalService.open(
      {
        chainId: config.chainId,
        exchange: config.exchange,
        markets,
        trading,
        store: withdrawalStore,
        clock,
        wallets: config.wallets,
        logger,
      },
      replayedWithdrawals.seen,
    );
    const opened = trading;
    const openedWithdrawalStore = withdrawalStore;
    if (config.depositWatcher !== undefined) {
      // The watcher's records cancel orders (on-chain cancels, nonce floors, exits): like every ack, theirs reach the
      // read models through ReadModels.
      watcher = await ChainWatcher.open({
        onError: logError("chain watcher"),
        ...config.depositWatcher,
        exchange: config.exchange,
        dataDir: config.dataDir,
        submit: (r) => opened.submitLedger(r),
      });
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
    // Before anything is submitted: the feed's books start from the recovered engine.
    const feed = new BookFeed({
      markets,
      view: trading.view,
      index,
      onAck: (l) => readModels.register({ onAcknowledged: l }),
    });
    const privateFeed = new PrivateFeed({
      markets,
      index,
      ledger: () => opened.ledgerView,
      onApplied: (l) => readModels.onApplied(l),
    });
    const sessions = new SessionService({
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      clock,
      orders,
      cancels,
      index,
      lastSeq: () => opened.lastSeq,
      wallets: config.wallets,
      gate: config.addressGate,
      logger,
    });
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
      feed,
      privateFeed,
      sessions,
      start() {
        openedWatcher?.start();
        chainHealth?.start();
        // The settlers' state changes reach the makers' private channel (sent, in a block, final: each with its transaction).
        const toPrivateChannel = ({ fillIds, state, txHash }: SettlementStateEvent) => {
          if (txHash !== null && (state === "submitted" || state === "included" || state === "final"))
            privateFeed.publishSettlement({ fillIds, state, txHash });
        };
        openedSettler?.onState(toPrivateChannel);
        openedSettler?.start();
        openedAuctions.settler?.onState(toPrivateChannel); // proved auction batches reach makers the same way
        openedAuctions.start();
      },
      async close() {
        feed.close();
        privateFeed.close();
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
