// A batch's committed order slot: what the circuit sees of an order, and how it is packed into the commitment.
import { Side } from "../../engine/types.js";
import type { AuctionOrder } from "../../engine/matching/auction.js";
import { MAX_LOTS, MAX_TICKS } from "./circuit-sizes.js";

/** One order of a batch, in the order of the batch's list (its position is its slot). */
export interface AuctionSlot extends AuctionOrder {
  /** The EIP-712 order hash reduced modulo the field (field.ts orderHashToField). */
  readonly orderHash: bigint;
}

/** The protocol imports nothing from the relayer, so this is a plain Error with the relayer's code shape. */
export class SlotOutOfRangeError extends Error {
  readonly code = "AUCTION_SLOT_OUT_OF_RANGE";
  override readonly name = "SlotOutOfRangeError";
  constructor(
    readonly slot: number,
    readonly reason: string,
  ) {
    super(`auction slot ${slot}: ${reason}`);
  }
}

const TWO_33 = 2n ** 33n;

/** isBuy + 2·price + 2^33·size: the slot's terms as one field element (injective for the circuit's ranges). */
export function packSlot(slot: AuctionSlot): bigint {
  return BigInt(slot.side === Side.Buy ? 1 : 0) + 2n * BigInt(slot.price) + TWO_33 * BigInt(slot.size);
}

/** Checks the circuit's ranges: prices in 1..2^32-1 ticks, sizes in 1..2^32-1 lots. */
export function checkSlot(slot: AuctionSlot, index: number): void {
  if (!Number.isSafeInteger(slot.price) || slot.price < 1 || slot.price > MAX_TICKS)
    throw new SlotOutOfRangeError(index, `price ${slot.price} is not in 1..${MAX_TICKS} ticks`);
  if (!Number.isSafeInteger(slot.size) || slot.size < 1 || slot.size > MAX_LOTS)
    throw new SlotOutOfRangeError(index, `size ${slot.size} is not in 1..${MAX_LOTS} lots`);
}
