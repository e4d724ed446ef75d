// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A settlement batch: the fills of one market, between the orders listed once each.
/// @dev The calldata layout is lean (tokens once per batch, small fields packed into words); the signed
/// Order is rebuilt from it, so a signature for another market or other terms fails. Built off-chain by
/// engine/protocol/batch.ts.
struct Batch {
    uint256 id; //                unique; a batch id settles at most once
    address baseToken;
    address quoteToken;
    OrderInput[] orders; //       each order at most once per batch
    FillInput[] fills;
}

/// @notice An order in a batch. `terms` packs the order's small fields, see `OrderTerms`.
struct OrderInput {
    address maker;
    uint128 baseAmount;
    uint128 quoteAmount;
    uint128 triggerQuoteAmount;
    uint256 terms;
    bytes signature; //           65-byte ECDSA (r, s, v) for an EOA, anything its EIP-1271 wallet accepts otherwise
}

/// @notice One fill, in three words (see `FillWords`): `baseAmount` base moves from the seller to the buyer,
/// `quoteAmount` quote the other way, and each side pays its fee in the token it receives.
struct FillInput {
    uint256 orderIndices; //      makerIndex (low 16 bits) | takerIndex (next 16 bits): indices in Batch.orders
    uint256 amounts; //           baseAmount (high 128 bits) | quoteAmount (low 128 bits)
    uint256 fees; //              makerFee (high 128 bits) | takerFee (low 128 bits)
}
