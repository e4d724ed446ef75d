// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FillInput} from "../types/Batch.sol";

/// @notice Every event of the exchange. An indexer rebuilds balances from Deposited, Withdrawn, ExitWithdrawn
/// and BatchSettled (each side pays its fee, in the token it receives, to the fee recipient of the time).
interface IExchangeEvents {
    /// @notice `account`'s internal balance of `token` was credited by a deposit.
    /// @param amount What arrived (a fee-on-transfer token credits less than was sent).
    event Deposited(address indexed account, address indexed token, uint256 amount);
    /// @notice The operator executed a withdrawal `account` signed: `amount` of `token` left its balance for
    /// `recipient`.
    /// @param withdrawalHash The signed withdrawal's EIP-712 digest (isWithdrawalExecuted).
    event Withdrawn(
        address indexed account, address indexed token, uint256 amount, address recipient, bytes32 withdrawalHash
    );
    /// @notice `account` withdrew its whole balance of `token` through the escape hatch, without the operator.
    event ExitWithdrawn(address indexed account, address indexed token, uint256 amount);

    /// @notice `account` requested exit: none of its fills settles from now on.
    /// @param withdrawableAt When it may withdraw by itself (exitWithdraw).
    event ExitRequested(address indexed account, uint256 withdrawableAt);
    /// @notice `account` ended its exit request; its orders may settle again.
    event ExitCancelled(address indexed account);

    /// @notice An on-chain cancel by hash; it binds settlement from `effectiveAt`.
    event OrderCancelRequested(address indexed maker, bytes32 indexed orderHash, uint256 effectiveAt);
    /// @notice An on-chain bulk cancel: every order of `maker` with a nonce below `floor`, from `effectiveAt`.
    event NonceFloorRequested(address indexed maker, uint64 floor, uint256 effectiveAt);

    /// @notice A fill not settled because of `account`: reason 1, it has requested exit; reason 2, it is a contract
    /// wallet that no longer accepts its order's signature. Nothing of the fill moved.
    event FillSkipped(uint256 indexed batchId, uint256 fillIndex, address account, uint8 reason);
    /// @notice A settled batch, with everything needed to rebuild each of its trades: the orders (hash, and
    /// `uint160(maker) | side << 160`, side 0 buy / 1 sell) and the fills exactly as settled (FillInput words:
    /// maker and taker indices into the orders, base and quote amounts, maker and taker fees; see
    /// contracts/types/Batch.sol). The buyer receives the base less its fee in base, the seller the quote less
    /// its fee in quote; fees went to `feeRecipient`. Fills named by FillSkipped moved nothing.
    event BatchSettled(
        uint256 indexed batchId,
        address baseToken,
        address quoteToken,
        bytes32[] orderHashes,
        uint256[] orderMakers,
        FillInput[] fills,
        uint256 skipped,
        address feeRecipient
    );

    /// @notice The admin set the cancel delay (seconds); the constructor emits it with `previous` zero.
    event CancelDelaySet(uint256 previous, uint256 current);
    /// @notice The admin set the exit delay (seconds); the constructor emits it with `previous` zero.
    event ExitDelaySet(uint256 previous, uint256 current);
    /// @notice The admin set the fee recipient; the constructor emits it with `previous` zero.
    event FeeRecipientSet(address previous, address current);
}
