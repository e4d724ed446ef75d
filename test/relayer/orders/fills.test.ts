// Orders mapped by toPlaceCommand and matched by the real engine produce fills that settle(): for every fill, the
// token amounts from fromFill respect both signed limits (the contract's respectsLimit) and both fee caps
// (feeWithinCap), in continuous and auction markets.
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import {
  Engine,
  RecordingSink,
  type FillEvent,
  type OrderId,
  type OwnerId,
  type Seconds,
} from "../../../engine/index.js";
import { feeWithinCap, respectsLimit, Side, type Order } from "../../../protocol/index.js";
import { fillViolation, fromFill } from "../../../relayer/orders/from-engine.js";
import { toPlaceCommand } from "../../../relayer/orders/to-engine.js";
import { parseSignedOrder, toWireSignedOrder } from "../../../relayer/orders/wire.js";
import { intentFor, marketOf, marketShape, signed, type MarketShape, type OrderIntent } from "./arbitraries.js";
import { property, SIGNATURE } from "./fixtures.js";

// Few price levels so that orders cross; lot and tick sizes over 18 and 12 decimal digits.
const shapes = marketShape({ lotBits: 60, tickBits: 40, maxPriceTicks: 64 });

const makerAddress = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const;

/** Maps each intent through wire → Order → command, runs them in one engine, returns the fills and the orders. */
function run(
  shape: MarketShape,
  intents: OrderIntent[],
): { fills: FillEvent[]; orders: Order[]; market: ReturnType<typeof marketOf> } {
  const market = marketOf(shape);
  const sink = new RecordingSink();
  const engine = new Engine({ markets: [market.engine], sink });
  const orders = intents.map((intent, i) => signed(market, intent, makerAddress(i), BigInt(i)));
  orders.forEach((order, i) => {
    const wire = JSON.parse(JSON.stringify(toWireSignedOrder({ order, signature: SIGNATURE })));
    const cmd = toPlaceCommand(market, parseSignedOrder(wire), { id: (i + 1) as OrderId, owner: (i + 1) as OwnerId });
    engine.execute({ ...cmd, seq: i + 1, time: 1 as Seconds });
  });
  if (shape.mode === "auction")
    engine.execute({ type: "close-batch", seq: orders.length + 1, time: 1 as Seconds, market: market.engine.id });
  const fills = sink.take().filter((e): e is FillEvent => e.type === "fill");
  return { fills, orders, market };
}

function assertSettles(market: ReturnType<typeof marketOf>, fill: FillEvent, maker: Order, taker: Order): void {
  const amounts = fromFill(market, fill);
  assert.ok(amounts.base > 0n && amounts.quote > 0n);
  assert.ok(respectsLimit(maker, amounts.base, amounts.quote), "maker's limit");
  assert.ok(respectsLimit(taker, amounts.base, amounts.quote), "taker's limit");
  const received = (o: Order) => (o.side === Side.BUY ? amounts.base : amounts.quote);
  assert.ok(feeWithinCap(amounts.makerFee, received(maker), maker.maxFeeBps), "maker's fee cap");
  assert.ok(feeWithinCap(amounts.takerFee, received(taker), taker.maxFeeBps), "taker's fee cap");
  assert.equal(fillViolation(amounts, maker, taker), null);
}

describe("relayer/orders: fills of mapped orders settle", () => {
  it("a crossing buy and sell fill, and the fill respects both limits and both fee caps (property)", () => {
    const crossingPair = shapes.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        intentFor(shape, { maxSize: 50, stops: false }),
        intentFor(shape, { maxSize: 50, stops: false }),
      ),
    );
    fc.assert(
      fc.property(crossingPair, ([shape, a, b]) => {
        // The sell rests (GTC on an empty book, post-only or not); the buy crosses it at or above its price (GTC or
        // IOC: an FOK larger than the sell would rightly not trade).
        const resting: OrderIntent = { ...a, side: Side.SELL, timeInForce: 0, stopPrice: 0 };
        const tif = b.timeInForce === 2 ? 1 : b.timeInForce;
        const taker: OrderIntent = {
          ...b,
          side: Side.BUY,
          timeInForce: tif,
          price: Math.max(a.price, b.price),
          postOnly: false,
          stopPrice: 0,
        };
        const { fills, orders, market } = run(shape, [resting, taker]);
        assert.ok(fills.length >= 1, "crossing orders trade");
        for (const fill of fills) assertSettles(market, fill, orders[fill.makerId - 1], orders[fill.takerId - 1]);
      }),
      property(300),
    );
  });

  it("every fill of a random stream of mapped orders respects both limits and both fee caps (property)", () => {
    const total = { continuous: 0, auction: 0 };
    const stream = shapes.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.array(intentFor(shape, { maxSize: 40, stops: true }), { minLength: 2, maxLength: 16 }),
      ),
    );
    fc.assert(
      fc.property(stream, ([shape, intents]) => {
        const { fills, orders, market } = run(shape, intents);
        total[shape.mode] += fills.length;
        for (const fill of fills) assertSettles(market, fill, orders[fill.makerId - 1], orders[fill.takerId - 1]);
      }),
      property(300),
    );
    assert.ok(
      total.continuous > 100 && total.auction > 100,
      `both kinds of market trade (${JSON.stringify(total)} fills)`,
    );
  });

  it("fillViolation names a fill the contract would refuse", () => {
    // Both sign 10,000 base for 100,000 quote with a 10 bps fee cap: the buyer may pay 10 base, the seller 100 quote.
    const buy = { side: Side.BUY, baseAmount: 10_000n, quoteAmount: 100_000n, maxFeeBps: 10 } as Order;
    const sell = { side: Side.SELL, baseAmount: 10_000n, quoteAmount: 100_000n, maxFeeBps: 10 } as Order;
    const at = (quote: bigint, makerFee = 0n, takerFee = 0n) => ({ base: 10_000n, quote, makerFee, takerFee });
    assert.equal(fillViolation(at(100_000n, 100n, 10n), sell, buy), null);
    assert.equal(fillViolation(at(100_001n), sell, buy), "taker limit");
    assert.equal(fillViolation(at(99_999n), sell, buy), "maker limit");
    assert.equal(fillViolation(at(100_000n, 101n), sell, buy), "maker fee cap");
    assert.equal(fillViolation(at(100_000n, 0n, 11n), sell, buy), "taker fee cap");
    assert.equal(fillViolation(at(100_000n), buy, buy), "same side");
  });
});
