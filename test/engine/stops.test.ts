/** Stop-limit and stop-market orders, triggered by the last trade price. */
import assert from "node:assert/strict";
import { it } from "mocha";
import { OrderKind, TimeInForce } from "../../engine/index.js";
import { buy, cancel, describeOnEachBook, fills, only, sell, type Harness } from "./helpers.js";

/** `h`'s book once it traded last at 100, with asks at 101 and 103 and bids at 98 and 96. */
function tradedAt100(h: Harness): Harness {
  h.run(sell(1, 1, 100, { owner: 7 }), buy(2, 1, 100, { owner: 8 }));
  h.run(
    sell(3, 2, 101, { owner: 7 }),
    sell(4, 5, 103, { owner: 7 }),
    buy(5, 2, 98, { owner: 8 }),
    buy(6, 5, 96, { owner: 8 }),
  );
  return h;
}

describeOnEachBook("engine: stop orders", (harness) => {
  it("a stop waits off the book until a trade reaches its stop price", () => {
    const h = tradedAt100(harness());
    const events = h.run(buy(10, 4, 103, { kind: OrderKind.StopLimit, stopPrice: 101, owner: 3 }));
    assert.deepEqual(events, [{ type: "accepted", market: 1, id: 10, owner: 3 }]);
    assert.deepEqual(h.book().bids, [
      [98, 2],
      [96, 5],
    ]);
  });

  it("a buy stop-limit triggers when a trade prints at or above its stop, then trades as a limit order", () => {
    const h = tradedAt100(harness());
    h.run(buy(10, 4, 103, { kind: OrderKind.StopLimit, stopPrice: 101, owner: 3 }));
    const events = h.run(buy(11, 1, 101, { owner: 9 }));
    assert.deepEqual(fills(events), [
      [3, 11, 101, 1],
      [3, 10, 101, 1],
      [4, 10, 103, 3],
    ]);
    assert.ok(events.some((e) => e.type === "triggered" && e.id === 10));
    assert.deepEqual(h.book().asks, [[103, 2]]);
  });

  it("a sell stop-market triggers when a trade prints at or below its stop, as IOC with its worst price", () => {
    const h = tradedAt100(harness());
    h.run(sell(10, 6, 97, { kind: OrderKind.StopMarket, tif: TimeInForce.IOC, stopPrice: 98, owner: 3 }));
    const events = h.run(sell(11, 1, 98, { owner: 9 }));
    assert.deepEqual(fills(events), [
      [5, 11, 98, 1],
      [5, 10, 98, 1],
    ]);
    assert.deepEqual(events.at(-1), { type: "cancelled", market: 1, id: 10, reason: "unfilled", qty: 5, remaining: 0 });
  });

  it("triggered stops cascade: the trades of one can trigger the next, in arrival order", () => {
    const h = tradedAt100(harness()); // asks: 2 @ 101, 5 @ 103
    h.run(buy(10, 2, 101, { kind: OrderKind.StopLimit, stopPrice: 101, owner: 3 }));
    h.run(buy(12, 1, 103, { kind: OrderKind.StopLimit, stopPrice: 103, owner: 4 }));
    h.run(buy(11, 5, 103, { kind: OrderKind.StopLimit, stopPrice: 101, owner: 3 }));
    assert.equal(only(h.run(sell(13, 1, 98, { owner: 9 })), "triggered").length, 0); // a trade at 98 triggers no buy stop
    // A trade at 101 triggers 10 and 11 (arrival order); 11 buys at 103, which triggers 12.
    const events = h.run(buy(15, 1, 101, { owner: 9 }));
    assert.deepEqual(
      only(events, "triggered").map((t) => t.id),
      [10, 11, 12],
    );
    assert.deepEqual(fills(events), [
      [3, 15, 101, 1],
      [3, 10, 101, 1],
      [4, 11, 103, 5],
    ]);
    assert.deepEqual(h.book().bids, [
      [103, 1],
      [101, 1],
      [98, 1],
      [96, 5],
    ]);
  });

  it("is rejected if it would trigger at once", () => {
    const h = tradedAt100(harness());
    assert.deepEqual(h.run(buy(10, 1, 105, { kind: OrderKind.StopLimit, stopPrice: 100 })), [
      { type: "rejected", market: 1, id: 10, reason: "stop-would-trigger" },
    ]);
  });

  it("can be cancelled while it waits", () => {
    const h = tradedAt100(harness());
    h.run(buy(10, 4, 103, { kind: OrderKind.StopLimit, stopPrice: 101 }));
    assert.deepEqual(h.run(cancel(10)), [
      { type: "cancelled", market: 1, id: 10, reason: "user", qty: 4, remaining: 0 },
    ]);
    assert.equal(h.engine.hasOrder(1 as never, 10 as never), false);
  });

  it("expires while it waits", () => {
    const h = tradedAt100(harness());
    h.run(buy(10, 4, 103, { kind: OrderKind.StopLimit, stopPrice: 101, tif: TimeInForce.GTD, expiry: 1005 }));
    assert.deepEqual(h.run({ type: "expire", seq: 99, time: 1005 as never }), [
      { type: "expired", market: 1, id: 10, qty: 4 },
    ]);
  });

  it("needs a stop price, and only stop kinds may have one", () => {
    const h = harness();
    const reason = (events: ReturnType<typeof h.run>) => only(events, "rejected")[0]?.reason;
    assert.equal(reason(h.run(buy(1, 1, 100, { kind: OrderKind.StopLimit }))), "invalid-stop-price");
    assert.equal(reason(h.run(buy(2, 1, 100, { stopPrice: 100 }))), "invalid-stop-price");
  });
});
