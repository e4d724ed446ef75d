// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The inputs of the margin arithmetic (docs/margin.md, "Units"). Every amount is an integer:
///   - a size is in base units (the same units as an Order's baseAmount), signed: long > 0, short < 0;
///   - a price is in quote units per `baseUnit` base units (for ETH-USDC with baseUnit = 10^18: USDC units per ETH),
///     the exact rational an Order's quoteAmount / baseAmount states, scaled by baseUnit;
///   - a value, requirement or amount owed is in quote units (the collateral token's), signed where it can be negative;
///   - a fraction is in parts per million (PPM), a funding rate in parts per billion (FUNDING_RATE_SCALE) per period.
/// Fields are uint256/int256 in memory; how the module packs them in storage is its own business.

/// @dev One million: margin fractions and the liquidation penalty are in ppm.
uint256 constant PPM = 1_000_000;
/// @dev One billion: a funding rate is in parts per billion of the index price per funding period.
uint256 constant FUNDING_RATE_SCALE = 1_000_000_000;
/// @dev Largest |size| and largest price the arithmetic accepts (so |size| × price fits int256).
uint256 constant MAX_SIZE = (uint256(1) << 127) - 1;
uint256 constant MAX_PRICE = (uint256(1) << 128) - 1;
/// @dev Largest baseUnit (10^18 fits; it keeps quote × baseUnit × PPM inside 256 bits in the fill band check).
uint256 constant MAX_BASE_UNIT = uint256(1) << 64;

/// @notice A perpetual market's risk parameters (bounds: MarginMath.isValidMarket).
struct MarketRisk {
    uint256 baseUnit; //                    base units one price is quoted for (10^baseDecimals)
    uint256 initialMarginPpm; //            IMF at or below the baseline size and the lower open-interest cap
    uint256 maintenanceMarginPpm; //        MMF, below the IMF
    uint256 baselinePositionSize; //        |size| up to which the IMF is not raised (base units)
    uint256 incrementalPositionSize; //     each started step of this many base units above the baseline ...
    uint256 incrementalInitialMarginPpm; // ... adds this to the IMF (IDEX Ikon's tiers)
    uint256 openInterestLowerCap; //        open interest notional (quote units) from which the IMF scales ...
    uint256 openInterestUpperCap; //        ... linearly up to 100% here (dYdX's rule); 0 = no scaling
    uint256 liquidationPenaltyPpm; //       penalty cap, in ppm of the notional a liquidation closes (≤ MMF)
}

/// @notice What the arithmetic needs to know of a market at the moment of use.
struct MarketState {
    MarketRisk risk;
    uint256 indexPrice; //        the oracle's index price (quote units per baseUnit)
    int256 cumulativeFunding; //  Σ rate × index price over published periods (FundingMath)
    uint256 openInterest; //      the market's open interest, one side (Σ long sizes = Σ short sizes), base units
}

/// @notice One position of an account.
struct Position {
    int256 size; //         base units, long > 0, short < 0, flat = 0
    int256 costBasis; //    quote units paid to open what is held (short: minus what was received)
    int256 fundingIndex; // the market's cumulativeFunding when funding was last settled into collateral
}
