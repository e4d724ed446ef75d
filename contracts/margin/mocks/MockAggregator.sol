// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../oracle/AggregatorV3Interface.sol";

/// @notice A Chainlink-style price feed for tests and development (npm start): the admin of the test sets the
/// answer, round and times. Like a real Chainlink aggregator it clamps answers to [minAnswer, maxAnswer], so a
/// crash below minAnswer reads as minAnswer — the case OraclePrices must not trust.
contract MockAggregator is AggregatorV3Interface {
    uint8 public immutable override decimals;
    int192 public immutable minAnswer;
    int192 public immutable maxAnswer;
    string public override description;

    uint80 public roundId;
    int256 public answer;
    uint256 public startedAt;
    uint256 public updatedAt;

    constructor(uint8 decimals_, int192 minAnswer_, int192 maxAnswer_, string memory description_) {
        decimals = decimals_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        description = description_;
    }

    function version() external pure override returns (uint256) {
        return 4;
    }

    /// @notice A new round: the answer, clamped, updated now.
    function setAnswer(int256 answer_) external {
        answer = answer_ < minAnswer ? int256(minAnswer) : answer_ > maxAnswer ? int256(maxAnswer) : answer_;
        roundId += 1;
        startedAt = block.timestamp;
        updatedAt = block.timestamp;
    }

    function setUpdatedAt(uint256 updatedAt_) external {
        updatedAt = updatedAt_;
    }

    function setRoundId(uint80 roundId_) external {
        roundId = roundId_;
    }

    /// @dev Only the latest round is kept; any round id reads it.
    function getRoundData(uint80)
        external
        view
        override
        returns (uint80, int256, uint256, uint256, uint80)
    {
        return (roundId, answer, startedAt, updatedAt, roundId);
    }

    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, startedAt, updatedAt, roundId);
    }
}
