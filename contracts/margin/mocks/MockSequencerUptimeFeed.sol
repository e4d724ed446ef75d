// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../oracle/AggregatorV3Interface.sol";

/// @notice An L2 sequencer-uptime feed for tests: answer 0 while up, 1 while down; `startedAt` is when the status
/// last changed, as on Chainlink's feeds.
contract MockSequencerUptimeFeed is AggregatorV3Interface {
    uint80 public roundId;
    int256 public answer;
    uint256 public startedAt;

    constructor() {
        _set(false, block.timestamp);
    }

    function decimals() external pure override returns (uint8) {
        return 0;
    }

    function description() external pure override returns (string memory) {
        return "L2 Sequencer Uptime Status Feed";
    }

    function version() external pure override returns (uint256) {
        return 1;
    }

    /// @notice The sequencer goes down or comes back up now.
    function setDown(bool down) external {
        _set(down, block.timestamp);
    }

    /// @notice Sets the status as changed at `startedAt_` (zero: a feed not yet initialised).
    function setStatus(bool down, uint256 startedAt_) external {
        _set(down, startedAt_);
    }

    function getRoundData(uint80)
        external
        view
        override
        returns (uint80, int256, uint256, uint256, uint80)
    {
        return (roundId, answer, startedAt, startedAt, roundId);
    }

    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, startedAt, startedAt, roundId);
    }

    function _set(bool down, uint256 startedAt_) private {
        roundId += 1;
        answer = down ? int256(1) : int256(0);
        startedAt = startedAt_;
    }
}
