/**
 * Twin of contracts/margin/libraries/LiquidationMath.sol: liquidation and bankruptcy prices, the fill band around
 * the index, and the liquidation penalty (docs/margin.md).
 */
import { fundingOwed } from "./funding-math.js";
import { accountMaintenanceRequirement, accountValue, maintenanceRequirement, unrealizedPnl } from "./margin-math.js";
import { PPM, type MarketRisk, type MarketState, type Position } from "./margin-types.js";
import { abs, divRound, mulDiv } from "./signed-mul-div.js";

/**
 * The index price of positions[i]'s market at which the account reaches its maintenance requirement, other prices
 * held: a long is liquidatable below it, a short above it. Rounded toward liquidation. 0: a long no positive price
 * liquidates, a short every price liquidates, or a flat position.
 */
export function liquidationPrice(
  collateral: bigint,
  positions: readonly Position[],
  markets: readonly MarketState[],
  i: number,
): bigint {
  const { size, costBasis } = positions[i]!;
  if (size === 0n) return 0n;
  let rest = collateral - costBasis;
  positions.forEach((position, j) => {
    const market = markets[j]!;
    rest -= fundingOwed(position, market.cumulativeFunding, market.risk.baseUnit);
    if (j !== i) rest += unrealizedPnl(position, market) - maintenanceRequirement(position, market);
  });
  const risk = markets[i]!.risk;
  if (size > 0n) {
    if (rest >= 0n) return 0n;
    return divRound(-rest * risk.baseUnit * PPM, size * (PPM - risk.maintenanceMarginPpm), true);
  }
  if (rest < 0n) return 0n;
  return divRound(rest * risk.baseUnit * PPM, -size * (PPM + risk.maintenanceMarginPpm), false);
}

/**
 * The price at which closing positions[i] takes away its maintenance-weighted share of the account's value:
 * index − value × MMR_i × baseUnit / (size × MMR_total), rounded against the account, never below 0.
 */
export function bankruptcyPrice(
  collateral: bigint,
  positions: readonly Position[],
  markets: readonly MarketState[],
  i: number,
): bigint {
  const { size } = positions[i]!;
  const index = markets[i]!.indexPrice;
  if (size === 0n) return 0n;
  const totalRequirement = accountMaintenanceRequirement(positions, markets);
  if (totalRequirement === 0n) return index;
  const share = mulDiv(
    accountValue(collateral, positions, markets),
    maintenanceRequirement(positions[i]!, markets[i]!),
    totalRequirement,
    true,
  );
  const offset = mulDiv(share, markets[i]!.risk.baseUnit, abs(size), true);
  const price = size > 0n ? index - offset : index + offset;
  return price > 0n ? price : 0n;
}

/** index × (1 ∓ (IMF − MMF)), the lower bound rounded up and the upper down. */
export function fillBand(risk: MarketRisk, indexPrice: bigint): { lower: bigint; upper: bigint } {
  const width = risk.initialMarginPpm - risk.maintenanceMarginPpm;
  return {
    lower: divRound(indexPrice * (PPM - width), PPM, true),
    upper: divRound(indexPrice * (PPM + width), PPM, false),
  };
}

/** Whether a fill of `base` for `quote` is priced within the band, compared exactly by cross-multiplication. */
export function isFillWithinBand(base: bigint, quote: bigint, indexPrice: bigint, risk: MarketRisk): boolean {
  if (base === 0n) return false;
  const width = risk.initialMarginPpm - risk.maintenanceMarginPpm;
  const scaledQuote = quote * risk.baseUnit * PPM;
  return indexPrice * (PPM - width) * base <= scaledQuote && scaledQuote <= indexPrice * (PPM + width) * base;
}

/** min(closedNotional × penalty ppm / 10^6 rounded up, the account's value after the fills), never below 0. */
export function liquidationPenalty(closedNotional: bigint, risk: MarketRisk, valueAfter: bigint): bigint {
  const cap = divRound(closedNotional * risk.liquidationPenaltyPpm, PPM, true);
  if (valueAfter <= 0n) return 0n;
  return cap < valueAfter ? cap : valueAfter;
}
