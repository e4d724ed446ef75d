// Checks an inclusion receipt against the batch the relayer published (docs/fairness.md, "Checking your order"):
// the signature recovers to the receipt's signer (and to the operator you expect, when given), the receipt names this
// batch, your order's hash sits at the receipt's position of the published list, and the commitment recomputed from
// that list equals both the receipt's and the published one. Compare the commitment with the on-chain BatchClosed
// event yourself: that is what the proof is checked against.
import { isAddressEqual, recoverTypedDataAddress, type Address } from "viem";
import { inclusionReceiptTypedData, type ExchangeDomain } from "../../protocol/index.js";
import {
  publishedCommitment,
  toInclusionReceipt,
  type PublishedBatch,
  type WireInclusionReceipt,
} from "../wire/published-batch.js";

export type ReceiptProblem =
  /** The signature does not recover to the receipt's `signer`. */
  | "bad-signature"
  /** Signed by someone other than the operator you named. */
  | "wrong-signer"
  /** The receipt is for another batch. */
  | "other-batch"
  /** The published list does not have this order at this position (or has no such position). */
  | "not-at-position"
  /** The commitment recomputed from the published list is not the receipt's. */
  | "commitment-mismatch"
  /** The commitment recomputed from the published list is not the one published with it. */
  | "published-commitment-mismatch";

export interface ReceiptCheck {
  readonly valid: boolean;
  /** Who signed the receipt (recovered from the signature). */
  readonly signer: Address;
  readonly problems: readonly ReceiptProblem[];
}

export async function verifyInclusionReceipt(
  receipt: WireInclusionReceipt,
  batch: PublishedBatch,
  domain: ExchangeDomain,
  options: { operator?: Address } = {},
): Promise<ReceiptCheck> {
  const problems: ReceiptProblem[] = [];
  const signer = await recoverTypedDataAddress({
    ...inclusionReceiptTypedData(domain, toInclusionReceipt(receipt)),
    signature: receipt.signature,
  });
  if (!isAddressEqual(signer, receipt.signer)) problems.push("bad-signature");
  if (options.operator !== undefined && !isAddressEqual(signer, options.operator)) problems.push("wrong-signer");
  if (BigInt(receipt.batchId) !== BigInt(batch.batchId)) problems.push("other-batch");
  if (batch.orders[receipt.position]?.orderHash.toLowerCase() !== receipt.orderHash.toLowerCase())
    problems.push("not-at-position");
  const recomputed = await publishedCommitment(batch);
  if (recomputed !== BigInt(receipt.commitment)) problems.push("commitment-mismatch");
  if (recomputed !== BigInt(batch.commitment)) problems.push("published-commitment-mismatch");
  return { valid: problems.length === 0, signer, problems };
}
