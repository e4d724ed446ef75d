// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Side} from "../types/Order.sol";

/// @notice Integer checks of a fill against what an order's maker signed. Operands must be below 2^128 (settlement
/// reads them from 128-bit halves), so every product fits in 256 bits and nothing is ever rounded.
library FillMath {
    uint256 internal constant BPS = 10_000;

    /// @notice Whether (fillBase, fillQuote) is at or better than the order's limit quoteAmount / baseAmount:
    /// a buy pays at most its limit, a sell receives at least its limit.
    function respectsLimit(uint8 side, uint256 baseAmount, uint256 quoteAmount, uint256 fillBase, uint256 fillQuote)
        internal
        pure
        returns (bool)
    {
        // Operands are below 2^128 (calldata halves of packed words), so no product overflows.
        unchecked {
            return side == Side.BUY
                ? fillQuote * baseAmount <= quoteAmount * fillBase
                : fillQuote * baseAmount >= quoteAmount * fillBase;
        }
    }

    /// @notice Whether `fee` is at most `maxFeeBps` basis points of `received`.
    /// `fee` and `received` must be below 2^128 and `maxFeeBps` at most BPS, so no product overflows.
    function feeWithinCap(uint256 fee, uint256 received, uint256 maxFeeBps) internal pure returns (bool) {
        unchecked {
            return fee * BPS <= received * maxFeeBps;
        }
    }
}
