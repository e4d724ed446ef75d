// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order} from "../types/Order.sol";
import {OrderTerms} from "./OrderTerms.sol";

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
            mstore(add(p, 0x80), and(terms, 0xff)) //                             side
            mstore(add(p, 0xa0), baseAmount)
            mstore(add(p, 0xc0), quoteAmount)
            mstore(add(p, 0xe0), triggerQuoteAmount)
            mstore(add(p, 0x100), and(shr(88, terms), 0xffffffffffffffff)) //      nonce
            mstore(add(p, 0x120), and(shr(48, terms), 0xffffffffff)) //            expiry
            mstore(add(p, 0x140), and(shr(32, terms), 0xffff)) //                  maxFeeBps
            mstore(add(p, 0x160), and(shr(8, terms), 0xff)) //                     timeInForce
            mstore(add(p, 0x180), and(shr(16, terms), 0xff)) //                    flags
            mstore(add(p, 0x1a0), and(shr(24, terms), 0xff)) //                    selfTradePrevention
            h := keccak256(p, 0x1c0)
        }
    }
}
