// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ExchangeConfig} from "./ExchangeConfig.sol";
import {IExchange} from "../interfaces/IExchange.sol";
import {AccountState, AccountStateLib} from "../types/AccountState.sol";
import {BIT_WORD_SHIFT, BIT_IN_WORD_MASK} from "../libraries/BitWords.sol";

/// @notice What the exchange knows of each account besides its balances: on-chain cancels (binding
/// settlement after the cancel delay), partial fills, and the exit request.
abstract contract Accounts is ExchangeConfig {
    /// @dev A bulk cancel: nonces below `floor` are cancelled; `pending` replaces it from `pendingAt`.
    struct NonceFloor {
        uint64 floor;
        uint64 pending;
        uint40 pendingAt;
    }

    /// @dev The flagged-accounts filter's size in words, and the mask that picks an account's bit from its address.
    uint256 private constant FILTER_WORDS = 16;
    uint256 private constant FILTER_INDEX_MASK = (FILTER_WORDS << BIT_WORD_SHIFT) - 1;

    mapping(address account => AccountState) internal _accounts;
    /// @dev A 4096-bit filter of the accounts that have a non-zero AccountState: bit `uint160(account) &
    /// FILTER_INDEX_MASK`. Settlement reads an account's state only when its bit is set; a bit shared with another
    /// account costs only that read. Bits are never cleared.
    uint256[FILTER_WORDS] private _flaggedAccounts;
    /// @dev Base filled so far, for orders partially filled (a completed order's entry is cleared).
    mapping(bytes32 orderHash => uint256 filled) internal _partialFills;
    mapping(address maker => mapping(bytes32 orderHash => uint256 effectiveAt)) internal _cancelledAt;
    mapping(address maker => NonceFloor) internal _nonceFloors;

    // ---------------------------------------------------------------- cancellation

    /// @inheritdoc IExchange
    function cancelOrder(bytes32 orderHash) external {
        if (_cancelledAt[msg.sender][orderHash] != 0) revert OrderAlreadyCancelled(orderHash);
        uint256 effectiveAt = block.timestamp + _parameters.cancelDelay;
        _cancelledAt[msg.sender][orderHash] = effectiveAt;
        _setAccountState(msg.sender, _accounts[msg.sender].with(AccountStateLib.HAS_CANCELLED_ORDERS));
        emit OrderCancelRequested(msg.sender, orderHash, effectiveAt);
    }

    /// @inheritdoc IExchange
    /// @dev `floor` must exceed both the floor in force and any pending one; a pending floor not yet in force
    /// is replaced (its orders stay covered, since the new floor is higher).
    function cancelUpToNonce(uint64 floor) external {
        NonceFloor memory current = _nonceFloors[msg.sender];
        uint64 inForce = _floorInForce(current);
        uint64 highest = current.pending > inForce ? current.pending : inForce;
        if (floor <= highest) revert NonceFloorNotIncreasing(floor, highest);
        uint256 effectiveAt = block.timestamp + _parameters.cancelDelay;
        _nonceFloors[msg.sender] = NonceFloor({floor: inForce, pending: floor, pendingAt: uint40(effectiveAt)});
        _setAccountState(msg.sender, _accounts[msg.sender].with(AccountStateLib.HAS_NONCE_FLOOR));
        emit NonceFloorRequested(msg.sender, floor, effectiveAt);
    }

    /// @inheritdoc IExchange
    function nonceFloor(address maker) external view returns (uint64) {
        return _floorInForce(_nonceFloors[maker]);
    }

    /// @inheritdoc IExchange
    function cancelledAt(address maker, bytes32 orderHash) external view returns (uint256) {
        return _cancelledAt[maker][orderHash];
    }

    /// @inheritdoc IExchange
    function partiallyFilled(bytes32 orderHash) external view returns (uint256) {
        return _partialFills[orderHash];
    }

    // ---------------------------------------------------------------- exit

    /// @inheritdoc IExchange
    function requestExit() external {
        AccountState state = _accounts[msg.sender];
        if (state.exitRequestedAt() != 0) revert ExitAlreadyRequested(msg.sender);
        uint256 withdrawableAt = block.timestamp + _parameters.exitDelay;
        _setAccountState(msg.sender, state.withExit(uint40(block.timestamp), uint40(withdrawableAt)));
        emit ExitRequested(msg.sender, withdrawableAt);
    }

    /// @inheritdoc IExchange
    function cancelExit() external {
        AccountState state = _accounts[msg.sender];
        if (state.exitRequestedAt() == 0) revert ExitNotRequested(msg.sender);
        _accounts[msg.sender] = state.withExit(0, 0);
        emit ExitCancelled(msg.sender);
    }

    /// @inheritdoc IExchange
    function exitRequestedAt(address account) external view returns (uint256) {
        return _accounts[account].exitRequestedAt();
    }

    /// @inheritdoc IExchange
    function exitWithdrawableAt(address account) external view returns (uint256) {
        return _accounts[account].exitWithdrawableAt();
    }

    // ---------------------------------------------------------------- for settlement

    /// @dev Stores a non-zero state and sets the account's filter bit.
    function _setAccountState(address account, AccountState state) private {
        _accounts[account] = state;
        (uint256 word, uint256 bit) = _filterPosition(account);
        uint256 bits = _flaggedAccounts[word];
        if (bits & bit == 0) _flaggedAccounts[word] = bits | bit;
    }

    /// @dev The account's state, or zero without reading it when the filter says it has none.
    function _accountStateOf(address account) internal view returns (AccountState) {
        (uint256 word, uint256 bit) = _filterPosition(account);
        if (_flaggedAccounts[word] & bit == 0) return AccountState.wrap(0);
        return _accounts[account];
    }

    function _filterPosition(address account) private pure returns (uint256 word, uint256 bit) {
        uint256 index = uint160(account) & FILTER_INDEX_MASK;
        return (index >> BIT_WORD_SHIFT, 1 << (index & BIT_IN_WORD_MASK));
    }

    /// @dev Whether an on-chain cancel binds the order now. Reads only what the account's flags say exists.
    function _isCancelled(address maker, AccountState state, bytes32 orderHash, uint64 nonce)
        internal
        view
        returns (bool)
    {
        if (state.has(AccountStateLib.HAS_NONCE_FLOOR) && nonce < _floorInForce(_nonceFloors[maker])) return true;
        if (state.has(AccountStateLib.HAS_CANCELLED_ORDERS)) {
            uint256 effectiveAt = _cancelledAt[maker][orderHash];
            if (effectiveAt != 0 && block.timestamp >= effectiveAt) return true;
        }
        return false;
    }

    function _floorInForce(NonceFloor memory f) private view returns (uint64) {
        return f.pendingAt != 0 && block.timestamp >= f.pendingAt ? f.pending : f.floor;
    }
}
