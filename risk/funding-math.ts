/**
 * Twin of contracts/margin/libraries/FundingMath.sol: funding as a cumulative index (rate × index price at
 * publication), applied lazily per position.
 */
import { FUNDING_RATE_SCALE, PPM, type MarketRisk, type Position } from "./margin-types.js";
import { abs, mulDiv } from "./signed-mul-div.js";

/** What one period at `rate` (parts per billion, > 0: longs pay shorts) adds to the cumulative index. Exact. */
export function indexDelta(rate: bigint, indexPrice: bigint): bigint {
  return rate * indexPrice;
}

/** The largest |rate| per period: IMF − MMF, in parts per billion. */
export function rateCap(risk: MarketRisk): bigint {
  return (risk.initialMarginPpm - risk.maintenanceMarginPpm) * (FUNDING_RATE_SCALE / PPM);
}

export function isRateWithinCap(rate: bigint, risk: MarketRisk): boolean {
  return abs(rate) <= rateCap(risk);
}

/** Quote units the position owes (< 0: is owed): size × Δindex / (baseUnit × 10^9), rounded toward +∞. */
export function fundingOwed(position: Position, cumulativeFunding: bigint, baseUnit: bigint): bigint {
  return mulDiv(position.size, cumulativeFunding - position.fundingIndex, baseUnit * FUNDING_RATE_SCALE, true);
}
