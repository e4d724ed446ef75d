// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Batch} from "../types/Batch.sol";
import {IExchange} from "../interfaces/IExchange.sol";

/// @title Proof-checked settlement of frequent batch auctions, as the operator and integrators call it
/// @notice The operator closes a batch by posting the Poseidon commitment to its ordered list of orders, then settles
/// it with a Groth16 proof that its fills are the batch auction's result; this contract then has the Exchange settle
/// the fills with its usual checks. Prices are ticks and quantities lots: one lot is `lotSize` base units and trades
/// at p ticks for p * tickSize quote units. docs/fairness.md says what is proved and what not.
interface IAuctionSettlement {
    /// @notice A Groth16 proof (BN254), as the generated verifiers take it.
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice Two orders of one maker that the engine paired: their lots are decremented, not traded.
    struct SelfTrade {
        uint16 first; //   index in the batch's orders
        uint16 second; //  index in the batch's orders
        uint32 lots;
    }

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

    /// @notice The role that closes and settles batches.
    /// @return The role's id, keccak256("OPERATOR_ROLE").
    function OPERATOR_ROLE() external view returns (bytes32);

    /// @notice The BN254 scalar field modulus: every public input of a proof is below it.
    /// @return The modulus.
    function SNARK_SCALAR_FIELD() external view returns (uint256);

    /// @notice The Exchange this contract settles on; it must hold the Exchange's AUCTION_SETTLER_ROLE.
    /// @return The Exchange.
    function exchange() external view returns (IExchange);

    /// @notice The key of a market, under which its sizes and its batches are kept.
    /// @param baseToken The market's base token.
    /// @param quoteToken The market's quote token.
    /// @return keccak256(abi.encode(baseToken, quoteToken)).
    function marketKey(address baseToken, address quoteToken) external pure returns (bytes32);

    /// @notice A market's sizes and the reference price of its next batch.
    /// @param market The market's key (marketKey).
    /// @return lotSize Base units per lot (0: the market is unknown).
    /// @return tickSize Quote units per lot per tick.
    /// @return lastPrice The last clearing price in ticks: the next batch's reference (0 before the first clearing).
    function markets(bytes32 market) external view returns (uint128 lotSize, uint128 tickSize, uint32 lastPrice);

    /// @notice A closed batch.
    /// @param batchId The batch's id.
    /// @return commitment The Poseidon commitment to the batch's ordered list of orders.
    /// @return market The market's key.
    /// @return slots The number of order slots of the batch's circuit (0: the batch is not closed).
    /// @return closedAt The unix time the batch closed.
    /// @return settled Whether the batch has settled.
    function batches(uint256 batchId)
        external
        view
        returns (uint256 commitment, bytes32 market, uint16 slots, uint64 closedAt, bool settled);

    /// @notice The verifier registered for batches of `slots` order slots.
    /// @param slots The circuit's number of order slots.
    /// @return target The verifier contract (zero: none registered).
    /// @return selector Its verifyProof selector, which names the number of public inputs.
    /// @return publicInputs The number of public inputs of its proofs.
    function verifiers(uint256 slots) external view returns (address target, bytes4 selector, uint16 publicInputs);

    /// @notice Sets a market's lot and tick sizes; only the admin (DEFAULT_ADMIN_ROLE). Emits MarketSet.
    /// @param baseToken The market's base token.
    /// @param quoteToken The market's quote token.
    /// @param lotSize Base units per lot.
    /// @param tickSize Quote units per lot per tick.
    function setMarket(address baseToken, address quoteToken, uint128 lotSize, uint128 tickSize) external;

    /// @notice Registers the generated verifier for the circuit of `slots` order slots; only the admin. Emits
    /// VerifierSet.
    /// @param slots The circuit's number of order slots, from 1 to 256 (else SlotCountOutOfRange).
    /// @param target The verifier contract (circuits/ generates it).
    function setVerifier(uint16 slots, address target) external;

    /// @notice Closes batch `batchId` of a market: posts the commitment to its ordered list of `slots` orders
    /// (timestamped by BatchClosed). Only the operator.
    /// @param batchId The batch's id; closed at most once (else BatchAlreadyClosed).
    /// @param baseToken The market's base token; the market must be set (else UnknownMarket).
    /// @param quoteToken The market's quote token.
    /// @param slots The number of order slots; a verifier must be registered for it (else NoVerifier).
    /// @param commitment The Poseidon commitment to the ordered list; below SNARK_SCALAR_FIELD.
    function closeBatch(uint256 batchId, address baseToken, address quoteToken, uint16 slots, uint256 commitment)
        external;

    /// @notice Settles a closed batch at clearing price `price` with a proof that its fills are the batch auction's
    /// result; the Exchange then settles the fills with its own checks. A batch with no fill (only self-trades) is
    /// proved and recorded, and the Exchange is not called. Only the operator. Emits AuctionSettled.
    /// @param batch The Exchange batch (same id as the closed batch, in its market).
    /// @param slotOf The slot of each of the batch's orders in the committed list, one per order.
    /// @param selfTrades The engine's same-maker pairs: decremented, not traded.
    /// @param price The clearing price in ticks; every fill is whole lots at exactly this price.
    /// @param proof The Groth16 proof.
    function settle(
        Batch calldata batch,
        uint16[] calldata slotOf,
        SelfTrade[] calldata selfTrades,
        uint32 price,
        Proof calldata proof
    ) external;
}
