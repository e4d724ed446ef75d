import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { Hex } from "viem";
import { Batcher, type SettlementFill } from "../../../relayer/settlement/index.js";

const HASH = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const fill = (fillId: number, market = 1): SettlementFill => ({
  fillId,
  market,
  seq: fillId,
  makerOrderId: 2 * fillId,
  takerOrderId: 2 * fillId + 1,
  makerHash: HASH(2 * fillId),
  takerHash: HASH(2 * fillId + 1),
  base: 1n,
  quote: 1n,
  makerFee: 0n,
  takerFee: 0n,
});
const ids = (b: { fills: SettlementFill[] }) => b.fills.map((f) => f.fillId);

describe("Batcher", () => {
  it("closes a market's batch as soon as it holds maxFills fills, keeping the rest queued", () => {
    const batcher = new Batcher(() => ({ maxFills: 3, maxDelayMs: 1_000 }));
    for (let i = 1; i <= 7; i++) batcher.add(fill(i), 0);
    const batches = batcher.take(0);
    assert.deepEqual(batches.map(ids), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(batcher.size, 1);
  });

  it("closes a partial batch once its oldest fill has waited maxDelayMs, not before", () => {
    const batcher = new Batcher(() => ({ maxFills: 10, maxDelayMs: 500 }));
    batcher.add(fill(1), 100);
    batcher.add(fill(2), 400);
    assert.deepEqual(batcher.take(599), []);
    assert.equal(batcher.nextDeadline(), 600);
    assert.deepEqual(batcher.take(600).map(ids), [[1, 2]]);
    assert.equal(batcher.nextDeadline(), null);
  });

  it("keeps an overdue queue open while its market's pipeline has no room, merging what arrives, and still closes full batches", () => {
    const batcher = new Batcher(() => ({ maxFills: 4, maxDelayMs: 100 }));
    const noRoomFor1 = (market: number) => market !== 1;
    for (let i = 1; i <= 3; i++) batcher.add(fill(i), 0);
    batcher.add(fill(10, 2), 0);
    assert.deepEqual(
      batcher.take(500, false, noRoomFor1).map((b) => [b.market, ids(b)]),
      [[2, [10]]],
      "market 2 has room",
    );
    for (let i = 4; i <= 6; i++) batcher.add(fill(i), 500);
    assert.deepEqual(batcher.take(600, false, noRoomFor1).map(ids), [[1, 2, 3, 4]], "a full batch closes anyway");
    assert.deepEqual(batcher.take(700, false, () => true).map(ids), [[5, 6]], "the rest closes once there is room");
  });

  it("measures the delay of what stays queued from its own oldest fill", () => {
    const batcher = new Batcher(() => ({ maxFills: 2, maxDelayMs: 500 }));
    batcher.add(fill(1), 0);
    batcher.add(fill(2), 0);
    batcher.add(fill(3), 300);
    assert.deepEqual(batcher.take(300).map(ids), [[1, 2]]);
    assert.equal(batcher.nextDeadline(), 800);
    assert.deepEqual(batcher.take(799), []);
    assert.deepEqual(batcher.take(800).map(ids), [[3]]);
  });

  it("keeps one queue per market, each with its own policy, and gives batches in market order", () => {
    const batcher = new Batcher((market) =>
      market === 2 ? { maxFills: 1, maxDelayMs: 10_000 } : { maxFills: 5, maxDelayMs: 10_000 },
    );
    batcher.add(fill(1, 2), 0);
    batcher.add(fill(2, 1), 0);
    batcher.add(fill(3, 2), 0);
    assert.deepEqual(
      batcher.take(0).map((b) => [b.market, ids(b)]),
      [
        [2, [1]],
        [2, [3]],
      ],
    );
    assert.deepEqual(
      batcher.take(0, true).map((b) => [b.market, ids(b)]),
      [[1, [2]]],
    );
  });

  it("ignores a fill id it already holds (an ack and a restart's requeue may both name it)", () => {
    const batcher = new Batcher();
    batcher.add(fill(1), 0);
    batcher.add(fill(1), 5);
    assert.deepEqual(batcher.take(0, true).map(ids), [[1]]);
  });

  it("gives the same batches for the same fills and times", () => {
    const run = () => {
      const batcher = new Batcher(() => ({ maxFills: 4, maxDelayMs: 50 }));
      const out: number[][] = [];
      for (let i = 1; i <= 30; i++) {
        batcher.add(fill(i, 1 + (i % 3)), i * 7);
        out.push(...batcher.take(i * 7).map(ids));
      }
      return out;
    };
    assert.deepEqual(run(), run());
  });
});
