// Opens everything the HTTP shell needs, in order, and closes it in reverse. Nothing here runs at import time:
// `openServices` is called by startRelayer (or a test) with a plain config object.
import { join } from "node:path";
import type { Address } from "viem";
import { secp256k1Implementation } from "../admission/ecdsa.js";
import type { WalletAnswerSource } from "../admission/order-verifier.js";
import { DepositWatcher, type DepositWatcherOptions } from "../chain/index.js";
import { MarketRegistry } from "../orders/index.js";
import { Settler, type SettlerOptions } from "../settlement/index.js";
import { RelayerMetrics } from "./metrics.js";
import { CancelService } from "./cancel-service.js";
import { History } from "./history.js";
import { OrderIndex } from "./order-index.js";
import { OrderService } from "./order-service.js";
import { OrderStore } from "./order-store.js";
import { Trading } from "./trading.js";

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
  /** Credits on-chain deposits (relayer/chain/, docs/chain-watcher.md): a watcher over the same data dir, opened
   *  after recovery and started by startRelayer. No watcher without it. */
  depositWatcher?: Omit<DepositWatcherOptions, "exchange" | "submit" | "dataDir">;
  /** Settles matched fills on-chain with the operator key (relayer/settlement/, docs/settlement.md): opened after
   *  recovery, started by startRelayer. No settlement without it. */
  settlement?: Omit<SettlerOptions, "exchange" | "chainId" | "dataDir" | "trading" | "markets" | "orders" | "history" | "metrics">;
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
  /** Accepted orders and fills for the list endpoints, from the replay and then every acknowledgement. */
  history: History;
  metrics: RelayerMetrics;
  crypto: CryptoInfo;
  /** Present when the config asks for one; not polling until `start()` (startRelayer does it). */
  depositWatcher?: DepositWatcher;
  /** Present when the config has a `settlement` block; not stepping until `start()` (startRelayer does it). */
  settler?: Settler;
  close(): Promise<void>;
}

const wallClock = () => Math.floor(Date.now() / 1000);

export async function openServices(config: ServicesConfig): Promise<Services> {
  const markets = MarketRegistry.fromConfig(config.markets);
  const clock = config.clock ?? wallClock;
  const store = await OrderStore.open(join(config.dataDir, "orders"));
  let trading: Trading | undefined;
  let watcher: DepositWatcher | undefined;
  let settler: Settler | undefined;
  try {
    const index = new OrderIndex(store);
    await index.load((o) => Number(BigInt(o.signed.order.baseAmount) / markets.byEngineId(o.market)!.engine.lotSize));
    trading = await Trading.open({ directory: config.dataDir, engine: { markets: markets.engineMarkets(), feeRecipient: config.feeRecipient }, clock });
    const history = new History();
    await trading.recover((record, events, result) => {
      if (record.command.type === "place") index.notePlaced(record.command.id);
      index.apply(events);
      history.apply({ seq: record.seq, time: record.time, events, fillIds: result.fillIds });
    });
    trading.onAck((ack) => history.apply(ack));
    const view = trading.view;
    await index.reconcile((o) => view.hasOrder(o.market as never, o.id as never));
    const metrics = new RelayerMetrics(() => trading!.lastSeq);
    const orders = new OrderService({ chainId: config.chainId, exchange: config.exchange, markets, trading, index, metrics, clock, wallets: config.wallets });
    const cancels = await CancelService.open({ chainId: config.chainId, exchange: config.exchange, markets, trading, index, store, clock, wallets: config.wallets });
    const opened = trading;
    if (config.depositWatcher !== undefined) {
      watcher = await DepositWatcher.open({ ...config.depositWatcher, exchange: config.exchange, dataDir: config.dataDir, submit: (r) => opened.submitLedger(r) });
    }
    if (config.settlement !== undefined) {
      settler = await Settler.open({ ...config.settlement, exchange: config.exchange, chainId: config.chainId, dataDir: config.dataDir, trading, markets, orders: index, history, metrics: metrics.registry });
    }
    const openedWatcher = watcher;
    const openedSettler = settler;
    return {
      chainId: config.chainId,
      exchange: config.exchange,
      markets,
      clock,
      trading,
      index,
      orders,
      cancels,
      history,
      metrics,
      crypto: { secp256k1: secp256k1Implementation().kind, keccak: "js-sha3" },
      depositWatcher: openedWatcher,
      settler: openedSettler,
      async close() {
        await openedSettler?.close();
        await openedWatcher?.close();
        await opened.close();
        await store.close();
      },
    };
  } catch (error) {
    await settler?.close().catch(() => {});
    await watcher?.close().catch(() => {});
    await trading?.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
}
