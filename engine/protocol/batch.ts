// Builds the calldata of Exchange.settle: the batch's market once, each order once (small fields
// packed in `terms`, see contracts/libraries/OrderTerms.sol), and the fills by order index.
import type { Address, Hex } from "viem";
import type { Order } from "./order.js";

export interface SignedOrder {
  order: Order;
  signature: Hex;
}

export interface Fill {
  /** Index of the resting order in the batch's orders. */
  makerIndex: number;
  /** Index of the incoming order in the batch's orders. */
  takerIndex: number;
  baseAmount: bigint;
  quoteAmount: bigint;
  makerFee: bigint;
  takerFee: bigint;
}

/** A FillInput as settle() takes it: three packed words (contracts/types/Batch.sol). */
export interface FillInput {
  orderIndices: bigint;
  amounts: bigint;
  fees: bigint;
}

export interface OrderInput {
  maker: Address;
  baseAmount: bigint;
  quoteAmount: bigint;
  triggerQuoteAmount: bigint;
  terms: bigint;
  signature: Hex;
}

export interface Batch {
  id: bigint;
  baseToken: Address;
  quoteToken: Address;
  orders: OrderInput[];
  fills: FillInput[];
}

/** Packs side | timeInForce | flags | selfTradePrevention | maxFeeBps | expiry | nonce, low bits first. */
export function packTerms(order: Order): bigint {
  return (
    BigInt(order.side) |
    (BigInt(order.timeInForce) << 8n) |
    (BigInt(order.flags) << 16n) |
    (BigInt(order.selfTradePrevention) << 24n) |
    (BigInt(order.maxFeeBps) << 32n) |
    (order.expiry << 48n) |
    (order.nonce << 88n)
  );
}

export function toOrderInput({ order, signature }: SignedOrder): OrderInput {
  return {
    maker: order.maker,
    baseAmount: order.baseAmount,
    quoteAmount: order.quoteAmount,
    triggerQuoteAmount: order.triggerQuoteAmount,
    terms: packTerms(order),
    signature,
  };
}

const U16 = 0xffff;
const U128 = (1n << 128n) - 1n;

export class FillOutOfRangeError extends Error {
  readonly code = "FILL_OUT_OF_RANGE";
  constructor(readonly field: keyof Fill) {
    super(`fill ${field} out of range`);
    this.name = "FillOutOfRangeError";
  }
}

/** Packs a fill into settle()'s three words. Throws FillOutOfRangeError for indices or amounts that do not fit. */
export function toFillInput(fill: Fill): FillInput {
  for (const field of ["makerIndex", "takerIndex"] as const)
    if (!Number.isInteger(fill[field]) || fill[field] < 0 || fill[field] > U16) throw new FillOutOfRangeError(field);
  for (const field of ["baseAmount", "quoteAmount", "makerFee", "takerFee"] as const)
    if (fill[field] < 0n || fill[field] > U128) throw new FillOutOfRangeError(field);
  return {
    orderIndices: BigInt(fill.makerIndex) | (BigInt(fill.takerIndex) << 16n),
    amounts: (fill.baseAmount << 128n) | fill.quoteAmount,
    fees: (fill.makerFee << 128n) | fill.takerFee,
  };
}

export class MixedMarketError extends Error {
  readonly code = "MIXED_MARKET";
  constructor(readonly index: number) {
    super(`order ${index} is not in the batch's market`);
    this.name = "MixedMarketError";
  }
}

/** A settle() argument for orders of one market. Throws MixedMarketError if an order is in another market. */
export function buildBatch(id: bigint, orders: SignedOrder[], fills: Fill[]): Batch {
  const { baseToken, quoteToken } = orders[0].order;
  orders.forEach(({ order }, index) => {
    if (order.baseToken.toLowerCase() !== baseToken.toLowerCase() || order.quoteToken.toLowerCase() !== quoteToken.toLowerCase())
      throw new MixedMarketError(index);
  });
  return { id, baseToken, quoteToken, orders: orders.map(toOrderInput), fills: fills.map(toFillInput) };
}
