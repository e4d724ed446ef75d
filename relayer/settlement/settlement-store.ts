// The settler's durable state, in its own LevelDB (`settlement/` in the relayer's data dir): every batch with its
// fills, the signed orders they need, its calldata, its state, and every transaction signed for it (hash, raw
// bytes, nonce, fees). A transaction is stored, synced, BEFORE it is sent, so after a crash the settler knows every
// hash that might be on the chain. Batch ids come from a counter stored in the same synced write as the batch.
import { ClassicLevel } from "classic-level";
import type { Hex } from "viem";
import type { WireSignedOrder } from "../orders/index.js";
import type { StoredFill } from "./settlement-fill.js";

export interface SentTransaction {
  hash: Hex;
  /** The signed transaction, so a restart can broadcast exactly the same bytes again. */
  raw: Hex;
  nonce: number;
  /** Decimal strings: the gas limit, and the fees (wei). */
  gas: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** Unix milliseconds (the settler's clock) when it was first sent. */
  sentAt: number;
  /** The chain's head block number when it was sent (decimal string). */
  sentAtBlock?: string;
}

/** The transactions of something in flight, oldest first: never none, and the latest (the one to rebroadcast or replace) last. */
export type SentTransactions = readonly [...SentTransaction[], SentTransaction];

export interface Inclusion {
  txHash: Hex;
  blockNumber: string;
  blockHash: Hex;
  gasUsed: string;
}

export interface IsolatedFill {
  fillId: number;
  /** The decoded revert (error name and values) that made this fill fail in simulation. */
  reason: string;
}

interface BatchRecord {
  /** Decimal string (uint256 on-chain). */
  readonly id: string;
  readonly market: number;
  /** The fills this batch settles, in batch order (isolated fills removed). */
  readonly fills: StoredFill[];
  /** Fills taken out because they made the batch revert in simulation. */
  readonly isolated: IsolatedFill[];
  /** Fill ids the contract skipped (FillSkipped), known once included. */
  readonly skipped: number[];
  /** Signed orders by EIP-712 hash: everything needed to rebuild the calldata without the order index. */
  readonly orders: Readonly<Record<Hex, WireSignedOrder>>;
  /** settle() calldata for `fills` (empty until first built). */
  readonly calldata: Hex | "0x";
  /** Every transaction signed for it, oldest first (a batch sent again after a reorg keeps the earlier ones). */
  readonly txs: readonly SentTransaction[];
  /** Unix milliseconds: when matched (its first fill's ack), and each change of state. */
  readonly matchedAt: number;
  readonly updatedAt: number;
}

/**
 * A stored batch, by state (states.ts): one sent has a transaction, one in a block has its inclusion; no state
 * carries a field it cannot have. Records are replaced, never edited: each change of state is a new value.
 */
export type StoredBatch =
  | (BatchRecord & { readonly state: "matched"; readonly inclusion: null })
  | (BatchRecord & { readonly state: "isolated"; readonly inclusion: null })
  | (BatchRecord & { readonly state: "submitted"; readonly txs: SentTransactions; readonly inclusion: null })
  | (BatchRecord & { readonly state: "included"; readonly inclusion: Inclusion })
  | (BatchRecord & { readonly state: "final"; readonly inclusion: Inclusion });

/** A stored batch in state S (or one of them). */
export type BatchIn<S extends StoredBatch["state"]> = StoredBatch & { readonly state: S };

/** `txs`, then `latest`. */
export const withLatest = (txs: readonly SentTransaction[], latest: SentTransaction): SentTransactions => [
  ...txs,
  latest,
];

/** `txs` as the transactions of something in flight, or null when none was sent. */
export function sentTransactions(txs: readonly SentTransaction[]): SentTransactions | null {
  if (txs.length === 0) return null;
  return [...txs.slice(0, -1), txs[txs.length - 1]];
}

interface WithdrawalRecord {
  readonly id: string;
  readonly calldata: Hex;
  readonly txs: readonly SentTransaction[];
  /** Why it failed (the decoded revert of its simulation), or null. */
  readonly reason: string | null;
  readonly updatedAt: number;
}

/** A withdrawal the settler executes (withdrawals.ts): to (re)send, sent, in a block, final (withdrawal-settled) or failed. */
export type StoredWithdrawal =
  | (WithdrawalRecord & { readonly state: "pending"; readonly inclusion: null })
  | (WithdrawalRecord & { readonly state: "failed"; readonly inclusion: null })
  | (WithdrawalRecord & { readonly state: "submitted"; readonly txs: SentTransactions; readonly inclusion: null })
  | (WithdrawalRecord & { readonly state: "included"; readonly inclusion: Inclusion })
  | (WithdrawalRecord & { readonly state: "final"; readonly inclusion: Inclusion });

const BATCH = "batch:";
const WITHDRAWAL = "withdrawal:";
const NEXT_ID = "meta:next-batch-id";
const key = (id: bigint | string) => BATCH + BigInt(id).toString().padStart(78, "0");

export class SettlementStore {
  private constructor(private readonly db: ClassicLevel<string, StoredBatch | string>) {}

  static async open(directory: string): Promise<SettlementStore> {
    const db = new ClassicLevel<string, StoredBatch | string>(directory, { valueEncoding: "json" });
    await db.open();
    return new SettlementStore(db);
  }

  /** The id the next batch gets (1 for a new store). */
  async nextBatchId(): Promise<bigint> {
    const value = await this.db.get(NEXT_ID);
    return value === undefined ? 1n : BigInt(value as string);
  }

  /** Stores new batches (ids consecutive from nextBatchId) and advances the counter past them, in one synced write. */
  async addBatches(batches: readonly StoredBatch[]): Promise<void> {
    if (batches.length === 0) return;
    const last = BigInt(batches[batches.length - 1].id);
    await this.db.batch(
      [
        ...batches.map((b) => ({ type: "put" as const, key: key(b.id), value: b as StoredBatch | string })),
        { type: "put" as const, key: NEXT_ID, value: (last + 1n).toString() as StoredBatch | string },
      ],
      { sync: true },
    );
  }

  /** Writes a batch's new state (synced): call before acting on it (sending a transaction, submitting a record). */
  async put(batch: StoredBatch): Promise<void> {
    await this.db.put(key(batch.id), batch, { sync: true });
  }

  async get(id: bigint | string): Promise<StoredBatch | undefined> {
    return (await this.db.get(key(id))) as StoredBatch | undefined;
  }

  /** Every batch, by ascending id. */
  async all(): Promise<StoredBatch[]> {
    const out: StoredBatch[] = [];
    for await (const value of this.db.values({ gte: BATCH, lt: BATCH + "\xff" })) out.push(value as StoredBatch);
    return out;
  }

  async putWithdrawal(w: StoredWithdrawal): Promise<void> {
    await this.db.put(WITHDRAWAL + w.id, w as unknown as StoredBatch, { sync: true });
  }

  async withdrawals(): Promise<StoredWithdrawal[]> {
    const out: StoredWithdrawal[] = [];
    for await (const value of this.db.values({ gte: WITHDRAWAL, lt: WITHDRAWAL + "\xff" }))
      out.push(value as unknown as StoredWithdrawal);
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
