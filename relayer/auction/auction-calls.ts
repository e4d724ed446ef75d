// The two AuctionSettlement calls of a stored proofs batch, built from what the batch store holds (the published list,
// the owners, the signed orders, the stored proof): closeBatch posts the commitment, settle the proof and the fills.
// Each is simulated as the operator before it is signed.
import { encodeFunctionData, type Address, type Hex, type PublicClient } from "viem";
import { estimateContractGas } from "viem/actions";
import { decodedRevert, describeRevert } from "../settlement/submitter.js";
import { parseSignedOrder } from "../orders/index.js";
import type { RelayerMarket } from "../markets/index.js";
import { AUCTION_SETTLEMENT_ABI } from "./auction-settlement-abi.js";
import type { StoredAuctionBatch, StoredProof } from "./batch-store.js";
import type { AuctionBatch } from "./circuit-input.js";
import type { AuctionProof } from "./prover.js";
import { publishedSlots } from "../wire/published-batch.js";
import { auctionSettleArgs } from "./settlement-call.js";

/** AuctionSettlement.closeBatch(batchId, baseToken, quoteToken, slots, commitment) for `b`. */
export function closeArgs(market: RelayerMarket, b: StoredAuctionBatch) {
  return [
    BigInt(b.published.batchId),
    market.base.address,
    market.quote.address,
    b.published.slots,
    BigInt(b.published.commitment),
  ] as const;
}

export function closeCalldata(market: RelayerMarket, b: StoredAuctionBatch): Hex {
  return encodeFunctionData({ abi: AUCTION_SETTLEMENT_ABI, functionName: "closeBatch", args: closeArgs(market, b) });
}

/** AuctionSettlement.settle(batch, slotOf, selfTrades, price, proof) for `b` with its stored proof. */
export function settleArgs(market: RelayerMarket, b: StoredAuctionBatch, proof: StoredProof) {
  const signed = b.published.orders.map((o) => parseSignedOrder(b.signed[o.orderHash]));
  const args = auctionSettleArgs(auctionBatch(b), signed, market.engine, {
    n: b.published.slots,
    statement: {
      commitment: BigInt(b.published.commitment),
      price: b.published.price,
      reference: b.published.reference,
      fills: [],
    },
    publicSignals: [],
    proof: {
      a: [BigInt(proof.a[0]), BigInt(proof.a[1])],
      b: [
        [BigInt(proof.b[0][0]), BigInt(proof.b[0][1])],
        [BigInt(proof.b[1][0]), BigInt(proof.b[1][1])],
      ],
      c: [BigInt(proof.c[0]), BigInt(proof.c[1])],
    },
  });
  return [args.batch, args.slotOf, args.selfTrades, args.price, args.proof] as const;
}

/** The circuit's view of a recorded batch: the published list, with the owners the engine paired self-trades by. */
export function auctionBatch(b: StoredAuctionBatch): AuctionBatch {
  return {
    batchId: BigInt(b.published.batchId),
    slots: publishedSlots(b.published).map((slot, i) => ({ ...slot, owner: b.owners[i] })),
    reference: b.published.reference,
  };
}

export function storedProof(proof: AuctionProof): StoredProof {
  const { a, b, c } = proof.proof;
  return {
    a: [a[0].toString(), a[1].toString()],
    b: [
      [b[0][0].toString(), b[0][1].toString()],
      [b[1][0].toString(), b[1][1].toString()],
    ],
    c: [c[0].toString(), c[1].toString()],
  };
}

/** One of the auction's two contract calls, with the arguments built for it (closeArgs, settleArgs). */
export type AuctionCall =
  | { readonly step: "closeBatch"; readonly args: ReturnType<typeof closeArgs> }
  | { readonly step: "settle"; readonly args: ReturnType<typeof settleArgs> };

/** The gas the call needs as `operator`; "already" when the contract says this step was done; why, when it refuses otherwise. */
export async function simulateCall(
  client: PublicClient,
  auctionSettlement: Address,
  operator: Address,
  call: AuctionCall,
): Promise<bigint | "already" | { readonly refused: string }> {
  const target = { address: auctionSettlement, abi: AUCTION_SETTLEMENT_ABI, account: operator } as const;
  try {
    return call.step === "closeBatch"
      ? await estimateContractGas(client, { ...target, functionName: "closeBatch", args: call.args })
      : await estimateContractGas(client, { ...target, functionName: "settle", args: call.args });
  } catch (error) {
    const revert = decodedRevert(error);
    if (revert === undefined) throw error;
    if (revert?.name === (call.step === "closeBatch" ? "BatchAlreadyClosed" : "AuctionAlreadySettled"))
      return "already";
    return { refused: revert === null ? "reverted without a reason" : describeRevert(revert) };
  }
}
