// Batches for the auction proof tests: slots built from engine orders, and random batches.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { Side } from "../../engine/types.js";
import { circuitArtifacts } from "../../relayer/auction/artifacts.js";
import type { AuctionBatch, CircuitInput } from "../../relayer/auction/circuit-input.js";
import type { AuctionSlot } from "../../protocol/auction/slot.js";

export const buy = (size: number, price: number, owner = 1, orderHash = BigInt(size * 1000 + price)): AuctionSlot => ({
  side: Side.Buy,
  price,
  size,
  owner,
  orderHash,
});
export const sell = (
  size: number,
  price: number,
  owner = 2,
  orderHash = BigInt(size * 1000 + price + 1),
): AuctionSlot => ({
  side: Side.Sell,
  price,
  size,
  owner,
  orderHash,
});

/** Runs `action` without console output: the witness generator prints each failed constraint, expected here. */
export async function quietly<T>(action: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => {};
  try {
    return await action();
  } finally {
    Object.assign(console, { log, error });
  }
}

const calculators = new Map<number, Promise<WitnessCalculator>>();

/** Whether the circuit accepts the input: circom's witness generator checks every constraint. */
export async function satisfies(input: CircuitInput, n = 32): Promise<boolean> {
  if (!calculators.has(n)) calculators.set(n, WitnessCalculatorBuilder(readFileSync(circuitArtifacts(n).wasm)));
  const calculator = await calculators.get(n)!;
  try {
    await quietly(() => calculator.calculateWitness(input, true));
    return true;
  } catch {
    return false;
  }
}

/** Random batches of up to `n` orders: a narrow price range (so prices tie and levels are shared), few owners. */
export function randomBatch(n: number): fc.Arbitrary<AuctionBatch> {
  const slot = fc.record({
    side: fc.constantFrom(Side.Buy, Side.Sell),
    price: fc.integer({ min: 95, max: 105 }),
    size: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 2 ** 32 - 1 })),
    owner: fc.integer({ min: 1, max: 4 }),
    orderHash: fc.bigInt({ min: 0n, max: 2n ** 250n }),
  });
  return fc.record({
    batchId: fc.bigInt({ min: 1n, max: 2n ** 64n }),
    slots: fc.array(slot, { minLength: 0, maxLength: n }),
    reference: fc.oneof(fc.constant(0), fc.integer({ min: 94, max: 106 })),
  });
}
