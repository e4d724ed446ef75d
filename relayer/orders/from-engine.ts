// Engine → token units, the inverse of to-engine.ts: what a place command signs for, and what a fill moves.
// All conversions go through engine/units.ts, the engine's one place where lots and ticks become token units, so
// the relayer and the engine cannot disagree about an amount.
import {
  fillToTokenAmounts,
  lotsToQuote,
  orderToSignedAmounts,
  type FillAmounts,
  type FillEvent,
} from "../../engine/index.js";
import { feeWithinCap, respectsLimit, Side, type Order } from "../../protocol/index.js";
import type { RelayerMarket } from "../markets/markets.js";
import type { PlaceFields } from "./to-engine.js";

/** The signed amounts of a place command: toPlaceCommand maps exactly these back to the same command. */
export function signedAmountsOf(
  market: RelayerMarket,
  cmd: Pick<PlaceFields, "size" | "price" | "stopPrice">,
): Pick<Order, "baseAmount" | "quoteAmount" | "triggerQuoteAmount"> {
  const { baseAmount, quoteAmount } = orderToSignedAmounts(market.engine, cmd.size, cmd.price);
  return {
    baseAmount,
    quoteAmount,
    triggerQuoteAmount: cmd.stopPrice === 0 ? 0n : lotsToQuote(market.engine, cmd.size, cmd.stopPrice),
  };
}

/** A fill event's token amounts: base and quote moved, and each side's fee in the token it receives. */
export function fromFill(
  market: RelayerMarket,
  fill: Pick<FillEvent, "price" | "qty" | "takerSide" | "makerFeeBps" | "takerFeeBps">,
): FillAmounts {
  return fillToTokenAmounts(market.engine, fill);
}

/**
 * Why settle() would refuse this fill of these two signed orders, or null if it would not: each side's limit
 * (respectsLimit) and fee cap (feeWithinCap; the buyer receives base, the seller quote). The settler can run it
 * before it builds a batch, so an engine bug surfaces as one dropped fill and an alert, not a reverted batch.
 */
export function fillViolation(fill: FillAmounts, maker: Order, taker: Order): string | null {
  for (const [role, order, fee] of [
    ["maker", maker, fill.makerFee],
    ["taker", taker, fill.takerFee],
  ] as const) {
    if (!respectsLimit(order, fill.base, fill.quote)) return `${role} limit`;
    const received = order.side === Side.BUY ? fill.base : fill.quote;
    if (!feeWithinCap(fee, received, order.maxFeeBps)) return `${role} fee cap`;
  }
  if (maker.side === taker.side) return "same side";
  return null;
}
