// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PriceFault} from "./oracle/PriceUpdate.sol";

/// @notice Every custom error of the margin module, with the values that caused it. Parameters out of bounds revert
/// IExchangeErrors.ParameterOutOfRange(name, value, min, max), zero amounts IExchangeErrors.ZeroAmount.
interface IMarginModuleErrors {
    /// @notice Thrown for a market id that was never listed.
    error UnknownMarket(uint32 market);
    /// @notice Thrown when a market's risk parameters fail MarginMath.isValidMarket.
    error InvalidMarketRisk(uint32 market);
    /// @notice Thrown when a market's quote token is not the module's collateral token.
    error CollateralTokenMismatch(uint32 market, address quoteToken, address collateralToken);
    /// @notice Thrown when an account withdraws more collateral than it holds.
    error InsufficientCollateral(address account, int256 collateral, uint256 amount);
    /// @notice Thrown when a withdrawal would leave the account's value below its initial requirement.
    error BelowInitialMargin(address account, int256 value, uint256 requirement);
    /// @notice Thrown when a market's index price may not be used for what it is needed for (PriceFault).
    error PriceNotUsable(uint32 market, PriceFault fault);
    /// @notice Thrown for a withdrawal while the window after a negative-equity account was seen runs (until `until`).
    error WithdrawalsGated(uint256 until);
    /// @notice Thrown when an account reported as under water has a value of zero or more.
    error AccountNotUnderwater(address account, int256 value);
    /// @notice Thrown when funding is published before the market's period has elapsed (`nextAt`).
    error FundingTooEarly(uint32 market, uint256 nextAt);
    /// @notice Thrown for a funding rate whose magnitude exceeds the market's cap (FundingMath.rateCap).
    error FundingRateAboveCap(uint32 market, int256 rate, uint256 cap);
    /// @notice Thrown when more is withdrawn from the insurance fund than it holds.
    error InsufficientInsuranceFund(uint256 balance, uint256 amount);
}
