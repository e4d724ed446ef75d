/** The SDK's price conversion on `npm start`'s market: lot 0.001 WETH, tick 0.01 USDC per WETH. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { OrderBuildError, priceToTicks, ticksToPrice } from "../../../relayer/client/index.js";
import { MarketRegistry } from "../../../relayer/markets/markets.js";
import { demoMarkets } from "../../../scripts/start/demo-market.js";

const [wethUsdc] = MarketRegistry.fromConfig(
  demoMarkets({
    WETH: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
    USDC: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0",
  }),
).infoView();

describe("SDK: prices in quote per base token and in ticks", () => {
  it("puts 3000 USDC per WETH at 300,000 ticks, a lot costing 3 USDC", () => {
    assert.equal(priceToTicks(wethUsdc, "3000"), 300_000n);
    assert.equal(300_000n * BigInt(wethUsdc.tickSize), 3_000_000n); // 3 USDC (6 decimals) per 0.001 WETH
    assert.equal(priceToTicks(wethUsdc, "2999.95"), 299_995n);
    assert.equal(priceToTicks(wethUsdc, "0.01"), 1n);
  });

  it("reads ticks back as the same decimal price", () => {
    for (const price of ["3000", "2999.95", "0.01", "100000"])
      assert.equal(ticksToPrice(wethUsdc, priceToTicks(wethUsdc, price)), price);
  });

  it("refuses a price between two ticks, or one that is not a plain decimal, instead of rounding it", () => {
    for (const price of ["3000.005", "1e3", "-1", "", "30,00", "0.0000001"]) {
      assert.throws(
        () => priceToTicks(wethUsdc, price),
        (e: unknown) => e instanceof OrderBuildError && e.field === "price",
        price,
      );
    }
  });
});
