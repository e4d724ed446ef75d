// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice One account's storage slot for one token: its internal balance, and the completed-nonce bits of
/// its orders quoted in this token. Settlement writes an order's quote balance anyway, so completing an order
/// (nonce below INLINE_NONCES) costs no storage write of its own.
/// Layout: amount (low 128 bits) | completed nonces 0..127 (high 128 bits, one per nonce).
type Balance is uint256;

using BalanceLib for Balance global;

library BalanceLib {
    uint256 internal constant INLINE_NONCES = 128;
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
    function isNonceCompleted(Balance b, uint256 nonce) internal pure returns (bool) {
        return (Balance.unwrap(b) >> (128 + nonce)) & 1 != 0;
    }

    /// @dev `nonce` must be below INLINE_NONCES.
    function withNonceCompleted(Balance b, uint256 nonce) internal pure returns (Balance) {
        return Balance.wrap(Balance.unwrap(b) | (1 << (128 + nonce)));
    }
}
