// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What settlement must know about an account that has acted on-chain beyond deposits: its exit request,
/// and flags telling which rarer storage to read for its orders. Settlement reads it only for accounts whose bit is
/// set in the flagged-accounts filter (see Accounts.sol).
/// Layout, from the least significant bit: exitRequestedAt (40) | exitWithdrawableAt (40) | flags (8).
type AccountState is uint256;

using AccountStateLib for AccountState global;

library AccountStateLib {
    uint256 private constant FLAGS_SHIFT = 80;
    uint256 private constant EXIT_MASK = type(uint80).max;

    /// @dev The account has requested a nonce floor (bulk cancel): read `_nonceFloors`.
    uint256 internal constant HAS_NONCE_FLOOR = 1 << FLAGS_SHIFT;
    /// @dev The account has cancelled orders by hash on-chain: read `_cancelledAt`.
    uint256 internal constant HAS_CANCELLED_ORDERS = 2 << FLAGS_SHIFT;

    function has(AccountState state, uint256 flag) internal pure returns (bool) {
        return AccountState.unwrap(state) & flag != 0;
    }

    function with(AccountState state, uint256 flag) internal pure returns (AccountState) {
        return AccountState.wrap(AccountState.unwrap(state) | flag);
    }

    function exitRequestedAt(AccountState state) internal pure returns (uint40) {
        return uint40(AccountState.unwrap(state));
    }

    /// @dev When the exit withdrawal opens, fixed at the request (a later change of the exit delay does not move it).
    function exitWithdrawableAt(AccountState state) internal pure returns (uint40) {
        return uint40(AccountState.unwrap(state) >> 40);
    }

    /// @dev Records an exit request at `requestedAt`, withdrawable from `withdrawableAt`; (0, 0) clears it.
    function withExit(AccountState state, uint40 requestedAt, uint40 withdrawableAt)
        internal
        pure
        returns (AccountState)
    {
        return AccountState.wrap(
            (AccountState.unwrap(state) & ~EXIT_MASK) | requestedAt | (uint256(withdrawableAt) << 40)
        );
    }
}
