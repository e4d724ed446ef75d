// The relayer's record of closed auction batches. From each acknowledgement that closed a batch (live, or replayed at
// start-up for a batch the store does not have yet) it builds the published batch: the ordered list with the orders'
// EIP-712 hashes, the Poseidon commitment, the reference and clearing prices; signs one inclusion receipt per order
// with the operator key; stores it all (synced), then tells its listeners (the socket.io feed, the auction settler).
// Batches are recorded one at a time, in close order.
import type { Address, Hex, LocalAccount } from "viem";
import { Side } from "../../engine/types.js";
import { inclusionReceiptTypedData, type ExchangeDomain } from "../../protocol/index.js";
import type { WireSignedOrder } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import type { StoredAuctionBatch, AuctionBatchStore } from "./batch-store.js";
import { closedBatches, type AckLike, type ClosedBatch } from "./closed-batch.js";
import {
  auctionBatchId,
  commitmentSize,
  publishedCommitment,
  type PublishedBatch,
  type WireInclusionReceipt,
} from "../wire/published-batch.js";
import { defaultLogger } from "../log/index.js";
import { RelayerError } from "../errors/relayer-error.js";

/** Where the recorder finds an engine order's hash and signed form (the order index). */
export interface AuctionOrders {
  byOrderId(id: number): { hash: Hex; signed: WireSignedOrder } | undefined;
}

export interface AuctionBatchesOptions {
  readonly markets: MarketRegistry;
  readonly orders: AuctionOrders;
  readonly store: AuctionBatchStore;
  readonly domain: ExchangeDomain;
  /** Signs the inclusion receipts (the operator key). No receipts without it. */
  readonly signer?: LocalAccount;
  /** A batch that could not be recorded (an order the index does not know). Default: defaultLogger() (relayer/log/). */
  readonly onError?: (error: unknown) => void;
}

export class AuctionBatchUnrecordableError extends RelayerError<"AUCTION_BATCH_UNRECORDABLE"> {
  override readonly name = "AuctionBatchUnrecordableError";
  constructor(message: string) {
    super("AUCTION_BATCH_UNRECORDABLE", message);
  }
}

export type BatchListener = (batch: StoredAuctionBatch) => void;

export class AuctionBatches {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<BatchListener>();

  constructor(private readonly options: AuctionBatchesOptions) {}

  /** Registers `listener` for every batch recorded from now on; returns its remover. */
  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the batches `ack` closed (after those already queued). Resolves once they are stored. */
  apply(ack: AckLike): Promise<void> {
    const closed = closedBatches(ack);
    if (closed.length === 0) return Promise.resolve(); // most acks: nothing to record
    const run = this.queue.then(async () => {
      for (const batch of closed) {
        try {
          await this.record(batch);
        } catch (error) {
          (
            this.options.onError ??
            ((e) => defaultLogger().error({ component: "auction", err: e }, "auction: batch not recorded"))
          )(error);
        }
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every batch queued so far is recorded. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** The stored batch with this id, if any. */
  get(batchId: bigint | string): Promise<StoredAuctionBatch | undefined> {
    return this.options.store.get(batchId);
  }

  /** The published batch `batchId` of the market with API id `market`. */
  async published(market: string, batchId: bigint): Promise<PublishedBatch | undefined> {
    const stored = await this.options.store.get(batchId);
    return stored?.published.market === market ? stored.published : undefined;
  }

  /** The receipts of an order, one per batch it was in, by batch id. */
  receipts(orderHash: Hex): Promise<WireInclusionReceipt[]> {
    return this.options.store.receiptsOf(orderHash);
  }

  private async record(closed: ClosedBatch): Promise<void> {
    const id = auctionBatchId(closed.seq);
    if ((await this.options.store.get(id)) !== undefined) return; // a replayed close that was recorded before
    const market = this.options.markets.byEngineId(closed.market);
    if (market === undefined) throw new AuctionBatchUnrecordableError(`batch ${id}: unknown market ${closed.market}`);
    const signed: Record<Hex, WireSignedOrder> = {};
    const orders = closed.orders.map((o) => {
      const known = this.options.orders.byOrderId(o.id);
      if (known === undefined)
        throw new AuctionBatchUnrecordableError(`batch ${id}: order ${o.id} is not in the order index`);
      signed[known.hash] = known.signed;
      return {
        position: o.slot,
        orderHash: known.hash,
        side: o.side === Side.Buy ? ("buy" as const) : ("sell" as const),
        price: o.price as number,
        size: o.size as number,
      };
    });
    const slots = commitmentSize(orders.length);
    // From the published list itself, as every user recomputes it (verifyInclusionReceipt).
    const commitment = await publishedCommitment({ batchId: id.toString(), orders, slots });
    const published: PublishedBatch = {
      batchId: id.toString(),
      market: market.id,
      seq: closed.seq,
      closedAt: closed.time,
      slots,
      reference: closed.reference,
      price: closed.price,
      volume: closed.volume,
      commitment: commitment.toString(),
      orders,
    };
    const receipts: WireInclusionReceipt[] = [];
    const signer = this.options.signer;
    if (signer?.signTypedData !== undefined) {
      for (const o of orders) {
        const message = { batchId: id, position: o.position, orderHash: o.orderHash, commitment };
        const signature = await signer.signTypedData(inclusionReceiptTypedData(this.options.domain, message));
        receipts.push({
          batchId: published.batchId,
          market: market.id,
          position: o.position,
          orderHash: o.orderHash,
          commitment: published.commitment,
          signer: signer.address.toLowerCase() as Address,
          signature,
        });
      }
    }
    const crossed = closed.volume > 0;
    const batch: StoredAuctionBatch = {
      published,
      engineMarket: closed.market,
      orderIds: closed.orders.map((o) => o.id),
      owners: closed.orders.map((o) => o.owner),
      fillIds: [...closed.fillIds],
      signed,
      receipts,
      settlement: market.proofs
        ? {
            state: crossed ? "closed" : "empty",
            closeTxs: [],
            settleTxs: [],
            proof: null,
            calldata: "0x",
            inclusion: null,
            skipped: [],
            failure: null,
            updatedAt: 0,
          }
        : null,
    };
    await this.options.store.add(batch);
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        (
          this.options.onError ??
          ((e) => defaultLogger().error({ component: "auction", err: e }, "auction: batch listener failed"))
        )(error);
      }
    }
  }
}
