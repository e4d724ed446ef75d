// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A withdrawal its account signs (EIP-712 primary type `Withdrawal`) and the operator executes,
/// in sequence with trades. Each signed withdrawal executes at most once.
struct Withdrawal {
    address account;
    address token;
    uint256 amount; //   token units debited from the internal balance
    address recipient; // who receives the tokens
    uint64 nonce; //      any value unique to the account; makes otherwise equal withdrawals distinct
    uint40 expiry; //     unix seconds; executable while block.timestamp < expiry (0 = never)
}
