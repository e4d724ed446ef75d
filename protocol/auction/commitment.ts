// The relayer's commitment to a batch's ordered list of orders, as the circuit opens it:
//   h0 = batchId; h(c+1) = Poseidon(h(c), e[15c], ..., e[15c+14]); commitment = the last h,
// over e = [packSlot(slot 0), orderHash 0, packSlot(slot 1), orderHash 1, ...] padded with zero slots to N
// and with zeros to a multiple of 15. Anyone holding the published list recomputes it (docs/fairness.md).
import { buildPoseidon, type Poseidon } from "circomlibjs";
import { COMMITMENT_CHUNK } from "./circuit-sizes.js";
import { SNARK_SCALAR_FIELD } from "./field.js";
import { packSlot, type AuctionSlot } from "./slot.js";

let poseidon: Promise<Poseidon> | undefined;

/** The commitment of `slots` (padded to `n`) for batch `batchId`. */
export async function batchCommitment(batchId: bigint, slots: readonly AuctionSlot[], n: number): Promise<bigint> {
  poseidon ??= buildPoseidon();
  const hash = await poseidon;
  const elements: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    elements.push(slot ? packSlot(slot) : 0n, slot ? slot.orderHash : 0n);
  }
  let chained = batchId % SNARK_SCALAR_FIELD;
  for (let c = 0; c < elements.length; c += COMMITMENT_CHUNK) {
    const chunk = elements.slice(c, c + COMMITMENT_CHUNK);
    while (chunk.length < COMMITMENT_CHUNK) chunk.push(0n);
    chained = hash.F.toObject(hash([chained, ...chunk]));
  }
  return chained;
}
