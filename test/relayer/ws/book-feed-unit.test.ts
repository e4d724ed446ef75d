/** BookFeed on its own: fed acks by hand, against a stub engine view. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { seconds, Side, type EngineEvent, type MarketId, type Lots, type Ticks } from "../../../engine/index.js";
import type { TradingAck } from "../../../relayer/machine/trading.js";
import { BookFeed } from "../../../relayer/ws/book-feed.js";
import type { BookDelta } from "../../../relayer/wire/feed-messages.js";
import { registry } from "../markets/markets-fixture.js";

const level = (market: number, side: Side, price: number, total: number): EngineEvent => ({
  type: "level",
  market: market as MarketId,
  side,
  price: price as Ticks,
  total: total as Lots,
});

function feed(initial: Record<number, [number, number][]> = {}) {
  let listener: ((ack: TradingAck) => void) | undefined;
  const view = { depth: (m: number, side: Side) => (side === Side.Buy ? (initial[m] ?? []) : []) } as never;
  const f = new BookFeed({ markets: registry(), view, onAck: (l) => ((listener = l), () => (listener = undefined)) });
  const deltas: BookDelta[] = [];
  f.attach({ book: (d) => deltas.push(d), trades: () => {} });
  let seq = 0;
  const ack = (...events: EngineEvent[]) =>
    listener?.({ seq: ++seq, time: seconds(0), events, fillIds: [], rejection: null });
  return { f, deltas, ack, detached: () => listener === undefined };
}

describe("BookFeed", () => {
  it("starts from the engine's book at seq 0", () => {
    const { f } = feed({ 1: [[3000, 5]] });
    assert.deepEqual(f.snapshot("WETH-USDC"), {
      market: "WETH-USDC",
      seq: 0,
      bids: [{ priceTicks: 3000, quotePerLot: "3000000", lots: 5, baseAmount: "5000000000000000" }],
      asks: [],
    });
  });

  it("publishes one delta per command and market, the last total per level, and counts seq per market", () => {
    const { f, deltas, ack } = feed();
    ack(
      level(1, Side.Buy, 3000, 5),
      level(1, Side.Buy, 3000, 2),
      level(1, Side.Sell, 3010, 1),
      level(2, Side.Buy, 7, 1),
    );
    ack({ type: "accepted", market: 1 as MarketId, id: 1 as never, owner: 1 as never }); // no level change: no delta
    ack(level(1, Side.Sell, 3010, 0));
    assert.deepEqual(
      deltas.map((d) => [d.market, d.seq, d.changes.map((c) => [c.side, c.priceTicks, c.lots])]),
      [
        [
          "WETH-USDC",
          1,
          [
            ["bid", 3000, 2],
            ["ask", 3010, 1],
          ],
        ],
        ["WBTC-USDC", 1, [["bid", 7, 1]]],
        ["WETH-USDC", 2, [["ask", 3010, 0]]],
      ],
    );
    const snap = f.snapshot("WETH-USDC")!;
    assert.equal(snap.seq, 2);
    assert.deepEqual(
      snap.bids.map((l) => [l.priceTicks, l.lots]),
      [[3000, 2]],
    );
    assert.deepEqual(snap.asks, []);
    assert.equal(f.snapshot("DOGE-USDC"), undefined);
  });

  it("stops listening on close", () => {
    const { f, detached } = feed();
    f.close();
    assert.ok(detached());
  });
});
