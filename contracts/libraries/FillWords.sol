// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Unpacks the packed words of batch calldata: index pairs and pairs of 128-bit amounts.
/// Packing is done off-chain by protocol/batch.ts.
library FillWords {
    function makerIndex(uint256 orderIndices) internal pure returns (uint256) {
        return orderIndices & 0xffff;
    }

    function takerIndex(uint256 orderIndices) internal pure returns (uint256) {
        return (orderIndices >> 16) & 0xffff;
    }

    /// @dev Whether bits other than the two indices are set (a malformed fill).
    function hasUnusedIndexBits(uint256 orderIndices) internal pure returns (bool) {
        return orderIndices >> 32 != 0;
    }

    /// @dev The high 128 bits of a pair word.
    function high(uint256 word) internal pure returns (uint256) {
        return word >> 128;
    }

    /// @dev The low 128 bits of a pair word.
    function low(uint256 word) internal pure returns (uint256) {
        return word & type(uint128).max;
    }
}
