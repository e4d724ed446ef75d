// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Exchange} from "../exchange/Exchange.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {NoReturnToken} from "../mocks/NoReturnToken.sol";
import {TestToken} from "../mocks/TestToken.sol";
import {Order} from "../types/Order.sol";
import {Assertions} from "./utils/Assertions.sol";
import {vm} from "./utils/Vm.sol";
import {CustodyHandler, IMockToken} from "./utils/CustodyHandler.sol";

/// @notice Invariants of custody and fill accounting under random deposits, signed withdrawals, settlements,
/// exits and time, with a plain, a fee-on-transfer and a no-return token.
contract CustodyInvariantTest is Assertions {
    /// @dev The shape forge-std's StdInvariant uses; the invariant runner reads it from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    Exchange private exchange;
    CustodyHandler private handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        address operator = address(uint160(0x09E7A70E));
        uint256 feeRecipientKey = 0xFEE5;
        exchange = new Exchange(address(this), operator, vm.addr(feeRecipientKey), 60, 3600);
        address[] memory tokens = new address[](3);
        tokens[0] = address(new TestToken("Plain", "PLAIN", 18));
        tokens[1] = address(new FeeOnTransferToken(100));
        tokens[2] = address(new NoReturnToken());
        uint256[] memory actorKeys = new uint256[](4);
        for (uint256 i; i < actorKeys.length; ++i) {
            actorKeys[i] = 0xA0 + i;
        }
        handler = new CustodyHandler(exchange, operator, feeRecipientKey, tokens, actorKeys);
        exchange.grantRole(exchange.MARGIN_MODULE_ROLE(), address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the handler's actions, not its views.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](12);
        selectors[0] = CustodyHandler.deposit.selector;
        selectors[1] = CustodyHandler.withdraw.selector;
        selectors[2] = CustodyHandler.requestExit.selector;
        selectors[3] = CustodyHandler.cancelExit.selector;
        selectors[4] = CustodyHandler.exitWithdraw.selector;
        selectors[5] = CustodyHandler.warp.selector;
        selectors[6] = CustodyHandler.settleNew.selector;
        selectors[7] = CustodyHandler.settleNew.selector; // settlement twice as often as the rest
        selectors[8] = CustodyHandler.fillResting.selector;
        selectors[9] = CustodyHandler.cancelResting.selector;
        selectors[10] = CustodyHandler.toMargin.selector;
        selectors[11] = CustodyHandler.fromMargin.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), selectors);
    }

    /// @notice For every token, the exchange holds at least the sum of internal balances (fee recipient's included)
    /// and of the margin pool.
    function invariant_exchangeHoldsEveryInternalBalance() public view {
        for (uint256 t; t < handler.tokenCount(); ++t) {
            address token = handler.tokens(t);
            assertGe(IMockToken(token).balanceOf(address(exchange)), _sumOfBalances(token), "tokens held");
        }
    }

    /// @notice For every token, internal balances and the margin pool add up to what deposits credited less what
    /// withdrawals debited: settlement and margin moves only move value between accounts and the pool.
    function invariant_internalBalancesAreDepositsLessWithdrawals() public view {
        for (uint256 t; t < handler.tokenCount(); ++t) {
            address token = handler.tokens(t);
            assertEq(_sumOfBalances(token), handler.ghostCredited(token) - handler.ghostDebited(token), "ledger");
        }
    }

    /// @notice No order fills beyond its size, and the exchange's fill state matches the fills that settled.
    function invariant_noOrderFillsBeyondItsSize() public view {
        for (uint256 i; i < handler.restingCount(); ++i) {
            (Order memory order, bytes32 hash, uint256 filled) = handler.restingOrder(i);
            assertLe(filled, order.baseAmount, "filled");
            if (filled < order.baseAmount) {
                assertEq(exchange.partiallyFilled(hash), filled, "partially filled");
                assertFalse(exchange.isNonceUsed(order.maker, order.quoteToken, order.nonce), "nonce used");
            } else {
                assertEq(exchange.partiallyFilled(hash), 0, "completed order's partial fill");
                assertTrue(exchange.isNonceUsed(order.maker, order.quoteToken, order.nonce), "nonce used");
            }
        }
    }

    function _sumOfBalances(address token) private view returns (uint256 sum) {
        for (uint256 a; a < handler.actorCount(); ++a) {
            sum += exchange.balanceOf(handler.actors(a), token);
        }
        sum += exchange.balanceOf(handler.feeRecipient(), token);
        sum += exchange.marginPool(address(handler), token);
    }
}
