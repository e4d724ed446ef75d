// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Custody} from "./Custody.sol";

/// @notice The Exchange's hook for margin: a module the admin grants MARGIN_MODULE_ROLE moves an account's available
/// balance of a token into margin collateral and back. The tokens never leave the Exchange: the module's share is a
/// pool per (module, token) kept here, so the custody invariant becomes token.balanceOf(this) ≥ Σ internal balances
/// + Σ margin pools. The module keeps each account's collateral in its own storage and answers for the account's
/// consent (it moves only for the caller, or for what its own rules settle); the Exchange bounds what a module can
/// ever return to what it was given, so a faulty module cannot touch spot balances or another module's pool.
/// docs/margin.md "Custody".
abstract contract MarginCustody is Custody {
    bytes32 public constant MARGIN_MODULE_ROLE = keccak256("MARGIN_MODULE_ROLE");

    /// @notice `amount` of `token` left `account`'s available balance for margin collateral in `module`'s pool.
    event MovedToMargin(address indexed module, address indexed account, address indexed token, uint256 amount);
    /// @notice `amount` of `token` came back from `module`'s pool to `account`'s available balance.
    event MovedFromMargin(address indexed module, address indexed account, address indexed token, uint256 amount);

    /// @notice Thrown when a module returns more of `token` than its pool holds.
    error MarginPoolInsufficient(address module, address token, uint256 held, uint256 amount);

    mapping(address module => mapping(address token => uint256 amount)) private _marginPools;

    /// @notice What `module` holds of `token` as margin collateral (inside this contract's custody).
    function marginPool(address module, address token) external view returns (uint256) {
        return _marginPools[module][token];
    }

    /// @notice Moves `amount` of `account`'s available `token` balance into the calling module's pool. Never paused:
    /// it is a deposit, and margin deposits stay open like spot ones.
    function moveToMargin(address account, address token, uint256 amount) external onlyRole(MARGIN_MODULE_ROLE) {
        if (amount == 0) revert ZeroAmount();
        _debit(account, token, amount);
        // The pool is part of this contract's holding, which stays below 2^128 (see _deposit): no overflow.
        unchecked {
            _marginPools[msg.sender][token] += amount;
        }
        emit MovedToMargin(msg.sender, account, token, amount);
    }

    /// @notice Moves `amount` of `token` from the calling module's pool to `account`'s available balance. A revoked
    /// module can no longer call it: the admin grants the role again to let collateral out (docs/margin.md).
    function moveFromMargin(address account, address token, uint256 amount) external onlyRole(MARGIN_MODULE_ROLE) {
        if (amount == 0) revert ZeroAmount();
        if (account == address(0)) revert ZeroAddress();
        uint256 held = _marginPools[msg.sender][token];
        if (held < amount) revert MarginPoolInsufficient(msg.sender, token, held, amount);
        unchecked {
            _marginPools[msg.sender][token] = held - amount;
        }
        _credit(account, token, amount);
        emit MovedFromMargin(msg.sender, account, token, amount);
    }
}
