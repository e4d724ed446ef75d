// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice An index price for one perpetual market, as its signers sign it (EIP-712, type PriceUpdate in
/// PriceUpdateHashing). `price` and `confidence` are quote units per base unit, scaled by 1e18 (PRICE_SCALE in
/// OraclePrices); `timestamp` is the observation time in unix seconds.
/// @dev The narrow types bound what a signer can sign (the contract refuses nothing a signer could not express) and
/// let the calldata form pack two fields per word: price and confidence in 128 bits each (a price times a 128-bit
/// size fits 256 bits), the market id in 32, the timestamp in 64.
struct PriceUpdate {
    uint32 market;
    uint128 price;
    uint128 confidence;
    uint64 timestamp;
}

/// @notice An ECDSA signature in EIP-2098 compact form: vs = (v - 27) << 255 | s. Price signers are plain keys,
/// never contract wallets (no EIP-1271): a price must verify at a fixed, small cost.
struct CompactSignature {
    bytes32 r;
    bytes32 vs;
}

/// @notice A price update as it travels in calldata: two packed words and the signatures of distinct signers of
/// the current set, at least the threshold of them. Built off-chain by protocol/price-update.ts.
struct SignedPriceUpdate {
    uint256 priceAndConfidence; // price (high 128 bits) | confidence (low 128 bits)
    uint256 marketAndTimestamp; // market (bits 64..95) | timestamp (low 64 bits); higher bits zero
    CompactSignature[] signatures;
}

/// @notice What a price is used for: each use has its own maximum age at use (strictest for IncreaseRisk).
enum PriceUse {
    IncreaseRisk,
    ReduceRisk,
    Liquidation
}

/// @notice Why a price may not be used: the first failing check, in this order. `None` means usable.
/// NoPrice: the market has no accepted price. Stale: older than the use's maximum age. SequencerDown /
/// SequencerGrace (IncreaseRisk and Liquidation only): the L2 sequencer is down, or came back up less than the grace
/// period ago; the price returned with these is fresh, so the module may still liquidate an account far below
/// maintenance.
enum PriceFault {
    None,
    NoPrice,
    Stale,
    SequencerDown,
    SequencerGrace
}
