// What an order must lock, in token units, at its limit. Fees are paid in the token received (buyer in base,
// seller in quote), so they never come out of what an order pays and need no reservation:
//
//   buy  size q at limit p:  locks quote = q × p × tickSize    (one lot: p × tickSize)
//   sell size q:             locks base  = q × lotSize          (one lot: lotSize)
//
// A fill at p' (≤ p for a buy, ≥ p for a sell) pays at most what the lock for its lots holds; the rest of that
// lock returns to available.
import { lotsToBase, lotsToQuote, Side, type Lots, type MarketConfig, type Ticks } from "../../engine/index.js";

export interface Requirement {
  /** The token the order pays with: quote for a buy, base for a sell. */
  readonly token: string;
  /** Token units locked per lot. */
  readonly unitPerLot: bigint;
  /** unitPerLot × size. */
  readonly amount: bigint;
}

export function orderRequirement(market: MarketConfig, side: Side, price: Ticks, size: Lots): Requirement {
  const one = 1 as Lots;
  if (side === Side.Buy) {
    return {
      token: market.quoteToken,
      unitPerLot: lotsToQuote(market, one, price),
      amount: lotsToQuote(market, size, price),
    };
  }
  return { token: market.baseToken, unitPerLot: lotsToBase(market, one), amount: lotsToBase(market, size) };
}
