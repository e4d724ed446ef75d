// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {MAX_BASE_UNIT, MAX_SIZE, PPM, MarketRisk, MarketState, Position} from "./MarginTypes.sol";
import {FundingMath} from "./FundingMath.sol";
import {SignedMulDiv} from "./SignedMulDiv.sol";

/// @notice Cross-margin arithmetic of perpetual positions (docs/margin.md). Pure; every rounding goes the system's
/// way: what the user owes or must hold rounds up, what the user is paid or may count rounds down. The TypeScript
/// twin is risk/margin-math.ts, tested equal (test/contracts/margin/margin-math.test.ts).
library MarginMath {
    /// @notice Whether a market's parameters are within their bounds: 0 < MMF < IMF ≤ 100%, steps of at least one
    /// base unit, an open-interest range that is empty (0 upper cap: no scaling) or has lower < upper, a penalty no
    /// larger than the MMF (the equity the maintenance margin keeps is what pays it), 1 ≤ baseUnit ≤ 2^64.
    function isValidMarket(MarketRisk memory risk) internal pure returns (bool) {
        return risk.baseUnit > 0 && risk.baseUnit <= MAX_BASE_UNIT && risk.maintenanceMarginPpm > 0
            && risk.maintenanceMarginPpm < risk.initialMarginPpm && risk.initialMarginPpm <= PPM
            && risk.baselinePositionSize <= MAX_SIZE && risk.incrementalPositionSize > 0
            && risk.incrementalPositionSize <= MAX_SIZE && risk.incrementalInitialMarginPpm <= PPM
            && (risk.openInterestUpperCap == 0 || risk.openInterestLowerCap < risk.openInterestUpperCap)
            && risk.liquidationPenaltyPpm <= risk.maintenanceMarginPpm;
    }

    /// @notice |size| × price / baseUnit in quote units, rounded up: the size on which requirements are charged.
    function notional(int256 size, uint256 price, uint256 baseUnit) internal pure returns (uint256) {
        return Math.mulDiv(SignedMath.abs(size), price, baseUnit, Math.Rounding.Ceil);
    }

    /// @notice size × price / baseUnit, rounded toward −∞: a long counts what closing it would at least bring, a short
    /// what closing it would at most cost.
    function positionValue(int256 size, uint256 price, uint256 baseUnit) internal pure returns (int256) {
        return SignedMulDiv.mulDiv(size, SafeCast.toInt256(price), baseUnit, false);
    }

    /// @notice The position after a fill of `baseDelta` base units (> 0 bought, < 0 sold) for `quote` quote units. The
    /// cost basis takes every fill's quote exactly (bought: +quote, sold: −quote), so reducing a position realises
    /// nothing and rounds nothing: a flat position's cost basis is minus its realised PnL, which the module moves into
    /// collateral as is. Funding must be settled first (fundingOwed is per unit of size held since fundingIndex).
    function applyFill(Position memory position, int256 baseDelta, uint256 quote)
        internal
        pure
        returns (Position memory)
    {
        int256 signedQuote = baseDelta >= 0 ? SafeCast.toInt256(quote) : -SafeCast.toInt256(quote);
        return Position({
            size: position.size + baseDelta,
            costBasis: position.costBasis + signedQuote,
            fundingIndex: position.fundingIndex
        });
    }

    /// @notice The position's value at the index less what it cost.
    function unrealizedPnl(Position memory position, MarketState memory market) internal pure returns (int256) {
        return positionValue(position.size, market.indexPrice, market.risk.baseUnit) - position.costBasis;
    }

    /// @notice The initial margin fraction (ppm) of a position of |size| `absSize` while the market's open interest is
    /// worth `openInterestNotional`: the IMF, plus the incremental IMF for each started step above the baseline size
    /// (Ikon), at most 100%; then scaled linearly toward 100% as the open interest goes from the lower to the upper cap
    /// (dYdX), the scaled part rounded up.
    function initialMarginPpm(MarketRisk memory risk, uint256 absSize, uint256 openInterestNotional)
        internal
        pure
        returns (uint256)
    {
        uint256 fraction = risk.initialMarginPpm;
        if (absSize > risk.baselinePositionSize) {
            uint256 steps = Math.ceilDiv(absSize - risk.baselinePositionSize, risk.incrementalPositionSize);
            fraction = Math.min(fraction + steps * risk.incrementalInitialMarginPpm, PPM);
        }
        if (risk.openInterestUpperCap == 0 || openInterestNotional <= risk.openInterestLowerCap) return fraction;
        if (openInterestNotional >= risk.openInterestUpperCap) return PPM;
        return fraction
            + Math.mulDiv(
                PPM - fraction,
                openInterestNotional - risk.openInterestLowerCap,
                risk.openInterestUpperCap - risk.openInterestLowerCap,
                Math.Rounding.Ceil
            );
    }

    /// @notice notional at the index × initialMarginPpm(|size|, open interest notional at the index) / 10^6, rounded up.
    function initialRequirement(Position memory position, MarketState memory market) internal pure returns (uint256) {
        uint256 baseUnit = market.risk.baseUnit;
        uint256 fraction = initialMarginPpm(
            market.risk,
            SignedMath.abs(position.size),
            notional(SafeCast.toInt256(market.openInterest), market.indexPrice, baseUnit)
        );
        return Math.mulDiv(notional(position.size, market.indexPrice, baseUnit), fraction, PPM, Math.Rounding.Ceil);
    }

    /// @notice notional at the index × MMF / 10^6, rounded up.
    function maintenanceRequirement(Position memory position, MarketState memory market)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(
            notional(position.size, market.indexPrice, market.risk.baseUnit),
            market.risk.maintenanceMarginPpm,
            PPM,
            Math.Rounding.Ceil
        );
    }

    /// @notice collateral + Σ (unrealised PnL at the index − funding owed); markets[i] is positions[i]'s market.
    function accountValue(int256 collateral, Position[] memory positions, MarketState[] memory markets)
        internal
        pure
        returns (int256 value)
    {
        value = collateral;
        for (uint256 i = 0; i < positions.length; ++i) {
            value += unrealizedPnl(positions[i], markets[i])
                - FundingMath.fundingOwed(positions[i], markets[i].cumulativeFunding, markets[i].risk.baseUnit);
        }
    }

    function accountInitialRequirement(Position[] memory positions, MarketState[] memory markets)
        internal
        pure
        returns (uint256 requirement)
    {
        for (uint256 i = 0; i < positions.length; ++i) {
            requirement += initialRequirement(positions[i], markets[i]);
        }
    }

    function accountMaintenanceRequirement(Position[] memory positions, MarketState[] memory markets)
        internal
        pure
        returns (uint256 requirement)
    {
        for (uint256 i = 0; i < positions.length; ++i) {
            requirement += maintenanceRequirement(positions[i], markets[i]);
        }
    }

    /// @notice Account value ≥ initial requirement (exactly at the requirement meets it).
    function meetsInitialMargin(int256 collateral, Position[] memory positions, MarketState[] memory markets)
        internal
        pure
        returns (bool)
    {
        return accountValue(collateral, positions, markets)
            >= SafeCast.toInt256(accountInitialRequirement(positions, markets));
    }

    /// @notice Account value < maintenance requirement: the only state in which the account may be liquidated
    /// (exactly at the requirement is not liquidatable).
    function isLiquidatable(int256 collateral, Position[] memory positions, MarketState[] memory markets)
        internal
        pure
        returns (bool)
    {
        return accountValue(collateral, positions, markets)
            < SafeCast.toInt256(accountMaintenanceRequirement(positions, markets));
    }
}
