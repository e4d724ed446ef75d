// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {PriceUpdate, SignedPriceUpdate} from "./PriceUpdate.sol";

/// @notice EIP-712 hashing of price updates, and their unpacking from calldata. The TypeScript twin is
/// protocol/price-update.ts; test/contracts/margin/oracle-hashing.test.ts checks both give the same hashes.
/// @dev Prices have their own domain ("HybridExchangePrices", version 1, bound to the contract that checks them),
/// so a price signature can never be replayed as an order or withdrawal, nor on another deployment or chain.
library PriceUpdateHashing {
    bytes32 internal constant PRICE_UPDATE_TYPEHASH =
        keccak256("PriceUpdate(uint32 market,uint128 price,uint128 confidence,uint64 timestamp)");
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant DOMAIN_NAME_HASH = keccak256("HybridExchangePrices");
    bytes32 internal constant DOMAIN_VERSION_HASH = keccak256("1");

    uint256 private constant U32 = type(uint32).max;
    uint256 private constant U64 = type(uint64).max;
    uint256 private constant U128 = type(uint128).max;

    /// @notice The price domain's separator for `verifyingContract` on this chain.
    function domainSeparator(address verifyingContract) internal view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, verifyingContract)
        );
    }

    /// @notice The update packed in `signed`. Bits above the market are ignored: the signature covers the unpacked
    /// fields, so they can carry nothing.
    function unpack(SignedPriceUpdate calldata signed) internal pure returns (PriceUpdate memory update) {
        uint256 head = signed.priceAndConfidence;
        uint256 tail = signed.marketAndTimestamp;
        update.price = uint128(head >> 128);
        update.confidence = uint128(head & U128);
        update.market = uint32((tail >> 64) & U32);
        update.timestamp = uint64(tail & U64);
    }

    function hash(PriceUpdate memory update) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(PRICE_UPDATE_TYPEHASH, update.market, update.price, update.confidence, update.timestamp)
        );
    }

    /// @notice The EIP-712 digest the signers sign: "\x19\x01" ‖ separator ‖ struct hash.
    function digest(bytes32 separator, PriceUpdate memory update) internal pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(separator, hash(update));
    }
}
