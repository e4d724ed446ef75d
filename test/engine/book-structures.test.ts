/** The fast book's building blocks against plain JavaScript collections. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "mocha";
import { IdIndex } from "../../engine/book/id-index.js";
import { PriceIndex } from "../../engine/book/price-index.js";
import { ExpiryHeap } from "../../engine/book/expiry-heap.js";
import { propertySettings } from "../support/command-stream.js";

describe("engine: book structures", () => {
  it("PriceIndex finds the next and previous set price like a sorted set (property)", () => {
    const size = 40_000; // three layers
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: size - 1 })), { maxLength: 200 }),
        fc.array(fc.integer({ min: -1, max: size }), { maxLength: 30 }),
        (ops, probes) => {
          const index = new PriceIndex(size);
          const set = new Set<number>();
          for (const [add, p] of ops) {
            if (add) {
              index.set(p);
              set.add(p);
            } else {
              index.clear(p);
              set.delete(p);
            }
          }
          const sorted = [...set].sort((a, b) => a - b);
          for (const q of probes) {
            const next = sorted.find((p) => p >= q) ?? -1;
            const prev = [...sorted].reverse().find((p) => p <= q) ?? -1;
            if (q >= 0 && q < size) assert.equal(index.next(q), next, `next(${q})`);
            if (q < size) assert.equal(index.prev(q), prev, `prev(${q})`);
          }
        },
      ),
      propertySettings(300),
    );
  });

  it("IdIndex behaves like a Map under inserts and deletes, through growth (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.integer({ min: 0, max: 64 }), fc.maxSafeNat())), {
          maxLength: 400,
        }),
        (ops) => {
          const index = new IdIndex(4);
          const map = new Map<number, number>();
          ops.forEach(([add, key], i) => {
            if (add) {
              index.set(key, i + 1);
              map.set(key, i + 1);
            } else {
              assert.equal(index.delete(key), map.get(key) ?? 0);
              map.delete(key);
            }
          });
          assert.equal(index.size, map.size);
          for (const [k, v] of map) assert.equal(index.get(k), v);
        },
      ),
      propertySettings(300),
    );
  });

  it("ExpiryHeap pops in (expiry, seq) order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1000 })), { maxLength: 100 }),
        (entries) => {
          const heap = new ExpiryHeap();
          for (const [i, [e, s]] of entries.entries()) heap.push(e, s, i);
          const popped: [number, number][] = [];
          while (heap.length > 0) {
            popped.push([heap.topExpiry(), heap.topSeq()]);
            heap.pop();
          }
          const expected = entries
            .map(([e, s]) => [e, s] as [number, number])
            .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          assert.deepEqual(popped, expected);
        },
      ),
      propertySettings(200),
    );
  });
});
