// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";

/// @notice a × b / d for signed a and b, rounded toward +∞ or −∞ (never toward zero): the margin rules round by the
/// direction money flows, and a signed amount's direction is its side of the number line. The product is taken in
/// 512 bits, so only a result outside int256 reverts.
library SignedMulDiv {
    function mulDiv(int256 a, int256 b, uint256 d, bool towardPositive) internal pure returns (int256) {
        uint256 magnitude = Math.mulDiv(
            SignedMath.abs(a),
            SignedMath.abs(b),
            d,
            // A negative result rounds toward +∞ by shrinking its magnitude.
            ((a < 0) != (b < 0)) == towardPositive ? Math.Rounding.Floor : Math.Rounding.Ceil
        );
        // SafeCast: a bare int256(...) of a magnitude ≥ 2^255 would wrap instead of reverting.
        return (a < 0) != (b < 0) ? -SafeCast.toInt256(magnitude) : SafeCast.toInt256(magnitude);
    }

    /// @notice Whether a × b ≤ c × d, compared in 512 bits.
    function productLte(uint256 a, uint256 b, uint256 c, uint256 d) internal pure returns (bool) {
        (uint256 highAb, uint256 lowAb) = Math.mul512(a, b);
        (uint256 highCd, uint256 lowCd) = Math.mul512(c, d);
        return highAb < highCd || (highAb == highCd && lowAb <= lowCd);
    }
}
