// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OrderFlags} from "../types/Order.sol";

/// @dev Where each small field of an order sits in the terms word, from the least significant bit:
///   side (8) | timeInForce (8) | flags (8) | selfTradePrevention (8) | maxFeeBps (16) | expiry (40) | nonce (64)
/// The bits from TERMS_BITS up must be zero. File-level number constants, so that OrderHashing's assembly can name
/// them too; protocol/batch.ts packs the same layout.
uint256 constant TIME_IN_FORCE_SHIFT = 8;
uint256 constant FLAGS_SHIFT = 16;
uint256 constant SELF_TRADE_PREVENTION_SHIFT = 24;
uint256 constant MAX_FEE_BPS_SHIFT = 32;
uint256 constant EXPIRY_SHIFT = 48;
uint256 constant NONCE_SHIFT = 88;
uint256 constant TERMS_BITS = 152;

/// @dev The widths of the fields, as masks: uint8, uint16, uint40 and uint64.
uint256 constant UINT8_MASK = 0xff;
uint256 constant UINT16_MASK = 0xffff;
uint256 constant UINT40_MASK = 0xffffffffff;
uint256 constant UINT64_MASK = 0xffffffffffffffff;

/// @notice Packs and unpacks an order's small fields into one word of batch calldata (layout above).
library OrderTerms {
    function side(uint256 terms) internal pure returns (uint8) {
        return uint8(terms);
    }

    function timeInForce(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> TIME_IN_FORCE_SHIFT);
    }

    function flags(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> FLAGS_SHIFT);
    }

    function selfTradePrevention(uint256 terms) internal pure returns (uint8) {
        return uint8(terms >> SELF_TRADE_PREVENTION_SHIFT);
    }

    function maxFeeBps(uint256 terms) internal pure returns (uint16) {
        return uint16(terms >> MAX_FEE_BPS_SHIFT);
    }

    function expiry(uint256 terms) internal pure returns (uint40) {
        return uint40(terms >> EXPIRY_SHIFT);
    }

    function nonce(uint256 terms) internal pure returns (uint64) {
        return uint64(terms >> NONCE_SHIFT);
    }

    /// @dev The auction-only flag (OrderFlags.AUCTION_ONLY) at its place in the terms word.
    uint256 internal constant AUCTION_ONLY_BIT = uint256(OrderFlags.AUCTION_ONLY) << FLAGS_SHIFT;

    /// @dev Bits that must be zero in valid terms: everything from TERMS_BITS up, side bits above 0 (side <= 1), flag
    /// bits other than post-only and auction-only, and self-trade-prevention bits above 1 (mode <= 3). These masks
    /// say what Side.SELL, OrderFlags.KNOWN and SelfTradePrevention.MAX say; contracts/test/OrderTerms.t.sol checks
    /// that they agree.
    uint256 private constant INVALID_BITS = ~((uint256(1) << TERMS_BITS) - 1) | 0xfe | (0xfc << FLAGS_SHIFT)
        | (0xfc << SELF_TRADE_PREVENTION_SHIFT);

    /// @notice Whether every field is in range: side 0-1, time in force 0-2, only known flags, self-trade mode
    /// 0-3, fee cap at most `maxFeeBpsLimit`, nothing from TERMS_BITS up.
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
        return uint256(side_) | (uint256(timeInForce_) << TIME_IN_FORCE_SHIFT) | (uint256(flags_) << FLAGS_SHIFT)
            | (uint256(selfTradePrevention_) << SELF_TRADE_PREVENTION_SHIFT)
            | (uint256(maxFeeBps_) << MAX_FEE_BPS_SHIFT) | (uint256(expiry_) << EXPIRY_SHIFT)
            | (uint256(nonce_) << NONCE_SHIFT);
    }
}
