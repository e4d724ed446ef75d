// The batch auction circuit's fixed shape (circuits/batch-auction.circom), shared by the input builder,
// the contract side and the build script.

/** Batch sizes with a compiled circuit: a batch of up to N orders uses the circuit for the smallest N that fits. */
export const CIRCUIT_SIZES = [32, 64] as const;
export type CircuitSize = (typeof CIRCUIT_SIZES)[number];

/** Prices (ticks) and sizes (lots) are below 2^32 in the circuit. */
export const MAX_TICKS = 2 ** 32 - 1;
export const MAX_LOTS = 2 ** 32 - 1;

/** Fills are packed seven 32-bit values per public input, slot 0 in the low bits. */
export const FILLS_PER_INPUT = 7;
export const FILL_BITS = 32n;

/** Field elements absorbed per Poseidon call after the chaining value. */
export const COMMITMENT_CHUNK = 15;

export function packedFillInputs(n: number): number {
  return Math.ceil(n / FILLS_PER_INPUT);
}

/** The smallest compiled circuit that holds `orders` slots. */
export function circuitSizeFor(orders: number): CircuitSize | undefined {
  return CIRCUIT_SIZES.find((n) => n >= orders);
}
