// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Off-chain cancel of one order, signed by its maker and sent to the relayer.
/// @dev Defined here so that the TypeScript hashing is tested equal to Solidity's; the contract
/// itself cancels on-chain through `cancelOrder` and `cancelUpToNonce`, sent by the maker.
struct CancelOrder {
    address maker;
    bytes32 orderHash;
}

/// @notice Off-chain cancel of every open order of a maker (in one market, or all when both tokens are zero),
/// signed by the maker. `issuedAt` bounds replay: the relayer refuses one not newer than the last it applied.
struct CancelAll {
    address maker;
    address baseToken;
    address quoteToken;
    uint64 issuedAt;
}
