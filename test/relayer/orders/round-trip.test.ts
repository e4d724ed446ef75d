// The mapping is exact both ways: wire JSON → Order → engine command → token amounts gives back the signed
// amounts, and an order off the market's grid is refused, never rounded.
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { OrderKind, TimeInForce, type OrderId, type OwnerId } from "../../../engine/index.js";
import { UINT40_MAX } from "../../../protocol/index.js";
import { ApiError } from "../../../relayer/errors/index.js";
import { signedAmountsOf } from "../../../relayer/orders/from-engine.js";
import { toPlaceCommand } from "../../../relayer/orders/to-engine.js";
import { parseSignedOrder, toWireSignedOrder } from "../../../relayer/orders/wire.js";
import { intentFor, maker, marketOf, marketShape, signed } from "./arbitraries.js";
import { property, SIGNATURE } from "./fixtures.js";

const ctx = { id: 9 as OrderId, owner: 3 as OwnerId };

// Lots up to 2^70 base units and ticks up to 2^44 quote units: with up to 2^53 lots at up to 2^26 ticks every signed
// amount stays below 2^123, so the whole engine range is covered without leaving uint128.
const shapes = marketShape({ lotBits: 70, tickBits: 44, maxPriceTicks: 1 << 26 });

const validCase = shapes.chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    intentFor(shape, {
      maxSize: Number.MAX_SAFE_INTEGER,
      stops: true,
      expiry: fc.bigInt({ min: 0n, max: UINT40_MAX }),
    }),
    maker,
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  ),
);

describe("relayer/orders: the mapping round-trips exactly", () => {
  it("wire → Order → place command keeps every field, and the command's token amounts are the signed ones (property)", () => {
    fc.assert(
      fc.property(validCase, ([shape, intent, owner, nonce]) => {
        const market = marketOf(shape);
        const order = signed(market, intent, owner, nonce);
        const parsed = parseSignedOrder(JSON.parse(JSON.stringify(toWireSignedOrder({ order, signature: SIGNATURE }))));
        assert.deepEqual(parsed.order, order);

        const cmd = toPlaceCommand(market, parsed, ctx);
        const stop = intent.stopPrice !== 0;
        const rests = intent.timeInForce === 0;
        assert.deepEqual(cmd, {
          type: "place",
          market: 1,
          id: 9,
          owner: 3,
          side: intent.side,
          kind: stop
            ? rests
              ? OrderKind.StopLimit
              : OrderKind.StopMarket
            : rests
              ? OrderKind.Limit
              : OrderKind.Market,
          price: intent.price,
          size: intent.size,
          tif: rests && intent.expiry !== 0n ? TimeInForce.GTD : intent.timeInForce,
          expiry: Number(intent.expiry),
          postOnly: intent.postOnly,
          stopPrice: intent.stopPrice,
          stp: intent.selfTradePrevention,
          maxFeeBps: order.maxFeeBps,
        });
        assert.deepEqual(signedAmountsOf(market, cmd), {
          baseAmount: order.baseAmount,
          quoteAmount: order.quoteAmount,
          triggerQuoteAmount: order.triggerQuoteAmount,
        });
      }),
      property(400),
    );
  });

  it("never rounds: amounts near the grid either map to a command that signs exactly them, or are refused with 422 (property)", () => {
    const nearGrid = shapes.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        intentFor(shape, { maxSize: 1000, stops: true }),
        fc.bigInt({ min: -2n, max: 2n }),
        fc.bigInt({ min: -2n, max: 2n }),
        fc.bigInt({ min: -2n, max: 2n }),
      ),
    );
    fc.assert(
      fc.property(nearGrid, ([shape, intent, dBase, dQuote, dTrigger]) => {
        const market = marketOf(shape);
        const exact = signed(market, intent, "0x00000000000000000000000000000000000000a1", 0n);
        const order = {
          ...exact,
          baseAmount: exact.baseAmount + dBase > 0n ? exact.baseAmount + dBase : exact.baseAmount,
          quoteAmount: exact.quoteAmount + dQuote > 0n ? exact.quoteAmount + dQuote : exact.quoteAmount,
          triggerQuoteAmount: exact.triggerQuoteAmount === 0n ? 0n : exact.triggerQuoteAmount + dTrigger,
        };
        let cmd: ReturnType<typeof toPlaceCommand>;
        try {
          cmd = toPlaceCommand(market, { order }, ctx);
        } catch (error) {
          assert.ok(error instanceof ApiError && error.status === 422, String(error));
          return;
        }
        assert.deepEqual(signedAmountsOf(market, cmd), {
          baseAmount: order.baseAmount,
          quoteAmount: order.quoteAmount,
          triggerQuoteAmount: order.triggerQuoteAmount,
        });
      }),
      property(400),
    );
  });
});
