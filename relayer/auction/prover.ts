// Proves that a batch cleared by the auction rule: a Groth16 proof (snarkjs) over the committed circuit artifacts.
// CPU-heavy (seconds): call it off the hot path, through ProverProcess (prover-process.ts).
import * as snarkjs from "snarkjs";
import { circuitArtifacts } from "./artifacts.js";
import { circuitSizeFor } from "../../protocol/auction/circuit-sizes.js";
import { buildCircuitInput, publicSignals, type AuctionBatch, type AuctionStatement } from "./circuit-input.js";
import { SlotOutOfRangeError } from "../../protocol/auction/slot.js";
import { RelayerError } from "../errors/relayer-error.js";

/** A proof as the contract takes it (AuctionSettlement.Proof), with the statement it proves. */
export interface AuctionProof {
  n: number;
  statement: AuctionStatement;
  publicSignals: bigint[];
  proof: { a: [bigint, bigint]; b: [[bigint, bigint], [bigint, bigint]]; c: [bigint, bigint] };
}

export class ProofFailedError extends RelayerError<"AUCTION_PROOF_FAILED"> {
  override readonly name = "ProofFailedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("AUCTION_PROOF_FAILED", message, options);
  }
}

/** Proves `batch` in the smallest circuit that holds it (or in `n` slots). `override` is for tests only. */
export async function proveAuction(
  batch: AuctionBatch,
  options: { n?: number; override?: Partial<AuctionStatement> } = {},
): Promise<AuctionProof> {
  const n = options.n ?? circuitSizeFor(batch.slots.length);
  if (n === undefined) throw new SlotOutOfRangeError(batch.slots.length, "no circuit holds a batch this large");
  const { input, statement } = await buildCircuitInput(batch, n, options.override);
  const artifacts = circuitArtifacts(n);
  let result: Awaited<ReturnType<typeof snarkjs.groth16.fullProve>>;
  try {
    result = await snarkjs.groth16.fullProve(input, artifacts.wasm, artifacts.zkey);
  } catch (cause) {
    throw new ProofFailedError(`batch ${batch.batchId}: the statement does not hold (the witness fails the circuit)`, {
      cause,
    });
  }
  const { proof } = result;
  const signals = result.publicSignals.map(BigInt);
  const expected = publicSignals(statement, n);
  if (signals.length !== expected.length || signals.some((s, i) => s !== expected[i]))
    throw new ProofFailedError(`batch ${batch.batchId}: the proof's public signals differ from the statement`);
  // EIP-197 takes G2 coordinates as (imaginary, real): snarkjs lists them (real, imaginary).
  return {
    n,
    statement,
    publicSignals: signals,
    proof: {
      a: [BigInt(proof.pi_a[0]), BigInt(proof.pi_a[1])],
      b: [
        [BigInt(proof.pi_b[0][1]), BigInt(proof.pi_b[0][0])],
        [BigInt(proof.pi_b[1][1]), BigInt(proof.pi_b[1][0])],
      ],
      c: [BigInt(proof.pi_c[0]), BigInt(proof.pi_c[1])],
    },
  };
}
