// A batch's settle() argument from its fills and the signed orders they name: each order once, in the order of
// first appearance, and each fill by the indices of its two orders (protocol/batch.ts packs the words).
import type { Hex } from "viem";
import { buildBatch, type Batch, type Fill, type SignedOrder } from "../../protocol/index.js";
import type { SettlementFill } from "./settlement-fill.js";

export class MissingSignedOrderError extends Error {
  readonly code = "SETTLEMENT_MISSING_ORDER";
  constructor(readonly orderHash: Hex) {
    super(`no signed order ${orderHash} for a fill of the batch`);
    this.name = "MissingSignedOrderError";
  }
}

export function batchCalldata(
  id: bigint,
  fills: readonly SettlementFill[],
  signedOf: (hash: Hex) => SignedOrder | undefined,
): Batch {
  const orders: SignedOrder[] = [];
  const indexOf = new Map<Hex, number>();
  const index = (hash: Hex): number => {
    let i = indexOf.get(hash);
    if (i === undefined) {
      const signed = signedOf(hash);
      if (signed === undefined) throw new MissingSignedOrderError(hash);
      i = orders.length;
      orders.push(signed);
      indexOf.set(hash, i);
    }
    return i;
  };
  const batchFills: Fill[] = fills.map((f) => ({
    makerIndex: index(f.makerHash),
    takerIndex: index(f.takerHash),
    baseAmount: f.base,
    quoteAmount: f.quote,
    makerFee: f.makerFee,
    takerFee: f.takerFee,
  }));
  return buildBatch(id, orders, batchFills);
}
