// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PriceUse} from "./PriceUpdate.sol";

/// @notice Every event of OraclePrices: each accepted price, and every change of a guard.
interface IOraclePricesEvents {
    /// @notice A signed price became the market's index price.
    event PriceAccepted(uint32 indexed market, uint256 price, uint256 confidence, uint64 timestamp);

    /// @notice The whole signer set was replaced: `threshold` distinct signatures of `signers` accept an update.
    event PriceSignersSet(address[] signers, uint256 threshold);
    event MaxFutureSkewSet(uint256 previous, uint256 current);
    event MaxConfidenceBpsSet(uint256 previous, uint256 current);
    event MaxPriceAgeSet(PriceUse indexed use, uint256 previous, uint256 current);
    event SequencerUptimeFeedSet(address previous, address current);
    event SequencerGracePeriodSet(uint256 previous, uint256 current);
    /// @notice The market's reference feed (see OraclePrices.ReferenceFeed for the fields).
    event ReferenceFeedSet(
        uint32 indexed market,
        address aggregator,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        int256 minAnswer,
        int256 maxAnswer,
        int256 scaleExponent
    );
}
