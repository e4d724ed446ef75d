// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketRisk} from "./libraries/MarginTypes.sol";

/// @notice A perpetual market's parameters, as the admin sets them (bounds: MarginMarkets.setMarket and
/// docs/margin.md "Market parameters").
struct PerpMarket {
    MarketRisk risk;
    address quoteToken; //       must be the module's collateral token (one collateral: cross margin across markets)
    uint256 fundingPeriod; //    seconds: funding is published at most once per period
    uint256 maxOpenInterest; //  base units, one side (Σ long sizes)
    uint256 maxPositionSize; //  base units, |size| of one account
}

/// @notice What the module tracks of a market besides its parameters.
struct MarketBook {
    int256 cumulativeFunding; // Σ rate × index price over published periods (FundingMath)
    uint128 openInterest; //     base units, one side
    uint64 lastFundingAt; //     when the last period was published (the listing time before the first)
    bool listed;
}

/// @notice Why the insurance fund changed (InsuranceFundChanged's `reason`). Liquidation penalties, takeovers and
/// bad debt come with the liquidation engine.
enum InsuranceFundChange {
    Deposit,
    Withdrawal
}
