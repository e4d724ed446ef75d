/**
 * The one place where ticks and lots become token units (bigint). Exact: no
 * rounding except the fee, which is floor(received × rateBps / 10000) as in
 * the settlement contract.
 */
import type { MarketConfig } from "./market.js";
import { Side, type Lots, type Ticks } from "./types.js";

type Units = Pick<MarketConfig, "lotSize" | "tickSize">;

/** Base-token units in `q` lots. */
export function lotsToBase(market: Units, q: Lots): bigint {
  return BigInt(q) * market.lotSize;
}

/** Quote-token units paid for `q` lots at `p` ticks. */
export function lotsToQuote(market: Units, q: Lots, p: Ticks): bigint {
  return BigInt(q) * BigInt(p) * market.tickSize;
}

/** Fee on an amount received: floor(amount × bps / 10000). */
export function feeOf(received: bigint, bps: number): bigint {
  return (received * BigInt(bps)) / 10_000n;
}

/** The amounts a signed order carries: baseAmount = size × lotSize, quoteAmount = size × limit × tickSize. */
export function orderToSignedAmounts(
  market: Units,
  size: Lots,
  limit: Ticks,
): { baseAmount: bigint; quoteAmount: bigint } {
  return { baseAmount: lotsToBase(market, size), quoteAmount: lotsToQuote(market, size, limit) };
}

export interface FillAmounts {
  /** Base units moving from seller to buyer. */
  base: bigint;
  /** Quote units moving from buyer to seller. */
  quote: bigint;
  /** Charged to the maker, in the token the maker receives. */
  makerFee: bigint;
  /** Charged to the taker, in the token the taker receives. */
  takerFee: bigint;
}

/** Token amounts of a fill event. The buyer pays its fee in base, the seller in quote. */
export function fillToTokenAmounts(
  market: Units,
  fill: { price: Ticks; qty: Lots; takerSide: Side; makerFeeBps: number; takerFeeBps: number },
): FillAmounts {
  const base = lotsToBase(market, fill.qty);
  const quote = lotsToQuote(market, fill.qty, fill.price);
  const takerBuys = fill.takerSide === Side.Buy;
  return {
    base,
    quote,
    makerFee: feeOf(takerBuys ? quote : base, fill.makerFeeBps),
    takerFee: feeOf(takerBuys ? base : quote, fill.takerFeeBps),
  };
}

/**
 * The contract's limit check by cross-multiplication: a fill (base b, quote q)
 * respects a buy iff q × baseAmount ≤ quoteAmount × b, a sell iff ≥.
 */
export function fillRespectsLimit(
  side: Side,
  order: { baseAmount: bigint; quoteAmount: bigint },
  fill: { base: bigint; quote: bigint },
): boolean {
  const lhs = fill.quote * order.baseAmount;
  const rhs = order.quoteAmount * fill.base;
  return side === Side.Buy ? lhs <= rhs : lhs >= rhs;
}
