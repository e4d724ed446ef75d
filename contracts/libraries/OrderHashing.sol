// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order} from "../types/Order.sol";
// The layout constants are used in the assembly below, where solhint does not look.
// solhint-disable no-unused-import
import {
    OrderTerms,
    TIME_IN_FORCE_SHIFT,
    FLAGS_SHIFT,
    SELF_TRADE_PREVENTION_SHIFT,
    MAX_FEE_BPS_SHIFT,
    EXPIRY_SHIFT,
    NONCE_SHIFT,
    UINT8_MASK,
    UINT16_MASK,
    UINT40_MASK,
    UINT64_MASK
} from "./OrderTerms.sol";
// solhint-enable no-unused-import

/// @notice EIP-712 struct hashes of `Order`. The TypeScript twin is protocol/order.ts,
/// tested equal on the same vectors (test/contracts/hashing.test.ts).
library OrderHashing {
    using OrderTerms for uint256;

    bytes32 internal constant TYPEHASH = keccak256(
        "Order(address maker,address baseToken,address quoteToken,uint8 side,uint128 baseAmount,uint128 quoteAmount,"
        "uint128 triggerQuoteAmount,uint64 nonce,uint40 expiry,uint16 maxFeeBps,uint8 timeInForce,uint8 flags,"
        "uint8 selfTradePrevention)"
    );

    function hash(Order memory order) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                TYPEHASH,
                order.maker,
                order.baseToken,
                order.quoteToken,
                order.side,
                order.baseAmount,
                order.quoteAmount,
                order.triggerQuoteAmount,
                order.nonce,
                order.expiry,
                order.maxFeeBps,
                order.timeInForce,
                order.flags,
                order.selfTradePrevention
            )
        );
    }

    /// @notice The struct hash of the order that a batch's OrderInput stands for: its fields, the batch's market
    /// and the unpacked terms (see OrderTerms), as the same 14 words abi.encode writes above.
    function hash(
        address maker,
        address baseToken,
        address quoteToken,
        uint256 baseAmount,
        uint256 quoteAmount,
        uint256 triggerQuoteAmount,
        uint256 terms
    ) internal pure returns (bytes32 h) {
        bytes32 typehash = TYPEHASH;
        // Written into scratch memory past the free pointer (not allocated: keccak256 reads it at once).
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, typehash)
            mstore(add(p, 0x20), maker)
            mstore(add(p, 0x40), baseToken)
            mstore(add(p, 0x60), quoteToken)
            mstore(add(p, 0x80), and(terms, UINT8_MASK)) // side
            mstore(add(p, 0xa0), baseAmount)
            mstore(add(p, 0xc0), quoteAmount)
            mstore(add(p, 0xe0), triggerQuoteAmount)
            mstore(add(p, 0x100), and(shr(NONCE_SHIFT, terms), UINT64_MASK))
            mstore(add(p, 0x120), and(shr(EXPIRY_SHIFT, terms), UINT40_MASK))
            mstore(add(p, 0x140), and(shr(MAX_FEE_BPS_SHIFT, terms), UINT16_MASK))
            mstore(add(p, 0x160), and(shr(TIME_IN_FORCE_SHIFT, terms), UINT8_MASK))
            mstore(add(p, 0x180), and(shr(FLAGS_SHIFT, terms), UINT8_MASK))
            mstore(add(p, 0x1a0), and(shr(SELF_TRADE_PREVENTION_SHIFT, terms), UINT8_MASK))
            h := keccak256(p, 0x1c0)
        }
    }
}
