// The prover process (ProverProcess): answers each batch with its proof (or the failure), one at a time.
import type { AuctionBatch } from "./circuit-input.js";
import { proveAuction, type AuctionProof } from "./prover.js";

export type ToProver = { id: number; batch: AuctionBatch; n?: number };
export type FromProver = { id: number; proof: AuctionProof } | { id: number; error: string };

if (!process.send) throw new Error("prove-worker.ts runs as the child process of ProverProcess");
const send = process.send.bind(process);

let queue = Promise.resolve();
process.on("message", ({ id, batch, n }: ToProver) => {
  queue = queue.then(async () => {
    try {
      send({ id, proof: await proveAuction(batch, { n }) } satisfies FromProver);
    } catch (error) {
      send({ id, error: error instanceof Error ? error.message : String(error) } satisfies FromProver);
    }
  });
});
process.on("disconnect", () => process.exit(0));
