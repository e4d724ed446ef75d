/** Self-trade prevention: the incoming order's mode decides; a maker never trades with itself. */
import assert from "node:assert/strict";
import { it } from "mocha";
import { SelfTrade, TimeInForce } from "../../engine/index.js";
import { buy, describeOnEachBook, fills, only, sell, type Harness } from "./helpers.js";

/** `h`'s book once owner 1 sold 3 @ 101 (id 1), then owner 7 sold 4 @ 101 (id 2). */
function bookWithOwnOrderFirst(h: Harness): Harness {
  h.run(sell(1, 3, 101, { owner: 1 }), sell(2, 4, 101, { owner: 7 }));
  return h;
}

const cancels = (events: ReturnType<Harness["run"]>) =>
  only(events, "cancelled").map((c) => [c.id, c.qty, c.remaining, c.reason]);

describeOnEachBook("engine: self-trade prevention", (harness) => {
  it("cancel taker: the incoming order is cancelled, the resting one stays", () => {
    const h = bookWithOwnOrderFirst(harness());
    const events = h.run(buy(3, 5, 101, { owner: 1, stp: SelfTrade.CancelTaker }));
    assert.deepEqual(fills(events), []);
    assert.deepEqual(cancels(events), [[3, 5, 0, "self-trade"]]);
    assert.deepEqual(h.book(), { bids: [], asks: [[101, 7]] });
  });

  it("cancel maker: the resting order is cancelled and matching goes on", () => {
    const h = bookWithOwnOrderFirst(harness());
    const events = h.run(buy(3, 5, 101, { owner: 1, stp: SelfTrade.CancelMaker }));
    assert.deepEqual(cancels(events), [[1, 3, 0, "self-trade"]]);
    assert.deepEqual(fills(events), [[2, 3, 101, 4]]);
    assert.deepEqual(h.book(), { bids: [[101, 1]], asks: [] });
  });

  it("cancel both: both orders are cancelled", () => {
    const h = bookWithOwnOrderFirst(harness());
    const events = h.run(buy(3, 5, 101, { owner: 1, stp: SelfTrade.CancelBoth }));
    assert.deepEqual(cancels(events), [
      [1, 3, 0, "self-trade"],
      [3, 5, 0, "self-trade"],
    ]);
    assert.deepEqual(fills(events), []);
    assert.deepEqual(h.book(), { bids: [], asks: [[101, 4]] });
  });

  it("decrement: both shrink by the overlap without trading, then matching goes on", () => {
    const h = bookWithOwnOrderFirst(harness());
    const events = h.run(buy(3, 5, 101, { owner: 1, stp: SelfTrade.Decrement }));
    assert.deepEqual(cancels(events), [
      [1, 3, 0, "self-trade"],
      [3, 3, 2, "self-trade"],
    ]);
    assert.deepEqual(fills(events), [[2, 3, 101, 2]]);
    assert.deepEqual(h.book(), { bids: [], asks: [[101, 2]] });
  });

  it("decrement leaves the larger resting order in place with its priority", () => {
    const h = harness();
    h.run(sell(1, 10, 101, { owner: 1 }), sell(2, 4, 101, { owner: 7 }));
    const events = h.run(buy(3, 4, 101, { owner: 1, stp: SelfTrade.Decrement }));
    assert.deepEqual(cancels(events), [
      [1, 4, 6, "self-trade"],
      [3, 4, 0, "self-trade"],
    ]);
    assert.deepEqual(h.book(), { bids: [], asks: [[101, 10]] });
    assert.deepEqual(fills(h.run(buy(4, 6, 101, { owner: 9 }))), [[1, 4, 101, 6]]);
  });

  it("IOC with cancel maker takes what others offer after removing its own orders", () => {
    const h = bookWithOwnOrderFirst(harness());
    const events = h.run(buy(3, 9, 101, { owner: 1, stp: SelfTrade.CancelMaker, tif: TimeInForce.IOC }));
    assert.deepEqual(fills(events), [[2, 3, 101, 4]]);
    assert.deepEqual(events.at(-1), { type: "cancelled", market: 1, id: 3, reason: "unfilled", qty: 5, remaining: 0 });
  });

  it("never produces a fill between two orders of the same owner", () => {
    for (const stp of [SelfTrade.CancelTaker, SelfTrade.CancelMaker, SelfTrade.CancelBoth, SelfTrade.Decrement]) {
      const h = bookWithOwnOrderFirst(harness());
      for (const f of only(h.run(buy(3, 9, 101, { owner: 1, stp })), "fill"))
        assert.notEqual(f.makerOwner, f.takerOwner);
    }
  });
});
