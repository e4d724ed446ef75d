// Example markets and accounts for the margin arithmetic's tests, in the units of docs/margin.md.
import type { MarketRisk, MarketState, Position } from "../../risk/index.js";

export const ETH = 10n ** 18n; //  one ETH in base units: ETH-USD's baseUnit
export const USDC = 10n ** 6n; //  one USDC in quote units

/** ETH-USD at 10% initial and 5% maintenance margin, no size tiers or open-interest scaling, 1% penalty. */
export const ETH_USD: MarketRisk = {
  baseUnit: ETH,
  initialMarginPpm: 100_000n,
  maintenanceMarginPpm: 50_000n,
  baselinePositionSize: 1_000n * ETH,
  incrementalPositionSize: 100n * ETH,
  incrementalInitialMarginPpm: 0n,
  openInterestLowerCap: 0n,
  openInterestUpperCap: 0n,
  liquidationPenaltyPpm: 10_000n,
};

export function market(indexUsd: bigint, risk: MarketRisk = ETH_USD, fields: Partial<MarketState> = {}): MarketState {
  return { risk, indexPrice: indexUsd * USDC, cumulativeFunding: 0n, openInterest: 0n, ...fields };
}

/** A position of `eth` ETH (negative: short) opened at `entryUsd` dollars per ETH. */
export function opened(eth: bigint, entryUsd: bigint): Position {
  return { size: eth * ETH, costBasis: eth * entryUsd * USDC, fundingIndex: 0n };
}
