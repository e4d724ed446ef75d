/** Frequent batch auctions: the clearing rule, its tie-breaks, allocation, and batches in the engine. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import {
  clearAuction,
  clearingPrice,
  demandSupply,
  OrderKind,
  Side,
  TimeInForce,
  type AuctionOrder,
} from "../../engine/index.js";
import { buy, fills, harness, market, only, sell } from "./helpers.js";
import { propertySettings } from "../support/command-stream.js";

const B = (size: number, price: number, owner = 1): AuctionOrder => ({ side: Side.Buy, price, size, owner });
const S = (size: number, price: number, owner = 2): AuctionOrder => ({ side: Side.Sell, price, size, owner });

describe("auction: clearing price", () => {
  it("is the price that maximises matched volume", () => {
    // At 100: demand 15, supply 10 → 10. At 101: demand 10, supply 15 → 10. At 99 or 102: 5.
    const orders = [B(5, 102), B(5, 101), B(5, 100), S(5, 99), S(5, 100), S(5, 101)];
    assert.equal(clearingPrice(orders, 0).volume, 10);
  });

  it("breaks a volume tie by the least imbalance, even against the reference price", () => {
    // At 100: demand 12, supply 10 (imbalance 2). At 101: demand 10, supply 13 (imbalance 3).
    const orders = [B(10, 101), B(2, 100), S(10, 100), S(3, 101)];
    assert.deepEqual(clearingPrice(orders, 101), { price: 100, volume: 10, demand: 12, supply: 10 });
  });

  it("then by a price that fills every strictly better order in full", () => {
    // Volume 5 and imbalance 5 at both 100 and 105; at 100 the buy (limit 105 > 100) would get only 5 of its 10.
    assert.equal(clearingPrice([B(10, 105), S(5, 100)], 0).price, 105);
    assert.equal(clearingPrice([B(5, 105), S(10, 100)], 0).price, 100);
    // Ahead of the reference price: 102 is nearer, but would leave the buy at 105 short.
    assert.equal(clearingPrice([B(10, 105), S(5, 100)], 102).price, 105);
  });

  it("then by the distance to the reference price, which is itself a candidate", () => {
    const orders = [B(10, 105), S(10, 100)];
    assert.equal(clearingPrice(orders, 103).price, 103);
    assert.equal(clearingPrice(orders, 110).price, 105);
    assert.equal(clearingPrice(orders, 90).price, 100);
  });

  it("then by the lowest price when there is no reference price", () => {
    const orders = [B(5, 102), B(5, 101), B(5, 100), S(5, 99), S(5, 100), S(5, 101)];
    assert.equal(clearingPrice(orders, 0).price, 100);
    assert.equal(clearingPrice(orders, 101).price, 101);
  });

  it("is 0 with no volume when nothing crosses", () => {
    assert.deepEqual(clearAuction([B(5, 99), S(5, 100)], 0), {
      price: 0,
      volume: 0,
      demand: 0,
      supply: 0,
      matches: [],
    });
  });
});

describe("auction: allocation", () => {
  it("fills better prices first, then earlier orders at the marginal price", () => {
    // Clears at 100 (volume 10): the buy at 101 first, then the buys at 100 in list order.
    const result = clearAuction([S(10, 100), B(4, 100), B(4, 100), B(4, 101)], 0);
    assert.equal(result.price, 100);
    assert.deepEqual(
      result.matches.map((m) => [m.buy, m.sell, m.qty]),
      [
        [3, 0, 4],
        [1, 0, 4],
        [2, 0, 2],
      ],
    );
  });

  it("flags a pair of the same owner as a self-trade", () => {
    const result = clearAuction([B(5, 100, 1), S(5, 100, 1)], 0);
    assert.deepEqual(result.matches, [{ buy: 0, sell: 1, qty: 5, selfTrade: true }]);
  });

  it("agrees with brute force, respects limits and priority, never overfills, leaves an uncrossed book (property)", () => {
    const order = fc.record({
      side: fc.constantFrom(Side.Buy, Side.Sell),
      price: fc.integer({ min: 1, max: 12 }),
      size: fc.integer({ min: 1, max: 9 }),
      owner: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 40 }), fc.integer({ min: 0, max: 14 }), (orders, ref) => {
        const r = clearAuction(orders, ref);
        let best = 0;
        for (let p = 1; p <= 14; p++) {
          const { demand, supply } = demandSupply(orders, p);
          best = Math.max(best, Math.min(demand, supply));
        }
        assert.equal(r.volume, best, "volume is the maximum over every price");
        if (best === 0) return;
        const ds = demandSupply(orders, r.price);
        assert.equal(r.volume, Math.min(ds.demand, ds.supply));
        const got = orders.map(() => 0);
        for (const m of r.matches) {
          assert.ok(orders[m.buy].side === Side.Buy && orders[m.buy].price >= r.price);
          assert.ok(orders[m.sell].side === Side.Sell && orders[m.sell].price <= r.price);
          assert.equal(m.selfTrade, orders[m.buy].owner === orders[m.sell].owner);
          got[m.buy] += m.qty;
          got[m.sell] += m.qty;
        }
        for (const [i, o] of orders.entries()) assert.ok(got[i] <= o.size, "overfilled");
        if (r.matches.every((m) => !m.selfTrade)) {
          // What is left rests uncrossed (not asserted when a pair was a self-trade, which removes volume without trading).
          const bid = Math.max(
            0,
            ...orders.filter((o, i) => o.side === Side.Buy && got[i] < o.size).map((o) => o.price),
          );
          const ask = Math.min(
            Infinity,
            ...orders.filter((o, i) => o.side === Side.Sell && got[i] < o.size).map((o) => o.price),
          );
          assert.ok(bid < ask, `remainder crossed: bid ${bid} ≥ ask ${ask}`);
        }
        assert.equal(
          r.matches.reduce((s, m) => s + m.qty, 0),
          r.volume,
        );
        orders.forEach((o, i) => {
          const strictlyBetter = o.side === Side.Buy ? o.price > r.price : o.price < r.price;
          if (strictlyBetter)
            assert.equal(got[i], o.size, `order ${i} is strictly better than ${r.price} but not filled in full`);
        });
        // Priority: if an order got anything, every order ahead of it on its side is full.
        const ahead = (a: AuctionOrder, i: number, b: AuctionOrder, j: number) =>
          a.price !== b.price ? (a.side === Side.Buy ? a.price > b.price : a.price < b.price) : i < j;
        orders.forEach((b, j) => {
          if (got[j] === 0) return;
          orders.forEach((a, i) => {
            if (a.side === b.side && ahead(a, i, b, j))
              assert.equal(got[i], a.size, `order ${i} is ahead of ${j} but not full`);
          });
        });
      }),
      propertySettings(500),
    );
  });
});

describe("auction: batches in the engine", () => {
  const auctionMarket = () => market({ mode: "auction" });
  const close = (seq: number, time = 1000) => ({
    type: "close-batch" as const,
    seq,
    time: time as never,
    market: 1 as never,
  });

  it("collects orders without matching them, even when they cross", () => {
    const h = harness({ markets: [auctionMarket()] });
    const events = h.run(buy(1, 5, 105), sell(2, 5, 100, { owner: 2 }));
    assert.deepEqual(fills(events), []);
    assert.deepEqual(h.book(), { bids: [[105, 5]], asks: [[100, 5]] });
  });

  it("clears at one price when the batch closes; the earlier order is the maker; the rest rests", () => {
    const h = harness({ markets: [auctionMarket()] });
    h.run(buy(1, 5, 105), sell(2, 3, 100, { owner: 2 }), sell(3, 4, 104, { owner: 3 }));
    const events = h.run(close(10));
    // At 104: demand 5, supply 7 → 5; at 100: demand 5, supply 3 → 3; at 105: 5 with imbalance 2; lowest → 104.
    assert.deepEqual(only(events, "cleared"), [{ type: "cleared", market: 1, price: 104, volume: 5 }]);
    assert.deepEqual(
      only(events, "fill").map((f) => [f.makerId, f.takerId, f.price, f.qty, f.takerSide]),
      [
        [1, 2, 104, 3, Side.Sell],
        [1, 3, 104, 2, Side.Sell],
      ],
    );
    assert.deepEqual(h.book(), { bids: [], asks: [[104, 2]] });
    assert.equal(h.engine.lastPrice(1 as never), 104);
  });

  it("uses the last clearing price as the next batch's reference price", () => {
    const h = harness({ markets: [auctionMarket()] });
    h.run(buy(1, 1, 103), sell(2, 1, 103, { owner: 2 }), close(10));
    h.run(buy(3, 5, 110), sell(4, 5, 100, { owner: 2 }));
    assert.deepEqual(only(h.run(close(11)), "cleared"), [{ type: "cleared", market: 1, price: 103, volume: 5 }]);
  });

  it("cancels what is left of IOC and market orders after the clearing", () => {
    const h = harness({ markets: [auctionMarket()] });
    const marketSell = { owner: 2, kind: OrderKind.Market, tif: TimeInForce.IOC };
    h.run(buy(1, 6, 105, { tif: TimeInForce.IOC }), sell(2, 3, 100, { owner: 2 }), sell(3, 2, 1, marketSell));
    const events = h.run(close(10));
    // 100 and 105 both give volume 5, imbalance 1; at 100 the buy (limit 105) would be left short: 105.
    assert.deepEqual(only(events, "cleared"), [{ type: "cleared", market: 1, price: 105, volume: 5 }]);
    assert.deepEqual(fills(events), [
      [1, 3, 105, 2],
      [1, 2, 105, 3],
    ]);
    assert.deepEqual(
      only(events, "cancelled").map((c) => [c.id, c.qty, c.reason]),
      [[1, 1, "unfilled"]],
    );
    assert.deepEqual(h.book(), { bids: [], asks: [] });
  });

  it("removes a self-matched pair from both orders without a fill", () => {
    const h = harness({ markets: [auctionMarket()] });
    h.run(buy(1, 5, 100), sell(2, 5, 100));
    const events = h.run(close(10));
    assert.deepEqual(fills(events), []);
    assert.deepEqual(
      only(events, "cancelled").map((c) => [c.id, c.qty, c.remaining, c.reason]),
      [
        [1, 5, 0, "self-trade"],
        [2, 5, 0, "self-trade"],
      ],
    );
  });

  it("announces the batch's ordered list before it clears: resting orders first, then new ones, in arrival order", () => {
    const h = harness({ markets: [auctionMarket()] });
    h.run(buy(1, 5, 105), sell(2, 3, 100, { owner: 2 }), close(10)); // clears 3 at 105; buy 1 keeps 2 lots
    h.run(
      sell(3, 4, 104, { owner: 3 }),
      buy(4, 1, 101, { owner: 4 }),
      buy(5, 1, 99, { owner: 5, expiry: 1500 as never }),
    );
    const events = h.run(close(11, 2000)); // order 5 expires first: it is not in the batch
    const batch = events.findIndex((e) => e.type === "batch");
    assert.deepEqual(events[batch], { type: "batch", market: 1, reference: 105, orders: 3 });
    assert.deepEqual(
      only(events, "batch-order").map((o) => [o.slot, o.id, o.owner, o.side, o.price, o.size]),
      [
        [0, 1, 1, Side.Buy, 105, 2],
        [1, 3, 3, Side.Sell, 104, 4],
        [2, 4, 4, Side.Buy, 101, 1],
      ],
    );
    const cleared = events.findIndex((e) => e.type === "cleared");
    assert.ok(batch < cleared && events.slice(batch + 1, cleared).every((e) => e.type === "batch-order"));
  });

  it("refuses to close a batch of a continuous market", () => {
    const h = harness();
    assert.deepEqual(h.run(close(10)), [{ type: "rejected", market: 1, id: -1, reason: "not-an-auction-market" }]);
  });

  it("refuses stops, post-only and fill-or-kill orders", () => {
    const h = harness({ markets: [auctionMarket()] });
    const reason = (events: ReturnType<typeof h.run>) => only(events, "rejected")[0]?.reason;
    assert.equal(
      reason(h.run(buy(1, 1, 100, { kind: OrderKind.StopLimit, stopPrice: 100 }))),
      "not-supported-in-auction",
    );
    assert.equal(reason(h.run(buy(2, 1, 100, { postOnly: true }))), "not-supported-in-auction");
    assert.equal(reason(h.run(buy(3, 1, 100, { tif: TimeInForce.FOK }))), "not-supported-in-auction");
  });
});
