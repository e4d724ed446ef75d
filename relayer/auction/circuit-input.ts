// Builds the batch auction circuit's witness input from a batch: the engine's clearing (clearAuction) gives the
// price and the fills; the rest are the hints the circuit checks (circuits/batch-auction.circom).
import { Side } from "../../engine/types.js";
import { clearAuction } from "../../engine/matching/auction.js";
import { FILL_BITS, FILLS_PER_INPUT, MAX_TICKS, packedFillInputs } from "../../protocol/auction/circuit-sizes.js";
import { batchCommitment } from "../../protocol/auction/commitment.js";
import { checkSlot, SlotOutOfRangeError, type AuctionSlot } from "../../protocol/auction/slot.js";

export interface AuctionBatch {
  readonly batchId: bigint;
  /** The batch's ordered list: earlier = higher priority at equal limits. */
  readonly slots: readonly AuctionSlot[];
  /** The market's last clearing price in ticks (0 before the first). */
  readonly reference: number;
}

/** What the proof states publicly, and what the contract recomputes from the settlement. */
export interface AuctionStatement {
  readonly commitment: bigint;
  /** Clearing price in ticks; 0 when nothing clears. */
  readonly price: number;
  readonly reference: number;
  /** Lots filled per slot (padded slots included, as 0). */
  readonly fills: readonly number[];
}

export type CircuitInput = Record<string, string | string[] | string[][]>;

const TWO_32 = 2n ** 32n;

/** meta = price + 2^32 · reference. */
export function packMeta(price: number, reference: number): bigint {
  return BigInt(price) + TWO_32 * BigInt(reference);
}

/** Seven 32-bit fills per field element, slot 0 in the low bits. */
export function packFills(fills: readonly number[], n: number): bigint[] {
  const packed: bigint[] = [];
  for (let c = 0; c < packedFillInputs(n); c++) {
    let word = 0n;
    for (let j = 0; j < FILLS_PER_INPUT; j++)
      word |= BigInt(fills[c * FILLS_PER_INPUT + j] ?? 0) << (FILL_BITS * BigInt(j));
    packed.push(word);
  }
  return packed;
}

/** The public signals, in the circuit's order: commitment, meta, packed fills. */
export function publicSignals(statement: AuctionStatement, n: number): bigint[] {
  return [statement.commitment, packMeta(statement.price, statement.reference), ...packFills(statement.fills, n)];
}

/** The engine's fills per slot: each order's allocation (self-trade pairs included, as the engine decrements them). */
export function engineFills(batch: AuctionBatch, n: number): { price: number; fills: number[] } {
  const result = clearAuction(batch.slots, batch.reference);
  const fills = new Array<number>(n).fill(0);
  for (const m of result.matches) {
    fills[m.buy] += m.qty;
    fills[m.sell] += m.qty;
  }
  return { price: result.price, fills };
}

/**
 * The circuit input for `batch` in the circuit with `n` slots, and the statement it proves. `override` replaces the
 * public statement (tests use it to check that a wrong statement cannot be proved).
 */
export async function buildCircuitInput(
  batch: AuctionBatch,
  n: number,
  override: Partial<AuctionStatement> = {},
): Promise<{ input: CircuitInput; statement: AuctionStatement }> {
  const { slots, reference } = batch;
  if (slots.length > n)
    throw new SlotOutOfRangeError(slots.length, `a batch of ${slots.length} orders needs more than ${n} slots`);
  slots.forEach(checkSlot);
  if (!Number.isSafeInteger(reference) || reference < 0 || reference > MAX_TICKS)
    throw new SlotOutOfRangeError(-1, `reference price ${reference} is out of range`);
  const k = n + 1;

  // The listed prices: every limit, the reference, 0 for padding slots, then spare values up to K entries.
  const listed = new Set<number>(slots.map((s) => s.price));
  if (reference > 0) listed.add(reference);
  if (slots.length < n) listed.add(0);
  for (let spare = Math.max(...listed, 0) + 1; listed.size < k; spare++) {
    if (spare > MAX_TICKS) spare = 1;
    listed.add(spare);
  }
  const sorted = [...listed].sort((a, b) => a - b);
  const indexOf = new Map(sorted.map((p, i) => [p, i]));
  const thermometer = (index: number): string[] => sorted.map((_, j) => (j <= index ? "1" : "0"));

  const isBuy = (i: number) => slots[i]?.side === Side.Buy;
  const limits = Array.from({ length: n }, (_, i) => slots[i]?.price ?? 0);
  const sizes = Array.from({ length: n }, (_, i) => slots[i]?.size ?? 0);

  const demand = sorted.map((p) =>
    slots.reduce((sum, s) => sum + (s.side === Side.Buy && s.price >= p ? s.size : 0), 0),
  );
  const supply = sorted.map((p) =>
    slots.reduce((sum, s) => sum + (s.side === Side.Sell && s.price <= p ? s.size : 0), 0),
  );
  const crossing = sorted.map((_, j) => (demand[j] >= supply[j] ? "1" : "0"));
  // At sorted[j]: buys above it and sells below it (every limit is listed, so these are the neighbours' totals).
  const demandAbove = sorted.map((_, j) => demand[j + 1] ?? 0);
  const supplyBelow = sorted.map((_, j) => supply[j - 1] ?? 0);
  const full = sorted.map((_, j) => demandAbove[j] <= supply[j] && supplyBelow[j] <= demand[j]);

  const { price, fills } = engineFills(batch, n);

  // The chosen index: the engine's price; when nothing clears, the best candidate by the same key (volume 0).
  let chosen = price > 0 ? indexOf.get(price)! : 0;
  if (price === 0) {
    const active = new Set<number>(slots.map((s) => s.price));
    if (reference > 0) active.add(reference);
    const key = (j: number): [number, number, number, number, number] => {
      const p = sorted[j];
      return [
        Math.min(demand[j], supply[j]),
        -Math.abs(demand[j] - supply[j]),
        full[j] ? 1 : 0,
        -Math.abs(p - reference),
        -p,
      ];
    };
    let best = -1;
    for (let j = 0; j < k; j++) {
      if (!active.has(sorted[j])) continue;
      if (best < 0) best = j;
      else {
        const a = key(j);
        const b = key(best);
        const i = a.findIndex((x, t) => x !== b[t]);
        if (i >= 0 && a[i] > b[i]) best = j;
      }
    }
    chosen = Math.max(best, 0);
  }

  // The marginal limits: the worst limit that still gets a fill, per side.
  let marginalBuy = 0;
  let marginalSell = 0;
  for (let i = 0; i < slots.length; i++) {
    if (fills[i] === 0) continue;
    if (isBuy(i)) marginalBuy = marginalBuy === 0 ? limits[i] : Math.min(marginalBuy, limits[i]);
    else marginalSell = Math.max(marginalSell, limits[i]);
  }

  const statement: AuctionStatement = {
    commitment: await batchCommitment(batch.batchId, slots, n),
    price,
    reference,
    fills,
    ...override,
  };
  const [commitment, meta, ...packedFills] = publicSignals(statement, n);
  const input: CircuitInput = {
    commitment: commitment.toString(),
    meta: meta.toString(),
    packedFills: packedFills.map(String),
    batchId: batch.batchId.toString(),
    isBuy: limits.map((_, i) => (isBuy(i) ? "1" : "0")),
    limit: limits.map(String),
    size: sizes.map(String),
    orderHash: Array.from({ length: n }, (_, i) => (slots[i]?.orderHash ?? 0n).toString()),
    reference: String(reference),
    sorted: sorted.map(String),
    rank: limits.map((p) => thermometer(indexOf.get(p)!)),
    refRank: thermometer(reference > 0 ? indexOf.get(reference)! : 0),
    crossing,
    shortAbove: sorted.map((_, j) => (demandAbove[j] > supply[j] ? "1" : "0")),
    coverBelow: sorted.map((_, j) => (demand[j] >= supplyBelow[j] ? "1" : "0")),
    chosen: sorted.map((_, j) => (j === chosen ? "1" : "0")),
    marginalBuy: String(marginalBuy),
    marginalSell: String(marginalSell),
  };
  return { input, statement };
}
