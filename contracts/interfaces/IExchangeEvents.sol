// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Every event of the exchange. An indexer rebuilds balances from Deposited, Withdrawn, ExitWithdrawn
/// and Trade (each side pays its fee, in the token it receives, to the fee recipient of the time).
interface IExchangeEvents {
    event Deposited(address indexed account, address indexed token, uint256 amount);
    event Withdrawn(
        address indexed account, address indexed token, uint256 amount, address recipient, bytes32 withdrawalHash
    );
    event ExitWithdrawn(address indexed account, address indexed token, uint256 amount);

    event ExitRequested(address indexed account, uint256 withdrawableAt);
    event ExitCancelled(address indexed account);

    /// @notice An on-chain cancel by hash; it binds settlement from `effectiveAt`.
    event OrderCancelRequested(address indexed maker, bytes32 indexed orderHash, uint256 effectiveAt);
    /// @notice An on-chain bulk cancel: every order of `maker` with a nonce below `floor`, from `effectiveAt`.
    event NonceFloorRequested(address indexed maker, uint64 floor, uint256 effectiveAt);

    /// @notice One settled fill. `makerSide` is the resting order's side (0 buy, 1 sell); the buyer receives
    /// `baseAmount` less its fee in base, the seller receives `quoteAmount` less its fee in quote.
    event Trade(
        bytes32 indexed makerOrderHash,
        bytes32 indexed takerOrderHash,
        address maker,
        address taker,
        uint8 makerSide,
        uint256 baseAmount,
        uint256 quoteAmount,
        uint256 makerFee,
        uint256 takerFee
    );
    /// @notice A fill not settled because one of its accounts has requested exit.
    event FillSkipped(uint256 indexed batchId, uint256 fillIndex, address account);
    /// @notice Closes a batch's Trade events; fees went to `feeRecipient`.
    event BatchSettled(
        uint256 indexed batchId,
        address baseToken,
        address quoteToken,
        uint256 fills,
        uint256 skipped,
        address feeRecipient
    );

    event CancelDelaySet(uint256 previous, uint256 current);
    event ExitDelaySet(uint256 previous, uint256 current);
    event FeeRecipientSet(address previous, address current);
}
