// Funding as a cumulative index (risk/funding-math.ts): fixed at publication, applied lazily, zero-sum up to
// rounding in the system's favour.
import assert from "node:assert/strict";
import fc from "fast-check";
import { fundingOwed, indexDelta, isRateWithinCap, rateCap } from "../../risk/index.js";
import { ETH, ETH_USD, USDC } from "./markets.js";

const SEED = 0xf00d;

describe("risk/funding-math", () => {
  it("makes a long pay and a short receive 0.3 USDC per ETH for a 0.01% period at 3000", () => {
    const index = indexDelta(100_000n, 3000n * USDC);
    assert.equal(fundingOwed({ size: ETH, costBasis: 0n, fundingIndex: 0n }, index, ETH), 300_000n);
    assert.equal(fundingOwed({ size: -ETH, costBasis: 0n, fundingIndex: 0n }, index, ETH), -300_000n);
  });

  it("makes shorts pay longs when the rate is negative", () => {
    const index = indexDelta(-100_000n, 3000n * USDC);
    assert.equal(fundingOwed({ size: -ETH, costBasis: 0n, fundingIndex: 0n }, index, ETH), 300_000n);
  });

  it("charges only the periods since the position's own index", () => {
    const first = indexDelta(100_000n, 3000n * USDC);
    const second = first + indexDelta(100_000n, 2000n * USDC);
    assert.equal(fundingOwed({ size: ETH, costBasis: 0n, fundingIndex: first }, second, ETH), 200_000n);
  });

  it("rounds what a holder owes up and what it receives down", () => {
    // One base unit of ETH over a 0.01% period at 3000 USDC: 3e-13 quote units.
    const index = indexDelta(100_000n, 3000n * USDC);
    assert.equal(fundingOwed({ size: 1n, costBasis: 0n, fundingIndex: 0n }, index, ETH), 1n);
    assert.equal(fundingOwed({ size: -1n, costBasis: 0n, fundingIndex: 0n }, index, ETH), 0n);
  });

  it("caps the rate per period at IMF − MMF (5% at 10%/5%)", () => {
    assert.equal(rateCap(ETH_USD), 50_000_000n);
    assert.equal(isRateWithinCap(-50_000_000n, ETH_USD), true);
    assert.equal(isRateWithinCap(50_000_001n, ETH_USD), false);
  });

  it("never pays out more than it collects: longs and shorts of equal open interest sum to 0 or the system's gain", () => {
    const size = fc.bigInt({ min: 1n, max: 1n << 90n });
    fc.assert(
      fc.property(
        fc.array(size, { minLength: 1, maxLength: 4 }),
        fc.array(size, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 1n << 90n })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.bigInt({ min: 1n, max: 1n << 64n }),
        (longs, shorts, periods, baseUnit) => {
          // Make the two sides equal: the last short takes up the difference (or another long does).
          const longTotal = longs.reduce((a, b) => a + b, 0n);
          const shortTotal = shorts.reduce((a, b) => a + b, 0n);
          const sizes = [...longs, ...shorts.map((s) => -s)];
          if (longTotal > shortTotal) sizes.push(shortTotal - longTotal);
          if (shortTotal > longTotal) sizes.push(shortTotal - longTotal);
          const index = periods.reduce((sum, [rate, price]) => sum + indexDelta(rate, price), 0n);
          const collected = sizes.reduce(
            (sum, size) => sum + fundingOwed({ size, costBasis: 0n, fundingIndex: 0n }, index, baseUnit),
            0n,
          );
          assert.ok(collected >= 0n, `funding paid out ${-collected} more than it collected`);
          assert.ok(collected < BigInt(sizes.length), "each position rounds by less than one unit");
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
