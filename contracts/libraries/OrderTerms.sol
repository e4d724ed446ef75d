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

    function hasUnusedBits(uint256 terms) internal pure returns (bool) {
        return terms >> 152 != 0;
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
