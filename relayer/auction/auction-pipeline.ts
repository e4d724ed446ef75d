// Everything the relayer runs for auction markets, opened and closed as one piece by openServices: the batch store
// (`auction/` in the data dir), the recorder of closed batches (commitment, receipts), the batch clock, and for
// markets with `proofs: true` the proved settlement (auction-settler.ts). Nothing runs until `start()`.
import { join } from "node:path";
import type { LocalAccount } from "viem";
import { exchangeDomain } from "../../protocol/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { EngineCommandInput } from "../sequencer/index.js";
import { AuctionBatches, type AuctionOrders } from "./auction-batches.js";
import { AuctionSettler, type AuctionSettlerOptions } from "./auction-settler.js";
import { AuctionBatchStore } from "./batch-store.js";
import { BatchClock } from "./batch-clock.js";
import type { AckLike } from "./closed-batch.js";

export interface AuctionConfig {
  /** Signs the inclusion receipts (the operator key). Default: the settlement account, if any; else no receipts. */
  readonly signer?: LocalAccount;
  /** The proved settlement of `proofs` markets (AuctionSettlement on-chain). Without it, their batches are recorded
   *  and published but not settled. */
  readonly settlement?: Omit<
    AuctionSettlerOptions,
    "batches" | "store" | "trading" | "markets" | "exchange" | "chainId"
  >;
}

export interface AuctionPipelineOptions {
  readonly dataDir: string;
  readonly chainId: number;
  readonly exchange: `0x${string}`;
  readonly markets: MarketRegistry;
  readonly orders: AuctionOrders;
  readonly trading: AuctionSettlerOptions["trading"] & { submit(command: EngineCommandInput): Promise<unknown> };
  readonly config: AuctionConfig;
  readonly onError?: (error: unknown) => void;
}

export class AuctionPipeline {
  private constructor(
    private readonly store: AuctionBatchStore,
    readonly batches: AuctionBatches,
    readonly clock: BatchClock,
    readonly settler: AuctionSettler | undefined,
  ) {}

  static async open(options: AuctionPipelineOptions): Promise<AuctionPipeline> {
    const store = await AuctionBatchStore.open(join(options.dataDir, "auction"));
    try {
      const batches = new AuctionBatches({
        markets: options.markets,
        orders: options.orders,
        store,
        domain: exchangeDomain(options.chainId, options.exchange),
        signer: options.config.signer ?? options.config.settlement?.account,
        onError: options.onError,
      });
      const clock = new BatchClock({
        markets: options.markets.list(),
        submit: (c) => options.trading.submit(c),
        onError: options.onError,
      });
      const settlement = options.config.settlement;
      const settler =
        settlement === undefined
          ? undefined
          : await AuctionSettler.open({
              ...settlement,
              batches,
              store,
              trading: options.trading,
              markets: options.markets,
              exchange: options.exchange,
              chainId: options.chainId,
            });
      return new AuctionPipeline(store, batches, clock, settler);
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** Records the batches closed by replayed or acknowledged commands (replayed ones already stored are skipped). */
  apply(ack: AckLike): Promise<void> {
    return this.batches.apply(ack);
  }

  /** Starts the batch clock and the settler. */
  start(): void {
    this.clock.start();
    this.settler?.start();
  }

  /** Before the sequencer closes: no new closes, every recorded batch stored, the settler stopped. */
  async close(): Promise<void> {
    await this.clock.stop();
    await this.batches.settled();
    await this.settler?.close();
    await this.store.close();
  }
}
