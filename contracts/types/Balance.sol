// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice One account's storage slot for one token: its internal balance, and the fill state of its orders
/// quoted in this token with nonces below INLINE_NONCES. Settlement reads and writes an order's quote balance
/// anyway, so tracking whether an order completed, or has a partial fill to look up, costs no slot of its own.
/// Layout: amount (low 128 bits) | two bits per nonce 0..63 (high 128 bits), see NonceState.
type Balance is uint256;

using BalanceLib for Balance global;

/// @notice The fill state of a maker's nonce in one quote token: bits that only ever get set.
library NonceState {
    /// @dev An order with this nonce has a partial fill recorded in `_partialFills` (by order hash).
    uint256 internal constant PARTIALLY_FILLED = 1;
    /// @dev An order with this nonce completed: no order with this nonce fills again.
    uint256 internal constant COMPLETED = 2;
    /// @dev Each nonce's state is BITS bits wide; MASK selects one.
    uint256 internal constant BITS = 2;
    uint256 internal constant MASK = 3;
    /// @dev Past the inline nonces, states are stored 128 to a word: word `nonce >> WORD_SHIFT`, slot
    /// `nonce & IN_WORD_MASK` within it (Custody's `_nonceStates`).
    uint256 internal constant WORD_SHIFT = 7;
    uint256 internal constant IN_WORD_MASK = 0x7f;
}

library BalanceLib {
    uint256 internal constant INLINE_NONCES = 64;
    uint256 private constant AMOUNT_BITS = 128;
    uint256 private constant AMOUNT_MASK = type(uint128).max;

    function amount(Balance b) internal pure returns (uint256) {
        return Balance.unwrap(b) & AMOUNT_MASK;
    }

    /// @dev Reverts with BalanceOverflow past 128 bits.
    function plus(Balance b, uint256 value) internal pure returns (Balance) {
        uint256 next = amount(b) + value;
        if (next > AMOUNT_MASK) revert IExchangeErrors.BalanceOverflow(next);
        return Balance.wrap((Balance.unwrap(b) & ~AMOUNT_MASK) | next);
    }

    /// @dev `value` must not exceed amount(b).
    function minus(Balance b, uint256 value) internal pure returns (Balance) {
        unchecked {
            return Balance.wrap(Balance.unwrap(b) - value);
        }
    }

    /// @dev `nonce` must be below INLINE_NONCES.
    function nonceState(Balance b, uint256 nonce) internal pure returns (uint256) {
        return (Balance.unwrap(b) >> (AMOUNT_BITS + NonceState.BITS * nonce)) & NonceState.MASK;
    }

    /// @dev Sets `state` bits of `nonce`, which must be below INLINE_NONCES.
    function withNonceState(Balance b, uint256 nonce, uint256 state) internal pure returns (Balance) {
        return Balance.wrap(Balance.unwrap(b) | (state << (AMOUNT_BITS + NonceState.BITS * nonce)));
    }
}
