// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Events and custom errors of the proof-checked batch auction settlement (docs/fairness.md).
interface IAuctionSettlement {
    /// @notice A batch closed: the relayer committed to its ordered list of orders (timestamped by this event).
    event BatchClosed(uint256 indexed batchId, bytes32 indexed market, uint256 slots, uint256 commitment);
    /// @notice A batch settled with a valid proof that it cleared by the auction rule.
    event AuctionSettled(uint256 indexed batchId, bytes32 indexed market, uint256 price, uint256 referencePrice);
    /// @notice The market's lot and tick sizes were set.
    event MarketSet(bytes32 indexed market, address baseToken, address quoteToken, uint256 lotSize, uint256 tickSize);
    /// @notice A verifier was registered for batches of `slots` orders.
    event VerifierSet(uint256 slots, address verifier, uint256 publicInputs);

    /// @notice Thrown when a market has no lot and tick sizes.
    error UnknownMarket(address baseToken, address quoteToken);
    /// @notice Thrown when no verifier is registered for batches of `slots` orders.
    error NoVerifier(uint256 slots);
    /// @notice Thrown when a verifier is registered for no slot or more than `maxSlots` (settle tracks the slots it
    /// has seen in one word).
    error SlotCountOutOfRange(uint256 slots, uint256 maxSlots);
    /// @notice Thrown when a batch id is closed twice.
    error BatchAlreadyClosed(uint256 batchId);
    /// @notice Thrown when settling a batch that has not been closed (no commitment), or in another market.
    error BatchNotClosed(uint256 batchId);
    /// @notice Thrown when a batch closed with a proof is settled again.
    error AuctionAlreadySettled(uint256 batchId);
    /// @notice Thrown when a public input of the proof is not below the SNARK scalar field modulus.
    error PublicInputNotInField(uint256 index, uint256 value);
    /// @notice Thrown when a fill is not a whole number of lots, or not at the clearing price.
    error FillOffClearingPrice(uint256 fillIndex, uint256 baseAmount, uint256 quoteAmount, uint256 price);
    /// @notice Thrown when the list of slots does not have one entry per order of the batch.
    error SlotCountMismatch(uint256 slotCount, uint256 orderCount);
    /// @notice Thrown when an order's slot is not below the batch size, or another order has it.
    error InvalidSlot(uint256 orderIndex, uint256 slot);
    /// @notice Thrown when a fill names an order index that is not in the batch.
    error FillOrderOutOfRange(uint256 fillIndex, uint256 makerIndex, uint256 takerIndex);
    /// @notice Thrown when an order's lots in the batch do not fit the circuit's 32 bits.
    error FillTooLarge(uint256 orderIndex, uint256 lots);
    /// @notice Thrown when a self-trade pair names orders of different makers or an index out of range.
    error InvalidSelfTrade(uint256 first, uint256 second);
    /// @notice Thrown when the proof does not prove that the settled fills are the batch's auction result.
    error InvalidProof(uint256 batchId);
}
