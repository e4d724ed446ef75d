// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A settlement batch: the fills of one market, between the orders listed once each.
/// @dev The calldata layout is lean: tokens once per batch, an order is six static words (no offsets), small
/// fields are packed, and ECDSA signatures travel in EIP-2098 compact form. The signed Order is rebuilt from it,
/// so a signature for another market or other terms fails. Built off-chain by protocol/batch.ts.
struct Batch {
    uint256 id; //                 unique; a batch id settles at most once
    address baseToken;
    address quoteToken;
    OrderInput[] orders; //        each order at most once per batch
    FillInput[] fills;
    bytes[] walletSignatures; //   signatures that are not compact ECDSA (EIP-1271 wallets), referenced by orders
}

/// @notice An order in a batch.
struct OrderInput {
    address maker;
    uint256 amounts; //            baseAmount (high 128 bits) | quoteAmount (low 128 bits)
    uint256 triggerQuoteAmount;
    uint256 terms; //              small fields, see OrderTerms
    bytes32 r; //                  ECDSA r; zero when the signature is walletSignatures[vs]
    bytes32 vs; //                 ECDSA (v - 27) << 255 | s (EIP-2098); or, when r is zero, an index in walletSignatures
}

/// @notice One fill, in three words: `baseAmount` base moves from the seller to the buyer, `quoteAmount` quote the
/// other way, and each side pays its fee in the token it receives.
struct FillInput {
    uint256 orderIndices; //       makerIndex (low 16 bits) | takerIndex (next 16 bits): indices in Batch.orders
    uint256 amounts; //            baseAmount (high 128 bits) | quoteAmount (low 128 bits)
    uint256 fees; //               makerFee (high 128 bits) | takerFee (low 128 bits)
}
