// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Every custom error of OraclePrices, with the values that caused it. Parameters out of their bounds
/// revert IExchangeErrors.ParameterOutOfRange(name, value, min, max), and a zero address IExchangeErrors.ZeroAddress,
/// as the exchange's own parameters do.
interface IOraclePricesErrors {
    // ---- price updates (each names the update by market and timestamp) ----
    /// @notice Thrown for an update of a market that has no reference feed configured (setReferenceFeed).
    error UnknownPriceMarket(uint32 market);
    /// @notice Thrown for an update whose price is zero.
    error ZeroPrice(uint32 market, uint64 timestamp);
    /// @notice Thrown for an update not newer than the market's last accepted one: a replay, or an older report.
    error PriceUpdateNotNewer(uint32 market, uint64 timestamp, uint64 lastTimestamp);
    /// @notice Thrown for an update dated after block.timestamp + maxFutureSkew (`latestAllowed`).
    error PriceUpdateFromFuture(uint32 market, uint64 timestamp, uint256 latestAllowed);
    /// @notice Thrown when confidence × 10,000 > maxConfidenceBps × price.
    error PriceConfidenceTooWide(uint32 market, uint256 price, uint256 confidence, uint256 maxConfidenceBps);
    /// @notice Thrown for an update with fewer signatures than the signer threshold.
    error TooFewPriceSignatures(uint32 market, uint64 timestamp, uint256 count, uint256 threshold);
    /// @notice Thrown for a signature that is malformed (high s, or no address recovers); `index` is its position.
    error InvalidPriceSignature(uint32 market, uint64 timestamp, uint256 index);
    /// @notice Thrown for a signature by an address outside the current signer set.
    error UnknownPriceSigner(uint32 market, uint64 timestamp, address signer);
    /// @notice Thrown when one signer signs the same update twice.
    error DuplicatePriceSigner(uint32 market, uint64 timestamp, address signer);
    /// @notice Thrown when a fresh, usable reference is more than maxDeviationBps from the signed price.
    error PriceDeviatesFromReference(uint32 market, uint256 price, uint256 referencePrice, uint256 maxDeviationBps);

    // ---- administration ----
    /// @notice Thrown when a signer set names the zero address or one address twice.
    error InvalidPriceSigner(address signer);
    /// @notice Thrown when a reference feed's clamp bounds are not 0 ≤ minAnswer < maxAnswer.
    error InvalidReferenceBounds(int256 minAnswer, int256 maxAnswer);
}
