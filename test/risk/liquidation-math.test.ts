// Liquidation and bankruptcy prices, the fill band and the penalty (risk/liquidation-math.ts), as sentences on
// ETH-USD at 10% initial / 5% maintenance margin, and as properties on random accounts.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  accountValue,
  bankruptcyPrice,
  fillBand,
  fundingOwed,
  isFillWithinBand,
  isLiquidatable,
  liquidationPenalty,
  liquidationPrice,
  positionValue,
  type MarketState,
  type Position,
} from "../../risk/index.js";
import { ETH, ETH_USD, USDC, market, opened } from "./markets.js";

const SEED = 0x1140;
const withIndex = (m: MarketState, indexPrice: bigint): MarketState => ({ ...m, indexPrice });

describe("risk/liquidation-math", () => {
  describe("liquidation price", () => {
    it("puts a 10x long's at 2842.105264 (−5.26%): liquidatable one unit below, not at it", () => {
      const long = [opened(1n, 3000n)];
      const price = liquidationPrice(300n * USDC, long, [market(3000n)], 0);
      assert.equal(price, 2_842_105_264n);
      assert.equal(isLiquidatable(300n * USDC, long, [withIndex(market(0n), price)]), false);
      assert.equal(isLiquidatable(300n * USDC, long, [withIndex(market(0n), price - 1n)]), true);
    });

    it("puts a 10x short's at 3142.857142 (+4.76%): liquidatable one unit above, not at it", () => {
      const short = [opened(-1n, 3000n)];
      const price = liquidationPrice(300n * USDC, short, [market(3000n)], 0);
      assert.equal(price, 3_142_857_142n);
      assert.equal(isLiquidatable(300n * USDC, short, [withIndex(market(0n), price)]), false);
      assert.equal(isLiquidatable(300n * USDC, short, [withIndex(market(0n), price + 1n)]), true);
    });

    it("lowers a long's liquidation price when another market's position is in profit (cross margin)", () => {
      const positions = [opened(1n, 3000n), opened(-1n, 3000n)];
      const alone = liquidationPrice(300n * USDC, [positions[0]!], [market(3000n)], 0);
      const withProfit = liquidationPrice(300n * USDC, positions, [market(3000n), market(2000n)], 0);
      assert.ok(withProfit < alone);
    });

    it("gives 0 for a fully collateralised long (no price liquidates it) and for a flat position", () => {
      assert.equal(liquidationPrice(3000n * USDC, [opened(1n, 3000n)], [market(3000n)], 0), 0n);
      assert.equal(liquidationPrice(0n, [opened(0n, 3000n)], [market(3000n)], 0), 0n);
    });

    it("gives 0 for a short whose account is already under water at any price", () => {
      assert.equal(liquidationPrice(-3001n * USDC, [opened(-1n, 3000n)], [market(3000n)], 0), 0n);
    });

    it("finds a lone position liquidatable at every price beyond its liquidation price", () => {
      fc.assert(
        fc.property(loneAccount, fc.bigInt({ min: 1n, max: 1n << 60n }), ({ collateral, position, state }, step) => {
          const price = liquidationPrice(collateral, [position], [state], 0);
          const beyond = position.size > 0n ? price - step : price + step;
          if (position.size === 0n || beyond <= 0n || (position.size > 0n && price === 0n)) return;
          assert.equal(isLiquidatable(collateral, [position], [withIndex(state, beyond)]), true);
        }),
        { seed: SEED, numRuns: 1_000 },
      );
    });
  });

  describe("bankruptcy price", () => {
    it("is where a 10x long has lost all its collateral: 2700", () => {
      assert.equal(bankruptcyPrice(300n * USDC, [opened(1n, 3000n)], [market(2820n)], 0), 2700n * USDC);
    });

    it("is where a 10x short has lost all its collateral: 3300", () => {
      assert.equal(bankruptcyPrice(300n * USDC, [opened(-1n, 3000n)], [market(3180n)], 0), 3300n * USDC);
    });

    it("lies above the index for a long already under water: the shortfall someone else absorbs", () => {
      assert.equal(bankruptcyPrice(300n * USDC, [opened(1n, 3000n)], [market(2600n)], 0), 2700n * USDC);
    });

    it("rounds against the account: a long's down, a short's up", () => {
      // Value 1 unit on 3 base units of size at baseUnit 1: the price moves by 1/3, rounded to a whole unit.
      const risk = { ...ETH_USD, baseUnit: 1n };
      const state = { risk, indexPrice: 100n, cumulativeFunding: 0n, openInterest: 0n };
      assert.equal(bankruptcyPrice(1n, [{ size: 3n, costBasis: 300n, fundingIndex: 0n }], [state], 0), 99n);
      assert.equal(bankruptcyPrice(1n, [{ size: -3n, costBasis: -300n, fundingIndex: 0n }], [state], 0), 101n);
    });

    it("shares the account's value among its positions by maintenance requirement", () => {
      // 600 USDC on a 1 ETH long and a 1 ETH short at 3000: each takes half (300) of the value.
      const positions = [opened(1n, 3000n), opened(-1n, 3000n)];
      const markets = [market(3000n), market(3000n)];
      assert.equal(bankruptcyPrice(600n * USDC, positions, markets, 0), 2700n * USDC);
      assert.equal(bankruptcyPrice(600n * USDC, positions, markets, 1), 3300n * USDC);
    });

    it("leaves an account at zero or below once every position is closed at its bankruptcy price", () => {
      fc.assert(
        fc.property(anyAccount, ({ collateral, positions, markets }) => {
          const prices = positions.map((_, i) => bankruptcyPrice(collateral, positions, markets, i));
          // A price clamped at 0 is a long worth more than its debts even for free: nothing to take from it.
          if (prices.some((price, i) => price === 0n && positions[i]!.size !== 0n)) return;
          let after = collateral;
          positions.forEach((position, i) => {
            const { baseUnit } = markets[i]!.risk;
            after += positionValue(position.size, prices[i]!, baseUnit) - position.costBasis;
            after -= fundingOwed(position, markets[i]!.cumulativeFunding, baseUnit);
          });
          assert.ok(
            after <= 0n,
            `closing at the bankruptcy prices left ${after} (value was ${accountValue(collateral, positions, markets)})`,
          );
        }),
        { seed: SEED, numRuns: 1_000 },
      );
    });
  });

  describe("fill band", () => {
    it("spans the index ± (IMF − MMF): 2850 to 3150 around 3000 at 10%/5%", () => {
      assert.deepEqual(fillBand(ETH_USD, 3000n * USDC), { lower: 2850n * USDC, upper: 3150n * USDC });
    });

    it("admits fills at its edges and refuses one quote unit beyond, comparing exactly", () => {
      const index = 3000n * USDC;
      assert.equal(isFillWithinBand(ETH, 2850n * USDC, index, ETH_USD), true);
      assert.equal(isFillWithinBand(ETH, 2850n * USDC - 1n, index, ETH_USD), false);
      assert.equal(isFillWithinBand(2n * ETH, 6300n * USDC, index, ETH_USD), true);
      assert.equal(isFillWithinBand(2n * ETH, 6300n * USDC + 1n, index, ETH_USD), false);
    });

    it("refuses a fill of no base", () => {
      assert.equal(isFillWithinBand(0n, 0n, 3000n * USDC, ETH_USD), false);
    });
  });

  describe("liquidation penalty", () => {
    it("takes 1% of the closed notional when the equity left allows it", () => {
      assert.equal(liquidationPenalty(3000n * USDC, ETH_USD, 100n * USDC), 30n * USDC);
    });

    it("never takes more than the equity left, and nothing from an account under water", () => {
      assert.equal(liquidationPenalty(3000n * USDC, ETH_USD, 12n * USDC), 12n * USDC);
      assert.equal(liquidationPenalty(3000n * USDC, ETH_USD, 0n), 0n);
      assert.equal(liquidationPenalty(3000n * USDC, ETH_USD, -5n * USDC), 0n);
    });

    it("rounds the penalty up", () => {
      assert.equal(liquidationPenalty(1n, ETH_USD, 100n), 1n);
    });
  });
});

// ------------------------------------------------------------------ random accounts

const riskArb = fc
  .record({
    baseUnit: fc.constantFrom(1n, 10n ** 6n, 10n ** 8n, 10n ** 18n),
    maintenanceMarginPpm: fc.bigInt({ min: 1n, max: 500_000n }),
    extra: fc.bigInt({ min: 1n, max: 500_000n }),
  })
  .map(({ baseUnit, maintenanceMarginPpm, extra }) => ({
    ...ETH_USD,
    baseUnit,
    maintenanceMarginPpm,
    initialMarginPpm: maintenanceMarginPpm + extra,
    liquidationPenaltyPpm: 0n,
  }));

const stateArb = fc.record({
  risk: riskArb,
  indexPrice: fc.bigInt({ min: 1n, max: 1n << 96n }),
  cumulativeFunding: fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }),
  openInterest: fc.constant(0n),
});

const positionArb: fc.Arbitrary<Position> = fc.record({
  size: fc.bigInt({ min: -(1n << 96n), max: 1n << 96n }),
  costBasis: fc.bigInt({ min: -(1n << 160n), max: 1n << 160n }),
  fundingIndex: fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }),
});

const loneAccount = fc.record({
  collateral: fc.bigInt({ min: -(1n << 160n), max: 1n << 160n }),
  position: positionArb,
  state: stateArb,
});

const anyAccount = fc.array(fc.tuple(positionArb, stateArb), { minLength: 1, maxLength: 4 }).chain((pairs) =>
  fc.record({
    collateral: fc.bigInt({ min: -(1n << 160n), max: 1n << 160n }),
    positions: fc.constant(pairs.map(([p]) => p)),
    markets: fc.constant(pairs.map(([, m]) => m)),
  }),
);
