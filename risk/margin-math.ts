/**
 * Twin of contracts/margin/libraries/MarginMath.sol (tested equal on edge and random vectors in
 * test/contracts/margin/margin-math.test.ts): cross-margin arithmetic of perpetual positions. Pure, bigint only.
 * Every rounding goes the system's way: what the user owes or must hold rounds up, what it is paid or may count
 * rounds down (docs/margin.md).
 */
import { fundingOwed } from "./funding-math.js";
import { MAX_BASE_UNIT, MAX_SIZE, PPM, type MarketRisk, type MarketState, type Position } from "./margin-types.js";
import { abs, divRound, mulDiv } from "./signed-mul-div.js";

/** Whether a market's parameters are within their bounds (docs/margin.md, "Market parameters"). */
export function isValidMarket(risk: MarketRisk): boolean {
  return (
    risk.baseUnit > 0n &&
    risk.baseUnit <= MAX_BASE_UNIT &&
    risk.maintenanceMarginPpm > 0n &&
    risk.maintenanceMarginPpm < risk.initialMarginPpm &&
    risk.initialMarginPpm <= PPM &&
    risk.baselinePositionSize >= 0n &&
    risk.baselinePositionSize <= MAX_SIZE &&
    risk.incrementalPositionSize > 0n &&
    risk.incrementalPositionSize <= MAX_SIZE &&
    risk.incrementalInitialMarginPpm >= 0n &&
    risk.incrementalInitialMarginPpm <= PPM &&
    risk.openInterestLowerCap >= 0n &&
    (risk.openInterestUpperCap === 0n || risk.openInterestLowerCap < risk.openInterestUpperCap) &&
    risk.liquidationPenaltyPpm >= 0n &&
    risk.liquidationPenaltyPpm <= risk.maintenanceMarginPpm
  );
}

/** |size| × price / baseUnit in quote units, rounded up. */
export function notional(size: bigint, price: bigint, baseUnit: bigint): bigint {
  return divRound(abs(size) * price, baseUnit, true);
}

/** size × price / baseUnit, rounded toward −∞. */
export function positionValue(size: bigint, price: bigint, baseUnit: bigint): bigint {
  return mulDiv(size, price, baseUnit, false);
}

/**
 * The position after a fill of `baseDelta` base units (> 0 bought, < 0 sold) for `quote` quote units: the cost basis
 * takes the quote exactly, so reducing realises and rounds nothing. Settle funding first.
 */
export function applyFill(position: Position, baseDelta: bigint, quote: bigint): Position {
  return {
    size: position.size + baseDelta,
    costBasis: position.costBasis + (baseDelta >= 0n ? quote : -quote),
    fundingIndex: position.fundingIndex,
  };
}

/** The position's value at the index less what it cost. */
export function unrealizedPnl(position: Position, market: MarketState): bigint {
  return positionValue(position.size, market.indexPrice, market.risk.baseUnit) - position.costBasis;
}

/** The IMF (ppm) of a position of |size| `absSize`: Ikon's size steps, then dYdX's open-interest scaling. */
export function initialMarginPpm(risk: MarketRisk, absSize: bigint, openInterestNotional: bigint): bigint {
  let fraction = risk.initialMarginPpm;
  if (absSize > risk.baselinePositionSize) {
    const steps = divRound(absSize - risk.baselinePositionSize, risk.incrementalPositionSize, true);
    const raised = fraction + steps * risk.incrementalInitialMarginPpm;
    // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min cannot take
    fraction = raised < PPM ? raised : PPM;
  }
  if (risk.openInterestUpperCap === 0n || openInterestNotional <= risk.openInterestLowerCap) return fraction;
  if (openInterestNotional >= risk.openInterestUpperCap) return PPM;
  return (
    fraction +
    divRound(
      (PPM - fraction) * (openInterestNotional - risk.openInterestLowerCap),
      risk.openInterestUpperCap - risk.openInterestLowerCap,
      true,
    )
  );
}

/** notional at the index × initialMarginPpm / 10^6, rounded up. */
export function initialRequirement(position: Position, market: MarketState): bigint {
  const { baseUnit } = market.risk;
  const fraction = initialMarginPpm(
    market.risk,
    abs(position.size),
    notional(market.openInterest, market.indexPrice, baseUnit),
  );
  return divRound(notional(position.size, market.indexPrice, baseUnit) * fraction, PPM, true);
}

/** notional at the index × MMF / 10^6, rounded up. */
export function maintenanceRequirement(position: Position, market: MarketState): bigint {
  return divRound(
    notional(position.size, market.indexPrice, market.risk.baseUnit) * market.risk.maintenanceMarginPpm,
    PPM,
    true,
  );
}

/** collateral + Σ (unrealised PnL at the index − funding owed); markets[i] is positions[i]'s market. */
export function accountValue(
  collateral: bigint,
  positions: readonly Position[],
  markets: readonly MarketState[],
): bigint {
  let value = collateral;
  positions.forEach((position, i) => {
    const market = markets[i]!;
    value += unrealizedPnl(position, market) - fundingOwed(position, market.cumulativeFunding, market.risk.baseUnit);
  });
  return value;
}

export function accountInitialRequirement(positions: readonly Position[], markets: readonly MarketState[]): bigint {
  return positions.reduce((sum, position, i) => sum + initialRequirement(position, markets[i]!), 0n);
}

export function accountMaintenanceRequirement(positions: readonly Position[], markets: readonly MarketState[]): bigint {
  return positions.reduce((sum, position, i) => sum + maintenanceRequirement(position, markets[i]!), 0n);
}

/** Account value ≥ initial requirement. */
export function meetsInitialMargin(
  collateral: bigint,
  positions: readonly Position[],
  markets: readonly MarketState[],
): boolean {
  return accountValue(collateral, positions, markets) >= accountInitialRequirement(positions, markets);
}

/** Account value < maintenance requirement: the only state in which the account may be liquidated. */
export function isLiquidatable(
  collateral: bigint,
  positions: readonly Position[],
  markets: readonly MarketState[],
): boolean {
  return accountValue(collateral, positions, markets) < accountMaintenanceRequirement(positions, markets);
}

/**
 * Whether a risk-reducing change left an account below maintenance no worse off: its value-to-maintenance ratio did
 * not fall (exact cross-multiplication). Flat after: only with a value ≥ 0. Flat before and not after: never.
 */
export function isNotWorseOff(
  valueBefore: bigint,
  maintenanceBefore: bigint,
  valueAfter: bigint,
  maintenanceAfter: bigint,
): boolean {
  if (maintenanceAfter === 0n) return valueAfter >= 0n;
  if (maintenanceBefore === 0n) return false;
  return valueAfter * maintenanceBefore >= valueBefore * maintenanceAfter;
}
