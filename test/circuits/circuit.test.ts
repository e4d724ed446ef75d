/** The batch auction circuit against the engine's clearAuction: witnesses only (no proofs), so many batches run fast. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { buildCircuitInput, engineFills } from "../../relayer/auction/circuit-input.js";
import { buy, randomBatch, satisfies, sell } from "./helpers.js";

const N = 32;
const runs = Number(process.env.AUCTION_RUNS ?? 30);
const seed = process.env.ENGINE_SEED === undefined ? 20_260_101 : Number(process.env.ENGINE_SEED);

describe("auction circuit: agrees with the engine", () => {
  it("accepts the engine's price and fills on random batches, and refuses any other price or a moved lot", async function () {
    this.timeout(0);
    await fc.assert(
      fc.asyncProperty(randomBatch(N), fc.integer({ min: 0, max: N - 1 }), async (batch, at) => {
        const { input, statement } = await buildCircuitInput(batch, N);
        assert.ok(
          await satisfies(input),
          `engine result refused: ${JSON.stringify(statement, (_, v) => (typeof v === "bigint" ? String(v) : v))}`,
        );
        const { price, fills } = engineFills(batch, N);
        assert.equal(statement.price, price);
        const otherPrice = price === 0 ? 100 : price + 1;
        assert.equal(await satisfies((await buildCircuitInput(batch, N, { price: otherPrice })).input), false);
        const moved = [...fills];
        if (moved[at] > 0) {
          moved[at] -= 1;
          moved[(at + 1) % N] += 1;
          assert.equal(await satisfies((await buildCircuitInput(batch, N, { fills: moved })).input), false);
        }
      }),
      { seed, numRuns: runs },
    );
  });

  it("clears the documented examples as the engine does", async () => {
    const examples = [
      { slots: [buy(10, 105), sell(10, 100)], reference: 0, price: 100, fills: [10, 10] },
      { slots: [buy(10, 105), sell(10, 100)], reference: 103, price: 103, fills: [10, 10] },
      {
        slots: [buy(10, 101), buy(2, 100), sell(10, 100), sell(3, 101)],
        reference: 101,
        price: 100,
        fills: [10, 0, 10, 0],
      },
      { slots: [sell(10, 100), buy(4, 100), buy(4, 100), buy(4, 101)], reference: 0, price: 100, fills: [10, 4, 2, 4] },
      // 105 and 100 tie on volume and imbalance; at 100 the buy, better than the price, would be partly filled: 105.
      { slots: [buy(10, 105), sell(5, 100)], reference: 0, price: 105, fills: [5, 5] },
      { slots: [buy(10, 95), sell(5, 100)], reference: 50, price: 0, fills: [0, 0] },
      { slots: [], reference: 0, price: 0, fills: [] },
    ];
    for (const { slots, reference, price, fills } of examples) {
      const { input, statement } = await buildCircuitInput({ batchId: 1n, slots, reference }, N);
      assert.equal(statement.price, price);
      assert.deepEqual(statement.fills.slice(0, slots.length), fills);
      assert.ok(await satisfies(input));
    }
  });

  it("refuses a skipped order that is better than the price, an overfill, and fills that do not balance", async () => {
    const batch = { batchId: 9n, reference: 0, slots: [sell(10, 100), buy(4, 100), buy(4, 100), buy(4, 101)] };
    const cases = {
      "skips the better buy": [10, 4, 4, 0],
      "overfills a buy": [10, 4, 2, 5],
      "buys more than sold": [10, 4, 3, 4],
      "reverses time priority": [10, 2, 4, 4],
    };
    for (const [name, fills] of Object.entries(cases)) {
      assert.equal(await satisfies((await buildCircuitInput(batch, N, { fills })).input), false, name);
    }
  });

  it("refuses a price at which an order strictly better than it would be left partly filled", async () => {
    const batch = { batchId: 3n, reference: 100, slots: [buy(10, 105), sell(5, 100)] };
    assert.equal((await buildCircuitInput(batch, N)).statement.price, 105);
    // 100 is nearer the reference and gives the same volume and imbalance, and the buy would still get 5 lots.
    assert.equal(await satisfies((await buildCircuitInput(batch, N, { price: 100, fills: [5, 5] })).input), false);
  });

  it("refuses a changed commitment: another batch id or another order list", async () => {
    const batch = { batchId: 9n, reference: 0, slots: [sell(10, 100), buy(4, 101)] };
    const { statement } = await buildCircuitInput({ ...batch, batchId: 10n }, N);
    assert.equal(
      await satisfies((await buildCircuitInput(batch, N, { commitment: statement.commitment })).input),
      false,
    );
    const other = await buildCircuitInput({ ...batch, slots: [sell(10, 100), buy(5, 101)] }, N);
    assert.equal(
      await satisfies((await buildCircuitInput(batch, N, { commitment: other.statement.commitment })).input),
      false,
    );
  });
});
