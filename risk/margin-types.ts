/**
 * The inputs of the margin arithmetic, twin of contracts/margin/libraries/MarginTypes.sol (docs/margin.md, "Units").
 * Sizes are base units (an Order's baseAmount units), signed: long > 0, short < 0. Prices are quote units per
 * `baseUnit` base units. Values, requirements and amounts owed are quote units. Fractions are ppm, funding rates
 * parts per billion per period. Every number is a bigint.
 */

/** One million: margin fractions and the liquidation penalty are in ppm. */
export const PPM = 1_000_000n;
/** One billion: a funding rate is in parts per billion of the index price per funding period. */
export const FUNDING_RATE_SCALE = 1_000_000_000n;
/** Largest |size| and largest price the arithmetic accepts (so |size| × price fits a signed 256-bit integer). */
export const MAX_SIZE = (1n << 127n) - 1n;
export const MAX_PRICE = (1n << 128n) - 1n;
/** Largest baseUnit (10^18 fits). */
export const MAX_BASE_UNIT = 1n << 64n;

/** A perpetual market's risk parameters (bounds: isValidMarket). */
export interface MarketRisk {
  /** Base units one price is quoted for (10^baseDecimals). */
  baseUnit: bigint;
  /** IMF at or below the baseline size and the lower open-interest cap. */
  initialMarginPpm: bigint;
  /** MMF, below the IMF. */
  maintenanceMarginPpm: bigint;
  /** |size| up to which the IMF is not raised (base units). */
  baselinePositionSize: bigint;
  /** Each started step of this many base units above the baseline ... */
  incrementalPositionSize: bigint;
  /** ... adds this to the IMF (IDEX Ikon's tiers). */
  incrementalInitialMarginPpm: bigint;
  /** Open interest notional (quote units) from which the IMF scales ... */
  openInterestLowerCap: bigint;
  /** ... linearly up to 100% here (dYdX's rule); 0 = no scaling. */
  openInterestUpperCap: bigint;
  /** Penalty cap, in ppm of the notional a liquidation closes (≤ MMF). */
  liquidationPenaltyPpm: bigint;
}

/** What the arithmetic needs to know of a market at the moment of use. */
export interface MarketState {
  risk: MarketRisk;
  /** The oracle's index price (quote units per baseUnit). */
  indexPrice: bigint;
  /** Σ rate × index price over published periods (funding-math.ts). */
  cumulativeFunding: bigint;
  /** The market's open interest, one side, in base units. */
  openInterest: bigint;
}

/** One position of an account. */
export interface Position {
  /** Base units, long > 0, short < 0, flat = 0. */
  size: bigint;
  /** Quote units paid to open what is held (short: minus what was received). */
  costBasis: bigint;
  /** The market's cumulativeFunding when funding was last settled into collateral. */
  fundingIndex: bigint;
}
