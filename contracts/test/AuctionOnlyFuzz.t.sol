// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ExchangeTestBase, SignedOrder, BatchBuilder} from "./utils/ExchangeTestBase.sol";
import {vm} from "./utils/Vm.sol";
import {Batch} from "../types/Batch.sol";
import {Order, OrderFlags, Side} from "../types/Order.sol";
import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice Fuzzed over both orders' flag bits and the caller's roles: an auction-only order settles only when the
/// caller holds AUCTION_SETTLER_ROLE; unknown bits are refused and post-only still binds, whoever the caller is.
contract AuctionOnlyFuzzTest is ExchangeTestBase {
    address internal auctionSettler = address(uint160(0xA0C7));

    function setUp() public override {
        super.setUp();
        exchange.grantRole(exchange.AUCTION_SETTLER_ROLE(), auctionSettler);
    }

    /// @notice `callerKind` 0: the operator; 1: the auction settler; 2: an account holding both roles.
    function testFuzz_anAuctionOnlyOrderSettlesOnlyThroughTheAuctionSettler(uint8 sellFlags, uint8 buyFlags, uint8 callerKind)
        public
    {
        sellFlags = uint8(bound(sellFlags, 0, 7)); // bit 2 is unknown: a third of the runs meet InvalidOrder
        buyFlags = uint8(bound(buyFlags, 0, 7));
        callerKind = uint8(bound(callerKind, 0, 2));
        address caller = callerKind == 0 ? operator : callerKind == 1 ? auctionSettler : carol;
        if (callerKind == 2) {
            exchange.grantRole(exchange.OPERATOR_ROLE(), carol);
            exchange.grantRole(exchange.AUCTION_SETTLER_ROLE(), carol);
        }
        _fund(bob, base, 1e18);
        _fund(alice, quote, 3000e6);
        Order memory sellOrder = _order(bob, Side.SELL, 1e18, 3000e6, 1);
        sellOrder.flags = sellFlags;
        Order memory buyOrder = _order(alice, Side.BUY, 1e18, 3000e6, 1);
        buyOrder.flags = buyFlags;
        SignedOrder memory sell = _signed(sellOrder);
        SignedOrder memory buy = _signed(buyOrder);
        Batch memory batch = BatchBuilder.build(_newBatchId(), _orders(sell, buy), _fills(1e18, 3000e6, 0, 0));

        bytes memory expected = _expectedRevert(sellOrder, buyOrder, callerKind != 0);
        if (expected.length != 0) vm.expectRevert(expected);
        vm.prank(caller);
        exchange.settle(batch);
        assertEq(exchange.balanceOf(alice, address(base)), expected.length == 0 ? 1e18 : 0, "buyer's base");
    }

    /// @dev What the Exchange must answer, in its order of checks: terms of each order, then the caller's role for
    /// auction-only orders, then post-only on the taker (order 1). Empty: it settles.
    function _expectedRevert(Order memory sell, Order memory buy, bool isAuctionSettler)
        private
        view
        returns (bytes memory)
    {
        uint8 unknown = ~(OrderFlags.POST_ONLY | OrderFlags.AUCTION_ONLY);
        bytes32 sellHash = exchange.hashOrder(sell);
        bytes32 buyHash = exchange.hashOrder(buy);
        if (sell.flags & unknown != 0) return abi.encodeWithSelector(IExchangeErrors.InvalidOrder.selector, sellHash);
        if (buy.flags & unknown != 0) return abi.encodeWithSelector(IExchangeErrors.InvalidOrder.selector, buyHash);
        if (!isAuctionSettler) {
            if (sell.flags & OrderFlags.AUCTION_ONLY != 0) {
                return abi.encodeWithSelector(IExchangeErrors.OrderRequiresAuctionProof.selector, 0, sellHash);
            }
            if (buy.flags & OrderFlags.AUCTION_ONLY != 0) {
                return abi.encodeWithSelector(IExchangeErrors.OrderRequiresAuctionProof.selector, 1, buyHash);
            }
        }
        if (buy.flags & OrderFlags.POST_ONLY != 0) return abi.encodeWithSelector(IExchangeErrors.PostOnlyTaker.selector, buyHash);
        return "";
    }
}
