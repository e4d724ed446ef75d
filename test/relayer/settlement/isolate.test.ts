import assert from "node:assert/strict";
import fc from "fast-check";
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
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [13, 40, 41],
    );
    assert.deepEqual(r.failing[0].revert, { name: "Poisoned", args: [13] });
    assert.deepEqual(
      r.passing,
      items.filter((i) => ![13, 40, 41].includes(i)),
    );
    assert.ok(s.calls() < 64, `bisection used ${s.calls()} simulations for 64 items`);
  });

  it("does not drop an item that only failed because a half lost what it depends on", async () => {
    const s = simulator(new Set([5]));
    const r = await isolateFailing([1, 2, 3, 4, 5, 6, 7, 8], s.simulate);
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [5],
    );
    assert.deepEqual(r.passing, [1, 2, 3, 4, 6, 7, 8]);
  });

  it("reports everything when every item fails", async () => {
    const s = simulator(new Set([1, 2, 3]));
    const r = await isolateFailing([1, 2, 3], s.simulate);
    assert.deepEqual(r.passing, []);
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [1, 2, 3],
    );
  });
});

/**
 * A simulated batch that fails on conflicts between items: every listed group reverts when all its members are
 * in the batch (a pair: two orders of one maker sharing a nonce), and a dependent item reverts without the item
 * it depends on.
 */
function conflicts(groups: readonly (readonly number[])[], needs: readonly (readonly [number, number])[] = []) {
  let calls = 0;
  const simulate = async (items: readonly number[]): Promise<Simulation> => {
    calls++;
    const present = new Set(items);
    const group = groups.find((g) => g.every((i) => present.has(i)));
    if (group !== undefined)
      return {
        ok: false,
        reason: `conflict ${group.join("+")}`,
        revert: { name: "OrderNonceUsed", args: [group.at(-1)] },
      };
    const need = needs.find(([item, on]) => present.has(item) && !present.has(on));
    if (need !== undefined) return { ok: false, reason: `${need[0]} needs ${need[1]}`, revert: null };
    return { ok: true };
  };
  return { simulate, calls: () => calls };
}

describe("isolateFailing with items that only fail together", () => {
  it("ends with a passing batch when two fills each pass alone and revert together (a reused nonce)", async () => {
    const s = conflicts([[1, 2]]);
    const r = await isolateFailing([1, 2], s.simulate);
    assert.deepEqual(r.passing, [1]);
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [2],
    );
    assert.deepEqual(r.failing[0].revert, { name: "OrderNonceUsed", args: [2] });
    assert.ok((await s.simulate(r.passing)).ok);
  });

  it("takes out only the later member of a pair split across the halves, keeping the fills between them", async () => {
    const items = Array.from({ length: 16 }, (_, i) => i);
    const s = conflicts([[3, 12]]);
    const r = await isolateFailing(items, s.simulate);
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [12],
    );
    assert.deepEqual(
      r.passing,
      items.filter((i) => i !== 12),
    );
  });

  it("ends with a passing batch when a triple fails only whole", async () => {
    const s = conflicts([[0, 5, 9]]);
    const r = await isolateFailing([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], s.simulate);
    assert.deepEqual(
      r.failing.map((f) => f.item),
      [9],
    );
    assert.ok((await s.simulate(r.passing)).ok);
  });

  // The property the settler relies on: isolation always ends with a batch that passes, takes out nothing that
  // could have stayed, and loses no item, whatever sets of items conflict and whatever depends on what.
  it("always ends with a passing batch, keeps every item it can, and loses none (random conflicts and dependencies)", async () => {
    const item = fc.integer({ min: 0, max: 23 });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(item, { minLength: 1, maxLength: 24 }),
        fc.array(fc.uniqueArray(item, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        fc.array(
          fc.tuple(item, item).filter(([a, b]) => a !== b),
          { maxLength: 4 },
        ),
        async (items, groups, needs) => {
          const s = conflicts(groups, needs);
          const r = await isolateFailing(items, s.simulate);
          if (r.passing.length > 0) assert.ok((await s.simulate(r.passing)).ok, `passing ${r.passing} reverts`);
          assert.deepEqual(
            [...r.passing, ...r.failing.map((f) => f.item)].sort((a, b) => a - b),
            [...items].sort((a, b) => a - b),
          );
          assert.deepEqual(
            r.passing,
            items.filter((i) => r.passing.includes(i)),
            "passing keeps batch order",
          );
          for (const f of r.failing) {
            const trial = items.filter((i) => r.passing.includes(i) || i === f.item);
            assert.equal((await s.simulate(trial)).ok, false, `${f.item} was taken out but the batch passes with it`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
