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
  /** baseAmount << 128 | quoteAmount */
  amounts: bigint;
  triggerQuoteAmount: bigint;
  terms: bigint;
  /** ECDSA r, or zero when the signature is walletSignatures[vs]. */
  r: Hex;
  /** EIP-2098 (v - 27) << 255 | s, or the index in walletSignatures when r is zero. */
  vs: Hex;
}

export interface Batch {
  id: bigint;
  baseToken: Address;
  quoteToken: Address;
  orders: OrderInput[];
  fills: FillInput[];
  /** Signatures that are not 65-byte low-s ECDSA with v 27/28 (EIP-1271 wallets), referenced by orders. */
  walletSignatures: Hex[];
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

const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const ZERO_WORD: Hex = `0x${"0".repeat(64)}`;

/**
 * The EIP-2098 compact form (r, vs) of a 65-byte ECDSA signature with v 27/28 and low s, or undefined for any
 * other signature (a wallet's), which travels whole in walletSignatures.
 */
export function compactSignature(signature: Hex): { r: Hex; vs: Hex } | undefined {
  if (signature.length !== 2 + 130) return undefined;
  const r = BigInt(signature.slice(0, 66));
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || s > HALF_ORDER || (v !== 27 && v !== 28)) return undefined;
  return { r: toWord(r), vs: toWord(s | (BigInt(v - 27) << 255n)) };
}

function toWord(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

/** An order's calldata form; `walletIndex` is where its signature goes in walletSignatures if it is not ECDSA. */
export function toOrderInput(
  { order, signature }: SignedOrder,
  walletIndex: number,
): { input: OrderInput; walletSignature?: Hex } {
  const compact = compactSignature(signature);
  const input: OrderInput = {
    maker: order.maker,
    amounts: (order.baseAmount << 128n) | order.quoteAmount,
    triggerQuoteAmount: order.triggerQuoteAmount,
    terms: packTerms(order),
    r: compact ? compact.r : ZERO_WORD,
    vs: compact ? compact.vs : toWord(BigInt(walletIndex)),
  };
  return compact ? { input } : { input, walletSignature: signature };
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
    if (
      order.baseToken.toLowerCase() !== baseToken.toLowerCase() ||
      order.quoteToken.toLowerCase() !== quoteToken.toLowerCase()
    )
      throw new MixedMarketError(index);
  });
  const walletSignatures: Hex[] = [];
  const inputs = orders.map((signed) => {
    const { input, walletSignature } = toOrderInput(signed, walletSignatures.length);
    if (walletSignature !== undefined) walletSignatures.push(walletSignature);
    return input;
  });
  return { id, baseToken, quoteToken, orders: inputs, fills: fills.map(toFillInput), walletSignatures };
}
