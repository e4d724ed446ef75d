// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {MarketRisk, MarketState, Position} from "../libraries/MarginTypes.sol";
import {FundingMath} from "../libraries/FundingMath.sol";
import {LiquidationMath} from "../libraries/LiquidationMath.sol";
import {MarginMath} from "../libraries/MarginMath.sol";

/// @notice Test-only: exposes the margin libraries in batches (one eth_call evaluates many vectors), so that
/// test/contracts/margin/margin-math.test.ts can compare them with the TypeScript twin in risk/.
contract MarginMathHarness {
    struct Account {
        int256 collateral;
        Position[] positions;
        MarketState[] markets;
    }

    struct PositionResult {
        uint256 notional;
        int256 value;
        int256 unrealizedPnl;
        int256 fundingOwed;
        uint256 initialMarginPpm;
        uint256 initialRequirement;
        uint256 maintenanceRequirement;
        uint256 liquidationPrice;
        uint256 bankruptcyPrice;
    }

    struct AccountResult {
        int256 value;
        uint256 initialRequirement;
        uint256 maintenanceRequirement;
        bool meetsInitialMargin;
        bool isLiquidatable;
        PositionResult[] positions;
    }

    /// @notice A market and the inputs of the functions that need no account.
    struct MarketCase {
        MarketRisk risk;
        uint256 indexPrice;
        uint256 absSize;
        uint256 openInterestNotional;
        uint256 fillBase;
        uint256 fillQuote;
        int256 fundingRate;
        uint256 closedNotional;
        int256 valueAfter;
    }

    struct MarketResult {
        uint256 initialMarginPpm;
        uint256 bandLower;
        uint256 bandUpper;
        bool fillWithinBand;
        uint256 rateCap;
        bool rateWithinCap;
        int256 indexDelta;
        uint256 liquidationPenalty;
    }

    function evaluateAccounts(Account[] calldata accounts) external pure returns (AccountResult[] memory results) {
        results = new AccountResult[](accounts.length);
        for (uint256 k = 0; k < accounts.length; ++k) {
            results[k] = evaluate(accounts[k].collateral, accounts[k].positions, accounts[k].markets);
        }
    }

    function evaluateMarkets(MarketCase[] calldata cases) external pure returns (MarketResult[] memory results) {
        results = new MarketResult[](cases.length);
        for (uint256 k = 0; k < cases.length; ++k) {
            MarketCase memory c = cases[k];
            MarketResult memory r = results[k];
            r.initialMarginPpm = MarginMath.initialMarginPpm(c.risk, c.absSize, c.openInterestNotional);
            (r.bandLower, r.bandUpper) = LiquidationMath.fillBand(c.risk, c.indexPrice);
            r.fillWithinBand = LiquidationMath.isFillWithinBand(c.fillBase, c.fillQuote, c.indexPrice, c.risk);
            r.rateCap = FundingMath.rateCap(c.risk);
            r.rateWithinCap = FundingMath.isRateWithinCap(c.fundingRate, c.risk);
            r.indexDelta = FundingMath.indexDelta(c.fundingRate, c.indexPrice);
            r.liquidationPenalty = LiquidationMath.liquidationPenalty(c.closedNotional, c.risk, c.valueAfter);
        }
    }

    struct FillCase {
        Position position;
        int256 baseDelta;
        uint256 quote;
    }

    function applyFills(FillCase[] calldata cases) external pure returns (Position[] memory positions) {
        positions = new Position[](cases.length);
        for (uint256 k = 0; k < cases.length; ++k) {
            positions[k] = MarginMath.applyFill(cases[k].position, cases[k].baseDelta, cases[k].quote);
        }
    }

    function validMarkets(MarketRisk[] calldata risks) external pure returns (bool[] memory valid) {
        valid = new bool[](risks.length);
        for (uint256 k = 0; k < risks.length; ++k) {
            valid[k] = MarginMath.isValidMarket(risks[k]);
        }
    }

    /// @notice Gas of the main functions on one account, measured inside the call (no calldata or dispatch).
    function gasOf(Account calldata account)
        external
        view
        returns (uint256 value, uint256 initial, uint256 maintenance, uint256 liquidation, uint256 bankruptcy)
    {
        Position[] memory positions = account.positions;
        MarketState[] memory markets = account.markets;
        int256 collateral = account.collateral;
        uint256 start = gasleft();
        int256 v = MarginMath.accountValue(collateral, positions, markets);
        value = start - gasleft();
        start = gasleft();
        uint256 imr = MarginMath.accountInitialRequirement(positions, markets);
        initial = start - gasleft();
        start = gasleft();
        uint256 mmr = MarginMath.accountMaintenanceRequirement(positions, markets);
        maintenance = start - gasleft();
        start = gasleft();
        uint256 lp = LiquidationMath.liquidationPrice(collateral, positions, markets, 0);
        liquidation = start - gasleft();
        start = gasleft();
        uint256 bp = LiquidationMath.bankruptcyPrice(collateral, positions, markets, 0);
        bankruptcy = start - gasleft();
        // Keep the results live so the optimizer cannot drop the calls.
        if (v == type(int256).min && imr == mmr && lp == bp) revert();
    }

    function evaluate(int256 collateral, Position[] memory positions, MarketState[] memory markets)
        private
        pure
        returns (AccountResult memory r)
    {
        r.value = MarginMath.accountValue(collateral, positions, markets);
        r.initialRequirement = MarginMath.accountInitialRequirement(positions, markets);
        r.maintenanceRequirement = MarginMath.accountMaintenanceRequirement(positions, markets);
        r.meetsInitialMargin = MarginMath.meetsInitialMargin(collateral, positions, markets);
        r.isLiquidatable = MarginMath.isLiquidatable(collateral, positions, markets);
        r.positions = new PositionResult[](positions.length);
        for (uint256 i = 0; i < positions.length; ++i) {
            Position memory p = positions[i];
            MarketState memory m = markets[i];
            PositionResult memory q = r.positions[i];
            q.notional = MarginMath.notional(p.size, m.indexPrice, m.risk.baseUnit);
            q.value = MarginMath.positionValue(p.size, m.indexPrice, m.risk.baseUnit);
            q.unrealizedPnl = MarginMath.unrealizedPnl(p, m);
            q.fundingOwed = FundingMath.fundingOwed(p, m.cumulativeFunding, m.risk.baseUnit);
            q.initialMarginPpm = MarginMath.initialMarginPpm(
                m.risk,
                SignedMath.abs(p.size),
                MarginMath.notional(SafeCast.toInt256(m.openInterest), m.indexPrice, m.risk.baseUnit)
            );
            q.initialRequirement = MarginMath.initialRequirement(p, m);
            q.maintenanceRequirement = MarginMath.maintenanceRequirement(p, m);
            q.liquidationPrice = LiquidationMath.liquidationPrice(collateral, positions, markets, i);
            q.bankruptcyPrice = LiquidationMath.bankruptcyPrice(collateral, positions, markets, i);
        }
    }
}
