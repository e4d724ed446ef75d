// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Accounts} from "./Accounts.sol";
import {IExchange} from "../interfaces/IExchange.sol";
import {Balance, BalanceLib, NonceState} from "../types/Balance.sol";
import {AccountState} from "../types/AccountState.sol";

/// @notice Holds users' tokens and their internal balances. Trades move internal balances only.
/// Invariant: for every token, token.balanceOf(this) >= the sum of internal balances (fees included:
/// they are the fee recipient's internal balance).
abstract contract Custody is Accounts, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev One slot: a Balance, wrapped so that settlement can hold a storage pointer to it and read and write
    /// the slot without hashing its key again.
    struct BalanceCell {
        Balance value;
    }

    /// @dev Balance and, for orders quoted in `token`, the state of nonces below INLINE_NONCES (see Balance.sol).
    mapping(address account => mapping(address token => BalanceCell)) internal _balances;
    /// @dev Nonce states from INLINE_NONCES on, per quote token, two bits each, 128 to a word (see NonceState).
    mapping(address account => mapping(address quoteToken => mapping(uint256 word => uint256))) internal _nonceStates;

    /// @inheritdoc IExchange
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token].value.amount();
    }

    /// @inheritdoc IExchange
    function isNonceUsed(address maker, address quoteToken, uint64 nonce) external view returns (bool) {
        return _nonceState(maker, quoteToken, _balances[maker][quoteToken].value, nonce) & NonceState.COMPLETED != 0;
    }

    /// @inheritdoc IExchange
    function deposit(address token, uint256 amount) external {
        _deposit(token, amount, msg.sender);
    }

    /// @inheritdoc IExchange
    function depositTo(address token, uint256 amount, address account) external {
        if (account == address(0)) revert ZeroAddress();
        _deposit(token, amount, account);
    }

    /// @inheritdoc IExchange
    function exitWithdraw(address token) external nonReentrant {
        AccountState state = _accounts[msg.sender];
        if (state.exitRequestedAt() == 0) revert ExitNotRequested(msg.sender);
        uint256 withdrawableAt = state.exitWithdrawableAt();
        if (block.timestamp < withdrawableAt) revert ExitDelayNotElapsed(msg.sender, withdrawableAt);
        BalanceCell storage cell = _balances[msg.sender][token];
        uint256 amount = cell.value.amount();
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        cell.value = cell.value.minus(amount);
        IERC20(token).safeTransfer(msg.sender, amount);
        emit ExitWithdrawn(msg.sender, token, amount);
    }

    /// @dev Credits what actually arrived, so fee-on-transfer tokens never credit more than the contract holds.
    /// The contract's holding of a token stays below 2^128, so no internal balance (their sum is at most the
    /// holding) can overflow when settlement credits it: a deposit cannot make anyone's fills revert.
    function _deposit(address token, uint256 amount, address account) private nonReentrant whenNotPaused {
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 holding = IERC20(token).balanceOf(address(this));
        if (holding > type(uint128).max) revert HoldingOverflow(token, holding);
        uint256 received = holding - before;
        if (received == 0) revert ZeroAmount();
        _credit(account, token, received);
        emit Deposited(account, token, received);
    }

    function _credit(address account, address token, uint256 amount) internal {
        BalanceCell storage cell = _balances[account][token];
        cell.value = cell.value.plus(amount);
    }

    function _debit(address account, address token, uint256 amount) internal {
        BalanceCell storage cell = _balances[account][token];
        cell.value = _checkedMinus(cell.value, account, token, amount);
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

    /// @dev The NonceState bits of `nonce`. `quoteBalance` is `_balances[maker][quoteToken]`, passed in because
    /// settlement holds it already.
    function _nonceState(address maker, address quoteToken, Balance quoteBalance, uint256 nonce)
        internal
        view
        returns (uint256)
    {
        if (nonce < BalanceLib.INLINE_NONCES) return quoteBalance.nonceState(nonce);
        uint256 word = _nonceStates[maker][quoteToken][nonce >> NonceState.WORD_SHIFT];
        return (word >> (NonceState.BITS * (nonce & NonceState.IN_WORD_MASK))) & NonceState.MASK;
    }

    /// @dev Sets NonceState bits of `nonce`; returns the quote balance to store (inline nonces live in it).
    function _addNonceState(address maker, address quoteToken, Balance quoteBalance, uint256 nonce, uint256 state)
        internal
        returns (Balance)
    {
        if (nonce < BalanceLib.INLINE_NONCES) return quoteBalance.withNonceState(nonce, state);
        _nonceStates[maker][quoteToken][nonce >> NonceState.WORD_SHIFT] |=
            state << (NonceState.BITS * (nonce & NonceState.IN_WORD_MASK));
        return quoteBalance;
    }
}
