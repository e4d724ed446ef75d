// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What the margin module calls on the Exchange (contracts/exchange/MarginCustody.sol): collateral stays in
/// the Exchange's custody and moves between an account's available balance and the module's pool.
interface IMarginCustody {
    function moveToMargin(address account, address token, uint256 amount) external;
    function moveFromMargin(address account, address token, uint256 amount) external;
}
