// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @notice Reads a Chainlink-style feed without trusting it to answer: a feed that reverts, runs out of gas or
/// returns too few bytes reads as `ok = false` instead of reverting the caller, so a broken reference can never
/// block prices, and a broken sequencer feed fails closed (OraclePrices treats it as down).
/// @dev The read gets all the gas there is (63/64 of it, EIP-150), not a cap: with a cap, a caller could pick a gas
/// limit that starves the feed into failing, and so lift the deviation bound; with all of it, starving a feed that
/// costs ~10,000 gas would leave far too little (1/64) for the rest of the update to finish.
library FeedReading {
    /// @dev latestRoundData returns five words.
    uint256 private constant ROUND_DATA_SIZE = 5 * 32;

    /// @notice The feed's latest answer, the time its round started and the time it was updated.
    function latest(AggregatorV3Interface feed)
        internal
        view
        returns (bool ok, int256 answer, uint256 startedAt, uint256 updatedAt)
    {
        bytes4 selector = AggregatorV3Interface.latestRoundData.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            // The answer lands in scratch memory past the free pointer, which is not advanced: nothing else
            // is allocated before it is read.
            let success := staticcall(gas(), feed, ptr, 0x04, ptr, ROUND_DATA_SIZE)
            ok := and(success, iszero(lt(returndatasize(), ROUND_DATA_SIZE)))
            if ok {
                answer := mload(add(ptr, 0x20))
                startedAt := mload(add(ptr, 0x40))
                updatedAt := mload(add(ptr, 0x60))
            }
        }
    }
}
