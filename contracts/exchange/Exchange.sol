// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Custody} from "./Custody.sol";
import {ExchangeConfig} from "./ExchangeConfig.sol";
import {AccountState, AccountStateLib} from "../types/AccountState.sol";
import {Balance} from "../types/Balance.sol";
import {Batch, OrderInput, FillInput} from "../types/Batch.sol";
import {Order, Side, OrderFlags, TimeInForce, SelfTradePrevention} from "../types/Order.sol";
import {Withdrawal} from "../types/Withdrawal.sol";
import {OrderTerms} from "../libraries/OrderTerms.sol";
import {FillWords} from "../libraries/FillWords.sol";
import {OrderHashing} from "../libraries/OrderHashing.sol";
import {MessageHashing} from "../libraries/MessageHashing.sol";
import {FillMath} from "../libraries/FillMath.sol";
import {SignatureVerification} from "../libraries/SignatureVerification.sol";

/// @title Hybrid exchange: custody and settlement of off-chain matched orders
/// @notice The operator settles batches of fills that the off-chain engine matched; this contract re-checks
/// every fill against what both makers signed, so the operator can delay a user but never trade it worse.
/// See docs/protocol.md for the order type, the price rule and every check.
contract Exchange is Custody, EIP712 {
    using SafeERC20 for IERC20;
    using OrderTerms for uint256;
    using FillWords for uint256;

    /// @dev An order of the batch being settled, as verified, with what this batch moves for it.
    struct Execution {
        bytes32 hash; //          EIP-712 digest: the order's identity everywhere
        address maker;
        uint8 side;
        bool postOnly;
        bool excluded; //         the maker requested exit: its fills are skipped
        uint64 nonce;
        uint256 size; //          signed baseAmount
        uint256 limitQuote; //    signed quoteAmount
        uint256 maxFeeBps;
        uint256 filledBefore; //  base filled by earlier batches
        uint256 base; //          base moved by this batch
        uint256 quote; //         quote moved by this batch
        uint256 fee; //           fee paid in this batch, in the token the maker receives
    }

    mapping(uint256 word => uint256 bits) private _settledBatches;
    mapping(bytes32 withdrawalHash => bool) private _executedWithdrawals;

    constructor(address admin, address operator, address feeRecipient_, uint256 cancelDelay_, uint256 exitDelay_)
        ExchangeConfig(admin, operator, feeRecipient_, cancelDelay_, exitDelay_)
        EIP712("HybridExchange", "1")
    {}

    // ---------------------------------------------------------------- settlement

    /// @notice Settles a batch of fills in one market. Reverts on any fill the makers did not sign for;
    /// skips (with FillSkipped) fills of accounts that have requested exit.
    function settle(Batch calldata batch) external onlyRole(OPERATOR_ROLE) whenNotPaused nonReentrant {
        if (batch.fills.length == 0) revert EmptyBatch();
        _markSettled(batch.id);
        address baseToken = batch.baseToken;
        address quoteToken = batch.quoteToken;
        if (baseToken == quoteToken || baseToken == address(0) || quoteToken == address(0)) {
            revert InvalidMarket(baseToken, quoteToken);
        }

        Execution[] memory orders = _verifyOrders(batch);
        (uint256 baseFees, uint256 quoteFees, uint256 skipped) = _executeFills(batch, orders);
        _commitOrders(orders, baseToken, quoteToken);

        address recipient = _parameters.feeRecipient;
        if (baseFees != 0) _credit(recipient, baseToken, baseFees);
        if (quoteFees != 0) _credit(recipient, quoteToken, quoteFees);
        emit BatchSettled(batch.id, baseToken, quoteToken, batch.fills.length, skipped, recipient);
    }

    /// @notice Whether batch `batchId` has settled.
    function isBatchSettled(uint256 batchId) external view returns (bool) {
        return (_settledBatches[batchId >> 8] >> (batchId & 0xff)) & 1 != 0;
    }

    function _markSettled(uint256 batchId) private {
        uint256 bit = 1 << (batchId & 0xff);
        uint256 bits = _settledBatches[batchId >> 8];
        if (bits & bit != 0) revert BatchAlreadySettled(batchId);
        _settledBatches[batchId >> 8] = bits | bit;
    }

    /// @dev Signature, expiry, cancellation and nonce of every order, once per batch.
    function _verifyOrders(Batch calldata batch) private returns (Execution[] memory orders) {
        OrderInput[] calldata inputs = batch.orders;
        uint256 count = inputs.length;
        orders = new Execution[](count);
        uint256 batchId = batch.id;
        address baseToken = batch.baseToken;
        address quoteToken = batch.quoteToken;
        for (uint256 i; i < count; ++i) {
            _verifyOrder(orders[i], batchId, inputs[i], baseToken, quoteToken);
        }
    }

    /// @dev Fills `e` (a zeroed element of the batch's executions) from a verified order.
    function _verifyOrder(
        Execution memory e,
        uint256 batchId,
        OrderInput calldata input,
        address baseToken,
        address quoteToken
    ) private {
        address maker = input.maker;
        uint256 size = input.baseAmount;
        uint256 limitQuote = input.quoteAmount;
        uint256 terms = input.terms;
        bytes32 hash = _hashTypedDataV4(
            OrderHashing.hash(maker, baseToken, quoteToken, size, limitQuote, input.triggerQuoteAmount, terms)
        );
        _claimOncePerBatch(batchId, hash);
        if (size == 0 || limitQuote == 0 || !_validTerms(terms)) revert InvalidOrder(hash);

        e.hash = hash;
        e.maker = maker;
        e.side = terms.side();
        e.postOnly = terms.flags() & OrderFlags.POST_ONLY != 0;
        e.nonce = terms.nonce();
        e.size = size;
        e.limitQuote = limitQuote;
        e.maxFeeBps = terms.maxFeeBps();

        AccountState state = _accounts[maker];
        if (state.exitRequestedAt() != 0) {
            e.excluded = true;
            return;
        }
        uint40 expiry = terms.expiry();
        if (expiry != 0 && block.timestamp >= expiry) revert OrderExpired(hash, expiry);
        if (_isCancelled(maker, state, hash, e.nonce)) revert OrderCancelled(hash);
        if (_isNonceCompleted(maker, quoteToken, _balances[maker][quoteToken], e.nonce)) {
            revert OrderNonceUsed(hash, e.nonce);
        }
        if (state.has(AccountStateLib.HAS_PARTIAL_FILLS)) e.filledBefore = _partialFills[hash];
        if (!SignatureVerification.isValid(maker, hash, input.signature)) revert InvalidSignature(hash, maker);
    }

    function _validTerms(uint256 terms) private pure returns (bool) {
        return !terms.hasUnusedBits() && terms.side() <= Side.SELL && terms.timeInForce() <= TimeInForce.MAX
            && terms.flags() & ~OrderFlags.KNOWN == 0 && terms.selfTradePrevention() <= SelfTradePrevention.MAX
            && terms.maxFeeBps() <= FillMath.BPS;
    }

    /// @dev An order twice in one batch would have its earlier fills counted twice; a transient mark
    /// (keyed by batch id, so batches in one transaction do not collide) refuses it.
    function _claimOncePerBatch(uint256 batchId, bytes32 orderHash) private {
        bool seen;
        assembly ("memory-safe") {
            mstore(0x00, batchId)
            mstore(0x20, orderHash)
            let slot := keccak256(0x00, 0x40)
            seen := tload(slot)
            tstore(slot, 1)
        }
        if (seen) revert DuplicateOrder(orderHash);
    }

    /// @dev Checks each fill against both orders and adds it to their executions; returns the fees per token.
    function _executeFills(Batch calldata batch, Execution[] memory orders)
        private
        returns (uint256 baseFees, uint256 quoteFees, uint256 skipped)
    {
        FillInput[] calldata fills = batch.fills;
        uint256 count = fills.length;
        uint256 orderCount = orders.length;
        for (uint256 i; i < count; ++i) {
            FillInput calldata fill = fills[i];
            uint256 indices = fill.orderIndices;
            uint256 makerIndex = indices.makerIndex();
            uint256 takerIndex = indices.takerIndex();
            if (indices.hasUnusedIndexBits() || makerIndex >= orderCount || takerIndex >= orderCount || makerIndex == takerIndex)
            {
                revert InvalidFillOrders(i);
            }
            Execution memory maker = orders[makerIndex];
            Execution memory taker = orders[takerIndex];
            if (maker.side == taker.side) revert SameSide(i);
            if (maker.maker == taker.maker) revert SelfTrade(i, maker.maker);
            if (maker.excluded || taker.excluded) {
                emit FillSkipped(batch.id, i, maker.excluded ? maker.maker : taker.maker);
                ++skipped;
                continue;
            }
            if (taker.postOnly) revert PostOnlyTaker(taker.hash);
            uint256 amounts = fill.amounts;
            uint256 fees = fill.fees;
            uint256 base = amounts.high();
            uint256 quote = amounts.low();
            if (base == 0 || quote == 0) revert ZeroFill(i);
            uint256 makerFee = fees.high();
            uint256 takerFee = fees.low();

            _addFill(maker, base, quote, makerFee);
            _addFill(taker, base, quote, takerFee);
            // Fees are at most 128 bits each and a batch has at most 2^16 orders: the sums cannot overflow.
            unchecked {
                if (maker.side == Side.BUY) {
                    baseFees += makerFee;
                    quoteFees += takerFee;
                } else {
                    baseFees += takerFee;
                    quoteFees += makerFee;
                }
            }
            emit Trade(maker.hash, taker.hash, maker.maker, taker.maker, maker.side, base, quote, makerFee, takerFee);
        }
    }

    /// @dev The fill must be at or better than the order's limit and its fee within the order's cap.
    function _addFill(Execution memory e, uint256 base, uint256 quote, uint256 fee) private pure {
        if (!FillMath.respectsLimit(e.side, e.size, e.limitQuote, base, quote)) {
            revert LimitPriceViolated(e.hash, base, quote);
        }
        uint256 received = e.side == Side.BUY ? base : quote;
        if (!FillMath.feeWithinCap(fee, received, e.maxFeeBps)) revert FeeAboveCap(e.hash, fee, received);
        // Each term is at most 128 bits, and an order is in at most 2^16 fills of a batch.
        unchecked {
            e.base += base;
            e.quote += quote;
            e.fee += fee;
        }
    }

    /// @dev Size check, netted balance changes and fill state, once per order. The order's quote balance
    /// carries its completed nonce (see Balance.sol), so completing an order adds no storage write.
    function _commitOrders(Execution[] memory orders, address baseToken, address quoteToken) private {
        uint256 count = orders.length;
        for (uint256 i; i < count; ++i) {
            Execution memory e = orders[i];
            if (e.base == 0) continue;
            uint256 filled = e.filledBefore + e.base;
            if (filled > e.size) revert Overfill(e.hash, filled, e.size);

            address maker = e.maker;
            Balance quoteBalance = _balances[maker][quoteToken];
            if (e.side == Side.BUY) {
                _credit(maker, baseToken, e.base - e.fee);
                quoteBalance = _checkedMinus(quoteBalance, maker, quoteToken, e.quote);
            } else {
                _debit(maker, baseToken, e.base);
                quoteBalance = quoteBalance.plus(e.quote - e.fee);
            }
            if (filled == e.size) {
                quoteBalance = _completeNonce(maker, quoteToken, quoteBalance, e.nonce);
                if (e.filledBefore != 0) delete _partialFills[e.hash];
            } else {
                _partialFills[e.hash] = filled;
                AccountState state = _accounts[maker];
                if (!state.has(AccountStateLib.HAS_PARTIAL_FILLS)) {
                    _accounts[maker] = state.with(AccountStateLib.HAS_PARTIAL_FILLS);
                }
            }
            _balances[maker][quoteToken] = quoteBalance;
        }
    }

    // ---------------------------------------------------------------- withdrawals

    /// @notice Executes a withdrawal its account signed. The operator sequences it with trades, so it never
    /// takes funds a matched fill needs.
    function withdraw(Withdrawal calldata withdrawal, bytes calldata signature)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
    {
        bytes32 hash = _hashTypedDataV4(MessageHashing.hash(withdrawal));
        if (withdrawal.amount == 0) revert ZeroAmount();
        if (withdrawal.recipient == address(0)) revert ZeroAddress();
        if (withdrawal.expiry != 0 && block.timestamp >= withdrawal.expiry) {
            revert WithdrawalExpired(hash, withdrawal.expiry);
        }
        if (_executedWithdrawals[hash]) revert WithdrawalAlreadyExecuted(hash);
        if (!SignatureVerification.isValid(withdrawal.account, hash, signature)) {
            revert InvalidWithdrawalSignature(hash, withdrawal.account);
        }
        _executedWithdrawals[hash] = true;
        _debit(withdrawal.account, withdrawal.token, withdrawal.amount);
        IERC20(withdrawal.token).safeTransfer(withdrawal.recipient, withdrawal.amount);
        emit Withdrawn(withdrawal.account, withdrawal.token, withdrawal.amount, withdrawal.recipient, hash);
    }

    function isWithdrawalExecuted(bytes32 withdrawalHash) external view returns (bool) {
        return _executedWithdrawals[withdrawalHash];
    }

    // ---------------------------------------------------------------- hashing, for integrators

    /// @notice The EIP-712 digest of `order` under this contract's domain: the order's hash everywhere.
    function hashOrder(Order calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(OrderHashing.hash(order));
    }

    /// @notice The EIP-712 digest of `withdrawal` under this contract's domain.
    function hashWithdrawal(Withdrawal calldata withdrawal) external view returns (bytes32) {
        return _hashTypedDataV4(MessageHashing.hash(withdrawal));
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }
}
