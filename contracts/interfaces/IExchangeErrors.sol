// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Every custom error of the exchange, with the values that caused it.
interface IExchangeErrors {
    // ---- custody ----
    /// @notice Thrown when an amount that must be positive is zero.
    error ZeroAmount();
    /// @notice Thrown when an address that must be set is the zero address.
    error ZeroAddress();
    /// @notice Thrown when a debit exceeds an internal balance.
    error InsufficientBalance(address account, address token, uint256 balance, uint256 needed);
    /// @notice Thrown when an internal balance would exceed 2^128 - 1 token units; `amount` is the balance it would reach.
    error BalanceOverflow(uint256 amount);
    /// @notice Thrown when a deposit would take the exchange's holding of `token` past 2^128 - 1 units.
    error HoldingOverflow(address token, uint256 holding);

    // ---- settlement ----
    /// @notice Thrown when a batch id has already settled.
    error BatchAlreadySettled(uint256 batchId);
    /// @notice Thrown when a batch has no fills.
    error EmptyBatch();
    /// @notice Thrown when a batch names a market whose tokens are zero or equal.
    error InvalidMarket(address baseToken, address quoteToken);
    /// @notice Thrown when an order's terms are out of range (side, time in force, flags, self-trade mode, fee cap, amounts).
    error InvalidOrder(bytes32 orderHash);
    /// @notice Thrown when an order's signature is not valid for its maker.
    error InvalidSignature(bytes32 orderHash, address maker);
    /// @notice Thrown when too little gas is left to give a contract wallet its full allowance for EIP-1271.
    error InsufficientGasForWallet(address wallet);
    /// @notice Thrown when an order is filled at or after its expiry.
    error OrderExpired(bytes32 orderHash, uint40 expiry);
    /// @notice Thrown when an order is cancelled, by hash or by the maker's nonce floor.
    error OrderCancelled(bytes32 orderHash);
    /// @notice Thrown when an order's nonce was consumed by a completed order.
    error OrderNonceUsed(bytes32 orderHash, uint64 nonce);
    /// @notice Thrown when a fill names an order index outside the batch, or the same order twice.
    error InvalidFillOrders(uint256 fillIndex);
    /// @notice Thrown when a fill moves no base or no quote.
    error ZeroFill(uint256 fillIndex);
    /// @notice Thrown when a fill's two orders are on the same side.
    error SameSide(uint256 fillIndex);
    /// @notice Thrown when a fill's two orders have the same maker.
    error SelfTrade(uint256 fillIndex, address account);
    /// @notice Thrown when a post-only order is the taker of a fill.
    error PostOnlyTaker(bytes32 orderHash);
    /// @notice Thrown when a batch lists an auction-only order (OrderFlags.AUCTION_ONLY) and its caller does not hold
    /// AUCTION_SETTLER_ROLE: such an order settles only through a proved batch auction. `orderIndex` is the first one.
    error OrderRequiresAuctionProof(uint256 orderIndex, bytes32 orderHash);
    /// @notice Thrown when a fill is worse than an order's signed limit price.
    error LimitPriceViolated(bytes32 orderHash, uint256 baseAmount, uint256 quoteAmount);
    /// @notice Thrown when a fee exceeds the order's signed cap.
    error FeeAboveCap(bytes32 orderHash, uint256 fee, uint256 received);
    /// @notice Thrown when fills would take an order beyond its size.
    error Overfill(bytes32 orderHash, uint256 filled, uint256 size);

    // ---- withdrawals ----
    /// @notice Thrown when a signed withdrawal has already executed.
    error WithdrawalAlreadyExecuted(bytes32 withdrawalHash);
    /// @notice Thrown when a signed withdrawal executes at or after its expiry.
    error WithdrawalExpired(bytes32 withdrawalHash, uint40 expiry);
    /// @notice Thrown when a withdrawal's signature is not valid for its account.
    error InvalidWithdrawalSignature(bytes32 withdrawalHash, address account);

    // ---- cancellation ----
    /// @notice Thrown when an order is already cancelled (or its cancel is pending).
    error OrderAlreadyCancelled(bytes32 orderHash);
    /// @notice Thrown when a nonce floor does not raise the current or pending floor.
    error NonceFloorNotIncreasing(uint64 requested, uint64 current);

    // ---- exit ----
    /// @notice Thrown when an account that has requested exit requests it again.
    error ExitAlreadyRequested(address account);
    /// @notice Thrown when an exit step is taken by an account that has not requested exit.
    error ExitNotRequested(address account);
    /// @notice Thrown when an exit withdrawal comes before the exit delay has passed.
    error ExitDelayNotElapsed(address account, uint256 withdrawableAt);
    /// @notice Thrown when an exit withdrawal finds nothing to withdraw.
    error NothingToWithdraw(address account, address token);

    // ---- parameters ----
    /// @notice Thrown when a parameter is set outside its bounds.
    error ParameterOutOfRange(bytes32 parameter, uint256 value, uint256 min, uint256 max);
}
