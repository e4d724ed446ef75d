// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Packs and unpacks an order's small fields into one word of batch calldata.
/// @dev Layout, from the least significant bit:
///   side (8) | timeInForce (8) | flags (8) | selfTradePrevention (8) | maxFeeBps (16) | expiry (40) | nonce (64)
/// The bits above 152 must be zero.
library OrderTerms {
    function side(uint256 terms) internal pure returns (uint8) {
        return uint8(terms);
    }

    function timeInForce(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> 8);
    }

    function flags(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> 16);
    }

    function selfTradePrevention(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> 24);
    }

    function maxFeeBps(uint256 terms) internal pure returns (uint16) {
        return uint16(terms >> 32);
    }

    function expiry(uint256 terms) internal pure returns (uint40) {
        return uint40(terms >> 48);
    }

    function nonce(uint256 terms) internal pure returns (uint64) {
        return uint64(terms >> 88);
    }

    /// @dev The auction-only flag (OrderFlags.AUCTION_ONLY) at its place in the terms word.
    uint256 internal constant AUCTION_ONLY_BIT = 2 << 16;

    /// @dev Bits that must be zero in valid terms: everything above bit 152, side bits above 0 (side <= 1), flag
    /// bits other than post-only and auction-only, and self-trade-prevention bits above 1 (mode <= 3).
    uint256 private constant INVALID_BITS = ~((uint256(1) << 152) - 1) | 0xfe | (0xfc << 16) | (0xfc << 24);

    /// @notice Whether every field is in range: side 0-1, time in force 0-2, only known flags, self-trade mode
    /// 0-3, fee cap at most `maxFeeBpsLimit`, nothing above bit 152.
    function isValid(uint256 terms, uint256 maxTimeInForce, uint256 maxFeeBpsLimit) internal pure returns (bool) {
        return terms & INVALID_BITS == 0 && timeInForce(terms) <= maxTimeInForce && maxFeeBps(terms) <= maxFeeBpsLimit;
    }

    function pack(
        uint8 side_,
        uint8 timeInForce_,
        uint8 flags_,
        uint8 selfTradePrevention_,
        uint16 maxFeeBps_,
        uint40 expiry_,
        uint64 nonce_
    ) internal pure returns (uint256) {
        return uint256(side_) | (uint256(timeInForce_) << 8) | (uint256(flags_) << 16)
            | (uint256(selfTradePrevention_) << 24) | (uint256(maxFeeBps_) << 32) | (uint256(expiry_) << 48)
            | (uint256(nonce_) << 88);
    }
}
