// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Batch, FillInput} from "../types/Batch.sol";
import {FillWords} from "../libraries/FillWords.sol";
import {IAuctionSettlement} from "./IAuctionSettlement.sol";
import {IExchange} from "../interfaces/IExchange.sol";

/// @title Proof-checked settlement of frequent batch auctions
/// @notice When a batch closes, the operator posts the Poseidon commitment to its ordered list of orders. To settle
/// it, the operator gives the Exchange batch, the slot of each of its orders in the committed list, and a Groth16
/// proof (circuits/batch-auction.circom). This contract computes the proof's public inputs itself from what it
/// settles - the commitment posted for this batch id, the clearing price, the market's last clearing price and the
/// lots each slot gets - so a proof holds for exactly these fills of exactly this batch; then the Exchange settles
/// the batch with its usual checks (signatures, limits, sizes). docs/fairness.md says what is proved and what not.
/// @dev Holds the Exchange's AUCTION_SETTLER_ROLE (not its OPERATOR_ROLE): the only role that may settle orders
/// flagged auction-only (OrderFlags.AUCTION_ONLY), so the operator cannot settle those without a proof. Prices are ticks and quantities lots: one lot is `lotSize` base units
/// and trades at p ticks for p * tickSize quote units (engine/units.ts).
contract AuctionSettlement is IAuctionSettlement, AccessControl {
    using FillWords for uint256;

    /// @inheritdoc IAuctionSettlement
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @inheritdoc IAuctionSettlement
    uint256 public constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416873574490845732081385495617;
    uint256 private constant FILLS_PER_INPUT = 7;
    uint256 private constant FILL_BITS = 32;
    /// @dev settle() tracks the slots it has seen in one word.
    uint256 private constant MAX_SLOTS = 256;

    struct Market {
        uint128 lotSize;
        uint128 tickSize;
        uint32 lastPrice; //  the reference price of the next batch (0 before the first clearing)
    }

    struct ClosedBatch {
        uint256 commitment;
        bytes32 market;
        uint16 slots;
        uint64 closedAt;
        bool settled;
    }

    struct Verifier {
        address target;
        bytes4 selector; //   verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[k])
        uint16 publicInputs;
    }

    /// @inheritdoc IAuctionSettlement
    IExchange public immutable exchange;
    /// @inheritdoc IAuctionSettlement
    mapping(bytes32 market => Market) public markets;
    /// @inheritdoc IAuctionSettlement
    mapping(uint256 batchId => ClosedBatch) public batches;
    /// @inheritdoc IAuctionSettlement
    mapping(uint256 slots => Verifier) public verifiers;

    constructor(address admin, address operator, IExchange exchange_) {
        exchange = exchange_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    /// @inheritdoc IAuctionSettlement
    function marketKey(address baseToken, address quoteToken) public pure returns (bytes32) {
        return keccak256(abi.encode(baseToken, quoteToken));
    }

    /// @inheritdoc IAuctionSettlement
    function setMarket(address baseToken, address quoteToken, uint128 lotSize, uint128 tickSize)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        bytes32 key = marketKey(baseToken, quoteToken);
        Market storage m = markets[key];
        m.lotSize = lotSize;
        m.tickSize = tickSize;
        emit MarketSet(key, baseToken, quoteToken, lotSize, tickSize);
    }

    /// @inheritdoc IAuctionSettlement
    function setVerifier(uint16 slots, address target) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (slots == 0 || slots > MAX_SLOTS) revert SlotCountOutOfRange(slots, MAX_SLOTS);
        uint256 inputs = 2 + (slots + FILLS_PER_INPUT - 1) / FILLS_PER_INPUT;
        bytes4 selector = bytes4(
            keccak256(
                abi.encodePacked("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", _decimal(inputs), "])")
            )
        );
        verifiers[slots] = Verifier(target, selector, uint16(inputs));
        emit VerifierSet(slots, target, inputs);
    }

    /// @inheritdoc IAuctionSettlement
    function closeBatch(uint256 batchId, address baseToken, address quoteToken, uint16 slots, uint256 commitment)
        external
        onlyRole(OPERATOR_ROLE)
    {
        bytes32 key = marketKey(baseToken, quoteToken);
        if (markets[key].lotSize == 0) revert UnknownMarket(baseToken, quoteToken);
        if (verifiers[slots].target == address(0)) revert NoVerifier(slots);
        if (commitment >= SNARK_SCALAR_FIELD) revert PublicInputNotInField(0, commitment);
        if (batches[batchId].slots != 0) revert BatchAlreadyClosed(batchId);
        batches[batchId] = ClosedBatch(commitment, key, slots, uint64(block.timestamp), false);
        emit BatchClosed(batchId, key, slots, commitment);
    }

    /// @inheritdoc IAuctionSettlement
    function settle(
        Batch calldata batch,
        uint16[] calldata slotOf,
        SelfTrade[] calldata selfTrades,
        uint32 price,
        Proof calldata proof
    ) external onlyRole(OPERATOR_ROLE) {
        ClosedBatch storage closed = batches[batch.id];
        bytes32 key = marketKey(batch.baseToken, batch.quoteToken);
        if (closed.slots == 0 || closed.market != key) revert BatchNotClosed(batch.id);
        if (closed.settled) revert AuctionAlreadySettled(batch.id);
        Market storage market = markets[key];

        uint256[] memory inputs = _publicInputs(batch, slotOf, selfTrades, price, closed, market);
        _verify(batch.id, closed.slots, inputs, proof);

        closed.settled = true;
        emit AuctionSettled(batch.id, key, price, market.lastPrice);
        if (price != 0) market.lastPrice = price;
        // A batch whose only matches are self-trades moves no funds, and the Exchange refuses an empty batch: its
        // clearing price must still become the next batch's reference, or one maker could stall the market.
        if (batch.fills.length != 0) exchange.settle(batch);
    }

    /// @dev [commitment, price + 2^32 * reference, packed lots per slot], computed from the settled data.
    function _publicInputs(
        Batch calldata batch,
        uint16[] calldata slotOf,
        SelfTrade[] calldata selfTrades,
        uint256 price,
        ClosedBatch storage closed,
        Market storage market
    ) private view returns (uint256[] memory inputs) {
        uint256 orderCount = batch.orders.length;
        uint256[] memory lots = _lotsPerOrder(batch, price, market.lotSize, market.tickSize);
        for (uint256 i = 0; i < selfTrades.length; i++) {
            SelfTrade calldata pair = selfTrades[i];
            if (
                pair.first >= orderCount || pair.second >= orderCount
                    || batch.orders[pair.first].maker != batch.orders[pair.second].maker
            ) revert InvalidSelfTrade(pair.first, pair.second);
            lots[pair.first] += pair.lots;
            lots[pair.second] += pair.lots;
        }

        uint256 slots = closed.slots;
        inputs = new uint256[](2 + (slots + FILLS_PER_INPUT - 1) / FILLS_PER_INPUT);
        inputs[0] = closed.commitment;
        inputs[1] = price | (uint256(market.lastPrice) << 32);
        if (slotOf.length != orderCount) revert SlotCountMismatch(slotOf.length, orderCount);
        uint256 used; // slots <= MAX_SLOTS: one word of bits
        for (uint256 i = 0; i < orderCount; i++) {
            uint256 slot = slotOf[i];
            if (slot >= slots || (used >> slot) & 1 != 0) revert InvalidSlot(i, slot);
            used |= 1 << slot;
            if (lots[i] >> FILL_BITS != 0) revert FillTooLarge(i, lots[i]);
            inputs[2 + slot / FILLS_PER_INPUT] |= lots[i] << (FILL_BITS * (slot % FILLS_PER_INPUT));
        }
        for (uint256 i = 0; i < inputs.length; i++) {
            if (inputs[i] >= SNARK_SCALAR_FIELD) revert PublicInputNotInField(i, inputs[i]);
        }
    }

    /// @dev Lots each order trades in the batch; every fill must be whole lots at exactly the clearing price.
    function _lotsPerOrder(Batch calldata batch, uint256 price, uint256 lotSize, uint256 tickSize)
        private
        pure
        returns (uint256[] memory lots)
    {
        lots = new uint256[](batch.orders.length);
        for (uint256 f = 0; f < batch.fills.length; f++) {
            FillInput calldata fill = batch.fills[f];
            uint256 base = fill.amounts.high();
            uint256 quote = fill.amounts.low();
            uint256 q = base / lotSize;
            if (q * lotSize != base || quote != q * price * tickSize) {
                revert FillOffClearingPrice(f, base, quote, price);
            }
            // Out-of-range indices are refused by the Exchange; here they must not index out of bounds.
            uint256 maker = fill.orderIndices.makerIndex();
            uint256 taker = fill.orderIndices.takerIndex();
            if (maker >= lots.length || taker >= lots.length) revert FillOrderOutOfRange(f, maker, taker);
            lots[maker] += q;
            lots[taker] += q;
        }
    }

    function _verify(uint256 batchId, uint256 slots, uint256[] memory inputs, Proof calldata proof) private view {
        Verifier memory verifier = verifiers[slots];
        if (verifier.target == address(0)) revert NoVerifier(slots);
        // The generated verifiers take uint256[k] by value: the arguments are 8 + k consecutive words.
        bytes memory call = abi.encodePacked(verifier.selector, proof.a, proof.b[0], proof.b[1], proof.c, inputs);
        (bool ok, bytes memory result) = verifier.target.staticcall(call);
        if (!ok || result.length != 32 || abi.decode(result, (uint256)) != 1) revert InvalidProof(batchId);
    }

    function _decimal(uint256 value) private pure returns (bytes memory out) {
        if (value == 0) return "0";
        for (uint256 v = value; v != 0; v /= 10) out = abi.encodePacked(bytes1(uint8(48 + (v % 10))), out);
    }
}
