// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {PPM, MarketRisk, MarketState, Position} from "./MarginTypes.sol";
import {FundingMath} from "./FundingMath.sol";
import {MarginMath} from "./MarginMath.sol";
import {SignedMulDiv} from "./SignedMulDiv.sol";

/// @notice The prices and amounts of liquidation (docs/margin.md): the liquidation and bankruptcy prices of a position,
/// the band fills must stay in around the index, and the penalty. Pure; rounding as documented per function.
library LiquidationMath {
    /// @notice The index price of positions[i]'s market at which the account reaches its maintenance requirement,
    /// every other market's price held: a long is liquidatable below it, a short above it. Solves
    /// A + size × p / baseUnit − |size| × p × MMF / (baseUnit × 10^6) = 0, where A is everything that does not move
    /// with p (collateral − all funding owed + the other positions' PnL less their maintenance requirements − this
    /// position's cost basis). Rounded toward liquidation (a long's up, a short's down). 0 means: a long that no
    /// positive price liquidates, a short that every price liquidates, or a flat position.
    function liquidationPrice(
        int256 collateral,
        Position[] memory positions,
        MarketState[] memory markets,
        uint256 i
    ) internal pure returns (uint256) {
        int256 size = positions[i].size;
        if (size == 0) return 0;
        int256 rest = collateral - positions[i].costBasis;
        for (uint256 j = 0; j < positions.length; ++j) {
            rest -= FundingMath.fundingOwed(positions[j], markets[j].cumulativeFunding, markets[j].risk.baseUnit);
            if (j != i) {
                rest += MarginMath.unrealizedPnl(positions[j], markets[j])
                    - SafeCast.toInt256(MarginMath.maintenanceRequirement(positions[j], markets[j]));
            }
        }
        MarketRisk memory risk = markets[i].risk;
        uint256 absSize = SignedMath.abs(size);
        if (size > 0) {
            if (rest >= 0) return 0;
            return Math.mulDiv(
                SignedMath.abs(rest), risk.baseUnit * PPM, absSize * (PPM - risk.maintenanceMarginPpm), Math.Rounding.Ceil
            );
        }
        if (rest < 0) return 0;
        return Math.mulDiv(
            uint256(rest), risk.baseUnit * PPM, absSize * (PPM + risk.maintenanceMarginPpm), Math.Rounding.Floor
        );
    }

    /// @notice The price at which closing positions[i] takes away its share of the account's value, so that closing
    /// every position at its bankruptcy price leaves the account at zero. The share is the position's part of the
    /// maintenance requirement (Ikon's and dYdX's rule): p = index − value × MMR_i × baseUnit / (size × MMR_total).
    /// Rounded against the account (a long's down, a short's up), never below 0. With a negative account
    /// value the price is worse than the index: the shortfall the insurance fund or deleveraging absorbs.
    function bankruptcyPrice(
        int256 collateral,
        Position[] memory positions,
        MarketState[] memory markets,
        uint256 i
    ) internal pure returns (uint256) {
        int256 size = positions[i].size;
        uint256 index = markets[i].indexPrice;
        if (size == 0) return 0;
        uint256 totalRequirement = MarginMath.accountMaintenanceRequirement(positions, markets);
        // Only a zero index leaves a nonzero position without requirement (MMF > 0).
        if (totalRequirement == 0) return index;
        // A long's price falls, a short's rises, by share × baseUnit / |size|: both steps round toward +∞.
        int256 share = SignedMulDiv.mulDiv(
            MarginMath.accountValue(collateral, positions, markets),
            SafeCast.toInt256(MarginMath.maintenanceRequirement(positions[i], markets[i])),
            totalRequirement,
            true
        );
        int256 offset =
            SignedMulDiv.mulDiv(share, SafeCast.toInt256(markets[i].risk.baseUnit), SignedMath.abs(size), true);
        int256 price = size > 0 ? SafeCast.toInt256(index) - offset : SafeCast.toInt256(index) + offset;
        return price > 0 ? uint256(price) : 0;
    }

    /// @notice The prices fills must stay within: index × (1 ∓ (IMF − MMF)) (Drift's band), the lower bound rounded
    /// up and the upper down. For display; isFillWithinBand checks a fill exactly.
    function fillBand(MarketRisk memory risk, uint256 indexPrice) internal pure returns (uint256 lower, uint256 upper) {
        uint256 width = risk.initialMarginPpm - risk.maintenanceMarginPpm;
        lower = Math.mulDiv(indexPrice, PPM - width, PPM, Math.Rounding.Ceil);
        upper = Math.mulDiv(indexPrice, PPM + width, PPM, Math.Rounding.Floor);
    }

    /// @notice Whether a fill of `base` base units for `quote` quote units is priced within the band, compared exactly:
    /// index × (10^6 − w) × base ≤ quote × baseUnit × 10^6 ≤ index × (10^6 + w) × base, w = IMF − MMF.
    function isFillWithinBand(uint256 base, uint256 quote, uint256 indexPrice, MarketRisk memory risk)
        internal
        pure
        returns (bool)
    {
        if (base == 0) return false;
        uint256 width = risk.initialMarginPpm - risk.maintenanceMarginPpm;
        uint256 scale = risk.baseUnit * PPM;
        return SignedMulDiv.productLte(indexPrice * (PPM - width), base, quote, scale)
            && SignedMulDiv.productLte(quote, scale, indexPrice * (PPM + width), base);
    }

    /// @notice The penalty a liquidation that closes `closedNotional` quote units of positions takes for the
    /// insurance fund: the market's penalty fraction of it, rounded up, but never more than the account's value left
    /// after the liquidation's fills (nothing when that is zero or negative).
    function liquidationPenalty(uint256 closedNotional, MarketRisk memory risk, int256 valueAfter)
        internal
        pure
        returns (uint256)
    {
        uint256 cap = Math.mulDiv(closedNotional, risk.liquidationPenaltyPpm, PPM, Math.Rounding.Ceil);
        return valueAfter > 0 ? Math.min(cap, uint256(valueAfter)) : 0;
    }
}
