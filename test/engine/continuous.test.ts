/** Scenario tests for continuous matching: given this book, when this order arrives, then these fills and this book. */
import assert from "node:assert/strict";
import { it } from "mocha";
import { OrderKind, Side, TimeInForce } from "../../engine/index.js";
import { buy, cancel, describeOnEachBook, fills, market, only, sell } from "./helpers.js";

describeOnEachBook("engine: continuous matching", (harness) => {
  describe("limit good-till-cancel", () => {
    it("rests when it does not cross, and publishes the new level total", () => {
      const h = harness();
      const events = h.run(buy(1, 5, 100));
      assert.deepEqual(events, [
        { type: "accepted", market: 1, id: 1, owner: 1 },
        { type: "level", market: 1, side: Side.Buy, price: 100, total: 5 },
      ]);
      assert.deepEqual(h.book(), { bids: [[100, 5]], asks: [] });
    });

    it("trades at the resting order's price, best price first, then first come first served", () => {
      const h = harness();
      h.run(sell(1, 3, 102, { owner: 7 }), sell(2, 2, 101, { owner: 8 }), sell(3, 4, 101, { owner: 9 }));
      const events = h.run(buy(4, 8, 105));
      assert.deepEqual(fills(events), [
        [2, 4, 101, 2],
        [3, 4, 101, 4],
        [1, 4, 102, 2],
      ]);
      assert.deepEqual(
        only(events, "level").map((l) => [l.side, l.price, l.total]),
        [
          [Side.Sell, 101, 0],
          [Side.Sell, 102, 1],
        ],
      );
      assert.deepEqual(h.book(), { bids: [], asks: [[102, 1]] });
    });

    it("rests the remainder at its own limit after taking all it can", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }));
      const events = h.run(buy(2, 5, 102));
      assert.deepEqual(fills(events), [[1, 2, 101, 3]]);
      assert.deepEqual(h.book(), { bids: [[102, 2]], asks: [] });
    });

    it("charges the market's maker and taker fee rates on each fill", () => {
      const h = harness();
      h.run(sell(1, 1, 101, { owner: 7 }));
      const [fill] = only(h.run(buy(2, 1, 101)), "fill");
      assert.equal(fill.makerFeeBps, 10);
      assert.equal(fill.takerFeeBps, 20);
      assert.equal(fill.takerSide, Side.Buy);
    });

    it("is cancelled by its owner, and the level total drops", () => {
      const h = harness();
      h.run(buy(1, 5, 100), buy(2, 4, 100));
      assert.deepEqual(h.run(cancel(1, { owner: 1 })), [
        { type: "cancelled", market: 1, id: 1, reason: "user", qty: 5, remaining: 0 },
        { type: "level", market: 1, side: Side.Buy, price: 100, total: 4 },
      ]);
    });

    it("rejects a cancel from another owner and a cancel of an unknown order", () => {
      const h = harness();
      h.run(buy(1, 5, 100));
      assert.deepEqual(h.run(cancel(1, { owner: 2 })), [{ type: "rejected", market: 1, id: 1, reason: "not-owner" }]);
      assert.deepEqual(h.run(cancel(9)), [{ type: "rejected", market: 1, id: 9, reason: "unknown-order" }]);
    });
  });

  describe("good-till-date", () => {
    it("expires when a command's time reaches its expiry, and never fills after", () => {
      const h = harness();
      h.run(sell(1, 5, 101, { owner: 7, tif: TimeInForce.GTD, expiry: 1010 }));
      const events = h.run(buy(2, 5, 101, { time: 1010 }));
      assert.deepEqual(events.slice(0, 2), [
        { type: "expired", market: 1, id: 1, qty: 5 },
        { type: "level", market: 1, side: Side.Sell, price: 101, total: 0 },
      ]);
      assert.deepEqual(fills(events), []);
      assert.deepEqual(h.book(), { bids: [[101, 5]], asks: [] });
    });

    it("expires on an expire command too", () => {
      const h = harness();
      h.run(sell(1, 5, 101, { tif: TimeInForce.GTD, expiry: 1010 }));
      assert.deepEqual(only(h.run({ type: "expire", seq: 99, time: 1011 as never }), "expired"), [
        { type: "expired", market: 1, id: 1, qty: 5 },
      ]);
    });

    it("is rejected when it has no expiry or is already expired", () => {
      const h = harness();
      assert.equal(only(h.run(buy(1, 1, 100, { tif: TimeInForce.GTD })), "rejected")[0].reason, "invalid-expiry");
      assert.equal(only(h.run(buy(2, 1, 100, { expiry: 1000 })), "rejected")[0].reason, "already-expired");
    });
  });

  describe("immediate-or-cancel", () => {
    it("takes what it can and cancels the rest", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }));
      const events = h.run(buy(2, 5, 101, { tif: TimeInForce.IOC }));
      assert.deepEqual(fills(events), [[1, 2, 101, 3]]);
      assert.deepEqual(events.at(-1), {
        type: "cancelled",
        market: 1,
        id: 2,
        reason: "unfilled",
        qty: 2,
        remaining: 0,
      });
      assert.deepEqual(h.book(), { bids: [], asks: [] });
    });
  });

  describe("fill-or-kill", () => {
    it("fills completely when the liquidity at or better than its limit suffices", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }), sell(2, 3, 102, { owner: 7 }));
      assert.deepEqual(fills(h.run(buy(3, 5, 102, { tif: TimeInForce.FOK }))), [
        [1, 3, 101, 3],
        [2, 3, 102, 2],
      ]);
    });

    it("is cancelled whole, touching nothing, when it does not", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }), sell(2, 3, 103, { owner: 7 }));
      assert.deepEqual(h.run(buy(3, 5, 102, { tif: TimeInForce.FOK })), [
        { type: "accepted", market: 1, id: 3, owner: 1 },
        { type: "cancelled", market: 1, id: 3, reason: "fok-unfilled", qty: 5, remaining: 0 },
      ]);
      assert.deepEqual(h.book(), {
        bids: [],
        asks: [
          [101, 3],
          [103, 3],
        ],
      });
    });

    it("does not count the owner's own resting orders as liquidity", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 1 }), sell(2, 3, 101, { owner: 7 }));
      const events = h.run(buy(3, 5, 101, { tif: TimeInForce.FOK }));
      assert.equal(only(events, "cancelled")[0].reason, "fok-unfilled");
    });
  });

  describe("post-only", () => {
    it("rests when it would not take", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }));
      h.run(buy(2, 3, 100, { postOnly: true }));
      assert.deepEqual(h.book(), { bids: [[100, 3]], asks: [[101, 3]] });
    });

    it("is rejected when it would take", () => {
      const h = harness();
      h.run(sell(1, 3, 101, { owner: 7 }));
      assert.deepEqual(h.run(buy(2, 3, 101, { postOnly: true })), [
        { type: "rejected", market: 1, id: 2, reason: "post-only-would-take" },
      ]);
    });

    it("is not allowed with IOC, FOK or market orders", () => {
      const h = harness();
      const reason = (events: ReturnType<typeof h.run>) => only(events, "rejected")[0].reason;
      assert.equal(reason(h.run(buy(1, 1, 100, { postOnly: true, tif: TimeInForce.IOC }))), "post-only-not-allowed");
      assert.equal(
        reason(h.run(buy(2, 1, 100, { postOnly: true, kind: OrderKind.Market, tif: TimeInForce.IOC }))),
        "post-only-not-allowed",
      );
    });
  });

  describe("market orders", () => {
    it("take liquidity up to their protective worst price, then cancel the rest", () => {
      const h = harness();
      h.run(sell(1, 2, 101, { owner: 7 }), sell(2, 2, 110, { owner: 7 }));
      const events = h.run(buy(3, 5, 105, { kind: OrderKind.Market, tif: TimeInForce.IOC }));
      assert.deepEqual(fills(events), [[1, 3, 101, 2]]);
      assert.equal(only(events, "cancelled")[0].qty, 3);
      assert.deepEqual(h.book(), { bids: [], asks: [[110, 2]] });
    });

    it("must be IOC or FOK", () => {
      const h = harness();
      assert.equal(
        only(h.run(buy(1, 1, 100, { kind: OrderKind.Market })), "rejected")[0].reason,
        "invalid-time-in-force",
      );
    });
  });

  describe("admission", () => {
    it("rejects a fee cap below the rate the order could be charged", () => {
      const h = harness(); // maker 10 bps, taker 20 bps
      const reason = (events: ReturnType<typeof h.run>) => only(events, "rejected")[0]?.reason;
      assert.equal(reason(h.run(buy(1, 1, 100, { maxFeeBps: 15 }))), "fee-cap-exceeded");
      assert.equal(reason(h.run(buy(2, 1, 100, { maxFeeBps: 10, postOnly: true }))), undefined);
      assert.equal(reason(h.run(buy(3, 1, 100, { maxFeeBps: 19, tif: TimeInForce.IOC }))), "fee-cap-exceeded");
      assert.equal(reason(h.run(buy(4, 1, 100, { maxFeeBps: 20 }))), undefined);
    });

    it("asks the risk hook, and rejects what the owner cannot afford", () => {
      const asked: unknown[] = [];
      const h = harness({
        risk: (_m, owner, side, price, size) => (asked.push([owner, side, price, size]), owner !== 2),
      });
      assert.deepEqual(h.run(buy(1, 4, 100, { owner: 2 })), [
        { type: "rejected", market: 1, id: 1, reason: "risk-rejected" },
      ]);
      assert.equal(only(h.run(buy(2, 4, 100, { owner: 3 })), "accepted").length, 1);
      assert.deepEqual(asked, [
        [2, Side.Buy, 100, 4],
        [3, Side.Buy, 100, 4],
      ]);
    });

    it("rejects bad prices, sizes, ids, duplicates and unknown markets with their reason", () => {
      const h = harness();
      const reason = (events: ReturnType<typeof h.run>) => only(events, "rejected")[0]?.reason;
      assert.equal(reason(h.run(buy(1, 1, 0))), "invalid-price");
      assert.equal(reason(h.run(buy(1, 1, 1001))), "invalid-price");
      assert.equal(reason(h.run(buy(1, 1, 100.5))), "invalid-price");
      assert.equal(reason(h.run(buy(1, 0, 100))), "invalid-size");
      assert.equal(reason(h.run(buy(-1, 1, 100))), "invalid-id");
      assert.equal(reason(h.run(buy(1, 1, 100, { stp: 9 }))), "invalid-self-trade-mode");
      assert.equal(reason(h.run(buy(1, 1, 100, { market: 42 }))), "unknown-market");
      h.run(buy(1, 1, 100));
      assert.equal(reason(h.run(buy(1, 1, 99))), "duplicate-id");
    });

    it("rejects orders below the market's minimum size", () => {
      const h = harness({ markets: [market({ minSize: 5 as never })] });
      assert.equal(only(h.run(buy(1, 4, 100)), "rejected")[0].reason, "below-min-size");
      assert.equal(only(h.run(buy(2, 5, 100)), "accepted").length, 1);
    });
  });

  describe("cancel-all", () => {
    it("cancels the owner's orders in the order they rested, and nobody else's", () => {
      const h = harness();
      h.run(buy(1, 1, 99), sell(2, 1, 105, { owner: 2 }), sell(3, 1, 104), buy(4, 1, 98));
      const events = h.run({ type: "cancel-all", seq: 50, time: 1000 as never, owner: 1 as never });
      assert.deepEqual(
        only(events, "cancelled").map((c) => [c.id, c.reason]),
        [
          [1, "cancel-all"],
          [3, "cancel-all"],
          [4, "cancel-all"],
        ],
      );
      assert.deepEqual(h.book(), { bids: [], asks: [[105, 1]] });
    });
  });
});
