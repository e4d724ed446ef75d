// What the relayer publishes about a closed auction batch (socket.io `auction.batch`, GET /v1/auctions/:market/batches/:id)
// and the inclusion receipts it signs: plain JSON, bigints as decimal strings. The published list is everything needed to
// recompute the batch's commitment (docs/fairness.md), so anyone can check it against the on-chain BatchClosed event.
import type { Address, Hex } from "viem";
import { Side } from "../../engine/types.js";
import type { InclusionReceipt } from "../../protocol/index.js";
import { circuitSizeFor } from "../../protocol/auction/circuit-sizes.js";
import { batchCommitment } from "../../protocol/auction/commitment.js";
import { orderHashToField } from "../../protocol/auction/field.js";
import type { AuctionSlot } from "../../protocol/auction/slot.js";

/** Auction batch ids: 2^128 + the close-batch command's sequence number. Deterministic (a replay gives the same ids),
 *  unique (one seq per command), and disjoint from the continuous settler's Exchange batch ids (a counter from 1). */
export const AUCTION_BATCH_ID_BASE = 2n ** 128n;

export const auctionBatchId = (closeSeq: number): bigint => AUCTION_BATCH_ID_BASE + BigInt(closeSeq);

/** The padded list length the commitment uses: the smallest circuit that holds the batch, else a multiple of 32. */
export function commitmentSize(orders: number): number {
  return circuitSizeFor(orders) ?? Math.ceil(orders / 32) * 32;
}

export interface PublishedBatchOrder {
  /** The order's slot (0-based): earlier = higher priority at equal limits. */
  position: number;
  /** The order's EIP-712 hash (the commitment absorbs it modulo the BN254 field). */
  orderHash: Hex;
  side: "buy" | "sell";
  /** Limit in ticks. */
  price: number;
  /** Lots open when the batch closed. */
  size: number;
}

export interface PublishedBatch {
  /** Decimal string (uint256). */
  batchId: string;
  /** The API market id, e.g. "WETH-USDC". */
  market: string;
  /** The close-batch command's sequence number and time (unix seconds). */
  seq: number;
  closedAt: number;
  /** The padded length N of the committed list. */
  slots: number;
  /** The market's last clearing price before this batch (ticks; 0 before the first). */
  reference: number;
  /** The clearing price (ticks; 0: nothing crossed) and the lots matched. */
  price: number;
  volume: number;
  /** The Poseidon commitment, decimal. */
  commitment: string;
  orders: PublishedBatchOrder[];
}

/** An inclusion receipt as the relayer hands it out: the signed message, and who signed it. */
export interface WireInclusionReceipt {
  batchId: string;
  market: string;
  position: number;
  orderHash: Hex;
  commitment: string;
  signer: Address;
  signature: Hex;
}

/** The circuit's slots of a published list (owners are not published: they do not enter the commitment). */
export function publishedSlots(batch: Pick<PublishedBatch, "orders">): AuctionSlot[] {
  return batch.orders.map((o) => ({
    side: o.side === "buy" ? Side.Buy : Side.Sell,
    price: o.price,
    size: o.size,
    owner: 0,
    orderHash: orderHashToField(o.orderHash),
  }));
}

/** Recomputes the commitment of a published list. */
export function publishedCommitment(batch: Pick<PublishedBatch, "batchId" | "orders" | "slots">): Promise<bigint> {
  return batchCommitment(BigInt(batch.batchId), publishedSlots(batch), batch.slots);
}

export function toInclusionReceipt(
  receipt: Pick<WireInclusionReceipt, "batchId" | "position" | "orderHash" | "commitment">,
): InclusionReceipt {
  return {
    batchId: BigInt(receipt.batchId),
    position: receipt.position,
    orderHash: receipt.orderHash,
    commitment: BigInt(receipt.commitment),
  };
}
