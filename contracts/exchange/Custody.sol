// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Accounts} from "./Accounts.sol";
import {AccountStateLib} from "../types/AccountState.sol";

/// @notice Holds users' tokens and their internal balances. Trades move internal balances only.
/// Invariant: for every token, token.balanceOf(this) >= the sum of internal balances (fees included:
/// they are the fee recipient's internal balance).
abstract contract Custody is Accounts, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    mapping(address account => mapping(address token => uint256)) internal _balances;

    /// @notice The internal balance of `account` in `token`.
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token];
    }

    /// @notice Deposits `amount` of `token` from the caller to its own balance.
    function deposit(address token, uint256 amount) external {
        _deposit(token, amount, msg.sender);
    }

    /// @notice Deposits `amount` of `token` from the caller to the balance of `account`.
    function depositTo(address token, uint256 amount, address account) external {
        if (account == address(0)) revert ZeroAddress();
        _deposit(token, amount, account);
    }

    /// @notice Escape hatch: after requesting exit and waiting `exitDelay`, withdraw the caller's whole balance
    /// of `token` to itself, without the operator. Never paused.
    function exitWithdraw(address token) external nonReentrant {
        uint256 requestedAt = _accounts[msg.sender].exitRequestedAt();
        if (requestedAt == 0) revert ExitNotRequested(msg.sender);
        uint256 withdrawableAt = requestedAt + _parameters.exitDelay;
        if (block.timestamp < withdrawableAt) revert ExitDelayNotElapsed(msg.sender, withdrawableAt);
        uint256 amount = _balances[msg.sender][token];
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        _balances[msg.sender][token] = 0;
        IERC20(token).safeTransfer(msg.sender, amount);
        emit ExitWithdrawn(msg.sender, token, amount);
    }

    /// @dev Credits what actually arrived, so fee-on-transfer tokens never credit more than the contract holds.
    function _deposit(address token, uint256 amount, address account) private nonReentrant whenNotPaused {
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        _balances[account][token] += received;
        _accounts[account] = _accounts[account].with(AccountStateLib.REGISTERED);
        emit Deposited(account, token, received);
    }

    function _debit(address account, address token, uint256 amount) internal {
        uint256 balance = _balances[account][token];
        if (balance < amount) revert InsufficientBalance(account, token, balance, amount);
        unchecked {
            _balances[account][token] = balance - amount;
        }
    }
}
