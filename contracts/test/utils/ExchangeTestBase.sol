// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Exchange} from "../../exchange/Exchange.sol";
import {TestToken} from "../../mocks/TestToken.sol";
import {Batch, OrderInput, FillInput} from "../../types/Batch.sol";
import {Order} from "../../types/Order.sol";
import {Withdrawal} from "../../types/Withdrawal.sol";
import {OrderTerms} from "../../libraries/OrderTerms.sol";
import {Assertions} from "./Assertions.sol";
import {vm} from "./Vm.sol";

/// @notice An order with its maker's signature, as tests hold it (the TypeScript twin is protocol/'s SignedOrder).
struct SignedOrder {
    Order order;
    bytes signature;
}

/// @notice One fill between two orders of a batch, by their indices, as tests write it.
struct Fill {
    uint16 makerIndex;
    uint16 takerIndex;
    uint128 baseAmount;
    uint128 quoteAmount;
    uint128 makerFee;
    uint128 takerFee;
}

/// @notice The only test code that knows the calldata layout of `Batch` (OrderInput, FillInput): if that
/// layout changes, only this library changes. Mirrors protocol/batch.ts.
library BatchBuilder {
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev A 65-byte low-s signature with v 27/28 travels as EIP-2098 (r, vs); anything else goes into
    /// walletSignatures at `walletIndex` (r = 0, vs = index). Returns whether it used the wallet slot.
    function toOrderInput(Order memory order, bytes memory signature, uint256 walletIndex)
        internal
        pure
        returns (OrderInput memory input, bool usesWalletSignature)
    {
        input.maker = order.maker;
        input.amounts = (uint256(order.baseAmount) << 128) | order.quoteAmount;
        input.triggerQuoteAmount = order.triggerQuoteAmount;
        input.terms = OrderTerms.pack(
            order.side,
            order.timeInForce,
            order.flags,
            order.selfTradePrevention,
            order.maxFeeBps,
            order.expiry,
            order.nonce
        );
        (bool compact, bytes32 r, bytes32 vs) = _compact(signature);
        if (compact) {
            (input.r, input.vs) = (r, vs);
        } else {
            (input.r, input.vs) = (bytes32(0), bytes32(walletIndex));
            usesWalletSignature = true;
        }
    }

    function _compact(bytes memory signature) private pure returns (bool ok, bytes32 r, bytes32 vs) {
        if (signature.length != 65) return (false, 0, 0);
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        if (r == 0 || uint256(s) > HALF_ORDER || (v != 27 && v != 28)) return (false, 0, 0);
        return (true, r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    /// @dev Packs a fill into FillInput's three words (see contracts/libraries/FillWords.sol).
    function toFillInput(Fill memory fill) internal pure returns (FillInput memory) {
        return FillInput({
            orderIndices: uint256(fill.makerIndex) | (uint256(fill.takerIndex) << 16),
            amounts: (uint256(fill.baseAmount) << 128) | fill.quoteAmount,
            fees: (uint256(fill.makerFee) << 128) | fill.takerFee
        });
    }

    /// @notice The settle() argument for `orders` (all in the market of the first) and `fills`.
    function build(uint256 id, SignedOrder[] memory orders, Fill[] memory fills) internal pure returns (Batch memory b) {
        b.id = id;
        b.baseToken = orders[0].order.baseToken;
        b.quoteToken = orders[0].order.quoteToken;
        b.orders = new OrderInput[](orders.length);
        bytes[] memory walletSignatures = new bytes[](orders.length);
        uint256 wallets;
        for (uint256 i; i < orders.length; ++i) {
            bool usesWallet;
            (b.orders[i], usesWallet) = toOrderInput(orders[i].order, orders[i].signature, wallets);
            if (usesWallet) walletSignatures[wallets++] = orders[i].signature;
        }
        b.walletSignatures = new bytes[](wallets);
        for (uint256 i; i < wallets; ++i) {
            b.walletSignatures[i] = walletSignatures[i];
        }
        b.fills = new FillInput[](fills.length);
        for (uint256 i; i < fills.length; ++i) {
            b.fills[i] = toFillInput(fills[i]);
        }
    }
}

/// @notice Signing with cheatcodes: the digest comes from the exchange itself (`hashOrder`, `hashWithdrawal`).
library Signing {
    function signOrder(Exchange exchange, uint256 privateKey, Order memory order)
        internal
        view
        returns (SignedOrder memory)
    {
        return SignedOrder(order, sign(privateKey, exchange.hashOrder(order)));
    }

    function signWithdrawal(Exchange exchange, uint256 privateKey, Withdrawal memory withdrawal)
        internal
        view
        returns (bytes memory)
    {
        return sign(privateKey, exchange.hashWithdrawal(withdrawal));
    }

    function sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}

/// @notice A fresh exchange with a WETH-like base and a USDC-like quote, three traders, an operator and a fee
/// recipient; helpers to fund, sign, and settle as the operator.
abstract contract ExchangeTestBase is Assertions {
    uint256 internal constant CANCEL_DELAY = 60;
    uint256 internal constant EXIT_DELAY = 3600;
    uint256 internal constant START = 1_700_000_000;

    uint256 internal constant ALICE_KEY = 0xA11CE;
    uint256 internal constant BOB_KEY = 0xB0B;
    uint256 internal constant CAROL_KEY = 0xCA201;

    Exchange internal exchange;
    TestToken internal base;
    TestToken internal quote;
    address internal alice;
    address internal bob;
    address internal carol;
    address internal operator = address(uint160(0x09E7A70E));
    address internal feeRecipient = address(uint160(0xFEE5));

    uint256 private _nextBatchId = 1;

    function setUp() public virtual {
        vm.warp(START);
        alice = vm.addr(ALICE_KEY);
        bob = vm.addr(BOB_KEY);
        carol = vm.addr(CAROL_KEY);
        exchange = new Exchange(address(this), operator, feeRecipient, CANCEL_DELAY, EXIT_DELAY);
        base = new TestToken("Wrapped Ether", "WETH", 18);
        quote = new TestToken("USD Coin", "USDC", 6);
    }

    /// @dev Mints `amount` of `token` to `account`, which approves and deposits it.
    function _fund(address account, TestToken token, uint256 amount) internal {
        token.mint(account, amount);
        vm.prank(account);
        token.approve(address(exchange), amount);
        vm.prank(account);
        exchange.deposit(address(token), amount);
    }

    /// @dev A good-till-cancelled order in the base/quote market, no expiry, fee cap 100%.
    function _order(address maker, uint8 side, uint256 baseAmount, uint256 quoteAmount, uint64 nonce)
        internal
        view
        returns (Order memory)
    {
        return Order({
            maker: maker,
            baseToken: address(base),
            quoteToken: address(quote),
            side: side,
            baseAmount: uint128(baseAmount),
            quoteAmount: uint128(quoteAmount),
            triggerQuoteAmount: 0,
            nonce: nonce,
            expiry: 0,
            maxFeeBps: 10_000,
            timeInForce: 0,
            flags: 0,
            selfTradePrevention: 0
        });
    }

    function _sign(uint256 privateKey, Order memory order) internal view returns (SignedOrder memory) {
        return Signing.signOrder(exchange, privateKey, order);
    }

    function _keyOf(address maker) internal view returns (uint256) {
        if (maker == alice) return ALICE_KEY;
        if (maker == bob) return BOB_KEY;
        if (maker == carol) return CAROL_KEY;
        revert("no key for maker");
    }

    /// @dev Signs `order` with its maker's key.
    function _signed(Order memory order) internal view returns (SignedOrder memory) {
        return _sign(_keyOf(order.maker), order);
    }

    function _orders(SignedOrder memory maker, SignedOrder memory taker) internal pure returns (SignedOrder[] memory list) {
        list = new SignedOrder[](2);
        list[0] = maker;
        list[1] = taker;
    }

    /// @dev One fill between orders 0 (maker) and 1 (taker).
    function _fills(uint256 baseAmount, uint256 quoteAmount, uint256 makerFee, uint256 takerFee)
        internal
        pure
        returns (Fill[] memory list)
    {
        list = new Fill[](1);
        list[0] = Fill(0, 1, uint128(baseAmount), uint128(quoteAmount), uint128(makerFee), uint128(takerFee));
    }

    function _newBatchId() internal returns (uint256) {
        return _nextBatchId++;
    }

    function _settle(uint256 id, SignedOrder[] memory orders, Fill[] memory fills) internal {
        Batch memory batch = BatchBuilder.build(id, orders, fills);
        vm.prank(operator);
        exchange.settle(batch);
    }

    function _expectSettleRevert(bytes memory revertData, uint256 id, SignedOrder[] memory orders, Fill[] memory fills)
        internal
    {
        Batch memory batch = BatchBuilder.build(id, orders, fills);
        vm.expectRevert(revertData);
        vm.prank(operator);
        exchange.settle(batch);
    }
}
