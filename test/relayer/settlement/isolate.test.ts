import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { isolateFailing, type Simulation } from "../../../relayer/settlement/index.js";

/** A simulated batch of numbers: reverts if it holds a poisoned one, or (dependency) 7 without 3 before it. */
function simulator(poisoned: Set<number>) {
  let calls = 0;
  const simulate = async (items: readonly number[]): Promise<Simulation> => {
    calls++;
    const bad = items.find((i) => poisoned.has(i));
    if (bad !== undefined) return { ok: false, reason: `poisoned ${bad}`, revert: { name: "Poisoned", args: [bad] } };
    if (items.includes(7) && !items.includes(3)) return { ok: false, reason: "7 needs 3", revert: null };
    return { ok: true };
  };
  return { simulate, calls: () => calls };
}

describe("isolateFailing", () => {
  it("keeps a batch that passes whole, with one simulation", async () => {
    const s = simulator(new Set());
    const r = await isolateFailing([1, 2, 3, 4], s.simulate);
    assert.deepEqual(r.passing, [1, 2, 3, 4]);
    assert.deepEqual(r.failing, []);
    assert.equal(s.calls(), 1);
  });

  it("finds every poisoned item and keeps the honest ones in their order", async () => {
    const items = Array.from({ length: 64 }, (_, i) => i + 10);
    const s = simulator(new Set([13, 40, 41]));
    const r = await isolateFailing(items, s.simulate);
    assert.deepEqual(r.failing.map((f) => f.item), [13, 40, 41]);
    assert.deepEqual(r.failing[0].revert, { name: "Poisoned", args: [13] });
    assert.deepEqual(r.passing, items.filter((i) => ![13, 40, 41].includes(i)));
    assert.ok(s.calls() < 64, `bisection used ${s.calls()} simulations for 64 items`);
  });

  it("does not drop an item that only failed because a half lost what it depends on", async () => {
    const s = simulator(new Set([5]));
    const r = await isolateFailing([1, 2, 3, 4, 5, 6, 7, 8], s.simulate);
    assert.deepEqual(r.failing.map((f) => f.item), [5]);
    assert.deepEqual(r.passing, [1, 2, 3, 4, 6, 7, 8]);
  });

  it("reports everything when every item fails", async () => {
    const s = simulator(new Set([1, 2, 3]));
    const r = await isolateFailing([1, 2, 3], s.simulate);
    assert.deepEqual(r.passing, []);
    assert.deepEqual(r.failing.map((f) => f.item), [1, 2, 3]);
  });
});
