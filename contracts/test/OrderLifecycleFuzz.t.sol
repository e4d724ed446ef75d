// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ExchangeTestBase, SignedOrder, Fill} from "./utils/ExchangeTestBase.sol";
import {vm} from "./utils/Vm.sol";
import {Order, Side} from "../types/Order.sol";
import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice Fuzzed over time offsets around each boundary: an order cancelled on-chain (after the cancel delay),
/// expired, or of an account that requested exit never fills.
contract OrderLifecycleFuzzTest is ExchangeTestBase {
    /// @notice A sell cancelled by hash after a first partial fill: the rest fills only before the delay ends.
    function testFuzz_anOrderCancelledByHashFillsOnlyBeforeTheDelay(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 2 * CANCEL_DELAY);
        _fund(bob, base, 2e18);
        _fund(alice, quote, 6000e6);
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, 2e18, 6000e6, 1));
        bytes32 sellHash = exchange.hashOrder(sell.order);
        SignedOrder memory firstBuy = _signed(_order(alice, Side.BUY, 1e18, 3000e6, 1));
        SignedOrder memory secondBuy = _signed(_order(alice, Side.BUY, 1e18, 3000e6, 2));
        _settle(_newBatchId(), _orders(sell, firstBuy), _fills(1e18, 3000e6, 0, 0));

        vm.prank(bob);
        exchange.cancelOrder(sellHash);
        assertEq(exchange.cancelledAt(bob, sellHash), START + CANCEL_DELAY, "cancel takes effect");
        vm.warp(START + elapsed);

        if (elapsed < CANCEL_DELAY) {
            _settle(_newBatchId(), _orders(sell, secondBuy), _fills(1e18, 3000e6, 0, 0));
            assertEq(exchange.balanceOf(bob, address(base)), 0, "seller's base, filled before the delay");
        } else {
            _expectSettleRevert(
                abi.encodeWithSelector(IExchangeErrors.OrderCancelled.selector, sellHash),
                _newBatchId(),
                _orders(sell, secondBuy),
                _fills(1e18, 3000e6, 0, 0)
            );
            assertEq(exchange.balanceOf(bob, address(base)), 1e18, "seller's base, cancelled rest");
        }
    }

    /// @notice After a bulk cancel up to `floor`, an order with a lower nonce fills only before the delay ends;
    /// one at or above the floor is unaffected.
    function testFuzz_anOrderBelowTheNonceFloorFillsOnlyBeforeTheDelay(uint256 elapsed, uint64 nonce, uint64 floor)
        public
    {
        elapsed = bound(elapsed, 0, 2 * CANCEL_DELAY);
        floor = uint64(bound(floor, 1, type(uint64).max));
        _fund(bob, base, 1e18);
        _fund(alice, quote, 3000e6);
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, 1e18, 3000e6, nonce));
        SignedOrder memory buy = _signed(_order(alice, Side.BUY, 1e18, 3000e6, 1));

        vm.prank(bob);
        exchange.cancelUpToNonce(floor);
        vm.warp(START + elapsed);
        bool inForce = elapsed >= CANCEL_DELAY;
        assertEq(exchange.nonceFloor(bob), inForce ? floor : 0, "floor in force");

        if (inForce && nonce < floor) {
            _expectSettleRevert(
                abi.encodeWithSelector(IExchangeErrors.OrderCancelled.selector, exchange.hashOrder(sell.order)),
                _newBatchId(),
                _orders(sell, buy),
                _fills(1e18, 3000e6, 0, 0)
            );
            assertEq(exchange.balanceOf(bob, address(base)), 1e18, "seller's base");
        } else {
            _settle(_newBatchId(), _orders(sell, buy), _fills(1e18, 3000e6, 0, 0));
            assertEq(exchange.balanceOf(bob, address(base)), 0, "seller's base");
        }
    }

    /// @notice An order fills strictly before its expiry, as maker or as taker, and never at or after it.
    function testFuzz_anExpiredOrderNeverFills(uint256 lifetime, uint256 offset, bool expiringIsMaker) public {
        uint40 expiry = uint40(START + bound(lifetime, 1, 365 days));
        uint256 at = expiry - 60 + bound(offset, 0, 120);
        _fund(bob, base, 1e18);
        _fund(alice, quote, 3000e6);
        Order memory sellOrder = _order(bob, Side.SELL, 1e18, 3000e6, 1);
        Order memory buyOrder = _order(alice, Side.BUY, 1e18, 3000e6, 1);
        Order memory expiring = expiringIsMaker ? sellOrder : buyOrder;
        expiring.expiry = expiry;
        SignedOrder memory sell = _signed(sellOrder);
        SignedOrder memory buy = _signed(buyOrder);
        vm.warp(at);

        if (at < expiry) {
            _settle(_newBatchId(), _orders(sell, buy), _fills(1e18, 3000e6, 0, 0));
            assertEq(exchange.balanceOf(alice, address(base)), 1e18, "buyer's base");
        } else {
            _expectSettleRevert(
                abi.encodeWithSelector(IExchangeErrors.OrderExpired.selector, exchange.hashOrder(expiring), expiry),
                _newBatchId(),
                _orders(sell, buy),
                _fills(1e18, 3000e6, 0, 0)
            );
            assertEq(exchange.balanceOf(alice, address(base)), 0, "buyer's base");
        }
    }

    /// @notice Once an account requests exit, every fill of its orders is skipped at any later time (before and
    /// after the exit delay, before and after it withdraws), while the other fills of the batch settle.
    function testFuzz_anExitingAccountsOrdersNeverFill(uint256 elapsed, bool buyerExits, bool withdrawFirst) public {
        elapsed = bound(elapsed, 0, 2 * EXIT_DELAY);
        _fund(alice, quote, 6000e6);
        _fund(bob, base, 1e18);
        _fund(carol, base, 1e18);
        SignedOrder[] memory orders = new SignedOrder[](3);
        orders[0] = _signed(_order(bob, Side.SELL, 1e18, 3000e6, 1));
        orders[1] = _signed(_order(carol, Side.SELL, 1e18, 3000e6, 1));
        orders[2] = _signed(_order(alice, Side.BUY, 2e18, 6000e6, 1));
        Fill[] memory fills = new Fill[](2);
        fills[0] = Fill(0, 2, 1e18, 3000e6, 0, 0); // bob sells to alice
        fills[1] = Fill(1, 2, 1e18, 3000e6, 0, 0); // carol sells to alice

        address exiting = buyerExits ? alice : bob;
        vm.prank(exiting);
        exchange.requestExit();
        vm.warp(START + elapsed);
        if (withdrawFirst && elapsed >= EXIT_DELAY) {
            vm.prank(exiting);
            exchange.exitWithdraw(buyerExits ? address(quote) : address(base));
        }
        uint256 exitingBase = exchange.balanceOf(exiting, address(base));
        uint256 exitingQuote = exchange.balanceOf(exiting, address(quote));

        uint256 id = _newBatchId();
        _settle(id, orders, fills);

        assertTrue(exchange.isBatchSettled(id), "batch settled");
        assertEq(exchange.balanceOf(exiting, address(base)), exitingBase, "exiting account's base");
        assertEq(exchange.balanceOf(exiting, address(quote)), exitingQuote, "exiting account's quote");
        if (buyerExits) {
            assertEq(exchange.balanceOf(bob, address(base)), 1e18, "bob's base");
            assertEq(exchange.balanceOf(carol, address(base)), 1e18, "carol's base");
        } else {
            assertEq(exchange.balanceOf(carol, address(quote)), 3000e6, "carol's fill settles");
            assertEq(exchange.balanceOf(alice, address(base)), 1e18, "alice buys from carol only");
            assertEq(exchange.balanceOf(alice, address(quote)), 3000e6, "alice pays carol only");
        }
    }
}
