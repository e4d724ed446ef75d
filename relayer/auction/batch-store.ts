// The auction pipeline's durable state, in its own LevelDB (`auction/` in the relayer's data dir): every closed batch
// as published (ordered list, commitment), the engine's ids and owners of its slots, the ledger's ids of its fills,
// the signed orders and receipts, and, for a proofs market, its settlement (transactions stored before they are sent,
// the proof once made). One synced write per change: write first, then act.
import { ClassicLevel } from "classic-level";
import type { Hex } from "viem";
import type { WireSignedOrder } from "../orders/index.js";
import type { Inclusion, SentTransaction, SentTransactions } from "../settlement/settlement-store.js";
import type { PublishedBatch, WireInclusionReceipt } from "../wire/published-batch.js";

/**
 * A proofs market's batch on its way to the chain:
 *
 *   closed      stored; the commitment is not posted yet (or its transaction must be redone)
 *   committing  AuctionSettlement.closeBatch is stored and sent
 *   committed   closeBatch is in a block: the commitment is public and timestamped; the proof is being made
 *   proved      the proof is stored; settle is not sent yet (or must be redone)
 *   submitted   AuctionSettlement.settle is stored and sent
 *   included    settle is in a block; waiting for confirmations
 *   final       N confirmations: fills-settled (fills-reverted for fills the Exchange skipped) went through the log
 *   empty       nothing crossed: no commitment, proof or settlement needed
 *   failed      the proof could not be made or the contract refuses it: the market's later batches wait (an alert says why)
 */
export type AuctionSettlementState =
  | "closed"
  | "committing"
  | "committed"
  | "proved"
  | "submitted"
  | "included"
  | "final"
  | "empty"
  | "failed";

/** A Groth16 proof as stored (decimal strings), in the contract's coordinate order. */
export interface StoredProof {
  a: [string, string];
  b: [[string, string], [string, string]];
  c: [string, string];
}

interface SettlementRecord {
  readonly closeTxs: readonly SentTransaction[];
  readonly settleTxs: readonly SentTransaction[];
  readonly calldata: Hex | "0x";
  /** Fill ids the Exchange skipped (FillSkipped), known once included. */
  readonly skipped: number[];
  readonly failure: string | null;
  readonly updatedAt: number;
}

/**
 * A proofs batch's settlement, by state: closeBatch sent has its transaction, a proved batch its proof, a settle sent
 * its transaction and calldata, one in a block its inclusion, a failed one why. Replaced, never edited.
 */
export type AuctionSettlementRecord = SettlementRecord &
  (
    | { readonly state: "closed"; readonly proof: null; readonly inclusion: null }
    | { readonly state: "empty"; readonly proof: null; readonly inclusion: null }
    | {
        readonly state: "committing";
        readonly closeTxs: SentTransactions;
        readonly proof: null;
        readonly inclusion: null;
      }
    | { readonly state: "committed"; readonly proof: null; readonly inclusion: null }
    | { readonly state: "proved"; readonly proof: StoredProof; readonly inclusion: null }
    | {
        readonly state: "submitted";
        readonly proof: StoredProof;
        readonly settleTxs: SentTransactions;
        readonly calldata: Hex;
        readonly inclusion: null;
      }
    | { readonly state: "included"; readonly proof: StoredProof; readonly inclusion: Inclusion }
    | { readonly state: "final"; readonly proof: StoredProof; readonly inclusion: Inclusion }
    | {
        readonly state: "failed";
        readonly proof: StoredProof | null;
        readonly failure: string;
        readonly inclusion: null;
      }
  );

export interface StoredAuctionBatch {
  published: PublishedBatch;
  /** The engine's market id, and per slot the engine order id and owner id. */
  engineMarket: number;
  orderIds: number[];
  owners: number[];
  /** The ledger's fill ids of the batch's fills, in the engine's fill order (= the settle call's fill order). */
  fillIds: number[];
  /** Signed orders of the slots, by hash: what the settle call needs, without the order index. */
  signed: Record<Hex, WireSignedOrder>;
  /** One per slot when the relayer signs receipts. */
  receipts: WireInclusionReceipt[];
  /** Null unless the market settles with proofs. */
  settlement: AuctionSettlementRecord | null;
}

/** A batch of a proofs market: the auction settler's. */
export type SettlingAuctionBatch = StoredAuctionBatch & { readonly settlement: AuctionSettlementRecord };

/** Whether `b` is of a proofs market (the others are recorded and published, not settled). */
export const isSettling = (b: StoredAuctionBatch): b is SettlingAuctionBatch => b.settlement !== null;

const BATCH = "batch:";
const RECEIPT = "receipt:";
const key = (id: bigint | string) => BATCH + BigInt(id).toString().padStart(78, "0");
const receiptKey = (orderHash: string, id: bigint | string) =>
  `${RECEIPT}${orderHash.toLowerCase()}:${BigInt(id).toString().padStart(78, "0")}`;

export class AuctionBatchStore {
  private constructor(private readonly db: ClassicLevel<string, StoredAuctionBatch | WireInclusionReceipt>) {}

  static async open(directory: string): Promise<AuctionBatchStore> {
    const db = new ClassicLevel<string, StoredAuctionBatch | WireInclusionReceipt>(directory, {
      valueEncoding: "json",
    });
    await db.open();
    return new AuctionBatchStore(db);
  }

  /** Stores a new batch and indexes its receipts by order hash, in one synced write. */
  async add(batch: StoredAuctionBatch): Promise<void> {
    const id = batch.published.batchId;
    await this.db.batch(
      [
        { type: "put" as const, key: key(id), value: batch as StoredAuctionBatch | WireInclusionReceipt },
        ...batch.receipts.map((r) => ({
          type: "put" as const,
          key: receiptKey(r.orderHash, id),
          value: r as StoredAuctionBatch | WireInclusionReceipt,
        })),
      ],
      { sync: true },
    );
  }

  /** An order's receipts, by ascending batch id. */
  async receiptsOf(orderHash: string): Promise<WireInclusionReceipt[]> {
    const prefix = `${RECEIPT}${orderHash.toLowerCase()}:`;
    const out: WireInclusionReceipt[] = [];
    for await (const value of this.db.values({ gte: prefix, lt: prefix + "\xff" }))
      out.push(value as WireInclusionReceipt);
    return out;
  }

  /** Writes a batch (synced): call before acting on its new state. */
  async put(batch: StoredAuctionBatch): Promise<void> {
    await this.db.put(key(batch.published.batchId), batch, { sync: true });
  }

  async get(id: bigint | string): Promise<StoredAuctionBatch | undefined> {
    return (await this.db.get(key(id))) as StoredAuctionBatch | undefined;
  }

  /** Every batch, by ascending id (= close order). */
  async all(): Promise<StoredAuctionBatch[]> {
    const out: StoredAuctionBatch[] = [];
    for await (const value of this.db.values({ gte: BATCH, lt: BATCH + "\xff" })) out.push(value as StoredAuctionBatch);
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
