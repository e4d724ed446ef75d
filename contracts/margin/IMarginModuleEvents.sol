// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PerpMarket, InsuranceFundChange} from "./PerpMarket.sol";

/// @notice Every event of the margin module: each parameter change, each move of collateral, each funding period,
/// each change of the insurance fund.
interface IMarginModuleEvents {
    /// @notice A market was listed (`listed`) or its parameters changed.
    event MarketSet(uint32 indexed market, PerpMarket parameters, bool listed);
    event NegativeEquityDelaySet(uint256 previous, uint256 current);
    event CollateralDeposited(address indexed account, uint256 amount, int256 collateral);
    event CollateralWithdrawn(address indexed account, uint256 amount, int256 collateral);
    /// @notice A period of funding: the market's cumulative index moved by rate × indexPrice.
    event FundingPublished(uint32 indexed market, int256 rate, uint256 indexPrice, int256 cumulativeFunding);
    /// @notice An account's position settled its funding into collateral: `owed` > 0 paid, < 0 received.
    event FundingSettled(address indexed account, uint32 indexed market, int256 owed);
    event InsuranceFundChanged(InsuranceFundChange indexed reason, int256 delta, uint256 balance);
    /// @notice `account` was seen with a negative value: collateral withdrawals wait until `withdrawalsGatedUntil`.
    event NegativeEquitySeen(address indexed account, int256 value, uint256 withdrawalsGatedUntil);
}
