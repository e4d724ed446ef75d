// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Accounts} from "./Accounts.sol";
import {Balance, BalanceLib} from "../types/Balance.sol";

/// @notice Holds users' tokens and their internal balances. Trades move internal balances only.
/// Invariant: for every token, token.balanceOf(this) >= the sum of internal balances (fees included:
/// they are the fee recipient's internal balance).
abstract contract Custody is Accounts, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Balance and, for orders quoted in `token`, completed nonces below INLINE_NONCES (see Balance.sol).
    mapping(address account => mapping(address token => Balance)) internal _balances;
    /// @dev Completed nonces from INLINE_NONCES on, per quote token, 256 to a word (word index nonce >> 8).
    mapping(address account => mapping(address quoteToken => mapping(uint256 word => uint256))) internal
        _completedNonces;

    /// @notice The internal balance of `account` in `token`.
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token].amount();
    }

    /// @notice Whether `nonce` of `maker` is consumed for orders quoted in `quoteToken`: an order with this
    /// nonce completed there, so no other order with it can fill.
    function isNonceUsed(address maker, address quoteToken, uint64 nonce) external view returns (bool) {
        return _isNonceCompleted(maker, quoteToken, _balances[maker][quoteToken], nonce);
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
        Balance balance = _balances[msg.sender][token];
        uint256 amount = balance.amount();
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        _balances[msg.sender][token] = balance.minus(amount);
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
        _credit(account, token, received);
        emit Deposited(account, token, received);
    }

    function _credit(address account, address token, uint256 amount) internal {
        _balances[account][token] = _balances[account][token].plus(amount);
    }

    function _debit(address account, address token, uint256 amount) internal {
        Balance balance = _balances[account][token];
        _balances[account][token] = _checkedMinus(balance, account, token, amount);
    }

    function _checkedMinus(Balance balance, address account, address token, uint256 amount)
        internal
        pure
        returns (Balance)
    {
        uint256 available = balance.amount();
        if (available < amount) revert InsufficientBalance(account, token, available, amount);
        return balance.minus(amount);
    }

    /// @dev `quoteBalance` is `_balances[maker][quoteToken]`, passed in because settlement holds it already.
    function _isNonceCompleted(address maker, address quoteToken, Balance quoteBalance, uint256 nonce)
        internal
        view
        returns (bool)
    {
        if (nonce < BalanceLib.INLINE_NONCES) return quoteBalance.isNonceCompleted(nonce);
        return (_completedNonces[maker][quoteToken][nonce >> 8] >> (nonce & 0xff)) & 1 != 0;
    }

    /// @dev Returns the quote balance to store: inline nonces are completed in it, others in their own word.
    function _completeNonce(address maker, address quoteToken, Balance quoteBalance, uint256 nonce)
        internal
        returns (Balance)
    {
        if (nonce < BalanceLib.INLINE_NONCES) return quoteBalance.withNonceCompleted(nonce);
        _completedNonces[maker][quoteToken][nonce >> 8] |= 1 << (nonce & 0xff);
        return quoteBalance;
    }
}
