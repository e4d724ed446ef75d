// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice An order as its maker signs it (EIP-712 primary type `Order`).
/// @dev Price is the exact rational quoteAmount / baseAmount: a buy pays at most quoteAmount
/// for baseAmount (pro rata), a sell receives at least quoteAmount for baseAmount (pro rata).
/// A fill of (b base, q quote) respects a buy iff q * baseAmount <= quoteAmount * b and a sell iff
/// q * baseAmount >= quoteAmount * b. No price is ever rounded; see docs/protocol.md.
struct Order {
    address maker; //              the account whose balances move; an EOA or an EIP-1271 wallet
    address baseToken;
    address quoteToken;
    uint8 side; //                 Side.BUY (0) buys base with quote, Side.SELL (1) sells base for quote
    uint128 baseAmount; //         size, in base-token units
    uint128 quoteAmount; //        limit: quote-token units for the whole size
    uint128 triggerQuoteAmount; // stop orders: trigger price as quote for the whole size (0 = none); off-chain only
    uint64 nonce; //               unique per maker; a completed order consumes its nonce
    uint40 expiry; //              unix seconds; fillable while block.timestamp < expiry (0 = never)
    uint16 maxFeeBps; //           highest fee the maker accepts, in basis points of what it receives
    uint8 timeInForce; //          GTC (0), IOC (1), FOK (2): enforced by the matching engine
    uint8 flags; //                bit 0: post-only (must be the maker of every fill); bit 1: auction-only; others reserved
    uint8 selfTradePrevention; //  CANCEL_TAKER (0), CANCEL_MAKER (1), CANCEL_BOTH (2), DECREMENT (3)
}

library Side {
    uint8 internal constant BUY = 0;
    uint8 internal constant SELL = 1;
}

library OrderFlags {
    uint8 internal constant POST_ONLY = 1;
    /// @dev Settle only through a proved batch auction: only a holder of AUCTION_SETTLER_ROLE (AuctionSettlement,
    /// which checks the proof) may settle a batch that lists the order.
    uint8 internal constant AUCTION_ONLY = 2;
    /// @dev Bits this contract understands; a margin module may define others, which spot settlement refuses.
    uint8 internal constant KNOWN = POST_ONLY | AUCTION_ONLY;
}

library TimeInForce {
    uint8 internal constant GTC = 0;
    uint8 internal constant IOC = 1;
    uint8 internal constant FOK = 2;
    uint8 internal constant MAX = FOK;
}

library SelfTradePrevention {
    uint8 internal constant CANCEL_TAKER = 0;
    uint8 internal constant CANCEL_MAKER = 1;
    uint8 internal constant CANCEL_BOTH = 2;
    uint8 internal constant DECREMENT = 3;
    uint8 internal constant MAX = DECREMENT;
}
