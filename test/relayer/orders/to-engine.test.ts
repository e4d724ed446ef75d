// A signed order → the engine's place command: exact lots and ticks, the enums, and a 422 with its code for every
// order that does not fit its market.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { OrderKind, TimeInForce, type OrderId, type OwnerId } from "../../../engine/index.js";
import type { Order } from "../../../protocol/index.js";
import { toResponseBody, type ApiErrorCode } from "../../../relayer/errors/index.js";
import { toPlaceCommand, type PlaceContext } from "../../../relayer/orders/to-engine.js";
import { parseSignedOrder } from "../../../relayer/orders/wire.js";
import { throwsApiError } from "./assert-api-error.js";
import { MAKER, USDC, wireOrderBody } from "./fixtures.js";
import { registry, WBTC } from "../markets/markets-fixture.js";

const markets = registry();
const weth = markets.byId("WETH-USDC")!;
const wbtc = markets.byId("WBTC-USDC")!;
const ctx: PlaceContext = { id: 41 as OrderId, owner: 7 as OwnerId };

/** The fixture order (buy 1 WETH for at most 3,000 USDC: 1,000 lots at 3,000 ticks) with some fields changed. */
function order(fields: Record<string, unknown> = {}): { order: Order } {
  return parseSignedOrder(wireOrderBody(fields));
}

const place = (fields: Record<string, unknown> = {}, context: PlaceContext = ctx) =>
  toPlaceCommand(weth, order(fields), context);

describe("relayer/orders: signed order → engine place command", () => {
  it("maps the signing example to 1,000 lots at 3,000 ticks, GTC limit, every other field passed through", () => {
    assert.deepEqual(place(), {
      type: "place",
      market: 1,
      id: 41,
      owner: 7,
      side: 0,
      kind: OrderKind.Limit,
      price: 3000,
      size: 1000,
      tif: TimeInForce.GTC,
      expiry: 0,
      postOnly: false,
      stopPrice: 0,
      stp: 0,
      maxFeeBps: 30,
    });
  });

  it("maps a sell the same way, with its side", () => {
    assert.equal(place({ side: 1 }).side, 1);
  });

  it("makes GTC with an expiry the engine's GTD, and passes the expiry through", () => {
    const cmd = place({ expiry: "1700003600" });
    assert.deepEqual([cmd.tif, cmd.expiry], [TimeInForce.GTD, 1_700_003_600]);
  });

  it("reads IOC and FOK as market orders whose limit is the worst price", () => {
    assert.deepEqual(
      [1, 2].map((tif) => place({ timeInForce: tif })).map((c) => [c.kind, c.tif, c.price]),
      [
        [OrderKind.Market, TimeInForce.IOC, 3000],
        [OrderKind.Market, TimeInForce.FOK, 3000],
      ],
    );
  });

  it("makes an order with a trigger a stop: stop-limit when GTC, stop-market when IOC, trigger in ticks", () => {
    const limit = place({ triggerQuoteAmount: "2900000000" });
    assert.deepEqual([limit.kind, limit.stopPrice, limit.price], [OrderKind.StopLimit, 2900, 3000]);
    const market = place({ triggerQuoteAmount: "3100000000", timeInForce: 1 });
    assert.deepEqual([market.kind, market.stopPrice, market.tif], [OrderKind.StopMarket, 3100, TimeInForce.IOC]);
  });

  it("maps the post-only flag and each self-trade prevention mode", () => {
    assert.equal(place({ flags: 1, maxFeeBps: 10 }).postOnly, true);
    assert.deepEqual(
      [0, 1, 2, 3].map((stp) => place({ selfTradePrevention: stp }).stp),
      [0, 1, 2, 3],
    );
  });

  const refusals: [what: string, fields: Record<string, unknown>, code: ApiErrorCode, field: string | undefined][] = [
    ["a size that is not whole lots", { baseAmount: "1000000000000000001" }, "OFF_LOT", "order.baseAmount"],
    [
      "a size below the market's minimum of 10 lots",
      { baseAmount: "9000000000000000", quoteAmount: "27000000" },
      "BELOW_MINIMUM",
      "order.baseAmount",
    ],
    ["a quote amount one unit off a tick", { quoteAmount: "3000000001" }, "OFF_TICK", "order.quoteAmount"],
    ["a price between two ticks", { quoteAmount: "3000500000" }, "OFF_TICK", "order.quoteAmount"],
    ["a quote amount below one tick for the size", { quoteAmount: "999999" }, "OFF_TICK", "order.quoteAmount"],
    ["a trigger off a tick", { triggerQuoteAmount: "2900000001" }, "OFF_TICK", "order.triggerQuoteAmount"],
    [
      "a price above the market's highest tick",
      { quoteAmount: (1000n * 1_000_001n * 1000n).toString() },
      "PRICE_OUT_OF_RANGE",
      "order.quoteAmount",
    ],
    [
      "a trigger above the market's highest tick",
      { triggerQuoteAmount: (1000n * 1_000_001n * 1000n).toString() },
      "PRICE_OUT_OF_RANGE",
      "order.triggerQuoteAmount",
    ],
    ["a fee cap below the taker rate a resting order can pay", { maxFeeBps: 19 }, "FEE_CAP_TOO_LOW", "order.maxFeeBps"],
    ["an IOC fee cap below the taker rate", { maxFeeBps: 19, timeInForce: 1 }, "FEE_CAP_TOO_LOW", "order.maxFeeBps"],
    ["a post-only fee cap below the maker rate", { maxFeeBps: 9, flags: 1 }, "FEE_CAP_TOO_LOW", "order.maxFeeBps"],
    ["a post-only IOC order", { flags: 1, timeInForce: 1 }, "POST_ONLY_NOT_ALLOWED", "order.flags"],
    ["an order for another market's tokens", { baseToken: WBTC }, "UNKNOWN_MARKET", undefined],
  ];
  for (const [what, fields, code, field] of refusals) {
    it(`answers 422 ${code} for ${what}`, () => {
      const error = throwsApiError(() => place(fields), code, 422, field);
      const body = toResponseBody(error);
      assert.deepEqual(
        Object.keys(body).sort(),
        field === undefined ? ["code", "message"] : ["code", "field", "message"],
      );
    });
  }

  it("accepts the exact fee rates: maker rate for post-only, taker rate for IOC, the higher one for GTC", () => {
    assert.equal(place({ flags: 1, maxFeeBps: 10 }).maxFeeBps, 10);
    assert.equal(place({ timeInForce: 1, maxFeeBps: 20 }).maxFeeBps, 20);
    assert.equal(place({ maxFeeBps: 20 }).maxFeeBps, 20);
  });

  it("answers 422 SIZE_OUT_OF_RANGE for more lots than the engine can count (2^53)", () => {
    const lots = 2n ** 53n;
    const signed = order({
      baseToken: WBTC,
      baseAmount: (lots * 10_000n).toString(),
      quoteAmount: (lots * 10n).toString(),
      maxFeeBps: 5,
    });
    throwsApiError(() => toPlaceCommand(wbtc, signed, ctx), "SIZE_OUT_OF_RANGE", 422, "order.baseAmount");
    const largest = order({
      baseToken: WBTC,
      baseAmount: ((lots - 1n) * 10_000n).toString(),
      quoteAmount: ((lots - 1n) * 10n).toString(),
      maxFeeBps: 5,
    });
    assert.equal(toPlaceCommand(wbtc, largest, ctx).size, Number.MAX_SAFE_INTEGER);
  });

  it("answers 422 NOT_SUPPORTED_IN_AUCTION for stop and fill-or-kill orders in an auction market", () => {
    const base = { baseToken: WBTC, baseAmount: "100000000", quoteAmount: "6000000000", maxFeeBps: 5 };
    assert.equal(toPlaceCommand(wbtc, order(base), ctx).price, 60_000);
    throwsApiError(
      () => toPlaceCommand(wbtc, order({ ...base, triggerQuoteAmount: "5000000000" }), ctx),
      "NOT_SUPPORTED_IN_AUCTION",
      422,
      undefined,
    );
    throwsApiError(
      () => toPlaceCommand(wbtc, order({ ...base, timeInForce: 2 }), ctx),
      "NOT_SUPPORTED_IN_AUCTION",
      422,
      undefined,
    );
  });

  it("answers 422 EXPIRED when told the time and the expiry has passed (the engine's rule: expiry ≤ now)", () => {
    throwsApiError(
      () => place({ expiry: "1700000000" }, { ...ctx, now: 1_700_000_000 }),
      "EXPIRED",
      422,
      "order.expiry",
    );
    assert.equal(place({ expiry: "1700000001" }, { ...ctx, now: 1_700_000_000 }).expiry, 1_700_000_001);
  });

  it("finds the market from the order's tokens, or answers 422 UNKNOWN_MARKET for an unlisted pair", () => {
    assert.equal(markets.forOrder(order().order).id, "WETH-USDC");
    throwsApiError(
      () => markets.forOrder(order({ baseToken: USDC, quoteToken: MAKER }).order),
      "UNKNOWN_MARKET",
      422,
      undefined,
    );
  });
});
