// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ExchangeTestBase, SignedOrder} from "./utils/ExchangeTestBase.sol";
import {Order, Side} from "../types/Order.sol";
import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice Fuzzed settlement: fills never exceed an order's size, never create value, never cross a signed
/// limit or fee cap by a single unit, and a batch id settles once.
contract SettlementFuzzTest is ExchangeTestBase {
    uint256 private constant MAX_AMOUNT = type(uint128).max;

    // ------------------------------------------------------------ size

    /// @notice Up to six fills of random size against one resting sell: each either fits what is left and
    /// settles, or overfills and reverts with Overfill; a completed order then refuses any fill.
    function testFuzz_partialFillsNeverTakeAnOrderBeyondItsSize(uint256 size, uint256 limit, uint256[6] memory attempts)
        public
    {
        size = bound(size, 1, 1e30);
        limit = bound(limit, 1, 1e30);
        _fund(bob, base, 2 * size); // the seller holds more than it sells: only the size can stop an overfill
        _fund(alice, quote, 6 * (2 * limit + 1));
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, size, limit, 1));
        bytes32 sellHash = exchange.hashOrder(sell.order);

        uint256 filled;
        for (uint256 i; i < attempts.length && filled < size; ++i) {
            uint256 remaining = size - filled;
            // A quarter of the attempts take exactly what is left, so orders also complete.
            uint256 fillBase = attempts[i] % 4 == 0 ? remaining : bound(attempts[i] >> 2, 1, 2 * remaining);
            uint256 fillQuote = Math.ceilDiv(fillBase * limit, size); // the seller's limit, rounded its way
            SignedOrder memory buy = _signed(_order(alice, Side.BUY, fillBase, fillQuote, uint64(i + 1)));
            if (fillBase > remaining) {
                _expectSettleRevert(
                    abi.encodeWithSelector(IExchangeErrors.Overfill.selector, sellHash, filled + fillBase, size),
                    _newBatchId(),
                    _orders(sell, buy),
                    _fills(fillBase, fillQuote, 0, 0)
                );
            } else {
                _settle(_newBatchId(), _orders(sell, buy), _fills(fillBase, fillQuote, 0, 0));
                filled += fillBase;
            }
            assertLe(filled, size, "filled");
            assertEq(exchange.balanceOf(alice, address(base)), filled, "buyer's base");
            assertEq(exchange.balanceOf(bob, address(base)), 2 * size - filled, "seller's base");
        }

        if (filled == size) {
            SignedOrder memory late = _signed(_order(alice, Side.BUY, 1, limit, 99));
            _expectSettleRevert(
                abi.encodeWithSelector(IExchangeErrors.OrderNonceUsed.selector, sellHash, uint64(1)),
                _newBatchId(),
                _orders(sell, late),
                _fills(1, limit, 0, 0)
            );
        }
    }

    // ------------------------------------------------------------ conservation

    struct Totals {
        uint256 base;
        uint256 quote;
    }

    function _totals() private view returns (Totals memory t) {
        address[3] memory accounts = [alice, bob, feeRecipient];
        for (uint256 i; i < accounts.length; ++i) {
            t.base += exchange.balanceOf(accounts[i], address(base));
            t.quote += exchange.balanceOf(accounts[i], address(quote));
        }
    }

    /// @notice A random fill that both limits and both fee caps accept moves base and quote between the two
    /// parties and the fee recipient only: the three accounts' totals, and the tokens held, are unchanged.
    function testFuzz_anAcceptedFillCreatesNoValue(
        uint256 size,
        uint256 fillBase,
        uint256 fillQuote,
        uint256 sellSlack,
        uint256 buySlack,
        uint256 feeSeed,
        bool sellerIsMaker
    ) public {
        size = bound(size, 1, MAX_AMOUNT);
        fillBase = bound(fillBase, 1, size);
        fillQuote = bound(fillQuote, 1, MAX_AMOUNT * fillBase / size); // a price whose limits fit 128 bits
        // Limits the fill meets exactly or beats: sell limit <= fillQuote * size / fillBase <= buy limit.
        uint256 sellLimit = bound(sellSlack, 1, fillQuote * size / fillBase);
        uint256 buyLimit = bound(buySlack, Math.ceilDiv(fillQuote * size, fillBase), MAX_AMOUNT);
        uint16 sellFeeBps = uint16(bound(feeSeed, 0, 10_000));
        uint16 buyFeeBps = uint16(bound(feeSeed >> 16, 0, 10_000));
        uint256 sellerFee = bound(feeSeed >> 32, 0, fillQuote * sellFeeBps / 10_000);
        uint256 buyerFee = bound(feeSeed >> 160, 0, fillBase * buyFeeBps / 10_000);

        _fund(bob, base, fillBase);
        _fund(alice, quote, fillQuote);
        SignedOrder memory sell = _withFeeCap(_order(bob, Side.SELL, size, sellLimit, 1), sellFeeBps);
        SignedOrder memory buy = _withFeeCap(_order(alice, Side.BUY, size, buyLimit, 1), buyFeeBps);
        Totals memory before = _totals();

        if (sellerIsMaker) _settle(_newBatchId(), _orders(sell, buy), _fills(fillBase, fillQuote, sellerFee, buyerFee));
        else _settle(_newBatchId(), _orders(buy, sell), _fills(fillBase, fillQuote, buyerFee, sellerFee));

        Totals memory afterwards = _totals();
        assertEq(afterwards.base, before.base, "total base");
        assertEq(afterwards.quote, before.quote, "total quote");
        assertEq(exchange.balanceOf(alice, address(base)), fillBase - buyerFee, "buyer's base");
        assertEq(exchange.balanceOf(alice, address(quote)), 0, "buyer's quote");
        assertEq(exchange.balanceOf(bob, address(quote)), fillQuote - sellerFee, "seller's quote");
        assertEq(exchange.balanceOf(bob, address(base)), 0, "seller's base");
        assertEq(exchange.balanceOf(feeRecipient, address(base)), buyerFee, "base fees");
        assertEq(exchange.balanceOf(feeRecipient, address(quote)), sellerFee, "quote fees");
        assertEq(base.balanceOf(address(exchange)), fillBase, "base held");
        assertEq(quote.balanceOf(address(exchange)), fillQuote, "quote held");
    }

    function _withFeeCap(Order memory order, uint16 maxFeeBps) private view returns (SignedOrder memory) {
        order.maxFeeBps = maxFeeBps;
        return _signed(order);
    }

    // ------------------------------------------------------------ limit and fee boundaries

    /// @notice At a buy's limit the fill settles; one quote unit more reverts with LimitPriceViolated.
    function testFuzz_rejectsAFillOneQuoteUnitAboveTheBuyLimit(uint256 size, uint256 limit, uint256 fillBase) public {
        size = bound(size, 1, MAX_AMOUNT);
        limit = bound(limit, 1, MAX_AMOUNT - 1);
        fillBase = bound(fillBase, Math.ceilDiv(size, limit), size); // so the limit allows at least one quote unit
        uint256 maxQuote = fillBase * limit / size;
        _fund(alice, quote, maxQuote + 1);
        _fund(bob, base, fillBase);
        SignedOrder memory buy = _signed(_order(alice, Side.BUY, size, limit, 1));
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, fillBase, 1, 1)); // accepts any price

        _expectSettleRevert(
            abi.encodeWithSelector(
                IExchangeErrors.LimitPriceViolated.selector, exchange.hashOrder(buy.order), fillBase, maxQuote + 1
            ),
            _newBatchId(),
            _orders(sell, buy),
            _fills(fillBase, maxQuote + 1, 0, 0)
        );
        _settle(_newBatchId(), _orders(sell, buy), _fills(fillBase, maxQuote, 0, 0));
        assertEq(exchange.balanceOf(alice, address(quote)), 1, "buyer keeps the unit it did not pay");
    }

    /// @notice At a sell's limit the fill settles; one quote unit less reverts with LimitPriceViolated.
    function testFuzz_rejectsAFillOneQuoteUnitBelowTheSellLimit(uint256 size, uint256 limit, uint256 fillBase)
        public
    {
        size = bound(size, 1, MAX_AMOUNT);
        limit = bound(limit, 2, MAX_AMOUNT);
        fillBase = bound(fillBase, size / limit + 1, size); // so the limit asks at least two quote units
        uint256 minQuote = Math.ceilDiv(fillBase * limit, size);
        _fund(alice, quote, minQuote);
        _fund(bob, base, fillBase);
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, size, limit, 1));
        SignedOrder memory buy = _signed(_order(alice, Side.BUY, fillBase, MAX_AMOUNT, 1)); // pays any price

        _expectSettleRevert(
            abi.encodeWithSelector(
                IExchangeErrors.LimitPriceViolated.selector, exchange.hashOrder(sell.order), fillBase, minQuote - 1
            ),
            _newBatchId(),
            _orders(buy, sell),
            _fills(fillBase, minQuote - 1, 0, 0)
        );
        _settle(_newBatchId(), _orders(buy, sell), _fills(fillBase, minQuote, 0, 0));
        assertEq(exchange.balanceOf(bob, address(quote)), minQuote, "seller's quote");
    }

    /// @notice A fee at the signed cap settles; one unit more reverts with FeeAboveCap.
    function testFuzz_rejectsAFeeOneUnitAboveTheCap(uint256 fillBase, uint256 maxFeeBps) public {
        fillBase = bound(fillBase, 1, MAX_AMOUNT / 2); // the orders are twice the fill
        maxFeeBps = bound(maxFeeBps, 0, 9_999); // at 100% the cap is the whole fill: no unit above fits
        uint256 maxFee = fillBase * maxFeeBps / 10_000;
        _fund(alice, quote, 2);
        _fund(bob, base, 2 * fillBase);
        Order memory buyOrder = _order(alice, Side.BUY, 2 * fillBase, 2, 1);
        buyOrder.maxFeeBps = uint16(maxFeeBps);
        SignedOrder memory buy = _signed(buyOrder);
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, 2 * fillBase, 2, 1));

        _expectSettleRevert(
            abi.encodeWithSelector(
                IExchangeErrors.FeeAboveCap.selector, exchange.hashOrder(buyOrder), maxFee + 1, fillBase
            ),
            _newBatchId(),
            _orders(sell, buy),
            _fills(fillBase, 1, 0, maxFee + 1)
        );
        _settle(_newBatchId(), _orders(sell, buy), _fills(fillBase, 1, 0, maxFee));
        assertEq(exchange.balanceOf(feeRecipient, address(base)), maxFee, "fee collected");
        assertEq(exchange.balanceOf(alice, address(base)), fillBase - maxFee, "buyer's base");
    }

    // ------------------------------------------------------------ batch ids

    /// @notice A settled batch id refuses the same batch and any other batch; its neighbours in the bitmap
    /// stay free.
    function testFuzz_aBatchIdSettlesOnlyOnce(uint256 id) public {
        uint256 neighbour = id ^ 1;
        _fund(alice, quote, 3000e6);
        _fund(bob, base, 1e18);
        SignedOrder memory sell = _signed(_order(bob, Side.SELL, 1e18, 3000e6, 1));
        SignedOrder memory buy = _signed(_order(alice, Side.BUY, 0.5e18, 1500e6, 1));
        SignedOrder memory otherBuy = _signed(_order(alice, Side.BUY, 0.5e18, 1500e6, 2));
        bytes memory alreadySettled = abi.encodeWithSelector(IExchangeErrors.BatchAlreadySettled.selector, id);

        _settle(id, _orders(sell, buy), _fills(0.5e18, 1500e6, 0, 0));
        assertTrue(exchange.isBatchSettled(id), "settled");
        assertFalse(exchange.isBatchSettled(neighbour), "neighbour settled");

        _expectSettleRevert(alreadySettled, id, _orders(sell, buy), _fills(0.5e18, 1500e6, 0, 0));
        _expectSettleRevert(alreadySettled, id, _orders(sell, otherBuy), _fills(0.5e18, 1500e6, 0, 0));
        assertEq(exchange.balanceOf(alice, address(base)), 0.5e18, "one fill only");

        _settle(neighbour, _orders(sell, otherBuy), _fills(0.5e18, 1500e6, 0, 0));
        assertEq(exchange.balanceOf(alice, address(base)), 1e18, "the neighbour's fill");
    }
}
