// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {FUNDING_RATE_SCALE, PPM, MarketRisk, Position} from "./MarginTypes.sol";
import {SignedMulDiv} from "./SignedMulDiv.sol";

/// @notice Funding as a cumulative index, applied lazily. A published period adds rate × index price to the market's
/// cumulativeFunding: the price is fixed at publication, so every position pays or receives the same amount per base
/// unit whenever it settles (the lesson of derivexyz/v2-core#294). The index is exact (no division at publication).
library FundingMath {
    /// @notice What one period at `rate` (parts per billion, > 0: longs pay shorts) adds to the cumulative index.
    function indexDelta(int256 rate, uint256 indexPrice) internal pure returns (int256) {
        return rate * SafeCast.toInt256(indexPrice);
    }

    /// @notice The largest |rate| per period: IMF − MMF, so that one period alone cannot take an account that just
    /// met initial margin below maintenance at an unchanged price.
    function rateCap(MarketRisk memory risk) internal pure returns (uint256) {
        return (risk.initialMarginPpm - risk.maintenanceMarginPpm) * (FUNDING_RATE_SCALE / PPM);
    }

    function isRateWithinCap(int256 rate, MarketRisk memory risk) internal pure returns (bool) {
        return SignedMath.abs(rate) <= rateCap(risk);
    }

    /// @notice Quote units the position owes (< 0: is owed) since its funding index:
    /// size × (cumulativeFunding − fundingIndex) / (baseUnit × 10^9), rounded toward +∞ — the holder pays a started
    /// unit and is paid only whole units, so longs and shorts sum to zero or to the system's gain.
    function fundingOwed(Position memory position, int256 cumulativeFunding, uint256 baseUnit)
        internal
        pure
        returns (int256)
    {
        return SignedMulDiv.mulDiv(
            position.size, cumulativeFunding - position.fundingIndex, baseUnit * FUNDING_RATE_SCALE, true
        );
    }
}
