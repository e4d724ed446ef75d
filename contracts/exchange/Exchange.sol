// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Custody} from "./Custody.sol";
import {ExchangeConfig} from "./ExchangeConfig.sol";
import {AccountState, AccountStateLib} from "../types/AccountState.sol";
import {Batch, OrderInput, FillInput} from "../types/Batch.sol";
import {Order, Side, OrderFlags, TimeInForce, SelfTradePrevention} from "../types/Order.sol";
import {Withdrawal} from "../types/Withdrawal.sol";
import {OrderTerms} from "../libraries/OrderTerms.sol";
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
        if (baseFees != 0) _balances[recipient][baseToken] += baseFees;
        if (quoteFees != 0) _balances[recipient][quoteToken] += quoteFees;
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
        uint256 count = batch.orders.length;
        orders = new Execution[](count);
        for (uint256 i; i < count; ++i) {
            orders[i] = _verifyOrder(batch.id, batch.orders[i], batch.baseToken, batch.quoteToken);
        }
    }

    function _verifyOrder(uint256 batchId, OrderInput calldata input, address baseToken, address quoteToken)
        private
        returns (Execution memory e)
    {
        uint256 terms = input.terms;
        bytes32 hash = _hashTypedDataV4(OrderHashing.hash(input, baseToken, quoteToken));
        _claimOncePerBatch(batchId, hash);
        if (!_validTerms(input, terms)) revert InvalidOrder(hash);

        e.hash = hash;
        e.maker = input.maker;
        e.side = terms.side();
        e.postOnly = terms.flags() & OrderFlags.POST_ONLY != 0;
        e.nonce = terms.nonce();
        e.size = input.baseAmount;
        e.limitQuote = input.quoteAmount;
        e.maxFeeBps = terms.maxFeeBps();

        AccountState state = _accounts[e.maker];
        if (state.exitRequestedAt() != 0) {
            e.excluded = true;
            return e;
        }
        uint40 expiry = terms.expiry();
        if (expiry != 0 && block.timestamp >= expiry) revert OrderExpired(hash, expiry);
        if (_isCancelled(e.maker, state, hash, e.nonce)) revert OrderCancelled(hash);
        if (_isNonceCompleted(e.maker, state, e.nonce)) revert OrderNonceUsed(hash, e.nonce);
        if (state.has(AccountStateLib.HAS_PARTIAL_FILLS)) e.filledBefore = _partialFills[hash];
        if (!SignatureVerification.isValid(e.maker, hash, input.signature)) revert InvalidSignature(hash, e.maker);
    }

    function _validTerms(OrderInput calldata input, uint256 terms) private pure returns (bool) {
        return input.baseAmount != 0 && input.quoteAmount != 0 && !terms.hasUnusedBits() && terms.side() <= Side.SELL
            && terms.timeInForce() <= TimeInForce.MAX && terms.flags() & ~OrderFlags.KNOWN == 0
            && terms.selfTradePrevention() <= SelfTradePrevention.MAX && terms.maxFeeBps() <= FillMath.BPS;
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
        uint256 count = batch.fills.length;
        uint256 orderCount = orders.length;
        for (uint256 i; i < count; ++i) {
            FillInput calldata fill = batch.fills[i];
            uint256 makerIndex = fill.makerIndex;
            uint256 takerIndex = fill.takerIndex;
            if (makerIndex >= orderCount || takerIndex >= orderCount || makerIndex == takerIndex) {
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
            uint256 base = fill.baseAmount;
            uint256 quote = fill.quoteAmount;
            if (base == 0 || quote == 0) revert ZeroFill(i);

            _addFill(maker, base, quote, fill.makerFee);
            _addFill(taker, base, quote, fill.takerFee);
            if (maker.side == Side.BUY) {
                baseFees += fill.makerFee;
                quoteFees += fill.takerFee;
            } else {
                baseFees += fill.takerFee;
                quoteFees += fill.makerFee;
            }
            emit Trade(maker.hash, taker.hash, maker.maker, taker.maker, maker.side, base, quote, fill.makerFee, fill.takerFee);
        }
    }

    /// @dev The fill must be at or better than the order's limit and its fee within the order's cap.
    function _addFill(Execution memory e, uint256 base, uint256 quote, uint256 fee) private pure {
        if (!FillMath.respectsLimit(e.side, e.size, e.limitQuote, base, quote)) {
            revert LimitPriceViolated(e.hash, base, quote);
        }
        uint256 received = e.side == Side.BUY ? base : quote;
        if (!FillMath.feeWithinCap(fee, received, e.maxFeeBps)) revert FeeAboveCap(e.hash, fee, received);
        e.base += base;
        e.quote += quote;
        e.fee += fee;
    }

    /// @dev Size check, netted balance changes and fill state, once per order.
    function _commitOrders(Execution[] memory orders, address baseToken, address quoteToken) private {
        uint256 count = orders.length;
        for (uint256 i; i < count; ++i) {
            Execution memory e = orders[i];
            if (e.base == 0) continue;
            uint256 filled = e.filledBefore + e.base;
            if (filled > e.size) revert Overfill(e.hash, filled, e.size);

            if (e.side == Side.BUY) {
                _balances[e.maker][baseToken] += e.base - e.fee;
                _debit(e.maker, quoteToken, e.quote);
            } else {
                _debit(e.maker, baseToken, e.base);
                _balances[e.maker][quoteToken] += e.quote - e.fee;
            }

            AccountState state = _accounts[e.maker];
            AccountState next;
            if (filled == e.size) {
                next = _completeNonce(e.maker, state, e.nonce);
                if (e.filledBefore != 0) delete _partialFills[e.hash];
            } else {
                _partialFills[e.hash] = filled;
                next = state.with(AccountStateLib.HAS_PARTIAL_FILLS);
            }
            if (AccountState.unwrap(next) != AccountState.unwrap(state)) _accounts[e.maker] = next;
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
