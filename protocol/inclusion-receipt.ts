// The operator's inclusion receipt: a signed statement that an order sits at `position` of auction batch `batchId`,
// whose ordered list has the Poseidon commitment `commitment` (docs/fairness.md). Signed in the exchange's domain
// under a type the contract never reads, so it cannot be replayed as an order, cancel or withdrawal. Off-chain only
// (the user checks it against the published list and the on-chain BatchClosed commitment): no Solidity twin.
import { hashTypedData, type Hex } from "viem";
import type { ExchangeDomain } from "./eip712.js";

export interface InclusionReceipt {
  batchId: bigint;
  /** The order's slot in the batch's ordered list (0-based). */
  position: number;
  /** The order's EIP-712 hash. */
  orderHash: Hex;
  /** The Poseidon commitment to the batch's ordered list (a BN254 field element). */
  commitment: bigint;
}

export const INCLUSION_RECEIPT_TYPES = {
  InclusionReceipt: [
    { name: "batchId", type: "uint256" },
    { name: "position", type: "uint16" },
    { name: "orderHash", type: "bytes32" },
    { name: "commitment", type: "uint256" },
  ],
} as const;

/** The typed data of a receipt, for viem's signTypedData, hashTypedData and recoverTypedDataAddress. */
export function inclusionReceiptTypedData(domain: ExchangeDomain, receipt: InclusionReceipt) {
  return { domain, types: INCLUSION_RECEIPT_TYPES, primaryType: "InclusionReceipt" as const, message: receipt };
}

export function hashInclusionReceipt(domain: ExchangeDomain, receipt: InclusionReceipt): Hex {
  return hashTypedData(inclusionReceiptTypedData(domain, receipt));
}
