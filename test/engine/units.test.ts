/** Ticks and lots to token units: exact, and the contract's limit check agrees with the tick comparison. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import {
  fillRespectsLimit,
  fillToTokenAmounts,
  lotsToBase,
  lotsToQuote,
  orderToSignedAmounts,
  Side,
  type Lots,
  type Ticks,
} from "../../engine/index.js";
import { propertySettings } from "../support/command-stream.js";

const m = { lotSize: 10n ** 15n, tickSize: 10n ** 4n };

describe("engine: units", () => {
  it("moves q × lotSize base and q × p × tickSize quote for a fill of q lots at p ticks", () => {
    assert.equal(lotsToBase(m, 3 as Lots), 3n * 10n ** 15n);
    assert.equal(lotsToQuote(m, 3 as Lots, 2500 as Ticks), 3n * 2500n * 10n ** 4n);
  });

  it("charges each side in the token it receives, rounding down", () => {
    // Taker buys 3 lots at 2500: base 3e15, quote 75,000,000.
    const a = fillToTokenAmounts(m, {
      price: 2500 as Ticks,
      qty: 3 as Lots,
      takerSide: Side.Buy,
      makerFeeBps: 10,
      takerFeeBps: 25,
    });
    assert.deepEqual(a, { base: 3n * 10n ** 15n, quote: 75_000_000n, makerFee: 75_000n, takerFee: 75n * 10n ** 11n });
    const b = fillToTokenAmounts(
      { lotSize: 7n, tickSize: 3n },
      { price: 11 as Ticks, qty: 1 as Lots, takerSide: Side.Sell, makerFeeBps: 9999, takerFeeBps: 0 },
    );
    assert.deepEqual(b, { base: 7n, quote: 33n, makerFee: 6n, takerFee: 0n }); // floor(7 × 9999 / 10000) = 6
  });

  it("a fill at p ticks passes the contract's cross-multiplied limit check iff p is within the limit (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (size, limit, qty, price, lotSize, tickSize) => {
          const market = { lotSize, tickSize };
          const order = orderToSignedAmounts(market, size as Lots, limit as Ticks);
          const fill = {
            base: lotsToBase(market, qty as Lots),
            quote: lotsToQuote(market, qty as Lots, price as Ticks),
          };
          assert.equal(fillRespectsLimit(Side.Buy, order, fill), price <= limit);
          assert.equal(fillRespectsLimit(Side.Sell, order, fill), price >= limit);
        },
      ),
      propertySettings(300),
    );
  });
});
