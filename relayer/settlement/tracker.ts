// What the chain says about a batch's transactions: whether one of them is in a block (and which fills the
// contract skipped there), whether that block is still on the canonical chain, and how deep it is.
import {
  parseEventLogs,
  TransactionReceiptNotFoundError,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { getBlock, getTransactionReceipt } from "viem/actions";
import { SETTLEMENT_ABI } from "./exchange-abi.js";
import type { Inclusion } from "./settlement-store.js";

export type TxOutcome =
  | { readonly kind: "included"; readonly inclusion: Inclusion; readonly skippedIndices: number[] }
  | { readonly kind: "reverted"; readonly txHash: Hex }
  | { readonly kind: "none" };

/** The receipt of `hash`, or null when the node has none (not mined, or dropped by a reorg). */
export async function receiptOf(client: PublicClient, hash: Hex): Promise<TransactionReceipt | null> {
  try {
    return await getTransactionReceipt(client, { hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return null;
    throw error;
  }
}

/** Looks for a mined transaction among `hashes` (newest first): a success wins over a revert. */
export async function outcomeOf(
  client: PublicClient,
  exchange: Address,
  batchId: bigint,
  hashes: readonly Hex[],
): Promise<TxOutcome> {
  let reverted: Hex | null = null;
  for (const hash of [...hashes].reverse()) {
    const receipt = await receiptOf(client, hash);
    if (receipt === null) continue;
    if (receipt.status === "success") {
      return {
        kind: "included",
        inclusion: {
          txHash: hash,
          blockNumber: receipt.blockNumber.toString(),
          blockHash: receipt.blockHash,
          gasUsed: receipt.gasUsed.toString(),
        },
        skippedIndices: skippedFillIndices(receipt, exchange, batchId),
      };
    }
    reverted ??= hash;
  }
  return reverted === null ? { kind: "none" } : { kind: "reverted", txHash: reverted };
}

/** Indices (in the batch's fills) of the FillSkipped events of this batch in a receipt. */
export function skippedFillIndices(receipt: TransactionReceipt, exchange: Address, batchId: bigint): number[] {
  const logs = receipt.logs.filter((l) => l.address.toLowerCase() === exchange.toLowerCase());
  return parseEventLogs({ abi: SETTLEMENT_ABI, eventName: "FillSkipped", logs })
    .filter((l) => l.args.batchId === batchId)
    .map((l) => Number(l.args.fillIndex));
}

/** Whether the inclusion's transaction is still in the same block of the canonical chain. */
export async function stillIncluded(client: PublicClient, inclusion: Inclusion): Promise<boolean> {
  const receipt = await receiptOf(client, inclusion.txHash);
  if (receipt === null || receipt.blockHash !== inclusion.blockHash) return false;
  try {
    const block = await getBlock(client, { blockNumber: BigInt(inclusion.blockNumber) });
    return block.hash === inclusion.blockHash;
  } catch {
    return false;
  }
}

/** A batch included in block b has N confirmations once the head is at b + N − 1. */
export const isConfirmed = (inclusion: Inclusion, head: bigint, confirmations: number): boolean =>
  head >= BigInt(inclusion.blockNumber) + BigInt(confirmations) - 1n;
