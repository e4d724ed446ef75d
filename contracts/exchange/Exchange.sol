// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {MarginCustody} from "./MarginCustody.sol";
import {ExchangeConfig} from "./ExchangeConfig.sol";
import {IExchange} from "../interfaces/IExchange.sol";
import {AccountState} from "../types/AccountState.sol";
import {Balance, NonceState} from "../types/Balance.sol";
import {Batch, OrderInput, FillInput} from "../types/Batch.sol";
import {Order, Side, OrderFlags, TimeInForce} from "../types/Order.sol";
import {Withdrawal} from "../types/Withdrawal.sol";
import {OrderTerms} from "../libraries/OrderTerms.sol";
import {FillWords} from "../libraries/FillWords.sol";
import {OrderHashing} from "../libraries/OrderHashing.sol";
import {MessageHashing} from "../libraries/MessageHashing.sol";
import {FillMath} from "../libraries/FillMath.sol";
import {SignatureVerification} from "../libraries/SignatureVerification.sol";
import {BIT_WORD_SHIFT, BIT_IN_WORD_MASK} from "../libraries/BitWords.sol";

/// @title Hybrid exchange: custody and settlement of off-chain matched orders
/// @notice The operator settles batches of fills that the off-chain engine matched; this contract re-checks
/// every fill against what both makers signed, so the operator can delay a user but never trade it worse.
/// See docs/protocol.md for the order type, the price rule and every check.
contract Exchange is MarginCustody, EIP712 {
    using SafeERC20 for IERC20;
    using OrderTerms for uint256;
    using FillWords for uint256;

    /// @dev An order of the batch being settled, as verified, with what this batch moves for it.
    struct Execution {
        bytes32 hash; //          EIP-712 digest: the order's identity everywhere
        address maker;
        uint8 side;
        uint8 skipReason; //      non-zero: the order's fills are skipped (SKIP_*)
        uint256 terms; //         the order's packed small fields (OrderTerms)
        uint256 size; //          signed baseAmount
        uint256 limitQuote; //    signed quoteAmount
        uint256 base; //          base moved by this batch
        uint256 quote; //         quote moved by this batch
        uint256 fee; //           fee paid in this batch, in the token the maker receives
    }

    /// @dev Why an order's fills are skipped rather than settled (FillSkipped's `reason`).
    uint8 internal constant SKIP_EXIT_REQUESTED = 1;
    uint8 internal constant SKIP_WALLET_REFUSED = 2;

    mapping(uint256 word => uint256 bits) private _settledBatches;
    mapping(bytes32 withdrawalHash => bool) private _executedWithdrawals;

    constructor(address admin, address operator, address feeRecipient_, uint256 cancelDelay_, uint256 exitDelay_)
        ExchangeConfig(admin, operator, feeRecipient_, cancelDelay_, exitDelay_)
        EIP712("HybridExchange", "1")
    {}

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IExchange
    function settle(Batch calldata batch) external onlySettler whenNotPaused nonReentrant {
        if (batch.fills.length == 0) revert EmptyBatch();
        _markSettled(batch.id);
        address baseToken = batch.baseToken;
        address quoteToken = batch.quoteToken;
        if (baseToken == quoteToken || baseToken == address(0) || quoteToken == address(0)) {
            revert InvalidMarket(baseToken, quoteToken);
        }

        (Execution[] memory orders, bytes32[] memory orderHashes, uint256[] memory orderMakers) = _verifyOrders(batch);
        (uint256 baseFees, uint256 quoteFees, uint256 skipped) = _executeFills(batch, orders);
        _commitOrders(orders, baseToken, quoteToken);

        address recipient = _parameters.feeRecipient;
        if (baseFees != 0) _credit(recipient, baseToken, baseFees);
        if (quoteFees != 0) _credit(recipient, quoteToken, quoteFees);
        emit BatchSettled(batch.id, baseToken, quoteToken, orderHashes, orderMakers, batch.fills, skipped, recipient);
    }

    /// @dev OPERATOR_ROLE or AUCTION_SETTLER_ROLE; the operator's own check costs what onlyRole(OPERATOR_ROLE) did.
    modifier onlySettler() {
        if (!hasRole(OPERATOR_ROLE, msg.sender) && !hasRole(AUCTION_SETTLER_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, OPERATOR_ROLE);
        }
        _;
    }

    /// @inheritdoc IExchange
    function isBatchSettled(uint256 batchId) external view returns (bool) {
        return (_settledBatches[batchId >> BIT_WORD_SHIFT] >> (batchId & BIT_IN_WORD_MASK)) & 1 != 0;
    }

    function _markSettled(uint256 batchId) private {
        uint256 bit = 1 << (batchId & BIT_IN_WORD_MASK);
        uint256 bits = _settledBatches[batchId >> BIT_WORD_SHIFT];
        if (bits & bit != 0) revert BatchAlreadySettled(batchId);
        _settledBatches[batchId >> BIT_WORD_SHIFT] = bits | bit;
    }

    /// @dev Terms, exit, expiry, cancellation and signature of every order, once per batch (its nonce and size are
    /// checked where its fill state is written, in `_commitOrders`), and that only the auction settler settles
    /// auction-only orders. Also returns, for the BatchSettled event, each order's hash and its maker with its side
    /// (`uint160(maker) | side << 160`).
    function _verifyOrders(Batch calldata batch)
        private
        view
        returns (Execution[] memory orders, bytes32[] memory orderHashes, uint256[] memory orderMakers)
    {
        OrderInput[] calldata inputs = batch.orders;
        uint256 count = inputs.length;
        orders = new Execution[](count);
        orderHashes = new bytes32[](count);
        orderMakers = new uint256[](count);
        bytes32 separator = _domainSeparatorV4();
        uint256 termsSeen; // the OR of every order's terms: one bit test after the loop finds an auction-only order
        for (uint256 i; i < count; ++i) {
            Execution memory e = orders[i];
            _verifyOrder(e, batch, inputs[i], separator);
            termsSeen |= e.terms;
            orderHashes[i] = e.hash;
            orderMakers[i] = uint256(uint160(e.maker)) | (uint256(e.side) << 160);
        }
        if (termsSeen & OrderTerms.AUCTION_ONLY_BIT != 0) _requireAuctionSettler(orders);
    }

    /// @dev Auction-only orders settle only through the auction settler, which has checked the batch's proof. The
    /// role is read only for a batch that lists such an order, so the continuous path pays nothing for it.
    function _requireAuctionSettler(Execution[] memory orders) private view {
        if (hasRole(AUCTION_SETTLER_ROLE, msg.sender)) return;
        for (uint256 i; i < orders.length; ++i) {
            if (orders[i].terms & OrderTerms.AUCTION_ONLY_BIT != 0) revert OrderRequiresAuctionProof(i, orders[i].hash);
        }
    }

    /// @dev Fills `e` (a zeroed element of the batch's executions) from a verified order.
    function _verifyOrder(Execution memory e, Batch calldata batch, OrderInput calldata input, bytes32 separator)
        private
        view
    {
        address maker = input.maker;
        address quoteToken = batch.quoteToken;
        uint256 amounts = input.amounts;
        uint256 size = amounts.high();
        uint256 limitQuote = amounts.low();
        uint256 terms = input.terms;
        uint256 trigger = input.triggerQuoteAmount;
        bytes32 hash = MessageHashUtils.toTypedDataHash(
            separator, OrderHashing.hash(maker, batch.baseToken, quoteToken, size, limitQuote, trigger, terms)
        );
        if (size == 0 || limitQuote == 0 || trigger > type(uint128).max || !_validTerms(terms)) {
            revert InvalidOrder(hash);
        }

        e.hash = hash;
        e.maker = maker;
        e.side = terms.side();
        e.terms = terms;
        e.size = size;
        e.limitQuote = limitQuote;

        AccountState state = _accountStateOf(maker);
        if (state.exitRequestedAt() != 0) {
            e.skipReason = SKIP_EXIT_REQUESTED;
            return;
        }
        uint40 expiry = terms.expiry();
        if (expiry != 0 && block.timestamp >= expiry) revert OrderExpired(hash, expiry);
        if (_isCancelled(maker, state, hash, terms.nonce())) revert OrderCancelled(hash);
        _verifySignature(e, batch, input);
    }

    /// @dev A plain account's signature must be valid (an invalid one is the operator's error: revert). A contract
    /// wallet can change its answer after matching: a refusal skips its fills instead.
    function _verifySignature(Execution memory e, Batch calldata batch, OrderInput calldata input) private view {
        bytes32 r = input.r;
        bytes memory walletSignature;
        if (r != 0) {
            (bytes32 s, uint8 v) = SignatureVerification.splitCompact(input.vs);
            if (SignatureVerification.isValidECDSA(e.maker, e.hash, r, s, v)) return;
            walletSignature = abi.encodePacked(r, s, v);
        } else {
            uint256 index = uint256(input.vs);
            if (index >= batch.walletSignatures.length) revert InvalidSignature(e.hash, e.maker);
            walletSignature = batch.walletSignatures[index];
        }
        if (e.maker.code.length == 0) revert InvalidSignature(e.hash, e.maker);
        if (!SignatureVerification.isValidWalletSignature(e.maker, e.hash, walletSignature)) {
            e.skipReason = SKIP_WALLET_REFUSED;
        }
    }

    function _validTerms(uint256 terms) private pure returns (bool) {
        return terms.isValid(TimeInForce.MAX, FillMath.BPS);
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
            if (maker.skipReason != 0 || taker.skipReason != 0) {
                Execution memory skippedOrder = maker.skipReason != 0 ? maker : taker;
                emit FillSkipped(batch.id, i, skippedOrder.maker, skippedOrder.skipReason);
                ++skipped;
                continue;
            }
            if (taker.terms.flags() & OrderFlags.POST_ONLY != 0) revert PostOnlyTaker(taker.hash);
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
        }
    }

    /// @dev The fill must be at or better than the order's limit and its fee within the order's cap.
    function _addFill(Execution memory e, uint256 base, uint256 quote, uint256 fee) private pure {
        if (!FillMath.respectsLimit(e.side, e.size, e.limitQuote, base, quote)) {
            revert LimitPriceViolated(e.hash, base, quote);
        }
        uint256 received = e.side == Side.BUY ? base : quote;
        if (!FillMath.feeWithinCap(fee, received, e.terms.maxFeeBps())) revert FeeAboveCap(e.hash, fee, received);
        // Each term is at most 128 bits, and an order is in at most 2^16 fills of a batch.
        unchecked {
            e.base += base;
            e.quote += quote;
            e.fee += fee;
        }
    }

    /// @dev Applies each order's netted fills to storage, in batch order: nonce state, size, balances. Reading the
    /// fill state here, where it is written, makes every check see the writes of the orders before it: an order
    /// listed twice adds up as if listed once, and an order whose nonce another order of the batch has just used
    /// reverts. The nonce state rides in the order's quote balance slot (see Balance.sol), which this writes anyway.
    function _commitOrders(Execution[] memory orders, address baseToken, address quoteToken) private {
        uint256 count = orders.length;
        for (uint256 i; i < count; ++i) {
            Execution memory e = orders[i];
            if (e.base == 0) continue;
            address maker = e.maker;
            uint64 nonce = e.terms.nonce();
            BalanceCell storage quoteCell = _balances[maker][quoteToken];
            Balance quoteBalance = quoteCell.value;

            uint256 nonceState = _nonceState(maker, quoteToken, quoteBalance, nonce);
            if (nonceState & NonceState.COMPLETED != 0) revert OrderNonceUsed(e.hash, nonce);
            uint256 filledBefore = nonceState & NonceState.PARTIALLY_FILLED != 0 ? _partialFills[e.hash] : 0;
            // filledBefore <= size < 2^128 and base < 2^144; a fee never exceeds what its order received
            // (fee <= received * maxFeeBps / 10,000 with maxFeeBps <= 10,000, fill by fill).
            uint256 filled;
            uint256 baseNet;
            uint256 quoteNet;
            unchecked {
                filled = filledBefore + e.base;
                baseNet = e.base - e.fee;
                quoteNet = e.quote - e.fee;
            }
            if (filled > e.size) revert Overfill(e.hash, filled, e.size);

            if (e.side == Side.BUY) {
                _credit(maker, baseToken, baseNet);
                quoteBalance = _checkedMinus(quoteBalance, maker, quoteToken, e.quote);
            } else {
                _debit(maker, baseToken, e.base);
                quoteBalance = quoteBalance.plus(quoteNet);
            }
            if (filled == e.size) {
                quoteBalance = _addNonceState(maker, quoteToken, quoteBalance, nonce, NonceState.COMPLETED);
                if (filledBefore != 0) delete _partialFills[e.hash];
            } else {
                _partialFills[e.hash] = filled;
                quoteBalance = _addNonceState(maker, quoteToken, quoteBalance, nonce, NonceState.PARTIALLY_FILLED);
            }
            quoteCell.value = quoteBalance;
        }
    }

    // ---------------------------------------------------------------- withdrawals

    /// @inheritdoc IExchange
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

    /// @inheritdoc IExchange
    function isWithdrawalExecuted(bytes32 withdrawalHash) external view returns (bool) {
        return _executedWithdrawals[withdrawalHash];
    }

    // ---------------------------------------------------------------- hashing, for integrators

    /// @inheritdoc IExchange
    function hashOrder(Order calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(OrderHashing.hash(order));
    }

    /// @inheritdoc IExchange
    function hashWithdrawal(Withdrawal calldata withdrawal) external view returns (bytes32) {
        return _hashTypedDataV4(MessageHashing.hash(withdrawal));
    }

    /// @inheritdoc IExchange
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }
}
