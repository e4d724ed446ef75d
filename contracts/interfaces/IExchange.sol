// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IExchangeErrors} from "./IExchangeErrors.sol";
import {IExchangeEvents} from "./IExchangeEvents.sol";
import {Batch} from "../types/Batch.sol";
import {Order} from "../types/Order.sol";
import {Withdrawal} from "../types/Withdrawal.sol";

/// @title The hybrid exchange, as integrators and auditors call it
/// @notice Custody of users' tokens and settlement of the fills an off-chain engine matched. The operator settles
/// batches and executes signed withdrawals; it can delay a user but never trade it worse than it signed, and every
/// user can leave without it (requestExit, then exitWithdraw). Roles are OpenZeppelin AccessControl's. Amounts are
/// token units; times are unix seconds. docs/protocol.md describes the order type, the price rule and every check.
interface IExchange is IAccessControl, IExchangeErrors, IExchangeEvents {
    // ---------------------------------------------------------------- roles and parameters

    /// @notice The role that settles batches and executes signed withdrawals.
    /// @return The role's id, keccak256("OPERATOR_ROLE").
    function OPERATOR_ROLE() external view returns (bytes32);

    /// @notice The role that settles batches after checking a proof of fair clearing (the AuctionSettlement
    /// contract); the only one that may settle an order flagged auction-only.
    /// @return The role's id, keccak256("AUCTION_SETTLER_ROLE").
    function AUCTION_SETTLER_ROLE() external view returns (bytes32);

    /// @notice The longest cancel delay the admin may set.
    /// @return Seconds (one day).
    function MAX_CANCEL_DELAY() external view returns (uint256);

    /// @notice The shortest exit delay the admin may set.
    /// @return Seconds (ten minutes).
    function MIN_EXIT_DELAY() external view returns (uint256);

    /// @notice The longest exit delay the admin may set.
    /// @return Seconds (fourteen days).
    function MAX_EXIT_DELAY() external view returns (uint256);

    /// @notice Seconds between an on-chain cancel and the moment settlement honours it.
    /// @return The cancel delay in seconds.
    function cancelDelay() external view returns (uint256);

    /// @notice Seconds between an exit request and the moment the account may withdraw by itself.
    /// @return The exit delay in seconds, as it applies to requests made now.
    function exitDelay() external view returns (uint256);

    /// @notice The account credited with every fee.
    /// @return The fee recipient's address.
    function feeRecipient() external view returns (address);

    /// @notice Sets the cancel delay; only the admin (DEFAULT_ADMIN_ROLE). Emits CancelDelaySet.
    /// @param delay Seconds, at most MAX_CANCEL_DELAY (else ParameterOutOfRange). Cancels already requested keep
    /// the time they were given.
    function setCancelDelay(uint256 delay) external;

    /// @notice Sets the exit delay; only the admin (DEFAULT_ADMIN_ROLE). Emits ExitDelaySet.
    /// @param delay Seconds, from MIN_EXIT_DELAY to MAX_EXIT_DELAY (else ParameterOutOfRange). Exits already
    /// requested keep the time they were given.
    function setExitDelay(uint256 delay) external;

    /// @notice Sets the account credited with fees from the next batch on; only the admin. Emits FeeRecipientSet.
    /// @param recipient The new fee recipient; not the zero address (else ZeroAddress).
    function setFeeRecipient(address recipient) external;

    /// @notice Stops deposits, settlement and operator withdrawals; never exits or cancels. Only the admin.
    function pause() external;

    /// @notice Ends a pause. Only the admin.
    function unpause() external;

    // ---------------------------------------------------------------- custody

    /// @notice The internal balance of `account` in `token`: what settlement and withdrawals may move.
    /// @param account The account.
    /// @param token The token.
    /// @return The balance, in token units.
    function balanceOf(address account, address token) external view returns (uint256);

    /// @notice Whether `nonce` of `maker` is consumed for orders quoted in `quoteToken`: an order with this nonce
    /// completed there, so no other order with it can fill.
    /// @param maker The orders' maker.
    /// @param quoteToken The quote token of the orders' market (nonces are counted per quote token).
    /// @param nonce The nonce.
    /// @return True once an order with this nonce has completed.
    function isNonceUsed(address maker, address quoteToken, uint64 nonce) external view returns (bool);

    /// @notice Deposits `amount` of `token` from the caller (which must have approved it) to its own balance.
    /// Credits what arrived (a fee-on-transfer token credits less). Emits Deposited. Not while paused.
    /// @param token The token.
    /// @param amount Token units to transfer; not zero (else ZeroAmount).
    function deposit(address token, uint256 amount) external;

    /// @notice Deposits `amount` of `token` from the caller to the balance of `account`. Emits Deposited.
    /// @param token The token.
    /// @param amount Token units to transfer; not zero (else ZeroAmount).
    /// @param account The account credited; not the zero address (else ZeroAddress).
    function depositTo(address token, uint256 amount, address account) external;

    /// @notice Escape hatch: after requestExit and the exit delay, withdraws the caller's whole balance of `token`
    /// to itself, without the operator. Emits ExitWithdrawn. Never paused.
    /// @param token The token to withdraw.
    function exitWithdraw(address token) external;

    // ---------------------------------------------------------------- accounts: cancels and exit

    /// @notice Cancels one of the caller's orders on-chain; settlement refuses it from `block.timestamp +
    /// cancelDelay` (OrderCancelled). Emits OrderCancelRequested.
    /// @param orderHash The order's EIP-712 digest (hashOrder).
    function cancelOrder(bytes32 orderHash) external;

    /// @notice Cancels every order of the caller with a nonce below `floor`, from `block.timestamp + cancelDelay`.
    /// A pending floor not yet in force is replaced (its orders stay covered: the new floor is higher). Emits
    /// NonceFloorRequested.
    /// @param floor The new floor; above both the floor in force and any pending one (else NonceFloorNotIncreasing).
    function cancelUpToNonce(uint64 floor) external;

    /// @notice The nonce floor in force now: orders of `maker` with a lower nonce cannot settle.
    /// @param maker The maker.
    /// @return The floor in force (a pending floor counts from its effective time).
    function nonceFloor(address maker) external view returns (uint64);

    /// @notice When an on-chain cancel of `orderHash` by `maker` takes effect.
    /// @param maker The maker that cancelled.
    /// @param orderHash The order's EIP-712 digest.
    /// @return The unix time from which settlement refuses the order; 0 if never cancelled.
    function cancelledAt(address maker, bytes32 orderHash) external view returns (uint256);

    /// @notice Base filled so far of a partially filled order.
    /// @param orderHash The order's EIP-712 digest.
    /// @return Base units filled; 0 for an order never filled, and once it completes (see isNonceUsed).
    function partiallyFilled(bytes32 orderHash) external view returns (uint256);

    /// @notice Starts the escape hatch: from now on no fill of the caller settles (FillSkipped), and after the exit
    /// delay as it is now the caller withdraws its balances itself with exitWithdraw. Emits ExitRequested. Never
    /// paused.
    function requestExit() external;

    /// @notice Ends the caller's exit request; its orders may settle again. Emits ExitCancelled.
    function cancelExit() external;

    /// @notice When `account` requested exit.
    /// @param account The account.
    /// @return The request's unix time; 0 if it has not requested exit.
    function exitRequestedAt(address account) external view returns (uint256);

    /// @notice When `account` may withdraw by itself after its exit request.
    /// @param account The account.
    /// @return The unix time from which exitWithdraw succeeds; 0 if it has not requested exit.
    function exitWithdrawableAt(address account) external view returns (uint256);

    // ---------------------------------------------------------------- settlement

    /// @notice Settles a batch of fills in one market. Reverts on any fill the makers did not sign for; skips
    /// (with FillSkipped) the fills of accounts that have requested exit, and of contract wallets that no longer
    /// accept their order's signature: a user's action never makes a matched batch revert. Only the operator or the
    /// auction settler; only the auction settler may settle auction-only orders. Emits BatchSettled. Not while
    /// paused.
    /// @param batch The batch: a fresh id, the market, each order once with its signature, and the fills between
    /// them (contracts/types/Batch.sol; protocol/batch.ts builds it).
    function settle(Batch calldata batch) external;

    /// @notice Whether batch `batchId` has settled.
    /// @param batchId The batch's id.
    /// @return True once a batch with this id has settled (an id settles at most once).
    function isBatchSettled(uint256 batchId) external view returns (bool);

    // ---------------------------------------------------------------- withdrawals

    /// @notice Executes a withdrawal its account signed (EIP-712, or EIP-1271 for a contract wallet); only the
    /// operator, which sequences it with trades so that it never takes funds a matched fill needs. Emits Withdrawn.
    /// Not while paused.
    /// @param withdrawal What the account signed: token, amount, recipient, nonce and expiry.
    /// @param signature The account's signature of the withdrawal's EIP-712 digest.
    function withdraw(Withdrawal calldata withdrawal, bytes calldata signature) external;

    /// @notice Whether a signed withdrawal has executed.
    /// @param withdrawalHash The withdrawal's EIP-712 digest (hashWithdrawal).
    /// @return True once it has executed (a signed withdrawal executes at most once).
    function isWithdrawalExecuted(bytes32 withdrawalHash) external view returns (bool);

    // ---------------------------------------------------------------- hashing, for integrators

    /// @notice The EIP-712 digest of `order` under this contract's domain: the order's identity everywhere
    /// (cancels, partial fills, events).
    /// @param order The order as its maker signs it.
    /// @return The digest the maker signs.
    function hashOrder(Order calldata order) external view returns (bytes32);

    /// @notice The EIP-712 digest of `withdrawal` under this contract's domain.
    /// @param withdrawal The withdrawal as its account signs it.
    /// @return The digest the account signs.
    function hashWithdrawal(Withdrawal calldata withdrawal) external view returns (bytes32);

    /// @notice This contract's EIP-712 domain separator (name "HybridExchange", version "1", this chain and address).
    /// @return The domain separator.
    function domainSeparator() external view returns (bytes32);
}
