// The coalescer gathers a market's messages for a window and sends one; merged book deltas keep each level's last
// total, so applying the merged delta equals applying the originals in order.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { Coalescer, mergeBookDeltas, mergeTrades } from "../../../relayer/ws/delta-coalescer.js";
import type { BookDelta, LevelChange, TradesMessage } from "../../../relayer/wire/feed-messages.js";

const level = (side: "bid" | "ask", priceTicks: number, lots: number): LevelChange => ({
  side,
  priceTicks,
  lots,
  quotePerLot: "0",
  baseAmount: "0",
});
const delta = (seq: number, changes: LevelChange[]): BookDelta => ({ market: "M", seq, changes });

function apply(book: Map<string, number>, d: BookDelta): void {
  for (const c of d.changes) {
    if (c.lots === 0) book.delete(`${c.side}:${c.priceTicks}`);
    else book.set(`${c.side}:${c.priceTicks}`, c.lots);
  }
}

describe("Coalescer", () => {
  it("sends every message at once, with prevSeq = seq − 1, when the window is 0", () => {
    const sent: BookDelta[] = [];
    const coalescer = new Coalescer(0, mergeBookDeltas, (d) => sent.push(d));
    coalescer.push(delta(1, [level("bid", 10, 1)]));
    coalescer.push(delta(2, [level("bid", 11, 1)]));
    assert.deepEqual(
      sent.map((d) => [d.prevSeq, d.seq]),
      [
        [0, 1],
        [1, 2],
      ],
    );
  });

  it("merges a window's deltas into one that spans them and ends at the last level totals", () => {
    const sent: BookDelta[] = [];
    const coalescer = new Coalescer(60_000, mergeBookDeltas, (d) => sent.push(d));
    const originals = [
      delta(4, [level("bid", 10, 5), level("ask", 12, 3)]),
      delta(5, [level("bid", 10, 0)]),
      delta(6, [level("ask", 12, 7), level("bid", 9, 2)]),
      delta(7, [level("bid", 10, 4)]),
    ];
    for (const d of originals) coalescer.push(d);
    assert.equal(sent.length, 0, "nothing before the window closes");
    coalescer.flush();
    assert.equal(sent.length, 1);
    assert.deepEqual([sent[0].prevSeq, sent[0].seq], [3, 7]);

    const start = new Map([
      ["bid:10", 1],
      ["ask:12", 1],
      ["bid:8", 1],
    ]);
    const stepByStep = new Map(start);
    for (const d of originals) apply(stepByStep, d);
    const merged = new Map(start);
    apply(merged, sent[0]);
    assert.deepEqual(merged, stepByStep);
  });

  it("merges a window's trades into one message, in order, spanning their seqs", () => {
    const sent: TradesMessage[] = [];
    const coalescer = new Coalescer(60_000, mergeTrades, (m) => sent.push(m));
    const trade = (lots: number) => ({ lots }) as unknown as TradesMessage["trades"][number];
    for (let seq = 1; seq <= 3; seq++) coalescer.push({ market: "A", seq, trades: [trade(seq), trade(10 * seq)] });
    coalescer.flush();
    assert.deepEqual(
      sent.map((m) => [m.prevSeq, m.seq, m.trades.map((t) => t.lots)]),
      [[0, 3, [1, 10, 2, 20, 3, 30]]],
    );
  });

  it("keeps markets apart and drops what is pending on close", () => {
    const sent: TradesMessage[] = [];
    const coalescer = new Coalescer(60_000, mergeTrades, (m) => sent.push(m));
    coalescer.push({ market: "A", seq: 1, trades: [] });
    coalescer.push({ market: "B", seq: 1, trades: [] });
    coalescer.flush("A");
    assert.deepEqual(
      sent.map((m) => m.market),
      ["A"],
    );
    coalescer.close();
    coalescer.flush();
    assert.equal(sent.length, 1);
  });
});
