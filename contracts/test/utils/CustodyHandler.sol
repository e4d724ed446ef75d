// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Exchange} from "../../exchange/Exchange.sol";
import {Order, Side} from "../../types/Order.sol";
import {Withdrawal} from "../../types/Withdrawal.sol";
import {Assertions} from "./Assertions.sol";
import {BatchBuilder, Fill, SignedOrder, Signing} from "./ExchangeTestBase.sol";
import {vm} from "./Vm.sol";

/// @notice What the handler needs of every test token, whatever its return values (approve is called for effect).
interface IMockToken {
    function mint(address to, uint256 amount) external;
    function approve(address spender, uint256 amount) external;
    function balanceOf(address account) external view returns (uint256);
}

/// @notice Drives the exchange with random deposits, signed withdrawals, settlements (new and resting orders,
/// partial fills, overfill attempts), exits and time, from a fixed list of actors. Keeps ghost sums of what was
/// credited and debited per token, and of what each resting order has filled.
contract CustodyHandler is Assertions {
    uint256 private constant MAX_AMOUNT = 1e30;
    uint256 private constant MAX_RESTING = 24;

    struct Resting {
        SignedOrder signed;
        bytes32 hash;
        uint256 filled; //  ghost: base filled by settlements that succeeded
    }

    Exchange public immutable exchange;
    address public immutable operator;
    address public immutable feeRecipient;
    uint256 private immutable _feeRecipientKey;

    address[] public tokens;
    address[] public actors;
    mapping(address actor => uint256) private _keys;

    mapping(address token => uint256) public ghostCredited;
    mapping(address token => uint256) public ghostDebited;
    Resting[] private _resting;

    uint64 private _nextNonce = 100; // orders straddle the inline nonces (below 128) and the stored words
    uint64 private _nextWithdrawalNonce;
    uint256 private _nextBatchId = 1;

    /// @notice How often each action changed state: a run where these stay at zero proves nothing.
    mapping(bytes32 action => uint256) public calls;

    constructor(
        Exchange exchange_,
        address operator_,
        uint256 feeRecipientKey,
        address[] memory tokens_,
        uint256[] memory actorKeys
    ) {
        exchange = exchange_;
        operator = operator_;
        _feeRecipientKey = feeRecipientKey;
        feeRecipient = vm.addr(feeRecipientKey);
        tokens = tokens_;
        for (uint256 i; i < actorKeys.length; ++i) {
            address actor = vm.addr(actorKeys[i]);
            actors.push(actor);
            _keys[actor] = actorKeys[i];
        }
    }

    // ------------------------------------------------------------ custody

    function deposit(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        _deposit(_actor(actorSeed), _token(tokenSeed), bound(amount, 1, MAX_AMOUNT));
    }

    /// @notice The handler is a margin module too (the test grants it MARGIN_MODULE_ROLE): it moves part of an
    /// actor's available balance into its margin pool, which stays in the exchange's custody.
    function toMargin(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        address token = _token(tokenSeed);
        uint256 available = exchange.balanceOf(actor, token);
        if (available == 0) return;
        exchange.moveToMargin(actor, token, bound(amount, 1, available));
        ++calls["toMargin"];
    }

    /// @notice Returns part of the handler's margin pool to any actor (a module pays out what its own rules settle).
    function fromMargin(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        address token = _token(tokenSeed);
        uint256 pooled = exchange.marginPool(address(this), token);
        if (pooled == 0) return;
        exchange.moveFromMargin(_actor(actorSeed), token, bound(amount, 1, pooled));
        ++calls["fromMargin"];
    }

    /// @notice A withdrawal signed by a trader or the fee recipient, executed by the operator, to anyone.
    function withdraw(uint256 accountSeed, uint256 tokenSeed, uint256 amount, uint256 recipientSeed) external {
        bool fromFees = accountSeed % 5 == 0;
        address account = fromFees ? feeRecipient : _actor(accountSeed >> 8);
        address token = _token(tokenSeed);
        uint256 balance = exchange.balanceOf(account, token);
        if (balance == 0) return;
        Withdrawal memory w = Withdrawal({
            account: account,
            token: token,
            amount: bound(amount, 1, balance),
            recipient: recipientSeed % 2 == 0 ? _actor(recipientSeed >> 1) : address(uint160(0xD00D + recipientSeed % 7)),
            nonce: _nextWithdrawalNonce++,
            expiry: 0
        });
        bytes memory signature =
            Signing.signWithdrawal(exchange, fromFees ? _feeRecipientKey : _keys[account], w);
        vm.prank(operator);
        exchange.withdraw(w, signature);
        ghostDebited[token] += w.amount;
        ++calls["withdraw"];
    }

    function requestExit(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (exchange.exitRequestedAt(actor) != 0) return;
        vm.prank(actor);
        exchange.requestExit();
        ++calls["requestExit"];
    }

    function cancelExit(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (exchange.exitRequestedAt(actor) == 0) return;
        vm.prank(actor);
        exchange.cancelExit();
        ++calls["cancelExit"];
    }

    function exitWithdraw(uint256 actorSeed, uint256 tokenSeed) external {
        address actor = _actor(actorSeed);
        address token = _token(tokenSeed);
        uint256 requestedAt = exchange.exitRequestedAt(actor);
        uint256 balance = exchange.balanceOf(actor, token);
        if (requestedAt == 0 || block.timestamp < requestedAt + exchange.exitDelay() || balance == 0) return;
        vm.prank(actor);
        exchange.exitWithdraw(token);
        ghostDebited[token] += balance;
        ++calls["exitWithdraw"];
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 hours));
    }

    // ------------------------------------------------------------ settlement

    /// @notice A new maker order in a random market, filled (possibly partly) by a new taker order at the maker's
    /// limit; what is left rests for `fillResting`.
    function settleNew(
        uint256 makerSeed,
        uint256 takerOffset,
        uint256 marketSeed,
        bool makerSells,
        uint256 size,
        uint256 limit,
        uint256 fillSeed,
        uint256 feeSeed
    ) external {
        address maker = _actor(makerSeed);
        address taker = _otherActor(makerSeed, takerOffset);
        (address base, address quote) = _market(marketSeed);
        size = bound(size, 1, MAX_AMOUNT);
        limit = bound(limit, 1, MAX_AMOUNT);
        Order memory makerOrder = _newOrder(maker, base, quote, makerSells ? Side.SELL : Side.BUY, size, limit, feeSeed);
        Resting memory order = Resting(_sign(makerOrder), exchange.hashOrder(makerOrder), 0);
        uint256 filled = _fill(order, taker, bound(fillSeed, 1, size), feeSeed >> 32);
        if (filled == 0) return;
        order.filled = filled;
        if (filled < size && _resting.length < MAX_RESTING) _resting.push(order);
        ++calls["settleNew"];
    }

    /// @notice Another fill of a resting order, sometimes beyond what is left (which settlement must refuse).
    function fillResting(uint256 indexSeed, uint256 takerOffset, uint256 fillSeed, uint256 feeSeed) external {
        if (_resting.length == 0) return;
        Resting storage order = _resting[indexSeed % _resting.length];
        uint256 remaining = order.signed.order.baseAmount - order.filled;
        uint256 fillBase = bound(fillSeed, 1, remaining + remaining / 2 + 1);
        address taker = _otherActor(_indexOf(order.signed.order.maker), takerOffset);
        uint256 filled = _fill(order, taker, fillBase, feeSeed);
        if (filled == 0) return;
        order.filled += filled;
        ++calls["fillResting"];
    }

    /// @notice The maker cancels a resting order on-chain; it stops filling once the cancel delay has passed.
    function cancelResting(uint256 indexSeed) external {
        if (_resting.length == 0) return;
        Resting storage order = _resting[indexSeed % _resting.length];
        address maker = order.signed.order.maker;
        if (exchange.cancelledAt(maker, order.hash) != 0) return;
        vm.prank(maker);
        exchange.cancelOrder(order.hash);
        ++calls["cancelResting"];
    }

    /// @dev Settles one fill of `fillBase` between `maker` (a resting order) and a new taker order at the maker's limit,
    /// funding both sides first. Returns the base filled: 0 when settlement refused the fill or skipped it.
    function _fill(Resting memory maker, address taker, uint256 fillBase, uint256 feeSeed) private returns (uint256) {
        Order memory makerOrder = maker.signed.order;
        bool makerSells = makerOrder.side == Side.SELL;
        // The maker's limit, rounded its way: a seller receives at least, a buyer pays at most.
        uint256 fillQuote = makerSells
            ? Math.ceilDiv(fillBase * makerOrder.quoteAmount, makerOrder.baseAmount)
            : fillBase * makerOrder.quoteAmount / makerOrder.baseAmount;
        if (fillQuote == 0 || fillQuote > type(uint128).max) return 0;
        Order memory takerOrder = _newOrder(
            taker,
            makerOrder.baseToken,
            makerOrder.quoteToken,
            makerSells ? Side.BUY : Side.SELL,
            fillBase,
            fillQuote,
            feeSeed
        );
        (address seller, address buyer) = makerSells ? (makerOrder.maker, taker) : (taker, makerOrder.maker);
        _ensureBalance(seller, makerOrder.baseToken, fillBase);
        _ensureBalance(buyer, makerOrder.quoteToken, fillQuote);
        bool skipped = exchange.exitRequestedAt(makerOrder.maker) != 0 || exchange.exitRequestedAt(taker) != 0;

        SignedOrder[] memory orders = new SignedOrder[](2);
        orders[0] = maker.signed;
        orders[1] = _sign(takerOrder);
        Fill[] memory fills = new Fill[](1);
        fills[0] = Fill(
            0,
            1,
            uint128(fillBase),
            uint128(fillQuote),
            uint128(_fee(feeSeed, makerSells ? fillQuote : fillBase, makerOrder.maxFeeBps)),
            uint128(_fee(feeSeed >> 64, makerSells ? fillBase : fillQuote, takerOrder.maxFeeBps))
        );
        vm.prank(operator);
        try exchange.settle(BatchBuilder.build(_nextBatchId++, orders, fills)) {
            if (skipped) {
                ++calls["skipped"];
                return 0;
            }
            return fillBase;
        } catch {
            ++calls["refused"];
            return 0;
        }
    }

    // ------------------------------------------------------------ views for the invariants

    function restingCount() external view returns (uint256) {
        return _resting.length;
    }

    function restingOrder(uint256 index) external view returns (Order memory order, bytes32 hash, uint256 filled) {
        Resting storage r = _resting[index];
        return (r.signed.order, r.hash, r.filled);
    }

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    // ------------------------------------------------------------ helpers

    function _deposit(address actor, address token, uint256 amount) private {
        IMockToken(token).mint(actor, amount);
        uint256 before = exchange.balanceOf(actor, token);
        vm.prank(actor);
        IMockToken(token).approve(address(exchange), amount);
        vm.prank(actor);
        exchange.deposit(token, amount);
        ghostCredited[token] += exchange.balanceOf(actor, token) - before;
        ++calls["deposit"];
    }

    /// @dev Deposits what `actor` lacks of `amount` (twice over, so a transfer fee cannot leave it short).
    function _ensureBalance(address actor, address token, uint256 amount) private {
        uint256 balance = exchange.balanceOf(actor, token);
        if (balance < amount) _deposit(actor, token, 2 * (amount - balance));
    }

    function _newOrder(
        address maker,
        address base,
        address quote,
        uint8 side,
        uint256 size,
        uint256 limit,
        uint256 feeSeed
    ) private returns (Order memory) {
        return Order({
            maker: maker,
            baseToken: base,
            quoteToken: quote,
            side: side,
            baseAmount: uint128(size),
            quoteAmount: uint128(limit),
            triggerQuoteAmount: 0,
            nonce: _nextNonce++,
            expiry: 0,
            maxFeeBps: uint16(bound(feeSeed, 0, 100)),
            timeInForce: 0,
            flags: 0,
            selfTradePrevention: 0
        });
    }

    function _sign(Order memory order) private view returns (SignedOrder memory) {
        return Signing.signOrder(exchange, _keys[order.maker], order);
    }

    /// @dev A fee within the cap: `seed` picks it between zero and the cap.
    function _fee(uint256 seed, uint256 received, uint256 maxFeeBps) private pure returns (uint256) {
        return bound(seed, 0, received * maxFeeBps / 10_000);
    }

    function _market(uint256 seed) private view returns (address base, address quote) {
        uint256 n = tokens.length;
        uint256 b = seed % n;
        uint256 q = (b + 1 + (seed >> 8) % (n - 1)) % n;
        return (tokens[b], tokens[q]);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    function _otherActor(uint256 seed, uint256 offset) private view returns (address) {
        uint256 n = actors.length;
        return actors[(seed % n + 1 + offset % (n - 1)) % n];
    }

    function _indexOf(address actor) private view returns (uint256) {
        for (uint256 i; i < actors.length; ++i) {
            if (actors[i] == actor) return i;
        }
        revert("not an actor");
    }

    function _token(uint256 seed) private view returns (address) {
        return tokens[seed % tokens.length];
    }

}
