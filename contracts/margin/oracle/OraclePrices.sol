// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {FeedReading} from "./FeedReading.sol";
import {OracleGuards} from "./OracleGuards.sol";
import {PriceUpdate, SignedPriceUpdate, CompactSignature, PriceUse, PriceFault} from "./PriceUpdate.sol";
import {PriceUpdateHashing} from "./PriceUpdateHashing.sol";

/// @notice Index prices for perpetual markets, verified by the contract: k-of-n signed pull updates (submitted in
/// the same transaction as the batch or liquidation that uses them), a Chainlink-style reference per market that
/// bounds them while it is fresh and prices the exit hatch, and an optional L2 sequencer-uptime feed. The margin
/// module inherits it, so reading a price costs no external call. docs/margin.md "Prices and oracle guards" gives
/// each guard, its default, what is checked and what is trusted.
/// @dev Prices are quote units per base unit × PRICE_SCALE (1e18): the spot contract's exact rational
/// quoteAmount / baseAmount in fixed point, so a notional is size × price / 1e18 in the quote token's units.
/// Every guard is a bounded parameter set by the admin with an event (OracleGuards).
abstract contract OraclePrices is OracleGuards {
    using FeedReading for AggregatorV3Interface;

    uint256 public constant PRICE_SCALE = 1e18;

    /// @dev secp256k1n / 2: a higher s is the malleable twin of a valid signature.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev One slot per market: the last accepted price and its timestamp.
    struct IndexPrice {
        uint128 price;
        uint64 timestamp;
    }

    mapping(uint32 market => IndexPrice) internal _indexPrices;

    // ------------------------------------------------------------------ for the margin module

    /// @notice Accepts each update as its market's index price, in order; reverts on the first bad one with its
    /// values. The module calls it first in the transaction whose fills or liquidation use the prices.
    function _acceptPriceUpdates(SignedPriceUpdate[] calldata updates) internal {
        if (updates.length == 0) return;
        AcceptParameters memory params = _acceptParameters;
        bytes32 separator = PriceUpdateHashing.domainSeparator(address(this));
        for (uint256 i; i < updates.length; ++i) {
            _accept(updates[i], params, separator);
        }
    }

    /// @notice The market's index price for `use`, and why it may not be used (PriceFault.None when it may). The
    /// price is returned even with a fault (zero only with NoPrice), so the module decides: it skips a fill with its
    /// own reason, or (SequencerDown/SequencerGrace on a liquidation) still liquidates an account far below
    /// maintenance. Age at use is block.timestamp − the update's timestamp (zero for one dated slightly ahead).
    function _indexPrice(uint32 market, PriceUse use) internal view returns (uint256 price, PriceFault fault) {
        IndexPrice memory index = _indexPrices[market];
        price = index.price;
        if (price == 0) return (0, PriceFault.NoPrice);
        UseParameters memory params = _useParameters;
        uint256 maxAge = use == PriceUse.IncreaseRisk
            ? params.maxAgeIncreaseRisk
            : use == PriceUse.Liquidation ? params.maxAgeLiquidation : params.maxAgeReduceRisk;
        if (block.timestamp > index.timestamp && block.timestamp - index.timestamp > maxAge) {
            return (price, PriceFault.Stale);
        }
        if (use != PriceUse.ReduceRisk && address(params.sequencerUptimeFeed) != address(0)) {
            fault = _sequencerFaultOf(params.sequencerUptimeFeed, params.sequencerGracePeriod);
        }
    }

    /// @notice Whether the L2 sequencer is down (or its feed unreadable: fails closed), or came back up no more
    /// than the grace period ago. PriceFault.None without a sequencer feed.
    function _sequencerFault() internal view returns (PriceFault) {
        UseParameters memory params = _useParameters;
        if (address(params.sequencerUptimeFeed) == address(0)) return PriceFault.None;
        return _sequencerFaultOf(params.sequencerUptimeFeed, params.sequencerGracePeriod);
    }

    /// @notice The market's reference price in index units, and whether it is usable: the feed answered, the answer
    /// is positive and strictly inside its clamp bounds, updated no later than now and within the heartbeat, and its
    /// scaled value fits 128 bits. The price is zero when it is not usable. It prices the exit hatch with no operator.
    function _referencePrice(uint32 market) internal view returns (uint256 price, bool usable) {
        ReferenceFeed storage feed = _referenceFeeds[market];
        AggregatorV3Interface aggregator = feed.aggregator;
        if (address(aggregator) == address(0)) return (0, false);
        (bool ok, int256 answer,, uint256 updatedAt) = aggregator.latest();
        if (!ok || answer <= 0 || updatedAt == 0 || updatedAt > block.timestamp) return (0, false);
        if (block.timestamp - updatedAt > feed.heartbeat) return (0, false);
        if (answer <= feed.minAnswer || answer >= feed.maxAnswer) return (0, false);
        price = _scaled(uint256(answer), feed.scaleExponent);
        usable = price != 0;
    }

    // ------------------------------------------------------------------ views

    /// @notice The last accepted price of `market` and its timestamp (zero for none).
    function latestPrice(uint32 market) external view returns (uint256 price, uint256 timestamp) {
        IndexPrice memory index = _indexPrices[market];
        return (index.price, index.timestamp);
    }

    /// @notice The EIP-712 domain separator price signers sign under ("HybridExchangePrices", "1", this chain,
    /// this contract).
    function priceDomainSeparator() external view returns (bytes32) {
        return PriceUpdateHashing.domainSeparator(address(this));
    }

    // ------------------------------------------------------------------ internals

    function _accept(SignedPriceUpdate calldata signed, AcceptParameters memory params, bytes32 separator) private {
        PriceUpdate memory update = PriceUpdateHashing.unpack(signed);
        uint32 market = update.market;
        if (update.price == 0) revert ZeroPrice(market, update.timestamp);
        ReferenceFeed storage feed = _referenceFeeds[market];
        if (address(feed.aggregator) == address(0)) revert UnknownPriceMarket(market);
        uint64 lastTimestamp = _indexPrices[market].timestamp;
        if (update.timestamp <= lastTimestamp) revert PriceUpdateNotNewer(market, update.timestamp, lastTimestamp);
        uint256 latestAllowed = block.timestamp + params.maxFutureSkew;
        if (update.timestamp > latestAllowed) revert PriceUpdateFromFuture(market, update.timestamp, latestAllowed);
        // Both sides are below 2^142: no overflow.
        if (uint256(update.confidence) * BPS > uint256(params.maxConfidenceBps) * update.price) {
            revert PriceConfidenceTooWide(market, update.price, update.confidence, params.maxConfidenceBps);
        }
        _checkSignatures(signed.signatures, PriceUpdateHashing.digest(separator, update), update, params.signerThreshold);
        _checkAgainstReference(market, update.price, feed.maxDeviationBps);
        _indexPrices[market] = IndexPrice({price: update.price, timestamp: update.timestamp});
        emit PriceAccepted(market, update.price, update.confidence, update.timestamp);
    }

    /// @dev At least `threshold` signatures, each a low-s ECDSA signature by a distinct member of the current set.
    function _checkSignatures(
        CompactSignature[] calldata signatures,
        bytes32 digest,
        PriceUpdate memory update,
        uint256 threshold
    ) private view {
        uint256 count = signatures.length;
        if (count < threshold) revert TooFewPriceSignatures(update.market, update.timestamp, count, threshold);
        uint256 seen;
        for (uint256 i; i < count; ++i) {
            bytes32 vs = signatures[i].vs;
            bytes32 s = vs & bytes32(type(uint256).max >> 1);
            uint8 v = uint8(uint256(vs) >> 255) + 27;
            address signer = uint256(s) > HALF_ORDER ? address(0) : ecrecover(digest, v, signatures[i].r, s);
            if (signer == address(0)) revert InvalidPriceSignature(update.market, update.timestamp, i);
            uint256 slot = _priceSignerSlot[signer];
            if (slot == 0) revert UnknownPriceSigner(update.market, update.timestamp, signer);
            uint256 bit = 1 << (slot - 1);
            if (seen & bit != 0) revert DuplicatePriceSigner(update.market, update.timestamp, signer);
            seen |= bit;
        }
    }

    /// @dev A usable reference bounds the signed price; an unusable one (stale, clamped, broken) bounds nothing:
    /// the signers are then the only source, as they are between a feed's heartbeats.
    function _checkAgainstReference(uint32 market, uint256 price, uint256 maxDeviationBps) private view {
        (uint256 referencePrice, bool usable) = _referencePrice(market);
        if (!usable) return;
        uint256 deviation = price > referencePrice ? price - referencePrice : referencePrice - price;
        // Both sides are below 2^142: no overflow.
        if (deviation * BPS > maxDeviationBps * referencePrice) {
            revert PriceDeviatesFromReference(market, price, referencePrice, maxDeviationBps);
        }
    }

    function _sequencerFaultOf(AggregatorV3Interface feed, uint256 gracePeriod) private view returns (PriceFault) {
        (bool ok, int256 answer, uint256 startedAt,) = feed.latest();
        // startedAt is zero on a feed not yet initialised (Arbitrum): as unknown as a failed read, so down.
        if (!ok || answer != 0 || startedAt == 0) return PriceFault.SequencerDown;
        if (startedAt > block.timestamp || block.timestamp - startedAt <= gracePeriod) {
            return PriceFault.SequencerGrace;
        }
        return PriceFault.None;
    }

    /// @dev `answer` × 10^exponent, or zero when the result is zero or does not fit 128 bits.
    function _scaled(uint256 answer, int8 exponent) private pure returns (uint256 scaled) {
        if (exponent >= 0) {
            uint256 factor = 10 ** uint256(int256(exponent));
            if (answer > type(uint128).max / factor) return 0;
            return answer * factor;
        }
        scaled = answer / 10 ** uint256(-int256(exponent));
        if (scaled > type(uint128).max) return 0;
    }
}
