// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What settlement reads about an account besides balances, in one storage slot: the exit request,
/// and flags telling settlement which rarer storage it must also read for this account's orders.
/// Layout, from the least significant bit: exitRequestedAt (40) | flags (8).
type AccountState is uint256;

using AccountStateLib for AccountState global;

library AccountStateLib {
    uint256 private constant FLAGS_SHIFT = 40;
    uint256 private constant EXIT_MASK = type(uint40).max;

    /// @dev The account has requested a nonce floor (bulk cancel): read `_nonceFloors`.
    uint256 internal constant HAS_NONCE_FLOOR = 1 << FLAGS_SHIFT;
    /// @dev The account has cancelled orders by hash on-chain: read `_cancelledAt`.
    uint256 internal constant HAS_CANCELLED_ORDERS = 2 << FLAGS_SHIFT;
    /// @dev The account has partially filled orders: read `_partialFills`.
    uint256 internal constant HAS_PARTIAL_FILLS = 4 << FLAGS_SHIFT;

    function has(AccountState state, uint256 flag) internal pure returns (bool) {
        return AccountState.unwrap(state) & flag != 0;
    }

    function with(AccountState state, uint256 flag) internal pure returns (AccountState) {
        return AccountState.wrap(AccountState.unwrap(state) | flag);
    }

    function exitRequestedAt(AccountState state) internal pure returns (uint40) {
        return uint40(AccountState.unwrap(state));
    }

    function withExitRequestedAt(AccountState state, uint40 timestamp) internal pure returns (AccountState) {
        return AccountState.wrap((AccountState.unwrap(state) & ~EXIT_MASK) | timestamp);
    }
}
