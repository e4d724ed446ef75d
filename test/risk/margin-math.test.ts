// The margin formulas of risk/margin-math.ts, read as sentences on ETH-USD at 10% initial / 5% maintenance margin.
import assert from "node:assert/strict";
import {
  accountInitialRequirement,
  accountMaintenanceRequirement,
  accountValue,
  applyFill,
  initialMarginPpm,
  initialRequirement,
  isLiquidatable,
  isNotWorseOff,
  isValidMarket,
  meetsInitialMargin,
  notional,
  positionValue,
  unrealizedPnl,
  type MarketRisk,
} from "../../risk/index.js";
import { ETH, ETH_USD, USDC, market, opened } from "./markets.js";

describe("risk/margin-math", () => {
  describe("value and requirements", () => {
    it("values a 10x long at its collateral and requires 10% to open and 5% to keep", () => {
      const long = [opened(1n, 3000n)];
      const at3000 = [market(3000n)];
      assert.equal(accountValue(300n * USDC, long, at3000), 300n * USDC);
      assert.equal(accountInitialRequirement(long, at3000), 300n * USDC);
      assert.equal(accountMaintenanceRequirement(long, at3000), 150n * USDC);
    });

    it("meets initial margin exactly at the requirement, and not one quote unit below it", () => {
      const long = [opened(1n, 3000n)];
      assert.equal(meetsInitialMargin(300n * USDC, long, [market(3000n)]), true);
      assert.equal(meetsInitialMargin(300n * USDC - 1n, long, [market(3000n)]), false);
    });

    it("does not liquidate an account exactly at maintenance, and does one quote unit below it", () => {
      // At 2842.105263 the long is worth 2842.105263 − 3000 + 300 = 142.105263 against 5% of 2842.105263 = 142.105264
      // (rounded up): below. At 2842.105264 both are 142.105264: at maintenance.
      const long = [opened(1n, 3000n)];
      const at = (price: bigint) => [{ ...market(0n), indexPrice: price }];
      assert.equal(isLiquidatable(300n * USDC, long, at(2_842_105_264n)), false);
      assert.equal(isLiquidatable(300n * USDC, long, at(2_842_105_263n)), true);
    });

    it("finds a 10x long liquidatable after a 6% drop at 5% maintenance, and not after a 5% drop", () => {
      const long = [opened(1n, 3000n)];
      assert.equal(isLiquidatable(300n * USDC, long, [market(2850n)]), false);
      assert.equal(isLiquidatable(300n * USDC, long, [market(2820n)]), true);
    });

    it("finds a 10x short liquidatable after a 5% rise (its maintenance grows with the price), not after 4%", () => {
      const short = [opened(-1n, 3000n)];
      assert.equal(isLiquidatable(300n * USDC, short, [market(3120n)]), false);
      assert.equal(isLiquidatable(300n * USDC, short, [market(3150n)]), true);
    });

    it("nets a loss on one market against a gain on another (cross margin)", () => {
      const positions = [opened(1n, 3000n), opened(-1n, 3000n)];
      const markets = [market(2700n), market(2700n)];
      assert.equal(accountValue(10n * USDC, positions, markets), 10n * USDC);
      assert.equal(isLiquidatable(10n * USDC, positions, markets), true);
      assert.equal(isLiquidatable(270n * USDC, positions, markets), false);
    });

    it("subtracts funding owed from the account value", () => {
      const long = [{ ...opened(1n, 3000n), fundingIndex: 0n }];
      // 0.01% of 3000 USDC: 0.3 USDC owed per ETH held.
      const funded = [market(3000n, ETH_USD, { cumulativeFunding: 100_000n * 3000n * USDC })];
      assert.equal(accountValue(300n * USDC, long, funded), 300n * USDC - 300_000n);
    });

    it("requires nothing of a flat account and values it at its collateral, even when negative", () => {
      const flat = [{ size: 0n, costBasis: 0n, fundingIndex: 0n }];
      assert.equal(accountValue(-5n, flat, [market(3000n)]), -5n);
      assert.equal(accountMaintenanceRequirement(flat, [market(3000n)]), 0n);
      assert.equal(isLiquidatable(-5n, flat, [market(3000n)]), true);
    });
  });

  describe("not worse off", () => {
    // The 10x long after a 6% drop: worth 120 USDC against 141 maintenance.
    const value = 120n * USDC;
    const maintenance = 141n * USDC;

    it("lets a half close under maintenance through when the value-to-maintenance ratio does not fall", () => {
      assert.equal(isNotWorseOff(value, maintenance, value, maintenance / 2n), true);
    });

    it("refuses a close at a price that lowers the ratio", () => {
      assert.equal(isNotWorseOff(value, maintenance, 50n * USDC, maintenance / 2n), false);
    });

    it("accepts ending flat at zero or above, and refuses ending flat under water", () => {
      assert.equal(isNotWorseOff(value, maintenance, 0n, 0n), true);
      assert.equal(isNotWorseOff(-value, maintenance, -1n, 0n), false);
    });

    it("never counts opening from flat as a reduction", () => {
      assert.equal(isNotWorseOff(value, 0n, value, maintenance), false);
    });

    it("compares negative values the right way round: less under water per unit of requirement is better", () => {
      assert.equal(isNotWorseOff(-100n, 100n, -40n, 50n), true);
      assert.equal(isNotWorseOff(-100n, 100n, -60n, 50n), false);
    });
  });

  describe("fills", () => {
    const flat = { size: 0n, costBasis: 0n, fundingIndex: 0n };

    it("carries a closed long's profit in its cost basis, exactly, and counts it in the account value", () => {
      const long = applyFill(flat, ETH, 3000n * USDC);
      const closed = applyFill(long, -ETH, 3300n * USDC);
      assert.deepEqual(closed, { size: 0n, costBasis: -300n * USDC, fundingIndex: 0n });
      assert.equal(accountValue(0n, [closed], [market(1n)]), 300n * USDC);
    });

    it("realises nothing on a partial close: the half left is worth its share of the profit at the index", () => {
      const half = applyFill(applyFill(flat, ETH, 3000n * USDC), -ETH / 2n, 1650n * USDC);
      assert.deepEqual(half, { size: ETH / 2n, costBasis: 1350n * USDC, fundingIndex: 0n });
      assert.equal(accountValue(0n, [half], [market(3300n)]), 300n * USDC);
    });

    it("flips a long into a short through one fill", () => {
      const short = applyFill(applyFill(flat, ETH, 3000n * USDC), -2n * ETH, 6000n * USDC);
      assert.deepEqual(short, { size: -ETH, costBasis: -3000n * USDC, fundingIndex: 0n });
    });
  });

  describe("rounding in the system's favour", () => {
    const third = { ...ETH_USD, baseUnit: 3n };

    it("rounds a long's value down and a short's value down too (a larger debt)", () => {
      assert.equal(positionValue(1n, 2n, 3n), 0n);
      assert.equal(positionValue(-1n, 2n, 3n), -1n);
    });

    it("rounds notional and requirements up", () => {
      assert.equal(notional(-1n, 2n, 3n), 1n);
      const position = { size: 1n, costBasis: 0n, fundingIndex: 0n };
      // notional ⌈2/3⌉ = 1, 10% of it ⌈0.1⌉ = 1.
      assert.equal(
        initialRequirement(position, { risk: third, indexPrice: 2n, cumulativeFunding: 0n, openInterest: 0n }),
        1n,
      );
    });

    it("counts a long's PnL from its floored value", () => {
      const position = { size: 2n, costBasis: 1n, fundingIndex: 0n };
      assert.equal(
        unrealizedPnl(position, { risk: third, indexPrice: 2n, cumulativeFunding: 0n, openInterest: 0n }),
        0n,
      );
    });
  });

  describe("initial margin fraction", () => {
    const tiered: MarketRisk = {
      ...ETH_USD,
      baselinePositionSize: 10n * ETH,
      incrementalPositionSize: 5n * ETH,
      incrementalInitialMarginPpm: 10_000n,
    };

    it("keeps the IMF up to the baseline size and adds one increment per started step above it", () => {
      assert.equal(initialMarginPpm(tiered, 10n * ETH, 0n), 100_000n);
      assert.equal(initialMarginPpm(tiered, 10n * ETH + 1n, 0n), 110_000n);
      assert.equal(initialMarginPpm(tiered, 15n * ETH, 0n), 110_000n);
      assert.equal(initialMarginPpm(tiered, 15n * ETH + 1n, 0n), 120_000n);
    });

    it("never raises the IMF past 100% by size", () => {
      assert.equal(initialMarginPpm(tiered, 10_000n * ETH, 0n), 1_000_000n);
    });

    const scaled: MarketRisk = {
      ...ETH_USD,
      openInterestLowerCap: 1_000_000n * USDC,
      openInterestUpperCap: 3_000_000n * USDC,
    };

    it("scales the IMF toward 100% as open interest goes from the lower to the upper cap", () => {
      assert.equal(initialMarginPpm(scaled, ETH, 1_000_000n * USDC), 100_000n);
      assert.equal(initialMarginPpm(scaled, ETH, 2_000_000n * USDC), 550_000n);
      assert.equal(initialMarginPpm(scaled, ETH, 2_000_000n * USDC + 1n), 550_001n);
      assert.equal(initialMarginPpm(scaled, ETH, 3_000_000n * USDC), 1_000_000n);
      assert.equal(initialMarginPpm(scaled, ETH, 9_000_000n * USDC), 1_000_000n);
    });

    it("prices open interest at the index: a pump raises the IMF of everyone opening", () => {
      const position = opened(1n, 3000n);
      const openInterest = 500n * ETH; // 1.5M USDC at 3000, 2.5M at 5000
      const at = (usd: bigint) => market(usd, scaled, { openInterest });
      assert.equal(initialRequirement(position, at(3000n)), 975n * USDC); // 32.5% of 3000
      assert.equal(initialRequirement(position, at(5000n)), 3875n * USDC); // 77.5% of 5000
    });

    it("does not scale when the upper cap is 0", () => {
      assert.equal(initialMarginPpm(ETH_USD, ETH, 10n ** 30n), 100_000n);
    });
  });

  describe("market parameters", () => {
    it("accepts ETH-USD", () => assert.equal(isValidMarket(ETH_USD), true));

    it("refuses a maintenance fraction that is not below the initial fraction", () => {
      assert.equal(isValidMarket({ ...ETH_USD, maintenanceMarginPpm: 100_000n }), false);
    });

    it("refuses a zero maintenance fraction, an initial fraction above 100% and a zero step", () => {
      assert.equal(isValidMarket({ ...ETH_USD, maintenanceMarginPpm: 0n }), false);
      assert.equal(isValidMarket({ ...ETH_USD, initialMarginPpm: 1_000_001n }), false);
      assert.equal(isValidMarket({ ...ETH_USD, incrementalPositionSize: 0n }), false);
    });

    it("refuses an open-interest range whose lower cap is not below its upper cap", () => {
      assert.equal(isValidMarket({ ...ETH_USD, openInterestLowerCap: 5n, openInterestUpperCap: 5n }), false);
    });

    it("refuses a liquidation penalty above the maintenance fraction", () => {
      assert.equal(isValidMarket({ ...ETH_USD, liquidationPenaltyPpm: 50_001n }), false);
    });

    it("refuses a zero base unit and one above 2^64", () => {
      assert.equal(isValidMarket({ ...ETH_USD, baseUnit: 0n }), false);
      assert.equal(isValidMarket({ ...ETH_USD, baseUnit: (1n << 64n) + 1n }), false);
    });
  });
});
