// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Chainlink's price-feed interface, declared here so the repository needs no @chainlink package: the
/// reference feed of a perpetual market, and (on an L2) the sequencer-uptime feed, whose answer is 0 while the
/// sequencer is up and 1 while it is down, with `startedAt` the time of the last change.
/// @dev Chainlink's own name, kept so integrators recognise it.
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    function decimals() external view returns (uint8);

    function description() external view returns (string memory);

    function version() external view returns (uint256);

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
